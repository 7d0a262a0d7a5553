using System;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Crypto
{
    /// <summary>
    /// Known answers for brainpoolP256r1:
    /// - ECDH and key derivation: RFC 7027 Appendix A.1 (the same vectors are repeated in RFC 8734 Appendix A.1).
    /// - ECDSA-SHA256 verification: Wycheproof testvectors_v1/ecdsa_brainpoolP256r1_sha256_p1363_test.json,
    ///   first test group (tcId 1 valid; tcId 4 "replaced r by n - r", tcId 11 "r=0 and s=0" invalid).
    /// </summary>
    [TestClass]
    public class BrainpoolP256r1Tests
    {
        private const string DA = "81DB1EE100150FF2EA338D708271BE38300CB54241D79950F77B063039804F1D";
        private const string QA = "04" + "44106E913F92BC02A1705D9953A8414DB95E1AAA49E81D9E85F929A8E3100BE5"
                                       + "8AB4846F11CACCB73CE49CBDD120F5A900A69FD32C272223F789EF10EB089BDC";
        private const string DB = "55E40BC41E37E3E2AD25C3C6654511FFA8474A91A0032087593852D3E7D76BD3";
        private const string QB = "04" + "8D2D688C6CF93E1160AD04CC4429117DC2C41825E1E9FCA0ADDD34E6F1B39F7B"
                                       + "990C57520812BE512641E47034832106BC7D3E8DD0E4C7F1136D7006547CEC6A";
        private const string Z = "89AFC39D41D3B327814B80940B042590F96556EC91E6AE7939BCE31F3A18BF2B";

        private const string WycheproofKey = "04019a2d9637743a63ddaefdbca0ee229a163b809b9b145e5313bbeb8defeab9d6548caf89bf5ba49499404145651234336401b9b2843a579ed152e090f11b9e59";
        private const string WycheproofMsg = "313233343030";
        private const string WycheproofSig1 = "0a5f8c70ba2d0842d5d0f841f160ad15195769a8159bfe692634d73d469d111f426e857aad3ff7aa96e4d200c03b45f1846a36d089ee3917768ca1a0d6d4da6e";
        private const string WycheproofSig4 = "9f9bcb6ae7c1a1796895124eac22e05c72e210fb9fc5a88e69e9374550ab4588678cd260f4aeb211a781388fdd48478007cf43d32b736de019916ce1c0737c39";

        private static byte[] Sha(string hex)
        {
            var b = Hex.Decode(hex);
            return Sha256.Hash(b, 0, b.Length);
        }

        [TestMethod]
        public void Rfc7027PublicKeys()
        {
            Assert.AreEqual(QA, Hex.Encode(BrainpoolP256r1.DerivePublicKey(Hex.Decode(DA))));
            Assert.AreEqual(QB, Hex.Encode(BrainpoolP256r1.DerivePublicKey(Hex.Decode(DB))));
        }

        [TestMethod]
        public void Rfc7027SharedSecretBothWays()
        {
            Assert.AreEqual(Z, Hex.Encode(BrainpoolP256r1.Ecdh(Hex.Decode(DA), Hex.Decode(QB))));
            Assert.AreEqual(Z, Hex.Encode(BrainpoolP256r1.Ecdh(Hex.Decode(DB), Hex.Decode(QA))));
        }

        [TestMethod]
        public void EcdhRefusesPointsOffTheCurve()
        {
            var bad = Hex.Decode(QB);
            bad[64] ^= 0x01;
            Assert.ThrowsException(typeof(CryptoException), () => BrainpoolP256r1.Ecdh(Hex.Decode(DA), bad));
            Assert.ThrowsException(typeof(CryptoException), () => BrainpoolP256r1.Ecdh(Hex.Decode(DA), new byte[65]));
            Assert.IsFalse(BrainpoolP256r1.IsValidPublicKey(bad));
            Assert.IsTrue(BrainpoolP256r1.IsValidPublicKey(Hex.Decode(QA)));
            // A P-256 point is not on brainpoolP256r1.
            Assert.IsFalse(BrainpoolP256r1.IsValidPublicKey(Hex.Decode(
                "046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C2964FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5")));
        }

        [TestMethod]
        public void WycheproofSignatureVerifies()
        {
            var pk = Hex.Decode(WycheproofKey);
            var h = Sha(WycheproofMsg);
            Assert.IsTrue(BrainpoolP256r1.VerifyHash(pk, h, Hex.Decode(WycheproofSig1)), "tcId 1");
            Assert.IsFalse(BrainpoolP256r1.VerifyHash(pk, h, Hex.Decode(WycheproofSig4)), "tcId 4");
            Assert.IsFalse(BrainpoolP256r1.VerifyHash(pk, h, new byte[64]), "tcId 11");
            var other = Sha("313233343031");
            Assert.IsFalse(BrainpoolP256r1.VerifyHash(pk, other, Hex.Decode(WycheproofSig1)), "other message");
            Assert.IsFalse(BrainpoolP256r1.VerifyHash(pk, h, Hex.Decode(WycheproofSig1 + "00")), "65 bytes");
        }

        [TestMethod]
        public void SignIsDeterministicAndVerifies()
        {
            var h = Sha("48656C6C6F");
            byte[] s1 = BrainpoolP256r1.SignHash(Hex.Decode(DA), h);
            byte[] s2 = BrainpoolP256r1.SignHash(Hex.Decode(DA), h);
            Assert.AreEqual(Hex.Encode(s1), Hex.Encode(s2), "RFC 6979 nonce");
            Assert.IsTrue(BrainpoolP256r1.VerifyHash(Hex.Decode(QA), h, s1));
            Assert.IsFalse(BrainpoolP256r1.VerifyHash(Hex.Decode(QB), h, s1), "other key");
            s1[40] ^= 0x80;
            Assert.IsFalse(BrainpoolP256r1.VerifyHash(Hex.Decode(QA), h, s1));
        }

        [TestMethod]
        public void PrivateKeysOutsideTheOrderAreRefused()
        {
            Assert.ThrowsException(typeof(CryptoException), () => BrainpoolP256r1.DerivePublicKey(new byte[32]));
            Assert.ThrowsException(typeof(CryptoException), () => BrainpoolP256r1.DerivePublicKey(
                Hex.Decode("A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7")));
            Assert.ThrowsException(typeof(CryptoException), () => BrainpoolP256r1.DerivePublicKey(new byte[31]));
        }
    }
}
