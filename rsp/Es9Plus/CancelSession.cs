using System;
using System.IO;
using IotEsim.Rsp.Json;

namespace IotEsim.Rsp.Es9Plus
{
    /// <summary>ES9+.CancelSession request (SGP.22 §5.6.5): {transactionId, cancelSessionResponse
    /// (BF41 TLV from ES10b.CancelSession)}.</summary>
    public sealed class CancelSessionRequest : Es9Message
    {
        public CancelSessionRequest(string transactionId, byte[] cancelSessionResponse)
        {
            TransactionId = CheckTransactionId(transactionId, "transactionId");
            if (cancelSessionResponse == null) throw new ArgumentNullException("cancelSessionResponse");
            CancelSessionResponse = cancelSessionResponse;
        }

        public RequestHeader Header { get; set; }
        public string TransactionId { get; private set; }
        public byte[] CancelSessionResponse { get; private set; }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteRequestHeader(w, Header);
            w.WriteString("transactionId", TransactionId);
            w.WriteBase64("cancelSessionResponse", CancelSessionResponse);
            w.WriteEndObject();
        }

        public static CancelSessionRequest Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static CancelSessionRequest Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }
        public static CancelSessionRequest Parse(Stream utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static CancelSessionRequest FromJson(JsonObject o)
        {
            var r = new CancelSessionRequest(CheckTransactionId(o.GetString("transactionId"), "transactionId"),
                o.RequireBytes("cancelSessionResponse"));
            r.Header = RequestHeader.FromJson(o.GetObject("header"));
            return r;
        }
    }

    /// <summary>ES9+.CancelSession response: the header (osmo-smdpp also echoes transactionId).</summary>
    public sealed class CancelSessionResponse : Es9Response
    {
        public CancelSessionResponse(ResponseHeader header, string transactionId) : base(header)
        {
            TransactionId = transactionId == null ? null : CheckTransactionId(transactionId, "transactionId");
        }

        /// <summary>Optional echo of the session's transactionId.</summary>
        public string TransactionId { get; private set; }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteOptionalString(w, "transactionId", TransactionId);
            WriteHeader(w);
            w.WriteEndObject();
        }

        public static CancelSessionResponse Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static CancelSessionResponse Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static CancelSessionResponse FromJson(JsonObject o)
        {
            return new CancelSessionResponse(ReadHeader(o), TxId(o, false));
        }
    }
}
