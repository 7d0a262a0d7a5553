using System;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Provisioning;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Es9Plus
{
    [TestClass]
    public class ActivationCodeTests
    {
        // pySim tests/unittests/test_esim.py TestActivationCode.test_de_encode (597f1e0), as listed in
        // ../shared/testdata/bsp/pysim-unittest-vectors.json activation_code_roundtrip.
        private static readonly string[] PysimRoundTrips = new string[]
        {
            "1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815",
            "1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815$$1",
            "1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746$1",
            "1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746",
            "1$SMDP.GSMA.COM$$1.3.6.1.4.1.31746",
        };

        [TestMethod]
        public void PysimVectorsRoundTrip()
        {
            for (int i = 0; i < PysimRoundTrips.Length; i++)
            {
                var ac = ActivationCode.Parse(PysimRoundTrips[i]);
                Assert.AreEqual(PysimRoundTrips[i], ac.ToString());
                Assert.AreEqual("LPA:" + PysimRoundTrips[i], ac.Format(true));
                Assert.AreEqual(PysimRoundTrips[i], ActivationCode.Parse("LPA:" + PysimRoundTrips[i]).ToString());
            }
            var v2 = ActivationCode.Parse(PysimRoundTrips[1]);
            Assert.IsNull(v2.SmdpOid);
            Assert.IsTrue(v2.ConfirmationCodeRequired);
            var v5 = ActivationCode.Parse(PysimRoundTrips[4]);
            Assert.AreEqual("", v5.MatchingId);
            Assert.AreEqual("1.3.6.1.4.1.31746", v5.SmdpOid);
            Assert.IsFalse(v5.ConfirmationCodeRequired);
        }

        [TestMethod]
        public void ParsesAllFields()
        {
            var ac = ActivationCode.Parse("LPA:1$testsmdpplus1.example.com$TS48V1-A-UNIQUE$1.2.3$1$F6F2635B4397B8BD12DF81A97C94254319520867");
            Assert.AreEqual("testsmdpplus1.example.com", ac.SmdpAddress);
            Assert.AreEqual("TS48V1-A-UNIQUE", ac.MatchingId);
            Assert.AreEqual("1.2.3", ac.SmdpOid);
            Assert.IsTrue(ac.ConfirmationCodeRequired);
            Assert.AreEqual("F6F2635B4397B8BD12DF81A97C94254319520867", ac.CiPkid);
            Assert.AreEqual("1$testsmdpplus1.example.com$TS48V1-A-UNIQUE$1.2.3$1$F6F2635B4397B8BD12DF81A97C94254319520867", ac.ToString());

            var capture = ActivationCode.Parse("1$testsmdpplus1.example.com$TS48V1-A-UNIQUE");
            Assert.IsNull(capture.SmdpOid);
            Assert.IsNull(capture.CiPkid);
            Assert.IsFalse(capture.ConfirmationCodeRequired);

            // Empty OID and CC flag before a PKID; address with a port (test setups).
            var pk = ActivationCode.Parse("1$127.0.0.1:8000$X$$$AB");
            Assert.AreEqual("127.0.0.1:8000", pk.SmdpAddress);
            Assert.AreEqual("1$127.0.0.1:8000$X$$$AB", pk.ToString());

            Assert.AreEqual("1$a.b$$$1", new ActivationCode("a.b", null, null, true, null).ToString());
        }

        private static void Expect(ActivationCodeError error, string text)
        {
            try
            {
                ActivationCode.Parse(text);
            }
            catch (ActivationCodeException e)
            {
                Assert.AreEqual((int)error, (int)e.Error, text + ": " + e.Message);
                Assert.IsTrue(e.Message.Length > 10);
                return;
            }
            Assert.IsTrue(false, "accepted " + text);
        }

        [TestMethod]
        public void RejectsMalformedCodes()
        {
            Expect(ActivationCodeError.Empty, "");
            Expect(ActivationCodeError.Empty, "LPA:");
            Expect(ActivationCodeError.UnsupportedFormat, "2$smdp.example.com$X");
            Expect(ActivationCodeError.UnsupportedFormat, "$smdp.example.com$X");
            Expect(ActivationCodeError.UnsupportedFormat, "LPA:LPA:1$smdp.example.com$X");
            Expect(ActivationCodeError.MissingField, "1");
            Expect(ActivationCodeError.MissingField, "1$smdp.example.com");
            Expect(ActivationCodeError.EmptyAddress, "1$$X");
            Expect(ActivationCodeError.InvalidAddress, "1$smdp example.com$X");
            Expect(ActivationCodeError.InvalidAddress, "1$smdp..example.com$X");
            Expect(ActivationCodeError.InvalidAddress, "1$smdp.example.com:$X");
            Expect(ActivationCodeError.TrailingSeparator, "1$smdp.example.com$X$");
            Expect(ActivationCodeError.TrailingSeparator, "1$smdp.example.com$X$1.2$1$");
            Expect(ActivationCodeError.TooManyFields, "1$smdp.example.com$X$1.2$1$AB$CD");
            Expect(ActivationCodeError.InvalidConfirmationCodeFlag, "1$smdp.example.com$X$$0");
            Expect(ActivationCodeError.InvalidConfirmationCodeFlag, "1$smdp.example.com$X$$yes");
            Expect(ActivationCodeError.InvalidOid, "1$smdp.example.com$X$1..2");
            Expect(ActivationCodeError.InvalidOid, "1$smdp.example.com$X$abc");
            Expect(ActivationCodeError.InvalidCiPkid, "1$smdp.example.com$X$$$XYZ");
            Expect(ActivationCodeError.InvalidMatchingId, "1$smdp.example.com$A B");
            ActivationCode ac;
            Assert.IsFalse(ActivationCode.TryParse("1$$", out ac));
            Assert.IsNull(ac);
            Assert.IsTrue(ActivationCode.TryParse("1$a$b", out ac));
        }

        [TestMethod]
        public void HashCcIsDoubleSha256OverCodeAndBinaryTransactionId()
        {
            // Expected = SHA256(SHA256("12345678") || 064FF977...06DA as 16 bytes), computed independently
            // with Python hashlib; lpac euicc/es10b.c builds hashCc the same way.
            var crypto = new PortableCryptoProvider();
            byte[] tx = Hex.Decode("064FF977B76C4C49909E1F2C65E806DA");
            Assert.AreEqual("7124166730FB4F4BE3A0ACC2B69785FAA07B6EA2BAC9BF180DFA38FAD9BBF4B8",
                Hex.Encode(ActivationCode.HashCc(crypto, "12345678", tx)));
            Assert.AreEqual("7124166730FB4F4BE3A0ACC2B69785FAA07B6EA2BAC9BF180DFA38FAD9BBF4B8",
                Hex.Encode(ActivationCode.HashCc(crypto, "12345678", "064FF977B76C4C49909E1F2C65E806DA")));
            Assert.AreEqual("7124166730FB4F4BE3A0ACC2B69785FAA07B6EA2BAC9BF180DFA38FAD9BBF4B8",
                Hex.Encode(ActivationCode.HashCc(new Sha256(), "12345678", tx)));
            Assert.AreEqual("877461966D72E92F19DED56AE52A7E4A0A22DC2FBAE696C3AD8FE47665001476",
                Hex.Encode(ActivationCode.HashCc(crypto, "", tx)));
        }
    }
}
