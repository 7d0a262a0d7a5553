using System;
using System.Text;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Asn1
{
    /// <summary>
    /// One decoded TLV: a view into a byte array (no copy). Tags are kept as the integer value of
    /// their encoded bytes, the way the GSMA specs write them: 0x80, 0x5A, 0x5F37, 0xBF22, 0xBF8100.
    /// </summary>
    public sealed class Tlv
    {
        public readonly byte[] Buffer;
        /// <summary>Offset of the first tag byte in <see cref="Buffer"/>.</summary>
        public readonly int Offset;
        public readonly int HeaderLength;
        /// <summary>Length of the value.</summary>
        public readonly int Length;
        public readonly int Tag;
        private readonly bool _strict;

        internal Tlv(byte[] buffer, int offset, int headerLength, int length, int tag, bool strict)
        {
            Buffer = buffer;
            Offset = offset;
            HeaderLength = headerLength;
            Length = length;
            Tag = tag;
            _strict = strict;
        }

        public int ValueOffset { get { return Offset + HeaderLength; } }
        public int TotalLength { get { return HeaderLength + Length; } }
        public int End { get { return Offset + HeaderLength + Length; } }
        public bool IsConstructed { get { return Tags.IsConstructed(Tag); } }

        /// <summary>Copy of the value bytes.</summary>
        public byte[] Value() { return Bytes.Slice(Buffer, ValueOffset, Length); }

        /// <summary>Copy of the complete TLV (tag, length and value), e.g. to sign it or forward it.</summary>
        public byte[] Encoded() { return Bytes.Slice(Buffer, Offset, TotalLength); }

        /// <summary>Reader over the children of a constructed value.</summary>
        public TlvReader Children() { return new TlvReader(Buffer, ValueOffset, Length, _strict); }

        /// <summary>First direct child with <paramref name="tag"/>, or null.</summary>
        public Tlv Find(int tag)
        {
            var r = Children();
            while (r.HasMore)
            {
                var c = r.Read();
                if (c.Tag == tag) return c;
            }
            return null;
        }

        /// <summary>First direct child with <paramref name="tag"/>; throws <see cref="DerError.MissingElement"/> if absent.</summary>
        public Tlv Require(int tag)
        {
            var c = Find(tag);
            if (c == null) throw new DerException(DerError.MissingElement, ValueOffset, "element " + Tags.Name(tag) + " missing in " + Tags.Name(Tag));
            return c;
        }

        /// <summary>All direct children, in order.</summary>
        public Tlv[] ChildArray()
        {
            int n = 0;
            var r = Children();
            while (r.HasMore) { r.Read(); n++; }
            var result = new Tlv[n];
            r = Children();
            for (int i = 0; i < n; i++) result[i] = r.Read();
            return result;
        }

        /// <summary>Throws <see cref="DerError.UnexpectedTag"/> unless this TLV has <paramref name="tag"/>.</summary>
        public Tlv Expect(int tag)
        {
            if (Tag != tag) throw new DerException(DerError.UnexpectedTag, Offset, "expected " + Tags.Name(tag) + " but found " + Tags.Name(Tag));
            return this;
        }

        /// <summary>Value as a two's-complement INTEGER that must fit in a long.</summary>
        public long AsLong()
        {
            if (Length == 0 || Length > 8) throw new DerException(DerError.InvalidValue, ValueOffset, "INTEGER of " + Length.ToString() + " bytes");
            if (_strict && Length > 1)
            {
                byte b0 = Buffer[ValueOffset], b1 = Buffer[ValueOffset + 1];
                if ((b0 == 0 && (b1 & 0x80) == 0) || (b0 == 0xFF && (b1 & 0x80) != 0))
                    throw new DerException(DerError.NonMinimalLength, ValueOffset, "INTEGER not minimally encoded");
            }
            long v = (Buffer[ValueOffset] & 0x80) != 0 ? -1 : 0;
            for (int i = 0; i < Length; i++) v = (v << 8) | Buffer[ValueOffset + i];
            return v;
        }

        public int AsInt()
        {
            long v = AsLong();
            if (v < int.MinValue || v > int.MaxValue) throw new DerException(DerError.InvalidValue, ValueOffset, "INTEGER out of range");
            return (int)v;
        }

        /// <summary>Value as UTF-8 text (UTF8String, IA5String, PrintableString...).</summary>
        public string AsUtf8()
        {
            if (Length == 0) return "";
            return Encoding.UTF8.GetString(Buffer, ValueOffset, Length);
        }

        public bool AsBoolean()
        {
            if (Length != 1) throw new DerException(DerError.InvalidValue, ValueOffset, "BOOLEAN must be one byte");
            return Buffer[ValueOffset] != 0;
        }

        public override string ToString()
        {
            return Tags.Name(Tag) + "[" + Length.ToString() + "]";
        }
    }
}
