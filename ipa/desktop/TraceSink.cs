using System;
using System.IO;
using System.Text;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Util;

namespace IotEsim.Ipa.Desktop
{
    /// <summary>--trace output: every APDU and every HTTP exchange, to a TextWriter.</summary>
    public sealed class TraceSink : IApduTrace
    {
        private readonly TextWriter _out;

        public TraceSink(TextWriter output) { _out = output; }

        public void Exchange(byte[] command, byte[] response)
        {
            _out.WriteLine("APDU > " + Hex.Encode(command));
            _out.WriteLine("APDU < " + Hex.Encode(response));
        }

        /// <summary>Wraps a transport so requests and responses are printed; response bodies are teed
        /// while the caller reads them (streaming is preserved).</summary>
        public IHttpTransport Wrap(IHttpTransport inner) => new TracingTransport(inner, _out);

        private sealed class TracingTransport : IHttpTransport
        {
            private readonly IHttpTransport _inner;
            private readonly TextWriter _out;

            public TracingTransport(IHttpTransport inner, TextWriter output) { _inner = inner; _out = output; }

            public HttpResponse Post(string url, string[] headerNames, string[] headerValues, byte[] body)
            {
                _out.WriteLine("HTTP > POST " + url);
                for (int i = 0; i < headerNames.Length; i++) _out.WriteLine("HTTP >   " + headerNames[i] + ": " + headerValues[i]);
                _out.WriteLine("HTTP > " + Render(body, body.Length));
                var resp = _inner.Post(url, headerNames, headerValues, body);
                _out.WriteLine("HTTP < " + resp.StatusCode + " " + resp.ContentType);
                var tee = new TeeStream(resp.Body, _out);
                return new HttpResponse(resp.StatusCode, HeaderNames(resp), HeaderValues(resp), tee, resp);
            }

            private static string[] HeaderNames(HttpResponse r) => new[] { "Content-Type" };
            private static string[] HeaderValues(HttpResponse r) => new[] { r.ContentType };
        }

        internal static string Render(byte[] b, int n)
        {
            bool text = true;
            for (int i = 0; i < n && text; i++) if (b[i] < 0x09 || (b[i] > 0x0D && b[i] < 0x20)) text = false;
            return text ? Encoding.UTF8.GetString(b, 0, n) : Hex.Encode(Bytes.Slice(b, 0, n));
        }

        private sealed class TeeStream : Stream
        {
            private readonly Stream _s;
            private readonly TextWriter _out;
            public TeeStream(Stream s, TextWriter o) { _s = s; _out = o; }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long o, SeekOrigin k) => throw new NotSupportedException();
            public override void SetLength(long v) => throw new NotSupportedException();
            public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = _s == null ? 0 : _s.Read(buffer, offset, count);
                if (n > 0) _out.WriteLine("HTTP < " + Render(Bytes.Slice(buffer, offset, n), n));
                return n;
            }
            protected override void Dispose(bool disposing) { if (disposing && _s != null) _s.Dispose(); base.Dispose(disposing); }
        }
    }
}
