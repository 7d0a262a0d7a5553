using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using IotEsim.Firmware.Config;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Cli
{
    /// <summary>`iotesim device config`: what it writes is what the firmware's own config parser reads, laid out for
    /// tools/flash (flash.sh files --config/--certs, nanoff --filedeployment).</summary>
    [TestClass]
    public class DeviceConfigTests
    {
        private string _dir;

        [TestInitialize]
        public void Init() { _dir = Path.Combine(Path.GetTempPath(), "iotesim-devcfg-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(_dir); }

        [TestCleanup]
        public void Cleanup() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

        private static string HardwareDir([CallerFilePath] string self = null)
            => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(self), "..", "..", "..", "hardware"));

        [TestMethod]
        public void EveryBoardProfile_WritesAConfigTheFirmwareParses()
        {
            string ca = Path.Combine(_dir, "lab-ca.pem");
            File.WriteAllText(ca, "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n");
            int boards = 0;
            foreach (var board in Directory.GetFiles(HardwareDir(), "*.json"))
            {
                boards++;
                var hw = JsonDocument.Parse(File.ReadAllText(board)).RootElement;
                string id = hw.GetProperty("id").GetString();
                bool framed = hw.GetProperty("apdu_path").GetString() == "framed";
                string outDir = Path.Combine(_dir, id);
                var data = CliTests.Json("device", "config", "--board", board, "--out", outDir, "--eim", "eim.example.org:8443",
                    "--wifi-ssid", "lab net", "--wifi-password", "p=ss#1", "--ca", ca, "--port", "/dev/ttyUSB3", "--json");
                Assert.AreEqual(id, data.GetProperty("board").GetString());

                var cfg = FirmwareConfigParser.Parse(File.ReadAllText(Path.Combine(outDir, "iotesim.conf")));
                Assert.IsNull(cfg.Validate(), id);
                Assert.AreEqual(FirmwareConfig.NetworkWifi, cfg.NetworkMode);
                Assert.AreEqual("lab net", cfg.WifiSsid);
                Assert.AreEqual("p=ss#1", cfg.WifiPassword, "value keeps '=' and '#'");
                Assert.AreEqual("eim.example.org:8443", cfg.EimFqdn);
                Assert.AreEqual(framed ? FirmwareConfig.EuiccBoard : FirmwareConfig.EuiccModem, cfg.EuiccLink, id);
                if (!framed) Assert.AreEqual(id.Substring("esp32-".Length), cfg.ModemProfile, id);
                var uart = hw.GetProperty("uart");
                Assert.AreEqual(uart.GetProperty("esp32_tx").GetInt32(), cfg.UartTxPin, id);
                Assert.AreEqual(uart.GetProperty("esp32_rx").GetInt32(), cfg.UartRxPin, id);
                Assert.AreEqual(uart.GetProperty("baud").GetInt32(), cfg.UartBaud, id);
                Assert.AreEqual(uart.GetProperty("port").GetString(), cfg.UartPort, id);
                var power = hw.GetProperty("power");
                if (power.TryGetProperty("pwrkey_gpio", out var pk) && pk.ValueKind == JsonValueKind.Number) Assert.AreEqual(pk.GetInt32(), cfg.ModemPowerPin, id);
                CollectionAssert.AreEqual(new[] { "lab-ca.pem" }, cfg.CaCertFiles);

                // The file set flash.sh and nanoff expect: config + certs/, and deploy.json with I:\ destinations.
                Assert.IsTrue(File.Exists(Path.Combine(outDir, "certs", "lab-ca.pem")));
                var deploy = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "deploy.json"))).RootElement;
                Assert.AreEqual("/dev/ttyUSB3", deploy.GetProperty("serialport").GetString());
                var files = deploy.GetProperty("files");
                Assert.AreEqual(2, files.GetArrayLength());
                Assert.AreEqual("I:\\iotesim.conf", files[0].GetProperty("DestinationFilePath").GetString());
                Assert.AreEqual(Path.GetFullPath(Path.Combine(outDir, "iotesim.conf")), files[0].GetProperty("SourceFilePath").GetString());
                Assert.AreEqual("I:\\lab-ca.pem", files[1].GetProperty("DestinationFilePath").GetString());
                Assert.IsTrue(File.Exists(files[1].GetProperty("SourceFilePath").GetString()));
            }
            Assert.IsTrue(boards >= 5, "board profiles found: " + boards);
        }

        [TestMethod]
        public void Cellular_ActivationCode_AndRefusals()
        {
            string hw = HardwareDir();
            string outDir = Path.Combine(_dir, "bg95");
            CliTests.Json("device", "config", "--board", "esp32-bg95", "--hardware-dir", hw, "--out", outDir,
                "--activation-code", "LPA:1$smdp.example.org$ABC-123", "--apn", "iot.example", "--poll-interval", "600", "--json");
            var cfg = FirmwareConfigParser.Parse(File.ReadAllText(Path.Combine(outDir, "iotesim.conf")));
            Assert.IsNull(cfg.Validate());
            Assert.AreEqual(FirmwareConfig.NetworkCellular, cfg.NetworkMode);
            Assert.AreEqual("iot.example", cfg.Apn);
            Assert.AreEqual("LPA:1$smdp.example.org$ABC-123", cfg.ActivationCode);
            Assert.AreEqual(600, cfg.PollIntervalSeconds);
            Assert.AreEqual(5, cfg.ModemResetPin);
            Assert.AreEqual(1, JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "deploy.json"))).RootElement.GetProperty("files").GetArrayLength());

            string o, e;
            // The C# eUICC board has no modem: no cellular data.
            Assert.AreEqual(2, CliTests.Cli(out o, out e, "device", "config", "--board", "euicc-board", "--hardware-dir", hw, "--out", outDir, "--eim", "x.example", "--apn", "a"));
            StringAssert.Contains(e, "no modem");
            // What the firmware would refuse is refused here (poll interval below 60 s), and nothing is written.
            string refused = Path.Combine(_dir, "refused");
            Assert.AreEqual(2, CliTests.Cli(out o, out e, "device", "config", "--board", "esp32-bg95", "--hardware-dir", hw, "--out", refused, "--eim", "x.example", "--apn", "a", "--poll-interval", "5"));
            StringAssert.Contains(e, "poll.interval");
            Assert.IsFalse(Directory.Exists(refused));
            Assert.AreEqual(2, CliTests.Cli(out o, out e, "device", "config", "--board", "esp32-bg95", "--hardware-dir", hw, "--out", refused, "--apn", "a"));
            StringAssert.Contains(e, "--eim or --activation-code");
            Assert.AreEqual(2, CliTests.Cli(out o, out e, "device", "config", "--board", "no-such-board", "--hardware-dir", hw, "--out", refused, "--eim", "x", "--apn", "a"));
            Assert.AreEqual(2, CliTests.Cli(out o, out e, "device", "config", "--board", "esp32-bg95", "--hardware-dir", hw, "--out", refused, "--eim", "x", "--wifi-ssid", "a\nb"));
        }
    }
}
