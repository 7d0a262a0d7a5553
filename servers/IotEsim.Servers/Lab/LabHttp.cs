using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace IotEsim.Servers.Lab;

/// <summary>
/// Outbound HTTP of the lab servers (ES12 SM-DP+ → SM-DS, ES9+ eIM → SM-DP+) and of lab clients (operator ES2+):
/// the lab host names connect to 127.0.0.1 and TLS trusts exactly the lab CI (custom root), with the name checked.
/// </summary>
public static class LabHttp
{
    public static SocketsHttpHandler Handler(X509Certificate2 ci, IReadOnlyCollection<string> labHosts)
    {
        var hosts = new HashSet<string>(labHosts, StringComparer.OrdinalIgnoreCase);
        return new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = async (ctx, ct) =>
            {
                EndPoint ep = hosts.Contains(ctx.DnsEndPoint.Host) ? new IPEndPoint(IPAddress.Loopback, ctx.DnsEndPoint.Port) : ctx.DnsEndPoint;
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try { await s.ConnectAsync(ep, ct); return new NetworkStream(s, ownsSocket: true); }
                catch { s.Dispose(); throw; }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, chain, errors) =>
                {
                    if (cert is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
                    using var c = new X509Chain();
                    c.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    c.ChainPolicy.CustomTrustStore.Add(ci);
                    c.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return c.Build(cert as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(cert.GetRawCertData()));
                },
            },
        };
    }
}
