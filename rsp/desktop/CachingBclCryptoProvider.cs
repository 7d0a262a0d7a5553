using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;
using IotEsim.Rsp.Crypto;

namespace IotEsim.Rsp.Desktop
{
    /// <summary>
    /// <see cref="BclCryptoProvider"/> for busy desktop hosts (servers, load generators): same results, but the BCL key
    /// objects are kept between calls. Importing a P-256 key into OpenSSL validates it (a private key costs a d·G, a
    /// public key an n·Q check), which made an import cost several times the signature or verification it served; a
    /// server signs with the same DPauth/DPpb keys and verifies with the same CI/EUM keys over and over, and an eUICC
    /// signs with one key and verifies the same SM-DP+ certificates. Kept: ECDsa objects per key (a small pool each, as
    /// an instance is not meant for concurrent use), the ECDH object of a key pair made by <see cref="GenerateKeyPair"/>
    /// until its one ECDH, and per thread the last few AES keys. Caches are bounded and dropped when full.
    /// </summary>
    public sealed class CachingBclCryptoProvider : ICryptoProvider
    {
        public static readonly CachingBclCryptoProvider Instance = new CachingBclCryptoProvider(1024);

        private readonly BclCryptoProvider _bcl = BclCryptoProvider.Instance;
        private readonly int _capacity;
        private readonly ConcurrentDictionary<string, ConcurrentBag<ECDsa>> _private = new ConcurrentDictionary<string, ConcurrentBag<ECDsa>>();
        private readonly ConcurrentDictionary<string, ConcurrentBag<ECDsa>> _public = new ConcurrentDictionary<string, ConcurrentBag<ECDsa>>();
        private readonly ConcurrentDictionary<string, ECDiffieHellman> _ephemeral = new ConcurrentDictionary<string, ECDiffieHellman>();

        [ThreadStatic] private static List<KeyValuePair<string, Aes>> _aes;
        private const int AesPerThread = 4;

        public CachingBclCryptoProvider(int capacity) { _capacity = capacity; }

        public string Name { get { return "bcl-cached"; } }

        public byte[] Sha256(byte[] data, int offset, int count) { return _bcl.Sha256(data, offset, count); }
        public IHash CreateSha256() { return _bcl.CreateSha256(); }
        public byte[] RandomBytes(int count) { return _bcl.RandomBytes(count); }
        public byte[] DerivePublicKey(byte[] privateKey) { return _bcl.DerivePublicKey(privateKey); }

        // ---- AES: one Aes object per key and thread (its native context is built once per key)

        private static Aes AesFor(byte[] key)
        {
            if (key == null || (key.Length != 16 && key.Length != 24 && key.Length != 32)) throw new CryptoException("AES key must be 16, 24 or 32 bytes");
            string k = Convert.ToBase64String(key);
            var list = _aes ?? (_aes = new List<KeyValuePair<string, Aes>>(AesPerThread));
            for (int i = 0; i < list.Count; i++) if (list[i].Key == k) return list[i].Value;
            if (list.Count == AesPerThread) { list[0].Value.Dispose(); list.RemoveAt(0); }
            var aes = Aes.Create();
            aes.Key = key;
            list.Add(new KeyValuePair<string, Aes>(k, aes));
            return aes;
        }

        public byte[] AesEcbEncrypt(byte[] key, byte[] data, int offset, int count)
        {
            return AesFor(key).EncryptEcb(new ReadOnlySpan<byte>(data, offset, count), PaddingMode.None);
        }

        public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            return AesFor(key).EncryptCbc(new ReadOnlySpan<byte>(data, offset, count), iv, PaddingMode.None);
        }

