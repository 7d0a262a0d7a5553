using System;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Asn1
{
    /// <summary>Encoding helpers shared by <see cref="TlvWriter"/> and code that builds headers by hand
    /// (e.g. the IPA forwarding "BF36 tag+length" before streaming the BPP body).</summary>
    public static class Der
    {
        public static int TagSize(int tag)
        {
            if ((tag & ~0xFF) == 0) return 1;
            if ((tag & ~0xFFFF) == 0) return 2;
            if ((tag & ~0xFFFFFF) == 0) return 3;
            return 4;
        }

        public static int LengthSize(int length)
        {
            if (length < 0) throw new ArgumentOutOfRangeException("length");
            if (length < 0x80) return 1;
            if (length <= 0xFF) return 2;
            if (length <= 0xFFFF) return 3;
            if (length <= 0xFFFFFF) return 4;
            return 5;
        }

        /// <summary>Writes the minimal definite length at <paramref name="offset"/>.</summary>
        public static void PutLength(int length, byte[] dst, int offset)
        {
            int n = LengthSize(length);
            if (n == 1) { dst[offset] = (byte)length; return; }
            dst[offset] = (byte)(0x80 | (n - 1));
            for (int i = 1; i < n; i++) dst[offset + i] = (byte)(length >> (8 * (n - 1 - i)));
        }

        /// <summary>Tag and length bytes of a TLV whose value is <paramref name="length"/> bytes long.</summary>
        public static byte[] Header(int tag, int length)
        {
            int ts = TagSize(tag);
            var h = new byte[ts + LengthSize(length)];
            for (int i = 0; i < ts; i++) h[i] = (byte)(tag >> (8 * (ts - 1 - i)));
            PutLength(length, h, ts);
            return h;
        }

        /// <summary>A complete TLV.</summary>
        public static byte[] Encode(int tag, byte[] value)
        {
            return Bytes.Concat(Header(tag, value.Length), value);
        }

        public static byte[] EncodeInteger(long value)
        {
            int n = 8;
            // Drop leading bytes that only repeat the sign.
            while (n > 1)
            {
                long top = value >> (8 * (n - 1));
                int next = (int)((value >> (8 * (n - 2))) & 0x80);
                if ((top == 0 && next == 0) || (top == -1 && next != 0)) n--;
                else break;
            }
            var r = new byte[n];
            for (int i = 0; i < n; i++) r[i] = (byte)(value >> (8 * (n - 1 - i)));
            return r;
        }

        /// <summary>Minimal INTEGER content for a non-negative big-endian magnitude.</summary>
        public static byte[] EncodeUnsignedInteger(byte[] magnitude)
        {
            int s = 0;
            while (s < magnitude.Length - 1 && magnitude[s] == 0) s++;
            bool pad = (magnitude[s] & 0x80) != 0;
            var r = new byte[magnitude.Length - s + (pad ? 1 : 0)];
            Array.Copy(magnitude, s, r, pad ? 1 : 0, magnitude.Length - s);
            return r;
        }

        /// <summary>INTEGER content as an unsigned magnitude of exactly <paramref name="size"/> bytes (left-padded);
        /// used for ECDSA r and s.</summary>
        public static byte[] DecodeUnsignedInteger(byte[] content, int offset, int count, int size)
        {
            int s = offset;
            int e = offset + count;
            while (s < e - 1 && content[s] == 0) s++;
            int n = e - s;
            if (n > size) throw new DerException(DerError.InvalidValue, offset, "integer larger than " + size.ToString() + " bytes");
            var r = new byte[size];
            Array.Copy(content, s, r, size - n, n);
            return r;
        }
    }
}
