using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>
    /// <see cref="ICryptoProvider"/> in pure C#: runs on nanoFramework (no System.Security.Cryptography
    /// there) and on the desktop. Randomness comes from the injected <see cref="IRandomSource"/>; the
    /// parameterless constructor uses System.Random, which is the hardware RNG on ESP32 but a
    /// predictable PRNG on the desktop, so desktop callers must pass a secure source.
    /// </summary>
    public sealed class PortableCryptoProvider : ICryptoProvider
    {
        private readonly IRandomSource _random;

        public PortableCryptoProvider() : this(new SystemRandomSource()) { }

        public PortableCryptoProvider(IRandomSource random)
        {
            if (random == null) throw new ArgumentNullException("random");
            _random = random;
        }

        public string Name { get { return "portable"; } }

        public byte[] Sha256(byte[] data, int offset, int count) { return Crypto.Sha256.Hash(data, offset, count); }

        public IHash CreateSha256() { return new Sha256(); }

        public byte[] AesEcbEncrypt(byte[] key, byte[] data, int offset, int count)
        {
            return Aes128.EcbEncrypt(key, data, offset, count);
        }

        public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            return Aes128.CbcEncrypt(key, iv, data, offset, count);
        }

        public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            return Aes128.CbcDecrypt(key, iv, data, offset, count);
        }

        public byte[] AesCmac(byte[] key, byte[] data, int offset, int count)
        {
            return Crypto.AesCmac.Compute(key, data, offset, count);
        }

        public EcKeyPair GenerateKeyPair() { return P256.GenerateKeyPair(_random); }

        public byte[] DerivePublicKey(byte[] privateKey) { return P256.DerivePublicKey(privateKey); }

        public byte[] EcdsaSignHash(byte[] privateKey, byte[] hash) { return EcdsaP256.SignHash(privateKey, hash); }

        public bool EcdsaVerifyHash(byte[] publicKey, byte[] hash, byte[] signature)
        {
            return EcdsaP256.VerifyHash(publicKey, hash, signature);
        }

        public byte[] Ecdh(byte[] privateKey, byte[] peerPublicKey) { return P256.Ecdh(privateKey, peerPublicKey); }

        public byte[] RandomBytes(int count)
        {
            if (count < 0) throw new CryptoException("negative count");
            var b = new byte[count];
            _random.GetBytes(b);
            return b;
        }
    }
}
