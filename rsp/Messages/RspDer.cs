using System;
using System.Collections;
using System.Text;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages
{
    /// <summary>Decoding helpers shared by the SGP.22 message models.</summary>
    public static class RspDer
    {
        /// <summary>One complete TLV (strict DER, no trailing bytes), tree validated, with the expected tag
        /// (0 = any). Malformed input surfaces as one <see cref="DerException"/> before navigation.</summary>
        public static Tlv Parse(byte[] data, int expectedTag)
        {
            if (data == null || data.Length == 0) throw new DerException(DerError.Truncated, 0, "no data");
            var t = TlvReader.ParseAndValidate(data);
            if (expectedTag != 0) t.Expect(expectedTag);
            return t;
        }

        /// <summary>Value bytes; exactly <paramref name="size"/> bytes unless size is 0.</summary>
        public static byte[] Octets(Tlv t, int size)
        {
            if (t.IsConstructed) throw new DerException(DerError.UnexpectedTag, t.Offset, Tags.Name(t.Tag) + " must be primitive");
            if (size > 0 && t.Length != size)
                throw new DerException(DerError.InvalidValue, t.ValueOffset, Tags.Name(t.Tag) + " must be " + size.ToString() + " bytes, is " + t.Length.ToString());
            return t.Value();
        }

        /// <summary>Value bytes with a length in [min, max].</summary>
        public static byte[] Octets(Tlv t, int min, int max)
        {
            if (t.IsConstructed) throw new DerException(DerError.UnexpectedTag, t.Offset, Tags.Name(t.Tag) + " must be primitive");
            if (t.Length < min || t.Length > max)
                throw new DerException(DerError.InvalidValue, t.ValueOffset, Tags.Name(t.Tag) + " has " + t.Length.ToString() + " bytes");
            return t.Value();
        }

        public static string Utf8(Tlv t)
        {
            if (t.IsConstructed) throw new DerException(DerError.UnexpectedTag, t.Offset, Tags.Name(t.Tag) + " must be primitive");
            // Validate strictly: the desktop decoder would silently substitute U+FFFD.
            if (!IsValidUtf8(t.Buffer, t.ValueOffset, t.Length))
                throw new DerException(DerError.InvalidValue, t.ValueOffset, "invalid UTF-8 in " + Tags.Name(t.Tag));
            return t.AsUtf8();
        }

        public static int Int(Tlv t)
        {
            if (t.IsConstructed) throw new DerException(DerError.UnexpectedTag, t.Offset, Tags.Name(t.Tag) + " must be primitive");
            return t.AsInt();
        }

        public static bool Boolean(Tlv t)
        {
            return t.AsBoolean();
        }

        public static void RequireNull(Tlv t)
        {
            if (t.Length != 0) throw new DerException(DerError.InvalidValue, t.ValueOffset, "NULL " + Tags.Name(t.Tag) + " with content");
        }

        /// <summary>The only child of a constructed value (explicit tag around a CHOICE).</summary>
        public static Tlv Single(Tlv t)
        {
            if (!t.IsConstructed) throw new DerException(DerError.UnexpectedTag, t.Offset, Tags.Name(t.Tag) + " must be constructed");
            var r = t.Children();
            if (!r.HasMore) throw new DerException(DerError.MissingElement, t.ValueOffset, Tags.Name(t.Tag) + " is empty");
            var c = r.Read();
            if (r.HasMore) throw new DerException(DerError.TrailingData, r.Position, "more than one element in " + Tags.Name(t.Tag));
            return c;
        }

        public static DerException Unexpected(Tlv t, string where)
        {
            return new DerException(DerError.UnexpectedTag, t.Offset, "unexpected " + Tags.Name(t.Tag) + " in " + where);
        }

        public static DerException Missing(string what)
        {
            return new DerException(DerError.MissingElement, 0, what + " not set");
        }

        /// <summary>The children of a SEQUENCE OF, all with <paramref name="elementTag"/>.</summary>
        public static Tlv[] SequenceOf(Tlv t, int elementTag)
        {
            if (!t.IsConstructed) throw new DerException(DerError.UnexpectedTag, t.Offset, Tags.Name(t.Tag) + " must be constructed");
            var items = t.ChildArray();
            for (int i = 0; i < items.Length; i++) items[i].Expect(elementTag);
            return items;
        }

        /// <summary>SEQUENCE OF OCTET STRING (e.g. the CI PKID lists <c>A9 {04 14 ..}</c>) as byte arrays.</summary>
        public static byte[][] OctetList(Tlv t)
        {
            var items = SequenceOf(t, Tags.OctetString);
            var r = new byte[items.Length][];
            for (int i = 0; i < items.Length; i++) r[i] = Octets(items[i], 0);
            return r;
        }

        public static void WriteOctetList(TlvWriter w, int tag, byte[][] list)
        {
            w.Begin(tag);
            if (list != null) for (int i = 0; i < list.Length; i++) w.Write(Tags.OctetString, list[i]);
            w.End();
        }

        /// <summary>Strict UTF-8 validation (no overlongs, no surrogates, max U+10FFFF).</summary>
        public static bool IsValidUtf8(byte[] b, int off, int len)
        {
            int i = off, end = off + len;
            while (i < end)
            {
                int c = b[i];
                if (c < 0x80) { i++; continue; }
                int n; int min;
                if ((c & 0xE0) == 0xC0) { n = 1; min = 0x80; c &= 0x1F; }
                else if ((c & 0xF0) == 0xE0) { n = 2; min = 0x800; c &= 0x0F; }
                else if ((c & 0xF8) == 0xF0) { n = 3; min = 0x10000; c &= 0x07; }
                else return false;
                if (i + n >= end) return false;
                for (int k = 1; k <= n; k++)
                {
                    int x = b[i + k];
                    if ((x & 0xC0) != 0x80) return false;
                    c = (c << 6) | (x & 0x3F);
                }
                if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
                i += n + 1;
            }
            return true;
        }

        public static byte[] Utf8Bytes(string s) { return Encoding.UTF8.GetBytes(s); }

        /// <summary>Writes raw (already encoded) TLVs kept from decoding, in order.</summary>
        public static void WriteRawList(TlvWriter w, ArrayList raw)
        {
            if (raw == null) return;
            for (int i = 0; i < raw.Count; i++) w.WriteRaw((byte[])raw[i]);
        }
    }

    /// <summary>
    /// Reads the children of a SEQUENCE against its schema (the element tags in definition order).
    /// Known elements must appear in that order and at most once (else <see cref="DerError.UnexpectedTag"/>);
    /// elements with other tags are extension additions (the RSP modules are EXTENSIBILITY IMPLIED) and
    /// are kept as raw TLVs together with the schema position they followed, so re-encoding is lossless.
    /// </summary>
    public sealed class SequenceFields
    {
        private readonly Tlv _parent;
        private readonly int[] _schema;
        private readonly Tlv[] _found;
        private readonly ArrayList _unknown = new ArrayList();     // byte[] TLVs
        private readonly ArrayList _unknownAfter = new ArrayList(); // int: schema index they followed (-1 = first)

        public SequenceFields(Tlv parent, int[] schema)
        {
            if (!parent.IsConstructed) throw new DerException(DerError.UnexpectedTag, parent.Offset, Tags.Name(parent.Tag) + " must be constructed");
            _parent = parent;
            _schema = schema;
            _found = new Tlv[schema.Length];
            int last = -1;
            var r = parent.Children();
            while (r.HasMore)
            {
                var c = r.Read();
                int idx = IndexOf(c.Tag);
                if (idx < 0)
                {
                    _unknown.Add(c.Encoded());
                    _unknownAfter.Add(last);
                    continue;
                }
                if (idx <= last)
                    throw new DerException(DerError.UnexpectedTag, c.Offset, Tags.Name(c.Tag) + " out of order or repeated in " + Tags.Name(parent.Tag));
                _found[idx] = c;
                last = idx;
            }
        }

        private int IndexOf(int tag)
        {
            for (int i = 0; i < _schema.Length; i++) if (_schema[i] == tag) return i;
            return -1;
        }

        public Tlv Optional(int tag)
        {
            int i = IndexOf(tag);
            return i < 0 ? null : _found[i];
        }

        public Tlv Require(int tag)
        {
            var t = Optional(tag);
            if (t == null) throw new DerException(DerError.MissingElement, _parent.ValueOffset, "element " + Tags.Name(tag) + " missing in " + Tags.Name(_parent.Tag));
            return t;
        }

        /// <summary>The extension TLVs (encoded) that followed schema element <paramref name="tag"/>
        /// (0 = those before the first known element).</summary>
        public ExtensionList Extensions()
        {
            var x = new ExtensionList();
            for (int i = 0; i < _unknown.Count; i++)
            {
                int after = (int)_unknownAfter[i];
                x.Add(after < 0 ? 0 : _schema[after], (byte[])_unknown[i]);
            }
            return x;
        }

        public int UnknownCount { get { return _unknown.Count; } }
    }

    /// <summary>Unknown (extension) elements of a decoded SEQUENCE, each remembered with the known tag it
    /// followed, so an encoder can put them back in place.</summary>
    public sealed class ExtensionList
    {
        private readonly ArrayList _tlvs = new ArrayList();
        private readonly ArrayList _after = new ArrayList();

        public int Count { get { return _tlvs.Count; } }
        public byte[] Get(int i) { return (byte[])_tlvs[i]; }
        public int AfterTag(int i) { return (int)_after[i]; }

        /// <summary>Adds an encoded TLV to be written after known element <paramref name="afterTag"/> (0 = first).</summary>
        public void Add(int afterTag, byte[] tlv)
        {
            _tlvs.Add(tlv);
            _after.Add(afterTag);
        }

        /// <summary>Writes the extensions that belong after <paramref name="afterTag"/>.</summary>
        public void WriteAfter(TlvWriter w, int afterTag)
        {
            for (int i = 0; i < _tlvs.Count; i++)
                if ((int)_after[i] == afterTag) w.WriteRaw((byte[])_tlvs[i]);
        }

        /// <summary>Writes extensions remembered after a tag that is not in <paramref name="schema"/> (e.g. added by hand)
        /// — they go at the end.</summary>
        public void WriteOrphans(TlvWriter w, int[] schema)
        {
            for (int i = 0; i < _tlvs.Count; i++)
            {
                int a = (int)_after[i];
                if (a == 0) continue;
                bool known = false;
                for (int k = 0; k < schema.Length; k++) if (schema[k] == a) { known = true; break; }
                if (!known) w.WriteRaw((byte[])_tlvs[i]);
            }
        }
    }

    /// <summary>
    /// A BIT STRING kept as its DER content (unused-bits count byte, then the bits), so a value seen on the
    /// wire re-encodes byte for byte even when it is not minimal (the capture's NotificationMetadata
    /// <c>81 02 04 80</c>). Bit 0 is the most significant bit of the first data byte (X.680 named bits).
    /// </summary>
    public sealed class BitString
    {
        private readonly byte[] _content;

        public BitString(byte[] content)
        {
            if (content == null || content.Length == 0) throw new DerException(DerError.InvalidValue, 0, "BIT STRING without unused-bits byte");
            if (content[0] > 7 || (content.Length == 1 && content[0] != 0))
                throw new DerException(DerError.InvalidValue, 0, "BIT STRING unused-bits count " + content[0].ToString());
            _content = content;
        }

        /// <summary>Decodes a primitive BIT STRING TLV (any unused-bits count 0..7; padding bits are not checked,
        /// see the class comment).</summary>
        public static BitString Decode(Tlv t)
        {
            if (t.IsConstructed) throw new DerException(DerError.UnexpectedTag, t.Offset, "BIT STRING " + Tags.Name(t.Tag) + " must be primitive");
            if (t.Length == 0) throw new DerException(DerError.InvalidValue, t.ValueOffset, "BIT STRING without unused-bits byte");
            byte u = t.Buffer[t.ValueOffset];
            if (u > 7 || (t.Length == 1 && u != 0)) throw new DerException(DerError.InvalidValue, t.ValueOffset, "BIT STRING unused-bits count " + u.ToString());
            return new BitString(t.Value());
        }

        /// <summary>The DER (named-bit-list minimal) encoding of the given bit numbers.</summary>
        public static BitString FromBits(int[] bits)
        {
            int max = -1;
            for (int i = 0; i < bits.Length; i++) if (bits[i] > max) max = bits[i];
            if (max < 0) return new BitString(new byte[] { 0 });
            int nbytes = max / 8 + 1;
            var c = new byte[nbytes + 1];
            for (int i = 0; i < bits.Length; i++) c[1 + bits[i] / 8] |= (byte)(0x80 >> (bits[i] % 8));
            c[0] = (byte)(7 - (max % 8));
            return new BitString(c);
        }

        public static BitString FromBit(int bit) { return FromBits(new int[] { bit }); }

        /// <summary>Content octets (unused-bits byte first).</summary>
        public byte[] Content { get { return _content; } }

        public int BitCount { get { return (_content.Length - 1) * 8 - _content[0]; } }

        public bool Get(int bit)
        {
            if (bit < 0 || bit >= BitCount) return false;
            return (_content[1 + bit / 8] & (0x80 >> (bit % 8))) != 0;
        }

        /// <summary>The lowest set bit, or -1 (NotificationEvent carries exactly one).</summary>
        public int FirstSetBit()
        {
            for (int i = 0; i < BitCount; i++) if (Get(i)) return i;
            return -1;
        }

        /// <summary>True when the encoding is the DER one for a named bit list (no trailing zero bits).</summary>
        public bool IsMinimal
        {
            get
            {
                if (_content.Length == 1) return true;
                int last = _content[_content.Length - 1];
                if (last == 0) return false;
                int unused = _content[0];
                return (last & (1 << unused)) != 0;
            }
        }

        /// <summary>The same bits in DER named-bit-list form.</summary>
        public BitString Normalized()
        {
            var bits = new ArrayList();
            for (int i = 0; i < BitCount; i++) if (Get(i)) bits.Add(i);
            var arr = new int[bits.Count];
            for (int i = 0; i < arr.Length; i++) arr[i] = (int)bits[i];
            return FromBits(arr);
        }

        public void Write(TlvWriter w, int tag) { w.Write(tag, _content); }

        public override string ToString() { return Hex.Encode(_content); }
    }
}
