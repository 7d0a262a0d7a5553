using System;
using System.IO;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Ipa.Esipa
{
    /// <summary>
    /// ESipa client, ASN.1 binding (SGP.32 §6.1/§6.3; digest 9.7): every function is a POST of one DER
    /// EsipaMessageFromIpaToEim to /gsma/rsp2/asn1 with Content-Type application/x-gsma-rsp-asn1,
    /// X-Admin-Protocol gsma/rsp/v2.1.0 and User-Agent gsma-rsp-ipad; the answer is one DER
    /// EsipaMessageFromEimToIpa (or an empty body for HandleNotification). Messages are encoded in
    /// <see cref="Version"/> (v1.2 by default); answers are accepted in v1.0 and v1.2.
    /// </summary>
    public sealed class EsipaClient
    {
        public const int MaxResponseLength = 65536;

        private readonly IHttpTransport _http;

        public EsipaClient(IHttpTransport http, string eimAddress, string scheme)
        {
            if (http == null) throw new ArgumentNullException("http");
            _http = http;
            EimAddress = eimAddress;
            Scheme = scheme;
        }

        /// <summary>eimFqdn (host[:port]) from the eIM configuration, or a full URL base.</summary>
        public string EimAddress;
        public string Scheme;
        public Sgp32Version Version = Sgp32Version.V1_2;
        /// <summary>gsma-rsp-ipad, or gsma-rsp-ipae for an IPA inside the eUICC.</summary>
        public string UserAgent = EsipaHttp.UserAgentIpad;

        /// <summary>The last GetEimPackage answer's package exactly as received (BF51/BF52/BF54 TLV);
        /// an EuiccPackageRequest must reach the eUICC byte for byte, since eimSignature covers it.</summary>
        public byte[] LastPackageBytes;

        public GetEimPackageResponse GetEimPackage(byte[] eid, int stateChangeCause)
        {
            var req = new GetEimPackageRequest();
            req.Eid = eid;
            if (stateChangeCause >= 0) { req.NotifyStateChange = true; req.StateChangeCause = stateChangeCause; }
            byte[] body = Exchange("GetEimPackage", req.Encode(Version), true);
            var resp = (GetEimPackageResponse)Decode("GetEimPackage", body, EsipaKind.GetEimPackageResponse);
            LastPackageBytes = null;
            try
            {
                var t = TlvReader.Parse(body);
                var c = t.Children();
                if (c.HasMore) LastPackageBytes = c.Read().Encoded();
            }
            catch (DerException) { }
            return resp;
        }

        public InitiateAuthenticationResponseEsipa InitiateAuthentication(byte[] euiccChallenge, string smdpAddress, byte[] euiccInfo1, byte[] eimTransactionId)
        {
            var req = new InitiateAuthenticationRequestEsipa();
            req.EuiccChallenge = euiccChallenge;
            req.SmdpAddress = smdpAddress;
            req.EuiccInfo1 = euiccInfo1;
            req.EimTransactionId = eimTransactionId;
            var resp = (InitiateAuthenticationResponseEsipa)Decode("InitiateAuthentication", Exchange("InitiateAuthentication", req.Encode(Version), true), EsipaKind.InitiateAuthenticationResponse);
            if (!resp.IsOk) throw new EsipaException("InitiateAuthentication", RemoteErrorKind.FunctionFailed, resp.ErrorCode, 200, "refused by the eIM/SM-DP+ (error " + resp.ErrorCode.ToString() + ")", null);
            return resp;
        }

        public AuthenticateClientResponseEsipa AuthenticateClient(byte[] transactionId, byte[] authenticateServerResponse)
        {
            var req = new AuthenticateClientRequestEsipa();
            req.TransactionId = transactionId;
            req.AuthenticateServerResponse = authenticateServerResponse;
            var resp = (AuthenticateClientResponseEsipa)Decode("AuthenticateClient", Exchange("AuthenticateClient", req.Encode(Version), true), EsipaKind.AuthenticateClientResponse);
            if (resp.ResultKind == AuthenticateClientResponseEsipa.Error)
                throw new EsipaException("AuthenticateClient", RemoteErrorKind.FunctionFailed, resp.ErrorCode, 200, "refused by the eIM/SM-DP+ (error " + resp.ErrorCode.ToString() + ")", null);
            return resp;
        }

        /// <summary>
        /// ESipa.GetBoundProfilePackage, streamed: the DER answer <c>BF3A {A0 {[80 txId], BF36 ...}}</c> is
        /// read header by header and the BF36 handed to <paramref name="sink"/> while it arrives.
        /// </summary>
        public byte[] GetBoundProfilePackage(byte[] transactionId, byte[] prepareDownloadResponse, IBppSink sink)
        {
            string fn = "GetBoundProfilePackage";
            var req = new GetBoundProfilePackageRequestEsipa();
            req.TransactionId = transactionId;
            req.PrepareDownloadResponse = prepareDownloadResponse;
            using (var resp = Post(fn, req.Encode(Version)))
            {
                if (resp.StatusCode != 200) ThrowHttp(fn, resp.StatusCode);
                try
                {
                    var r = new TlvStreamReader(resp.Body);
                    r.ReadHeader(RspTags.GetBoundProfilePackageEsipa);
                    if (!r.ReadHeader()) throw new DerException(DerError.MissingElement, r.Position, "empty GetBoundProfilePackageResponse");
                    if (r.Tag == 0x81)
                    {
                        byte[] v = r.ReadValueBytes(8);
                        int code = 0;
                        for (int i = 0; i < v.Length; i++) code = (code << 8) | v[i];
                        throw new EsipaException(fn, RemoteErrorKind.FunctionFailed, code, 200, "refused by the eIM/SM-DP+ (error " + code.ToString() + ")", null);
                    }
                    if (r.Tag != 0xA0) throw new DerException(DerError.UnexpectedTag, r.Position, "expected A0 but found " + Tags.Name(r.Tag));
                    // The optional transactionId precedes the BPP; the BF36 header is left for the sink's reader.
                    int peek = resp.Body.ReadByte();
                    if (peek == 0x80)
                    {
                        int len = resp.Body.ReadByte();
                        if (len < 1 || len > 16) throw new DerException(DerError.InvalidValue, r.Position, "bad transactionId length");
                        var tx = new byte[len];
                        int got = 0;
                        while (got < len) { int n = resp.Body.Read(tx, got, len - got); if (n <= 0) throw new DerException(DerError.Truncated, r.Position, "truncated transactionId"); got += n; }
                        if (transactionId != null && IotEsim.Rsp.Util.Hex.Encode(tx) != IotEsim.Rsp.Util.Hex.Encode(transactionId))
                            throw new EsipaException(fn, RemoteErrorKind.Malformed, -1, 200, "transactionId does not match the session", null);
                        return sink.Load(resp.Body);
                    }
                    if (peek < 0) throw new DerException(DerError.Truncated, r.Position, "no boundProfilePackage");
                    return sink.Load(new PrefixedStream((byte)peek, resp.Body));
                }
                catch (DerException e)
                {
                    throw new EsipaException(fn, RemoteErrorKind.Malformed, -1, 200, "malformed response: " + e.Message, e);
                }
            }
        }

        public void CancelSession(byte[] transactionId, byte[] cancelSessionResponse)
        {
            var req = new CancelSessionRequestEsipa();
            req.TransactionId = transactionId;
            req.CancelSessionResponse = cancelSessionResponse;
            var resp = (CancelSessionResponseEsipa)Decode("CancelSession", Exchange("CancelSession", req.Encode(Version), true), EsipaKind.CancelSessionResponse);
            if (resp.ErrorCode >= 0) throw new EsipaException("CancelSession", RemoteErrorKind.FunctionFailed, resp.ErrorCode, 200, "refused (error " + resp.ErrorCode.ToString() + ")", null);
        }

        /// <summary>ESipa.HandleNotification with one pending notification TLV (BF37 / 30 ...); no answer body.</summary>
        public void HandleNotification(byte[] pendingNotification)
        {
            var req = new HandleNotificationEsipa();
            req.PendingNotification = pendingNotification;
            Exchange("HandleNotification", req.Encode(Version), false);
        }

        public ProvideEimPackageResultResponse ProvideEimPackageResult(ProvideEimPackageResult result)
        {
            byte[] body = Exchange("ProvideEimPackageResult", result.Encode(Version), true);
            var resp = (ProvideEimPackageResultResponse)Decode("ProvideEimPackageResult", body, EsipaKind.ProvideEimPackageResultResponse);
            if (resp.ErrorCode >= 0) throw new EsipaException("ProvideEimPackageResult", RemoteErrorKind.FunctionFailed, resp.ErrorCode, 200, "refused by the eIM (error " + resp.ErrorCode.ToString() + ")", null);
            return resp;
        }

        // ---- plumbing ----

        private HttpResponse Post(string function, byte[] body)
        {
            string url = HttpBody.Url(Scheme, EimAddress, EsipaHttp.Asn1Path);
            try
            {
                return _http.Post(url,
                    new string[] { "User-Agent", EsipaHttp.AdminProtocolHeader, "Content-Type" },
                    new string[] { UserAgent, EsipaHttp.AdminProtocol, EsipaHttp.Asn1ContentType }, body);
            }
            catch (HttpTransportException e)
            {
                throw new EsipaException(function, RemoteErrorKind.Transport, -1, 0, e.Message, e);
            }
        }

        private byte[] Exchange(string function, byte[] request, bool bodyExpected)
        {
            using (var resp = Post(function, request))
            {
                if (resp.StatusCode == 204 && !bodyExpected) return new byte[0];
                if (resp.StatusCode != 200) ThrowHttp(function, resp.StatusCode);
                byte[] body;
                try { body = HttpBody.ReadAll(resp.Body, MaxResponseLength); }
                catch (HttpTransportException e) { throw new EsipaException(function, RemoteErrorKind.Transport, -1, 200, e.Message, e); }
                if (bodyExpected && body.Length == 0) throw new EsipaException(function, RemoteErrorKind.Malformed, -1, 200, "empty answer", null);
                return body;
            }
        }

        private static void ThrowHttp(string function, int status)
        {
            throw new EsipaException(function, RemoteErrorKind.HttpStatus, -1, status, "HTTP " + status.ToString() + " from the eIM", null);
        }

        private EsipaMessage Decode(string function, byte[] body, int expectedKind)
        {
            EsipaMessage m;
            try
            {
                m = EsipaCodec.DecodeFromEim(body, Version);
            }
            catch (DerException e)
            {
                throw new EsipaException(function, RemoteErrorKind.Malformed, -1, 200, "malformed answer: " + e.Message, e);
            }
            if (m.Kind != expectedKind)
                throw new EsipaException(function, RemoteErrorKind.Malformed, -1, 200, "unexpected answer " + EsipaKind.Name(m.Kind), null);
            return m;
        }

        /// <summary>A stream that yields one already-read byte before the rest of the source.</summary>
        private sealed class PrefixedStream : Stream
        {
            private readonly Stream _s;
            private int _first;

            public PrefixedStream(byte first, Stream s) { _first = first; _s = s; }

            public override bool CanRead { get { return true; } }
            public override bool CanSeek { get { return false; } }
            public override bool CanWrite { get { return false; } }
            public override long Length { get { throw new NotSupportedException(); } }
            public override long Position { get { throw new NotSupportedException(); } set { throw new NotSupportedException(); } }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) { throw new NotSupportedException(); }
            public override void SetLength(long value) { throw new NotSupportedException(); }
            public override void Write(byte[] buffer, int offset, int count) { throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (count <= 0) return 0;
                if (_first >= 0) { buffer[offset] = (byte)_first; _first = -1; return 1; }
                return _s.Read(buffer, offset, count);
            }
        }
    }
}
