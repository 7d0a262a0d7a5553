using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using IotEsim.Firmware.At;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;

namespace IotEsim.Firmware.Sim
{
    /// <summary>
    /// A cellular modem's AT interpreter, byte-accurate on the UART: consumes what the host writes to
    /// its <see cref="PipeEnd"/>, echoes while ATE1, answers OK / ERROR / +CME ERROR, and passes
    /// AT+CSIM, AT+CCHO, AT+CGLA and AT+CCHC through to an <see cref="ISmartCard"/> in the dialect of a
    /// <see cref="ModemProfile"/> (prefix dropped, no blank after the colon, opaque session handles,
    /// unquoted hex). Output is cut into odd-sized chunks with small virtual delays; unsolicited
    /// result codes and noise lines are injected at seeded random points.
    /// </summary>
    public sealed class SimulatedAtModem
    {
        private readonly PipeEnd _port;
        private readonly ModemProfile _profile;
        private readonly ISmartCard _card;
        private readonly Random _rng;
        private readonly StringBuilder _rx = new StringBuilder();
        private readonly Dictionary<string, int> _sessions = new Dictionary<string, int>();
        private readonly List<byte> _out = new List<byte>();

        private static readonly string[] Urcs =
        {
            "+CEREG: 2", "+CEREG: 1,\"1A2B\",\"01C8E001\",7", "+CPIN: READY", "RDY", "+CGEV: ME PDN ACT 1", "+CSCON: 0", "SMS Ready"
        };

        public SimulatedAtModem(PipeEnd port, ModemProfile profile, ISmartCard card, int seed)
        {
            _port = port;
            _profile = profile;
            _card = card;
            _rng = new Random(seed);
            Echo = true;
            MaxChunk = 17;
            MaxDelayMs = 2;
            port.DataArrived = OnData;
        }

        /// <summary>ATE state; modems power up with echo on.</summary>
        public bool Echo { get; set; }

        /// <summary>Probability (0..1) of a URC before a response and between its lines.</summary>
        public double UrcRate { get; set; }

        /// <summary>Probability (0..1) of a noise line (binary junk, stray text) in the same places.</summary>
        public double NoiseRate { get; set; }

        public int MaxChunk { get; set; }
        public int MaxDelayMs { get; set; }

        /// <summary>Stop answering (hung modem, cut TX line): commands time out.</summary>
        public bool Silent { get; set; }

        /// <summary>AT+CSIM is refused with +CME ERROR: 4 (modems that only have the CGLA family).</summary>
        public bool CsimUnsupported { get; set; }

        /// <summary>The network accepts the enabled profile: AT+CEREG? reports stat 1 while radio and SIM are on.</summary>
        public bool Registers { get; set; } = true;

        /// <summary>Radio on (AT+CFUN=0 turns it off, =1 on) and SIM powered (=40 off, =41 on; resets leave both on).</summary>
        public bool RadioOn { get; private set; } = true;
        public bool SimOn { get; private set; } = true;

        public int CommandsSeen { get; private set; }
        public int ApdusForwarded { get; private set; }
        public int SimResets { get; private set; }
        public List<string> CommandLog { get; } = new List<string>();

        private void OnData()
        {
            var buf = new byte[512];
            while (true)
            {
                int n = _port.Read(buf, 0, buf.Length, 0);
                if (n <= 0) break;
                for (int i = 0; i < n; i++)
                {
                    char c = (char)buf[i];
                    if (c == '\r')
                    {
                        string line = _rx.ToString();
                        _rx.Clear();
                        if (line.Length > 0) Handle(line);
                    }
                    else if (c != '\n') _rx.Append(c);
                }
            }
        }

