using System;
using IotEsim.Rsp.Json;

namespace IotEsim.Rsp.Es9Plus
{
    /// <summary>
    /// Base of the ES9+ (and ES11) JSON bodies. Binary members are held decoded (byte[]); on the wire
    /// they are base64 of complete DER TLVs (SGP.22 §6.5.2). Requests are written in the member order
    /// lpac sends; responses in the order osmo-smdpp sends (body members, then header). Parsing is
    /// strict about types, base64 and the transactionId format; unknown members are ignored.
    /// </summary>
    public abstract class Es9Message
    {
        /// <summary>Writes the body as a JSON object.</summary>
        public abstract void WriteTo(JsonWriter w);

        /// <summary>Compact JSON text.</summary>
        public string ToJson()
        {
            var w = new JsonWriter();
            WriteTo(w);
            return w.ToString();
        }

        /// <summary>UTF-8 bytes of <see cref="ToJson"/>, ready as an HTTP body.</summary>
        public byte[] ToJsonBytes()
        {
            var w = new JsonWriter();
            WriteTo(w);
            return w.ToUtf8Bytes();
        }

        /// <summary>transactionId: hex string of 1..16 bytes (SGP.22 TransactionId ::= OCTET STRING (SIZE(1..16))).</summary>
        public static string CheckTransactionId(string value, string member)
        {
            if (value == null) throw new JsonException(JsonError.MissingProperty, member, "required member missing");
            if (value.Length == 0 || value.Length > 32 || (value.Length & 1) != 0 || !IsHex(value))
                throw new JsonException(JsonError.InvalidValue, member, "transactionId must be 2..32 hex digits");
            return value;
        }

        private static bool IsHex(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
            }
            return true;
        }

        internal static void WriteRequestHeader(JsonWriter w, RequestHeader h)
        {
            if (h == null) return;
            w.WritePropertyName("header");
            h.WriteTo(w);
        }

        internal static void WriteOptionalBase64(JsonWriter w, string name, byte[] value)
        {
            if (value != null) w.WriteBase64(name, value);
        }

        internal static void WriteOptionalString(JsonWriter w, string name, string value)
        {
            if (value != null) w.WriteString(name, value);
        }
    }

    /// <summary>Base of responses: every SM-DP+/SM-DS response carries a header; the body members are
    /// required when the function was executed and optional otherwise (a Failed answer is header only).</summary>
    public abstract class Es9Response : Es9Message
    {
        protected Es9Response(ResponseHeader header)
        {
            Header = header != null ? header : ResponseHeader.Success();
        }

        public ResponseHeader Header { get; private set; }

        public bool IsExecuted { get { return Header.IsExecuted; } }

        internal void WriteHeader(JsonWriter w)
        {
            w.WritePropertyName("header");
            Header.WriteTo(w);
        }

        internal static ResponseHeader ReadHeader(JsonObject o)
        {
            return ResponseHeader.FromJson(o.RequireObject("header"));
        }

        internal static byte[] Bytes(JsonObject o, string name, bool required)
        {
            return required ? o.RequireBytes(name) : o.GetBytes(name);
        }

        internal static string Str(JsonObject o, string name, bool required)
        {
            return required ? o.RequireString(name) : o.GetString(name);
        }

        internal static string TxId(JsonObject o, bool required)
        {
            string t = o.GetString("transactionId");
            if (t == null && !required) return null;
            return CheckTransactionId(t, "transactionId");
        }
    }

    /// <summary>A header-only answer (any function that failed, and CancelSession).</summary>
    public sealed class Es9ErrorResponse : Es9Response
    {
        public Es9ErrorResponse(ResponseHeader header) : base(header) { }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteHeader(w);
            w.WriteEndObject();
        }

        public static Es9ErrorResponse Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static Es9ErrorResponse Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static Es9ErrorResponse FromJson(JsonObject o) { return new Es9ErrorResponse(ReadHeader(o)); }
    }
}
