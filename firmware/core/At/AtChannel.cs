using System;
using System.Text;
using IotEsim.Firmware.Serial;

namespace IotEsim.Firmware.At
{
    /// <summary>Receives unsolicited result codes (+CEREG, +CPIN, RDY...) seen between or inside command responses.</summary>
    public interface IUrcListener
    {
        void OnUrc(string line);
    }

    /// <summary>
    /// Line-oriented AT command channel over an <see cref="ISerialLink"/> (3GPP TS 27.007 / V.250 framing):
    /// writes "&lt;command&gt;\r", then reads "\r\n"-delimited lines until a final result code (OK, ERROR,
    /// +CME ERROR, +CMS ERROR). Information lines that start with the expected prefix are collected
    /// (with or without a blank after the colon); the command echo (ATE1), unsolicited result codes and
    /// line noise are skipped. One command at a time; the caller owns the channel.
    /// </summary>
    public class AtChannel
    {
        /// <summary>Longest line kept: 2 x 261 APDU bytes in hex plus prefix and length with margin.</summary>
        public const int MaxLineLength = 1100;

        /// <summary>Upper bound for one blocking Read, so the deadline is checked regularly.</summary>
        private const int ReadSliceMs = 100;

        /// <summary>Line starts that are unsolicited result codes on the modems we support (27.007 and vendor).</summary>
        private static readonly string[] UrcPrefixes = new string[]
        {
            "+CPIN:", "+CEREG:", "+CREG:", "+CGREG:", "+CGEV:", "+CFUN:", "+CSCON:", "+CTZV:", "+CTZE:", "+CTZEU:",
            "+CMTI:", "+CUSATP:", "+CUSATEND", "+QIND:", "+QUSIM:", "+QSIMSTAT:", "+UUSIMSTAT:", "+UUPSDA:", "+UUSOCL:",
            "+UUCFUN", "+APP PDP:", "+SMSTATE:", "%CESQ:", "%XSIM:", "%MDMEV:", "%XMODEMSLEEP:", "+CPSMS:",
            "RDY", "SMS Ready", "Call Ready", "NORMAL POWER DOWN", "POWERED DOWN", "PSM POWER DOWN", "*ATREADY", "Ready", "APP RDY"
        };

        private readonly ISerialLink _link;
        private readonly IClock _clock;
        private readonly byte[] _rx = new byte[256];
        private readonly char[] _line = new char[MaxLineLength];
        private int _rxPos, _rxCount;
        private int _lineLength;
        private bool _lineOverflow;
        private IUrcListener _listener;

        public AtChannel(ISerialLink link, IClock clock)
        {
            _link = link;
            _clock = clock == null ? (IClock)SystemClock.Instance : clock;
            DefaultTimeoutMs = 2000;
        }

        /// <summary>Timeout for commands sent without an explicit one.</summary>
        public int DefaultTimeoutMs { get; set; }

        /// <summary>URCs seen so far (all commands).</summary>
        public int UrcCount { get; private set; }

        /// <summary>Lines that were neither echo, URC, information nor final result (noise, unknown output).</summary>
        public int IgnoredLineCount { get; private set; }

        public IClock Clock
        {
            get { return _clock; }
        }

        public void SetUrcListener(IUrcListener listener)
        {
            _listener = listener;
        }

        /// <summary>Sends a command that answers only with a final result code.</summary>
        public AtResponse Send(string command)
        {
            return Send(command, null, DefaultTimeoutMs, false);
        }

        public AtResponse Send(string command, int timeoutMs)
        {
            return Send(command, null, timeoutMs, false);
        }

        /// <summary>
        /// Sends <paramref name="command"/> and waits up to <paramref name="timeoutMs"/> for its final result.
        /// Lines starting with <paramref name="infoPrefix"/> (e.g. "+CSIM:") are collected without the prefix.
        /// With <paramref name="acceptBare"/>, any other non-URC, non-echo line is collected as well: 27.007 gives
        /// +CCHO no prefix at all, and some modems drop the prefix of every response.
        /// </summary>
        /// <exception cref="AtTimeoutException">no final result code in time</exception>
        public AtResponse Send(string command, string infoPrefix, int timeoutMs, bool acceptBare)
        {
            DrainPending();
            WriteLine(command);
            var response = new AtResponse();
            long deadline = _clock.NowMs + timeoutMs;
            while (true)
            {
                string line = ReadLine(deadline, command);
                if (Classify(line, command, infoPrefix, acceptBare, response)) return response;
            }
        }

        /// <summary>Waits up to timeoutMs for an unsolicited line starting with prefix (e.g. "+CPIN: READY" after a SIM reset).
        /// Returns the line, or null on timeout.</summary>
        public string WaitForUrc(string prefix, int timeoutMs)
        {
            long deadline = _clock.NowMs + timeoutMs;
            while (true)
            {
                string line;
                try { line = ReadLine(deadline, null); }
                catch (AtTimeoutException) { return null; }
                if (line.StartsWith(prefix)) { UrcCount++; Notify(line); return line; }
                if (IsUrc(line)) { UrcCount++; Notify(line); }
                else IgnoredLineCount++;
            }
        }

