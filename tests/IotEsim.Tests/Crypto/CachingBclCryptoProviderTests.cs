using System;
using System.Threading.Tasks;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Crypto
{
    /// <summary>The shared KATs on the BCL provider that keeps key objects between calls.</summary>
    [TestClass]
    public class CachingBclCryptoProviderTests : CryptoProviderKats
    {
        private static readonly ICryptoProvider Caching = new CachingBclCryptoProvider(8);
        protected override ICryptoProvider Crypto { get { return Caching; } }
        protected override bool DeterministicSignatures { get { return false; } }
    }

    /// <summary>Cached keys give the same answers as fresh imports, also after eviction and from many threads.</summary>
    [TestClass]
    public class CachingBclCryptoProviderReuseTests
    {
        private static readonly ICryptoProvider Bcl = BclCryptoProvider.Instance;

        [TestMethod]
        public void RepeatedAndConcurrentUse_MatchesBcl()
        {
            var c = new CachingBclCryptoProvider(4); // small: keys are evicted while the test runs
            var keys = new EcKeyPair[6];
            for (int i = 0; i < keys.Length; i++) keys[i] = Bcl.GenerateKeyPair();
            Parallel.For(0, 200, i =>
            {
                var k = keys[i % keys.Length];
                byte[] hash = Bcl.Sha256(BitConverter.GetBytes(i), 0, 4);
                byte[] sig = c.EcdsaSignHash(k.PrivateKey, hash);
                Assert.IsTrue(Bcl.EcdsaVerifyHash(k.PublicKey, hash, sig));
                Assert.IsTrue(c.EcdsaVerifyHash(k.PublicKey, hash, sig));
                Assert.IsFalse(c.EcdsaVerifyHash(keys[(i + 1) % keys.Length].PublicKey, hash, sig));
                byte[] key = Bcl.RandomBytes(16), data = Bcl.RandomBytes(i % 70);
                Assert.AreEqual(Hex.Encode(Bcl.AesCmac(key, data, 0, data.Length)), Hex.Encode(c.AesCmac(key, data, 0, data.Length)));
                Assert.AreEqual(Hex.Encode(Bcl.AesCmac(key, data, 0, data.Length)), Hex.Encode(c.AesCmac(key, data, 0, data.Length)));
            });
        }

        [TestMethod]
        public void OneTimeKey_AgreesWithPeer_AlsoWhenUsedTwice()
        {
            var c = new CachingBclCryptoProvider(16);
            var mine = c.GenerateKeyPair();
            var peer = Bcl.GenerateKeyPair();
            string z = Hex.Encode(Bcl.Ecdh(peer.PrivateKey, mine.PublicKey));
            Assert.AreEqual(z, Hex.Encode(c.Ecdh(mine.PrivateKey, peer.PublicKey)));
            Assert.AreEqual(z, Hex.Encode(c.Ecdh(mine.PrivateKey, peer.PublicKey))); // second use: imported again
            Assert.AreEqual(Hex.Encode(Bcl.DerivePublicKey(mine.PrivateKey)), Hex.Encode(mine.PublicKey));
            Assert.ThrowsExactly<CryptoException>(() => c.Ecdh(c.GenerateKeyPair().PrivateKey, new byte[65]));
            Assert.IsFalse(c.EcdsaVerifyHash(new byte[65], new byte[32], new byte[64]));
        }
    }
}
