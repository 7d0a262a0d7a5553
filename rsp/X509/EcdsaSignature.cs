using System;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.X509
{
    /// <summary>
    /// ECDSA signature formats: X.509 carries Ecdsa-Sig-Value (SEQUENCE { INTEGER r, INTEGER s },
    /// RFC 5480/3279) while RSP messages and <see cref="IotEsim.Rsp.Crypto.ICryptoProvider"/> use
    /// raw r||s (BSI TR-03111), 32 bytes each for P-256.
    /// </summary>
    public static class EcdsaSignature
    {
        /// <summary>r||s (64 bytes) from DER Ecdsa-Sig-Value; throws <see cref="DerException"/> when malformed.</summary>
        public static byte[] DerToRaw(byte[] der, int offset, int count)
        {
            var seq = TlvReader.Parse(der, offset, count, true).Expect(Tags.Sequence);
            var r = seq.Children();
            var ri = r.Read(Tags.Integer);
            var si = r.Read(Tags.Integer);
            if (r.HasMore) throw new DerException(DerError.TrailingData, r.Position, "extra element in Ecdsa-Sig-Value");
            CheckPositive(ri);
            CheckPositive(si);
            var raw = new byte[64];
            Array.Copy(Der.DecodeUnsignedInteger(ri.Buffer, ri.ValueOffset, ri.Length, 32), 0, raw, 0, 32);
            Array.Copy(Der.DecodeUnsignedInteger(si.Buffer, si.ValueOffset, si.Length, 32), 0, raw, 32, 32);
            return raw;
        }

        public static byte[] DerToRaw(byte[] der) { return DerToRaw(der, 0, der.Length); }

        /// <summary>DER Ecdsa-Sig-Value from r||s (64 bytes).</summary>
        public static byte[] RawToDer(byte[] raw)
        {
            if (raw == null || raw.Length != 64) throw new ArgumentException("raw signature must be 64 bytes");
            var r = new byte[32];
            var s = new byte[32];
            Array.Copy(raw, 0, r, 0, 32);
            Array.Copy(raw, 32, s, 0, 32);
            var w = new TlvWriter(80);
            w.Begin(Tags.Sequence);
            w.WriteUnsignedInteger(Tags.Integer, r);
            w.WriteUnsignedInteger(Tags.Integer, s);
            w.End();
            return w.ToArray();
        }

        private static void CheckPositive(Tlv i)
        {
            if (i.Length == 0 || (i.Buffer[i.ValueOffset] & 0x80) != 0)
                throw new DerException(DerError.InvalidValue, i.ValueOffset, "ECDSA r/s must be a positive INTEGER");
        }
    }
}
