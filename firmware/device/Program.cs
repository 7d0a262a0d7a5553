using System;
using System.Threading;
using IotEsim.Firmware.At;
using IotEsim.Firmware.Config;
using IotEsim.Firmware.Framing;
using IotEsim.Firmware.Runtime;
using IotEsim.Firmware.Serial;
using IotEsim.Rsp.Apdu;

namespace IotEsim.Firmware.Device
{
    /// <summary>
    /// ESP32 entry point: builds the device services from I:\iotesim.conf and runs the
    /// <see cref="DeviceRunner"/> state machine forever. The APDU transport (AT modem or framed link to
    /// the eUICC board) is created here and handed to the IPA engine once it implements IProvisioner.
    /// </summary>
    public class Program
    {
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
            IApduTransport transport = null;
            if (config != null && config.Validate() == null)
            {
                try
                {
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
                    }
                    transport.Connect();
                    log.Info("eUICC link up");
                }
                catch (Exception e)
                {
                    log.Error("eUICC link: " + e.Message);
                }
            }

            // The IPA engine will take `transport` here; until then the runner only brings the device up.
            IProvisioner provisioner = new PendingProvisioner(log);
            var runner = new DeviceRunner(configSource, network, provisioner, cellular, watchdog, led, log, SystemClock.Instance);
            while (true)
            {
                int delay = runner.Step();
                if (delay > 0) Thread.Sleep(delay);
            }
        }
    }
}
