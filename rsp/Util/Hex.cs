using System;
using System.Text;

namespace IotEsim.Rsp.Util
{
    /// <summary>Hexadecimal text &lt;-&gt; bytes. nanoFramework has no Convert.ToHexString.</summary>
    public static class Hex
    {
        private const string Digits = "0123456789ABCDEF";

        /// <summary>Upper-case hex, as APDU traces and the GSMA specs print it.</summary>
        public static string Encode(byte[] data)
        {
            if (data == null) return "";
            return Encode(data, 0, data.Length);
        }

        public static string Encode(byte[] data, int offset, int count)
        {
            var sb = new StringBuilder(count * 2);
            for (int i = offset; i < offset + count; i++)
            {
                sb.Append(Digits[data[i] >> 4]);
                sb.Append(Digits[data[i] & 0x0F]);
            }
            return sb.ToString();
        }

        /// <summary>Parses hex; spaces, tabs, colons and line breaks between digit pairs are ignored.</summary>
        /// <exception cref="FormatException">odd digit count or a non-hex character</exception>
        public static byte[] Decode(string text)
        {
            if (text == null) return new byte[0];
            int digits = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (IsSeparator(c)) continue;
                if (Nibble(c) < 0) throw new FormatException("not a hex digit at " + i.ToString());
                digits++;
            }
            if ((digits & 1) != 0) throw new FormatException("odd number of hex digits");
            var result = new byte[digits / 2];
            int n = 0, hi = -1;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (IsSeparator(c)) continue;
                int v = Nibble(c);
                if (hi < 0) hi = v;
                else { result[n++] = (byte)((hi << 4) | v); hi = -1; }
            }
            return result;
        }

        private static bool IsSeparator(char c)
        {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':';
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }
    }
}
