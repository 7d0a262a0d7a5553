using System;
using System.Text;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;

namespace IotEsim.Firmware.At
{
    /// <summary>Formatting and parsing shared by the AT+CSIM and AT+CGLA transports.</summary>
    public static class AtApdu
    {
        /// <summary>Appends ",&lt;hex chars&gt;,&lt;hex&gt;" (27.007: length counts hex characters, not bytes).</summary>
        public static void AppendLengthAndHex(StringBuilder sb, byte[] apdu, bool quoted)
        {
            sb.Append((apdu.Length * 2).ToString());
            sb.Append(',');
            if (quoted) sb.Append('"');
            sb.Append(Hex.Encode(apdu));
            if (quoted) sb.Append('"');
        }

        /// <summary>
        /// Parses "&lt;length&gt;,&lt;hex&gt;" (prefix already removed; hex quoted or not) into response bytes.
        /// The length must match the hex characters (or, leniently, the byte count).
        /// </summary>
        /// <exception cref="ApduTransportException">malformed</exception>
        public static byte[] ParseLengthHex(string text, string what)
        {
            if (text == null) throw new ApduTransportException(what + ": no response line");
            string s = text.Trim();
            int comma = s.IndexOf(',');
            string hex = comma < 0 ? s : s.Substring(comma + 1).Trim();
            hex = Unquote(hex);
            byte[] data;
            try { data = Hex.Decode(hex); }
            catch (FormatException) { throw new ApduTransportException(what + ": response is not hex"); }
            if (comma > 0)
            {
                int len;
                if (!int.TryParse(s.Substring(0, comma).Trim(), out len))
                    throw new ApduTransportException(what + ": bad length field");
                if (len != hex.Length && len != data.Length)
                    throw new ApduTransportException(what + ": length " + len.ToString() + " does not match " + hex.Length.ToString() + " hex chars");
            }
            if (data.Length < 2) throw new ApduTransportException(what + ": response shorter than a status word");
            return data;
        }

        /// <summary>Parses the first collected line that is a valid "&lt;length&gt;,&lt;hex&gt;" answer (noise lines are
        /// collected too when the modem omits the prefix).</summary>
        public static byte[] ParseResponse(AtResponse r, string what)
        {
            if (r.LineCount == 0) throw new ApduTransportException(what + ": no response line");
            ApduTransportException first = null;
            for (int i = 0; i < r.LineCount; i++)
            {
                try { return ParseLengthHex(r.Line(i), what); }
                catch (ApduTransportException e) { if (first == null) first = e; }
            }
            throw first;
        }

        /// <summary>True for a +CCHO session id: decimal or hex digits, optionally quoted.</summary>
        public static bool IsSessionId(string s)
        {
            if (s == null || s.Length == 0 || s.Length > 32) return false;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!ok) return false;
            }
            return true;
        }

        public static string Unquote(string s)
        {
            if (s.Length >= 2 && s[0] == '"' && s[s.Length - 1] == '"') return s.Substring(1, s.Length - 2);
            return s;
        }

        /// <summary>Throws the transport exception for a failed AT exchange.</summary>
        public static ApduTransportException Failure(string what, AtResponse r)
        {
            return new ApduTransportException(what + " failed: " + (r.FinalLine == null ? AtResult.Name(r.Result) : r.FinalLine));
        }

        public static void CheckLength(byte[] command, ModemProfile profile)
        {
            if (command == null || command.Length < 4) throw new ApduTransportException("command APDU shorter than 4 bytes");
            if (command.Length > profile.MaxApduBytes)
                throw new ApduTransportException("command APDU of " + command.Length.ToString() + " bytes exceeds " + profile.Name + " limit " + profile.MaxApduBytes.ToString());
        }

        /// <summary>AT+CSIM exchange on an open channel (used by both transports).</summary>
        public static byte[] Csim(AtChannel at, ModemProfile profile, byte[] command)
        {
            CheckLength(command, profile);
            var sb = new StringBuilder(16 + command.Length * 2);
            sb.Append("AT+CSIM=");
            AppendLengthAndHex(sb, command, profile.QuotedHex);
            AtResponse r;
            try { r = at.Send(sb.ToString(), "+CSIM:", profile.ApduTimeoutMs, profile.ResponsePrefixMissing); }
            catch (AtTimeoutException e) { throw new ApduTransportException("AT+CSIM: " + e.Message); }
            if (!r.IsOk) throw Failure("AT+CSIM", r);
            return ParseResponse(r, "AT+CSIM");
        }

        /// <summary>Probes "AT" until the modem answers, then sends the profile's init commands.</summary>
        public static void Initialise(AtChannel at, ModemProfile profile)
        {
            long deadline = at.Clock.NowMs + profile.BootTimeoutMs;
            while (true)
            {
                try
                {
                    if (at.Send("AT", 500).IsOk) break;
                }
                catch (AtTimeoutException) { }
                if (at.Clock.NowMs >= deadline) throw new ApduTransportException("modem " + profile.Name + " does not answer AT");
            }
            if (profile.InitCommands == null) return;
            for (int i = 0; i < profile.InitCommands.Length; i++)
            {
                AtResponse r;
                try { r = at.Send(profile.InitCommands[i], profile.AtTimeoutMs); }
                catch (AtTimeoutException e) { throw new ApduTransportException(e.Message); }
                if (!r.IsOk) throw Failure(profile.InitCommands[i], r);
            }
        }
    }
}
