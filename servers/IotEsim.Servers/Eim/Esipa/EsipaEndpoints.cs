using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages.Sgp32;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.Eim.Esipa;

/// <summary>The eIM's ESipa ASN.1 binding: POST /gsma/rsp2/asn1 (SGP.32 §6.1.1; docs digest 2, 9.7).</summary>
public static class EsipaEndpoints
{
    /// <summary>Largest request body accepted: AuthenticateClientEsipa with two certificates is about 1.5 KB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IServiceCollection AddEsipa(this IServiceCollection services, Action<EsipaOptions> configure)
    {
        var o = new EsipaOptions();
        configure(o);
        services.AddSingleton(o);
        services.TryAddSingleton<ICryptoProvider, BclCryptoProvider>();
        services.AddSingleton<EsipaStore>();
        services.AddSingleton<EuiccCertificates>();
        services.AddSingleton<EimPackageService>();
        services.AddHttpClient<IndirectDownloadRelay>(c => c.Timeout = TimeSpan.FromSeconds(60));
        return services;
    }

    public static IEndpointRouteBuilder MapEsipa(this IEndpointRouteBuilder app)
    {
        app.MapPost(EsipaHttp.Asn1Path, HandleAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task HandleAsync(HttpContext ctx, EimPackageService packages, IndirectDownloadRelay relay, ILoggerFactory lf)
    {
        var log = lf.CreateLogger("IotEsim.Eim.Esipa");
        var ct = ctx.RequestAborted;
        var reply = await ProcessAsync(ctx, packages, relay, log, ct);
        var res = ctx.Response;
        res.StatusCode = reply.Status;
        res.Headers[EsipaHttp.AdminProtocolHeader] = EsipaHttp.AdminProtocol;
        if (reply.Body is { } body)
        {
            res.ContentType = EsipaHttp.Asn1ContentType;
            res.ContentLength = body.Length;
            await res.Body.WriteAsync(body, ct);
        }
        else res.ContentLength = 0;
    }

    private static async Task<EsipaReply> ProcessAsync(HttpContext ctx, EimPackageService packages, IndirectDownloadRelay relay, ILogger log, CancellationToken ct)
    {
        var req = ctx.Request;
        // Any gsma/rsp/v* is accepted (docs digest 9.7 decision); the content type must be the ASN.1 one.
        var admin = req.Headers[EsipaHttp.AdminProtocolHeader].ToString();
        if (!admin.StartsWith("gsma/rsp/v", StringComparison.Ordinal)) return EsipaReply.Http(400);
        var mediaType = (req.ContentType ?? "").Split(';')[0].Trim();
        if (!string.Equals(mediaType, EsipaHttp.Asn1ContentType, StringComparison.OrdinalIgnoreCase)) return EsipaReply.Http(415);
        if (req.ContentLength is > MaxBodyBytes) return EsipaReply.Http(413);

        byte[] body;
        using (var ms = new MemoryStream())
        {
            var buf = new byte[8192];
            int n;
            while ((n = await req.Body.ReadAsync(buf, ct)) > 0)
            {
                if (ms.Length + n > MaxBodyBytes) return EsipaReply.Http(413);
                ms.Write(buf, 0, n);
            }
            body = ms.ToArray();
        }

        EsipaMessage msg;
        bool versionProven;
        try
        {
            // Decoding under both assumptions tells whether the bytes themselves prove a version.
            msg = EsipaCodec.DecodeFromIpa(body, Sgp32Version.V1_2);
            var asV10 = EsipaCodec.DecodeFromIpa(body, Sgp32Version.V1_0);
            versionProven = asV10.Version == msg.Version;
        }
        catch (Exception e) when (e is DerException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            log.LogInformation("ESipa: malformed body ({Length} bytes): {Error}", body.Length, e.Message);
            return EsipaReply.Http(400);
        }

        try
        {
            switch (msg)
            {
                case GetEimPackageRequest g: return await packages.GetEimPackageAsync(g, versionProven, ct);
                case ProvideEimPackageResult p: return await packages.ProvideEimPackageResultAsync(p, versionProven, ct);
                case HandleNotificationEsipa h:
                    if (h.PendingNotification != null) await relay.ForwardNotificationAsync(h.PendingNotification, ct);
                    else await packages.ProvideEimPackageResultAsync(h.ProvideEimPackageResult, versionProven, ct);
                    return EsipaReply.Empty;
                case InitiateAuthenticationRequestEsipa i: return await relay.InitiateAuthenticationAsync(i, ct);
                case AuthenticateClientRequestEsipa a: return await relay.AuthenticateClientAsync(a, ct);
                case GetBoundProfilePackageRequestEsipa b: return await relay.GetBoundProfilePackageAsync(b, ct);
                case CancelSessionRequestEsipa c: return await relay.CancelSessionAsync(c, ct);
                default:
                    // TransferEimPackageResponse answers an eIM push this eIM never makes.
                    return EsipaReply.Http(400);
            }
        }
        catch (Exception e) when (e is DerException or FormatException or System.Text.Json.JsonException)
        {
            log.LogInformation("ESipa {Kind}: rejected: {Error}", EsipaKind.Name(msg.Kind), e.Message);
            return EsipaReply.Http(400);
        }
    }
}
