using System;
using System.IO;
using IotEsim.Rsp.Json;

namespace IotEsim.Rsp.Es9Plus
{
    /// <summary>ES9+.AuthenticateClient request (SGP.22 §5.6.3): {transactionId,
    /// authenticateServerResponse (BF38 TLV)}. ES11.AuthenticateClient has the same body.</summary>
    public sealed class AuthenticateClientRequest : Es9Message
    {
        public AuthenticateClientRequest(string transactionId, byte[] authenticateServerResponse)
        {
            TransactionId = CheckTransactionId(transactionId, "transactionId");
            if (authenticateServerResponse == null) throw new ArgumentNullException("authenticateServerResponse");
            AuthenticateServerResponse = authenticateServerResponse;
        }

        public RequestHeader Header { get; set; }
        public string TransactionId { get; private set; }
        public byte[] AuthenticateServerResponse { get; private set; }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteRequestHeader(w, Header);
            w.WriteString("transactionId", TransactionId);
            w.WriteBase64("authenticateServerResponse", AuthenticateServerResponse);
            w.WriteEndObject();
        }

        public static AuthenticateClientRequest Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static AuthenticateClientRequest Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }
        public static AuthenticateClientRequest Parse(Stream utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static AuthenticateClientRequest FromJson(JsonObject o)
        {
            var r = new AuthenticateClientRequest(CheckTransactionId(o.GetString("transactionId"), "transactionId"),
                o.RequireBytes("authenticateServerResponse"));
            r.Header = RequestHeader.FromJson(o.GetObject("header"));
            return r;
        }
    }

    /// <summary>ES9+.AuthenticateClient response: {transactionId, profileMetadata (BF25),
    /// smdpSigned2 (30..), smdpSignature2 (5F37 40..), smdpCertificate, header}.</summary>
    public sealed class AuthenticateClientResponse : Es9Response
    {
        public AuthenticateClientResponse(string transactionId, byte[] profileMetadata, byte[] smdpSigned2,
            byte[] smdpSignature2, byte[] smdpCertificate)
            : base(ResponseHeader.Success())
        {
            TransactionId = CheckTransactionId(transactionId, "transactionId");
            if (profileMetadata == null || smdpSigned2 == null || smdpSignature2 == null || smdpCertificate == null)
                throw new ArgumentNullException("profileMetadata");
            ProfileMetadata = profileMetadata;
            SmdpSigned2 = smdpSigned2;
            SmdpSignature2 = smdpSignature2;
            SmdpCertificate = smdpCertificate;
        }

        private AuthenticateClientResponse(ResponseHeader h) : base(h) { }

        public string TransactionId { get; private set; }
        public byte[] ProfileMetadata { get; private set; }
        public byte[] SmdpSigned2 { get; private set; }
        public byte[] SmdpSignature2 { get; private set; }
        public byte[] SmdpCertificate { get; private set; }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteOptionalString(w, "transactionId", TransactionId);
            WriteOptionalBase64(w, "profileMetadata", ProfileMetadata);
            WriteOptionalBase64(w, "smdpSigned2", SmdpSigned2);
            WriteOptionalBase64(w, "smdpSignature2", SmdpSignature2);
            WriteOptionalBase64(w, "smdpCertificate", SmdpCertificate);
            WriteHeader(w);
            w.WriteEndObject();
        }

        public static AuthenticateClientResponse Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static AuthenticateClientResponse Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }
        public static AuthenticateClientResponse Parse(Stream utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static AuthenticateClientResponse FromJson(JsonObject o)
        {
            var h = ReadHeader(o);
            bool req = h.IsExecuted;
            var r = new AuthenticateClientResponse(h);
            r.TransactionId = TxId(o, req);
            r.ProfileMetadata = Bytes(o, "profileMetadata", req);
            r.SmdpSigned2 = Bytes(o, "smdpSigned2", req);
            r.SmdpSignature2 = Bytes(o, "smdpSignature2", req);
            r.SmdpCertificate = Bytes(o, "smdpCertificate", req);
            return r;
        }
    }
}
