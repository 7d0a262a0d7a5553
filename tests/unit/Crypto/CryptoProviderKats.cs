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
    /// <summary>
    /// Known-answer tests every <see cref="ICryptoProvider"/> must pass. Written once here and run per
    /// provider by a [TestClass] subclass (the base carries no [TestClass], so each KAT runs exactly
    /// once per subclass): PortableCryptoProviderTests in tests/unit, BclCryptoProviderTests in
    /// tests/IotEsim.Tests/Crypto.
    /// </summary>
    public abstract class CryptoProviderKats
    {
        protected abstract ICryptoProvider Crypto { get; }

        /// <summary>True when the provider signs with RFC 6979 nonces, so exact r||s can be checked.</summary>
        protected abstract bool DeterministicSignatures { get; }

        private static byte[] H(string hex) { return Hex.Decode(hex); }

        private static byte[] Ascii(string s) { return Encoding.UTF8.GetBytes(s); }

        private string Sha(byte[] data) { return Hex.Encode(Crypto.Sha256(data, 0, data.Length)); }

        // ---- SHA-256 (FIPS 180-2 appendix B) ----

        [TestMethod]
        public void Sha256_Fips180Vectors()
        {
            Assert.AreEqual("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", Sha(Ascii("abc")));
            Assert.AreEqual("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", Sha(new byte[0]));
            Assert.AreEqual("248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1",
                Sha(Ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")));
        }

        [TestMethod]
        public void Sha256_MillionA_Incremental()
        {
            var chunk = new byte[1000];
            for (int i = 0; i < chunk.Length; i++) chunk[i] = (byte)'a';
            IHash h = Crypto.CreateSha256();
            for (int i = 0; i < 1000; i++) h.Update(chunk, 0, chunk.Length);
            Assert.AreEqual("CDC76E5C9914FB9281A1C7E284D73E67F1809A48A497200E046D39CCC7112CD0", Hex.Encode(h.Final()));
        }

        [TestMethod]
        public void Sha256_IncrementalSplitsMatchOneShotAndResetAfterFinal()
        {
            var data = new byte[200];
            for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + 3);
            string expected = Sha(data);
            IHash h = Crypto.CreateSha256();
            // Odd split points cross the 64-byte block boundary and the 56-byte padding edge.
            h.Update(data, 0, 1); h.Update(data, 1, 55); h.Update(data, 56, 9); h.Update(data, 65, 135);
            Assert.AreEqual(expected, Hex.Encode(h.Final()));
            h.Update(data, 10, 20);
            Assert.AreEqual(Hex.Encode(Crypto.Sha256(data, 10, 20)), Hex.Encode(h.Final()));
        }

        // ---- AES-128 (FIPS-197 C.1, SP 800-38A F.1.1 / F.2.1 / F.2.2) ----

        private const string SpKey = "2B7E151628AED2A6ABF7158809CF4F3C";
        private const string SpPlain = "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51"
                                     + "30C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710";

        [TestMethod]
        public void Aes128_Fips197Block()
        {
            byte[] pt = H("00112233445566778899AABBCCDDEEFF");
            Assert.AreEqual("69C4E0D86A7B0430D8CDB78070B4C55A",
                Hex.Encode(Crypto.AesEcbEncrypt(H("000102030405060708090A0B0C0D0E0F"), pt, 0, 16)));
        }

        [TestMethod]
        public void Aes128_Sp80038aEcb()
        {
            byte[] pt = H(SpPlain);
            Assert.AreEqual("3AD77BB40D7A3660A89ECAF32466EF97F5D3D58503B9699DE785895A96FDBAAF"
                          + "43B1CD7F598ECE23881B00E3ED0306887B0C785E27E8AD3F8223207104725DD4",
                Hex.Encode(Crypto.AesEcbEncrypt(H(SpKey), pt, 0, pt.Length)));
        }

        [TestMethod]
        public void Aes128_Sp80038aCbcBothWays()
        {
            const string ct = "7649ABAC8119B246CEE98E9B12E9197D5086CB9B507219EE95DB113A917678B2"
                            + "73BED6B8E3C1743B7116E69E222295163FF1CAA1681FAC09120ECA307586E1A7";
            byte[] iv = H("000102030405060708090A0B0C0D0E0F");
            // Embed the plaintext at an offset to exercise the (offset, count) contract.
            byte[] framed = Bytes.Concat(H("EEEE"), H(SpPlain), H("EE"));
            Assert.AreEqual(ct, Hex.Encode(Crypto.AesCbcEncrypt(H(SpKey), iv, framed, 2, 64)));
            byte[] c = Bytes.Concat(H("00"), H(ct));
            Assert.AreEqual(SpPlain, Hex.Encode(Crypto.AesCbcDecrypt(H(SpKey), iv, c, 1, 64)));
        }

        // ---- AES-CMAC (RFC 4493 section 4, all four examples) ----

        [TestMethod]
        public void AesCmac_Rfc4493Examples()
        {
            byte[] m = H(SpPlain);
            byte[] k = H(SpKey);
            Assert.AreEqual("BB1D6929E95937287FA37D129B756746", Hex.Encode(Crypto.AesCmac(k, m, 0, 0)));
            Assert.AreEqual("070A16B46B4D4144F79BDD9DD04A287C", Hex.Encode(Crypto.AesCmac(k, m, 0, 16)));
            Assert.AreEqual("DFA66747DE9AE63030CA32611497C827", Hex.Encode(Crypto.AesCmac(k, m, 0, 40)));
            Assert.AreEqual("51F0BEBF7E3B9D92FC49741779363CFE", Hex.Encode(Crypto.AesCmac(k, m, 0, 64)));
        }

        // ---- P-256 key pairs ----

        [TestMethod]
        public void P256_DerivePublicKey_KnownPairs()
        {
            // CAVP 186-4 KeyPair.rsp [P-256] first entry
            Assert.AreEqual("04D0720DC691AA80096BA32FED1CB97C2B620690D06DE0317B8618D5CE65EB728F"
                          + "9681B517B1CDA17D0D83D335D9C4A8A9A9B0B1B3C7106D8F3C72BC5093DC275F",
                Hex.Encode(Crypto.DerivePublicKey(H("C9806898A0334916C860748880A541F093B579A9B1F32934D86C363C39800357"))));
            // CAVP SigGen [P-256,SHA-256] first entry
            Assert.AreEqual("041CCBE91C075FC7F4F033BFA248DB8FCCD3565DE94BBFB12F3C59FF46C271BF83"
                          + "CE4014C68811F9A21A1FDB2C0E6113E06DB7CA93B7404E78DC7CCD5CA89A4CA9",
                Hex.Encode(Crypto.DerivePublicKey(H("519B423D715F8B581F4FA8EE59F4771A5B44C8130B4E3EACCA54A56DDA72B464"))));
            // RFC 6979 A.2.5
            Assert.AreEqual(Rfc6979Pub, Hex.Encode(Crypto.DerivePublicKey(H(Rfc6979Priv))));
        }

        [TestMethod]
        public void P256_GeneratedKeyPairIsConsistent()
        {
            EcKeyPair kp = Crypto.GenerateKeyPair();
            Assert.AreEqual(32, kp.PrivateKey.Length);
            Assert.AreEqual(65, kp.PublicKey.Length);
            Assert.AreEqual(Hex.Encode(kp.PublicKey), Hex.Encode(Crypto.DerivePublicKey(kp.PrivateKey)));
            EcKeyPair other = Crypto.GenerateKeyPair();
            Assert.IsFalse(Hex.Encode(kp.PrivateKey) == Hex.Encode(other.PrivateKey));
        }

        [TestMethod]
        public void P256_RejectsBadPrivateKeysWithCryptoException()
        {
            Assert.ThrowsException(typeof(CryptoException), () => Crypto.DerivePublicKey(new byte[31]));
            Assert.ThrowsException(typeof(CryptoException), () => Crypto.DerivePublicKey(null));
            Assert.ThrowsException(typeof(CryptoException), () => Crypto.EcdsaSignHash(new byte[33], new byte[32]));
        }

        // ---- ECDSA ----

        private const string Rfc6979Priv = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721";
        private const string Rfc6979Pub = "0460FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
                                        + "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";

        [TestMethod]
        public void Ecdsa_Rfc6979DeterministicSignatures()
        {
            CheckRfc6979("sample", "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                                 + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
            CheckRfc6979("test", "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367"
                               + "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083");
        }

        private void CheckRfc6979(string message, string expectedRs)
        {
            byte[] m = Ascii(message);
            byte[] hash = Crypto.Sha256(m, 0, m.Length);
            Assert.IsTrue(Crypto.EcdsaVerifyHash(H(Rfc6979Pub), hash, H(expectedRs)));
            byte[] sig = Crypto.EcdsaSignHash(H(Rfc6979Priv), hash);
            Assert.AreEqual(64, sig.Length);
            if (DeterministicSignatures) Assert.AreEqual(expectedRs, Hex.Encode(sig));
            Assert.IsTrue(Crypto.EcdsaVerifyHash(H(Rfc6979Pub), hash, sig));
        }

        // CAVP 186-3 SigVer.rsp [P-256,SHA-256], a Result = P entry.
        private const string SigVerMsg = "E1130AF6A38CCB412A9C8D13E15DBFC9E69A16385AF3C3F1E5DA954FD5E7C45F"
                                       + "D75E2B8C36699228E92840C0562FBF3772F07E17F1ADD56588DD45F7450E1217"
                                       + "AD239922DD9C32695DC71FF2424CA0DEC1321AA47064A044B7FE3C2B97D03CE4"
                                       + "70A592304C5EF21EED9F93DA56BB232D1EEB0035F9BF0DFAFDCC4606272B20A3";
        private const string SigVerQ = "04E424DC61D4BB3CB7EF4344A7F8957A0C5134E16F7A67C074F82E6E12F49ABF3C"
                                     + "970EED7AA2BC48651545949DE1DDDAF0127E5965AC85D1243D6F60E7DFAEE927";
        private const string SigVerRs = "BF96B99AA49C705C910BE33142017C642FF540C76349B9DAB72F981FD9347F4F"
                                      + "17C55095819089C2E03B9CD415ABDF12444E323075D98F31920B9E0F57EC871C";

        // CAVP 186-4 SigGen.txt [P-256,SHA-256] first record (verified here, since the nonce is random).
        private const string SigGenMsg = "5905238877C77421F73E43EE3DA6F2D9E2CCAD5FC942DCEC0CBD25482935FAAF"
                                       + "416983FE165B1A045EE2BCD2E6DCA3BDF46C4310A7461F9A37960CA672D3FEB5"
                                       + "473E253605FB1DDFD28065B53CB5858A8AD28175BF9BD386A5E471EA7A65C17C"
                                       + "C934A9D791E91491EB3754D03799790FE2D308D16146D5C9B0D0DEBD97D79CE8";
        private const string SigGenQ = "041CCBE91C075FC7F4F033BFA248DB8FCCD3565DE94BBFB12F3C59FF46C271BF83"
                                     + "CE4014C68811F9A21A1FDB2C0E6113E06DB7CA93B7404E78DC7CCD5CA89A4CA9";
        private const string SigGenRs = "F3AC8061B514795B8843E3D6629527ED2AFD6B1F6A555A7ACABB5E6F79C8C2AC"
                                      + "8BF77819CA05A6B2786C76262BF7371CEF97B218E96F175A3CCDDA2ACC058903";

        [TestMethod]
        public void Ecdsa_CavpVerifyPassCases()
        {
            byte[] m = H(SigVerMsg);
            byte[] hash = Crypto.Sha256(m, 0, m.Length);
            Assert.AreEqual("D1B8EF21EB4182EE270638061063A3F3C16C114E33937F69FB232CC833965A94", Hex.Encode(hash));
            Assert.IsTrue(Crypto.EcdsaVerifyHash(H(SigVerQ), hash, H(SigVerRs)));
            byte[] g = H(SigGenMsg);
            Assert.IsTrue(Crypto.EcdsaVerifyHash(H(SigGenQ), Crypto.Sha256(g, 0, g.Length), H(SigGenRs)));
        }

        [TestMethod]
        public void Ecdsa_CavpVerifyFailCases()
        {
            // Fail cases derived from the pass vectors the way SigVer.rsp builds its F entries:
            // changed message, changed R, changed S, changed public key.
            byte[] m = H(SigVerMsg);
            byte[] hash = Crypto.Sha256(m, 0, m.Length);
            byte[] badHash = Crypto.Sha256(m, 1, m.Length - 1);
            Assert.IsFalse(Crypto.EcdsaVerifyHash(H(SigVerQ), badHash, H(SigVerRs)));
            byte[] sig = H(SigVerRs);
            sig[31] ^= 0x01;
            Assert.IsFalse(Crypto.EcdsaVerifyHash(H(SigVerQ), hash, sig));
            sig = H(SigVerRs);
            sig[40] ^= 0x80;
            Assert.IsFalse(Crypto.EcdsaVerifyHash(H(SigVerQ), hash, sig));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(H(SigGenQ), hash, H(SigVerRs)));
            // r and s swapped
            sig = Bytes.Concat(Bytes.Slice(H(SigVerRs), 32, 32), Bytes.Slice(H(SigVerRs), 0, 32));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(H(SigVerQ), hash, sig));
        }

        private const string N = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";
        private const string GPoint = "046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
                                    + "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5";

        [TestMethod]
        public void Ecdsa_MalformedInputsVerifyFalse()
        {
            byte[] m = H(SigVerMsg);
            byte[] hash = Crypto.Sha256(m, 0, m.Length);
            byte[] q = H(SigVerQ);
            string r = SigVerRs.Substring(0, 64), s = SigVerRs.Substring(64);
            string zero = "0000000000000000000000000000000000000000000000000000000000000000";
            Assert.IsFalse(Crypto.EcdsaVerifyHash(q, hash, H(zero + s)));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(q, hash, H(r + zero)));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(q, hash, H(N + s)));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(q, hash, H(r + N)));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(q, hash, H("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" + s)));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(q, hash, Bytes.Slice(H(SigVerRs), 0, 63)));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(q, hash, new byte[0]));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(q, hash, null));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(q, null, H(SigVerRs)));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(Bytes.Slice(q, 0, 64), hash, H(SigVerRs)));
            Assert.IsFalse(Crypto.EcdsaVerifyHash(null, hash, H(SigVerRs)));
            byte[] offCurve = H(SigVerQ);
            offCurve[64] ^= 0x01;
            Assert.IsFalse(Crypto.EcdsaVerifyHash(offCurve, hash, H(SigVerRs)));
            byte[] compressedPrefix = H(SigVerQ);
            compressedPrefix[0] = 0x03;
            Assert.IsFalse(Crypto.EcdsaVerifyHash(compressedPrefix, hash, H(SigVerRs)));
            var infinity = new byte[65];
            infinity[0] = 0x04;
            Assert.IsFalse(Crypto.EcdsaVerifyHash(infinity, hash, H(SigVerRs)));
        }

        [TestMethod]
        public void Ecdsa_SignThenVerifyRoundTrip()
        {
            EcKeyPair kp = Crypto.GenerateKeyPair();
            for (int i = 0; i < 3; i++)
            {
                byte[] msg = Crypto.RandomBytes(40 + i);
                byte[] hash = Crypto.Sha256(msg, 0, msg.Length);
                byte[] sig = Crypto.EcdsaSignHash(kp.PrivateKey, hash);
                Assert.IsTrue(Crypto.EcdsaVerifyHash(kp.PublicKey, hash, sig));
                hash[0] ^= 1;
                Assert.IsFalse(Crypto.EcdsaVerifyHash(kp.PublicKey, hash, sig));
            }
        }

        // ---- ECDH ----

        [TestMethod]
        public void Ecdh_CavsVector()
        {
            // CAVS 14.1 ECC CDH primitive, [P-256] COUNT = 0
            byte[] dIut = H("7D7DC5F71EB29DDAF80D6214632EEAE03D9058AF1FB6D22ED80BADB62BC1A534");
            byte[] qCavs = H("04700C48F77F56584C5CC632CA65640DB91B6BACCE3A4DF6B42CE7CC838833D287"
                           + "DB71E509E3FD9B060DDB20BA5C51DCC5948D46FBF640DFE0441782CAB85FA4AC");
            Assert.AreEqual("04EAD218590119E8876B29146FF89CA61770C4EDBBF97D38CE385ED281D8A6B230"
                          + "28AF61281FD35E2FA7002523ACC85A429CB06EE6648325389F59EDFCE1405141",
                Hex.Encode(Crypto.DerivePublicKey(dIut)));
            Assert.AreEqual("46FC62106420FF012E54A434FBDD2D25CCC5852060561E68040DD7778997BD7B",
                Hex.Encode(Crypto.Ecdh(dIut, qCavs)));
        }

        [TestMethod]
        public void Ecdh_PysimMode51SharedSecret()
        {
            // pySim tests/unittests/test_esim.py TestECKA.test_mode51 (../shared/testdata/bsp)
            byte[] skDp = H("FB68A38CCEDB69E15CBE03C256228998AC398587E5DC7117F948145C839D61A4");
            byte[] pkEuicc = H("0400F7B8D71403F21D84B00CD9E561178D737D3F4D065E62FEE279271298DD4F07"
                             + "4794AB791B9939D4461296EFE388AA26731064263AF988B7D2C4D77DA44801B5");
            Assert.AreEqual("C9A993DD4879A8F7161F2085410EDD4F9652F1DF37BE097BA96BA2CA6BE528FE",
                Hex.Encode(Crypto.Ecdh(skDp, pkEuicc)));
        }

        [TestMethod]
        public void Ecdh_BothSidesAgree()
        {
            EcKeyPair a = Crypto.GenerateKeyPair();
            EcKeyPair b = Crypto.GenerateKeyPair();
            Assert.AreEqual(Hex.Encode(Crypto.Ecdh(a.PrivateKey, b.PublicKey)), Hex.Encode(Crypto.Ecdh(b.PrivateKey, a.PublicKey)));
        }

        [TestMethod]
        public void Ecdh_RejectsInvalidPeerKeysWithCryptoException()
        {
            byte[] d = H("7D7DC5F71EB29DDAF80D6214632EEAE03D9058AF1FB6D22ED80BADB62BC1A534");
            byte[] off = H(GPoint);
            off[64] ^= 0x01;
            Assert.ThrowsException(typeof(CryptoException), () => Crypto.Ecdh(d, off));
            var infinity = new byte[65];
            infinity[0] = 0x04;
            Assert.ThrowsException(typeof(CryptoException), () => Crypto.Ecdh(d, infinity));
            Assert.ThrowsException(typeof(CryptoException), () => Crypto.Ecdh(d, Bytes.Slice(H(GPoint), 0, 33)));
            Assert.ThrowsException(typeof(CryptoException), () => Crypto.Ecdh(d, null));
            // X = p (out of field range), Y from G: not a canonical coordinate
            byte[] big = H("04FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF"
                         + "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5");
            Assert.ThrowsException(typeof(CryptoException), () => Crypto.Ecdh(d, big));
        }

        // ---- X9.63 KDF on the provider's SHA-256 (pySim test_esim_bsp.py test_kdf) ----

        [TestMethod]
        public void X963Kdf_PysimVectors()
        {
            CheckKdf("8902DCA391BBB22570FE60C176076246F568B1941265DFF1D729E63039658089",
                "88100880808080808080801089049032123451234512345678901335",
                "734BC93DDB10C71C5AD13D420DC08B5B" + "D782D575B22A38334556A3D9A1E2AE6B" + "A35ADDC192AE8F934E2932116C7E89E7");
            CheckKdf("C9A993DD4879A8F7161F2085410EDD4F9652F1DF37BE097BA96BA2CA6BE528FE",
                "88100880808080808080801089049032123451234512345678901235",
                "406D507B448A699E7A36A38494DEBBDE" + "472F5BFADD97F21D34F3CE9B51B92751" + "9EC07F5B36A13E12A991D66E294E6242");
        }

        private void CheckKdf(string z, string sharedInfo, string expected)
        {
            Assert.AreEqual(expected, Hex.Encode(X963Kdf.Derive(Crypto, H(z), H(sharedInfo), 48)));
        }
    }
}
