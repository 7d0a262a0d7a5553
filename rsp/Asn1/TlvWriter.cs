using System;
using System.Text;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Asn1
{
    /// <summary>
    /// Builds DER into a growable buffer. Constructed values are opened with
    /// <see cref="Begin"/> and closed with <see cref="End"/>, which writes the minimal length in
    /// place (moving the content when the length needs more than one byte).
    /// </summary>
    public sealed class TlvWriter
    {
        private byte[] _buf;
        private int _len;
        private int[] _open = new int[16];
        private int _depth;

        public TlvWriter() : this(256) { }

        public TlvWriter(int capacity)
        {
            _buf = new byte[capacity < 16 ? 16 : capacity];
        }

        public int Length { get { return _len; } }

        public byte[] ToArray()
        {
            if (_depth != 0) throw new InvalidOperationException("unclosed constructed value");
            return Bytes.Slice(_buf, 0, _len);
        }

        public void Clear() { _len = 0; _depth = 0; }

        /// <summary>Writes a complete TLV with a primitive value.</summary>
        public TlvWriter Write(int tag, byte[] value)
        {
            return Write(tag, value, 0, value == null ? 0 : value.Length);
        }

        public TlvWriter Write(int tag, byte[] value, int offset, int count)
        {
            WriteTag(tag);
            WriteLength(count);
            if (count > 0) WriteRaw(value, offset, count);
            return this;
        }

        /// <summary>Writes already-encoded bytes (a complete TLV, or content inside an open value).</summary>
        public TlvWriter WriteRaw(byte[] data)
        {
            return WriteRaw(data, 0, data.Length);
        }

        public TlvWriter WriteRaw(byte[] data, int offset, int count)
        {
            Ensure(count);
            Array.Copy(data, offset, _buf, _len, count);
            _len += count;
            return this;
        }

        public TlvWriter WriteByte(byte b)
        {
            Ensure(1);
            _buf[_len++] = b;
            return this;
        }

        /// <summary>INTEGER in minimal two's complement.</summary>
        public TlvWriter WriteInteger(int tag, long value)
        {
            return Write(tag, Der.EncodeInteger(value));
        }

        /// <summary>An unsigned big-endian magnitude as INTEGER (adds a 00 byte when the top bit is set).</summary>
        public TlvWriter WriteUnsignedInteger(int tag, byte[] magnitude)
        {
            return Write(tag, Der.EncodeUnsignedInteger(magnitude));
        }

        public TlvWriter WriteUtf8(int tag, string text)
        {
            return Write(tag, Encoding.UTF8.GetBytes(text));
        }

        public TlvWriter WriteNull(int tag)
        {
            WriteTag(tag);
            WriteLength(0);
            return this;
        }

        public TlvWriter WriteBoolean(int tag, bool value)
        {
            WriteTag(tag);
            WriteLength(1);
            return WriteByte(value ? (byte)0xFF : (byte)0x00);
        }

        /// <summary>Opens a constructed value; close it with <see cref="End"/>.</summary>
        public TlvWriter Begin(int tag)
        {
            WriteTag(tag);
            if (_depth == _open.Length)
            {
                var n = new int[_open.Length * 2];
                Array.Copy(_open, n, _open.Length);
                _open = n;
            }
            // Reserve one length byte; End() widens it if needed.
            Ensure(1);
            _open[_depth++] = _len;
            _buf[_len++] = 0;
            return this;
        }

        public TlvWriter End()
        {
            if (_depth == 0) throw new InvalidOperationException("End() without Begin()");
            int lenPos = _open[--_depth];
            int contentStart = lenPos + 1;
            int contentLen = _len - contentStart;
            int lenSize = Der.LengthSize(contentLen);
            if (lenSize > 1)
            {
                Ensure(lenSize - 1);
                Array.Copy(_buf, contentStart, _buf, contentStart + lenSize - 1, contentLen);
                _len += lenSize - 1;
            }
            Der.PutLength(contentLen, _buf, lenPos);
            return this;
        }

        public void WriteTag(int tag)
        {
            int n = Der.TagSize(tag);
            Ensure(n);
            for (int i = n - 1; i >= 0; i--) _buf[_len++] = (byte)(tag >> (8 * i));
        }

        public void WriteLength(int length)
        {
            int n = Der.LengthSize(length);
            Ensure(n);
            Der.PutLength(length, _buf, _len);
            _len += n;
        }

        private void Ensure(int extra)
        {
            if (_len + extra <= _buf.Length) return;
            int cap = _buf.Length * 2;
            while (cap < _len + extra) cap *= 2;
            var n = new byte[cap];
            Array.Copy(_buf, n, _len);
            _buf = n;
        }
    }
}
