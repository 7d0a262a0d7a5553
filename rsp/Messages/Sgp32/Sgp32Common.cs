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

        public static void RequireNull(Tlv t)
        {
            if (t.Length != 0) throw new DerException(DerError.InvalidValue, t.ValueOffset, "NULL " + Tags.Name(t.Tag) + " with content");
        }

        public static void RequirePrimitive(Tlv t)
        {
            if (t.IsConstructed) throw new DerException(DerError.UnexpectedTag, t.Offset, Tags.Name(t.Tag) + " must be primitive");
        }

        /// <summary>The only child of a constructed value (an explicit tag around a CHOICE).</summary>
        public static Tlv Single(Tlv t)
        {
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

        /// <summary>DER of an INTEGER data object, e.g. <c>84 01 01</c>.</summary>
        public static byte[] IntegerObject(int tag, long value)
        {
            return Der.Encode(tag, Der.EncodeInteger(value));
        }

        public static byte[] Utf8Bytes(string s) { return Encoding.UTF8.GetBytes(s); }
    }
}
