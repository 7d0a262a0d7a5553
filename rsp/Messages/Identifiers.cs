using System;
using System.Text;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.Messages
{
    /// <summary>
    /// ICCID as carried in SGP.22 objects (<c>Iccid ::= [APPLICATION 26] OCTET STRING (SIZE(10))</c>, coded
    /// as in EF.ICCID): 20 BCD digits, each byte's nibbles swapped, padded with F. Example from the
    /// captures: "8949449999999990023" ↔ <c>98 94 44 99 99 99 99 09 20 F3</c>.
    /// </summary>
    public static class Iccid
    {
        public const int Size = 10;

        /// <summary>Digits (18..20, 0-9 only) to the 10-byte swapped-BCD form.</summary>
        public static byte[] ToBytes(string iccid)
        {
            if (iccid == null || iccid.Length == 0 || iccid.Length > 20) throw new ArgumentException("ICCID must have 1..20 digits");
            var r = new byte[Size];
            for (int i = 0; i < 20; i++)
            {
                int nib = 0xF;
                if (i < iccid.Length)
                {
                    char c = iccid[i];
                    if (c < '0' || c > '9') throw new ArgumentException("ICCID digit expected at " + i.ToString());
                    nib = c - '0';
                }
                if ((i & 1) == 0) r[i / 2] |= (byte)nib;          // first digit of a pair = low nibble
                else r[i / 2] |= (byte)(nib << 4);
            }
            return r;
        }

        /// <summary>10 swapped-BCD bytes to the digit string (stops at the first F filler).
        /// Throws <see cref="DerException"/> (InvalidValue) on a bad length or a non-decimal nibble.</summary>
        public static string FromBytes(byte[] b)
        {
            if (b == null || b.Length != Size) throw new DerException(DerError.InvalidValue, 0, "ICCID must be 10 bytes");
            var sb = new StringBuilder(20);
            bool ended = false;
            for (int i = 0; i < 20; i++)
            {
                int nib = (i & 1) == 0 ? (b[i / 2] & 0x0F) : (b[i / 2] >> 4);
                if (nib == 0xF) { ended = true; continue; }
                if (ended || nib > 9) throw new DerException(DerError.InvalidValue, i / 2, "ICCID nibble " + nib.ToString() + " at digit " + i.ToString());
                sb.Append((char)('0' + nib));
            }
            return sb.ToString();
        }
    }

    /// <summary>EID: 16 bytes on the wire (<c>5A 10</c>), 32 decimal digits in text (plain BCD, no swap).</summary>
    public static class Eid
    {
        public const int Size = 16;

        public static byte[] ToBytes(string eid)
        {
            if (eid == null || eid.Length != 32) throw new ArgumentException("EID must have 32 digits");
            var r = new byte[Size];
            for (int i = 0; i < 32; i++)
            {
                char c = eid[i];
                if (c < '0' || c > '9') throw new ArgumentException("EID digit expected at " + i.ToString());
                int nib = c - '0';
                if ((i & 1) == 0) r[i / 2] = (byte)(nib << 4);
                else r[i / 2] |= (byte)nib;
            }
            return r;
        }

        public static string FromBytes(byte[] b)
        {
            if (b == null || b.Length != Size) throw new DerException(DerError.InvalidValue, 0, "EID must be 16 bytes");
            var sb = new StringBuilder(32);
            for (int i = 0; i < Size; i++)
            {
                int hi = b[i] >> 4, lo = b[i] & 0x0F;
                if (hi > 9 || lo > 9) throw new DerException(DerError.InvalidValue, i, "EID byte is not BCD");
                sb.Append((char)('0' + hi));
                sb.Append((char)('0' + lo));
            }
            return sb.ToString();
        }
    }
}
