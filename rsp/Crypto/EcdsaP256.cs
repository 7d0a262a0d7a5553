using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>
    /// ECDSA over P-256 with SHA-256 digests (FIPS 186-4 6.4). Signing uses deterministic nonces
    /// (RFC 6979), so the device needs no good RNG to sign and a weak RNG cannot leak the key.
    /// Signatures are raw r||s (64 bytes, as GSMA RSP carries them); DER converters are provided
    /// for X.509 and TLS contexts.
    /// </summary>
    public static class EcdsaP256
    {
        /// <summary>Signs a 32-byte digest; returns r||s.</summary>
        public static byte[] SignHash(byte[] privateKey, byte[] hash)
        {
            uint[] d = P256.ParsePrivateKey(privateKey);
            if (hash == null || hash.Length != 32) throw new CryptoException("ECDSA: digest must be 32 bytes");
            uint[] e = P256Field.FromBytes(hash, 0);
            P256Scalar.ReduceOnce(e);
            var h1 = new byte[32];                      // bits2octets(hash) = (hash mod n) as 32 bytes
            P256Field.ToBytes(e, h1, 0);

            // RFC 6979 3.2 with HMAC-SHA256; qlen = hlen = 256 so bits2int is the identity.
            var v = new byte[32];
            var k = new byte[32];
            for (int i = 0; i < 32; i++) v[i] = 0x01;
            k = Step(k, v, 0x00, privateKey, h1);
            v = HmacSha256.Compute(k, v, 0, 32);
            k = Step(k, v, 0x01, privateKey, h1);
            v = HmacSha256.Compute(k, v, 0, 32);

            var curve = new P256Curve();
            for (int attempt = 0; attempt < 100; attempt++)
            {
                v = HmacSha256.Compute(k, v, 0, 32);
                uint[] nonce = P256Field.FromBytes(v, 0);
                if (P256Scalar.InRange(nonce))
                {
                    byte[] sig = SignWithNonce(curve, d, e, nonce);
                    if (sig != null) return sig;
                }
                k = Step(k, v, 0x00, null, null);
                v = HmacSha256.Compute(k, v, 0, 32);
            }
            throw new CryptoException("ECDSA: no usable nonce");
        }

        // K = HMAC_K(V || sep [|| x || h1])
        private static byte[] Step(byte[] k, byte[] v, byte sep, byte[] x, byte[] h1)
        {
            var mac = new HmacSha256(k);
            mac.Update(v, 0, v.Length);
            var s = new byte[] { sep };
            mac.Update(s, 0, 1);
            if (x != null) { mac.Update(x, 0, 32); mac.Update(h1, 0, 32); }
            return mac.Final();
        }

        /// <summary>r = (kG).x mod n, s = k^-1 (e + r d) mod n; null when r or s is 0 (try another k).</summary>
        private static byte[] SignWithNonce(P256Curve curve, uint[] d, uint[] e, uint[] k)
        {
            JacobianPoint rp = curve.MultiplyBase(k);
            var r = new uint[8];
            if (!curve.ToAffine(rp, r, null)) return null;
            P256Scalar.ReduceOnce(r);
            if (P256Scalar.IsZero(r)) return null;
            var s = new uint[8];
            P256Scalar.Mul(s, r, d);
            P256Scalar.Add(s, s, e);
            var kinv = new uint[8];
            P256Scalar.Inv(kinv, k);
            P256Scalar.Mul(s, s, kinv);
            if (P256Scalar.IsZero(s)) return null;
            var sig = new byte[64];
            P256Field.ToBytes(r, sig, 0);
            P256Field.ToBytes(s, sig, 32);
            return sig;
        }

        /// <summary>Verifies r||s over a 32-byte digest. Any malformed input gives false, never an exception.</summary>
        public static bool VerifyHash(byte[] publicKey, byte[] hash, byte[] signature)
        {
            if (hash == null || hash.Length != 32 || signature == null || signature.Length != 64) return false;
            var curve = new P256Curve();
            JacobianPoint q;
            try { q = P256.ParsePublicKey(curve, publicKey); }
            catch (CryptoException) { return false; }
            uint[] r = P256Field.FromBytes(signature, 0);
            uint[] s = P256Field.FromBytes(signature, 32);
            if (!P256Scalar.InRange(r) || !P256Scalar.InRange(s)) return false;
            uint[] e = P256Field.FromBytes(hash, 0);
            P256Scalar.ReduceOnce(e);

            var w = new uint[8];
            P256Scalar.Inv(w, s);
            var u1 = new uint[8];
            var u2 = new uint[8];
            P256Scalar.Mul(u1, e, w);
            P256Scalar.Mul(u2, r, w);
            // Both scalars are public here, so the constant-ish selection is not needed but harmless.
            JacobianPoint sum = curve.MultiplyBase(u1);
            JacobianPoint part = curve.Multiply(u2, q);
            curve.Add(sum, part, false);
            var x = new uint[8];
            if (!curve.ToAffine(sum, x, null)) return false;
            P256Scalar.ReduceOnce(x);
            return P256Field.Equal(x, r);
        }

        /// <summary>r||s (64 bytes) to DER SEQUENCE { INTEGER r, INTEGER s }.</summary>
        public static byte[] RawToDer(byte[] raw)
        {
            if (raw == null || raw.Length != 64) throw new CryptoException("raw ECDSA signature must be 64 bytes");
            byte[] r = DerInteger(raw, 0);
            byte[] s = DerInteger(raw, 32);
            int len = r.Length + s.Length;   // at most 2 * 35 = 70, short form length
            var der = new byte[2 + len];
            der[0] = 0x30;
            der[1] = (byte)len;
            Array.Copy(r, 0, der, 2, r.Length);
            Array.Copy(s, 0, der, 2 + r.Length, s.Length);
            return der;
        }

        private static byte[] DerInteger(byte[] raw, int off)
        {
            int start = off;
            while (start < off + 31 && raw[start] == 0) start++;      // minimal encoding, keep one byte
            int n = off + 32 - start;
            bool pad = (raw[start] & 0x80) != 0;                       // positive INTEGER needs a 00 in front
            var r = new byte[2 + n + (pad ? 1 : 0)];
            r[0] = 0x02;
            r[1] = (byte)(n + (pad ? 1 : 0));
            Array.Copy(raw, start, r, 2 + (pad ? 1 : 0), n);
            return r;
        }

        /// <summary>DER SEQUENCE { INTEGER r, INTEGER s } to r||s; CryptoException if malformed or out of 32 bytes.</summary>
        public static byte[] DerToRaw(byte[] der)
        {
            if (der == null || der.Length < 8 || der[0] != 0x30) throw new CryptoException("ECDSA DER signature: not a SEQUENCE");
            int len, pos;
            ReadLength(der, 1, out len, out pos);
            if (pos + len != der.Length) throw new CryptoException("ECDSA DER signature: bad length");
            var raw = new byte[64];
            pos = ReadInteger(der, pos, raw, 0);
            pos = ReadInteger(der, pos, raw, 32);
            if (pos != der.Length) throw new CryptoException("ECDSA DER signature: trailing data");
            return raw;
        }

        private static void ReadLength(byte[] b, int at, out int len, out int next)
        {
            if (at >= b.Length) throw new CryptoException("ECDSA DER signature: truncated");
            int l = b[at];
            if (l < 0x80) { len = l; next = at + 1; return; }
            if (l == 0x81 && at + 1 < b.Length && b[at + 1] >= 0x80) { len = b[at + 1]; next = at + 2; return; }
            throw new CryptoException("ECDSA DER signature: unsupported length");
        }

        private static int ReadInteger(byte[] b, int pos, byte[] raw, int off)
        {
            if (pos >= b.Length || b[pos] != 0x02) throw new CryptoException("ECDSA DER signature: INTEGER expected");
            int len, at;
            ReadLength(b, pos + 1, out len, out at);
            if (len < 1 || at + len > b.Length) throw new CryptoException("ECDSA DER signature: truncated INTEGER");
            if ((b[at] & 0x80) != 0) throw new CryptoException("ECDSA DER signature: negative INTEGER");
            int start = at, n = len;
            if (n > 1 && b[at] == 0)
            {
                if ((b[at + 1] & 0x80) == 0) throw new CryptoException("ECDSA DER signature: non-minimal INTEGER");
                start++; n--;
            }
            if (n > 32) throw new CryptoException("ECDSA DER signature: INTEGER longer than 32 bytes");
            Array.Copy(b, start, raw, off + 32 - n, n);
            return at + len;
        }
    }
}
