using System;
using System.IO;
using System.Text;
using IotEsim.Rsp.Json;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Json
{
    [TestClass]
    public class Base64StreamTests
    {
        private static byte[] Pattern(int n, int seed)
        {
            var b = new byte[n];
            uint x = (uint)seed * 2654435761u + 1;
            for (int i = 0; i < n; i++)
            {
                x = x * 1103515245u + 12345u;
                b[i] = (byte)(x >> 16);
            }
            return b;
        }

        private static byte[] DecodeInChunks(string text, int chunk)
        {
            var d = new Base64StreamDecoder();
            var chars = text.ToCharArray();
            var ms = new MemoryStream();
            var outBuf = new byte[Base64StreamDecoder.MaxDecodedLength(chunk)];
            for (int off = 0; off < chars.Length; off += chunk)
            {
                int n = chars.Length - off < chunk ? chars.Length - off : chunk;
                int got = d.Decode(chars, off, n, outBuf, 0);
                ms.Write(outBuf, 0, got);
            }
            d.Finish();
            return ms.ToArray();
        }

        [TestMethod]
        public void AnyChunkingEqualsConvert()
        {
            for (int len = 0; len <= 40; len++)
            {
                var data = Pattern(len, len);
                string b64 = Convert.ToBase64String(data);
                string expected = Hex.Encode(Convert.FromBase64String(b64));
                for (int chunk = 1; chunk <= 9; chunk++)
                    Assert.AreEqual(expected, Hex.Encode(DecodeInChunks(b64, chunk)), "len " + len.ToString() + " chunk " + chunk.ToString());
            }
            var big = Pattern(3001, 7);
            string bigText = Convert.ToBase64String(big);
            Assert.AreEqual(Hex.Encode(big), Hex.Encode(DecodeInChunks(bigText, 253)));
            Assert.AreEqual(Hex.Encode(big), Hex.Encode(DecodeInChunks(bigText, 1024)));
        }

        [TestMethod]
        public void KnownVectorsAndWhitespace()
        {
            Assert.AreEqual("", Hex.Encode(Base64StreamDecoder.DecodeString("")));
            Assert.AreEqual("66", Hex.Encode(Base64StreamDecoder.DecodeString("Zg==")));
            Assert.AreEqual("666F", Hex.Encode(Base64StreamDecoder.DecodeString("Zm8=")));
            Assert.AreEqual("666F6F", Hex.Encode(Base64StreamDecoder.DecodeString("Zm9v")));
            Assert.AreEqual("FBFF", Hex.Encode(Base64StreamDecoder.DecodeString("+/8=")));
            Assert.AreEqual("666F6F", Hex.Encode(Base64StreamDecoder.DecodeString("Zm\r\n9 v")));
            Assert.AreEqual("66", Hex.Encode(Base64StreamDecoder.DecodeString("Zg= =")));
        }

        private static void ExpectError(Base64Error error, long position, string text)
        {
            try
            {
                Base64StreamDecoder.DecodeString(text);
            }
            catch (Base64Exception e)
            {
                Assert.AreEqual((int)error, (int)e.Error, text + ": " + e.Message);
                if (position >= 0) Assert.AreEqual(position, e.Position, text);
                return;
            }
            Assert.IsTrue(false, "accepted " + text);
        }

        [TestMethod]
        public void RejectsMalformedBase64()
        {
            ExpectError(Base64Error.InvalidCharacter, 2, "Zm-v");
            ExpectError(Base64Error.InvalidCharacter, 4, "Zm9v_w==");
            ExpectError(Base64Error.InvalidCharacter, 0, "\u00e9AAA");
            ExpectError(Base64Error.Truncated, -1, "Zm9");
            ExpectError(Base64Error.Truncated, -1, "Z");
            ExpectError(Base64Error.Truncated, -1, "Zg=");
            ExpectError(Base64Error.BadPadding, 1, "Z===");
            ExpectError(Base64Error.BadPadding, 0, "====");
            ExpectError(Base64Error.BadPadding, 4, "Zg==Zg==");
            ExpectError(Base64Error.BadPadding, 4, "Zm8=A");
            ExpectError(Base64Error.BadPadding, 4, "Zg===");
        }

        [TestMethod]
        public void StreamsAJsonStringValue()
        {
            var data = Pattern(5000, 3);
            string json = "{\"transactionId\":\"0A\",\"boundProfilePackage\":\"" + Convert.ToBase64String(data) + "\",\"tail\":[1]}";
            var r = new JsonReader(new MemoryStream(Encoding.UTF8.GetBytes(json)), 64, 8);
            r.Read(); r.Read(); r.Read(); r.Read();
            Assert.AreEqual("boundProfilePackage", r.GetPropertyName());
            r.Read();
            var s = new JsonBase64Stream(r, 16);
            var sink = new MemoryStream();
            var buf = new byte[7];
            int n;
            while ((n = s.Read(buf, 0, buf.Length)) > 0) sink.Write(buf, 0, n);
            Assert.AreEqual(Hex.Encode(data), Hex.Encode(sink.ToArray()));
            Assert.AreEqual(5000L, s.Position);
            Assert.IsTrue(s.IsComplete);
            Assert.IsTrue(s.BufferHighWaterMark < 512, "hwm " + s.BufferHighWaterMark.ToString());
            r.Read();
            Assert.AreEqual("tail", r.GetPropertyName());
            r.ReadToEnd();
        }

        [TestMethod]
        public void StreamReportsBadBase64AndBadJson()
        {
            var r = JsonReader.FromBytes(Encoding.UTF8.GetBytes("[\"Zm9v*A==\"]"));
            r.Read(); r.Read();
            var s = new JsonBase64Stream(r);
            var buf = new byte[16];
            Assert.ThrowsException(typeof(Base64Exception), () => s.Read(buf, 0, 16));

            var t = JsonReader.FromBytes(Encoding.UTF8.GetBytes("[\"Zm9vZm9v"));
            t.Read(); t.Read();
            var s2 = new JsonBase64Stream(t);
            Assert.ThrowsException(typeof(JsonException), () => s2.Read(buf, 0, 16));

            // Escaped base64 characters are fine: "\/" is '/'.
            var e = JsonReader.FromBytes(Encoding.UTF8.GetBytes("[\"\\/\\/8=\"]"));
            e.Read(); e.Read();
            var s3 = new JsonBase64Stream(e);
            Assert.AreEqual(2, s3.Read(buf, 0, 16));
            Assert.AreEqual("FFFF", Hex.Encode(buf, 0, 2));
        }
    }
}
