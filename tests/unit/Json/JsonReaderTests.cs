using System;
using System.IO;
using System.Text;
using IotEsim.Rsp.Json;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Json
{
    [TestClass]
    public class JsonReaderTests
    {
        private static JsonReader R(string json)
        {
            return new JsonReader(new MemoryStream(Encoding.UTF8.GetBytes(json)), 16, 8);
        }

        private static void ExpectError(JsonError error, string json)
        {
            try
            {
                JsonObject.Parse(json);
            }
            catch (JsonException e)
            {
                Assert.AreEqual((int)error, (int)e.Error, json + " -> " + e.Message);
                return;
            }
            Assert.IsTrue(false, "no JsonException for " + json);
        }

        private static void ExpectReaderError(JsonError error, string json)
        {
            try
            {
                var r = R(json);
                while (r.Read())
                {
                    if (r.TokenType == JsonTokenType.String) r.GetString();
                    if (r.TokenType == JsonTokenType.Number) r.GetInt64();
                }
            }
            catch (JsonException e)
            {
                Assert.AreEqual((int)error, (int)e.Error, json + " -> " + e.Message);
                return;
            }
            Assert.IsTrue(false, "no JsonException for " + json);
        }

        [TestMethod]
        public void ReadsTokensInOrder()
        {
            var r = R(" {\"a\" : [1, -2.5e3, true, false, null, \"x\"], \"b\":{}} ");
            int[] expected = new int[]
            {
                (int)JsonTokenType.StartObject, (int)JsonTokenType.PropertyName, (int)JsonTokenType.StartArray,
                (int)JsonTokenType.Number, (int)JsonTokenType.Number, (int)JsonTokenType.True, (int)JsonTokenType.False,
                (int)JsonTokenType.Null, (int)JsonTokenType.String, (int)JsonTokenType.EndArray,
                (int)JsonTokenType.PropertyName, (int)JsonTokenType.StartObject, (int)JsonTokenType.EndObject,
                (int)JsonTokenType.EndObject,
            };
            int i = 0;
            while (r.Read())
            {
                Assert.AreEqual(expected[i], (int)r.TokenType, "token " + i.ToString());
                if (i == 1) Assert.AreEqual("a", r.GetPropertyName());
                if (i == 3) Assert.AreEqual(1L, r.GetInt64());
                if (i == 4) Assert.AreEqual("-2.5e3", r.GetNumberText());
                if (i == 4) Assert.AreEqual(-2500.0, r.GetDouble());
                if (i == 8) Assert.AreEqual("x", r.GetString());
                i++;
            }
            Assert.AreEqual(expected.Length, i);
            Assert.IsFalse(r.Read());
        }

        [TestMethod]
        public void DecodesEscapesAndUnicode()
        {
            var o = JsonObject.Parse("{\"s\":\"q\\\"b\\\\s\\/n\\nr\\rt\\tb\\bf\\f\\u0041\\u00e9\\u20AC\\ud83d\\ude00\"}");
            Assert.AreEqual("q\"b\\s/n\nr\rt\tb\bf\fA\u00e9\u20ac\ud83d\ude00", o.GetString("s"));

            // Raw UTF-8 of 2, 3 and 4 bytes.
            var raw = Encoding.UTF8.GetBytes("{\"s\":\"\u00e9\u20ac\ud83d\ude00\"}");
            Assert.AreEqual("\u00e9\u20ac\ud83d\ude00", JsonObject.Parse(raw).GetString("s"));
        }

        [TestMethod]
        public void SurrogatePairSplitAcrossChunksOfOneChar()
        {
            var r = R("[\"a\\ud83d\\ude00\u00e9b\"]");
            r.Read();
            r.Read();
            var buf = new char[1];
            var sb = new StringBuilder();
            int n;
            while ((n = r.ReadStringChunk(buf, 0, 1)) > 0) sb.Append(buf, 0, n);
            Assert.AreEqual("a\ud83d\ude00\u00e9b", sb.ToString());
            Assert.IsTrue(r.Read());
            Assert.AreEqual((int)JsonTokenType.EndArray, (int)r.TokenType);
            Assert.IsFalse(r.Read());
        }

        [TestMethod]
        public void UnreadStringIsSkipped()
        {
            var r = R("{\"big\":\"" + new string('A', 1000) + "\",\"n\":7}");
            r.Read(); r.Read(); r.Read();
            Assert.AreEqual((int)JsonTokenType.String, (int)r.TokenType);
            r.Read();
            Assert.AreEqual("n", r.GetPropertyName());
            r.Read();
            Assert.AreEqual(7, r.GetInt32());
            // The skipped string was never materialized: 16-byte buffer, names only.
            Assert.IsTrue(r.BufferHighWaterMark < 16 + 128 + 16, "hwm " + r.BufferHighWaterMark.ToString());
        }

        [TestMethod]
        public void SkipsWholeContainers()
        {
            var r = R("{\"a\":{\"x\":[1,{\"y\":\"z\"}],\"w\":null},\"b\":2}");
            r.Read(); r.Read();
            Assert.AreEqual("a", r.GetPropertyName());
            r.Skip();
            r.Read();
            Assert.AreEqual("b", r.GetPropertyName());
            r.Read();
            Assert.AreEqual(2L, r.GetInt64());
            r.ReadToEnd();
        }

        [TestMethod]
        public void NumbersAtTheLimits()
        {
            var o = JsonObject.Parse("{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"z\":-0,\"f\":0.125,\"e\":1E+2,\"s\":5e-324}");
            Assert.AreEqual(long.MaxValue, o.GetNumber("max").ToInt64());
            Assert.AreEqual(long.MinValue, o.GetNumber("min").ToInt64());
            Assert.AreEqual(0L, o.GetNumber("z").ToInt64());
            Assert.AreEqual(0.125, o.GetNumber("f").ToDouble());
            Assert.AreEqual(100.0, o.GetNumber("e").ToDouble());
            Assert.IsTrue(o.GetNumber("s").ToDouble() >= 0);
            Assert.AreEqual("9223372036854775807", o.GetNumber("max").Text);
        }

        [TestMethod]
        public void NumbersOutOfRange()
        {
            var o = JsonObject.Parse("{\"big\":9223372036854775808,\"neg\":-9223372036854775809,\"frac\":1.5,\"huge\":1e400}");
            Assert.ThrowsException(typeof(JsonException), () => o.GetNumber("big").ToInt64());
            Assert.ThrowsException(typeof(JsonException), () => o.GetNumber("neg").ToInt64());
            Assert.ThrowsException(typeof(JsonException), () => o.GetNumber("frac").ToInt64());
            Assert.ThrowsException(typeof(JsonException), () => o.GetNumber("huge").ToDouble());
            try { o.GetNumber("big").ToInt64(); }
            catch (JsonException e) { Assert.AreEqual((int)JsonError.NumberOutOfRange, (int)e.Error); }
            ExpectReaderError(JsonError.NumberOutOfRange, "[99999999999999999999]");
            var r = R("[2147483648]");
            r.Read(); r.Read();
            Assert.ThrowsException(typeof(JsonException), () => r.GetInt32());
        }

        [TestMethod]
        public void MalformedDocuments()
        {
            ExpectError(JsonError.Truncated, "");
            ExpectError(JsonError.Truncated, "   ");
            ExpectError(JsonError.Truncated, "{");
            ExpectError(JsonError.Truncated, "{\"a\"");
            ExpectError(JsonError.Truncated, "{\"a\":");
            ExpectError(JsonError.Truncated, "{\"a\":\"abc");
            ExpectError(JsonError.Truncated, "{\"a\":[1,2");
            ExpectError(JsonError.Truncated, "{\"a\":\"\\u00");
            ExpectError(JsonError.Truncated, "{\"a\":tr");
            ExpectError(JsonError.TrailingData, "{} x");
            ExpectError(JsonError.TrailingData, "{}{}");
            ExpectError(JsonError.TrailingData, "{\"a\":1}]");
            ExpectError(JsonError.UnexpectedCharacter, "{\"a\":1,}");
            ExpectError(JsonError.UnexpectedCharacter, "{\"a\":[1,]}");
            ExpectError(JsonError.UnexpectedCharacter, "{\"a\" 1}");
            ExpectError(JsonError.UnexpectedCharacter, "{a:1}");
            ExpectError(JsonError.UnexpectedCharacter, "{'a':1}");
            ExpectError(JsonError.UnexpectedCharacter, "{\"a\":1 \"b\":2}");
            ExpectError(JsonError.UnexpectedCharacter, "{\"a\":[1}");
            ExpectError(JsonError.UnexpectedCharacter, "{\"a\":True}");
            ExpectError(JsonError.UnexpectedCharacter, "{\"a\":nul}");
            ExpectError(JsonError.UnexpectedCharacter, "{\"a\":truex}");
            ExpectError(JsonError.UnexpectedCharacter, "{\"a\":+1}");
            ExpectError(JsonError.BadEscape, "{\"a\":\"\\x\"}");
            ExpectError(JsonError.BadEscape, "{\"a\":\"\\u12G4\"}");
            ExpectError(JsonError.BadEscape, "{\"a\":\"\\ud83d\"}");
            ExpectError(JsonError.BadEscape, "{\"a\":\"\\ude00\"}");
            ExpectError(JsonError.BadEscape, "{\"a\":\"\\ud83d\\u0041\"}");
            ExpectError(JsonError.ControlCharacter, "{\"a\":\"x\ny\"}");
            ExpectError(JsonError.InvalidNumber, "{\"a\":01}");
            ExpectError(JsonError.InvalidNumber, "{\"a\":1.}");
            ExpectError(JsonError.InvalidNumber, "{\"a\":.5}".Replace(".5", "-.5"));
            ExpectError(JsonError.InvalidNumber, "{\"a\":1e}");
            ExpectError(JsonError.InvalidNumber, "{\"a\":--1}");
            ExpectError(JsonError.InvalidNumber, "{\"a\":1x}");
            ExpectError(JsonError.DuplicateProperty, "{\"a\":1,\"a\":2}");
            ExpectError(JsonError.InvalidValue, "[1]");
        }

        [TestMethod]
        public void InvalidUtf8IsRejected()
        {
            ExpectUtf8Error(new byte[] { 0xC0, 0xAF });             // overlong '/'
            ExpectUtf8Error(new byte[] { 0xE0, 0x80, 0x80 });       // overlong NUL
            ExpectUtf8Error(new byte[] { 0xED, 0xA0, 0x80 });       // encoded surrogate
            ExpectUtf8Error(new byte[] { 0xF5, 0x80, 0x80, 0x80 }); // above U+10FFFF
            ExpectUtf8Error(new byte[] { 0xC3, 0x41 });             // bad continuation
            ExpectUtf8Error(new byte[] { 0x80 });                   // stray continuation
        }

        private static void ExpectUtf8Error(byte[] inner)
        {
            var doc = new byte[inner.Length + 9];
            var head = Encoding.UTF8.GetBytes("{\"a\":\"");
            Array.Copy(head, doc, head.Length);
            Array.Copy(inner, 0, doc, head.Length, inner.Length);
            doc[head.Length + inner.Length] = (byte)'"';
            doc[head.Length + inner.Length + 1] = (byte)'}';
            doc[head.Length + inner.Length + 2] = (byte)' ';
            try
            {
                JsonObject.Parse(doc);
            }
            catch (JsonException e)
            {
                Assert.AreEqual((int)JsonError.InvalidUtf8, (int)e.Error, e.Message);
                Assert.AreEqual((long)head.Length, e.Position);
                return;
            }
            Assert.IsTrue(false, "invalid UTF-8 accepted");
        }

        [TestMethod]
        public void NestingLimit()
        {
            var ok = new StringBuilder();
            for (int i = 0; i < 7; i++) ok.Append('[');
            for (int i = 0; i < 7; i++) ok.Append(']');
            var r = R(ok.ToString());
            r.ReadToEnd();

            var deep = new StringBuilder();
            for (int i = 0; i < 9; i++) deep.Append('[');
            for (int i = 0; i < 9; i++) deep.Append(']');
            try
            {
                R(deep.ToString()).ReadToEnd();
                Assert.IsTrue(false, "nesting limit not enforced");
            }
            catch (JsonException e)
            {
                Assert.AreEqual((int)JsonError.NestingTooDeep, (int)e.Error);
                Assert.AreEqual(8L, e.Position);
            }
        }

        [TestMethod]
        public void ErrorPositionsAreByteOffsets()
        {
            try
            {
                JsonObject.Parse("{\"a\":1,\"b\":\"\\q\"}");
                Assert.IsTrue(false);
            }
            catch (JsonException e)
            {
                Assert.AreEqual((int)JsonError.BadEscape, (int)e.Error);
                Assert.AreEqual(12L, e.Position); // the backslash
            }
        }

        [TestMethod]
        public void MaterializedStringLimit()
        {
            var r = R("[\"" + new string('x', 40) + "\"]");
            r.MaxStringLength = 32;
            r.Read(); r.Read();
            try
            {
                r.GetString();
                Assert.IsTrue(false);
            }
            catch (JsonException e)
            {
                Assert.AreEqual((int)JsonError.ValueTooLong, (int)e.Error);
            }
        }

        [TestMethod]
        public void WrongTokenAccessIsTyped()
        {
            var r = R("[true]");
            r.Read(); r.Read();
            Assert.IsTrue(r.GetBoolean());
            Assert.ThrowsException(typeof(JsonException), () => r.GetString());
            Assert.ThrowsException(typeof(JsonException), () => r.GetInt64());
        }
    }
}
