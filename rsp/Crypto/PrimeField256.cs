using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>
    /// Arithmetic modulo any odd 256-bit modulus m, in Montgomery form (R = 2^256), on eight 32-bit limbs
    /// (least significant first). Generic where P256Field is specialised: used for brainpoolP256r1, whose
    /// field and group order have no special shape. No BigInteger (not on nanoFramework); 64-bit products only.
    /// Values handed in are expected to be fully reduced (&lt; m).
    /// </summary>
    public sealed class PrimeField256
    {
        public const int Limbs = 8;

        private readonly uint[] _m;
        private readonly uint _n0;          // -m^-1 mod 2^32
        private readonly uint[] _r2;        // R^2 mod m
        private readonly uint[] _one;       // R mod m (1 in Montgomery form)
        private readonly uint[] _mMinus2;   // exponent for inversion (Fermat; m is prime)

        public PrimeField256(uint[] modulus)
        {
            if (modulus == null || modulus.Length != Limbs || (modulus[0] & 1) == 0) throw new CryptoException("modulus must be odd, 8 limbs");
            _m = (uint[])modulus.Clone();
            uint inv = 1;
            for (int i = 0; i < 5; i++) inv = unchecked(inv * (2u - _m[0] * inv));   // Newton: inv = m0^-1 mod 2^32
            _n0 = unchecked(0u - inv);
            // R^2 mod m by doubling 1 512 times (once per modulus, cheap next to one scalar multiplication).
            var r = new uint[Limbs];
            r[0] = 1;
            for (int i = 0; i < 512; i++) AddMod(r, r, r);
            _r2 = r;
            _one = new uint[Limbs];
            var unit = new uint[Limbs];
            unit[0] = 1;
            ToMont(_one, unit);
            _mMinus2 = (uint[])_m.Clone();
            SubRaw(_mMinus2, _mMinus2, new uint[] { 2, 0, 0, 0, 0, 0, 0, 0 });
        }

        public uint[] Modulus { get { return _m; } }

        /// <summary>1 in Montgomery form (a copy).</summary>
        public uint[] One { get { return (uint[])_one.Clone(); } }

        // ------------------------------------------------------------------ conversions

        /// <summary>32 big-endian bytes at <paramref name="off"/> to limbs (not reduced).</summary>
        public static uint[] FromBytes(byte[] b, int off)
        {
            var r = new uint[Limbs];
            for (int i = 0; i < Limbs; i++)
            {
                int p = off + 28 - 4 * i;
                r[i] = ((uint)b[p] << 24) | ((uint)b[p + 1] << 16) | ((uint)b[p + 2] << 8) | b[p + 3];
            }
            return r;
        }

        public static void ToBytes(uint[] a, byte[] b, int off)
        {
            for (int i = 0; i < Limbs; i++)
            {
                int p = off + 28 - 4 * i;
                uint v = a[i];
                b[p] = (byte)(v >> 24); b[p + 1] = (byte)(v >> 16); b[p + 2] = (byte)(v >> 8); b[p + 3] = (byte)v;
            }
        }

        /// <summary>64 hex digits (big-endian) to limbs; for curve constants.</summary>
        public static uint[] FromHex(string hex)
        {
            return FromBytes(IotEsim.Rsp.Util.Hex.Decode(hex), 0);
        }

        public void ToMont(uint[] r, uint[] a) { Mul(r, a, _r2); }

        public void FromMont(uint[] r, uint[] a)
        {
            var unit = new uint[Limbs];
            unit[0] = 1;
            Mul(r, a, unit);
        }

        // ------------------------------------------------------------------ predicates

        /// <summary>a &lt; m.</summary>
        public bool IsReduced(uint[] a) { return Compare(a, _m) < 0; }

        /// <summary>0 &lt; a &lt; m.</summary>
        public bool InRange(uint[] a) { return !IsZero(a) && IsReduced(a); }

        public static bool IsZero(uint[] a)
        {
            uint acc = 0;
            for (int i = 0; i < Limbs; i++) acc |= a[i];
            return acc == 0;
        }

        public static bool Equal(uint[] a, uint[] b)
        {
            uint acc = 0;
            for (int i = 0; i < Limbs; i++) acc |= a[i] ^ b[i];
            return acc == 0;
        }

        public static int Compare(uint[] a, uint[] b)
        {
            for (int i = Limbs - 1; i >= 0; i--)
            {
                if (a[i] > b[i]) return 1;
                if (a[i] < b[i]) return -1;
            }
            return 0;
        }

        /// <summary>a := a - m when a &gt;= m (for values below 2m, e.g. a hash or an x coordinate mod n).</summary>
        public void ReduceOnce(uint[] a)
        {
            if (Compare(a, _m) >= 0) SubRaw(a, a, _m);
        }

        // ------------------------------------------------------------------ arithmetic

        /// <summary>r = a + b mod m.</summary>
        public void AddMod(uint[] r, uint[] a, uint[] b)
        {
            ulong c = 0;
            var t = new uint[Limbs];
            for (int i = 0; i < Limbs; i++)
            {
                c += (ulong)a[i] + b[i];
                t[i] = (uint)c;
                c >>= 32;
            }
            if (c != 0 || Compare(t, _m) >= 0) SubRaw(t, t, _m);
            Array.Copy(t, r, Limbs);
        }

        /// <summary>r = a - b mod m.</summary>
        public void SubMod(uint[] r, uint[] a, uint[] b)
        {
            var t = new uint[Limbs];
            uint borrow = SubRaw(t, a, b);
            if (borrow != 0)
            {
                ulong c = 0;
                for (int i = 0; i < Limbs; i++)
                {
                    c += (ulong)t[i] + _m[i];
                    t[i] = (uint)c;
                    c >>= 32;
                }
            }
            Array.Copy(t, r, Limbs);
        }

        /// <summary>r = a - b over 256 bits; returns the borrow (0 or 1).</summary>
        private static uint SubRaw(uint[] r, uint[] a, uint[] b)
        {
            long c = 0;
            for (int i = 0; i < Limbs; i++)
            {
                c += (long)a[i] - b[i];
                r[i] = (uint)c;
                c >>= 32;
            }
            return c < 0 ? 1u : 0u;
        }

        /// <summary>Montgomery product r = a b R^-1 mod m (CIOS; r may alias a or b).</summary>
        public void Mul(uint[] r, uint[] a, uint[] b)
        {
            var t = new uint[Limbs + 2];
            for (int i = 0; i < Limbs; i++)
            {
                ulong bi = b[i];
                ulong c = 0;
                for (int j = 0; j < Limbs; j++)
                {
                    c += t[j] + a[j] * bi;
                    t[j] = (uint)c;
                    c >>= 32;
                }
                c += t[Limbs];
                t[Limbs] = (uint)c;
                t[Limbs + 1] = (uint)(c >> 32);

                ulong m = unchecked(t[0] * _n0);
                c = t[0] + m * _m[0];
                c >>= 32;
                for (int j = 1; j < Limbs; j++)
                {
                    c += t[j] + m * _m[j];
                    t[j - 1] = (uint)c;
                    c >>= 32;
                }
                c += t[Limbs];
                t[Limbs - 1] = (uint)c;
                t[Limbs] = t[Limbs + 1] + (uint)(c >> 32);
            }
            var res = new uint[Limbs];
            Array.Copy(t, res, Limbs);
            if (t[Limbs] != 0 || Compare(res, _m) >= 0) SubRaw(res, res, _m);
            Array.Copy(res, r, Limbs);
        }

        public void Sqr(uint[] r, uint[] a) { Mul(r, a, a); }

        /// <summary>r = a^-1 (Montgomery form in and out) by Fermat: a^(m-2). a must be non-zero.</summary>
        public void Inv(uint[] r, uint[] a)
        {
            var acc = One;
            var x = (uint[])a.Clone();
            for (int i = 0; i < 256; i++)
            {
                if (((_mMinus2[i >> 5] >> (i & 31)) & 1) != 0) Mul(acc, acc, x);
                Mul(x, x, x);
            }
            Array.Copy(acc, r, Limbs);
        }
    }
}
