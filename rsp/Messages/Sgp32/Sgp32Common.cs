using System;
using System.Text;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>Which SGP.32 ASN.1 module a message follows. v1.0 and v1.2 differ on the wire in a few
    /// places (ESipa GetEimPackageRequest, ProvideEimPackageResult(Response), HandleNotificationEsipa,
    /// IpaEuiccData, memory reset); everything else is identical.</summary>
    public enum Sgp32Version
    {
        V1_0 = 10,
        V1_2 = 12,
    }

    /// <summary>
    /// Base of the SGP.32 data objects whose encoding depends on the ASN.1 module version (EuiccPackageRequest,
    /// EuiccPackageResult, RetrieveNotificationsListResponse): subclasses write themselves, the encode
    /// entry points live here once. New objects encode v1.2.
    /// </summary>
    public abstract class Sgp32Encodable
    {
        public abstract void WriteTo(TlvWriter w, Sgp32Version version);

        public byte[] Encode() { return Encode(Sgp32Version.V1_2); }

        public byte[] Encode(Sgp32Version version)
        {
            var w = new TlvWriter();
            WriteTo(w, version);
            return w.ToArray();
        }
    }

    /// <summary>Decoding helpers shared by the SGP.32 models.</summary>
    public static class Sgp32Der
    {
        /// <summary>Parses one complete TLV (strict DER, no trailing bytes) and validates its tree, so
        /// malformed input surfaces as one <see cref="DerException"/> before any navigation.</summary>
        public static Tlv Parse(byte[] data, int expectedTag)
        {
            if (data == null) throw new DerException(DerError.Truncated, 0, "no data");
            if (data.Length == 0) throw new DerException(DerError.Truncated, 0, "empty input");
            var t = TlvReader.ParseAndValidate(data);
            if (expectedTag != 0) t.Expect(expectedTag);
            return t;
        }

        public static string Utf8(Tlv t)
        {
            try { return t.AsUtf8(); }
            catch (Exception) { throw new DerException(DerError.InvalidValue, t.ValueOffset, "invalid UTF-8 in " + Tags.Name(t.Tag)); }
        }

        /// <summary>Value bytes; exactly <paramref name="size"/> bytes unless size is 0.</summary>
        public static byte[] Octets(Tlv t, int size)
        {
            if (size > 0 && t.Length != size)
                throw new DerException(DerError.InvalidValue, t.ValueOffset, Tags.Name(t.Tag) + " must be " + size.ToString() + " bytes, is " + t.Length.ToString());
            return t.Value();
        }

        public static void RequireNull(Tlv t) { RspDer.RequireNull(t); }

        public static void RequirePrimitive(Tlv t)
        {
            if (t.IsConstructed) throw new DerException(DerError.UnexpectedTag, t.Offset, Tags.Name(t.Tag) + " must be primitive");
        }

        /// <summary>The only child of a constructed value (an explicit tag around a CHOICE).</summary>
        public static Tlv Single(Tlv t) { return RspDer.Single(t); }

        public static DerException Unexpected(Tlv t, string where) { return RspDer.Unexpected(t, where); }

        /// <summary>TransactionId ::= OCTET STRING (SIZE(1..16)).</summary>
        public static byte[] TransactionId(Tlv t)
        {
            if (t.Length < 1 || t.Length > 16) throw new DerException(DerError.InvalidValue, t.ValueOffset, "TransactionId of " + t.Length.ToString() + " bytes");
            return t.Value();
        }

        /// <summary>DER of an INTEGER data object, e.g. <c>84 01 01</c>.</summary>
        public static byte[] IntegerObject(int tag, long value)
        {
            return Der.Encode(tag, Der.EncodeInteger(value));
        }

        /// <summary>
        /// What an eIM or eUICC signature covers (SGP.32 §2.11.1.1, docs digest 9.2): the DER of the signed
        /// data followed by the associationToken data object <c>84 L token</c>; <c>84 01 00</c> when the eIM
        /// configuration holds no token (pass 0). One place, so the eIM and eUICC sides cannot drift apart.
        /// </summary>
        public static byte[] WithAssociationToken(byte[] signedDataDer, long associationToken)
        {
            return Bytes.Concat(signedDataDer, IntegerObject(0x84, associationToken));
        }

        public static byte[] Utf8Bytes(string s) { return Encoding.UTF8.GetBytes(s); }
    }

    /// <summary>
    /// Reads the elements of an SGP.32 SEQUENCE in definition order. The ESipa and eIM package messages
    /// are plain ordered SEQUENCEs of mandatory and OPTIONAL elements, so each decoder only states its
    /// fields (tag, required or not, value or whole TLV) and the "missing element" errors read alike.
    /// Trailing elements are only rejected where a decoder calls <see cref="End"/>.
    /// </summary>
    public sealed class Sgp32Fields
    {
        private readonly Tlv _parent;
        private readonly TlvReader _r;

        public Sgp32Fields(Tlv parent)
        {
            _parent = parent;
            _r = parent.Children();
        }

        public Tlv Parent { get { return _parent; } }
        public bool HasMore { get { return _r.HasMore; } }
        public int Position { get { return _r.Position; } }

        /// <summary>The next element if it has <paramref name="tag"/>, else null (nothing consumed).</summary>
        public Tlv Optional(int tag) { return _r.ReadOptional(tag); }

        public Tlv Required(int tag)
        {
            var x = _r.ReadOptional(tag);
            if (x == null) throw new DerException(DerError.MissingElement, _parent.ValueOffset, Tags.Name(tag) + " missing in " + Tags.Name(_parent.Tag));
            return x;
        }

        /// <summary>As <see cref="Required(int)"/>, naming the ASN.1 component in the error.</summary>
        public Tlv Required(int tag, string name)
        {
            var x = _r.ReadOptional(tag);
            if (x == null) throw new DerException(DerError.MissingElement, _parent.ValueOffset, name + " (" + Tags.Name(tag) + ") missing in " + Tags.Name(_parent.Tag));
            return x;
        }

        /// <summary>The next element whatever its tag (a CHOICE inside the SEQUENCE).</summary>
        public Tlv Next(string name)
        {
            if (!_r.HasMore) throw new DerException(DerError.MissingElement, _parent.ValueOffset, name + " missing in " + Tags.Name(_parent.Tag));
            return _r.Read();
        }

        /// <summary>Value bytes of a mandatory element.</summary>
        public byte[] Value(int tag) { return Required(tag).Value(); }

        /// <summary>Complete TLV of a mandatory element (kept raw for byte-exact re-encoding).</summary>
        public byte[] Encoded(int tag) { return Required(tag).Encoded(); }

        public byte[] OptionalValue(int tag)
        {
            var x = _r.ReadOptional(tag);
            return x == null ? null : x.Value();
        }

        public byte[] OptionalEncoded(int tag)
        {
            var x = _r.ReadOptional(tag);
            return x == null ? null : x.Encoded();
        }

        public string OptionalUtf8(int tag)
        {
            var x = _r.ReadOptional(tag);
            return x == null ? null : Sgp32Der.Utf8(x);
        }

        /// <summary>Throws <see cref="DerError.TrailingData"/> if elements are left after the last known one.</summary>
        public void End(string after)
        {
            if (_r.HasMore) throw new DerException(DerError.TrailingData, _r.Position, "data after " + after);
        }
    }
}
