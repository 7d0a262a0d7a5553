using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Text.Json;
using System.Threading;
using IotEsim.Cli;
using IotEsim.Cli.Transports;
using IotEsim.Euicc.Host;
using IotEsim.Firmware.At;
using IotEsim.Firmware.Sim;
using IotEsim.Rsp.Apdu;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Cli
{
    /// <summary>The iotesim command tree run in-process against a software eUICC over each desktop transport.</summary>
    [TestClass]
    public class CliTests
    {
        private const string Eid = "89001012012341234012345678901224";
        private string _dir;

        [TestInitialize]
        public void Init()
        {
            _dir = Path.Combine(Path.GetTempPath(), "iotesim-cli-" + Guid.NewGuid().ToString("N"));
        }

        [TestCleanup]
        public void Cleanup()
        {
            try { Directory.Delete(_dir, true); } catch (Exception) { }
        }

        internal static int Cli(out string stdout, out string stderr, params string[] args)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int rc = IotEsim.Cli.Program.Run(args, o, e);
            stdout = o.ToString();
            stderr = e.ToString();
            return rc;
        }

        /// <summary>Runs a --json command and returns payload.data, asserting exit code 0 and code 0.</summary>
        internal static JsonElement Json(params string[] args)
        {
            string o, e;
            int rc = Cli(out o, out e, args);
            Assert.AreEqual(0, rc, "iotesim " + string.Join(" ", args) + " failed: " + e + o);
            string last = null;
            foreach (var line in o.Split('\n')) if (line.Contains("\"type\":\"lpa\"")) last = line;
            Assert.IsNotNull(last, "no lpa envelope in: " + o);
            var doc = JsonDocument.Parse(last).RootElement;
            Assert.AreEqual(0, doc.GetProperty("payload").GetProperty("code").GetInt32());
            Assert.AreEqual("success", doc.GetProperty("payload").GetProperty("message").GetString());
            return doc.GetProperty("payload").GetProperty("data").Clone();
        }

        private string InitEuicc()
        {
            var euicc = Path.Combine(_dir, "euicc");
            var data = Json("euicc", "init", euicc, "--json");
            Assert.AreEqual(Eid, data.GetProperty("eid").GetString());
            return euicc;
        }

        [TestMethod]
        public void SimEuiccFlow()
        {
            var euicc = InitEuicc();
            string spec = "sim:" + euicc;
            var info = Json("chip", "info", "--euicc", spec, "--json");
            Assert.AreEqual(Eid, info.GetProperty("eidValue").GetString());
            Assert.AreEqual("2.5.0", info.GetProperty("EUICCInfo2").GetProperty("svn").GetString());

            var added = Json("eim", "add", "--euicc", spec, "--cert", Path.Combine(euicc, "pki", "eim.pem"), "--fqdn", "eim.test.example", "--json");
            Assert.AreEqual("eim.test.example", added.GetProperty("eimId").GetString());
            var eims = Json("eim", "list", "--euicc", spec, "--json");
            Assert.AreEqual(1, eims.GetArrayLength());
            Assert.AreEqual("eim.test.example", eims[0].GetProperty("eimFqdn").GetString());

            // A second AddInitialEim is refused by the eUICC: one-line error with the SGP.32 code, exit 1.
            string o, e;
            int rc = Cli(out o, out e, "eim", "add", "--euicc", spec, "--cert", Path.Combine(euicc, "pki", "eim.pem"), "--fqdn", "other.example");
            Assert.AreEqual(1, rc);
            StringAssert.Contains(e, "associatedEimAlreadyExists");

            Assert.AreEqual(0, Json("profile", "list", "--euicc", spec, "--json").GetArrayLength());
            Assert.AreEqual(0, Json("notification", "list", "--euicc", spec, "--json").GetArrayLength());

            rc = Cli(out o, out e, "profile", "enable", "89049032000000000001", "--euicc", spec);
            Assert.AreEqual(1, rc);
            StringAssert.Contains(e, "iccidOrAidNotFound");

            Json("eim", "delete", "--yes", "--euicc", spec, "--json");
            Assert.AreEqual(0, Json("eim", "list", "--euicc", spec, "--json").GetArrayLength());

            // Human output and --trace.
            rc = Cli(out o, out e, "chip", "info", "--euicc", spec, "--trace");
            Assert.AreEqual(0, rc, e);
            StringAssert.Contains(o, Eid);
            StringAssert.Contains(e, "[apdu] -> 81E29100");
        }

        [TestMethod]
        public void UsageErrors()
        {
            string o, e;
            Assert.AreEqual(2, Cli(out o, out e, "chip", "info"));
            StringAssert.Contains(e, "no eUICC given");
            Assert.AreEqual(2, Cli(out o, out e, "chip", "info", "--euicc", "bogus:x"));
            // A malformed activation code is a usage error before the eUICC is touched.
            Assert.AreEqual(2, Cli(out o, out e, "profile", "download", "--euicc", "sim:/nonexistent", "-a", "LPA:2$x$y"));
            StringAssert.Contains(e, "activation code");
            Assert.AreEqual(2, Cli(out o, out e, "profile", "download", "--euicc", "sim:/nonexistent", "-a", "LPA:1$x$y$$1"));
            StringAssert.Contains(e, "confirmation code");
            Assert.AreEqual(1, Cli(out o, out e, "chip", "info", "--euicc", "sim:" + Path.Combine(_dir, "missing")));
            StringAssert.Contains(e, "euicc init");
        }

        [TestMethod]
        public void SpecParser()
        {
            var s = EuiccSpec.Parse("at:/dev/ttyUSB2@921600,bg95");
            Assert.AreEqual("at", s.Kind);
            Assert.AreEqual("/dev/ttyUSB2", s.Path);
            Assert.AreEqual(921600, s.Baud);
            Assert.AreEqual("bg95", s.Profile);
            s = EuiccSpec.Parse("at:/dev/ttyACM0");
            Assert.AreEqual(EuiccSpec.DefaultBaud, s.Baud);
            Assert.AreEqual(EuiccSpec.DefaultModemProfile, s.Profile);
            s = EuiccSpec.Parse("tcp:127.0.0.1:8765");
            Assert.AreEqual("127.0.0.1", s.Host);
            Assert.AreEqual(8765, s.Port);
            s = EuiccSpec.Parse("pcsc");
            Assert.IsNull(s.Reader);
            s = EuiccSpec.Parse("pcsc:Virtual PCD 00 00");
            Assert.AreEqual("Virtual PCD 00 00", s.Reader);
            Assert.AreEqual("/tmp/x", EuiccSpec.Parse("sim:/tmp/x").Path);
            Assert.ThrowsException(typeof(FormatException), () => EuiccSpec.Parse("tcp:nohost"));
            Assert.ThrowsException(typeof(FormatException), () => EuiccSpec.Parse("at:/dev/ttyS0,nosuchmodem"));
            Assert.ThrowsException(typeof(FormatException), () => EuiccSpec.Parse("serial:/dev/x"));
        }

        [TestMethod]
        public void TcpTransportRoundTrip()
        {
            var euicc = InitEuicc();
            var card = SimEuicc.Open(euicc);
            using (var server = new TcpApduServer(card, IPAddress.Loopback, 0))
            {
                var t = new Thread(() => { try { server.ServeOne(); } catch (Exception) { } }) { IsBackground = true };
                t.Start();
                var info = Json("chip", "info", "--euicc", "tcp:127.0.0.1:" + server.Port, "--json");
                Assert.AreEqual(Eid, info.GetProperty("eidValue").GetString());
                Assert.IsTrue(t.Join(10000), "server did not see the client disconnect");
            }
        }

        [TestMethod]
        [DataRow("csim")]
        [DataRow("cgla")]
        public void AtTransportThroughSimulatedModem(string path)
        {
            var euicc = InitEuicc();
            string scheme = "simat-" + path + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            SimulatedAtModem modem = null;
            EuiccSpec.CustomSchemes[scheme] = dir =>
            {
                var clock = new VirtualClock();
                var pipe = new SerialPipe(clock);
                var profile = ModemProfiles.CreateGeneric();
                profile.ApduPath = path == "csim" ? ModemProfile.PathCsim : ModemProfile.PathCgla;
                modem = new SimulatedAtModem(pipe.B, profile, SimEuicc.Open(dir), 42);
                var at = new AtChannel(pipe.A, clock);
                return profile.UsesCgla ? new AtCglaTransport(at, profile) : (IApduTransport)new AtCsimTransport(at, profile);
            };
            try
            {
                var info = Json("chip", "info", "--euicc", scheme + ":" + euicc, "--json");
                Assert.AreEqual(Eid, info.GetProperty("eidValue").GetString());
                Assert.IsTrue(modem.ApdusForwarded > 3);
                string cmd = path == "csim" ? "AT+CSIM" : "AT+CGLA";
                Assert.IsTrue(modem.CommandLog.Exists(c => c.StartsWith(cmd)), "no " + cmd + " in " + string.Join(" | ", modem.CommandLog));
            }
            finally { EuiccSpec.CustomSchemes.Remove(scheme); }
        }

        private static bool Exists(string p) { return File.Exists(p); }

        private static string Which(string name)
        {
            foreach (var d in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
                if (d.Length > 0 && File.Exists(Path.Combine(d, name))) return Path.Combine(d, name);
            foreach (var d in new[] { "/usr/sbin", "/sbin" })
                if (File.Exists(Path.Combine(d, name))) return Path.Combine(d, name);
            return null;
        }

        private static bool PcscdRunning()
        {
            try { PcscTransport.ListReaders(); return true; }
            catch (ApduTransportException e) { return e.Message.IndexOf("NO_SERVICE", StringComparison.Ordinal) < 0; }
        }

        [TestMethod]
        [Timeout(90000)]
        public void PcscThroughVpcd()
        {
            string pcscd = Which("pcscd");
            if (!Exists("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1") && !Exists("/usr/lib/aarch64-linux-gnu/libpcsclite.so.1") && !Exists("/usr/lib/libpcsclite.so.1"))
                Assert.Inconclusive("libpcsclite1 is not installed (apt-get install pcscd vsmartcard-vpcd libpcsclite1)");
            if (pcscd == null) Assert.Inconclusive("pcscd is not installed (apt-get install pcscd vsmartcard-vpcd)");
            if (!Exists("/usr/lib/pcsc/drivers/serial/libifdvpcd.so") && !Directory.Exists("/usr/lib/pcsc/drivers/ifd-vpcd.bundle"))
                Assert.Inconclusive("the vsmartcard vpcd driver is not installed (apt-get install vsmartcard-vpcd)");

            Process ourPcscd = null;
            Process serve = null;
            try
            {
                if (!PcscdRunning())
                {
                    if (Environment.UserName != "root") Assert.Inconclusive("pcscd is not running and the tests are not root to start it");
                    ourPcscd = Process.Start(new ProcessStartInfo(pcscd, "-f") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true });
                    ourPcscd.OutputDataReceived += (s, a) => { };
                    ourPcscd.ErrorDataReceived += (s, a) => { };
                    ourPcscd.BeginOutputReadLine();
                    ourPcscd.BeginErrorReadLine();
                    var sw = Stopwatch.StartNew();
                    while (!PcscdRunning() && sw.ElapsedMilliseconds < 10000) Thread.Sleep(200);
                    if (!PcscdRunning()) Assert.Inconclusive("started pcscd but it does not answer within 10 s");
                }
                string[] readers = PcscTransport.ListReaders();
                string vreader = Array.Find(readers, r => r.StartsWith("Virtual PCD", StringComparison.Ordinal));
                if (vreader == null) Assert.Inconclusive("pcscd has no vpcd reader (readers: " + string.Join("; ", readers) + ")");

                var euicc = InitEuicc();
                string dll = typeof(IotEsim.Cli.Program).Assembly.Location;
                serve = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { dll, "euicc", "serve", euicc, "--vpcd" }, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
                serve.ErrorDataReceived += (s, a) => { };
                serve.BeginErrorReadLine();
                serve.OutputDataReceived += (s, a) => { };
                serve.BeginOutputReadLine();

                string o = "", e = "";
                int rc = -1;
                var wait = Stopwatch.StartNew();
                while (wait.ElapsedMilliseconds < 30000)
                {
                    rc = Cli(out o, out e, "chip", "info", "--euicc", "pcsc:" + vreader, "--json");
                    if (rc == 0) break;
                    Thread.Sleep(500);
                }
                Assert.AreEqual(0, rc, "chip info over PC/SC never succeeded: " + e + o);
                var info = Json("chip", "info", "--euicc", "pcsc:" + vreader, "--json");
                Assert.AreEqual(Eid, info.GetProperty("eidValue").GetString());
            }
            finally
            {
                if (serve != null) { try { serve.Kill(); serve.WaitForExit(5000); } catch (Exception) { } }
                if (ourPcscd != null) { try { ourPcscd.Kill(); ourPcscd.WaitForExit(5000); } catch (Exception) { } }
            }
        }
    }
}
