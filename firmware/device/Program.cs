using System;
using System.Threading;
using IotEsim.Firmware.At;
using IotEsim.Firmware.Config;
using IotEsim.Firmware.Framing;
using IotEsim.Firmware.Ipa;
using IotEsim.Firmware.Storage;
using IotEsim.Firmware.Runtime;
using IotEsim.Firmware.Serial;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Crypto;
using System.Diagnostics;
using nanoFramework.Runtime.Native;

namespace IotEsim.Firmware.Device
{
    /// <summary>
    /// ESP32 entry point: builds the device services from I:\iotesim.conf and runs the <see cref="DeviceRunner"/>
    /// state machine forever, with the real IPA engine (<see cref="IpaProvisioner"/>) on the APDU transport the config
    /// names (AT modem or framed link to the eUICC board), IPA state in I:\ipa (atomic <see cref="FlashStore"/>).
    /// </summary>
    public class Program
    {
        public const string IpaStateDir = "I:\\ipa";

        public static void Main()
        {
            var log = new DebugLog();
            var led = new LoggedStatusLed();
            led.Show(LedPattern.Booting);
            var configSource = new FileConfigLoader(null);

            // Read the config once here to build the hardware side; the runner re-validates it.
            FirmwareConfig config = null;
            try
            {
                string text = configSource.Load();
                if (text != null) config = FirmwareConfigParser.Parse(text);
            }
            catch (FormatException e) { log.Error("config: " + e.Message); }

            var watchdog = new SoftWatchdog(config == null ? 120 : config.WatchdogSeconds);
            INetwork network = new WifiNetwork(log);
            ICellular cellular = null;
            IProvisioner provisioner = null;
            if (config != null && config.Validate() == null)
            {
                try
                {
                    if (config.NetworkMode == FirmwareConfig.NetworkCellular)
                        log.Error("network.mode=cellular: IP over the modem is not implemented in this firmware; the IPA needs network.mode=wifi");
                    IApduTransport transport;
                    int maxApdu = 261;
                    if (config.EuiccLink == FirmwareConfig.EuiccBoard)
                    {
                        var link = new SerialPortLink(config.UartPort, config.UartTxPin, config.UartRxPin, config.UartBaud > 0 ? config.UartBaud : 115200);
                        transport = new FramedLinkTransport(link, SystemClock.Instance);
                    }
                    else
                    {
                        ModemProfile profile = ModemProfiles.Find(config.ModemProfile);
                        var link = new SerialPortLink(config.UartPort, config.UartTxPin, config.UartRxPin, config.UartBaud > 0 ? config.UartBaud : profile.Baud);
                        var at = new AtChannel(link, SystemClock.Instance);
                        at.DefaultTimeoutMs = profile.AtTimeoutMs;
                        transport = profile.UsesCgla ? (IApduTransport)new AtCglaTransport(at, profile) : new AtCsimTransport(at, profile);
                        cellular = new ModemCellular(at, profile);
                        maxApdu = profile.MaxApduBytes;
                    }
                    byte[] ca = config.CaCertFiles.Length > 0 ? FileConfigLoader.LoadCertificate(config.CaCertFiles[0]) : null;
                    if (config.CaCertFiles.Length > 0 && ca == null) log.Error("tls.ca: I:\\" + config.CaCertFiles[0] + " not found");
                    var store = new FlashStore(new NanoFlashFiles(IpaStateDir));
                    if (store.Repaired > 0) log.Info("IPA store: finished " + store.Repaired.ToString() + " interrupted write(s)");
                    var factory = new IpaEngineFactory(transport, new NanoHttpTransport(ca), store, SystemClock.Instance, watchdog);
                    factory.MaxApduBytes = maxApdu;
                    factory.Crypto = new PortableCryptoProvider();
                    factory.Connectivity = new NetworkConnectivity(network);
                    provisioner = new IpaProvisioner(factory, watchdog, log);
                    log.Info("IPA ready, eUICC via " + config.EuiccLink);
                }
                catch (Exception e)
                {
                    log.Error("eUICC link / IPA: " + e.Message);
                }
            }

            var runner = new DeviceRunner(configSource, network, provisioner, cellular, watchdog, led, log, SystemClock.Instance);
            runner.Rebooter = new PowerReboot();
            while (true)
            {
                int delay = runner.Step();
                if (delay > 0) Thread.Sleep(delay);
            }
        }
    }

    /// <summary>The stall policy's reboot.</summary>
    public class PowerReboot : IReboot
    {
        public void Reboot(string reason)
        {
            Debug.WriteLine("E reboot: " + reason);
            Power.RebootDevice();
        }
    }
}
