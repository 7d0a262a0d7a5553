using System;
using System.IO;

namespace IotEsim.Ipa.Http
{
    /// <summary>Small helpers shared by the RSP HTTP clients.</summary>
    public static class HttpBody
    {
        /// <summary>Reads a whole (non-BPP) response body, refusing more than <paramref name="max"/> bytes so a
        /// broken server cannot exhaust the device's memory.</summary>
        public static byte[] ReadAll(Stream s, int max)
        {
            if (s == null) return new byte[0];
            var buf = new byte[1024];
            int n = 0;
            while (true)
            {
                if (n == buf.Length)
                {
                    if (buf.Length >= max) throw new HttpTransportException("response body longer than " + max.ToString() + " bytes", false);
                    int cap = buf.Length * 2;
                    if (cap > max) cap = max;
                    var nb = new byte[cap];
                    Array.Copy(buf, nb, n);
                    buf = nb;
                }
                int r = s.Read(buf, n, buf.Length - n);
                if (r <= 0) break;
                n += r;
            }
            var res = new byte[n];
            Array.Copy(buf, res, n);
            return res;
        }

        /// <summary>"https://host[:port]/path" from a server address that may itself carry a scheme.</summary>
        public static string Url(string scheme, string address, string path)
        {
            if (address == null || address.Length == 0) throw new ArgumentException("empty server address");
            if (address.IndexOf("://") > 0)
            {
                if (address[address.Length - 1] == '/') address = address.Substring(0, address.Length - 1);
                return address + path;
            }
            return (scheme == null || scheme.Length == 0 ? "https" : scheme) + "://" + address + path;
        }

        /// <summary>Status codes worth retrying later: timeouts, throttling and server-side failures.</summary>
        public static bool IsTransientStatus(int status)
        {
            return status == 408 || status == 429 || status >= 500;
        }
    }
}
