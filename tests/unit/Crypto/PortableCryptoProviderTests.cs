using System;
using System.Text;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Crypto
{
    /// <summary>The shared KATs on the pure C# provider (desktop and device).</summary>
    [TestClass]
    public class PortableCryptoProviderTests : CryptoProviderKats
    {
        private static readonly ICryptoProvider Provider = new PortableCryptoProvider();

        protected override ICryptoProvider Crypto { get { return Provider; } }

        protected override bool DeterministicSignatures { get { return true; } }
    }

    /// <summary>Portable-only helpers that have no counterpart on the provider interface.</summary>
    [TestClass]
    public class PortablePrimitiveTests
    {
        [TestMethod]
        public void HmacSha256_Rfc4231Case2()
        {
            byte[] data = Encoding.UTF8.GetBytes("what do ya want for nothing?");
            Assert.AreEqual("5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843",
                Hex.Encode(HmacSha256.Compute(Encoding.UTF8.GetBytes("Jefe"), data, 0, data.Length)));
        }

        [TestMethod]
        public void Aes128_DecryptBlockInvertsEncrypt()
        {
            var aes = new Aes128(Hex.Decode("000102030405060708090A0B0C0D0E0F"));
            byte[] b = Hex.Decode("69C4E0D86A7B0430D8CDB78070B4C55A");
            aes.DecryptBlock(b, 0, b, 0);
            Assert.AreEqual("00112233445566778899AABBCCDDEEFF", Hex.Encode(b));
        }

        [TestMethod]
        public void Aes128_RejectsBadKeyAndLength()
        {
            Assert.ThrowsException(typeof(CryptoException), () => new Aes128(new byte[15]));
            Assert.ThrowsException(typeof(CryptoException), () => Aes128.EcbEncrypt(new byte[16], new byte[17], 0, 17));
            Assert.ThrowsException(typeof(CryptoException), () => Aes128.CbcEncrypt(new byte[16], new byte[8], new byte[16], 0, 16));
        }

        [TestMethod]
        public void Ecdsa_RejectsOutOfRangePrivateKeys()
        {
            byte[] hash = new byte[32];
            Assert.ThrowsException(typeof(CryptoException), () => EcdsaP256.SignHash(new byte[32], hash));
            byte[] n = Hex.Decode("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
            Assert.ThrowsException(typeof(CryptoException), () => P256.DerivePublicKey(n));
            Assert.ThrowsException(typeof(CryptoException), () => EcdsaP256.SignHash(new byte[] { 1 }, hash));
            Assert.ThrowsException(typeof(CryptoException), () => EcdsaP256.SignHash(Hex.Decode("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"), new byte[20]));
        }

        [TestMethod]
        public void Ecdsa_DerConversionRoundTrips()
        {
            // r with the top bit set needs a 00 pad; s with leading zero bytes is shortened.
            byte[] raw = Hex.Decode("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                                  + "00007F942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
            byte[] der = EcdsaP256.RawToDer(raw);
            Assert.AreEqual("3043022100EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                          + "021E7F942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8", Hex.Encode(der));
            Assert.AreEqual(Hex.Encode(raw), Hex.Encode(EcdsaP256.DerToRaw(der)));
        }

        [TestMethod]
        public void Ecdsa_DerToRawRejectsMalformed()
        {
            Assert.ThrowsException(typeof(CryptoException), () => EcdsaP256.DerToRaw(null));
            Assert.ThrowsException(typeof(CryptoException), () => EcdsaP256.DerToRaw(Hex.Decode("3006020101020101FF")));   // trailing
            Assert.ThrowsException(typeof(CryptoException), () => EcdsaP256.DerToRaw(Hex.Decode("30060201800201FF")));     // negative
            Assert.ThrowsException(typeof(CryptoException), () => EcdsaP256.DerToRaw(Hex.Decode("3007020200010201FF00"))); // non-minimal / length
            Assert.ThrowsException(typeof(CryptoException), () => EcdsaP256.RawToDer(new byte[63]));
            Assert.AreEqual(Hex.Encode(new byte[31]) + "01" + Hex.Encode(new byte[31]) + "7F",
                Hex.Encode(EcdsaP256.DerToRaw(Hex.Decode("300602010102017F"))));
        }
    }
}
