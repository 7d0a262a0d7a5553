using System;
using System.IO;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;

namespace IotEsim.Ipa.Es9Plus
{
    /// <summary>
    /// ES9+ client (SGP.22 §5.6, JSON binding §6.5): the LPA/IPA side of a download towards an SM-DP+.
    /// Sends the headers lpac sends (User-Agent gsma-rsp-lpad, X-Admin-Protocol gsma/rsp/v2.2.2,
    /// Content-Type application/json) and maps every failure to an <see cref="Es9PlusException"/>.
    /// getBoundProfilePackage is streamed: HTTP body → JSON reader → base64 decoder → eUICC.
    /// </summary>
    public sealed class Es9PlusClient
    {
        /// <summary>Largest non-BPP response accepted (certificates + signatures fit in a few KB).</summary>
        public const int MaxResponseLength = 65536;

        private readonly IHttpTransport _http;

        public Es9PlusClient(IHttpTransport http) : this(http, "https") { }

        public Es9PlusClient(IHttpTransport http, string scheme)
        {
            if (http == null) throw new ArgumentNullException("http");
            _http = http;
            Scheme = scheme;
        }

        /// <summary>"https" (default) or "http" for a lab SM-DP+ without TLS.</summary>
        public string Scheme;

        public InitiateAuthenticationResponse InitiateAuthentication(string smdpAddress, byte[] euiccChallenge, byte[] euiccInfo1)
        {
            var req = new InitiateAuthenticationRequest(smdpAddress, euiccChallenge, euiccInfo1);
            var o = PostJson(smdpAddress, Es9PlusHttp.InitiateAuthentication, req.ToJsonBytes());
            var resp = (InitiateAuthenticationResponse)Parse(Es9PlusHttp.InitiateAuthentication, o, 1);
            return resp;
        }

        public AuthenticateClientResponse AuthenticateClient(string smdpAddress, string transactionId, byte[] authenticateServerResponse)
        {
            var req = new AuthenticateClientRequest(transactionId, authenticateServerResponse);
            var o = PostJson(smdpAddress, Es9PlusHttp.AuthenticateClient, req.ToJsonBytes());
            return (AuthenticateClientResponse)Parse(Es9PlusHttp.AuthenticateClient, o, 2);
        }

        /// <summary>
        /// ES9+.GetBoundProfilePackage, streamed into <paramref name="sink"/>; returns what the sink returned
        /// (the BF37 ProfileInstallationResult). A Failed answer throws before anything reaches the sink.
        /// A body that breaks while the sink reads it (bad base64, truncation) throws Es9PlusException
        /// (Malformed) with the parse error inside; the caller then cancels the session.
        /// </summary>
        public byte[] GetBoundProfilePackage(string smdpAddress, string transactionId, byte[] prepareDownloadResponse, IBppSink sink)
        {
            string fn = Es9PlusHttp.GetBoundProfilePackage;
            var req = new GetBoundProfilePackageRequest(transactionId, prepareDownloadResponse);
            using (var resp = Post(smdpAddress, fn, req.ToJsonBytes()))
            {
                CheckJsonStatus(fn, resp);
                var reader = new GetBoundProfilePackageResponseReader(resp.Body);
                byte[] result = null;
                bool sinkRan = false;
                try
                {
                    if (reader.MoveToBoundProfilePackage())
                    {
                        // A header that precedes the BPP and says Failed stops us before the eUICC sees anything.
                        if (reader.Header != null && !reader.Header.IsExecuted) ThrowFailed(fn, reader.Header);
                        sinkRan = true;
                        result = sink.Load(reader.OpenBoundProfilePackage());
                    }
                    reader.Finish();
                }
                catch (JsonException e)
                {
                    throw new Es9PlusException(fn, RemoteErrorKind.Malformed, null, null, resp.StatusCode, "malformed response: " + e.Message, e);
                }
                catch (DerException e)
                {
                    throw new Es9PlusException(fn, RemoteErrorKind.Malformed, null, null, resp.StatusCode, "malformed boundProfilePackage: " + e.Message, e);
                }
                catch (Base64Exception e)
                {
                    throw new Es9PlusException(fn, RemoteErrorKind.Malformed, null, null, resp.StatusCode, "boundProfilePackage is not valid base64: " + e.Message, e);
                }
                if (!reader.Header.IsExecuted) ThrowFailed(fn, reader.Header);
                if (transactionId != null && reader.TransactionId != null && reader.TransactionId.ToUpper() != transactionId.ToUpper())
                    throw new Es9PlusException(fn, RemoteErrorKind.Malformed, null, null, resp.StatusCode, "transactionId " + reader.TransactionId + " does not match the session", null);
                if (!sinkRan) throw new Es9PlusException(fn, RemoteErrorKind.Malformed, null, null, resp.StatusCode, "no boundProfilePackage", null);
                return result;
            }
        }

