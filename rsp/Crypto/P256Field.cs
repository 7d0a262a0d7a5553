using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>
    /// Arithmetic modulo the P-256 prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1.
    /// Elements are uint[8], little-endian 32-bit limbs, always fully reduced (0 &lt;= a &lt; p).
    /// An instance holds the scratch space so the hot paths allocate nothing; instances are not
    /// shared between threads (each EC operation makes its own).
    /// </summary>
    internal sealed class P256Field
    {
        internal static readonly uint[] P = new uint[] { 0xffffffff, 0xffffffff, 0xffffffff, 0, 0, 0, 1, 0xffffffff };

        internal static uint[] New() { return new uint[8]; }

        internal static void Copy(uint[] dst, uint[] src) { Array.Copy(src, dst, 8); }

        internal static bool IsZero(uint[] a)
        {
            uint x = 0;
            for (int i = 0; i < 8; i++) x |= a[i];
            return x == 0;
        }

        internal static bool Equal(uint[] a, uint[] b)
        {
            uint x = 0;
            for (int i = 0; i < 8; i++) x |= a[i] ^ b[i];
            return x == 0;
        }

        /// <summary>a &gt;= b as 256-bit integers.</summary>
        internal static bool GreaterOrEqual(uint[] a, uint[] b)
        {
            for (int i = 7; i >= 0; i--)
            {
                if (a[i] != b[i]) return a[i] > b[i];
            }
            return true;
        }

        /// <summary>r = a - b over 256 bits; returns the borrow (0 or 1).</summary>
        internal static uint SubRaw(uint[] r, uint[] a, uint[] b)
        {
            long borrow = 0;
            for (int i = 0; i < 8; i++)
            {
                long t = (long)a[i] - b[i] + borrow;
                r[i] = (uint)t;
                borrow = t >> 32;
            }
            return (uint)(-borrow);
        }

        /// <summary>r = a + b over 256 bits; returns the carry.</summary>
        internal static uint AddRaw(uint[] r, uint[] a, uint[] b)
        {
            ulong carry = 0;
            for (int i = 0; i < 8; i++)
            {
                ulong t = (ulong)a[i] + b[i] + carry;
                r[i] = (uint)t;
                carry = t >> 32;
            }
            return (uint)carry;
        }

        internal static void Add(uint[] r, uint[] a, uint[] b)
        {
            uint carry = AddRaw(r, a, b);
            if (carry != 0 || GreaterOrEqual(r, P)) SubRaw(r, r, P);
        }

        internal static void Sub(uint[] r, uint[] a, uint[] b)
        {
            if (SubRaw(r, a, b) != 0) AddRaw(r, r, P);
        }

        /// <summary>r = a * b mod p. r may alias a or b. Fully unrolled product-scanning multiply: each
        /// column sums the low and high halves of its 32x32 products separately so nothing overflows,
        /// and the limbs stay in locals (no array traffic, no bounds checks in the hot loop).</summary>
        internal void Mul(uint[] r, uint[] a, uint[] b)
        {
            ulong a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
            ulong b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7];
            ulong lo, hi, p, carry = 0;
            lo = carry; hi = 0;
            p = a0 * b0; lo += (uint)p; hi += p >> 32;
            long c0 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a0 * b1; lo += (uint)p; hi += p >> 32;
            p = a1 * b0; lo += (uint)p; hi += p >> 32;
            long c1 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a0 * b2; lo += (uint)p; hi += p >> 32;
            p = a1 * b1; lo += (uint)p; hi += p >> 32;
            p = a2 * b0; lo += (uint)p; hi += p >> 32;
            long c2 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a0 * b3; lo += (uint)p; hi += p >> 32;
            p = a1 * b2; lo += (uint)p; hi += p >> 32;
            p = a2 * b1; lo += (uint)p; hi += p >> 32;
            p = a3 * b0; lo += (uint)p; hi += p >> 32;
            long c3 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a0 * b4; lo += (uint)p; hi += p >> 32;
            p = a1 * b3; lo += (uint)p; hi += p >> 32;
            p = a2 * b2; lo += (uint)p; hi += p >> 32;
            p = a3 * b1; lo += (uint)p; hi += p >> 32;
            p = a4 * b0; lo += (uint)p; hi += p >> 32;
            long c4 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a0 * b5; lo += (uint)p; hi += p >> 32;
            p = a1 * b4; lo += (uint)p; hi += p >> 32;
            p = a2 * b3; lo += (uint)p; hi += p >> 32;
            p = a3 * b2; lo += (uint)p; hi += p >> 32;
            p = a4 * b1; lo += (uint)p; hi += p >> 32;
            p = a5 * b0; lo += (uint)p; hi += p >> 32;
            long c5 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a0 * b6; lo += (uint)p; hi += p >> 32;
            p = a1 * b5; lo += (uint)p; hi += p >> 32;
            p = a2 * b4; lo += (uint)p; hi += p >> 32;
            p = a3 * b3; lo += (uint)p; hi += p >> 32;
            p = a4 * b2; lo += (uint)p; hi += p >> 32;
            p = a5 * b1; lo += (uint)p; hi += p >> 32;
            p = a6 * b0; lo += (uint)p; hi += p >> 32;
            long c6 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a0 * b7; lo += (uint)p; hi += p >> 32;
            p = a1 * b6; lo += (uint)p; hi += p >> 32;
            p = a2 * b5; lo += (uint)p; hi += p >> 32;
            p = a3 * b4; lo += (uint)p; hi += p >> 32;
            p = a4 * b3; lo += (uint)p; hi += p >> 32;
            p = a5 * b2; lo += (uint)p; hi += p >> 32;
            p = a6 * b1; lo += (uint)p; hi += p >> 32;
            p = a7 * b0; lo += (uint)p; hi += p >> 32;
            long c7 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a1 * b7; lo += (uint)p; hi += p >> 32;
            p = a2 * b6; lo += (uint)p; hi += p >> 32;
            p = a3 * b5; lo += (uint)p; hi += p >> 32;
            p = a4 * b4; lo += (uint)p; hi += p >> 32;
            p = a5 * b3; lo += (uint)p; hi += p >> 32;
            p = a6 * b2; lo += (uint)p; hi += p >> 32;
            p = a7 * b1; lo += (uint)p; hi += p >> 32;
            long c8 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a2 * b7; lo += (uint)p; hi += p >> 32;
            p = a3 * b6; lo += (uint)p; hi += p >> 32;
            p = a4 * b5; lo += (uint)p; hi += p >> 32;
            p = a5 * b4; lo += (uint)p; hi += p >> 32;
            p = a6 * b3; lo += (uint)p; hi += p >> 32;
            p = a7 * b2; lo += (uint)p; hi += p >> 32;
            long c9 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a3 * b7; lo += (uint)p; hi += p >> 32;
            p = a4 * b6; lo += (uint)p; hi += p >> 32;
            p = a5 * b5; lo += (uint)p; hi += p >> 32;
            p = a6 * b4; lo += (uint)p; hi += p >> 32;
            p = a7 * b3; lo += (uint)p; hi += p >> 32;
            long c10 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a4 * b7; lo += (uint)p; hi += p >> 32;
            p = a5 * b6; lo += (uint)p; hi += p >> 32;
            p = a6 * b5; lo += (uint)p; hi += p >> 32;
            p = a7 * b4; lo += (uint)p; hi += p >> 32;
            long c11 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a5 * b7; lo += (uint)p; hi += p >> 32;
            p = a6 * b6; lo += (uint)p; hi += p >> 32;
            p = a7 * b5; lo += (uint)p; hi += p >> 32;
            long c12 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a6 * b7; lo += (uint)p; hi += p >> 32;
            p = a7 * b6; lo += (uint)p; hi += p >> 32;
            long c13 = (long)(uint)lo; carry = (lo >> 32) + hi;
            lo = carry; hi = 0;
            p = a7 * b7; lo += (uint)p; hi += p >> 32;
            long c14 = (long)(uint)lo; carry = (lo >> 32) + hi;
            long c15 = (long)carry;
            Reduce(r, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15);
        }

        internal void Sqr(uint[] r, uint[] a) { Mul(r, a, a); }

        /// <summary>
        /// Fast reduction of a 512-bit product for the generalised-Mersenne prime p (FIPS 186-4 D.2.3):
        /// each result limb is a signed sum of product limbs, then carries are folded back using
        /// 2^256 = 2^224 - 2^192 - 2^96 + 1 (mod p).
        /// </summary>
        private static void Reduce(uint[] r, long c0, long c1, long c2, long c3, long c4, long c5, long c6, long c7,
            long c8, long c9, long c10, long c11, long c12, long c13, long c14, long c15)
        {
            long acc;
            acc = c0 + c8 + c9 - c11 - c12 - c13 - c14;
            r[0] = (uint)acc; acc >>= 32;
            acc += c1 + c9 + c10 - c12 - c13 - c14 - c15;
            r[1] = (uint)acc; acc >>= 32;
            acc += c2 + c10 + c11 - c13 - c14 - c15;
            r[2] = (uint)acc; acc >>= 32;
            acc += c3 + 2 * c11 + 2 * c12 + c13 - c15 - c8 - c9;
            r[3] = (uint)acc; acc >>= 32;
            acc += c4 + 2 * c12 + 2 * c13 + c14 - c9 - c10;
            r[4] = (uint)acc; acc >>= 32;
            acc += c5 + 2 * c13 + 2 * c14 + c15 - c10 - c11;
            r[5] = (uint)acc; acc >>= 32;
            acc += c6 + 3 * c14 + 2 * c15 + c13 - c8 - c9;
            r[6] = (uint)acc; acc >>= 32;
            acc += c7 + 3 * c15 + c8 - c10 - c11 - c12 - c13;
            r[7] = (uint)acc; acc >>= 32;
            FoldCarry(r, acc);
        }

        /// <summary>Adds carry * 2^256 (carry small, signed) to r and reduces fully.</summary>
        private static void FoldCarry(uint[] r, long carry)
        {
            while (carry != 0)
            {
                long acc = (long)r[0] + carry;
                r[0] = (uint)acc; acc >>= 32;
                acc += r[1]; r[1] = (uint)acc; acc >>= 32;
                acc += r[2]; r[2] = (uint)acc; acc >>= 32;
                acc += (long)r[3] - carry; r[3] = (uint)acc; acc >>= 32;
                acc += r[4]; r[4] = (uint)acc; acc >>= 32;
                acc += r[5]; r[5] = (uint)acc; acc >>= 32;
                acc += (long)r[6] - carry; r[6] = (uint)acc; acc >>= 32;
                acc += (long)r[7] + carry; r[7] = (uint)acc; acc >>= 32;
                carry = acc;
            }
            if (GreaterOrEqual(r, P)) SubRaw(r, r, P);
        }

        /// <summary>r = a^(p-2) = a^-1 mod p (Fermat); a = 0 gives 0.</summary>
        internal void Inv(uint[] r, uint[] a)
        {
            // p - 2 = ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff fffffffd
            var e = new uint[] { 0xfffffffd, 0xffffffff, 0xffffffff, 0, 0, 0, 1, 0xffffffff };
            var x = New();
            var acc = New();
            Copy(x, a);
            acc[0] = 1;
            bool started = false;
            for (int i = 255; i >= 0; i--)
            {
                if (started) Sqr(acc, acc);
                if (((e[i >> 5] >> (i & 31)) & 1) != 0)
                {
                    if (started) Mul(acc, acc, x);
                    else { Copy(acc, x); started = true; }
                }
            }
            Copy(r, acc);
        }

        /// <summary>Big-endian 32 bytes to limbs (not reduced).</summary>
        internal static uint[] FromBytes(byte[] b, int off)
        {
            var r = new uint[8];
            for (int i = 0; i < 8; i++)
            {
                int o = off + 28 - 4 * i;
                r[i] = ((uint)b[o] << 24) | ((uint)b[o + 1] << 16) | ((uint)b[o + 2] << 8) | b[o + 3];
            }
            return r;
        }

        internal static void ToBytes(uint[] a, byte[] b, int off)
        {
            for (int i = 0; i < 8; i++)
            {
                int o = off + 28 - 4 * i;
                uint v = a[i];
                b[o] = (byte)(v >> 24); b[o + 1] = (byte)(v >> 16); b[o + 2] = (byte)(v >> 8); b[o + 3] = (byte)v;
            }
        }
    }
}
