using System;
using System.Security.Cryptography;
using IotEsim.Rsp.Crypto;

namespace IotEsim.Rsp.Desktop
{
    /// <summary>
    /// <see cref="ICryptoProvider"/> on System.Security.Cryptography (OpenSSL on Linux): the
    /// desktop-speed backend for servers, the desktop mirror and tests. AES-CMAC is built on the
    /// BCL's AES-ECB because the BCL has no CMAC.
    /// </summary>
    public sealed class BclCryptoProvider : ICryptoProvider
    {
        public static readonly BclCryptoProvider Instance = new BclCryptoProvider();

        public string Name { get { return "bcl"; } }

        public byte[] Sha256(byte[] data, int offset, int count)
        {
            return SHA256.HashData(new ReadOnlySpan<byte>(data, offset, count));
        }

        public IHash CreateSha256() { return new IncrementalSha256(); }

        private sealed class IncrementalSha256 : IHash
        {
            private readonly IncrementalHash _h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            public void Update(byte[] data, int offset, int count) { _h.AppendData(data, offset, count); }
            public byte[] Final() { return _h.GetHashAndReset(); }
        }

        public byte[] AesEcbEncrypt(byte[] key, byte[] data, int offset, int count)
        {
            using var aes = Aes.Create();
            aes.Key = key;
            return aes.EncryptEcb(new ReadOnlySpan<byte>(data, offset, count), PaddingMode.None);
        }

        public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            using var aes = Aes.Create();
            aes.Key = key;
            return aes.EncryptCbc(new ReadOnlySpan<byte>(data, offset, count), iv, PaddingMode.None);
        }

        public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            using var aes = Aes.Create();
            aes.Key = key;
            return aes.DecryptCbc(new ReadOnlySpan<byte>(data, offset, count), iv, PaddingMode.None);
        }

        public byte[] AesCmac(byte[] key, byte[] data, int offset, int count)
        {
            using var aes = Aes.Create();
            aes.Key = key;
            // RFC 4493: subkeys from L = AES(K, 0^128); last block XORed with K1 (complete) or K2 (padded). The blocks
            // before the last are a plain CBC-MAC: one CBC call over them (zero IV) instead of one AES call per block.
            byte[] l = aes.EncryptEcb(new byte[16], PaddingMode.None);
            byte[] k1 = Dbl(l), k2 = Dbl(k1);
            int n = count == 0 ? 1 : (count + 15) / 16;
            bool complete = count != 0 && count % 16 == 0;
            var x = new byte[16];
            if (n > 1)
            {
                byte[] chain = aes.EncryptCbc(new ReadOnlySpan<byte>(data, offset, (n - 1) * 16), x, PaddingMode.None);
                Array.Copy(chain, chain.Length - 16, x, 0, 16);
            }
            var block = new byte[16];
            int start = offset + (n - 1) * 16;
            int len = Math.Min(16, offset + count - start);
            if (len > 0) Array.Copy(data, start, block, 0, len);
            if (complete) Xor(block, k1);
            else { block[len] = 0x80; Xor(block, k2); }
            Xor(block, x);
            return aes.EncryptEcb(block, PaddingMode.None);
        }

        private static byte[] Dbl(byte[] b)
        {
            var r = new byte[16];
            int carry = 0;
            for (int i = 15; i >= 0; i--)
            {
                r[i] = (byte)((b[i] << 1) | carry);
                carry = (b[i] >> 7) & 1;
            }
            if ((b[0] & 0x80) != 0) r[15] ^= 0x87;
            return r;
        }

        private static void Xor(byte[] a, byte[] b)
        {
            for (int i = 0; i < 16; i++) a[i] ^= b[i];
        }

        public EcKeyPair GenerateKeyPair()
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var p = ec.ExportParameters(true);
            return new EcKeyPair(Pad32(p.D), EncodePoint(p.Q));
        }

        public byte[] DerivePublicKey(byte[] privateKey)
        {
            CheckPrivate(privateKey);
            using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateKey });
            return EncodePoint(ec.ExportParameters(false).Q);
        }

        public byte[] EcdsaSignHash(byte[] privateKey, byte[] hash)
        {
            using var ec = ImportPrivate(privateKey);
            return ec.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        public bool EcdsaVerifyHash(byte[] publicKey, byte[] hash, byte[] signature)
        {
            if (signature == null || signature.Length != 64 || hash == null) return false;
            ECDsa ec;
            try { ec = ImportPublic(publicKey); }
            catch (CryptoException) { return false; }
            using (ec)
            {
                return ec.VerifyHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }

        public byte[] Ecdh(byte[] privateKey, byte[] peerPublicKey)
        {
            CheckPrivate(privateKey);
            ECDiffieHellman peer;
            try
            {
                peer = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = DecodePoint(peerPublicKey) });
            }
            catch (CryptographicException e) { throw new CryptoException("peer public key invalid: " + e.Message); }
            using (peer)
            using (var own = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateKey, Q = DecodePoint(DerivePublicKey(privateKey)) }))
            {
                return own.DeriveRawSecretAgreement(peer.PublicKey);
            }
        }

        public byte[] RandomBytes(int count)
        {
            return RandomNumberGenerator.GetBytes(count);
        }

        private static ECDsa ImportPrivate(byte[] d)
        {
            CheckPrivate(d);
            try { return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d }); }
            catch (CryptographicException e) { throw new CryptoException("private key invalid: " + e.Message); }
        }

        private static ECDsa ImportPublic(byte[] q)
        {
            try { return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = DecodePoint(q) }); }
            catch (CryptographicException e) { throw new CryptoException("public key invalid: " + e.Message); }
        }

        private static void CheckPrivate(byte[] d)
        {
            if (d == null || d.Length != 32) throw new CryptoException("P-256 private key must be 32 bytes");
        }

        private static ECPoint DecodePoint(byte[] q)
        {
            if (q == null || q.Length != 65 || q[0] != 0x04) throw new CryptoException("public key must be 65 bytes 04||X||Y");
            return new ECPoint { X = q.AsSpan(1, 32).ToArray(), Y = q.AsSpan(33, 32).ToArray() };
        }

        private static byte[] EncodePoint(ECPoint p)
        {
            var r = new byte[65];
            r[0] = 0x04;
            Pad32(p.X).CopyTo(r, 1);
            Pad32(p.Y).CopyTo(r, 33);
            return r;
        }

        private static byte[] Pad32(byte[] v)
        {
            if (v.Length == 32) return v;
            var r = new byte[32];
            Array.Copy(v, 0, r, 32 - v.Length, v.Length);
            return r;
        }
    }
}
