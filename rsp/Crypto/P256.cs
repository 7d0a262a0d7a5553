using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>
    /// P-256 key handling on the portable arithmetic: key validation, public key derivation,
    /// key generation and ECKA-DH (BSI TR-03111: the shared secret is the X coordinate).
    /// Every invalid input surfaces as <see cref="CryptoException"/>.
    /// </summary>
    public static class P256
    {
        /// <summary>Parses a private scalar; it must be 32 bytes with 1 &lt;= d &lt; n.</summary>
        internal static uint[] ParsePrivateKey(byte[] d)
        {
            if (d == null || d.Length != 32) throw new CryptoException("P-256 private key must be 32 bytes");
            uint[] k = P256Field.FromBytes(d, 0);
            if (!P256Scalar.InRange(k)) throw new CryptoException("P-256 private key out of range");
            return k;
        }

        /// <summary>
        /// Parses 04 || X || Y and checks the point is on the curve. The encoding cannot express the
        /// point at infinity, and P-256 has cofactor 1, so an on-curve point is in the prime-order group.
        /// </summary>
        internal static JacobianPoint ParsePublicKey(P256Curve curve, byte[] q)
        {
            if (q == null || q.Length != 65 || q[0] != 0x04) throw new CryptoException("P-256 public key must be 65 bytes 04||X||Y");
            uint[] x = P256Field.FromBytes(q, 1);
            uint[] y = P256Field.FromBytes(q, 33);
            if (!curve.IsOnCurve(x, y)) throw new CryptoException("P-256 public key is not on the curve");
            var p = new JacobianPoint();
            p.SetAffine(x, y);
            return p;
        }

        /// <summary>Throws <see cref="CryptoException"/> unless q is a valid uncompressed P-256 point.</summary>
        public static void ValidatePublicKey(byte[] q)
        {
            ParsePublicKey(new P256Curve(), q);
        }

        internal static byte[] Encode(P256Curve curve, JacobianPoint p)
        {
            var x = new uint[8];
            var y = new uint[8];
            if (!curve.ToAffine(p, x, y)) throw new CryptoException("P-256: result is the point at infinity");
            var r = new byte[65];
            r[0] = 0x04;
            P256Field.ToBytes(x, r, 1);
            P256Field.ToBytes(y, r, 33);
            return r;
        }

        public static byte[] DerivePublicKey(byte[] privateKey)
        {
            uint[] k = ParsePrivateKey(privateKey);
            var curve = new P256Curve();
            return Encode(curve, curve.MultiplyBase(k));
        }

        /// <summary>Shared secret: X coordinate of d * Q (32 bytes).</summary>
        public static byte[] Ecdh(byte[] privateKey, byte[] peerPublicKey)
        {
            uint[] k = ParsePrivateKey(privateKey);
            var curve = new P256Curve();
            JacobianPoint q = ParsePublicKey(curve, peerPublicKey);
            JacobianPoint s = curve.Multiply(k, q);
            var x = new uint[8];
            if (!curve.ToAffine(s, x, null)) throw new CryptoException("ECDH: shared point is at infinity");
            var r = new byte[32];
            P256Field.ToBytes(x, r, 0);
            return r;
        }

        /// <summary>Draws 32-byte candidates until one lies in [1, n-1] (rejection sampling, no bias).</summary>
        public static EcKeyPair GenerateKeyPair(IRandomSource random)
        {
            var d = new byte[32];
            for (int attempt = 0; attempt < 64; attempt++)
            {
                random.GetBytes(d);
                uint[] k = P256Field.FromBytes(d, 0);
                if (!P256Scalar.InRange(k)) continue;
                var curve = new P256Curve();
                return new EcKeyPair(d, Encode(curve, curve.MultiplyBase(k)));
            }
            throw new CryptoException("random source keeps returning out-of-range scalars");
        }
    }
}
