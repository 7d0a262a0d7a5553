using System;
using System.IO;

namespace IotEsim.Rsp.Json
{
    /// <summary>
    /// Read-only stream over the base64-decoded bytes of the string value a <see cref="JsonReader"/>
    /// is positioned at (TokenType String, content not yet read). Lets a TLV walker consume a Bound
    /// Profile Package straight from the HTTP body: memory is the reader's buffer plus a small char
    /// and byte buffer here. After the last byte (Read returns 0) the reader is just past the
    /// string and the caller continues with <see cref="JsonReader.Read"/>. Malformed base64 surfaces
    /// as <see cref="Base64Exception"/>, malformed JSON as <see cref="JsonException"/>.
    /// </summary>
    public sealed class JsonBase64Stream : Stream
    {
        public const int DefaultChunkChars = 256;

        private readonly JsonReader _reader;
        private readonly Base64StreamDecoder _decoder = new Base64StreamDecoder();
        private readonly char[] _chars;
        private readonly byte[] _bytes;
        private int _bpos, _blen;
        private bool _end;
        private long _produced;
        private readonly byte[] _one = new byte[1];

        public JsonBase64Stream(JsonReader reader) : this(reader, DefaultChunkChars) { }

        public JsonBase64Stream(JsonReader reader, int chunkChars)
        {
            if (reader == null) throw new ArgumentNullException("reader");
            if (reader.TokenType != JsonTokenType.String || !reader.HasUnreadString)
                throw new InvalidOperationException("the reader must be positioned at an unread string value");
            if (chunkChars < 4) throw new ArgumentException("chunkChars");
            _reader = reader;
            _chars = new char[chunkChars];
            _bytes = new byte[Base64StreamDecoder.MaxDecodedLength(chunkChars)];
        }

        /// <summary>Reader buffer plus this stream's own buffers, in bytes (2 per char).</summary>
        public int BufferHighWaterMark { get { return _reader.BufferHighWaterMark + 2 * _chars.Length + _bytes.Length; } }

        /// <summary>True after the whole value was decoded.</summary>
        public bool IsComplete { get { return _end && _bpos == _blen; } }

        public override bool CanRead { get { return true; } }
        public override bool CanSeek { get { return false; } }
        public override bool CanWrite { get { return false; } }
        public override long Length { get { throw new NotSupportedException(); } }

        /// <summary>Decoded bytes handed out so far (read only).</summary>
        public override long Position
        {
            get { return _produced; }
            set { throw new NotSupportedException(); }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException("buffer");
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException("count");
            int done = 0;
            while (done < count)
            {
                if (_bpos == _blen)
                {
                    if (_end || !Fill()) break;
                    continue;
                }
                int n = _blen - _bpos;
                if (n > count - done) n = count - done;
                Array.Copy(_bytes, _bpos, buffer, offset + done, n);
                _bpos += n;
                done += n;
            }
            _produced += done;
            return done;
        }

        public override int ReadByte()
        {
            return Read(_one, 0, 1) == 1 ? _one[0] : -1;
        }

        /// <summary>Decodes the next chunk; false when the value is exhausted.</summary>
        private bool Fill()
        {
            _bpos = 0;
            _blen = 0;
            while (_blen == 0)
            {
                int n = _reader.ReadStringChunk(_chars, 0, _chars.Length);
                if (n == 0)
                {
                    _decoder.Finish();
                    _end = true;
                    return false;
                }
                _blen = _decoder.Decode(_chars, 0, n, _bytes, 0);
            }
            return true;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) { throw new NotSupportedException(); }
        public override void SetLength(long value) { throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) { throw new NotSupportedException(); }
    }
}