        private void Handle(string line)
        {
            CommandsSeen++;
            CommandLog.Add(line);
            if (Silent) return;
            if (Echo) Emit(line + "\r");
            MaybeInject();
            string cmd = line.Trim();
            string upper = cmd.ToUpperInvariant();
            if (upper == "AT") { Final("OK"); return; }
            if (upper == "ATE0") { Echo = false; Final("OK"); return; }
            if (upper == "ATE1") { Echo = true; Final("OK"); return; }
            if (upper.StartsWith("AT+CMEE=")) { Final("OK"); return; }
            if (upper == "AT+CPIN?")
            {
                if (!SimOn) { Final("+CME ERROR: 10"); return; }
                Info("+CPIN", "READY"); Final("OK"); return;
            }
            if (upper == "AT+CEREG?") { Info("+CEREG", "0," + (RadioOn && SimOn && Registers ? "1" : "0")); Final("OK"); return; }
            if (upper.StartsWith("AT+CFUN=")) { Cfun(upper.Substring(8)); return; }
            if (!SimOn && (upper.StartsWith("AT+CSIM=") || upper.StartsWith("AT+CCHO=") || upper.StartsWith("AT+CGLA="))) { Final("+CME ERROR: 10"); return; }
            if (upper.StartsWith("AT+CSIM=")) { Csim(cmd.Substring(8)); return; }
            if (upper.StartsWith("AT+CCHO=")) { Ccho(cmd.Substring(8)); return; }
            if (upper.StartsWith("AT+CGLA=")) { Cgla(cmd.Substring(8)); return; }
            if (upper.StartsWith("AT+CCHC=")) { Cchc(cmd.Substring(8)); return; }
            Final("ERROR");
        }

        private void Cfun(string arg)
        {
            // Anything that takes the SIM down resets the card; the SIM comes back with URCs.
            if (arg == "0" || arg == "1,1" || arg == "16" || arg == "40")
            {
                _card.Reset();
                _sessions.Clear();
                SimResets++;
                if (arg == "0") RadioOn = false;
                if (arg == "40") SimOn = false;
                if (arg == "1,1" || arg == "16") { RadioOn = true; SimOn = true; }
                Final("OK");
                Urc("+CPIN: NOT READY");
                if (arg == "1,1" || arg == "16") { Urc("RDY"); Urc("+CPIN: READY"); }
                return;
            }
            if (arg == "1") RadioOn = true;
            if (arg == "41") SimOn = true;
            Final("OK");
            if (arg == "1" || arg == "41") Urc("+CPIN: READY");
        }

        private void Csim(string args)
        {
            if (CsimUnsupported) { Final("+CME ERROR: 4"); return; }
            int comma = args.IndexOf(',');
            if (comma < 0) { Final("+CME ERROR: 50"); return; }
            byte[] apdu = ParseHexArg(args.Substring(0, comma), args.Substring(comma + 1));
            if (apdu == null || apdu.Length > _profile.MaxApduBytes) { Final("+CME ERROR: 50"); return; }
            byte[] r = Forward(apdu);
            LengthHex("+CSIM", r);
            Final("OK");
        }

        private void Ccho(string args)
        {
            byte[] aid;
            try { aid = Hex.Decode(Unquote(args.Trim())); } catch (FormatException) { Final("+CME ERROR: 50"); return; }
            byte[] r = Forward(new byte[] { 0x00, 0x70, 0x00, 0x00, 0x01 });
            if (StatusWord.Of(r) != StatusWord.Ok || r.Length != 3) { Final("+CME ERROR: 4"); return; }
            int ch = r[0];
            var select = new byte[6 + aid.Length];
            select[0] = ApduCommand.ClassForChannel(0x00, ch);
            select[1] = 0xA4; select[2] = 0x04; select[3] = 0x00; select[4] = (byte)aid.Length;
            Array.Copy(aid, 0, select, 5, aid.Length);
            r = Forward(select);
            int sw = StatusWord.Of(r);
            while ((sw & 0xFF00) == 0x6100)
            {
                r = Forward(new byte[] { ApduCommand.ClassForChannel(0x00, ch), 0xC0, 0x00, 0x00, (byte)sw });
                sw = StatusWord.Of(r);
            }
            if (sw != StatusWord.Ok)
            {
                Forward(new byte[] { 0x00, 0x70, 0x80, (byte)ch, 0x00 });
                Final("+CME ERROR: 4");
                return;
            }
            string session = _profile.CchoReturnsChannel
                ? ch.ToString(CultureInfo.InvariantCulture)
                : (0x038AA300L + ch * 0x1FL).ToString("x16", CultureInfo.InvariantCulture);
            _sessions[session] = ch;
            // 27.007 8.45 answers the bare session id; handle-style modems prefix it.
            if (_profile.CchoReturnsChannel) Line(session);
            else Info("+CCHO", session);
            Final("OK");
        }