        /// <summary>ES9+.HandleNotification: the server answers 204 (200 accepted too) with no body.</summary>
        public void HandleNotification(string notificationAddress, byte[] pendingNotification)
        {
            string fn = Es9PlusHttp.HandleNotification;
            var req = new HandleNotificationRequest(pendingNotification);
            using (var resp = Post(notificationAddress, fn, req.ToJsonBytes()))
            {
                if (resp.StatusCode == 204 || resp.StatusCode == 200)
                {
                    // Some servers answer 200 with a header; a Failed header still counts as refused.
                    byte[] body = HttpBody.ReadAll(resp.Body, MaxResponseLength);
                    if (resp.StatusCode == 200 && body.Length > 0)
                    {
                        JsonObject o = ParseBody(fn, resp.StatusCode, body);
                        var h = o.GetObject("header");
                        if (h != null)
                        {
                            ResponseHeader header = ParseHeader(fn, o);
                            if (!header.IsExecuted) ThrowFailed(fn, header);
                        }
                    }
                    return;
                }
                ThrowHttp(fn, resp);
            }
        }

        /// <summary>ES9+.CancelSession with the eUICC's signed BF41 response.</summary>
        public void CancelSession(string smdpAddress, string transactionId, byte[] cancelSessionResponse)
        {
            var req = new CancelSessionRequest(transactionId, cancelSessionResponse);
            var o = PostJson(smdpAddress, Es9PlusHttp.CancelSession, req.ToJsonBytes());
            Parse(Es9PlusHttp.CancelSession, o, 5);
        }

        // ---- plumbing ----

        internal HttpResponse Post(string address, string function, byte[] body)
        {
            string url = HttpBody.Url(Scheme, address, Es9PlusHttp.Path(function));
            return PostUrl(function, url, body);
        }

        internal HttpResponse PostUrl(string function, string url, byte[] body)
        {
            try
            {
                return _http.Post(url, Es9PlusHttp.RequestHeaderNames(), Es9PlusHttp.RequestHeaderValues(), body);
            }
            catch (HttpTransportException e)
            {
                throw new Es9PlusException(function, RemoteErrorKind.Transport, null, null, 0, e.Message, e);
            }
        }

        private JsonObject PostJson(string address, string function, byte[] body)
        {
            using (var resp = Post(address, function, body))
            {
                return ReadJson(function, resp);
            }
        }

        internal static JsonObject ReadJson(string function, HttpResponse resp)
        {
            CheckJsonStatus(function, resp);
            byte[] data;
            try { data = HttpBody.ReadAll(resp.Body, MaxResponseLength); }
            catch (HttpTransportException e) { throw new Es9PlusException(function, RemoteErrorKind.Transport, null, null, resp.StatusCode, e.Message, e); }
            return ParseBody(function, resp.StatusCode, data);
        }

        private static JsonObject ParseBody(string function, int status, byte[] data)
        {
            try
            {
                return JsonObject.Parse(data);
            }
            catch (JsonException e)
            {
                throw new Es9PlusException(function, RemoteErrorKind.Malformed, null, null, status, "malformed JSON: " + e.Message, e);
            }
        }

        internal static void CheckJsonStatus(string function, HttpResponse resp)
        {
            if (resp.StatusCode != 200) ThrowHttp(function, resp);
        }

        internal static void ThrowHttp(string function, HttpResponse resp)
        {
            throw new Es9PlusException(function, RemoteErrorKind.HttpStatus, null, null, resp.StatusCode,
                "HTTP " + resp.StatusCode.ToString() + " from the server", null);
        }

        internal static ResponseHeader ParseHeader(string function, JsonObject o)
        {
            try
            {
                var h = o.GetObject("header");
                if (h == null) throw new JsonException(JsonError.MissingProperty, "header", "required member missing");
                return ResponseHeader.FromJson(h);
            }
            catch (JsonException e)
            {
                throw new Es9PlusException(function, RemoteErrorKind.Malformed, null, null, 200, "malformed response header: " + e.Message, e);
            }
        }

        internal static void ThrowFailed(string function, ResponseHeader h)
        {
            var s = h.StatusCodeData;
            throw new Es9PlusException(function, RemoteErrorKind.FunctionFailed, s == null ? null : s.SubjectCode, s == null ? null : s.ReasonCode, 200,
                h.Describe(), null);
        }

        /// <summary>Checks the header first (a Failed answer has no body members), then decodes the body.</summary>
        internal static Es9Response Parse(string function, JsonObject o, int which)
        {
            var h = ParseHeader(function, o);
            if (!h.IsExecuted) ThrowFailed(function, h);
            try
            {
                switch (which)
                {
                    case 1: return InitiateAuthenticationResponse.FromJson(o);
                    case 2: return AuthenticateClientResponse.FromJson(o);
                    case 3: return IotEsim.Rsp.Es11.Es11AuthenticateClientResponse.FromJson(o);
                    default: return Es9ErrorResponse.FromJson(o);
                }
            }
            catch (JsonException e)
            {
                throw new Es9PlusException(function, RemoteErrorKind.Malformed, null, null, 200, "malformed response: " + e.Message, e);
            }
            catch (Base64Exception e)
            {
                throw new Es9PlusException(function, RemoteErrorKind.Malformed, null, null, 200, "invalid base64 in response: " + e.Message, e);
            }
        }
    }
}
