using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Asn1
{
    [TestClass]
    public class TlvReaderTests
    {
        [TestMethod]
        public void ParsesMultiByteTagsAndLongLengths()
        {
            // GetEuiccChallenge response: BF2E 12 80 10 <16 bytes>
            var t = TlvReader.Parse(Hex.Decode("BF2E1280104EE52782B22B02D0BA3F60A652D47B68"));
            Assert.AreEqual(0xBF2E, t.Tag);
            Assert.AreEqual(0x12, t.Length);
            Assert.AreEqual(3, t.HeaderLength);
            var c = t.Require(0x80);
            Assert.AreEqual("4EE52782B22B02D0BA3F60A652D47B68", Hex.Encode(c.Value()));

            var big = new byte[300];
            var enc = Der.Encode(0x86, big);
            Assert.AreEqual("8682012C", Hex.Encode(enc, 0, 4));
            Assert.AreEqual(300, TlvReader.Parse(enc).Length);
        }

        [TestMethod]
        public void RejectsMalformedInputWithTypedErrors()
        {
            ExpectError(DerError.Truncated, "BF2E1280");             // value shorter than length
            ExpectError(DerError.Truncated, "BF");                   // tag cut
            ExpectError(DerError.Truncated, "30");                   // length missing
            ExpectError(DerError.IndefiniteLength, "30800000");
            ExpectError(DerError.NonMinimalLength, "04810100");      // 1 in long form
            ExpectError(DerError.NonMinimalLength, "0482000100");    // leading zero length byte
            ExpectError(DerError.LengthTooLarge, "0485FFFFFFFFFF");
            ExpectError(DerError.LengthTooLarge, "0484FFFFFFFF");    // > int.MaxValue
            ExpectError(DerError.TrailingData, "040100FF");
            ExpectError(DerError.InvalidTag, "1F8181818101");
        }

        [TestMethod]
        public void LenientModeAcceptsNonMinimalLengths()
        {
            var data = Hex.Decode("04810100");
            var t = TlvReader.Parse(data, 0, data.Length, false);
            Assert.AreEqual(1, t.Length);
        }

        [TestMethod]
        public void ValidateRejectsDeepNestingAndBrokenChildren()
        {
            // 40 nested SEQUENCEs around an empty one.
            byte[] inner = Hex.Decode("3000");
            for (int i = 0; i < 40; i++) inner = Der.Encode(0x30, inner);
            var t = TlvReader.Parse(inner);
            try
            {
                TlvReader.Validate(t, TlvReader.DefaultMaxDepth);
                Assert.IsTrue(false, "deep nesting accepted");
            }
            catch (DerException e)
            {
                Assert.AreEqual((int)DerError.NestingTooDeep, (int)e.Error);
            }
            // A constructed value whose content is not a valid TLV sequence.
            var broken = TlvReader.Parse(Hex.Decode("3003020501"));
            try
            {
                TlvReader.Validate(broken, 8);
                Assert.IsTrue(false, "broken child accepted");
            }
            catch (DerException e)
            {
                Assert.AreEqual((int)DerError.Truncated, (int)e.Error);
            }
        }

        [TestMethod]
        public void WriterProducesMinimalDerAndRoundTrips()
        {
            var w = new TlvWriter(4);
            w.Begin(0xBF21);
            w.Begin(0x30).WriteInteger(0x80, 0).WriteInteger(0x81, 128).WriteInteger(0x82, -129).End();
            w.Write(0x5F37, new byte[200]);
            w.End();
            var bytes = w.ToArray();
            Assert.AreEqual("BF2181D9300B", Hex.Encode(bytes, 0, 6));
            var t = TlvReader.ParseAndValidate(bytes);
            var seq = t.Require(0x30);
            Assert.AreEqual(0, seq.Require(0x80).AsInt());
            Assert.AreEqual(128, seq.Require(0x81).AsInt());
            Assert.AreEqual(-129, seq.Require(0x82).AsInt());
            Assert.AreEqual("0080", Hex.Encode(seq.Require(0x81).Value()));
            Assert.AreEqual(200, t.Require(0x5F37).Length);
        }

        private static void ExpectError(DerError expected, string hex)
        {
            try
            {
                TlvReader.ParseAndValidate(Hex.Decode(hex));
            }
            catch (DerException e)
            {
                Assert.AreEqual((int)expected, (int)e.Error, hex + ": " + e.Message);
                return;
            }
            Assert.IsTrue(false, hex + " was accepted");
        }
    }
}