        public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            return AesFor(key).DecryptCbc(new ReadOnlySpan<byte>(data, offset, count), iv, PaddingMode.None);
        }

        /// <summary>RFC 4493 AES-CMAC: CBC-MAC over all blocks but the last, which is XORed with K1 (complete) or padded and
        /// XORed with K2; K1, K2 from L = AES(K, 0^128).</summary>
        public byte[] AesCmac(byte[] key, byte[] data, int offset, int count)
        {
            var aes = AesFor(key);
            byte[] k1 = Dbl(aes.EncryptEcb(new byte[16], PaddingMode.None)), k2 = Dbl(k1);
            int n = count == 0 ? 1 : (count + 15) / 16;
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
            if (count != 0 && count % 16 == 0) Xor(block, k1);
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

        // ---- P-256

        private ConcurrentBag<ECDsa> Pool(ConcurrentDictionary<string, ConcurrentBag<ECDsa>> cache, string key)
        {
            ConcurrentBag<ECDsa> bag;
            if (cache.TryGetValue(key, out bag)) return bag;
            if (cache.Count >= _capacity) cache.Clear(); // dropped objects are finalized; keys in use finish on their own instance
            return cache.GetOrAdd(key, _ => new ConcurrentBag<ECDsa>());
        }

        public byte[] EcdsaSignHash(byte[] privateKey, byte[] hash)
        {
            if (privateKey == null || privateKey.Length != 32) throw new CryptoException("P-256 private key must be 32 bytes");
            var bag = Pool(_private, Convert.ToBase64String(privateKey));
            ECDsa ec;
            if (!bag.TryTake(out ec))
            {
                try { ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = (byte[])privateKey.Clone() }); }
                catch (CryptographicException e) { throw new CryptoException("private key invalid: " + e.Message); }
            }
            byte[] sig = ec.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            bag.Add(ec);
            return sig;
        }

        public bool EcdsaVerifyHash(byte[] publicKey, byte[] hash, byte[] signature)
        {
            if (signature == null || signature.Length != 64 || hash == null) return false;
            if (publicKey == null || publicKey.Length != 65 || publicKey[0] != 0x04) return false;
            var bag = Pool(_public, Convert.ToBase64String(publicKey));
            ECDsa ec;
            if (!bag.TryTake(out ec))
            {
                try { ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = Point(publicKey) }); }
                catch (CryptographicException) { return false; }
            }
            bool ok = ec.VerifyHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            bag.Add(ec);
            return ok;
        }

        public EcKeyPair GenerateKeyPair()
        {
            var ec = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            var p = ec.ExportParameters(true);
            var pair = new EcKeyPair(Pad32(p.D), Encode(p.Q));
            if (_ephemeral.Count >= _capacity) _ephemeral.Clear();
            _ephemeral[Convert.ToBase64String(pair.PrivateKey)] = ec;
            return pair;
        }

        public byte[] Ecdh(byte[] privateKey, byte[] peerPublicKey)
        {
            if (privateKey == null || privateKey.Length != 32) throw new CryptoException("P-256 private key must be 32 bytes");
            ECDiffieHellman own;
            // One-time keys take part in one key agreement: the object made with the pair is used once and dropped.
            if (!_ephemeral.TryRemove(Convert.ToBase64String(privateKey), out own)) return _bcl.Ecdh(privateKey, peerPublicKey);
            using (own)
            {
                if (peerPublicKey == null || peerPublicKey.Length != 65 || peerPublicKey[0] != 0x04) throw new CryptoException("public key must be 65 bytes 04||X||Y");
                ECDiffieHellman peer;
                try { peer = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = Point(peerPublicKey) }); }
                catch (CryptographicException e) { throw new CryptoException("peer public key invalid: " + e.Message); }
                using (peer) return own.DeriveRawSecretAgreement(peer.PublicKey);
            }
        }

        private static ECPoint Point(byte[] q)
        {
            return new ECPoint { X = q.AsSpan(1, 32).ToArray(), Y = q.AsSpan(33, 32).ToArray() };
        }

        private static byte[] Encode(ECPoint q)
        {
            var r = new byte[65];
            r[0] = 0x04;
            var x = Pad32(q.X);
            var y = Pad32(q.Y);
            Array.Copy(x, 0, r, 1, 32);
            Array.Copy(y, 0, r, 33, 32);
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
