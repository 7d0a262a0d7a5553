using System;
using IotEsim.Firmware.At;
using IotEsim.Firmware.Sim;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Firmware
{
    /// <summary>AT+CSIM / AT+CGLA transports against the byte-accurate simulated modem, per modem dialect.</summary>
    [TestClass]
    public class AtTransportTests
    {
        internal sealed class Rig
        {
            public VirtualClock Clock = new VirtualClock();
            public SerialPipe Pipe;
            public SimulatedAtModem Modem;
            public TestCard Card = new TestCard();
            public AtChannel At;
            public IApduTransport Transport;
            public ModemProfile Profile;
        }

        internal static ModemProfile Profile(string name)
        {
            var p = ModemProfiles.Find(name);
            if (p != null) return p;
            p = ModemProfiles.CreateGeneric();
            p.Name = name;
            switch (name)
            {
                case "quirk-prefix-missing": p.ResponsePrefixMissing = true; break;
                case "quirk-handle": p.CchoReturnsChannel = false; break;
                case "quirk-unquoted": p.QuotedHex = false; p.NoSpaceAfterColon = true; break;
                case "quirk-csim-all": p.ApduPath = ModemProfile.PathCsim; p.ResponsePrefixMissing = true; p.NoSpaceAfterColon = true; break;
                default: throw new ArgumentException(name);
            }
            return p;
        }

        internal static Rig Build(string profile, int seed, double urcRate, double noiseRate)
        {
            var r = new Rig();
            r.Profile = Profile(profile);
            r.Pipe = new SerialPipe(r.Clock);
            r.Modem = new SimulatedAtModem(r.Pipe.B, r.Profile, r.Card, seed) { UrcRate = urcRate, NoiseRate = noiseRate };
            r.At = new AtChannel(r.Pipe.A, r.Clock);
            r.Transport = r.Profile.UsesCgla ? new AtCglaTransport(r.At, r.Profile) : (IApduTransport)new AtCsimTransport(r.At, r.Profile);
            return r;
        }

        [TestMethod]
        [DataRow("sim7080g")]
        [DataRow("bg95")]
        [DataRow("sara-r5")]
        [DataRow("nrf9160-slm")]
        [DataRow("generic-27007")]
        [DataRow("quirk-prefix-missing")]
        [DataRow("quirk-handle")]
        [DataRow("quirk-unquoted")]
        [DataRow("quirk-csim-all")]
        public void FiftyApdusOnALogicalChannel(string profile)
        {
            var rig = Build(profile, 1234, 0.15, 0.05);
            rig.Transport.Connect();
            Assert.IsFalse(rig.Modem.Echo, "init must switch echo off");
            int ch = rig.Transport.OpenLogicalChannel(TestCard.IsdrAid);
            Assert.AreEqual(1, ch);
            var rng = new Random(7);
            for (int i = 0; i < 50; i++)
            {
                if (i % 5 == 4)
                {
                    // 256-byte response in one exchange (Le = 00).
                    byte[] r = rig.Transport.Transmit(new byte[] { ApduCommand.ClassForChannel(0x80, ch), 0xB0, 0x00, 0x00, 0x00 });
                    Assert.AreEqual(258, r.Length);
                    Assert.AreEqual(StatusWord.Ok, StatusWord.Of(r));
                    Assert.AreEqual(unchecked((byte)(255 * 7 + 3)), r[255]);
                    continue;
                }
                int len = i == 0 || i % 7 == 0 ? 255 : 1 + rng.Next(255);
                var data = new byte[len];
                rng.NextBytes(data);
                byte[] echoed = TestCard.StoreDataRoundTrip(rig.Transport, ch, data, i == 49, i);
                Assert.AreEqual(Hex.Encode(data), Hex.Encode(echoed), "APDU " + i);
            }
            rig.Transport.CloseLogicalChannel(ch);
            Assert.IsTrue(rig.At.UrcCount > 0, "URCs were injected and must have been skipped");
            if (rig.Profile.UsesCgla) StringAssert.Contains(string.Join("|", rig.Modem.CommandLog), "AT+CCHC=");
        }

        [TestMethod]
        public void HandleSessionIdsAreMappedToChannelNumbers()
        {
            var rig = Build("quirk-handle", 5, 0, 0);
            rig.Transport.Connect();
            int ch = rig.Transport.OpenLogicalChannel(TestCard.IsdrAid);
            Assert.AreEqual(1, ch);
            var cgla = (AtCglaTransport)rig.Transport;
            Assert.AreEqual(16, cgla.SessionOf(1).Length, "opaque handle kept as text");
            byte[] r = rig.Transport.Transmit(new byte[] { 0x81, 0xB0, 0x00, 0x00, 0x10 });
            Assert.AreEqual(18, r.Length);
            StringAssert.Contains(rig.Modem.CommandLog[rig.Modem.CommandLog.Count - 1], "AT+CGLA=" + cgla.SessionOf(1) + ",10,");
            rig.Transport.CloseLogicalChannel(ch);
            Assert.IsNull(cgla.SessionOf(1));
        }

        [TestMethod]
        public void BasicChannelApdusUseCsimOnCglaModems()
        {
            var rig = Build("sara-r5", 9, 0, 0);
            rig.Transport.Connect();
            byte[] r = rig.Transport.Transmit(new byte[] { 0x80, 0xB0, 0x00, 0x00, 0x04 });
            Assert.AreEqual("030A1118" + "9000", Hex.Encode(r));
            StringAssert.StartsWith(rig.Modem.CommandLog[rig.Modem.CommandLog.Count - 1], "AT+CSIM=10,");
        }

        [TestMethod]
        public void EchoAndUrcsAreSkippedWithEchoLeftOn()
        {
            var rig = Build("bg95", 3, 0.5, 0.3);
            rig.Profile.InitCommands = new string[] { "AT+CMEE=1" }; // leave ATE1 on
            rig.Transport.Connect();
            Assert.IsTrue(rig.Modem.Echo);
            int ch = rig.Transport.OpenLogicalChannel(TestCard.IsdrAid);
            for (int i = 0; i < 10; i++)
            {
                var data = new byte[200 + i];
                data[0] = (byte)i;
                Assert.AreEqual(Hex.Encode(data), Hex.Encode(TestCard.StoreDataRoundTrip(rig.Transport, ch, data, false, i)));
            }
            Assert.IsTrue(rig.At.IgnoredLineCount > 0, "noise lines were injected");
        }

        [TestMethod]
        [DataRow("sim7080g")]
        [DataRow("nrf9160-slm")]
        public void SilentModemTimesOutWithTransportException(string profile)
        {
            var rig = Build(profile, 1, 0, 0);
            rig.Transport.Connect();
            int ch = rig.Transport.OpenLogicalChannel(TestCard.IsdrAid);
            rig.Modem.Silent = true;
            long t0 = rig.Clock.NowMs;
            Assert.ThrowsException(typeof(ApduTransportException), () => rig.Transport.Transmit(new byte[] { ApduCommand.ClassForChannel(0x80, ch), 0xB0, 0, 0, 4 }));
            long waited = rig.Clock.NowMs - t0;
            Assert.IsTrue(waited >= rig.Profile.ApduTimeoutMs && waited < rig.Profile.ApduTimeoutMs + 500, "waited " + waited);
        }

        [TestMethod]
        public void ModemThatNeverAnswersFailsConnect()
        {
            var rig = Build("bg95", 1, 0, 0);
            rig.Modem.Silent = true;
            Assert.ThrowsException(typeof(ApduTransportException), () => rig.Transport.Connect());
            Assert.IsTrue(rig.Clock.NowMs >= rig.Profile.BootTimeoutMs);
        }

        [TestMethod]
        public void CmeErrorBecomesTransportException()
        {
            var rig = Build("bg95", 1, 0, 0);
            rig.Transport.Connect();
            rig.Modem.CsimUnsupported = true;
            try
            {
                rig.Transport.Transmit(new byte[] { 0x80, 0xB0, 0, 0, 4 });
                Assert.Fail("no exception");
            }
            catch (ApduTransportException e)
            {
                StringAssert.Contains(e.Message, "+CME ERROR: 4");
            }
            // The channel is still usable after an error.
            rig.Modem.CsimUnsupported = false;
            Assert.AreEqual(6, rig.Transport.Transmit(new byte[] { 0x80, 0xB0, 0, 0, 4 }).Length);
        }

        [TestMethod]
        public void SelectOfUnknownAidIsRefusedWithStatusWord()
        {
            var rig = Build("generic-27007", 1, 0, 0);
            rig.Transport.Connect();
            try
            {
                rig.Transport.OpenLogicalChannel(new byte[] { 0xA0, 0, 0, 0, 1 });
                Assert.Fail("no exception");
            }
            catch (ApduTransportException e)
            {
                Assert.AreEqual(StatusWord.FileNotFound, e.StatusWord);
            }
        }

        [TestMethod]
        public void OversizedApduIsRejectedBeforeTheWire()
        {
            var rig = Build("sim7080g", 1, 0, 0);
            rig.Transport.Connect();
            rig.Profile.MaxApduBytes = 100;
            long before = rig.Pipe.A.BytesWritten;
            Assert.ThrowsException(typeof(ApduTransportException), () => rig.Transport.Transmit(new byte[120]));
            Assert.AreEqual(before, rig.Pipe.A.BytesWritten);
        }

        [TestMethod]
        [DataRow("sim7080g")]
        [DataRow("bg95")]
        [DataRow("sara-r5")]
        [DataRow("nrf9160-slm")]
        public void SimRefreshResetsTheCardAndWaitsForReady(string profile)
        {
            var rig = Build(profile, 2, 0.1, 0);
            rig.Transport.Connect();
            var refresher = new SimRefresher(rig.At, rig.Profile);
            Assert.IsTrue(refresher.Refresh());
            Assert.AreEqual(1, rig.Card.Resets);
        }
    }
}
