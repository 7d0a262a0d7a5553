#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using IotEsim.Firmware.Config;
using IotEsim.Firmware.Runtime;
using IotEsim.Firmware.Serial;

namespace IotEsim.Tests.Firmware
{
    [TestClass]
    public class DeviceRunnerTests
    {
        private class Fakes : IConfigSource, INetwork, IProvisioner, ICellular, IWatchdog, IClock, ICardResetListener, IRetryHint, IReboot
        {
            public int CardResets, Reboots, Hint;
            public string RebootReason;
            public void OnCardReset() { CardResets++; }
            public int RetryAfterMs { get { return Hint; } }
            public void Reboot(string reason) { Reboots++; RebootReason = reason; }
            public string Text = "network.mode=wifi\nwifi.ssid=lab\neim.fqdn=eim.example.org\npoll.interval=600\n";
            public bool Up;
            public bool NetworkWorks = true;
            public int ProvisionResult = ProvisionOutcome.ProfileChanged;
            public int PollResult = ProvisionOutcome.NoChange;
            public int Provisions, PollCount, Refreshes, Feeds;
            public bool Attached = true;
            public long Now;

            public string Load() { return Text; }
            public bool Connect(FirmwareConfig config) { Up = NetworkWorks; return Up; }
            public bool IsUp { get { return Up; } }
            public int Provision(FirmwareConfig config) { Provisions++; return ProvisionResult; }
            public int PollEim(FirmwareConfig config) { PollCount++; return PollResult; }
            public bool RefreshSim() { Refreshes++; return true; }
            public bool IsAttached() { return Attached; }
            public void Feed() { Feeds++; }
            public long NowMs { get { return Now; } }
        }

        private static DeviceRunner Runner(Fakes f)
        {
            return new DeviceRunner(f, f, f, f, f, null, null, f);
        }

        /// <summary>Steps the runner, advancing the fake clock by each returned delay.</summary>
        private static void Run(DeviceRunner r, Fakes f, int steps)
        {
            for (int i = 0; i < steps; i++) f.Now += r.Step();
        }

        [TestMethod]
        public void BootsProvisionsRefreshesAndPolls()
        {
            var f = new Fakes();
            var r = Runner(f);
            Run(r, f, 6);
            Assert.AreEqual(DeviceState.PollEim, r.State);
            Assert.AreEqual(1, f.Provisions);
            Assert.AreEqual(1, f.Refreshes);
            Assert.AreEqual(1, f.PollCount);
            Assert.AreEqual(6, f.Feeds);
            // The next poll comes one interval later (the runner wakes at least once a minute).
            Run(r, f, 10);
            Assert.AreEqual(2, f.PollCount);
            Assert.IsTrue(f.Now >= 600000);
        }

        [TestMethod]
        public void ProfileChangeFromEimTriggersRefresh()
        {
            var f = new Fakes();
            f.ProvisionResult = ProvisionOutcome.NoChange;
            var r = Runner(f);
            Run(r, f, 5);
            Assert.AreEqual(0, f.Refreshes);
            f.PollResult = ProvisionOutcome.ProfileChanged;
            Run(r, f, 12);
            Assert.IsTrue(f.Refreshes >= 1);
        }

        [TestMethod]
        public void NetworkFailureBacksOffExponentially()
        {
            var f = new Fakes();
            f.NetworkWorks = false;
            var r = Runner(f);
            r.Step(); // config
            int d1 = r.Step();
            int d2 = r.Step();
            int d3 = r.Step();
            Assert.AreEqual(DeviceState.NetworkUp, r.State);
            Assert.AreEqual(DeviceRunner.MinBackoffMs, d1);
            Assert.AreEqual(2 * d1, d2);
            Assert.AreEqual(2 * d2, d3);
            f.NetworkWorks = true;
            r.Step();
            Assert.AreEqual(DeviceState.Provision, r.State);
        }

        [TestMethod]
        public void MissingOrBadConfigHaltsWithoutThrowing()
        {
            var f = new Fakes();
            f.Text = null;
            var r = Runner(f);
            Assert.AreEqual(30000, r.Step());
            Assert.AreEqual(DeviceState.LoadConfig, r.State);
            f.Text = "wifi.ssid=\n";
            r.Step();
            Assert.AreEqual("config: wifi.ssid missing", r.LastError);
        }

        [TestMethod]
        public void NoAttachWithinTimeoutStillPolls()
        {
            var f = new Fakes();
            f.Attached = false;
            var r = Runner(f);
            Run(r, f, 200);
            Assert.IsTrue(f.PollCount >= 1);
        }

        [TestMethod]
        public void RefreshTellsTheProvisionerTheCardWasReset()
        {
            var f = new Fakes();
            var r = Runner(f);
            Run(r, f, 6);
            Assert.AreEqual(1, f.Refreshes);
            Assert.AreEqual(1, f.CardResets);
        }

        [TestMethod]
        public void TheProvisionersRetryHintSetsTheDelay()
        {
            var f = new Fakes();
            f.ProvisionResult = ProvisionOutcome.RetryLater;
            f.Hint = 45000;
            var r = Runner(f);
            Run(r, f, 2);
            Assert.AreEqual(DeviceState.Provision, r.State);
            Assert.AreEqual(45000, r.Step());
            Assert.AreEqual(1, f.Provisions);
            // Waking before the hinted time does not call the provisioner again.
            f.Now += 1000;
            Assert.AreEqual(44000, r.Step());
            Assert.AreEqual(1, f.Provisions);
            f.Now += 44000;
            r.Step();
            Assert.AreEqual(2, f.Provisions);
        }

        [TestMethod]
        public void StallRebootsAfterTheConfiguredHours()
        {
            var f = new Fakes();
            f.Text = f.Text + "stall.hours=2\n";
            f.ProvisionResult = ProvisionOutcome.NoChange;
            var r = Runner(f);
            r.Rebooter = f;
            Run(r, f, 6);
            Assert.AreEqual(DeviceState.PollEim, r.State);
            // Polls keep failing transiently: no progress for 2 h means a reboot, once.
            f.PollResult = ProvisionOutcome.RetryLater;
            for (int i = 0; i < 400 && f.Reboots == 0; i++) f.Now += r.Step();
            Assert.AreEqual(1, f.Reboots);
            Assert.IsTrue(f.Now >= 2L * 3600000);
            Assert.IsTrue(r.RebootRequested);
            Run(r, f, 3);
            Assert.AreEqual(1, f.Reboots);
        }

        [TestMethod]
        public void SuccessfulPollsKeepTheStallPolicyQuiet()
        {
            var f = new Fakes();
            f.Text = f.Text + "stall.hours=1\n";
            var r = Runner(f);
            r.Rebooter = f;
            Run(r, f, 300);
            Assert.IsTrue(f.Now > 3L * 3600000);
            Assert.AreEqual(0, f.Reboots);
        }
    }
}
