#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using IotEsim.Firmware.Config;

namespace IotEsim.Tests.Firmware
{
    [TestClass]
    public class FirmwareConfigTests
    {
        private const string Sample =
            "# IotEsim device config\n" +
            "network.mode = wifi\r\n" +
            "wifi.ssid = maker-lab\n" +
            "wifi.password = p=ss word\n" +
            "modem.profile = BG95\n" +
            "uart.tx = 17\n" +
            "uart.rx = 16\n" +
            "eim.fqdn = eim.example.org\n" +
            "tls.ca = eim-ca.pem, smdp-ci.der\n" +
            "poll.interval = 900\n";

        [TestMethod]
        public void ParsesTheSample()
        {
            var c = FirmwareConfigParser.Parse(Sample);
            Assert.AreEqual("wifi", c.NetworkMode);
            Assert.AreEqual("maker-lab", c.WifiSsid);
            Assert.AreEqual("p=ss word", c.WifiPassword);
            Assert.AreEqual("bg95", c.ModemProfile);
            Assert.AreEqual(2, c.CaCertFiles.Length);
            Assert.AreEqual("smdp-ci.der", c.CaCertFiles[1]);
            Assert.AreEqual(900, c.PollIntervalSeconds);
            Assert.IsNull(c.Validate());
        }

        [TestMethod]
        public void UnknownKeysAndBadNumbersAreErrors()
        {
            Assert.ThrowsException(typeof(FormatException), () => FirmwareConfigParser.Parse("wifi.sid = x\n"));
            Assert.ThrowsException(typeof(FormatException), () => FirmwareConfigParser.Parse("uart.tx = seventeen\n"));
            Assert.ThrowsException(typeof(FormatException), () => FirmwareConfigParser.Parse("no equals sign\n"));
        }

        [TestMethod]
        public void ValidationNamesTheProblem()
        {
            var c = FirmwareConfigParser.Parse("network.mode=cellular\nmodem.profile=sim7080g\n");
            Assert.AreEqual("eim.fqdn or activation.code required", c.Validate());
            c.EimFqdn = "eim.example.org";
            Assert.IsNull(c.Validate());
            c.ModemProfile = "unknown";
            Assert.AreEqual("unknown modem.profile unknown", c.Validate());
        }
    }
}
