using System;

namespace IotEsim.Rsp.Asn1
{
    /// <summary>
    /// Reads consecutive TLVs from a byte range. Definite lengths only (RSP never uses the
    /// indefinite form). In strict (DER) mode non-minimal lengths and tags are rejected too; the
    /// lenient (BER) mode accepts them, for card quirks seen in the field.
    /// </summary>
    public sealed class TlvReader
    {
        /// <summary>Depth limit of <see cref="Validate"/>; RSP structures nest far less than this.</summary>
        public const int DefaultMaxDepth = 24;

        private readonly byte[] _buf;
        private readonly int _end;
        private readonly bool _strict;
        private int _pos;

        public TlvReader(byte[] buffer) : this(buffer, 0, buffer.Length, true) { }

        public TlvReader(byte[] buffer, int offset, int count) : this(buffer, offset, count, true) { }

        public TlvReader(byte[] buffer, int offset, int count, bool strict)
        {
            if (buffer == null) throw new ArgumentNullException("buffer");
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException("count");
            _buf = buffer;
            _pos = offset;
            _end = offset + count;
            _strict = strict;
        }

        public bool HasMore { get { return _pos < _end; } }
        public int Position { get { return _pos; } }

        /// <summary>Reads the next TLV and advances past it.</summary>
        public Tlv Read()
        {
            var t = Peek();
            _pos = t.End;
            return t;
        }

        /// <summary>Decodes the next TLV without advancing.</summary>
        public Tlv Peek()
        {
            int p = _pos;
            if (p >= _end) throw new DerException(DerError.Truncated, p, "no more elements");
            int tag = ParseTag(_buf, ref p, _end, _strict);
            int len = ParseLength(_buf, ref p, _end, _strict);
            if (len > _end - p) throw new DerException(DerError.Truncated, p, "value of " + Tags.Name(tag) + " needs " + len.ToString() + " bytes, " + (_end - p).ToString() + " left");
            return new Tlv(_buf, _pos, p - _pos, len, tag, _strict);
        }

        /// <summary>Reads the next TLV and checks its tag.</summary>
        public Tlv Read(int expectedTag)
        {
            return Read().Expect(expectedTag);
        }

        /// <summary>Reads the next TLV if it has <paramref name="tag"/>, else returns null and stays put.</summary>
        public Tlv ReadOptional(int tag)
        {
            if (!HasMore) return null;
            var t = Peek();
            if (t.Tag != tag) return null;
            _pos = t.End;
            return t;
        }

        /// <summary>Decodes exactly one TLV covering the whole buffer (strict DER).</summary>
        public static Tlv Parse(byte[] data)
        {
            return Parse(data, 0, data.Length, true);
        }

        /// <summary>Decodes exactly one TLV covering the whole range; anything after it is <see cref="DerError.TrailingData"/>.</summary>
        public static Tlv Parse(byte[] data, int offset, int count, bool strict)
        {
            var r = new TlvReader(data, offset, count, strict);
            var t = r.Read();
            if (r.HasMore) throw new DerException(DerError.TrailingData, r.Position, (offset + count - r.Position).ToString() + " bytes after " + Tags.Name(t.Tag));
            return t;
        }

        /// <summary>
        /// Walks the whole tree below <paramref name="tlv"/>: every constructed value must consist of
        /// complete TLVs, nesting at most <paramref name="maxDepth"/> levels. Use on untrusted input
        /// before navigating it, so errors surface as one typed exception up front.
        /// </summary>
        public static void Validate(Tlv tlv, int maxDepth)
        {
            if (maxDepth <= 0) throw new DerException(DerError.NestingTooDeep, tlv.Offset, "nesting deeper than limit");
            if (!tlv.IsConstructed) return;
            var r = tlv.Children();
            while (r.HasMore) Validate(r.Read(), maxDepth - 1);
        }

        /// <summary>Parses one TLV (strict), rejects trailing bytes, and validates its whole tree.</summary>
        public static Tlv ParseAndValidate(byte[] data)
        {
            var t = Parse(data);
            Validate(t, DefaultMaxDepth);
            return t;
        }

        internal static int ParseTag(byte[] b, ref int p, int end, bool strict)
        {
            int start = p;
            int tag = b[p++];
            if ((tag & 0x1F) != 0x1F) return tag;
            // High tag number form: subsequent bytes carry 7 bits each, bit 8 = more follow.
            int count = 0;
            while (true)
            {
                if (p >= end) throw new DerException(DerError.Truncated, p, "tag truncated");
                byte x = b[p++];
                if (count == 0 && strict && (x & 0x7F) == 0) throw new DerException(DerError.NonMinimalLength, start, "tag number has leading zero bits");
                tag = (tag << 8) | x;
                count++;
                if ((x & 0x80) == 0) break;
                if (count >= 3) throw new DerException(DerError.InvalidTag, start, "tag longer than 4 bytes");
            }
            return tag;
        }

        internal static int ParseLength(byte[] b, ref int p, int end, bool strict)
        {
            if (p >= end) throw new DerException(DerError.Truncated, p, "length missing");
            int start = p;
            int first = b[p++];
            if (first < 0x80) return first;
            if (first == 0x80) throw new DerException(DerError.IndefiniteLength, start, "indefinite length");
            int n = first & 0x7F;
            if (n > 4) throw new DerException(DerError.LengthTooLarge, start, n.ToString() + " length bytes");
            if (end - p < n) throw new DerException(DerError.Truncated, p, "length truncated");
            long len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | b[p++];
            if (len > int.MaxValue) throw new DerException(DerError.LengthTooLarge, start, "length does not fit 31 bits");
            if (strict && (len < 0x80 || (n > 1 && b[start + 1] == 0)))
                throw new DerException(DerError.NonMinimalLength, start, "length " + len.ToString() + " in " + n.ToString() + " bytes");
            return (int)len;
        }
    }
}
