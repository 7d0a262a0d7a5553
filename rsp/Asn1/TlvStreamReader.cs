using System;
using System.IO;

namespace IotEsim.Rsp.Asn1
{
    /// <summary>
    /// Walks BER-TLV headers on a <see cref="Stream"/> without buffering values, so a
    /// multi-hundred-KB Bound Profile Package can be split into its elements while it arrives.
    /// The caller decides per header whether to descend (call <see cref="ReadHeader"/> again: the
    /// next header is the first child), to read the value in chunks (<see cref="ReadValue"/>), to
    /// take it whole (<see cref="ReadValueBytes"/>, bounded), or to skip it.
    /// </summary>
    public sealed class TlvStreamReader
    {
        private readonly Stream _s;
        private readonly bool _strict;
        private readonly byte[] _hdr = new byte[9];
        private int _hdrLen;
        private long _pos;
        private int _remaining;

        public TlvStreamReader(Stream stream) : this(stream, true) { }

        public TlvStreamReader(Stream stream, bool strict)
        {
            if (stream == null) throw new ArgumentNullException("stream");
            _s = stream;
            _strict = strict;
        }

        /// <summary>Tag of the last header read.</summary>
        public int Tag { get; private set; }
        /// <summary>Value length of the last header read.</summary>
        public int Length { get; private set; }
        /// <summary>Bytes consumed from the stream so far.</summary>
        public long Position { get { return _pos; } }
        /// <summary>Value bytes of the current element not yet read (0 after descending).</summary>
        public int Remaining { get { return _remaining; } }
        public int HeaderLength { get { return _hdrLen; } }

        /// <summary>The raw tag+length bytes of the last header.</summary>
        public byte[] HeaderBytes()
        {
            var r = new byte[_hdrLen];
            Array.Copy(_hdr, r, _hdrLen);
            return r;
        }

        /// <summary>Reads the next tag and length. Returns false on a clean end of stream (no byte of a
        /// new header read); a stream ending inside a header is <see cref="DerError.Truncated"/>.
        /// Any unread value bytes of the previous element are treated as descended into.</summary>
        public bool ReadHeader()
        {
            _remaining = 0;
            int first = _s.ReadByte();
            if (first < 0) return false;
            long start = _pos;
            _hdrLen = 0;
            _hdr[_hdrLen++] = (byte)first;
            _pos++;
            int tag = first;
            if ((first & 0x1F) == 0x1F)
            {
                int count = 0;
                while (true)
                {
                    int x = Next(start, "tag");
                    if (count == 0 && _strict && (x & 0x7F) == 0) throw new DerException(DerError.NonMinimalLength, start, "tag number has leading zero bits");
                    tag = (tag << 8) | x;
                    count++;
                    if ((x & 0x80) == 0) break;
                    if (count >= 3) throw new DerException(DerError.InvalidTag, start, "tag longer than 4 bytes");
                }
            }
            int l0 = Next(start, "length");
            int len;
            if (l0 < 0x80) len = l0;
            else if (l0 == 0x80) throw new DerException(DerError.IndefiniteLength, _pos - 1, "indefinite length");
            else
            {
                int n = l0 & 0x7F;
                if (n > 4) throw new DerException(DerError.LengthTooLarge, _pos - 1, n.ToString() + " length bytes");
                long v = 0;
                int firstLenByte = -1;
                for (int i = 0; i < n; i++)
                {
                    int x = Next(start, "length");
                    if (i == 0) firstLenByte = x;
                    v = (v << 8) | (uint)x;
                }
                if (v > int.MaxValue) throw new DerException(DerError.LengthTooLarge, start, "length does not fit 31 bits");
                if (_strict && (v < 0x80 || (n > 1 && firstLenByte == 0))) throw new DerException(DerError.NonMinimalLength, start, "non-minimal length");
                len = (int)v;
            }
            Tag = tag;
            Length = len;
            _remaining = len;
            return true;
        }

        /// <summary>Reads the next header and requires <paramref name="tag"/>.</summary>
        public void ReadHeader(int tag)
        {
            if (!ReadHeader()) throw new DerException(DerError.Truncated, _pos, "expected " + Tags.Name(tag) + " but the stream ended");
            if (Tag != tag) throw new DerException(DerError.UnexpectedTag, _pos - _hdrLen, "expected " + Tags.Name(tag) + " but found " + Tags.Name(Tag));
        }

        /// <summary>Reads up to <paramref name="count"/> bytes of the current value; returns 0 when it is exhausted.</summary>
        public int ReadValue(byte[] buffer, int offset, int count)
        {
            if (count > _remaining) count = _remaining;
            if (count == 0) return 0;
            int n = _s.Read(buffer, offset, count);
            if (n <= 0) throw new DerException(DerError.Truncated, _pos, "stream ended inside the value of " + Tags.Name(Tag));
            _pos += n;
            _remaining -= n;
            return n;
        }

        /// <summary>The rest of the current value as an array; refuses values over <paramref name="maxLength"/>.</summary>
        public byte[] ReadValueBytes(int maxLength)
        {
            if (_remaining > maxLength) throw new DerException(DerError.LengthTooLarge, _pos, Tags.Name(Tag) + " value of " + _remaining.ToString() + " bytes exceeds " + maxLength.ToString());
            var r = new byte[_remaining];
            int o = 0;
            while (o < r.Length) o += ReadValue(r, o, r.Length - o);
            return r;
        }

        /// <summary>The complete current element (header + value) as an array, bounded by <paramref name="maxLength"/>.</summary>
        public byte[] ReadElementBytes(int maxLength)
        {
            if (_remaining != Length) throw new InvalidOperationException("value already partly read");
            if (Length > maxLength - _hdrLen) throw new DerException(DerError.LengthTooLarge, _pos, Tags.Name(Tag) + " element of " + (_hdrLen + Length).ToString() + " bytes exceeds " + maxLength.ToString());
            var r = new byte[_hdrLen + Length];
            Array.Copy(_hdr, r, _hdrLen);
            int o = _hdrLen;
            while (o < r.Length) o += ReadValue(r, o, r.Length - o);
            return r;
        }

        public void SkipValue()
        {
            var tmp = new byte[_remaining < 256 ? _remaining : 256];
            while (_remaining > 0) ReadValue(tmp, 0, tmp.Length);
        }

        private int Next(long start, string what)
        {
            int x = _s.ReadByte();
            if (x < 0) throw new DerException(DerError.Truncated, start, "stream ended inside a " + what);
            if (_hdrLen < _hdr.Length) _hdr[_hdrLen++] = (byte)x;
            _pos++;
            return x;
        }
    }
}
