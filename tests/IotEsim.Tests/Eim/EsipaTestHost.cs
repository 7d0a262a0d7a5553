using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Tests.Servers;

namespace IotEsim.Tests.Eim
{
    /// <summary>
    /// ESipa test set-up on top of <see cref="TestEimHost"/>: the eIM identity from one shared test PKI, plain-HTTP ES9+,
    /// and a POST helper that sends ESipa bodies the way onomondo-ipa does.
    /// </summary>
    public static class EsipaTestHost
    {
        public const string CapturedEid = "89049032123451234512345678901235";
        private static TestPki _pki;
        private static readonly object PkiLock = new object();

        /// <summary>One test PKI per test run (its eIM entry signs the packages).</summary>
        public static TestPki Pki
        {
            get
            {
                lock (PkiLock)
                {
                    if (_pki == null)
                        _pki = TestPki.Create(Path.Combine(Path.GetTempPath(), "iotesim-eim-pki-" + Guid.NewGuid().ToString("N")[..8]),
                            CapturedEid, new[] { "testsmdpplus1.example.com" }, DateTime.UtcNow.AddDays(-1));
                    return _pki;
                }
            }
        }

        /// <summary>An eIM with fleet API, dashboard and ESipa (eimId "eIM", test PKI identity); <paramref name="esipa"/> may override.</summary>
        public static Task<TestEimHost> StartAsync(Action<EsipaOptions> esipa = null, TestDatabase db = null)
            => TestEimHost.StartAsync(f => f.RunWebhookDispatcher = false, db, o =>
            {
                o.UseTestPki(Pki);
                o.EimId = "eIM";
                o.Es9Scheme = "http";
                esipa?.Invoke(o);
            });

        /// <summary>POSTs one ESipa body the way onomondo-ipa does.</summary>
        public static async Task<(int Status, byte[] Body, HttpResponseMessage Response)> PostAsync(HttpClient c, byte[] body,
            string contentType = "application/x-gsma-rsp-asn1", string adminProtocol = "gsma/rsp/v2.1.0")
        {
            var content = new ByteArrayContent(body);
            if (contentType != null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            using var msg = new HttpRequestMessage(HttpMethod.Post, "/gsma/rsp2/asn1") { Content = content };
            if (adminProtocol != null) msg.Headers.TryAddWithoutValidation("X-Admin-Protocol", adminProtocol);
            msg.Headers.TryAddWithoutValidation("User-Agent", "gsma-rsp-ipad");
            var r = await c.SendAsync(msg);
            return ((int)r.StatusCode, await r.Content.ReadAsByteArrayAsync(), r);
        }
    }
}
