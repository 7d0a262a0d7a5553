using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Servers.SmDs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.SmDp;

public static class SmDpServiceCollectionExtensions
{
    /// <summary>Registers the SM-DP+ (ES9+ and ES2+). Needs <c>AddIotEsimStorage</c>.</summary>
    public static IServiceCollection AddSmDpPlus(this IServiceCollection services, Action<SmDpOptions> configure)
    {
        var o = new SmDpOptions();
        configure(o);
        services.AddSingleton(o);
        // Key objects kept between calls: the same DPauth/DPpb/CI/EUM keys sign and verify every download.
        services.TryAddSingleton<ICryptoProvider>(CachingBclCryptoProvider.Instance);
        services.TryAddSingleton<SmDpStore>();
        services.AddHttpClient();
        services.AddSingleton<DownloadProgressNotifier>();
        services.AddSingleton<Es9PlusService>();
        services.AddSingleton<Es2PlusService>();
        services.AddHostedService<ProfileInventoryStartup>();
        return services;
    }
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
