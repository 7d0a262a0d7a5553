using System.Text;
using System.Text.Json.Nodes;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Es11;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Servers.SmDp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.SmDs;

public static class SmDsServiceCollectionExtensions
{
    /// <summary>Registers the SM-DS (ES11 + ES12). Needs <c>AddIotEsimStorage</c>.</summary>
    public static IServiceCollection AddSmDs(this IServiceCollection services, Action<SmDsOptions> configure)
        => services.AddRspRole(configure, BclCryptoProvider.Instance, s => s.AddSingleton<SmDsService>());
}

/// <summary>
/// SM-DS HTTP: ES11 on /gsma/rsp2/es11/ and on /gsma/rsp2/es9plus/ (the path lpac and euicc-go use, digest 9.1),
/// ES12 on /gsma/rsp2/es12/{registerEvent, deleteEvent}.
/// </summary>
public static class SmDsEndpoints
{
    public static IEndpointRouteBuilder MapSmDs(this IEndpointRouteBuilder app)
    {
        var log = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("IotEsim.SmDs");
        SmDsService Svc(HttpContext c) => c.RequestServices.GetRequiredService<SmDsService>();
        app.MapPost(Es11Http.Path(Es11Http.InitiateAuthentication), (HttpContext c) => RspHttp.RunAsync(c, log, "es11.initiateAuthentication",
            async b => await RspHttp.WriteAsync(c, await Svc(c).InitiateAuthenticationAsync(Es11InitiateAuthenticationRequest.Parse(b)))));
        app.MapPost(Es11Http.Path(Es11Http.AuthenticateClient), (HttpContext c) => RspHttp.RunAsync(c, log, "es11.authenticateClient",
            async b => await RspHttp.WriteAsync(c, await Svc(c).AuthenticateClientAsync(AuthenticateClientRequest.Parse(b)))));
        SharedEs9Routes.Map(app);

        app.MapPost("/gsma/rsp2/es12/registerEvent", (HttpContext c) => Es12(c, log, "registerEvent", o => Svc(c).RegisterEventAsync(o)));
        app.MapPost("/gsma/rsp2/es12/deleteEvent", (HttpContext c) => Es12(c, log, "deleteEvent", o => Svc(c).DeleteEventAsync(o)));
        return app;
    }

    private static Task Es12(HttpContext c, ILogger log, string function, Func<JsonObject, Task> work) => RspHttp.RunAsync(c, log, "es12." + function, async b =>
    {
        JsonObject o;
        try { o = JsonNode.Parse(b) as JsonObject ?? throw new RspFunctionException(Es9StatusCodes.FunctionInvalid, "not an object"); }
        catch (System.Text.Json.JsonException) { throw new RspFunctionException(Es9StatusCodes.FunctionInvalid, "malformed JSON"); }
        await work(o);
        await RspHttp.WriteAsync(c, new Es9ErrorResponse(ResponseHeader.Success()));
    });
}

/// <summary>
/// /gsma/rsp2/es9plus/{initiateAuthentication, authenticateClient} serve both the SM-DP+ and the SM-DS when one host
/// runs both: InitiateAuthentication goes by the address in the body, AuthenticateClient by the role of the stored
/// session. Mapped once, by whichever of MapSmDpPlus / MapSmDs runs first.
/// </summary>
public static class SharedEs9Routes
{
    private sealed class Marker { public bool Mapped; }

    public static void Map(IEndpointRouteBuilder app)
    {
        var marker = MarkerFor(app);
        lock (marker)
        {
            if (marker.Mapped) return;
            marker.Mapped = true;
        }
        var log = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("IotEsim.Es9Plus");
        app.MapPost(Es9PlusHttp.Path(Es9PlusHttp.InitiateAuthentication), (HttpContext c) => RspHttp.RunAsync(c, log, Es9PlusHttp.InitiateAuthentication, async b =>
        {
            var ds = c.RequestServices.GetService<SmDsService>();
            var dp = c.RequestServices.GetService<Es9PlusService>();
            var r = Es11InitiateAuthenticationRequest.Parse(b);
            if (ds is not null && (dp is null || ds.Options.Serves(r.SmdsAddress)))
                await RspHttp.WriteAsync(c, await ds.InitiateAuthenticationAsync(r));
            else
                await RspHttp.WriteAsync(c, await dp!.InitiateAuthenticationAsync(InitiateAuthenticationRequest.Parse(b)));
        }));
        app.MapPost(Es9PlusHttp.Path(Es9PlusHttp.AuthenticateClient), (HttpContext c) => RspHttp.RunAsync(c, log, Es9PlusHttp.AuthenticateClient, async b =>
        {
            var ds = c.RequestServices.GetService<SmDsService>();
            var dp = c.RequestServices.GetService<Es9PlusService>();
            var r = AuthenticateClientRequest.Parse(b);
            bool toDs = ds is not null && (dp is null
                || (await c.RequestServices.GetRequiredService<SmDpStore>().GetSessionAsync(r.TransactionId.ToUpperInvariant()))?.Role == SessionRoles.SmDs);
            if (toDs) await RspHttp.WriteAsync(c, await ds!.AuthenticateClientAsync(r));
            else await RspHttp.WriteAsync(c, await dp!.AuthenticateClientAsync(r));
        }));
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IEndpointRouteBuilder, Marker> Markers = new();
    private static Marker MarkerFor(IEndpointRouteBuilder app) => Markers.GetOrCreateValue(app);
}
