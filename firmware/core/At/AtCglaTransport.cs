using System;
using System.Text;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;

namespace IotEsim.Firmware.At
{
    /// <summary>
    /// APDU transport over the 27.007 logical-channel commands: AT+CCHO="&lt;aid&gt;" opens a channel and selects
    /// the AID (answer: &lt;sessionid&gt;, bare per 27.007 8.45, "+CCHO: x" on some modems), AT+CGLA=&lt;session&gt;,&lt;len&gt;,"&lt;hex&gt;"
    /// carries an APDU on it (answer +CGLA: &lt;len&gt;,"&lt;hex&gt;"), AT+CCHC=&lt;session&gt; closes it.
    /// The IPA addresses channels by number in the CLA byte; this class maps that number to the modem's
    /// session id. When the modem returns an opaque handle instead of the channel number
    /// (<see cref="ModemProfile.CchoReturnsChannel"/> false) channels are numbered from 1 in opening order.
    /// </summary>
    public class AtCglaTransport : IApduTransport
    {
        public const int MaxChannels = 20;

        private readonly AtChannel _at;
        private readonly ModemProfile _profile;
        /// <summary>Session id string per IPA channel number; null = closed.</summary>
        private readonly string[] _sessions = new string[MaxChannels];

        public AtCglaTransport(AtChannel at, ModemProfile profile)
        {
            _at = at;
            _profile = profile;
        }

        public ModemProfile Profile
        {
            get { return _profile; }
        }

        /// <summary>The modem session id behind IPA channel <paramref name="channel"/>, or null.</summary>
        public string SessionOf(int channel)
        {
            if (channel < 0 || channel >= MaxChannels) return null;
            return _sessions[channel];
        }

        public void Connect()
        {
            AtApdu.Initialise(_at, _profile);
        }

        public void Disconnect()
        {
            for (int ch = 1; ch < MaxChannels; ch++)
            {
                if (_sessions[ch] == null) continue;
                try { CloseLogicalChannel(ch); } catch (ApduTransportException) { }
                _sessions[ch] = null;
            }
        }

        public int OpenLogicalChannel(byte[] aid)
        {
            var sb = new StringBuilder(16 + aid.Length * 2);
            sb.Append("AT+CCHO=");
            if (_profile.QuotedHex) sb.Append('"');
            sb.Append(Hex.Encode(aid));
            if (_profile.QuotedHex) sb.Append('"');
            AtResponse r;
            try { r = _at.Send(sb.ToString(), "+CCHO:", _profile.ApduTimeoutMs, true); }
            catch (AtTimeoutException e) { throw new ApduTransportException("AT+CCHO: " + e.Message); }
            if (!r.IsOk)
            {
                // +CME ERROR on CCHO usually means the SELECT was refused; report it like a refused SELECT.
                throw new ApduTransportException("AT+CCHO " + Hex.Encode(aid) + " failed: " + r.FinalLine, StatusWord.FileNotFound);
            }
            string session = null;
            for (int i = 0; i < r.LineCount && session == null; i++)
            {
                string candidate = AtApdu.Unquote(r.Line(i).Trim());
                if (AtApdu.IsSessionId(candidate)) session = candidate;
            }
            if (session == null) throw new ApduTransportException("AT+CCHO: no session id");
            int channel = -1;
            if (_profile.CchoReturnsChannel)
            {
                int n;
                if (int.TryParse(session, out n) && n >= 1 && n < MaxChannels && _sessions[n] == null) channel = n;
            }
            if (channel < 0)
            {
                for (int ch = 1; ch < MaxChannels; ch++)
                {
                    if (_sessions[ch] == null) { channel = ch; break; }
                }
            }
            if (channel < 0) throw new ApduTransportException("no free channel slot for session " + session);
            _sessions[channel] = session;
            return channel;
        }

        public void CloseLogicalChannel(int channel)
        {
            string session = SessionOf(channel);
            if (session == null) throw new ApduTransportException("channel " + channel.ToString() + " is not open");
            _sessions[channel] = null;
            AtResponse r;
            try { r = _at.Send("AT+CCHC=" + session, "+CCHC:", _profile.AtTimeoutMs, false); }
            catch (AtTimeoutException e) { throw new ApduTransportException("AT+CCHC: " + e.Message); }
            if (!r.IsOk) throw AtApdu.Failure("AT+CCHC", r);
        }

        public byte[] Transmit(byte[] command)
        {
            AtApdu.CheckLength(command, _profile);
            int channel = ApduCommand.ChannelOf(command[0]);
            if (channel == 0)
            {
                if (!_profile.CsimOnBasicChannel) throw new ApduTransportException(_profile.Name + " cannot send basic-channel APDUs through AT+CGLA");
                return AtApdu.Csim(_at, _profile, command);
            }
            string session = SessionOf(channel);
            if (session == null) throw new ApduTransportException("channel " + channel.ToString() + " is not open");
            var sb = new StringBuilder(24 + command.Length * 2);
            sb.Append("AT+CGLA=");
            sb.Append(session);
            sb.Append(',');
            AtApdu.AppendLengthAndHex(sb, command, _profile.QuotedHex);
            AtResponse r;
            try { r = _at.Send(sb.ToString(), "+CGLA:", _profile.ApduTimeoutMs, _profile.ResponsePrefixMissing); }
            catch (AtTimeoutException e) { throw new ApduTransportException("AT+CGLA: " + e.Message); }
            if (!r.IsOk) throw AtApdu.Failure("AT+CGLA", r);
            return AtApdu.ParseResponse(r, "AT+CGLA");
        }
    }
}
