using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Cli.Transports;
using IotEsim.Euicc.Host;
using IotEsim.Ipa.Desktop;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Desktop.Storage;
using IotEsim.Rsp.Messages;
using IotEsim.Servers.SmDp;
using IotEsim.Tests.SmDp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.EndToEnd
{
    /// <summary>
    /// One loopback lab per test: the SM-DP+ and SM-DS (SmDpTestServer, real Kestrel, SQLite) answering as
    /// testsmdpplus1.example.com:PORT / testsmds.example.com:PORT (curl-style resolve to 127.0.0.1, so
    /// TLS names match the DPtls certificate), and a C# eUICC directory (the CLI's sim: layout) whose
    /// identity comes from the same test PKI. The IPA talks to both for real: HTTP, APDUs, stores on disk.
    /// </summary>
    internal sealed class LoopbackLab : IAsyncDisposable
    {
        public const string ProfileType = "e2e";

        public SmDpTestServer Dp;
        public bool Tls;
        public int Port;
        public string Dir;
        public string EuiccDir;
        public string StateDir;

        public string SmdpAddress => SmDpTestServer.SmdpAddress + ":" + Port;
        public string SmdsAddress => SmDpTestServer.SmdsAddress + ":" + Port;
        public string Eid => SmDpTestServer.TestEid;
        public string[] Resolve => new[] { SmdpAddress + ":127.0.0.1", SmdsAddress + ":127.0.0.1" };
        public string CiPem => Dp.Pki.Ci.CertificatePemPath;
        public string Spec => "sim:" + EuiccDir;

        public static async Task<LoopbackLab> StartAsync(bool tls)
        {
            var lab = new LoopbackLab { Tls = tls };
            // Orders of type "e2e" get a fresh UPP per order (own ICCID inside the profile, so the eUICC's
            // metadata/profile ICCID check passes and every order installs as a distinct profile).
            lab.Dp = await SmDpTestServer.StartAsync(o => o.ProfileTemplates.Add(new ProfileTemplate
            {
                ProfileType = ProfileType, UppPath = TestData.Path("upp/TS48V1-A-UNIQUE.der"), IccidPrefix = "8999003", ServiceProviderName = "IotEsim E2E",
            }), tls);
            lab.Port = new Uri(lab.Dp.BaseUrl).Port;
            // Addresses with the port: what the activation code, serverSigned1 and the notification address carry.
            lab.Dp.SmDp.ServerAddress = lab.SmdpAddress;
            var ds = lab.Dp.App.Services.GetRequiredService<SmDsOptions>();
            ds.AdditionalAddresses.Add(lab.SmdsAddress);
            ds.AdditionalAddresses.Add(lab.Dp.HostPort); // ES12 from the SM-DP+ (plain HTTP to 127.0.0.1:PORT)
            lab.Dir = Path.Combine(Path.GetTempPath(), "iotesim-e2e-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            lab.EuiccDir = Path.Combine(lab.Dir, "euicc");
            lab.StateDir = Path.Combine(lab.Dir, "ipa");
            SimEuicc.Create(lab.EuiccDir, lab.Dp.Pki);
            return lab;
        }

        /// <summary>A fresh inventory profile ordered and released over ES2+ (optionally announced at the SM-DS).</summary>
        public async Task<(string Iccid, string MatchingId)> OrderAsync(bool forEid = true, string smds = null)
        {
            string eid = forEid ? Eid : null;
            var (st, _, body) = await Dp.PostAsync("/gsma/rsp2/es2plus/downloadOrder", JsonSerializer.Serialize(new { eid, profileType = ProfileType }));
            Assert.AreEqual(200, st, body);
            var iccid = JsonDocument.Parse(body).RootElement.GetProperty("iccid").GetString();
            (st, _, body) = await Dp.PostAsync("/gsma/rsp2/es2plus/confirmOrder", JsonSerializer.Serialize(new { iccid, eid, smdsAddress = smds, releaseFlag = true }));
            Assert.AreEqual(200, st, body);
            StringAssert.Contains(body, "Executed-Success");
            return (iccid, JsonDocument.Parse(body).RootElement.GetProperty("matchingId").GetString());
        }

        public string ActivationCode(string matchingId) => "LPA:1$" + SmdpAddress + "$" + matchingId;

        public HttpClientTransport Http(string[] cas = null)
            => new HttpClientTransport(cas ?? (Tls ? new[] { CiPem } : null), Resolve, TimeSpan.FromSeconds(30));

        /// <summary>A "boot": the eUICC opened from its directory and an ES10 channel to it.</summary>
        public Es10Channel OpenEuicc()
        {
            var ch = new Es10Channel(new CardTransport(SimEuicc.Open(EuiccDir)));
            ch.Open();
            return ch;
        }

        public ProvisioningEngine Engine(IpaConfig cfg, IHttpTransport http, out Es10Channel es10)
        {
            es10 = OpenEuicc();
            if (cfg.Scheme == "https" && !Tls) cfg.Scheme = "http";
            Directory.CreateDirectory(StateDir);
            var e = new ProvisioningEngine(cfg, es10, http, new FileStore(StateDir), new TestClock(), null);
            e.Crypto = BclCryptoProvider.Instance;
            return e;
        }

        public ProfileInfoListResponse Profiles()
        {
            var ch = OpenEuicc();
            try { return Es10c.GetProfilesInfo(ch, null); } finally { ch.Close(); }
        }

        public int PendingNotifications()
        {
            var ch = OpenEuicc();
            try { return Es10b.ListNotification(ch, null).Notifications.Count; } finally { ch.Close(); }
        }

        /// <summary>The eUICC's persistent store: every profile has its image, no orphaned blobs (nothing half-installed).</summary>
        public void AssertEuiccConsistent()
        {
            IotEsim.Tests.Euicc.EuiccBed.AssertConsistent(new FileStore(SimEuicc.StateDir(EuiccDir)));
        }

        public async ValueTask DisposeAsync()
        {
            await Dp.DisposeAsync();
            try { Directory.Delete(Dir, true); } catch (IOException) { }
        }
    }

    /// <summary>A clock that never makes the engine wait (backoff delays are returned, not slept).</summary>
    internal sealed class TestClock : IClock
    {
        public long Now;
        public long NowMs => Now;
    }

    /// <summary>Real HTTP with a fault injected by URL: an exception (network down) or a rewritten answer.</summary>
    internal sealed class FaultyHttp : IHttpTransport
    {
        private readonly IHttpTransport _inner;
        public Func<string, bool> FailWhen;
        public Func<string, HttpResponse, HttpResponse> Rewrite;
        public int Failed;

        public FaultyHttp(IHttpTransport inner) { _inner = inner; }

        public HttpResponse Post(string url, string[] headerNames, string[] headerValues, byte[] body)
        {
            if (FailWhen != null && FailWhen(url)) { Failed++; throw new HttpTransportException("connection reset (injected) on " + url, false); }
            var r = _inner.Post(url, headerNames, headerValues, body);
            return Rewrite == null ? r : Rewrite(url, r);
        }

        /// <summary>A response with a replaced body (same status and headers).</summary>
        public static HttpResponse WithBody(HttpResponse r, int status, byte[] body)
        {
            r.Dispose();
            return new HttpResponse(status, new[] { "Content-Type" }, new[] { "application/json" }, new MemoryStream(body), null);
        }

        public static byte[] ReadAll(HttpResponse r)
        {
            var ms = new MemoryStream();
            r.Body.CopyTo(ms);
            return ms.ToArray();
        }
    }
}
