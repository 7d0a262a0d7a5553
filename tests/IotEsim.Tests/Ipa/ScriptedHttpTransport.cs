using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using IotEsim.Ipa.Http;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Ipa
{
    /// <summary>An HTTP transport that plays a script of expected requests and canned responses.</summary>
    public sealed class ScriptedHttpTransport : IHttpTransport
    {
        public sealed class Step
        {
            public string Url;
            /// <summary>Checks the request body (throws/asserts on mismatch); may be null.</summary>
            public Action<byte[]> CheckBody;
            public int Status = 200;
            public byte[] ResponseBody = new byte[0];
            public string ContentType = "application/json;charset=UTF-8";
            public Dictionary<string, string> ExpectedHeaders;
        }

        private readonly List<Step> _steps = new List<Step>();
        public int Next;
        public readonly List<string> Urls = new List<string>();
        /// <summary>The body stream of the last response (to check how far a streamed body was read).</summary>
        public Stream LastBody;

        public ScriptedHttpTransport Add(Step s) { _steps.Add(s); return this; }

        public bool Done { get { return Next == _steps.Count; } }

        public HttpResponse Post(string url, string[] headerNames, string[] headerValues, byte[] body)
        {
            Urls.Add(url);
            if (Next >= _steps.Count) throw new AssertFailedException("unexpected HTTP POST " + url);
            var s = _steps[Next++];
            Assert.AreEqual(s.Url, url, "URL of HTTP exchange " + Next);
            if (s.ExpectedHeaders != null)
            {
                foreach (var kv in s.ExpectedHeaders)
                {
                    int i = Array.IndexOf(headerNames, kv.Key);
                    Assert.IsTrue(i >= 0, "header " + kv.Key + " missing");
                    Assert.AreEqual(kv.Value, headerValues[i], "header " + kv.Key);
                }
            }
            s.CheckBody?.Invoke(body);
            LastBody = new TrickleStream(s.ResponseBody, 97);
            return new HttpResponse(s.Status, new[] { "Content-Type" }, new[] { s.ContentType }, LastBody, null);
        }

        /// <summary>Asserts that <paramref name="actual"/> has the same members, in the same order, with
        /// the same values as the JSON captured in <paramref name="expectedJson"/>.</summary>
        public static void AssertSameJson(string expectedJson, byte[] actual)
        {
            using var e = JsonDocument.Parse(expectedJson);
            using var a = JsonDocument.Parse(actual);
            var en = new List<string>(); var an = new List<string>();
            foreach (var p in e.RootElement.EnumerateObject()) en.Add(p.Name);
            foreach (var p in a.RootElement.EnumerateObject()) an.Add(p.Name);
            Assert.AreEqual(string.Join(",", en), string.Join(",", an), "member names");
            foreach (var p in e.RootElement.EnumerateObject())
                Assert.AreEqual(p.Value.GetRawText(), a.RootElement.GetProperty(p.Name).GetRawText(), "member " + p.Name);
        }
    }

    /// <summary>A read-only stream that hands out at most a few bytes per Read, like a network socket.</summary>
    public sealed class TrickleStream : Stream
    {
        private readonly byte[] _data;
        private readonly int _chunk;
        private int _pos;

        public TrickleStream(byte[] data, int chunk) { _data = data; _chunk = chunk; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _data.Length;
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, _chunk), _data.Length - _pos);
            if (n <= 0) return 0;
            Array.Copy(_data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }
    }
}
