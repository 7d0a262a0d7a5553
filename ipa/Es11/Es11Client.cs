using System;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Es11;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;

namespace IotEsim.Ipa.Es11
{
    /// <summary>
    /// ES11 client (SGP.22 §5.8): event retrieval from an SM-DS. The SGP.22 path is
    /// /gsma/rsp2/es11/&lt;function&gt;; the open-source LPAs post to /gsma/rsp2/es9plus/ instead
    /// (digest 9.1), so a 404 on the ES11 path retries on the ES9+ path and the client keeps using
    /// whichever worked for the rest of the session.
    /// </summary>
    public sealed class Es11Client
    {
        private readonly Es9PlusClient _es9;
        private bool _useFallback;

        public Es11Client(IHttpTransport http, string scheme)
        {
            _es9 = new Es9PlusClient(http, scheme);
        }

        /// <summary>True once the SM-DS answered 404 on the ES11 path and the ES9+ path is in use.</summary>
        public bool UsingFallbackPath { get { return _useFallback; } }

        public InitiateAuthenticationResponse InitiateAuthentication(string smdsAddress, byte[] euiccChallenge, byte[] euiccInfo1)
        {
            string fn = Es11Http.InitiateAuthentication;
            var req = new Es11InitiateAuthenticationRequest(smdsAddress, euiccChallenge, euiccInfo1);
            JsonObject o = Post(smdsAddress, fn, req);
            return (InitiateAuthenticationResponse)Es9PlusClient.Parse(fn, o, 1);
        }

        public Es11AuthenticateClientResponse AuthenticateClient(string smdsAddress, string transactionId, byte[] authenticateServerResponse)
        {
            string fn = Es11Http.AuthenticateClient;
            var req = new AuthenticateClientRequest(transactionId, authenticateServerResponse);
            JsonObject o = Post(smdsAddress, fn, req);
            return (Es11AuthenticateClientResponse)Es9PlusClient.Parse(fn, o, 3);
        }

        private JsonObject Post(string address, string function, Es9Message req)
        {
            if (!_useFallback)
            {
                SetAddressMember(req, Es11InitiateAuthenticationRequest.SmdsAddressMember);
                using (var resp = _es9.PostUrl(function, HttpBody.Url(_es9.Scheme, address, Es11Http.Path(function)), req.ToJsonBytes()))
                {
                    if (resp.StatusCode != 404) return Es9PlusClient.ReadJson(function, resp);
                }
                _useFallback = true;
            }
            // The ES9+ path is what lpac uses against live SM-DS; it names the address member smdpAddress.
            SetAddressMember(req, Es11InitiateAuthenticationRequest.SmdpAddressMember);
            using (var resp = _es9.PostUrl(function, HttpBody.Url(_es9.Scheme, address, Es11Http.FallbackPath(function)), req.ToJsonBytes()))
            {
                return Es9PlusClient.ReadJson(function, resp);
            }
        }

        private static void SetAddressMember(Es9Message req, string member)
        {
            var ia = req as Es11InitiateAuthenticationRequest;
            if (ia != null) ia.AddressMember = member;
        }
    }
}
