using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Servers.Eim.Fleet;
using IotEsim.Servers.Storage;
using IotEsim.Tests.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IotEsim.Tests.Eim
{
    /// <summary>An eIM (storage + fleet + ESipa) on real Kestrel (127.0.0.1, port 0) over a <see cref="TestDatabase"/>.</summary>
    public sealed class EsipaTestHost : IAsyncDisposable
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

        public TestDatabase Db { get; private set; }
        public WebApplication App { get; private set; }
        public Uri BaseAddress { get; private set; }
        private bool _ownsDb;

        public T Get<T>() => App.Services.GetRequiredService<T>();

        public static async Task<EsipaTestHost> StartAsync(Action<EsipaOptions> esipa = null, TestDatabase db = null)
        {
            var h = new EsipaTestHost { Db = db ?? await TestDatabase.CreateAsync("sqlite"), _ownsDb = db == null };
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = Array.Empty<string>(), ContentRootPath = h.Db.DataDir });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddIotEsimStorage(o => h.Db.Configure(o, migrateOnStart: true));
            builder.Services.AddFleetApi(o => { o.RunWebhookDispatcher = false; });
            builder.Services.AddEsipa(o =>
            {
                o.UseTestPki(Pki);
                o.EimId = "eIM";
                o.Es9Scheme = "http";
                esipa?.Invoke(o);
            });
            h.App = builder.Build();
            h.App.MapFleetApi();
            h.App.MapEsipa();
            await h.App.StartAsync();
            h.BaseAddress = new Uri(h.App.Urls.First());
            return h;
        }

        public HttpClient Client() => new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

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

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
            if (_ownsDb) await Db.DisposeAsync();
        }
    }
}
