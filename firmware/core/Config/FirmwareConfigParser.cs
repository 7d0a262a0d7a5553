using System;
using System.Collections;

namespace IotEsim.Firmware.Config
{
    /// <summary>
    /// Parses the key=value config text: one setting per line, '#' starts a comment line, blanks around
    /// key and value are ignored, keys are case-insensitive, unknown keys are errors (a typo must not pass
    /// silently on a device without a console). List values are comma separated.
    /// </summary>
    public static class FirmwareConfigParser
    {
        /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the line on a bad entry.</summary>
        public static FirmwareConfig Parse(string text)
        {
            var c = new FirmwareConfig();
            if (text == null) return c;
            int lineNo = 0;
            int pos = 0;
            while (pos <= text.Length)
            {
                int end = text.IndexOf('\n', pos);
                if (end < 0) end = text.Length;
                string line = text.Substring(pos, end - pos).Trim();
                pos = end + 1;
                lineNo++;
                if (line.Length == 0 || line[0] == '#') continue;
                int eq = line.IndexOf('=');
                if (eq <= 0) throw new FormatException("line " + lineNo.ToString() + ": expected key=value");
                string key = line.Substring(0, eq).Trim().ToLower();
                string value = line.Substring(eq + 1).Trim();
                if (!Apply(c, key, value, lineNo)) throw new FormatException("line " + lineNo.ToString() + ": unknown key " + key);
                if (end >= text.Length) break;
            }
            return c;
        }

        private static bool Apply(FirmwareConfig c, string key, string v, int lineNo)
        {
            switch (key)
            {
                case "network.mode": c.NetworkMode = v.ToLower(); return true;
                case "wifi.ssid": c.WifiSsid = v; return true;
                case "wifi.password": c.WifiPassword = v; return true;
                case "euicc.link": c.EuiccLink = v.ToLower(); return true;
                case "modem.profile": c.ModemProfile = v.ToLower(); return true;
                case "uart.port": c.UartPort = v.ToUpper(); return true;
                case "uart.tx": c.UartTxPin = Int(v, lineNo); return true;
                case "uart.rx": c.UartRxPin = Int(v, lineNo); return true;
                case "uart.baud": c.UartBaud = Int(v, lineNo); return true;
                case "modem.pwrkey": c.ModemPowerPin = Int(v, lineNo); return true;
                case "modem.reset": c.ModemResetPin = Int(v, lineNo); return true;
                case "cellular.apn": c.Apn = v; return true;
                case "eim.fqdn": c.EimFqdn = v; return true;
                case "activation.code": c.ActivationCode = v; return true;
                case "tls.ca": c.CaCertFiles = List(v); return true;
                case "poll.interval": c.PollIntervalSeconds = Int(v, lineNo); return true;
                case "led.pin": c.LedPin = Int(v, lineNo); return true;
                case "watchdog.seconds": c.WatchdogSeconds = Int(v, lineNo); return true;
                case "ipa.scheme": c.IpaScheme = v.ToLower(); return true;
                case "stall.hours": c.StallRebootHours = Int(v, lineNo); return true;
                default: return false;
            }
        }

        private static int Int(string v, int lineNo)
        {
            int n;
            if (!int.TryParse(v, out n)) throw new FormatException("line " + lineNo.ToString() + ": not a number: " + v);
            return n;
        }

        private static string[] List(string v)
        {
            var items = new ArrayList();
            int pos = 0;
            while (pos <= v.Length)
            {
                int comma = v.IndexOf(',', pos);
                if (comma < 0) comma = v.Length;
                string item = v.Substring(pos, comma - pos).Trim();
                if (item.Length > 0) items.Add(item);
                pos = comma + 1;
            }
            var r = new string[items.Count];
            for (int i = 0; i < r.Length; i++) r[i] = (string)items[i];
            return r;
        }
    }
}
