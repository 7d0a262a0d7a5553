using System;
using IotEsim.Firmware.Sim;
using IotEsim.Rsp.Apdu;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Firmware
{
    /// <summary>
    /// UART bytes (both directions) per APDU byte (command + response incl. SW) for the bulk traffic of a
    /// profile download: 255-byte STORE DATA commands and 256-byte responses. Loose bounds only; the
    /// numbers are printed for bench/.
    /// </summary>
    [TestClass]
    public class UartByteRatioTests
    {
        private static double MeasureAt(string profile, bool commands)
        {
            var rig = AtTransportTests.Build(profile, 42, 0, 0);
            rig.Card.StoreDataSilent = true;
            rig.Transport.Connect();
            int ch = rig.Transport.OpenLogicalChannel(TestCard.IsdrAid);
            var meter = new UartMeter(rig.Pipe);
            Run(rig.Transport, ch, meter, commands);
            return meter.Ratio;
        }

        private static double MeasureFramed(bool commands)
        {
            var rig = FramedLinkTests.Build();
            rig.Card.StoreDataSilent = true;
            // One frame per APDU: the per-APDU figure of the plain frame (chains are measured per BPP byte in DeviceDownloadTests).
            rig.Transport.ChainStoreData = false;
            rig.Transport.Connect();
            int ch = rig.Transport.OpenLogicalChannel(TestCard.IsdrAid);
            var meter = new UartMeter(rig.Pipe);
            Run(rig.Transport, ch, meter, commands);
            return meter.Ratio;
        }

        private static void Run(IApduTransport t, int ch, UartMeter meter, bool commands)
        {
            for (int i = 0; i < 20; i++)
            {
                byte[] cmd;
                if (commands)
                {
                    cmd = new byte[260];
                    cmd[0] = ApduCommand.ClassForChannel(0x80, ch); cmd[1] = 0xE2; cmd[2] = 0x11; cmd[3] = (byte)i; cmd[4] = 255;
                }
                else cmd = new byte[] { ApduCommand.ClassForChannel(0x80, ch), 0xB0, 0, 0, 0 };
                byte[] r = t.Transmit(cmd);
                Assert.AreEqual(StatusWord.Ok, StatusWord.Of(r));
                meter.AddExchange(cmd, r);
            }
        }

        [TestMethod]
        [DataRow("sim7080g")]
        [DataRow("bg95")]
        [DataRow("sara-r5")]
        [DataRow("nrf9160-slm")]
        public void AtPathsStayNearTwoBytesPerPayloadByte(string profile)
        {
            double up = MeasureAt(profile, true);
            double down = MeasureAt(profile, false);
            Console.WriteLine(profile + ": 255-byte STORE DATA " + up.ToString("F3") + ", 256-byte response " + down.ToString("F3") + " UART bytes per APDU byte");
            // Hex doubles every byte; what is left is the command/response framing (~30-45 bytes per exchange).
            Assert.IsTrue(up >= 2.0 && up <= 2.2, up.ToString());
            Assert.IsTrue(down >= 2.0 && down <= 2.2, down.ToString());
        }

        [TestMethod]
        public void FramedLinkStaysWithinFivePercent()
        {
            double up = MeasureFramed(true);
            double down = MeasureFramed(false);
            Console.WriteLine("framed: 255-byte STORE DATA " + up.ToString("F3") + ", 256-byte response " + down.ToString("F3") + " UART bytes per APDU byte");
            Assert.IsTrue(up <= 1.05, up.ToString());
            Assert.IsTrue(down <= 1.05, down.ToString());
        }
    }
}
