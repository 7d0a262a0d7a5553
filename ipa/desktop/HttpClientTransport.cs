using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Ipa.Http;

namespace IotEsim.Ipa.Desktop
{
    /// <summary>
    /// <see cref="IHttpTransport"/> over HttpClient. Responses are returned as soon as the headers
    /// arrive (ResponseHeadersRead), so a Bound Profile Package is read from the socket while it is
    /// passed to the eUICC. TLS servers are verified against the configured CA certificates only
    /// (the GSMA test CI and lab CAs are not in the OS store); curl-style --resolve entries map
    /// host:port to a fixed address without touching DNS.
    /// </summary>
    public sealed class HttpClientTransport : IHttpTransport, IDisposable
    {
        private readonly HttpClient _client;
        private readonly X509Certificate2Collection _trusted = new X509Certificate2Collection();
        private readonly Dictionary<string, string> _resolve = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <param name="caPemFiles">PEM files with the CA certificates to trust; empty = the system store.</param>
        /// <param name="resolve">curl-style "host:port:address" overrides.</param>
        public HttpClientTransport(IEnumerable<string> caPemFiles, IEnumerable<string> resolve, TimeSpan timeout)
        {
            if (caPemFiles != null)
                foreach (var f in caPemFiles) _trusted.ImportFromPemFile(f);
            if (resolve != null)
                foreach (var r in resolve) AddResolve(r);
            var handler = new SocketsHttpHandler
            {
                ConnectTimeout = timeout,
                ConnectCallback = ConnectAsync,
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
            };
            _client = new HttpClient(handler) { Timeout = timeout };
        }

        public HttpClientTransport() : this(null, null, TimeSpan.FromSeconds(60)) { }

        /// <summary>"host:port:address" (address may be a bracketed IPv6 literal).</summary>
        public void AddResolve(string entry)
        {
            int first = entry.IndexOf(':');
            int second = first < 0 ? -1 : entry.IndexOf(':', first + 1);
            if (first <= 0 || second <= first) throw new ArgumentException("--resolve expects host:port:address, got " + entry);
            string addr = entry.Substring(second + 1).Trim('[', ']');
            if (!IPAddress.TryParse(addr, out _)) throw new ArgumentException("--resolve address is not an IP address: " + addr);
            _resolve[entry.Substring(0, second)] = addr;
        }

        public int TrustedCertificateCount => _trusted.Count;

        private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext ctx, CancellationToken ct)
        {
            string key = ctx.DnsEndPoint.Host + ":" + ctx.DnsEndPoint.Port;
            EndPoint ep = _resolve.TryGetValue(key, out var addr)
                ? new IPEndPoint(IPAddress.Parse(addr), ctx.DnsEndPoint.Port)
                : ctx.DnsEndPoint;
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(ep, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>With configured CAs: the chain must end in one of them (custom trust store) and the
        /// name must match; without: the platform's verdict.</summary>
        private bool Validate(object sender, X509Certificate cert, X509Chain chain, SslPolicyErrors errors)
        {
            if (_trusted.Count == 0) return errors == SslPolicyErrors.None;
            if (cert == null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                return false;
            using var c = new X509Chain();
            c.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            c.ChainPolicy.CustomTrustStore.AddRange(_trusted);
            c.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain != null)
                foreach (var el in chain.ChainElements) c.ChainPolicy.ExtraStore.Add(el.Certificate);
            return c.Build(cert as X509Certificate2 ?? new X509Certificate2(cert));
        }

        public HttpResponse Post(string url, string[] headerNames, string[] headerValues, byte[] body)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, url);
            var content = new ByteArrayContent(body ?? Array.Empty<byte>());
            for (int i = 0; i < headerNames.Length; i++)
            {
                if (string.Equals(headerNames[i], "Content-Type", StringComparison.OrdinalIgnoreCase))
                    content.Headers.ContentType = MediaTypeHeaderValue.Parse(headerValues[i]);
                else
                    req.Headers.TryAddWithoutValidation(headerNames[i], headerValues[i]);
            }
            req.Content = content;
            HttpResponseMessage resp;
            try
            {
                resp = _client.Send(req, HttpCompletionOption.ResponseHeadersRead);
            }
            catch (TaskCanceledException e)
            {
                throw new HttpTransportException("timeout posting to " + url, e) ;
            }
            catch (HttpRequestException e)
            {
                throw new HttpTransportException("POST " + url + " failed: " + e.Message, e);
            }
            var names = new List<string>();
            var values = new List<string>();
            foreach (var h in resp.Headers) foreach (var v in h.Value) { names.Add(h.Key); values.Add(v); }
            foreach (var h in resp.Content.Headers) foreach (var v in h.Value) { names.Add(h.Key); values.Add(v); }
            Stream s = resp.Content.ReadAsStream();
            return new HttpResponse((int)resp.StatusCode, names.ToArray(), values.ToArray(), s, resp);
        }

        public void Dispose() => _client.Dispose();
    }
}
