using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Servers.SmDp;
using IotEsim.Servers.SmDs;
using IotEsim.Servers.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IotEsim.Tests.SmDp
{
    /// <summary>SM-DP+ and SM-DS in one real Kestrel host on 127.0.0.1 (port 0), SQLite in a temp directory, TestPki identities.</summary>
    public sealed class SmDpTestServer : IAsyncDisposable
    {
        public const string SmdpAddress = "testsmdpplus1.example.com";
        public const string SmdsAddress = "testsmds.example.com";
        public const string TestEid = "89049032123451234512345678901235";

        public WebApplication App;
        public HttpClient Http;
        public string BaseUrl;
        public string HostPort;
        public TestPki Pki;
        public string Dir;
        public string UppPath = TestData.Path("upp/TS48V1-A-UNIQUE.der");
        public SmDpStore Store => App.Services.GetRequiredService<SmDpStore>();
        public SmDpOptions SmDp => App.Services.GetRequiredService<SmDpOptions>();

        public static async Task<SmDpTestServer> StartAsync(Action<SmDpOptions> extra = null, bool tls = false)
        {
            var s = new SmDpTestServer { Dir = Path.Combine(Path.GetTempPath(), "iotesim-smdp-" + Guid.NewGuid().ToString("N")[..10]) };
            s.Pki = TestPki.Create(Path.Combine(s.Dir, "pki"), TestEid, new[] { SmdpAddress }, DateTime.UtcNow.AddDays(-1));
            var b = WebApplication.CreateSlimBuilder();
            b.Logging.ClearProviders();
            b.WebHost.UseSmDpKestrel(s.Pki.Directory, System.Net.IPAddress.Loopback, 0, plainHttp: !tls);
            b.Services.AddIotEsimStorage(o => { o.DataDirectory = Path.Combine(s.Dir, "data"); o.MigrateOnStart = true; });
            b.Services.AddSmDpPlus(o =>
            {
                o.ServerAddress = SmdpAddress;
                o.UseTestPki(s.Pki);
                o.Es12Scheme = "http";
                o.UppImports.Add(new UppImport { Path = s.UppPath, ProfileType = "ts48", ServiceProviderName = "IotEsim SP" });
                extra?.Invoke(o);
            });
            b.Services.AddSmDs(o => { o.ServerAddress = SmdsAddress; o.UseTestPki(s.Pki); });
            s.App = b.Build();
            s.App.MapSmDpPlus();
            s.App.MapSmDs();
            await s.App.StartAsync();
            var addr = s.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            s.BaseUrl = addr.Replace("0.0.0.0", "127.0.0.1");
            s.HostPort = new Uri(s.BaseUrl).Authority;
            var handler = new HttpClientHandler();
            // Trust exactly the TestPki DPtls certificate (the CI is not a system root).
            if (tls) handler.ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert != null && cert.RawData.AsSpan().SequenceEqual(s.Pki.DpTls.CertificateDer);
            s.Http = new HttpClient(handler) { BaseAddress = new Uri(s.BaseUrl) };
            return s;
        }

        public TestEuicc Euicc() => new TestEuicc(Pki.Euicc.PrivateKey, Pki.Euicc.CertificateDer, Pki.Eum.CertificateDer, Pki.CiPkId);

        public async Task<(int Status, HttpResponseMessage Response, string Body)> PostAsync(string path, string json, string adminProtocol = "gsma/rsp/v2.2.2")
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
            req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            req.Headers.TryAddWithoutValidation("User-Agent", "gsma-rsp-lpad");
            if (adminProtocol != null) req.Headers.TryAddWithoutValidation("X-Admin-Protocol", adminProtocol);
            var resp = await Http.SendAsync(req);
            return ((int)resp.StatusCode, resp, await resp.Content.ReadAsStringAsync());
        }

        public async ValueTask DisposeAsync()
        {
            Http?.Dispose();
            if (App != null) { await App.StopAsync(); await App.DisposeAsync(); }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(Dir, true); } catch (IOException) { }
        }
    }
}
