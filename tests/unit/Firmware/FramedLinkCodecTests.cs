#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using System.Text;
using IotEsim.Firmware.Framing;
using IotEsim.Rsp.Util;

namespace IotEsim.Tests.Firmware
{
    [TestClass]
    public class FramedLinkCodecTests
    {
        [TestMethod]
        public void CrcMatchesCcittFalseCheckValue()
        {
            byte[] check = Encoding.UTF8.GetBytes("123456789");
            Assert.AreEqual(0x29B1, FramedLink.Crc16(check, 0, check.Length));
        }

        [TestMethod]
        public void EncodesTheDocumentedExample()
        {
            // hardware/uart-framing.md example 1: SELECT-less STATUS on the basic channel, seq 1.
            byte[] f = FramedLink.Encode(1, FramedLink.KindApdu, new byte[] { 0x80, 0xF2, 0x00, 0x0C, 0x00 });
            Assert.AreEqual("A5110005" + "80F2000C00", Hex.Encode(f, 0, 9));
            Assert.AreEqual(11, f.Length);
            var d = new FrameDecoder();
            d.Feed(f, 0, f.Length);
            Assert.IsTrue(d.Next());
            Assert.AreEqual(1, d.Seq);
            Assert.AreEqual(FramedLink.KindApdu, d.Kind);
            Assert.AreEqual("80F2000C00", Hex.Encode(d.Payload));
            Assert.IsFalse(d.Next());
        }

        [TestMethod]
        public void MatchesTheSpecExamples()
        {
            // hardware/uart-framing.md, "Examples (hex)".
            Assert.AreEqual("A5120000E19F", Hex.Encode(FramedLink.Encode(1, FramedLink.KindReset, new byte[0])));
            Assert.AreEqual("A521000500700000011CD0", Hex.Encode(FramedLink.Encode(2, FramedLink.KindApdu, new byte[] { 0x00, 0x70, 0x00, 0x00, 0x01 })));
            Assert.AreEqual("A5290003019000C7FD", Hex.Encode(FramedLink.Encode(2, FramedLink.KindApduResponse, new byte[] { 0x01, 0x90, 0x00 })));
        }

        [TestMethod]
        public void CrcErrorResynchronisesOnTheNextFrame()
        {
            byte[] bad = FramedLink.Encode(2, FramedLink.KindApdu, new byte[] { 1, 2, 3, 4 });
            bad[5] ^= 0xFF;
            byte[] good = FramedLink.Encode(3, FramedLink.KindApdu, new byte[] { 5, 6, 7, 8 });
            var d = new FrameDecoder();
            d.Feed(bad, 0, bad.Length);
            d.Feed(good, 0, good.Length);
            Assert.IsTrue(d.Next());
            Assert.AreEqual(3, d.Seq);
            Assert.AreEqual("05060708", Hex.Encode(d.Payload));
            Assert.AreEqual(1, d.CrcErrors);
        }

        [TestMethod]
        public void FrameHiddenBehindAFalseStartIsFound()
        {
            // A stray SOF followed by a plausible length swallows the real frame's first bytes; the rescan finds it.
            byte[] good = FramedLink.Encode(4, FramedLink.KindPing, new byte[0]);
            var d = new FrameDecoder();
            d.Feed(new byte[] { 0x00, FramedLink.Sof, 0x11, 0x00 }, 0, 4);
            d.Feed(good, 0, good.Length);
            Assert.IsFalse(d.Next(), "the false candidate still waits for its 0x00xx bytes");
            d.Expire();
            Assert.IsTrue(d.Next());
            Assert.AreEqual(FramedLink.KindPing, d.Kind);
            Assert.AreEqual(4, d.Seq);
        }

        [TestMethod]
        public void ImpossibleLengthIsSkippedImmediately()
        {
            byte[] good = FramedLink.Encode(5, FramedLink.KindReset, new byte[0]);
            var d = new FrameDecoder();
            d.Feed(new byte[] { FramedLink.Sof, 0x01, 0xFF, 0xFF }, 0, 4);
            d.Feed(good, 0, good.Length);
            Assert.IsTrue(d.Next());
            Assert.AreEqual(FramedLink.KindReset, d.Kind);
        }

        [TestMethod]
        public void SplitFrameCompletesOnTheLastByte()
        {
            byte[] f = FramedLink.Encode(6, FramedLink.KindApduResponse, new byte[] { 0x90, 0x00 });
            var d = new FrameDecoder();
            for (int i = 0; i < f.Length - 1; i++)
            {
                d.Feed(f, i, 1);
                Assert.IsFalse(d.Next());
            }
            d.Feed(f, f.Length - 1, 1);
            Assert.IsTrue(d.Next());
            Assert.AreEqual("9000", Hex.Encode(d.Payload));
        }

        [TestMethod]
        public void MaxPayloadRoundTripsAndLongerIsRefused()
        {
            var p = new byte[FramedLink.MaxPayload];
            for (int i = 0; i < p.Length; i++) p[i] = (byte)i;
            byte[] f = FramedLink.Encode(7, FramedLink.KindApdu, p);
            var d = new FrameDecoder();
            d.Feed(f, 0, f.Length);
            Assert.IsTrue(d.Next());
            Assert.AreEqual(FramedLink.MaxPayload, d.Payload.Length);
            Assert.ThrowsException(typeof(ArgumentException), () => FramedLink.Encode(0, FramedLink.KindApdu, new byte[FramedLink.MaxPayload + 1]));
        }
    }
}
