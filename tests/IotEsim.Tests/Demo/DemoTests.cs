using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Cli;
using IotEsim.Cli.Demo;
using IotEsim.Cli.Transports;
using IotEsim.Euicc.Host;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Demo
{
    /// <summary>`iotesim demo` in-process: real servers on loopback, real IPA engines, sim eUICCs in a temp directory.</summary>
    [TestClass]
    public sealed class DemoTests
    {
        private string _dir;

        [TestInitialize]
        public void Init() { _dir = Path.Combine(Path.GetTempPath(), "iotesim-demo-test-" + Guid.NewGuid().ToString("N")[..8]); }

        [TestCleanup]
        public void Cleanup()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private static int ProfileCount(string simDir)
        {
            var es10 = new Es10Channel(new CardTransport(SimEuicc.Open(simDir)));
            es10.Open();
            try { return Es10c.GetProfilesInfo(es10, null).Profiles.Count; }
            finally { es10.Close(); }
        }

        private static string EnabledIccid(string simDir)
        {
            var es10 = new Es10Channel(new CardTransport(SimEuicc.Open(simDir)));
            es10.Open();
            try
            {
                var list = Es10c.GetProfilesInfo(es10, null);
                for (int i = 0; i < list.Profiles.Count; i++)
                    if (list.Get(i).ProfileState == 1) return Iccid.FromBytes(list.Get(i).Iccid);
                return null;
            }
            finally { es10.Close(); }
        }

        [TestMethod]
        [Timeout(180_000, CooperativeCancellation = true)]
        public void ThreeDevicesProvisionThroughTheEimAndGroupBSwitches()
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int rc = IotEsim.Cli.Program.Run(new[] { "demo", "--devices", "3", "--work", _dir, "--json", "--timeout", "120" }, o, e);
            Assert.AreEqual(0, rc, o + "\n" + e);
            using var doc = JsonDocument.Parse(o.ToString());
            var root = doc.RootElement;
            Assert.IsTrue(root.GetProperty("ok").GetBoolean());
            var devices = root.GetProperty("devices").EnumerateArray().ToList();
            Assert.AreEqual(3, devices.Count);
            Assert.AreEqual(3, devices.Select(d => d.GetProperty("eid").GetString()).Distinct().Count());
            // First profiles came both ways; group B ends on its second profile (another template), group A on its first.
            CollectionAssert.AreEquivalent(new[] { "activation code", "SM-DS" }, devices.Select(d => d.GetProperty("firstProfileVia").GetString()).Distinct().ToArray());
            foreach (var d in devices)
            {
                var sim = d.GetProperty("simDir").GetString();
                var expected = d.GetProperty("expectedIccid").GetString();
                // Read back over ES10 from the device's own sim directory, not from the summary.
                Assert.AreEqual(expected, EnabledIccid(sim), d.GetProperty("name").GetString());
                Assert.AreEqual(d.GetProperty("group").GetString() == DemoRunner.GroupB ? "8999102" : "8999101", expected[..7]);
            }
            var jobs = root.GetProperty("jobs").EnumerateArray().ToList();
            Assert.IsTrue(jobs.Count >= 3 + 3 + 2, "download, enable and switch jobs");
            foreach (var j in jobs)
            {
                Assert.AreEqual("completed", j.GetProperty("state").GetString(), j.ToString());
                Assert.AreEqual(0, j.GetProperty("failed").GetInt64());
            }
            Assert.IsTrue(jobs.Any(j => j.GetProperty("target").TryGetProperty("group", out var g) && g.GetString() == DemoRunner.GroupB), "a job for the whole group");
        }

        [TestMethod]
        [Timeout(120_000, CooperativeCancellation = true)]
        public async Task ADeviceWhoseEimIsUnreachableFailsTheDemoWithAClearMessage()
        {
            var sw = Stopwatch.StartNew();
            DemoResult r;
            await using (var runner = new DemoRunner(new DemoOptions { Devices = 2, WorkDir = _dir, Timeout = TimeSpan.FromSeconds(15), BreakLastDeviceEim = true }))
                r = await runner.RunAsync(CancellationToken.None);
            Assert.IsFalse(r.Ok);
            StringAssert.Contains(r.Message, "did not finish within 15 s");
            StringAssert.Contains(r.Message, "dev02");
            StringAssert.Contains(r.Message, ":9");
            Assert.IsTrue(sw.Elapsed < TimeSpan.FromSeconds(90), "bounded by the demo timeout");
            Assert.IsFalse(r.Devices.Single(d => d.Name == "dev02").Ok);
            // The reachable device still downloaded its first profile through the eIM (the demo stopped waiting for dev02).
            Assert.AreEqual(1, ProfileCount(Path.Combine(_dir, "devices", "dev01")));
            Assert.AreEqual(0, ProfileCount(Path.Combine(_dir, "devices", "dev02")));
        }
    }
}
