using System;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Crypto
{
    /// <summary>The shared KATs (tests/unit/Crypto) on the System.Security.Cryptography provider.</summary>
    [TestClass]
    public class BclCryptoProviderTests : CryptoProviderKats
    {
        protected override ICryptoProvider Crypto { get { return BclCryptoProvider.Instance; } }

        // OpenSSL signs with random nonces; RFC 6979 signatures are only verified.
        protected override bool DeterministicSignatures { get { return false; } }
    }

    /// <summary>Each provider verifies what the other signed, and both agree on ECDH and keys.</summary>
    [TestClass]
    public class CryptoCrossProviderTests
    {
        private static readonly ICryptoProvider Portable = new PortableCryptoProvider(SecureRandomSource.Instance);
        private static readonly ICryptoProvider Bcl = BclCryptoProvider.Instance;

        [TestMethod]
        public void PortableSigns_BclVerifies()
        {
            for (int i = 0; i < 5; i++)
            {
                EcKeyPair kp = Portable.GenerateKeyPair();
                byte[] hash = Bcl.Sha256(Bcl.RandomBytes(33), 0, 33);
                byte[] sig = Portable.EcdsaSignHash(kp.PrivateKey, hash);
                Assert.IsTrue(Bcl.EcdsaVerifyHash(kp.PublicKey, hash, sig));
                Assert.AreEqual(Hex.Encode(kp.PublicKey), Hex.Encode(Bcl.DerivePublicKey(kp.PrivateKey)));
            }
        }

        [TestMethod]
        public void BclSigns_PortableVerifies()
        {
            for (int i = 0; i < 5; i++)
            {
                EcKeyPair kp = Bcl.GenerateKeyPair();
                byte[] hash = Bcl.Sha256(Bcl.RandomBytes(17), 0, 17);
                byte[] sig = Bcl.EcdsaSignHash(kp.PrivateKey, hash);
                Assert.IsTrue(Portable.EcdsaVerifyHash(kp.PublicKey, hash, sig));
                Assert.AreEqual(Hex.Encode(kp.PublicKey), Hex.Encode(Portable.DerivePublicKey(kp.PrivateKey)));
            }
        }

        [TestMethod]
        public void EcdhAgreesAcrossProviders()
        {
            EcKeyPair a = Portable.GenerateKeyPair();
            EcKeyPair b = Bcl.GenerateKeyPair();
            Assert.AreEqual(Hex.Encode(Bcl.Ecdh(b.PrivateKey, a.PublicKey)), Hex.Encode(Portable.Ecdh(a.PrivateKey, b.PublicKey)));
        }

        [TestMethod]
        public void SymmetricPrimitivesAgreeOnRandomInputs()
        {
            var rnd = new Random(1234);
            for (int len = 0; len < 200; len += 13)
            {
                var data = new byte[len];
                rnd.NextBytes(data);
                byte[] key = Bcl.RandomBytes(16);
                Assert.AreEqual(Hex.Encode(Bcl.Sha256(data, 0, len)), Hex.Encode(Portable.Sha256(data, 0, len)));
                Assert.AreEqual(Hex.Encode(Bcl.AesCmac(key, data, 0, len)), Hex.Encode(Portable.AesCmac(key, data, 0, len)));
                int blocks = len & ~15;
                byte[] iv = Bcl.RandomBytes(16);
                byte[] ct = Bcl.AesCbcEncrypt(key, iv, data, 0, blocks);
                Assert.AreEqual(Hex.Encode(ct), Hex.Encode(Portable.AesCbcEncrypt(key, iv, data, 0, blocks)));
                Assert.AreEqual(Hex.Encode(data, 0, blocks), Hex.Encode(Portable.AesCbcDecrypt(key, iv, ct, 0, blocks)));
            }
        }
    }
}
