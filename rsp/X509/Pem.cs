using System;
using System.Text;

namespace IotEsim.Rsp.X509
{
    /// <summary>
    /// RFC 7468 text encoding: "-----BEGIN LABEL-----", base64 body, "-----END LABEL-----".
    /// Headers (RFC 1421 "Proc-Type:" lines) are not supported: RSP keys are never encrypted PEM.
    /// </summary>
    public static class Pem
    {
        /// <summary>Body of the first block with <paramref name="label"/> (e.g. "CERTIFICATE",
        /// "EC PRIVATE KEY", "PRIVATE KEY"), or null when there is no such block.</summary>
        /// <exception cref="FormatException">the block is cut or its body is not base64</exception>
        public static byte[] Decode(string text, string label)
        {
            if (text == null) return null;
            string begin = "-----BEGIN " + label + "-----";
            string end = "-----END " + label + "-----";
            int b = text.IndexOf(begin);
            if (b < 0) return null;
            int bodyStart = b + begin.Length;
            int e = text.IndexOf(end, bodyStart);
            if (e < 0) throw new FormatException("PEM block " + label + " has no END line");
            return Base64Body(text, bodyStart, e);
        }

        /// <summary>Label of the first PEM block in <paramref name="text"/>, or null.</summary>
        public static string FirstLabel(string text)
        {
            if (text == null) return null;
            const string marker = "-----BEGIN ";
            int b = text.IndexOf(marker);
            if (b < 0) return null;
            int s = b + marker.Length;
            int e = text.IndexOf("-----", s);
            if (e < 0) return null;
            return text.Substring(s, e - s);
        }

        private static byte[] Base64Body(string text, int start, int end)
        {
            // Strip line breaks and blanks ourselves: nanoFramework's decoder is strict about them.
            var sb = new StringBuilder(end - start);
            for (int i = start; i < end; i++)
            {
                char c = text[i];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
                if (!ok) throw new FormatException("PEM body is not base64");
                sb.Append(c);
            }
            if (sb.Length % 4 != 0) throw new FormatException("PEM body length is not a multiple of 4");
            return Convert.FromBase64String(sb.ToString());
        }

        /// <summary>PEM text with 64-character lines and "\n" line ends.</summary>
        public static string Encode(string label, byte[] der)
        {
            string b64 = Convert.ToBase64String(der);
            var sb = new StringBuilder(b64.Length + 100);
            sb.Append("-----BEGIN ");
            sb.Append(label);
            sb.Append("-----\n");
            for (int i = 0; i < b64.Length; i += 64)
            {
                int n = b64.Length - i < 64 ? b64.Length - i : 64;
                sb.Append(b64.Substring(i, n));
                sb.Append('\n');
            }
            sb.Append("-----END ");
            sb.Append(label);
            sb.Append("-----\n");
            return sb.ToString();
        }
    }
}