        private void Cgla(string args)
        {
            int c1 = args.IndexOf(',');
            int c2 = c1 < 0 ? -1 : args.IndexOf(',', c1 + 1);
            if (c2 < 0) { Final("+CME ERROR: 50"); return; }
            string session = args.Substring(0, c1).Trim();
            if (!_sessions.TryGetValue(session, out int ch)) { Final("+CME ERROR: 21"); return; }
            byte[] apdu = ParseHexArg(args.Substring(c1 + 1, c2 - c1 - 1), args.Substring(c2 + 1));
            if (apdu == null || apdu.Length < 4 || apdu.Length > _profile.MaxApduBytes) { Final("+CME ERROR: 50"); return; }
            // A 27.007 MT sends the APDU on the session's channel whatever the TE put in CLA.
            apdu[0] = ApduCommand.ClassForChannel(apdu[0], ch);
            byte[] r = Forward(apdu);
            LengthHex("+CGLA", r);
            Final("OK");
        }

        private void Cchc(string args)
        {
            string session = args.Trim();
            if (!_sessions.TryGetValue(session, out int ch)) { Final("+CME ERROR: 21"); return; }
            _sessions.Remove(session);
            Forward(new byte[] { 0x00, 0x70, 0x80, (byte)ch, 0x00 });
            Final("OK");
        }

        private byte[] Forward(byte[] apdu)
        {
            ApdusForwarded++;
            return _card.ProcessApdu(apdu);
        }

        private static byte[] ParseHexArg(string lenText, string hexText)
        {
            if (!int.TryParse(lenText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int len)) return null;
            string hex = Unquote(hexText.Trim());
            if (hex.Length != len || (len & 1) != 0) return null;
            try { return Hex.Decode(hex); } catch (FormatException) { return null; }
        }

        private static string Unquote(string s)
        {
            return s.Length >= 2 && s[0] == '"' && s[s.Length - 1] == '"' ? s.Substring(1, s.Length - 2) : s;
        }

        // ---- output in the profile's dialect ----

        private void LengthHex(string prefix, byte[] r)
        {
            string hex = Hex.Encode(r);
            string value = (hex.Length).ToString(CultureInfo.InvariantCulture) + "," + (_profile.QuotedHex ? "\"" + hex + "\"" : hex);
            if (_profile.ResponsePrefixMissing) Line(value);
            else Info(prefix, value);
        }

        private void Info(string prefix, string value)
        {
            Line(prefix + (_profile.NoSpaceAfterColon ? ":" : ": ") + value);
        }

        private void Line(string text)
        {
            Emit("\r\n" + text + "\r\n");
            MaybeInject();
        }

        private void Final(string text)
        {
            Emit("\r\n" + text + "\r\n");
            Flush();
        }

        private void Urc(string text)
        {
            Emit("\r\n" + text + "\r\n");
            Flush();
        }

        private void MaybeInject()
        {
            if (UrcRate > 0 && _rng.NextDouble() < UrcRate) Emit("\r\n" + Urcs[_rng.Next(Urcs.Length)] + "\r\n");
            if (NoiseRate > 0 && _rng.NextDouble() < NoiseRate)
            {
                // Binary junk (dropped by the channel) and a stray printable line (ignored as unknown).
                _out.AddRange(new byte[] { 0x0D, 0x0A, 0x00, 0xFF, 0xFE, 0x80 });
                Emit("#?~junk" + _rng.Next(1000).ToString(CultureInfo.InvariantCulture) + "\r\n");
            }
        }

        private void Emit(string s)
        {
            for (int i = 0; i < s.Length; i++) _out.Add((byte)s[i]);
        }

        /// <summary>Sends the buffered output in random chunk sizes with small delays.</summary>
        private void Flush()
        {
            var data = _out.ToArray();
            _out.Clear();
            int pos = 0;
            while (pos < data.Length)
            {
                int n = Math.Min(data.Length - pos, 1 + _rng.Next(Math.Max(1, MaxChunk)));
                _port.Send(data, pos, n, MaxDelayMs > 0 ? _rng.Next(MaxDelayMs + 1) : 0);
                pos += n;
            }
        }
    }
}
