using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>
    /// brainpoolP256r1 (RFC 5639 §3.4), the second curve SGP.22 allows for RSP certificates and keys: ECDSA
    /// with SHA-256 digests (deterministic nonces, RFC 6979 with HMAC-SHA256), key derivation and ECKA-DH
    /// (BSI TR-03111, x coordinate). Same conventions as the P-256 code: 32-byte big-endian private scalars,
    /// 65-byte uncompressed public points, raw r||s signatures.
    /// Built on the generic <see cref="PrimeField256"/> (P-256 keeps its tuned field); a = -3 does not hold
    /// here, so doubling uses the general Jacobian formula with a.
    /// </summary>
    public static class BrainpoolP256r1
    {
        private static readonly PrimeField256 F = new PrimeField256(PrimeField256.FromHex("A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377"));
        private static readonly PrimeField256 N = new PrimeField256(PrimeField256.FromHex("A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7"));
        private static readonly uint[] AM = Mont("7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9");
        private static readonly uint[] BM = Mont("26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6");
        private static readonly uint[] GX = Mont("8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262");
        private static readonly uint[] GY = Mont("547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997");

        private static uint[] Mont(string hex)
        {
            var r = new uint[8];
            F.ToMont(r, PrimeField256.FromHex(hex));
            return r;
        }

        // ------------------------------------------------------------------ public API

        public static byte[] DerivePublicKey(byte[] privateKey)
        {
            uint[] d = ParsePrivateKey(privateKey);
            return Encode(Multiply(d, Generator()));
        }

        /// <summary>A fresh key pair from <paramref name="random"/> (rejection sampling in [1, n-1]).</summary>
        public static EcKeyPair GenerateKeyPair(IRandomSource random)
        {
            for (int i = 0; i < 64; i++)
            {
                var k = new byte[32];
                random.GetBytes(k);
                if (N.InRange(PrimeField256.FromBytes(k, 0))) return new EcKeyPair(k, DerivePublicKey(k));
            }
            throw new CryptoException("brainpoolP256r1: random source gives no usable scalar");
        }

        /// <summary>True when <paramref name="publicKey"/> is 04 || X || Y with X, Y &lt; p on the curve.</summary>
        public static bool IsValidPublicKey(byte[] publicKey)
        {
            try { ParsePublicKey(publicKey); return true; }
            catch (CryptoException) { return false; }
        }

        /// <summary>ECKA-DH: the 32-byte x coordinate of d·Q; throws CryptoException for a bad peer key.</summary>
        public static byte[] Ecdh(byte[] privateKey, byte[] peerPublicKey)
        {
            uint[] d = ParsePrivateKey(privateKey);
            Point q = ParsePublicKey(peerPublicKey);
            Point z = Multiply(d, q);
            var x = new uint[8];
            if (!ToAffine(z, x, null)) throw new CryptoException("brainpoolP256r1: shared point at infinity");
            var r = new byte[32];
            PrimeField256.ToBytes(x, r, 0);
            return r;
        }

        /// <summary>ECDSA signature over a 32-byte digest with an RFC 6979 nonce; returns r||s.</summary>
        public static byte[] SignHash(byte[] privateKey, byte[] hash)
        {
            uint[] d = ParsePrivateKey(privateKey);
            if (hash == null || hash.Length != 32) throw new CryptoException("ECDSA: digest must be 32 bytes");
            uint[] e = PrimeField256.FromBytes(hash, 0);
            N.ReduceOnce(e);                             // 2^256 < 2n
            var h1 = new byte[32];
            PrimeField256.ToBytes(e, h1, 0);
            // RFC 6979 §3.2, qlen = hlen = 256.
            var v = new byte[32];
            var k = new byte[32];
            for (int i = 0; i < 32; i++) v[i] = 0x01;
            k = Step(k, v, 0x00, privateKey, h1);
            v = HmacSha256.Compute(k, v, 0, 32);
            k = Step(k, v, 0x01, privateKey, h1);
            v = HmacSha256.Compute(k, v, 0, 32);
            for (int attempt = 0; attempt < 100; attempt++)
            {
                v = HmacSha256.Compute(k, v, 0, 32);
                uint[] nonce = PrimeField256.FromBytes(v, 0);
                if (N.InRange(nonce))
                {
                    byte[] sig = SignWithNonce(d, e, nonce);
                    if (sig != null) return sig;
                }
                k = Step(k, v, 0x00, null, null);
                v = HmacSha256.Compute(k, v, 0, 32);
            }
            throw new CryptoException("ECDSA: no usable nonce");
        }

        private static byte[] Step(byte[] k, byte[] v, byte sep, byte[] x, byte[] h1)
        {
            var mac = new HmacSha256(k);
            mac.Update(v, 0, v.Length);
            mac.Update(new byte[] { sep }, 0, 1);
            if (x != null) { mac.Update(x, 0, 32); mac.Update(h1, 0, 32); }
            return mac.Final();
        }

        /// <summary>r = (kG).x mod n, s = k^-1 (e + r d) mod n; null when r or s is 0.</summary>
        private static byte[] SignWithNonce(uint[] d, uint[] e, uint[] k)
        {
            var r = new uint[8];
            if (!ToAffine(Multiply(k, Generator()), r, null)) return null;
            N.ReduceOnce(r);                             // x < p < 2n
            if (PrimeField256.IsZero(r)) return null;
            // Scalars mod n in Montgomery form: s = (e + r d) / k.
            var rm = new uint[8]; var dm = new uint[8]; var em = new uint[8]; var km = new uint[8];
            N.ToMont(rm, r); N.ToMont(dm, d); N.ToMont(em, e); N.ToMont(km, k);
            var s = new uint[8];
            N.Mul(s, rm, dm);
            N.AddMod(s, s, em);
            N.Inv(km, km);
            N.Mul(s, s, km);
            N.FromMont(s, s);
            if (PrimeField256.IsZero(s)) return null;
            var sig = new byte[64];
            PrimeField256.ToBytes(r, sig, 0);
            PrimeField256.ToBytes(s, sig, 32);
            return sig;
        }

        /// <summary>Verifies r||s over a 32-byte digest; false for any malformed input.</summary>
        public static bool VerifyHash(byte[] publicKey, byte[] hash, byte[] signature)
        {
            if (hash == null || hash.Length != 32 || signature == null || signature.Length != 64) return false;
            Point q;
            try { q = ParsePublicKey(publicKey); }
            catch (CryptoException) { return false; }
            uint[] r = PrimeField256.FromBytes(signature, 0);
            uint[] s = PrimeField256.FromBytes(signature, 32);
            if (!N.InRange(r) || !N.InRange(s)) return false;
            uint[] e = PrimeField256.FromBytes(hash, 0);
            N.ReduceOnce(e);
            var sm = new uint[8]; var em = new uint[8]; var rm = new uint[8];
            N.ToMont(sm, s); N.ToMont(em, e); N.ToMont(rm, r);
            var w = new uint[8];
            N.Inv(w, sm);
            var u1 = new uint[8]; var u2 = new uint[8];
            N.Mul(u1, em, w); N.FromMont(u1, u1);
            N.Mul(u2, rm, w); N.FromMont(u2, u2);
            Point sum = Add(Multiply(u1, Generator()), Multiply(u2, q));
            var x = new uint[8];
            if (!ToAffine(sum, x, null)) return false;
            N.ReduceOnce(x);
            return PrimeField256.Equal(x, r);
        }

        // ------------------------------------------------------------------ keys

        private static uint[] ParsePrivateKey(byte[] privateKey)
        {
            if (privateKey == null || privateKey.Length != 32) throw new CryptoException("brainpoolP256r1 private key must be 32 bytes");
            uint[] d = PrimeField256.FromBytes(privateKey, 0);
            if (!N.InRange(d)) throw new CryptoException("brainpoolP256r1 private key out of range");
            return d;
        }

        private static Point ParsePublicKey(byte[] pk)
        {
            if (pk == null || pk.Length != 65 || pk[0] != 0x04) throw new CryptoException("brainpoolP256r1 public key must be 04 || X || Y");
            uint[] x = PrimeField256.FromBytes(pk, 1);
            uint[] y = PrimeField256.FromBytes(pk, 33);
            if (!F.IsReduced(x) || !F.IsReduced(y)) throw new CryptoException("brainpoolP256r1 coordinate not below p");
            var p = new Point();
            F.ToMont(p.X, x);
            F.ToMont(p.Y, y);
            p.Z = F.One;
            // y^2 = x^3 + a x + b
            var lhs = new uint[8]; var rhs = new uint[8];
            F.Sqr(lhs, p.Y);
            F.Sqr(rhs, p.X);
            F.AddMod(rhs, rhs, AM);
            F.Mul(rhs, rhs, p.X);
            F.AddMod(rhs, rhs, BM);
            if (!PrimeField256.Equal(lhs, rhs)) throw new CryptoException("brainpoolP256r1 point not on the curve");
            return p;
        }

        private static byte[] Encode(Point p)
        {
            var x = new uint[8]; var y = new uint[8];
            if (!ToAffine(p, x, y)) throw new CryptoException("point at infinity");
            var r = new byte[65];
            r[0] = 0x04;
            PrimeField256.ToBytes(x, r, 1);
            PrimeField256.ToBytes(y, r, 33);
            return r;
        }

        // ------------------------------------------------------------------ group law (Jacobian, Montgomery form)

        private sealed class Point
        {
            public uint[] X = new uint[8], Y = new uint[8], Z = new uint[8];   // Z = 0: infinity
            public Point Copy()
            {
                var c = new Point();
                Array.Copy(X, c.X, 8); Array.Copy(Y, c.Y, 8); Array.Copy(Z, c.Z, 8);
                return c;
            }
            public bool Infinity { get { return PrimeField256.IsZero(Z); } }
        }

        private static Point Generator()
        {
            var g = new Point();
            Array.Copy(GX, g.X, 8); Array.Copy(GY, g.Y, 8);
            g.Z = F.One;
            return g;
        }

        /// <summary>Affine x (and y) in normal form; false at infinity.</summary>
        private static bool ToAffine(Point p, uint[] x, uint[] y)
        {
            if (p.Infinity) return false;
            var zi = new uint[8]; var zi2 = new uint[8];
            F.Inv(zi, p.Z);
            F.Sqr(zi2, zi);
            F.Mul(x, p.X, zi2);
            F.FromMont(x, x);
            if (y != null)
            {
                F.Mul(zi2, zi2, zi);
                F.Mul(y, p.Y, zi2);
                F.FromMont(y, y);
            }
            return true;
        }

        private static Point Double(Point p)
        {
            var r = new Point();
            if (p.Infinity) return r;
            var xx = new uint[8]; var yy = new uint[8]; var yyyy = new uint[8]; var zz = new uint[8];
            var s = new uint[8]; var m = new uint[8]; var t = new uint[8];
            F.Sqr(xx, p.X);
            F.Sqr(yy, p.Y);
            F.Sqr(yyyy, yy);
            F.Sqr(zz, p.Z);
            F.Mul(s, p.X, yy);                 // S = 4 X YY
            F.AddMod(s, s, s);
            F.AddMod(s, s, s);
            F.Sqr(t, zz);                      // M = 3 XX + a ZZ^2
            F.Mul(m, AM, t);
            F.AddMod(m, m, xx);
            F.AddMod(m, m, xx);
            F.AddMod(m, m, xx);
            F.Sqr(r.X, m);                     // X3 = M^2 - 2S
            F.SubMod(r.X, r.X, s);
            F.SubMod(r.X, r.X, s);
            F.SubMod(t, s, r.X);               // Y3 = M (S - X3) - 8 YYYY
            F.Mul(r.Y, m, t);
            F.AddMod(yyyy, yyyy, yyyy);
            F.AddMod(yyyy, yyyy, yyyy);
            F.AddMod(yyyy, yyyy, yyyy);
            F.SubMod(r.Y, r.Y, yyyy);
            F.Mul(r.Z, p.Y, p.Z);              // Z3 = 2 Y Z
            F.AddMod(r.Z, r.Z, r.Z);
            return r;
        }

        private static Point Add(Point p, Point q)
        {
            if (p.Infinity) return q.Copy();
            if (q.Infinity) return p.Copy();
            var z1z1 = new uint[8]; var z2z2 = new uint[8]; var u1 = new uint[8]; var u2 = new uint[8];
            var s1 = new uint[8]; var s2 = new uint[8]; var h = new uint[8]; var rr = new uint[8];
            F.Sqr(z1z1, p.Z);
            F.Sqr(z2z2, q.Z);
            F.Mul(u1, p.X, z2z2);
            F.Mul(u2, q.X, z1z1);
            F.Mul(s1, p.Y, q.Z); F.Mul(s1, s1, z2z2);
            F.Mul(s2, q.Y, p.Z); F.Mul(s2, s2, z1z1);
            F.SubMod(h, u2, u1);
            F.SubMod(rr, s2, s1);
            if (PrimeField256.IsZero(h))
            {
                if (PrimeField256.IsZero(rr)) return Double(p);
                return new Point();            // P + (-P)
            }
            var hh = new uint[8]; var hhh = new uint[8]; var v = new uint[8];
            var o = new Point();
            F.Sqr(hh, h);
            F.Mul(hhh, hh, h);
            F.Mul(v, u1, hh);
            F.Sqr(o.X, rr);                    // X3 = r^2 - H^3 - 2 U1 H^2
            F.SubMod(o.X, o.X, hhh);
            F.SubMod(o.X, o.X, v);
            F.SubMod(o.X, o.X, v);
            F.SubMod(v, v, o.X);               // Y3 = r (U1 H^2 - X3) - S1 H^3
            F.Mul(o.Y, rr, v);
            F.Mul(s1, s1, hhh);
            F.SubMod(o.Y, o.Y, s1);
            F.Mul(o.Z, p.Z, q.Z);              // Z3 = Z1 Z2 H
            F.Mul(o.Z, o.Z, h);
            return o;
        }

        /// <summary>k·P, double-and-add-always over all 256 bits (the same sequence of group operations for every
        /// scalar; the result is picked by a mask, not a branch).</summary>
        private static Point Multiply(uint[] k, Point p)
        {
            var acc = new Point();
            for (int i = 255; i >= 0; i--)
            {
                acc = Double(acc);
                Point sum = Add(acc, p);
                uint bit = (k[i >> 5] >> (i & 31)) & 1;
                uint mask = unchecked(0u - bit);
                for (int j = 0; j < 8; j++)
                {
                    acc.X[j] = (acc.X[j] & ~mask) | (sum.X[j] & mask);
                    acc.Y[j] = (acc.Y[j] & ~mask) | (sum.Y[j] & mask);
                    acc.Z[j] = (acc.Z[j] & ~mask) | (sum.Z[j] & mask);
                }
            }
            return acc;
        }
    }
}
