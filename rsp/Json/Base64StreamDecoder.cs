using System;

namespace IotEsim.Rsp.Json
{
    /// <summary>Why base64 text was rejected.</summary>
    public enum Base64Error
    {
        /// <summary>A character outside the RFC 4648 alphabet (and not skippable whitespace).</summary>
        InvalidCharacter = 1,
        /// <summary>'=' where it cannot be, or data after the padding.</summary>
        BadPadding = 2,
        /// <summary>The text ends with an incomplete 4-character group.</summary>
        Truncated = 3,
    }

    /// <summary>Malformed base64; <see cref="Position"/> is the index of the offending character
    /// counted over all characters fed to the decoder.</summary>
    public class Base64Exception : Exception
    {
        public Base64Error Error { get; private set; }
        public long Position { get; private set; }

        public Base64Exception(Base64Error error, long position, string message)
            : base(message + " (base64 " + ErrorName(error) + " at char " + position.ToString() + ")")
        {
            Error = error;
            Position = position;
        }

        public static string ErrorName(Base64Error e)
        {
            switch (e)
            {
                case Base64Error.InvalidCharacter: return "InvalidCharacter";
                case Base64Error.BadPadding: return "BadPadding";
                case Base64Error.Truncated: return "Truncated";
                default: return "Base64Error" + ((int)e).ToString();
            }
        }
    }

    /// <summary>
    /// Incremental base64 decoder (RFC 4648 standard alphabet, '=' padding required on the last
    /// group, as Convert.FromBase64String). Characters may arrive in chunks split anywhere; whitespace
    /// (space, tab, CR, LF) is skipped like Convert.FromBase64String does. State is three bytes, so a
    /// BPP of any size decodes in constant memory.
    /// </summary>
    public sealed class Base64StreamDecoder
    {
        private int _acc;      // bits of the current group
        private int _n;        // characters in the current group (0..3)
        private int _pad;      // '=' seen in the current (last) group
        private bool _done;    // a padded group ended the data
        private long _pos;     // characters consumed
        private long _bytes;   // bytes produced

        /// <summary>Characters consumed so far.</summary>
        public long CharsConsumed { get { return _pos; } }
        /// <summary>Bytes produced so far.</summary>
        public long BytesProduced { get { return _bytes; } }

        /// <summary>Upper bound of the bytes <see cref="Decode"/> writes for <paramref name="charCount"/> characters.</summary>
        public static int MaxDecodedLength(int charCount) { return (charCount / 4 + 1) * 3; }

        public void Reset()
        {
            _acc = 0; _n = 0; _pad = 0; _done = false; _pos = 0; _bytes = 0;
        }

        /// <summary>Decodes <paramref name="count"/> characters into <paramref name="output"/> at
        /// <paramref name="outputOffset"/> (room for <see cref="MaxDecodedLength"/> bytes needed);
        /// returns the number of bytes written.</summary>
        public int Decode(char[] chars, int offset, int count, byte[] output, int outputOffset)
        {
            if (chars == null) throw new ArgumentNullException("chars");
            if (output == null) throw new ArgumentNullException("output");
            int o = outputOffset;
            int end = offset + count;
            for (int i = offset; i < end; i++, _pos++)
            {
                char c = chars[i];
                int v = Value(c);
                if (v < 0)
                {
                    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
                    if (c == '=')
                    {
                        // '=' only as 3rd/4th char of a group: "xx==" or "xxx=".
                        if (_done) throw new Base64Exception(Base64Error.BadPadding, _pos, "too much padding");
                        if (_n + _pad < 2) throw new Base64Exception(Base64Error.BadPadding, _pos, "padding too early in a group");
                        _pad++;
                        if (_n + _pad == 4) Finish4(output, ref o);
                        continue;
                    }
                    throw new Base64Exception(Base64Error.InvalidCharacter, _pos, "invalid base64 character U+" + IotEsim.Rsp.Util.Hex.Encode(new byte[] { (byte)(c >> 8), (byte)c }));
                }
                if (_done || _pad > 0) throw new Base64Exception(Base64Error.BadPadding, _pos, "data after padding");
                _acc = (_acc << 6) | v;
                _n++;
                if (_n == 4)
                {
                    output[o++] = (byte)(_acc >> 16);
                    output[o++] = (byte)(_acc >> 8);
                    output[o++] = (byte)_acc;
                    _bytes += 3;
                    _acc = 0;
                    _n = 0;
                }
            }
            return o - outputOffset;
        }

        /// <summary>Checks that the text ended on a group boundary.</summary>
        public void Finish()
        {
            if (_n != 0 || _pad != 0) throw new Base64Exception(Base64Error.Truncated, _pos, "base64 text ends inside a group");
        }

        private void Finish4(byte[] output, ref int o)
        {
            // _n data chars (2 or 3) + padding.
            if (_n == 2)
            {
                output[o++] = (byte)(_acc >> 4);
                _bytes += 1;
            }
            else
            {
                output[o++] = (byte)(_acc >> 10);
                output[o++] = (byte)(_acc >> 2);
                _bytes += 2;
            }
            _acc = 0;
            _n = 0;
            _pad = 0;
            _done = true;
        }

        private static int Value(char c)
        {
            if (c >= 'A' && c <= 'Z') return c - 'A';
            if (c >= 'a' && c <= 'z') return c - 'a' + 26;
            if (c >= '0' && c <= '9') return c - '0' + 52;
            if (c == '+') return 62;
            if (c == '/') return 63;
            return -1;
        }

        /// <summary>Decodes a whole base64 string with the same rules (typed errors instead of FormatException).</summary>
        public static byte[] DecodeString(string text)
        {
            if (text == null) throw new ArgumentNullException("text");
            var d = new Base64StreamDecoder();
            var chars = text.ToCharArray();
            var tmp = new byte[MaxDecodedLength(chars.Length)];
            int n = d.Decode(chars, 0, chars.Length, tmp, 0);
            d.Finish();
            if (n == tmp.Length) return tmp;
            var r = new byte[n];
            Array.Copy(tmp, r, n);
            return r;
        }
    }
}
