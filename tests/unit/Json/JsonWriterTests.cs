using System;
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
    public class JsonWriterTests
    {
        [TestMethod]
        public void WritesCompactDocuments()
        {
            var w = new JsonWriter();
            w.WriteStartObject();
            w.WriteString("s", "v");
            w.WriteNumber("n", -42);
            w.WriteBoolean("t", true);
            w.WritePropertyName("z");
            w.WriteNull();
            w.WritePropertyName("a");
            w.WriteStartArray();
            w.WriteNumber(1);
            w.WriteRawNumber("2.5e-3");
            w.WriteStartObject();
            w.WriteEndObject();
            w.WriteStartArray();
            w.WriteEndArray();
            w.WriteEndArray();
            w.WriteBase64("b", new byte[] { 0xBF, 0x20, 0x35 });
            w.WriteEndObject();
            Assert.AreEqual("{\"s\":\"v\",\"n\":-42,\"t\":true,\"z\":null,\"a\":[1,2.5e-3,{},[]],\"b\":\"vyA1\"}", w.ToString());
        }

        [TestMethod]
        public void EscapesStrings()
        {
            Assert.AreEqual("\"q\\\"b\\\\/\\n\\r\\t\\b\\f\"", JsonWriter.Quote("q\"b\\/\n\r\t\b\f"));
            Assert.AreEqual("\"\\u0000\\u001f\\u007f\"", JsonWriter.Quote("\u0000\u001f\u007f"));
            Assert.AreEqual("\"\u00e9\u20ac\ud83d\ude00\"", JsonWriter.Quote("\u00e9\u20ac\ud83d\ude00"));
            Assert.AreEqual("\"\\u2028\\u2029\"", JsonWriter.Quote("\u2028\u2029"));
            Assert.AreEqual("\"a\\ud800b\\udc00\"", JsonWriter.Quote("a\ud800b\udc00"));
            // base64 alphabet passes through untouched ('+', '/', '=').
            Assert.AreEqual("\"ab+/==\"", JsonWriter.Quote("ab+/=="));
        }

        [TestMethod]
        public void RoundTripsThroughTheReader()
        {
            string text = "{\"k\\u0001\":\"\u00e9\\\\\\\"\\n\ud83d\ude00\",\"arr\":[null,false,0,-1.5E+10,{\"x\":[]}]}";
            var o = JsonObject.Parse(text);
            string compact = o.ToJson();
            Assert.AreEqual("{\"k\\u0001\":\"\u00e9\\\\\\\"\\n\ud83d\ude00\",\"arr\":[null,false,0,-1.5E+10,{\"x\":[]}]}", compact);
            var again = JsonObject.Parse(Encoding.UTF8.GetBytes(compact));
            Assert.AreEqual(compact, again.ToJson());
            Assert.AreEqual("k\u0001", again.Names[0]);
        }

        [TestMethod]
        public void Utf8Output()
        {
            var w = new JsonWriter();
            w.WriteStartArray();
            w.WriteString("\u00e9");
            w.WriteEndArray();
            Assert.AreEqual("5B22C3A9225D", Hex.Encode(w.ToUtf8Bytes()));
        }

        [TestMethod]
        public void MisuseIsAProgrammingError()
        {
            var w = new JsonWriter();
            w.WriteStartObject();
            Assert.ThrowsException(typeof(InvalidOperationException), () => w.WriteString("value without name"));
            Assert.ThrowsException(typeof(InvalidOperationException), () => w.WriteEndArray());
            w.WriteEndObject();
            Assert.ThrowsException(typeof(InvalidOperationException), () => w.WriteStartObject());
            Assert.ThrowsException(typeof(ArgumentException), () => new JsonWriter().WriteRawNumber("01"));
            var incomplete = new JsonWriter();
            incomplete.WriteStartArray();
            Assert.ThrowsException(typeof(InvalidOperationException), () => incomplete.ToUtf8Bytes());
        }

        [TestMethod]
        public void DomKeepsMemberOrder()
        {
            var o = new JsonObject();
            o.Set("z", "1");
            o.Set("a", 2);
            o.Set("m", true);
            o.Set("z", "3");
            Assert.AreEqual("{\"z\":\"3\",\"a\":2,\"m\":true}", o.ToJson());
            o.Remove("a");
            Assert.AreEqual("{\"z\":\"3\",\"m\":true}", o.ToJson());
            Assert.ThrowsException(typeof(JsonException), () => o.GetString("m"));
            Assert.IsNull(o.GetString("absent"));
            Assert.ThrowsException(typeof(JsonException), () => o.RequireString("absent"));
        }
    }
}
