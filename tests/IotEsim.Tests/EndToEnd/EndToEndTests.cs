using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Es11;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Messages;
using IotEsim.Servers.SmDp;
using IotEsim.Tests.Cli;
using IotEsim.Tests.SmDp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.EndToEnd
{
    /// <summary>
    /// Our IPA (engine, ProfileDownload, CLI) with our C# eUICC against our SM-DP+/SM-DS on loopback, real HTTP
    /// (and TLS with the TestPki DPtls certificate where the spec asks for it).
    /// </summary>
    [TestClass]
    public class EndToEndTests
    {
        private static JsonElement LastEnvelope(string stdout, string type = "lpa")
        {
            string last = null;
            foreach (var line in stdout.Split('\n')) if (line.Contains("\"type\":\"" + type + "\"")) last = line;
            Assert.IsNotNull(last, "no " + type + " envelope in: " + stdout);
            return JsonDocument.Parse(last).RootElement.GetProperty("payload").Clone();
        }

        private static string[] With(LoopbackLab lab, params string[] args)
        {
            var l = args.ToList();
            foreach (var r in lab.Resolve) { l.Add("--resolve"); l.Add(r); }
            if (lab.Tls) { l.Add("--ca"); l.Add(lab.CiPem); } else l.Add("--http");
            l.Add("--euicc"); l.Add(lab.Spec);
            return l.ToArray();
        }

        [TestMethod]
        [Timeout(180000)]
        public async Task ActivationCode_OverTls_Cli_InstallsOnce_Enables_SmdpRecordsNotifications()
        {
            await using var lab = await LoopbackLab.StartAsync(tls: true);
            var (iccid, mid) = await lab.OrderAsync();

            int rc = CliTests.Cli(out var o, out var e, With(lab, "profile", "download", "-a", lab.ActivationCode(mid), "--json"));
            Assert.AreEqual(0, rc, e + o);
            var p = LastEnvelope(o);
            Assert.AreEqual(0, p.GetProperty("code").GetInt32());
            Assert.AreEqual(iccid, p.GetProperty("data").GetProperty("iccid").GetString());
            Assert.IsTrue(p.GetProperty("data").GetProperty("notificationDelivered").GetBoolean());
            StringAssert.Contains(o, "\"type\":\"progress\"");
            StringAssert.Contains(o, "es10b_load_bound_profile_package");

            Assert.AreEqual(OrderStates.Installed, (await lab.Dp.Store.GetOrderByIccidAsync(iccid)).State);
            Assert.AreEqual(1, await lab.Dp.Store.CountNotificationsAsync());
            Assert.AreEqual(0, lab.PendingNotifications(), "the install notification was removed after delivery");

            Assert.AreEqual(0, CliTests.Cli(out o, out e, "profile", "enable", iccid, "--euicc", lab.Spec), e);
            var list = lab.Profiles();
            Assert.AreEqual(1, list.Profiles.Count, "installed exactly once");
            Assert.AreEqual(iccid, list.Get(0).IccidString);
            Assert.AreEqual(1, list.Get(0).ProfileState);

            // Whatever the enable left pending (the profile's notificationConfigurationInfo decides) goes out
            // with `notification process` (ES9+ over TLS); the eUICC's list is empty afterwards.
            int pending = lab.PendingNotifications();
            rc = CliTests.Cli(out o, out e, With(lab, "notification", "process", "--json"));
            Assert.AreEqual(0, rc, e + o);
            var d = LastEnvelope(o).GetProperty("data");
            Assert.AreEqual(pending, d.GetProperty("delivered").GetInt32());
            Assert.AreEqual(0, d.GetProperty("remaining").GetInt32());
            Assert.AreEqual(1 + pending, await lab.Dp.Store.CountNotificationsAsync());

            // The same activation code again: the SM-DP+ refuses with its subject/reason code, nothing changes.
            rc = CliTests.Cli(out o, out e, With(lab, "profile", "download", "-a", lab.ActivationCode(mid), "--json"));
            Assert.AreEqual(3, rc, o + e);
            var err = LastEnvelope(o);
            Assert.AreEqual(3, err.GetProperty("code").GetInt32());
            Assert.AreEqual("8.2.6", err.GetProperty("data").GetProperty("subjectCode").GetString());
            Assert.AreEqual("3.8", err.GetProperty("data").GetProperty("reasonCode").GetString());
            Assert.AreEqual(1, lab.Profiles().Profiles.Count);
            lab.AssertEuiccConsistent();

            // Human mode: the same refusal as one readable line on stderr.
            rc = CliTests.Cli(out o, out e, With(lab, "profile", "download", "-a", lab.ActivationCode(mid)));
            Assert.AreEqual(3, rc);
            StringAssert.Contains(e, "8.2.6/3.8");
        }

        [TestMethod]
        [Timeout(120000)]
        public async Task HttpClientTransport_RefusesUntrustedCertificate_ResolveWorks()
        {
            await using var lab = await LoopbackLab.StartAsync(tls: true);
            var (_, mid) = await lab.OrderAsync();
            string otherDir = Path.Combine(lab.Dir, "other-pki");
            var other = TestPki.Create(otherDir, lab.Eid, new[] { SmDpTestServer.SmdpAddress }, DateTime.UtcNow.AddDays(-1));

            // Trusting another CI: the TLS handshake fails, exit 4, clear message, eUICC untouched.
            var args = With(lab, "profile", "download", "-a", lab.ActivationCode(mid), "--json").ToList();
            args[args.IndexOf(lab.CiPem)] = other.Ci.CertificatePemPath;
            int rc = CliTests.Cli(out var o, out var e, args.ToArray());
            Assert.AreEqual(4, rc, o + e);
            var p = LastEnvelope(o);
            Assert.AreEqual("transport", p.GetProperty("data").GetProperty("kind").GetString());
            StringAssert.Contains(p.GetProperty("message").GetString(), "SSL");
            Assert.AreEqual(0, lab.Profiles().Profiles.Count);

            // Without --resolve the made-up host name does not resolve: a network error, not a crash.
            using (var noResolve = new IotEsim.Ipa.Desktop.HttpClientTransport(new[] { lab.CiPem }, null, TimeSpan.FromSeconds(10)))
            {
                var ex = AssertThrows<Es9PlusException>(() => new Es9PlusClient(noResolve).HandleNotification(lab.SmdpAddress, new byte[] { 0xBF, 0x37, 0x00 }));
                Assert.AreEqual(RemoteErrorKind.Transport, ex.Kind);
            }
            // With --resolve and the right CI it reaches the server (which refuses the bogus notification on its own terms).
            using (var http = lab.Http())
            {
                var ex = AssertThrows<Es9PlusException>(() => new Es9PlusClient(http).HandleNotification(lab.SmdpAddress, new byte[] { 0xBF, 0x37, 0x00 }));
                Assert.AreNotEqual(RemoteErrorKind.Transport, ex.Kind, ex.Message);
            }
            Assert.ThrowsException(typeof(ArgumentException), () => lab.Http().AddResolve("nohostport"));
        }

        internal static T AssertThrows<T>(Action a) where T : Exception
        {
            try { a(); }
            catch (T e) { return e; }
            Assert.Fail("expected " + typeof(T).Name);
            return null;
        }

        [TestMethod]
        [Timeout(180000)]
        public async Task SmDsTriggered_EngineFindsEventOverEs11_DownloadsAndEnables()
        {
            await using var lab = await LoopbackLab.StartAsync(tls: false);
            var (iccid, _) = await lab.OrderAsync(smds: lab.Dp.HostPort);
            using var http = lab.Http();
            var engine = lab.Engine(new IpaConfig { SmdsAddress = lab.SmdsAddress }, http, out var es10);
            var r = engine.RunUntilWait(30);
            Assert.AreEqual(StepResult.KindIdle, r.Kind, engine.LastError);
            es10.Close();
            var list = lab.Profiles();
            Assert.AreEqual(1, list.Profiles.Count);
            Assert.AreEqual(iccid, list.Get(0).IccidString);
            Assert.AreEqual(1, list.Get(0).ProfileState);
            // Install and enable notifications both reached the SM-DP+.
            Assert.AreEqual(OrderStates.Installed, (await lab.Dp.Store.GetOrderByIccidAsync(iccid)).State);
            Assert.AreEqual(1, await lab.Dp.Store.CountNotificationsAsync(), "the install notification, once");
            Assert.AreEqual(0, lab.PendingNotifications());

            // Next round: the SM-DS has nothing new, the engine stays idle and downloads nothing.
            engine = lab.Engine(new IpaConfig { SmdsAddress = lab.SmdsAddress }, http, out es10);
            Assert.AreEqual(StepResult.KindIdle, engine.RunUntilWait(30).Kind, engine.LastError);
            es10.Close();
            Assert.AreEqual(1, lab.Profiles().Profiles.Count);
        }

        [TestMethod]
        [Timeout(120000)]
        public async Task Es11Client_Es11PathAndEs9PlusFallback_AgainstTheSmDs()
        {
            await using var lab = await LoopbackLab.StartAsync(tls: false);
            var (_, mid) = await lab.OrderAsync(smds: lab.Dp.HostPort);
            using var http = lab.Http();
            foreach (bool fallback in new[] { false, true })
            {
                // The fallback path is forced by a 404 on /es11/ (what a server without that path answers).
                var h = new FaultyHttp(http);
                if (fallback)
                    h.Rewrite = (url, resp) => url.Contains("/gsma/rsp2/es11/") ? FaultyHttp.WithBody(resp, 404, new byte[0]) : resp;
                var es11 = new Es11Client(h, "http");
                var es10 = lab.OpenEuicc();
                var events = EventRetrieval.Retrieve(es10, es11, lab.SmdsAddress, null);
                es10.Close();
                Assert.AreEqual(fallback, es11.UsingFallbackPath);
                var ev = events.Single(x => x.EventId == mid);
                Assert.AreEqual(lab.SmdpAddress, ev.RspServerAddress);
            }
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        [Timeout(180000)]
        public async Task RebootAfterInstall_PendingNotificationDeliveredExactlyOnce(bool cliFirst)
        {
            await using var lab = await LoopbackLab.StartAsync(tls: false);
            var (iccid, mid) = await lab.OrderAsync();
            using var http = lab.Http();
            var cfg = new IpaConfig { ActivationCode = lab.ActivationCode(mid) };

            // Boot 1: the download succeeds, HandleNotification fails (the "process dies" there).
            var faulty = new FaultyHttp(http) { FailWhen = url => url.EndsWith("/handleNotification", StringComparison.Ordinal) };
            var engine = lab.Engine(cfg, faulty, out var es10);
            var r = engine.RunUntilWait(30);
            Assert.AreEqual(StepResult.KindAgainLater, r.Kind, "the failed notification makes the engine back off");
            Assert.IsTrue(faulty.Failed >= 1);
            es10.Close();
            Assert.AreEqual(0, await lab.Dp.Store.CountNotificationsAsync());
            Assert.AreEqual(1, lab.PendingNotifications(), "the install notification is still pending on the eUICC");
            Assert.AreEqual(1, lab.Profiles().Profiles.Count);

            if (cliFirst)
            {
                // `notification process` over the same IPA store delivers it (and nothing else).
                int rc = CliTests.Cli(out var o, out var e, With(lab, "notification", "process", "--state", lab.StateDir, "--json"));
                Assert.AreEqual(0, rc, e + o);
                Assert.AreEqual(1, LastEnvelope(o).GetProperty("data").GetProperty("delivered").GetInt32());
                Assert.AreEqual(1, await lab.Dp.Store.CountNotificationsAsync());
            }

            // Boot 2: a new engine over the same IPA store and eUICC directory delivers it (unless the CLI did),
            // enables the installed profile (the matching ID is spent: no second download).
            engine = lab.Engine(new IpaConfig { ActivationCode = lab.ActivationCode(mid) }, http, out es10);
            r = engine.RunUntilWait(30);
            Assert.AreEqual(StepResult.KindIdle, r.Kind, engine.LastError);
            es10.Close();
            var list = lab.Profiles();
            Assert.AreEqual(1, list.Profiles.Count);
            Assert.AreEqual(1, list.Get(0).ProfileState);
            Assert.AreEqual(OrderStates.Installed, (await lab.Dp.Store.GetOrderByIccidAsync(iccid)).State);
            int afterBoot2 = (int)await lab.Dp.Store.CountNotificationsAsync();
            Assert.IsTrue(afterBoot2 >= 1 && afterBoot2 <= 2, "install once (+ enable when the profile asks for it): " + afterBoot2);
            Assert.AreEqual(0, lab.PendingNotifications());

            // Boot 3: nothing left to send, nothing sent twice.
            engine = lab.Engine(new IpaConfig { ActivationCode = lab.ActivationCode(mid) }, http, out es10);
            Assert.AreEqual(StepResult.KindIdle, engine.RunUntilWait(30).Kind, engine.LastError);
            es10.Close();
            Assert.AreEqual(afterBoot2, await lab.Dp.Store.CountNotificationsAsync());
        }

        [TestMethod]
        [Timeout(180000)]
        public async Task MalformedServerAnswers_TypedErrors_NothingHalfInstalled()
        {
            await using var lab = await LoopbackLab.StartAsync(tls: false);
            using var http = lab.Http();
            var cases = new (string Name, Func<string, HttpResponse, HttpResponse> Rewrite, int Kind)[]
            {
                ("authenticateClient bad JSON", (u, r) => u.EndsWith("/authenticateClient") ? FaultyHttp.WithBody(r, 200, Encoding.UTF8.GetBytes("{\"header\":")) : r, RemoteErrorKind.Malformed),
                ("initiateAuthentication HTTP 500", (u, r) => u.EndsWith("/initiateAuthentication") ? FaultyHttp.WithBody(r, 500, new byte[0]) : r, RemoteErrorKind.HttpStatus),
                ("BPP truncated mid-segments", (u, r) => u.EndsWith("/getBoundProfilePackage") ? Truncate(r) : r, RemoteErrorKind.Malformed),
                ("BPP bad base64", (u, r) => u.EndsWith("/getBoundProfilePackage") ? CorruptBase64(r) : r, RemoteErrorKind.Malformed),
            };
            foreach (var c in cases)
            {
                var (_, mid) = await lab.OrderAsync();
                var es10 = lab.OpenEuicc();
                var dl = new ProfileDownload(es10);
                var h = new FaultyHttp(http) { Rewrite = c.Rewrite };
                var ex = AssertThrows<DownloadException>(() => dl.Direct(new Es9PlusClient(h, "http"), lab.SmdpAddress, mid));
                var remote = ex.InnerException as Es9PlusException;
                Assert.IsNotNull(remote, c.Name + ": " + ex);
                Assert.AreEqual(c.Kind, remote.Kind, c.Name + ": " + remote.Message);
                Assert.AreEqual(0, Es10c.GetProfilesInfo(es10, null).Profiles.Count, c.Name + ": no profile");
                es10.Close();
                lab.AssertEuiccConsistent();
            }
        }

        private static HttpResponse Truncate(HttpResponse r)
        {
            byte[] all = FaultyHttp.ReadAll(r);
            // Cut the body inside the base64 BPP, far enough in that segments already reached the eUICC.
            return FaultyHttp.WithBody(r, 200, all.Take(all.Length * 3 / 4).ToArray());
        }

        private static HttpResponse CorruptBase64(HttpResponse r)
        {
            byte[] all = FaultyHttp.ReadAll(r);
            string s = Encoding.UTF8.GetString(all);
            int at = s.IndexOf("\"boundProfilePackage\"", StringComparison.Ordinal);
            Assert.IsTrue(at > 0, s.Substring(0, Math.Min(200, s.Length)));
            int pos = s.IndexOf('"', s.IndexOf(':', at) + 1) + 1 + (s.Length - at) / 2;
            return FaultyHttp.WithBody(r, 200, Encoding.UTF8.GetBytes(s.Substring(0, pos) + "!!**" + s.Substring(pos + 4)));
        }

        [TestMethod]
        [Timeout(180000)]
        public async Task Cli_DeviceRun_ActivationCode_JsonLines()
        {
            await using var lab = await LoopbackLab.StartAsync(tls: false);
            var (iccid, mid) = await lab.OrderAsync();
            int rc = CliTests.Cli(out var o, out var e, With(lab, "device", "run", "-a", lab.ActivationCode(mid), "--json"));
            Assert.AreEqual(0, rc, e + o);
            var steps = o.Split('\n').Where(l => l.Contains("\"type\":\"step\"")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("payload")).ToList();
            Assert.IsTrue(steps.Count >= 3, o);
            StringAssert.StartsWith(steps[0].GetProperty("message").GetString(), "boot: EID " + lab.Eid);
            Assert.IsTrue(steps.Any(s => s.GetProperty("message").GetString().StartsWith("downloaded " + iccid)), o);
            var fin = LastEnvelope(o);
            Assert.AreEqual(lab.Eid, fin.GetProperty("data").GetProperty("eid").GetString());
            Assert.IsTrue(fin.GetProperty("data").GetProperty("profileChanged").GetBoolean());
            Assert.AreEqual(1, lab.Profiles().Get(0).ProfileState);
            Assert.AreEqual(1, await lab.Dp.Store.CountNotificationsAsync());

            // Human output: a second run is idle at once.
            rc = CliTests.Cli(out o, out e, With(lab, "device", "run", "-a", lab.ActivationCode(mid)));
            Assert.AreEqual(0, rc, e + o);
            StringAssert.Contains(o, "is enabled: nothing to do");
            StringAssert.Contains(o, "idle after");
        }

        [TestMethod]
        [Timeout(180000)]
        public async Task Cli_ProfileDownload_FromSmDs_HumanProgress_ThenNothingToDo()
        {
            await using var lab = await LoopbackLab.StartAsync(tls: false);
            var (iccid, _) = await lab.OrderAsync(smds: lab.Dp.HostPort);
            int rc = CliTests.Cli(out var o, out var e, With(lab, "profile", "download", "--smds", lab.SmdsAddress, "--enable"));
            Assert.AreEqual(0, rc, e + o);
            StringAssert.Contains(o, "installed profile " + iccid);
            StringAssert.Contains(o, "and enabled it");
            // Asking again: either the SM-DS no longer lists the event (exit 6, nothing to download) or it still
            // does (our SM-DP+ does not send ES12.DeleteEvent yet) and the SM-DP+ refuses the spent matching ID
            // (exit 3, 8.2.6/3.8). Either way nothing is installed twice.
            rc = CliTests.Cli(out o, out e, With(lab, "profile", "download", "--smds", lab.SmdsAddress, "--json"));
            var again = LastEnvelope(o);
            Assert.IsTrue(rc == 6 || rc == 3, e + o);
            Assert.AreEqual(rc, again.GetProperty("code").GetInt32());
            if (rc == 3) Assert.AreEqual("8.2.6", again.GetProperty("data").GetProperty("subjectCode").GetString());
            Assert.AreEqual(1, lab.Profiles().Profiles.Count);
            lab.AssertEuiccConsistent();
        }
    }
}
