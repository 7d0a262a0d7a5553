using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Notifications;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using IotEsim.Servers.SmDp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Reliability
{
    /// <summary>
    /// Network-fault suite: many in-process IPA + eUICC pairs provision against one set of real servers (SM-DP+ ES9+/ES2+,
    /// SM-DS ES11/ES12 on Kestrel, SQLite) through a seeded <see cref="FaultingTransport"/> that refuses connections,
    /// times out, answers 503/500, resets after the server committed, truncates, corrupts and trickles answers, at every
    /// ES9+ and ES11 step (initiateAuthentication, authenticateClient, getBoundProfilePackage, handleNotification,
    /// cancelSession). Each device's engine is stepped on a fake clock (waits cost nothing) until it converges.
    ///
    /// Asserted after every run: each device holds exactly its ordered ICCID, installed and enabled; no ICCID is on two
    /// eUICCs; every notification reached the SM-DP+ exactly once (server rows per EID/seqNumber); nothing pending on the
    /// eUICC or in the IPA store; no session of a converged device is still authenticated/bpp at the SM-DP+.
    /// Orphan "initiated" sessions (initiateAuthentication answered but the answer lost) are counted and allowed: they
    /// hold no order and expire after SessionTtl.
    ///
    /// A BPP answer lost after the SM-DP+ handed it out (getBoundProfilePackage "after" faults) cannot converge within
    /// SGP.22 without the bppEuiccOtpk retry (neither our SM-DP+ nor our eUICC implements it): the main runs inject only
    /// before-server faults there, and <see cref="BppAnswerLost_FailsCleanly_NothingInstalled_OrderFailed"/> asserts the
    /// clean failure instead.
    ///
    /// Seeds are fixed and printed; IOTESIM_SOAK=1 runs more seeds with more devices.
    /// </summary>
    [TestClass]
    public class NetworkFaultTests
    {
        public TestContext TestContext { get; set; }

        private static bool Soak => Environment.GetEnvironmentVariable("IOTESIM_SOAK") == "1";

        private static void Plan(NetworkFaultFleet f)
        {
            foreach (var d in f.Devices)
            {
                d.Net.PerFunction["getBoundProfilePackage"] = FaultSets.BeforeServer;
                d.Net.Probability = 0.35;
                d.Net.MaxFaults = 8;
            }
        }

        [TestMethod]
        public async Task DirectDownloadAndSmdsFleet_ConvergesUnderFaults()
        {
            await RunSeed(20261122, 16, 4);
        }

        [TestMethod]
        public async Task Soak_MoreSeedsAndDevices()
        {
            if (!Soak) { TestContext.WriteLine("IOTESIM_SOAK not set: soak skipped"); return; }
            foreach (int seed in new[] { 1, 7, 42, 1337, 9001, 31337 }) await RunSeed(seed, 24, 8);
        }

        private async Task RunSeed(int seed, int acDevices, int smdsDevices)
        {
            await using var f = await NetworkFaultFleet.StartAsync(seed);
            for (int i = 0; i < acDevices; i++) await f.AddDeviceAsync(viaSmds: false);
            for (int i = 0; i < smdsDevices; i++) await f.AddDeviceAsync(viaSmds: true);
            Plan(f);
            try
            {
                f.RunAll(400, TimeSpan.FromSeconds(120));
                await AssertConvergedAsync(f);
            }
            finally { TestContext.WriteLine(f.Report()); }
        }

        /// <summary>The invariants of a converged fleet (see the class comment).</summary>
        public static async Task AssertConvergedAsync(NetworkFaultFleet f)
        {
            string ctx = " [seed " + f.Seed + "]\n" + f.Report();
            var seen = new Dictionary<string, int>();
            foreach (var d in f.Devices)
            {
                Assert.IsTrue(d.Converged, "dev" + d.Index + ": " + d.Outcome + "\n" + string.Join("\n", d.Trace.TakeLast(12)) + ctx);
                var list = d.Profiles();
                Assert.AreEqual(1, list.Profiles.Count, "dev" + d.Index + " profiles on the eUICC" + ctx);
                var p = list.Get(0);
                Assert.AreEqual(d.ExpectedIccid, Iccid.FromBytes(p.Iccid), "dev" + d.Index + " ICCID" + ctx);
                Assert.AreEqual(ProfileValues.StateEnabled, p.ProfileState, "dev" + d.Index + " enabled" + ctx);
                Assert.IsFalse(seen.ContainsKey(d.ExpectedIccid), "ICCID " + d.ExpectedIccid + " on two eUICCs" + ctx);
                seen[d.ExpectedIccid] = d.Index;
                Assert.AreEqual(0, Es10b.ListNotification(d.Es10, null).Notifications.Count, "dev" + d.Index + " notifications left on the eUICC" + ctx);
                Assert.AreEqual(0, d.IpaStore.List(NotificationDelivery.Prefix).Length, "dev" + d.Index + " notifications left in the IPA store" + ctx);
                Assert.IsNull(d.IpaStore.Read(IotEsim.Ipa.Engine.ProvisioningEngine.KeyDownload), "dev" + d.Index + " download journal left" + ctx);
            }

            // Server side: each notification exactly once, each order installed for its own EID.
            var rows = await f.QueryAsync("SELECT eid, seq_number, operation, success FROM smdp_notifications",
                r => (Eid: r.IsDBNull(0) ? null : r.GetString(0), Seq: Convert.ToInt64(r.GetValue(1)), Op: Convert.ToInt64(r.GetValue(2)),
                      Ok: r.IsDBNull(3) ? (long?)null : Convert.ToInt64(r.GetValue(3))));
            foreach (var g in rows.GroupBy(r => (r.Eid, r.Seq)))
                Assert.AreEqual(1, g.Count(), "notification " + g.Key.Eid + "/" + g.Key.Seq + " recorded " + g.Count() + " times" + ctx);
            foreach (var d in f.Devices)
            {
                var installs = rows.Where(r => r.Eid == d.Eid && r.Op == NotificationEvent.Install).ToList();
                Assert.AreEqual(1, installs.Count, "dev" + d.Index + " install notifications at the SM-DP+" + ctx);
                Assert.AreEqual(1L, installs[0].Ok, "dev" + d.Index + " PIR success" + ctx);
                var order = await f.Server.Store.GetOrderByIccidAsync(d.ExpectedIccid);
                Assert.AreEqual(OrderStates.Installed, order.State, "dev" + d.Index + " order" + ctx);
                Assert.AreEqual(d.Eid, order.Eid, "dev" + d.Index + " order EID" + ctx);
                Assert.AreEqual(ProfileStates.Installed, (await f.Server.Store.GetProfileAsync(d.ExpectedIccid)).State, "dev" + d.Index + " inventory" + ctx);
            }

            var open = await f.QueryAsync("SELECT transaction_id, role, state, eid FROM smdp_sessions WHERE state IN ('initiated','authenticated','bpp')",
                r => (Tx: r.GetString(0), Role: r.GetString(1), State: r.GetString(2), Eid: r.IsDBNull(3) ? null : r.GetString(3)));
            var dangling = open.Where(s => s.State != SessionStates.Initiated).ToList();
            Assert.AreEqual(0, dangling.Count, "sessions still in progress for converged devices: "
                + string.Join(", ", dangling.Select(s => s.Role + " " + s.Tx + " " + s.State + " " + s.Eid)) + ctx);
            Console.WriteLine("orphan initiated sessions (answer lost, no order bound, expire after SessionTtl): " + open.Count);
        }

        /// <summary>The BPP leaves the SM-DP+ but its answer is lost/damaged: the IPA cancels (eUICC + SM-DP+), nothing is
        /// installed, the order ends failed and the profile is withdrawn (error), never handed to another device.</summary>
        [TestMethod]
        public async Task BppAnswerLost_FailsCleanly_NothingInstalled_OrderFailed()
        {
            const int seed = 4711;
            await using var f = await NetworkFaultFleet.StartAsync(seed);
            var faults = FaultSets.AfterServer;
            for (int i = 0; i < faults.Length; i++)
            {
                var d = await f.AddDeviceAsync(viaSmds: false);
                d.Net.Probability = 0;
                d.Net.Force("getBoundProfilePackage", faults[i]);
            }
            var healthy = await f.AddDeviceAsync(viaSmds: false);
            healthy.Net.Probability = 0;
            try
            {
                f.RunAll(12, TimeSpan.FromSeconds(60));
                for (int i = 0; i < faults.Length; i++)
                {
                    var d = f.Devices[i];
                    string what = "dev" + i + " " + faults[i] + " [seed " + seed + "]";
                    Assert.IsFalse(d.Converged, what);
                    Assert.AreEqual(0, d.Profiles().Profiles.Count, what + ": nothing installed");
                    var order = await f.Server.Store.GetOrderByIccidAsync(d.ExpectedIccid);
                    Assert.AreEqual(OrderStates.Failed, order.State, what);
                    Assert.AreEqual(ProfileStates.Error, (await f.Server.Store.GetProfileAsync(d.ExpectedIccid)).State, what);
                    var sessions = await f.QueryAsync("SELECT state FROM smdp_sessions WHERE eid = @e", r => r.GetString(0), ("@e", d.Eid));
                    // Ended either by ES9+ CancelSession or, when part of the BPP reached the eUICC, by the signed failure PIR
                    // (the eUICC answers the interrupted load with one) delivered as a notification.
                    var failurePirs = await f.QueryAsync("SELECT COUNT(*) FROM smdp_notifications WHERE eid = @e AND success = 0", r => Convert.ToInt64(r.GetValue(0)), ("@e", d.Eid));
                    Assert.IsTrue(sessions.Contains(SessionStates.Cancelled) || (sessions.Contains(SessionStates.Done) && failurePirs[0] == 1),
                        what + ": session cancelled at the SM-DP+ or closed by a failure PIR (" + string.Join(",", sessions) + ")");
                    Assert.IsFalse(sessions.Any(s => s == SessionStates.Authenticated || s == SessionStates.Bpp), what + ": no session left in progress");
                    // The IPA keeps retrying with the spent matching ID and is refused (8.2.6/3.8), never gets a profile.
                    StringAssert.Contains(d.Ipa.LastError ?? "", "8.2.6", what);
                    Assert.IsNull(d.IpaStore.Read(IotEsim.Ipa.Engine.ProvisioningEngine.KeyDownload), what + ": journal closed");
                }
                Assert.IsTrue(healthy.Converged, healthy.Outcome);
            }
            finally { TestContext.WriteLine(f.Report()); }
        }
    }
}
