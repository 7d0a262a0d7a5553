using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>A point in Jacobian coordinates (x = X/Z^2, y = Y/Z^3); Z = 0 is the point at infinity.</summary>
    internal sealed class JacobianPoint
    {
        internal readonly uint[] X = new uint[8];
        internal readonly uint[] Y = new uint[8];
        internal readonly uint[] Z = new uint[8];

        internal bool IsInfinity { get { return P256Field.IsZero(Z); } }

        internal void SetInfinity()
        {
            Array.Clear(X, 0, 8); Array.Clear(Y, 0, 8); Array.Clear(Z, 0, 8);
            X[0] = 1; Y[0] = 1;
        }

        internal void CopyFrom(JacobianPoint o)
        {
            Array.Copy(o.X, X, 8); Array.Copy(o.Y, Y, 8); Array.Copy(o.Z, Z, 8);
        }

        internal void SetAffine(uint[] x, uint[] y)
        {
            Array.Copy(x, X, 8); Array.Copy(y, Y, 8);
            Array.Clear(Z, 0, 8); Z[0] = 1;
        }
    }

    /// <summary>
    /// P-256 (secp256r1, y^2 = x^3 - 3x + b) group operations and scalar multiplication.
    /// Doubling uses the a = -3 shortcut; additions handle the doubling/infinity special cases so
    /// the formulas stay complete. One instance per operation (it owns scratch buffers).
    /// </summary>
    internal sealed class P256Curve
    {
        internal static readonly uint[] B = P256Field.FromBytes(Hex32("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"), 0);
        internal static readonly uint[] Gx = P256Field.FromBytes(Hex32("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"), 0);
        internal static readonly uint[] Gy = P256Field.FromBytes(Hex32("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"), 0);

        // Fixed-base comb for G: 4 teeth spaced 64 bits apart, two combs offset by 32 bits, so k*G costs
        // 32 doublings + 64 mixed additions. Entry j of comb c is sum over set bits t of j of 2^(64t + 32c) G,
        // stored affine. Built on first use (30 points, about 2 KB).
        private static uint[][] _combX;
        private static uint[][] _combY;
        private static readonly object CombLock = new object();

        private readonly P256Field _f = new P256Field();
        private readonly uint[] _t1 = new uint[8], _t2 = new uint[8], _t3 = new uint[8], _t4 = new uint[8];
        private readonly uint[] _t5 = new uint[8], _t6 = new uint[8], _t7 = new uint[8];

        internal P256Field Field { get { return _f; } }

        private static byte[] Hex32(string h)
        {
            var r = new byte[h.Length / 2];
            for (int i = 0; i < r.Length; i++) r[i] = (byte)((Nib(h[2 * i]) << 4) | Nib(h[2 * i + 1]));
            return r;
        }

        private static int Nib(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

        /// <summary>y^2 == x^3 - 3x + b with 0 &lt;= x, y &lt; p.</summary>
        internal bool IsOnCurve(uint[] x, uint[] y)
        {
            if (P256Field.GreaterOrEqual(x, P256Field.P) || P256Field.GreaterOrEqual(y, P256Field.P)) return false;
            var lhs = new uint[8];
            var rhs = new uint[8];
            _f.Sqr(lhs, y);
            _f.Sqr(rhs, x);
            _f.Mul(rhs, rhs, x);
            var three = new uint[8];
            P256Field.Add(three, x, x);
            P256Field.Add(three, three, x);
            P256Field.Sub(rhs, rhs, three);
            P256Field.Add(rhs, rhs, B);
            return P256Field.Equal(lhs, rhs);
        }

        /// <summary>p = 2p in place (dbl-2001-b, a = -3).</summary>
        internal void Double(JacobianPoint p)
        {
            if (p.IsInfinity) return;
            uint[] delta = _t1, gamma = _t2, beta = _t3, alpha = _t4, t = _t5;
            _f.Sqr(delta, p.Z);
            _f.Sqr(gamma, p.Y);
            _f.Mul(beta, p.X, gamma);
            P256Field.Sub(t, p.X, delta);
            P256Field.Add(alpha, p.X, delta);
            _f.Mul(alpha, alpha, t);
            P256Field.Add(t, alpha, alpha);
            P256Field.Add(alpha, alpha, t);               // 3 (X - delta)(X + delta)
            // Z3 = (Y + Z)^2 - gamma - delta
            P256Field.Add(t, p.Y, p.Z);
            _f.Sqr(t, t);
            P256Field.Sub(t, t, gamma);
            P256Field.Sub(p.Z, t, delta);
            // X3 = alpha^2 - 8 beta
            P256Field.Add(beta, beta, beta);
            P256Field.Add(beta, beta, beta);              // 4 beta
            _f.Sqr(p.X, alpha);
            P256Field.Sub(p.X, p.X, beta);
            P256Field.Sub(p.X, p.X, beta);
            // Y3 = alpha (4 beta - X3) - 8 gamma^2
            P256Field.Sub(beta, beta, p.X);
            _f.Mul(p.Y, alpha, beta);
            _f.Sqr(gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Sub(p.Y, p.Y, gamma);
        }

        /// <summary>p = p + q. With qAffine the Z of q is taken as 1 (mixed addition, cheaper).</summary>
        internal void Add(JacobianPoint p, JacobianPoint q, bool qAffine)
        {
            if (!qAffine && q.IsInfinity) return;
            if (p.IsInfinity)
            {
                p.CopyFrom(q);
                if (qAffine) { Array.Clear(p.Z, 0, 8); p.Z[0] = 1; }
                return;
            }
            uint[] u1 = _t1, u2 = _t2, s1 = _t3, s2 = _t4, h = _t5, r = _t6, t = _t7;
            // U1 = X1 Z2^2, S1 = Y1 Z2^3
            if (qAffine) { P256Field.Copy(u1, p.X); P256Field.Copy(s1, p.Y); }
            else
            {
                _f.Sqr(t, q.Z);
                _f.Mul(u1, p.X, t);
                _f.Mul(t, t, q.Z);
                _f.Mul(s1, p.Y, t);
            }
            // U2 = X2 Z1^2, S2 = Y2 Z1^3
            _f.Sqr(t, p.Z);
            _f.Mul(u2, q.X, t);
            _f.Mul(t, t, p.Z);
            _f.Mul(s2, q.Y, t);
            P256Field.Sub(h, u2, u1);
            P256Field.Sub(r, s2, s1);
            if (P256Field.IsZero(h))
            {
                if (P256Field.IsZero(r)) { Double(p); return; }   // same point
                p.SetInfinity();                                   // p = -q
                return;
            }
            // Z3 = Z1 Z2 H
            _f.Mul(p.Z, p.Z, h);
            if (!qAffine) _f.Mul(p.Z, p.Z, q.Z);
            // X3 = R^2 - H^3 - 2 U1 H^2 ; Y3 = R (U1 H^2 - X3) - S1 H^3
            _f.Sqr(t, h);                 // H^2
            _f.Mul(u1, u1, t);            // U1 H^2
            _f.Mul(h, h, t);              // H^3
            _f.Sqr(p.X, r);
            P256Field.Sub(p.X, p.X, h);
            P256Field.Sub(p.X, p.X, u1);
            P256Field.Sub(p.X, p.X, u1);
            P256Field.Sub(u1, u1, p.X);
            _f.Mul(p.Y, r, u1);
            _f.Mul(s1, s1, h);
            P256Field.Sub(p.Y, p.Y, s1);
        }

        /// <summary>Affine coordinates of p; false for the point at infinity.</summary>
        internal bool ToAffine(JacobianPoint p, uint[] x, uint[] y)
        {
            if (p.IsInfinity) return false;
            var zi = new uint[8];
            var zi2 = new uint[8];
            _f.Inv(zi, p.Z);
            _f.Sqr(zi2, zi);
            _f.Mul(x, p.X, zi2);
            if (y != null)
            {
                _f.Mul(zi2, zi2, zi);
                _f.Mul(y, p.Y, zi2);
            }
            return true;
        }

        private static int Nibble(uint[] k, int i) { return (int)((k[i >> 3] >> ((i & 7) << 2)) & 15); }

        private static int Bit(uint[] k, int i) { return (int)((k[i >> 5] >> (i & 31)) & 1); }

        /// <summary>
        /// k * P with a 4-bit fixed window. The table entry is picked by touching every entry with a mask,
        /// so the memory access pattern does not depend on the secret digits (constant-ish time: the
        /// additions still branch on zero digits and the rare exceptional cases).
        /// </summary>
        internal JacobianPoint Multiply(uint[] k, JacobianPoint point)
        {
            var table = new JacobianPoint[16];
            table[0] = new JacobianPoint();
            table[0].SetInfinity();
            table[1] = new JacobianPoint();
            table[1].CopyFrom(point);
            for (int i = 2; i < 16; i++)
            {
                table[i] = new JacobianPoint();
                table[i].CopyFrom(table[i - 1]);
                Add(table[i], point, false);
            }
            var acc = new JacobianPoint();
            acc.SetInfinity();
            var sel = new JacobianPoint();
            for (int i = 63; i >= 0; i--)
            {
                Double(acc); Double(acc); Double(acc); Double(acc);
                int d = Nibble(k, i);
                for (int j = 0; j < 16; j++)
                {
                    // mask = all ones when j == d, without a data-dependent branch
                    uint mask = (uint)(((j ^ d) - 1) >> 31);
                    JacobianPoint e = table[j];
                    for (int w = 0; w < 8; w++)
                    {
                        if (j == 0) { sel.X[w] = 0; sel.Y[w] = 0; sel.Z[w] = 0; }
                        sel.X[w] |= e.X[w] & mask;
                        sel.Y[w] |= e.Y[w] & mask;
                        sel.Z[w] |= e.Z[w] & mask;
                    }
                }
                Add(acc, sel, false);
            }
            return acc;
        }

        private static void EnsureComb()
        {
            if (_combX != null) return;
            System.Threading.Monitor.Enter(CombLock);
            try
            {
                if (_combX != null) return;
                var c = new P256Curve();
                var xs = new uint[32][];
                var ys = new uint[32][];
                // base points 2^(32 m) G for m = 0..7
                var bases = new JacobianPoint[8];
                var cur = new JacobianPoint();
                cur.SetAffine(Gx, Gy);
                for (int m = 0; m < 8; m++)
                {
                    bases[m] = new JacobianPoint();
                    bases[m].CopyFrom(cur);
                    for (int d = 0; d < 32; d++) c.Double(cur);
                }
                for (int comb = 0; comb < 2; comb++)
                {
                    for (int j = 1; j < 16; j++)
                    {
                        var sum = new JacobianPoint();
                        sum.SetInfinity();
                        for (int t = 0; t < 4; t++)
                            if (((j >> t) & 1) != 0) c.Add(sum, bases[2 * t + comb], false);
                        var x = new uint[8];
                        var y = new uint[8];
                        c.ToAffine(sum, x, y);
                        xs[comb * 16 + j] = x;
                        ys[comb * 16 + j] = y;
                    }
                }
                _combY = ys;
                _combX = xs;
            }
            finally { System.Threading.Monitor.Exit(CombLock); }
        }

        /// <summary>k * G with the precomputed comb (k is a secret for key generation and signing).</summary>
        internal JacobianPoint MultiplyBase(uint[] k)
        {
            EnsureComb();
            var acc = new JacobianPoint();
            acc.SetInfinity();
            var sel = new JacobianPoint();
            for (int i = 31; i >= 0; i--)
            {
                Double(acc);
                for (int comb = 1; comb >= 0; comb--)
                {
                    int b = i + 32 * comb;
                    int j = Bit(k, b) | (Bit(k, b + 64) << 1) | (Bit(k, b + 128) << 2) | (Bit(k, b + 192) << 3);
                    // Masked scan over the 15 entries, as in Multiply.
                    Array.Clear(sel.X, 0, 8); Array.Clear(sel.Y, 0, 8);
                    for (int e = 1; e < 16; e++)
                    {
                        uint mask = (uint)(((e ^ j) - 1) >> 31);
                        uint[] ex = _combX[comb * 16 + e], ey = _combY[comb * 16 + e];
                        for (int w = 0; w < 8; w++) { sel.X[w] |= ex[w] & mask; sel.Y[w] |= ey[w] & mask; }
                    }
                    if (j != 0) Add(acc, sel, true);
                }
            }
            return acc;
        }
    }
}
