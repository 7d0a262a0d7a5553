using System;
using System.Collections.Generic;
using System.IO;
using IotEsim.Euicc.Host;
using IotEsim.Firmware.At;
using IotEsim.Rsp.Apdu;

namespace IotEsim.Cli.Transports
{
    /// <summary>
    /// A parsed `--euicc` value: `sim:DIR` (in-process C# eUICC), `pcsc[:reader]` (name, substring or index),
    /// `at:/dev/ttyX[@baud][,profile]` (AT+CSIM or AT+CCHO/CGLA per modem profile), `tcp:host:port`.
    /// </summary>
    public sealed class EuiccSpec
    {
        public const string DefaultModemProfile = ModemProfiles.Generic;
        public const int DefaultBaud = 115200;

        public string Kind;      // sim | pcsc | at | tcp | a registered test scheme
        public string Path;      // sim: state dir; at: device
        public string Reader;    // pcsc
        public int Baud = DefaultBaud;
        public string Profile = DefaultModemProfile;
        public string Host;
        public int Port;
        public string Raw;

        /// <summary>Extra schemes (tests register simulated links here): scheme → factory taking the text after "scheme:".</summary>
        public static readonly Dictionary<string, Func<string, IApduTransport>> CustomSchemes = new Dictionary<string, Func<string, IApduTransport>>();

        public static EuiccSpec Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) throw new FormatException("empty --euicc value");
            text = text.Trim();
            var s = new EuiccSpec { Raw = text };
            int colon = text.IndexOf(':');
            string scheme = colon < 0 ? text : text.Substring(0, colon);
            string rest = colon < 0 ? null : text.Substring(colon + 1);
            s.Kind = scheme.ToLowerInvariant();
            switch (s.Kind)
            {
                case "sim":
                    if (string.IsNullOrEmpty(rest)) throw new FormatException("sim: needs a directory (sim:DIR)");
                    s.Path = rest;
                    return s;
                case "pcsc":
                    s.Reader = string.IsNullOrEmpty(rest) ? null : rest;
                    return s;
                case "at":
                {
                    if (string.IsNullOrEmpty(rest)) throw new FormatException("at: needs a serial device (at:/dev/ttyUSB0[@115200][,profile])");
                    int comma = rest.IndexOf(',');
                    if (comma >= 0)
                    {
                        s.Profile = rest.Substring(comma + 1);
                        rest = rest.Substring(0, comma);
                        if (ModemProfiles.Find(s.Profile) == null)
                            throw new FormatException("unknown modem profile '" + s.Profile + "' (known: " + string.Join(", ", ModemProfiles.Names) + ")");
                    }
                    int at = rest.IndexOf('@');
                    if (at >= 0)
                    {
                        int baud;
                        if (!int.TryParse(rest.Substring(at + 1), out baud) || baud <= 0) throw new FormatException("bad baud rate in '" + text + "'");
                        s.Baud = baud;
                        rest = rest.Substring(0, at);
                    }
                    if (rest.Length == 0) throw new FormatException("at: needs a serial device");
                    s.Path = rest;
                    return s;
                }
                case "tcp":
                {
                    int c = rest == null ? -1 : rest.LastIndexOf(':');
                    int port;
                    if (c <= 0 || !int.TryParse(rest.Substring(c + 1), out port) || port <= 0 || port > 65535)
                        throw new FormatException("tcp: needs host:port (tcp:127.0.0.1:8765)");
                    s.Host = rest.Substring(0, c).Trim('[', ']');
                    s.Port = port;
                    return s;
                }
                default:
                    if (CustomSchemes.ContainsKey(s.Kind)) { s.Path = rest; return s; }
                    throw new FormatException("unknown --euicc '" + text + "' (use sim:DIR, pcsc[:reader], at:/dev/ttyX[@baud][,profile] or tcp:host:port)");
            }
        }

        /// <summary>Builds the transport. The returned disposable (may be null) owns resources to release after use.</summary>
        public IApduTransport Open(out IDisposable owner)
        {
            owner = null;
            switch (Kind)
            {
                case "sim":
                    return new CardTransport(SimEuicc.Open(Path));
                case "pcsc":
                    return new PcscTransport(Reader);
                case "tcp":
                    return new TcpApduTransport(Host, Port);
                case "at":
                {
                    var profile = ModemProfiles.Find(Profile);
                    var link = new TtySerialLink(Path, Baud);
                    owner = link;
                    var at = new AtChannel(link, IotEsim.Firmware.Serial.SystemClock.Instance);
                    return profile.UsesCgla ? new AtCglaTransport(at, profile) : (IApduTransport)new AtCsimTransport(at, profile);
                }
                default:
                    return CustomSchemes[Kind](Path);
            }
        }
    }
}
