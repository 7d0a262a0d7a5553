using System;

namespace IotEsim.Rsp.Util
{
    /// <summary>Small byte-array helpers (nanoFramework has Array.Copy but no Buffer.BlockCopy, no LINQ).</summary>
    public static class Bytes
    {
        public static readonly byte[] Empty = new byte[0];

        public static byte[] Concat(byte[] a, byte[] b)
        {
            var r = new byte[a.Length + b.Length];
            Array.Copy(a, 0, r, 0, a.Length);
            Array.Copy(b, 0, r, a.Length, b.Length);
            return r;
        }

        public static byte[] Concat(byte[] a, byte[] b, byte[] c)
        {
            var r = new byte[a.Length + b.Length + c.Length];
            Array.Copy(a, 0, r, 0, a.Length);
            Array.Copy(b, 0, r, a.Length, b.Length);
            Array.Copy(c, 0, r, a.Length + b.Length, c.Length);
            return r;
        }

        public static byte[] Concat(byte[][] parts)
        {
            int n = 0;
            for (int i = 0; i < parts.Length; i++) n += parts[i].Length;
            var r = new byte[n];
            int o = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                Array.Copy(parts[i], 0, r, o, parts[i].Length);
                o += parts[i].Length;
            }
            return r;
        }

        public static byte[] Slice(byte[] src, int offset, int count)
        {
            var r = new byte[count];
            Array.Copy(src, offset, r, 0, count);
            return r;
        }

        public static bool Equal(byte[] a, byte[] b)
        {
            if (a == null || b == null) return a == b;
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        public static bool Equal(byte[] a, int aOff, byte[] b, int bOff, int count)
        {
            for (int i = 0; i < count; i++) if (a[aOff + i] != b[bOff + i]) return false;
            return true;
        }

        /// <summary>Comparison whose time does not depend on where the first difference is (MACs, signatures).</summary>
        public static bool FixedTimeEqual(byte[] a, int aOff, byte[] b, int bOff, int count)
        {
            int diff = 0;
            for (int i = 0; i < count; i++) diff |= a[aOff + i] ^ b[bOff + i];
            return diff == 0;
        }

        public static void Clear(byte[] data)
        {
            if (data != null) Array.Clear(data, 0, data.Length);
        }

        public static void WriteUInt32BE(uint v, byte[] dst, int off)
        {
            dst[off] = (byte)(v >> 24); dst[off + 1] = (byte)(v >> 16); dst[off + 2] = (byte)(v >> 8); dst[off + 3] = (byte)v;
        }

        public static uint ReadUInt32BE(byte[] src, int off)
        {
            return ((uint)src[off] << 24) | ((uint)src[off + 1] << 16) | ((uint)src[off + 2] << 8) | src[off + 3];
        }
    }
}
