using System;

namespace IotEsim.Firmware.Config
{
    /// <summary>
    /// Device settings, read from I:\iotesim.conf (key=value, see <see cref="FirmwareConfigParser"/> and
    /// firmware/README.md). Defaults suit an ESP32-DevKitC wired as in hardware/.
    /// </summary>
    public class FirmwareConfig
    {
        public const string NetworkWifi = "wifi";
        public const string NetworkCellular = "cellular";

        /// <summary>APDUs go to the eUICC behind the cellular modem (AT commands).</summary>
        public const string EuiccModem = "modem";
        /// <summary>APDUs go to the C# eUICC board over the framed UART link.</summary>
        public const string EuiccBoard = "board";

        /// <summary>How the IPA reaches the eIM: wifi or cellular (modem data connection).</summary>
        public string NetworkMode = NetworkWifi;
        public string WifiSsid;
        public string WifiPassword;

        /// <summary>Where the eUICC is: modem or board.</summary>
        public string EuiccLink = EuiccModem;

        /// <summary>Name from ModemProfiles (sim7080g, bg95, sara-r5, nrf9160-slm, generic-27007).</summary>
        public string ModemProfile = "sim7080g";

        /// <summary>UART to the modem or board: COM port name on nanoFramework (COM2 = UART1) and pins.</summary>
        public string UartPort = "COM2";
        public int UartTxPin = 17;
        public int UartRxPin = 16;
        /// <summary>0 = the modem profile's baud rate.</summary>
        public int UartBaud;

        /// <summary>GPIO of the modem PWRKEY and RESET lines, -1 when not wired.</summary>
        public int ModemPowerPin = -1;
        public int ModemResetPin = -1;

        public string Apn;

        /// <summary>eIM address (SGP.32 eimFqdn) for the first eIM configuration, or an activation code for direct download.</summary>
        public string EimFqdn;
        public string ActivationCode;

        /// <summary>CA certificate files on I:\ (PEM or DER) trusted for the eIM / SM-DP+ TLS connections.</summary>
        public string[] CaCertFiles = new string[0];

        /// <summary>Seconds between eIM polls (SGP.32 IPA polling).</summary>
        public int PollIntervalSeconds = 3600;

        /// <summary>GPIO of the status LED, -1 when none.</summary>
        public int LedPin = 2;

        /// <summary>Watchdog timeout in seconds (0 = off). Fed on every runner step and every APDU exchange, so it must
        /// exceed the longest single HTTP request (the device HTTP timeout, 40 s) with margin.</summary>
        public int WatchdogSeconds = 90;

        /// <summary>"https" (default) or "http" for a lab eIM / SM-DP+ on the LAN.</summary>
        public string IpaScheme = "https";

        /// <summary>Reboot when no provisioning round or eIM poll succeeded for this many hours (0 = never):
        /// the last resort against a wedged modem or network stack that no timeout caught.</summary>
        public int StallRebootHours = 24;

        /// <summary>Null when usable, otherwise a short reason.</summary>
        public string Validate()
        {
            if (NetworkMode != NetworkWifi && NetworkMode != NetworkCellular) return "network.mode must be wifi or cellular";
            if (NetworkMode == NetworkWifi && (WifiSsid == null || WifiSsid.Length == 0)) return "wifi.ssid missing";
            if (EuiccLink != EuiccModem && EuiccLink != EuiccBoard) return "euicc.link must be modem or board";
            if (EuiccLink == EuiccModem && IotEsim.Firmware.At.ModemProfiles.Find(ModemProfile) == null) return "unknown modem.profile " + ModemProfile;
            if (NetworkMode == NetworkCellular && EuiccLink == EuiccBoard) return "cellular data needs the modem's eUICC (euicc.link=modem)";
            if ((EimFqdn == null || EimFqdn.Length == 0) && (ActivationCode == null || ActivationCode.Length == 0)) return "eim.fqdn or activation.code required";
            if (PollIntervalSeconds < 60) return "poll.interval must be at least 60 seconds";
            if (UartTxPin < 0 || UartRxPin < 0) return "uart pins missing";
            if (IpaScheme != "https" && IpaScheme != "http") return "ipa.scheme must be https or http";
            if (WatchdogSeconds != 0 && WatchdogSeconds < 60) return "watchdog.seconds must be 0 (off) or at least 60";
            if (StallRebootHours < 0) return "stall.hours must not be negative";
            return null;
        }
    }
}
