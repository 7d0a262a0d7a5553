using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>
    /// Arithmetic modulo the P-256 group order n, for ECDSA. Montgomery multiplication (CIOS) with
    /// 32-bit limbs, because n has no special shape to exploit. Values are uint[8] little-endian, &lt; n.
    /// </summary>
    internal static class P256Scalar
    {
        internal static readonly uint[] N = new uint[] { 0xfc632551, 0xf3b9cac2, 0xa7179e84, 0xbce6faad, 0xffffffff, 0xffffffff, 0, 0xffffffff };
        private static readonly uint N0Inv;   // -n^-1 mod 2^32
        private static readonly uint[] R2;    // 2^512 mod n, converts into the Montgomery domain
        private static readonly uint[] NMinus2 = new uint[8];

        static P256Scalar()
        {
            // Newton iteration doubles the number of correct low bits of n0^-1 each round.
            uint n0 = N[0];
            uint inv = 1;
            for (int i = 0; i < 5; i++) inv *= 2 - n0 * inv;
            N0Inv = (uint)(0 - inv);

            R2 = new uint[8];
            R2[0] = 1;
            for (int i = 0; i < 512; i++)
            {
                uint carry = P256Field.AddRaw(R2, R2, R2);
                if (carry != 0 || P256Field.GreaterOrEqual(R2, N)) P256Field.SubRaw(R2, R2, N);
            }
            var two = new uint[8];
            two[0] = 2;
            P256Field.SubRaw(NMinus2, N, two);
        }

        internal static bool IsZero(uint[] a) { return P256Field.IsZero(a); }

        /// <summary>1 &lt;= a &lt; n.</summary>
        internal static bool InRange(uint[] a)
        {
            return !P256Field.IsZero(a) && !P256Field.GreaterOrEqual(a, N);
        }

        /// <summary>Reduces a value below 2^256 (hence below 2n) modulo n.</summary>
        internal static void ReduceOnce(uint[] a)
        {
            if (P256Field.GreaterOrEqual(a, N)) P256Field.SubRaw(a, a, N);
        }

        internal static void Add(uint[] r, uint[] a, uint[] b)
        {
            uint carry = P256Field.AddRaw(r, a, b);
            if (carry != 0 || P256Field.GreaterOrEqual(r, N)) P256Field.SubRaw(r, r, N);
        }

        /// <summary>r = a * b * 2^-256 mod n.</summary>
        private static void MontMul(uint[] r, uint[] a, uint[] b)
        {
            var t = new uint[10];
            for (int i = 0; i < 8; i++)
            {
                ulong c = 0;
                ulong bi = b[i];
                for (int j = 0; j < 8; j++)
                {
                    ulong s = t[j] + a[j] * bi + c;
                    t[j] = (uint)s;
                    c = s >> 32;
                }
                ulong s8 = t[8] + c;
                t[8] = (uint)s8;
                t[9] = (uint)(s8 >> 32);

                uint m = t[0] * N0Inv;
                c = ((ulong)t[0] + (ulong)m * N[0]) >> 32;
                for (int j = 1; j < 8; j++)
                {
                    ulong s = t[j] + (ulong)m * N[j] + c;
                    t[j - 1] = (uint)s;
                    c = s >> 32;
                }
                s8 = t[8] + c;
                t[7] = (uint)s8;
                t[8] = t[9] + (uint)(s8 >> 32);
            }
            var res = new uint[8];
            Array.Copy(t, res, 8);
            if (t[8] != 0 || P256Field.GreaterOrEqual(res, N)) P256Field.SubRaw(res, res, N);
            Array.Copy(res, r, 8);
        }

        /// <summary>r = a * b mod n.</summary>
        internal static void Mul(uint[] r, uint[] a, uint[] b)
        {
            MontMul(r, a, b);
            MontMul(r, r, R2);
        }

        /// <summary>r = a^-1 mod n (Fermat, n is prime).</summary>
        internal static void Inv(uint[] r, uint[] a)
        {
            var x = new uint[8];
            MontMul(x, a, R2);                 // a in Montgomery form
            var acc = new uint[8];
            Array.Copy(x, acc, 8);             // top bit of n-2 is set
            for (int i = 254; i >= 0; i--)
            {
                MontMul(acc, acc, acc);
                if (((NMinus2[i >> 5] >> (i & 31)) & 1) != 0) MontMul(acc, acc, x);
            }
            var one = new uint[8];
            one[0] = 1;
            MontMul(r, acc, one);              // leave the Montgomery domain
        }
    }
}
