using System;
using System.IO;
using IotEsim.Rsp.Json;

namespace IotEsim.Rsp.Es9Plus
{
    /// <summary>ES9+.InitiateAuthentication request (SGP.22 §5.6.1, §6.5.2.6):
    /// {smdpAddress, euiccChallenge (16 raw bytes), euiccInfo1 (BF20 TLV)}.</summary>
    public sealed class InitiateAuthenticationRequest : Es9Message
    {
        public const int ChallengeLength = 16;

        public InitiateAuthenticationRequest(string smdpAddress, byte[] euiccChallenge, byte[] euiccInfo1)
        {
            if (smdpAddress == null) throw new ArgumentNullException("smdpAddress");
            if (euiccChallenge == null || euiccChallenge.Length != ChallengeLength) throw new ArgumentException("euiccChallenge must be 16 bytes");
            if (euiccInfo1 == null) throw new ArgumentNullException("euiccInfo1");
            SmdpAddress = smdpAddress;
            EuiccChallenge = euiccChallenge;
            EuiccInfo1 = euiccInfo1;
        }

        /// <summary>Optional request header (sent by an eIM acting as ES9+ client; null from an LPA).</summary>
        public RequestHeader Header { get; set; }
        public string SmdpAddress { get; private set; }
        public byte[] EuiccChallenge { get; private set; }
        public byte[] EuiccInfo1 { get; private set; }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteRequestHeader(w, Header);
            w.WriteString("smdpAddress", SmdpAddress);
            w.WriteBase64("euiccChallenge", EuiccChallenge);
            w.WriteBase64("euiccInfo1", EuiccInfo1);
            w.WriteEndObject();
        }

        public static InitiateAuthenticationRequest Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static InitiateAuthenticationRequest Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }
        public static InitiateAuthenticationRequest Parse(Stream utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static InitiateAuthenticationRequest FromJson(JsonObject o)
        {
            var challenge = o.RequireBytes("euiccChallenge");
            if (challenge.Length != ChallengeLength) throw new JsonException(JsonError.InvalidValue, "euiccChallenge", "euiccChallenge must be 16 bytes");
            var r = new InitiateAuthenticationRequest(o.RequireString("smdpAddress"), challenge, o.RequireBytes("euiccInfo1"));
            r.Header = RequestHeader.FromJson(o.GetObject("header"));
            return r;
        }
    }

    /// <summary>ES9+.InitiateAuthentication response: {transactionId, serverSigned1 (30..),
    /// serverSignature1 (5F37 40..), euiccCiPKIdToBeUsed (04 14..), serverCertificate, header}.
    /// The same body answers ES11.InitiateAuthentication.</summary>
    public sealed class InitiateAuthenticationResponse : Es9Response
    {
        public InitiateAuthenticationResponse(string transactionId, byte[] serverSigned1, byte[] serverSignature1,
            byte[] euiccCiPKIdToBeUsed, byte[] serverCertificate)
            : base(ResponseHeader.Success())
        {
            TransactionId = CheckTransactionId(transactionId, "transactionId");
            if (serverSigned1 == null || serverSignature1 == null || euiccCiPKIdToBeUsed == null || serverCertificate == null)
                throw new ArgumentNullException("serverSigned1");
            ServerSigned1 = serverSigned1;
            ServerSignature1 = serverSignature1;
            EuiccCiPKIdToBeUsed = euiccCiPKIdToBeUsed;
            ServerCertificate = serverCertificate;
        }

        private InitiateAuthenticationResponse(ResponseHeader h) : base(h) { }

        public string TransactionId { get; private set; }
        public byte[] ServerSigned1 { get; private set; }
        public byte[] ServerSignature1 { get; private set; }
        public byte[] EuiccCiPKIdToBeUsed { get; private set; }
        public byte[] ServerCertificate { get; private set; }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteOptionalBase64(w, "serverSigned1", ServerSigned1);
            WriteOptionalBase64(w, "serverSignature1", ServerSignature1);
            WriteOptionalString(w, "transactionId", TransactionId);
            WriteOptionalBase64(w, "euiccCiPKIdToBeUsed", EuiccCiPKIdToBeUsed);
            WriteOptionalBase64(w, "serverCertificate", ServerCertificate);
            WriteHeader(w);
            w.WriteEndObject();
        }

        public static InitiateAuthenticationResponse Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static InitiateAuthenticationResponse Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }
        public static InitiateAuthenticationResponse Parse(Stream utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static InitiateAuthenticationResponse FromJson(JsonObject o)
        {
            var h = ReadHeader(o);
            bool req = h.IsExecuted;
            var r = new InitiateAuthenticationResponse(h);
            r.TransactionId = TxId(o, req);
            r.ServerSigned1 = Bytes(o, "serverSigned1", req);
            r.ServerSignature1 = Bytes(o, "serverSignature1", req);
            r.EuiccCiPKIdToBeUsed = Bytes(o, "euiccCiPKIdToBeUsed", req);
            r.ServerCertificate = Bytes(o, "serverCertificate", req);
            return r;
        }
    }
}
