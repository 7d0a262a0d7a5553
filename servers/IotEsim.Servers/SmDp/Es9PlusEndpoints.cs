using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Servers.SmDs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.SmDp;

public static class SmDpServiceCollectionExtensions
{
    /// <summary>Registers the SM-DP+ (ES9+ and ES2+). Needs <c>AddIotEsimStorage</c>.</summary>
    // Key objects kept between calls (caching provider): the same DPauth/DPpb/CI/EUM keys sign and verify every download.
    public static IServiceCollection AddSmDpPlus(this IServiceCollection services, Action<SmDpOptions> configure)
        => services.AddRspRole(configure, CachingBclCryptoProvider.Instance, s => s.AddHttpClient()
            .AddSingleton<DownloadProgressNotifier>().AddSingleton<Es9PlusService>().AddSingleton<Es2PlusService>()
            .AddHostedService<ProfileInventoryStartup>());
}

/// <summary>ES9+ JSON binding (SGP.22 §6.5.2): POST /gsma/rsp2/es9plus/&lt;function&gt;.</summary>
public static class Es9PlusEndpoints
{
    public static IEndpointRouteBuilder MapSmDpPlus(this IEndpointRouteBuilder app)
    {
        var log = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("IotEsim.SmDp.Es9Plus");
        Es9PlusService Svc(HttpContext c) => c.RequestServices.GetRequiredService<Es9PlusService>();
        string P(string f) => Es9PlusHttp.Path(f);

        // initiateAuthentication / authenticateClient are shared with an SM-DS in the same host.
        SharedEs9Routes.Map(app);
        app.MapPost(P(Es9PlusHttp.GetBoundProfilePackage), (HttpContext c) => RspHttp.RunAsync(c, log, Es9PlusHttp.GetBoundProfilePackage,
            async b => await RspHttp.WriteAsync(c, await Svc(c).GetBoundProfilePackageAsync(GetBoundProfilePackageRequest.Parse(b)))));
        app.MapPost(P(Es9PlusHttp.HandleNotification), (HttpContext c) => RspHttp.RunAsync(c, log, Es9PlusHttp.HandleNotification,
            async b => { await Svc(c).HandleNotificationAsync(HandleNotificationRequest.Parse(b)); RspHttp.NoContent(c); }));
        app.MapPost(P(Es9PlusHttp.CancelSession), (HttpContext c) => RspHttp.RunAsync(c, log, Es9PlusHttp.CancelSession,
            async b => await RspHttp.WriteAsync(c, await Svc(c).CancelSessionAsync(CancelSessionRequest.Parse(b)))));
        app.MapEs2Plus();
        return app;
    }
}
