using System;
using System.Text;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.X509
{
    /// <summary>
    /// OBJECT IDENTIFIER content octets &lt;-&gt; dotted text, and the OIDs RSP certificates use.
    /// OIDs are compared as dotted strings: cheap enough for the handful per certificate and
    /// readable in traces.
    /// </summary>
    public static class Oid
    {
        // X.509 / PKIX
        public const string EcPublicKey = "1.2.840.10045.2.1";
        public const string Prime256v1 = "1.2.840.10045.3.1.7";
        public const string BrainpoolP256r1 = "1.3.36.3.3.2.8.1.1.7";
        public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
        public const string CommonName = "2.5.4.3";
        public const string SerialNumber = "2.5.4.5";
        public const string Country = "2.5.4.6";
        public const string Organization = "2.5.4.10";
        public const string OrganizationalUnit = "2.5.4.11";
        public const string SubjectKeyIdentifier = "2.5.29.14";
        public const string KeyUsage = "2.5.29.15";
        public const string SubjectAltName = "2.5.29.17";
        public const string BasicConstraints = "2.5.29.19";
        public const string NameConstraints = "2.5.29.30";
        public const string CrlDistributionPoints = "2.5.29.31";
        public const string CertificatePolicies = "2.5.29.32";
        public const string AuthorityKeyIdentifier = "2.5.29.35";
        public const string ExtendedKeyUsage = "2.5.29.37";
        public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
        public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

        /// <summary>id-rsp-cert-objects.id-rspExt.permittedEins (SGP.22 v3 EUM certificates, variants A/B/C):
        /// SEQUENCE OF PrintableString, each an EID prefix. Used by pySim's osmo-smdpp the same way.</summary>
        public const string PermittedEins = "2.23.146.1.2.2.0";

        /// <summary>Content octets (no tag/length) of a dotted OID.</summary>
        /// <exception cref="ArgumentException">not a valid dotted OID</exception>
        public static byte[] Encode(string dotted)
        {
            if (dotted == null) throw new ArgumentNullException("dotted");
            string[] parts = dotted.Split(new char[] { '.' });
            if (parts.Length < 2) throw new ArgumentException("OID needs two arcs");
            long[] arcs = new long[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                string p = parts[i];
                if (p.Length == 0 || p.Length > 18) throw new ArgumentException("bad OID arc");
                long v = 0;
                for (int j = 0; j < p.Length; j++)
                {
                    char c = p[j];
                    if (c < '0' || c > '9') throw new ArgumentException("bad OID arc");
                    v = v * 10 + (c - '0');
                }
                arcs[i] = v;
            }
            if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39)) throw new ArgumentException("bad first OID arcs");
            var buf = new byte[parts.Length * 10];
            int n = PutBase128(arcs[0] * 40 + arcs[1], buf, 0);
            for (int i = 2; i < arcs.Length; i++) n = PutBase128(arcs[i], buf, n);
            var r = new byte[n];
            Array.Copy(buf, r, n);
            return r;
        }

        /// <summary>Complete OBJECT IDENTIFIER TLV (06 len content).</summary>
        public static byte[] EncodeTlv(string dotted)
        {
            return Der.Encode(Tags.ObjectIdentifier, Encode(dotted));
        }

        private static int PutBase128(long v, byte[] dst, int off)
        {
            int groups = 1;
            for (long t = v >> 7; t != 0; t >>= 7) groups++;
            for (int g = groups - 1; g >= 0; g--)
            {
                byte b = (byte)((v >> (7 * g)) & 0x7F);
                if (g != 0) b |= 0x80;
                dst[off++] = b;
            }
            return off;
        }

        /// <summary>Dotted text of OID content octets; throws <see cref="DerException"/> on malformed content.</summary>
        public static string Decode(byte[] buf, int offset, int count)
        {
            if (count <= 0) throw new DerException(DerError.InvalidValue, offset, "empty OBJECT IDENTIFIER");
            var sb = new StringBuilder();
            long v = 0;
            bool first = true;
            int groupLen = 0;
            for (int i = offset; i < offset + count; i++)
            {
                byte b = buf[i];
                if (groupLen == 0 && b == 0x80) throw new DerException(DerError.InvalidValue, i, "OID arc with leading 0x80");
                if (groupLen >= 9) throw new DerException(DerError.InvalidValue, i, "OID arc too large");
                v = (v << 7) | (long)(b & 0x7F);
                groupLen++;
                if ((b & 0x80) != 0) continue;
                if (first)
                {
                    long a0 = v < 40 ? 0 : (v < 80 ? 1 : 2);
                    sb.Append(a0.ToString());
                    sb.Append('.');
                    sb.Append((v - a0 * 40).ToString());
                    first = false;
                }
                else
                {
                    sb.Append('.');
                    sb.Append(v.ToString());
                }
                v = 0;
                groupLen = 0;
            }
            if (groupLen != 0) throw new DerException(DerError.Truncated, offset + count, "OID ends inside an arc");
            return sb.ToString();
        }

        /// <summary>Dotted text of an OBJECT IDENTIFIER TLV (checks the tag).</summary>
        public static string Decode(Tlv oid)
        {
            oid.Expect(Tags.ObjectIdentifier);
            return Decode(oid.Buffer, oid.ValueOffset, oid.Length);
        }
    }
}
