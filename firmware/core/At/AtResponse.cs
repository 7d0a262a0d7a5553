using System;
using System.Collections;

namespace IotEsim.Firmware.At
{
    /// <summary>How an AT command ended (3GPP TS 27.007 final result codes).</summary>
    public static class AtResult
    {
        public const int Ok = 0;
        public const int Error = 1;
        /// <summary>+CME ERROR: n (ME error; n in <see cref="AtResponse.ErrorCode"/>, -1 when verbose text).</summary>
        public const int CmeError = 2;
        /// <summary>+CMS ERROR: n (message service error).</summary>
        public const int CmsError = 3;

        public static string Name(int result)
        {
            switch (result)
            {
                case Ok: return "OK";
                case Error: return "ERROR";
                case CmeError: return "+CME ERROR";
                case CmsError: return "+CMS ERROR";
                default: return "?";
            }
        }
    }

    /// <summary>Outcome of one AT command: final result and the information-response lines.</summary>
    public class AtResponse
    {
        private readonly ArrayList _lines = new ArrayList();

        public int Result { get; internal set; }

        /// <summary>Numeric +CME/+CMS error code; -1 when the modem answered in verbose text.</summary>
        public int ErrorCode { get; internal set; }

        /// <summary>The final result line as received (e.g. "+CME ERROR: Parameters error").</summary>
        public string FinalLine { get; internal set; }

        public bool IsOk
        {
            get { return Result == AtResult.Ok; }
        }

        /// <summary>Number of information lines collected.</summary>
        public int LineCount
        {
            get { return _lines.Count; }
        }

        /// <summary>Information line i with the command prefix ("+CSIM:") and following blanks removed.</summary>
        public string Line(int i)
        {
            return (string)_lines[i];
        }

        internal void Add(string value)
        {
            _lines.Add(value);
        }

        /// <summary>First collected line or null.</summary>
        public string First
        {
            get { return _lines.Count == 0 ? null : (string)_lines[0]; }
        }
    }

    /// <summary>The modem did not finish a command in time (no final result code).</summary>
    public class AtTimeoutException : Exception
    {
        public AtTimeoutException(string message) : base(message) { }
    }
}
