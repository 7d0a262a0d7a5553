using System.Net;
using IotEsim.Rsp.Desktop.Pki;
using Microsoft.AspNetCore.Hosting;

namespace IotEsim.Servers.SmDp;

/// <summary>Kestrel set-up for an SM-DP+/SM-DS host: TLS with CERT.DPtls from a TestPki directory, or plain HTTP for the lab.</summary>
public static class SmDpHosting
{
    /// <summary>
    /// Listens on <paramref name="address"/>:<paramref name="port"/>. With <paramref name="plainHttp"/> false the DPtls
    /// certificate and key of the TestPki in <paramref name="pkiDirectory"/> serve TLS (LPAs require HTTPS towards an
    /// SM-DP+, SGP.22 §2.6.6); plain HTTP is for lab clients that allow it (as in the captured lpac session).
    /// </summary>
    public static IWebHostBuilder UseSmDpKestrel(this IWebHostBuilder web, string pkiDirectory, IPAddress address, int port, bool plainHttp)
    {
        var tls = plainHttp ? null : TestPki.Load(pkiDirectory).CreateTlsServerCertificate();
        return web.UseKestrel(k => k.Listen(address, port, l => { if (tls is not null) l.UseHttps(tls); }));
    }
}