        /// <summary>Reads and dispatches whatever is already buffered (URCs between commands).</summary>
        public void DrainPending()
        {
            while (true)
            {
                if (_rxPos >= _rxCount)
                {
                    _rxPos = 0;
                    _rxCount = _link.Read(_rx, 0, _rx.Length, 0);
                    if (_rxCount <= 0) { _rxCount = 0; break; }
                }
                while (_rxPos < _rxCount)
                {
                    string line = Accept(_rx[_rxPos++]);
                    if (line == null) continue;
                    if (IsUrc(line)) { UrcCount++; Notify(line); }
                    else IgnoredLineCount++;
                }
            }
            // A half line left over belongs to nothing we will wait for.
            _lineLength = 0;
            _lineOverflow = false;
        }

        private bool Classify(string line, string command, string infoPrefix, bool acceptBare, AtResponse response)
        {
            if (line == "OK") { response.Result = AtResult.Ok; response.FinalLine = line; return true; }
            if (line == "ERROR") { response.Result = AtResult.Error; response.FinalLine = line; response.ErrorCode = -1; return true; }
            if (line.StartsWith("+CME ERROR")) { SetError(response, AtResult.CmeError, line); return true; }
            if (line.StartsWith("+CMS ERROR")) { SetError(response, AtResult.CmsError, line); return true; }
            if (IsEcho(line, command)) return false;
            if (infoPrefix != null && line.StartsWith(infoPrefix))
            {
                response.Add(StripBlanks(line.Substring(infoPrefix.Length)));
                return false;
            }
            if (IsUrc(line)) { UrcCount++; Notify(line); return false; }
            if (acceptBare && line.Length > 0 && line[0] != '+' && line[0] != '%' && line[0] != '^')
            {
                response.Add(line);
                return false;
            }
            IgnoredLineCount++;
            return false;
        }

        private static void SetError(AtResponse response, int result, string line)
        {
            response.Result = result;
            response.FinalLine = line;
            int colon = line.IndexOf(':');
            int code;
            if (colon > 0 && int.TryParse(line.Substring(colon + 1).Trim(), out code)) response.ErrorCode = code;
            else response.ErrorCode = -1;
        }

        /// <summary>The echo of the command (ATE1). Some modems swallow the first characters of the echo
        /// ("T+CCHC=1" for "AT+CCHC=1", lpac issue 179), so a tail of the command that still holds its
        /// '+' or '=' counts too; a bare "1" (the +CCHO answer) does not.</summary>
        private static bool IsEcho(string line, string command)
        {
            if (command == null) return false;
            if (line == command) return true;
            if (line.Length >= 3 && command.EndsWith(line) && (line.IndexOf('+') >= 0 || line.IndexOf('=') >= 0)) return true;
            return false;
        }

        public static bool IsUrc(string line)
        {
            for (int i = 0; i < UrcPrefixes.Length; i++)
            {
                if (line.StartsWith(UrcPrefixes[i])) return true;
            }
            return false;
        }

        private void Notify(string line)
        {
            if (_listener != null) _listener.OnUrc(line);
        }

        private static string StripBlanks(string s)
        {
            int i = 0;
            while (i < s.Length && s[i] == ' ') i++;
            return i == 0 ? s : s.Substring(i);
        }

        private void WriteLine(string command)
        {
            int n = command.Length;
            var bytes = new byte[n + 1];
            for (int i = 0; i < n; i++) bytes[i] = (byte)command[i];
            bytes[n] = 0x0D;
            _link.Write(bytes, 0, bytes.Length);
        }

        /// <summary>Next non-empty line; throws <see cref="AtTimeoutException"/> at the deadline.</summary>
        private string ReadLine(long deadline, string command)
        {
            while (true)
            {
                long remaining = deadline - _clock.NowMs;
                if (remaining <= 0)
                {
                    _lineLength = 0;
                    _lineOverflow = false;
                    throw new AtTimeoutException("no final result for " + (command == null ? "URC wait" : Shorten(command)));
                }
                if (_rxPos >= _rxCount)
                {
                    int slice = remaining > ReadSliceMs ? ReadSliceMs : (int)remaining;
                    _rxPos = 0;
                    _rxCount = _link.Read(_rx, 0, _rx.Length, slice);
                    if (_rxCount < 0) _rxCount = 0;
                    continue;
                }
                // Bytes after a completed line stay buffered for the next call.
                string line = Accept(_rx[_rxPos++]);
                if (line != null) return line;
            }
        }

        /// <summary>Feeds one received byte; returns a completed non-empty line or null.</summary>
        private string Accept(byte b)
        {
            if (b == 0x0D || b == 0x0A)
            {
                if (_lineLength == 0 && !_lineOverflow) return null;
                bool overflow = _lineOverflow;
                int len = _lineLength;
                _lineLength = 0;
                _lineOverflow = false;
                if (overflow) { IgnoredLineCount++; return null; }
                return new string(_line, 0, len);
            }
            // NUL and non-ASCII bytes are line noise (power-up glitches, baud mismatch); AT text is 7-bit.
            if (b == 0 || b > 0x7E) return null;
            if (_lineLength >= MaxLineLength) { _lineOverflow = true; return null; }
            _line[_lineLength++] = (char)b;
            return null;
        }

        private static string Shorten(string command)
        {
            return command.Length <= 24 ? command : command.Substring(0, 24) + "...";
        }
    }
}
