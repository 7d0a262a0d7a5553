using System;
using System.Diagnostics;
using System.Threading;
using IotEsim.Rsp.Crypto;

namespace IotEsim.Bench
{
    /// <summary>
    /// A crypto provider decorator that counts the public-key operations and the time spent in each kind,
    /// thread-safe. Scalar multiplications: ECDSA sign 1 (k·G), verify 2 (u1·G + u2·Q), ECDH 1, key
    /// generation 1, public key derivation 1; how a backend implements them (Shamir's trick, fixed-base
    /// tables) changes their cost, not their number.
    /// </summary>
    public sealed class CountingCrypto : ICryptoProvider
    {
        private readonly ICryptoProvider _inner;
        public long Signs, Verifies, Ecdhs, KeyGens, Derives, HashBytes, CmacBytes, AesBytes;
        public long SignTicks, VerifyTicks, EcdhTicks, KeyGenTicks, SymTicks;

        public CountingCrypto(ICryptoProvider inner) { _inner = inner; }

        public ICryptoProvider Inner { get { return _inner; } }
        public string Name { get { return _inner.Name + "+counting"; } }

        public long ScalarMultiplications { get { return Signs + 2 * Verifies + Ecdhs + KeyGens + Derives; } }
        public double PublicKeyMs { get { return Ms(SignTicks + VerifyTicks + EcdhTicks + KeyGenTicks); } }
        public double SymmetricMs { get { return Ms(SymTicks); } }

        public static double Ms(long ticks) { return ticks * 1000.0 / Stopwatch.Frequency; }

        public void Reset()
        {
            Signs = Verifies = Ecdhs = KeyGens = Derives = HashBytes = CmacBytes = AesBytes = 0;
            SignTicks = VerifyTicks = EcdhTicks = KeyGenTicks = SymTicks = 0;
        }

        public string Summary()
        {
            return Signs + " sign, " + Verifies + " verify, " + Ecdhs + " ECDH, " + (KeyGens + Derives) + " keygen";
        }

        public byte[] Sha256(byte[] data, int offset, int count)
        {
            long t = Stopwatch.GetTimestamp();
            var r = _inner.Sha256(data, offset, count);
            Interlocked.Add(ref SymTicks, Stopwatch.GetTimestamp() - t);
            Interlocked.Add(ref HashBytes, count);
            return r;
        }

        public IHash CreateSha256() { return _inner.CreateSha256(); }

        public byte[] AesEcbEncrypt(byte[] key, byte[] data, int offset, int count) { return Sym(ref AesBytes, count, () => _inner.AesEcbEncrypt(key, data, offset, count)); }
        public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) { return Sym(ref AesBytes, count, () => _inner.AesCbcEncrypt(key, iv, data, offset, count)); }
        public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) { return Sym(ref AesBytes, count, () => _inner.AesCbcDecrypt(key, iv, data, offset, count)); }
        public byte[] AesCmac(byte[] key, byte[] data, int offset, int count) { return Sym(ref CmacBytes, count, () => _inner.AesCmac(key, data, offset, count)); }

        private byte[] Sym(ref long bytes, int count, Func<byte[]> f)
        {
            long t = Stopwatch.GetTimestamp();
            var r = f();
            Interlocked.Add(ref SymTicks, Stopwatch.GetTimestamp() - t);
            Interlocked.Add(ref bytes, count);
            return r;
        }

        public EcKeyPair GenerateKeyPair()
        {
            long t = Stopwatch.GetTimestamp();
            var r = _inner.GenerateKeyPair();
            Interlocked.Add(ref KeyGenTicks, Stopwatch.GetTimestamp() - t);
            Interlocked.Increment(ref KeyGens);
            return r;
        }

        public byte[] DerivePublicKey(byte[] privateKey)
        {
            long t = Stopwatch.GetTimestamp();
            var r = _inner.DerivePublicKey(privateKey);
            Interlocked.Add(ref KeyGenTicks, Stopwatch.GetTimestamp() - t);
            Interlocked.Increment(ref Derives);
            return r;
        }

        public byte[] EcdsaSignHash(byte[] privateKey, byte[] hash)
        {
            long t = Stopwatch.GetTimestamp();
            var r = _inner.EcdsaSignHash(privateKey, hash);
            Interlocked.Add(ref SignTicks, Stopwatch.GetTimestamp() - t);
            Interlocked.Increment(ref Signs);
            return r;
        }

        public bool EcdsaVerifyHash(byte[] publicKey, byte[] hash, byte[] signature)
        {
            long t = Stopwatch.GetTimestamp();
            var r = _inner.EcdsaVerifyHash(publicKey, hash, signature);
            Interlocked.Add(ref VerifyTicks, Stopwatch.GetTimestamp() - t);
            Interlocked.Increment(ref Verifies);
            return r;
        }

        public byte[] Ecdh(byte[] privateKey, byte[] peerPublicKey)
        {
            long t = Stopwatch.GetTimestamp();
            var r = _inner.Ecdh(privateKey, peerPublicKey);
            Interlocked.Add(ref EcdhTicks, Stopwatch.GetTimestamp() - t);
            Interlocked.Increment(ref Ecdhs);
            return r;
        }

        public byte[] RandomBytes(int count) { return _inner.RandomBytes(count); }
    }
}
