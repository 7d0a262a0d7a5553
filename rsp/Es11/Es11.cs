using System;
using System.IO;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;

namespace IotEsim.Rsp.Es11
{
    /// <summary>
    /// ES11 (LPA/IPA to SM-DS) HTTP binding. The spec path is <c>/gsma/rsp2/es11/&lt;function&gt;</c>,
    /// but lpac and euicc-go post ES11 to the es9plus paths of live SM-DS (digest 9.1, docs/decisions.md):
    /// clients try <see cref="Path"/> first and fall back to <see cref="FallbackPath"/> on 404; a
    /// server serves both. Headers and content type as ES9+ (<see cref="Es9PlusHttp"/>).
    /// </summary>
    public static class Es11Http
    {
        public const string PathPrefix = "/gsma/rsp2/es11/";
        public const string FallbackPathPrefix = Es9PlusHttp.PathPrefix;

        public const string InitiateAuthentication = "initiateAuthentication";
        public const string AuthenticateClient = "authenticateClient";

        /// <summary>Default SM-DS (GSMA root discovery server) used by lpac.</summary>
        public const string DefaultSmdsAddress = "lpa.ds.gsma.com";

        public static string Path(string function) { return PathPrefix + function; }
        public static string FallbackPath(string function) { return FallbackPathPrefix + function; }

        /// <summary>Paths in the order a client tries them.</summary>
        public static string[] Paths(string function) { return new string[] { Path(function), FallbackPath(function) }; }

        /// <summary>True when a request path names an ES11 function under either prefix; the function name goes to <paramref name="function"/>.</summary>
        public static bool MatchPath(string path, out string function)
        {
            function = null;
            if (path == null) return false;
            string rest;
            if (path.StartsWith(PathPrefix)) rest = path.Substring(PathPrefix.Length);
            else if (path.StartsWith(FallbackPathPrefix)) rest = path.Substring(FallbackPathPrefix.Length);
            else return false;
            if (rest == InitiateAuthentication || rest == AuthenticateClient) { function = rest; return true; }
            return false;
        }
    }

    /// <summary>ES11.InitiateAuthentication request: {smdsAddress | smdpAddress, euiccChallenge,
    /// euiccInfo1}. lpac and euicc-go send <c>smdpAddress</c> (they reuse the ES9+ body); a vendor LPA
    /// SDK sends <c>smdsAddress</c>. Parsing accepts either; writing uses <see cref="AddressMember"/>.</summary>
    public sealed class Es11InitiateAuthenticationRequest : Es9Message
    {
        public const string SmdsAddressMember = "smdsAddress";
        public const string SmdpAddressMember = "smdpAddress";

        public Es11InitiateAuthenticationRequest(string smdsAddress, byte[] euiccChallenge, byte[] euiccInfo1)
        {
            if (smdsAddress == null) throw new ArgumentNullException("smdsAddress");
            if (euiccChallenge == null || euiccChallenge.Length != InitiateAuthenticationRequest.ChallengeLength)
                throw new ArgumentException("euiccChallenge must be 16 bytes");
            if (euiccInfo1 == null) throw new ArgumentNullException("euiccInfo1");
            SmdsAddress = smdsAddress;
            EuiccChallenge = euiccChallenge;
            EuiccInfo1 = euiccInfo1;
            AddressMember = SmdpAddressMember;
        }

        public RequestHeader Header { get; set; }
        public string SmdsAddress { get; private set; }
        public byte[] EuiccChallenge { get; private set; }
        public byte[] EuiccInfo1 { get; private set; }
        /// <summary>Member name the address is written under (default smdpAddress, what live SM-DS get from lpac).</summary>
        public string AddressMember { get; set; }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteRequestHeader(w, Header);
            w.WriteString(AddressMember == SmdsAddressMember ? SmdsAddressMember : SmdpAddressMember, SmdsAddress);
            w.WriteBase64("euiccChallenge", EuiccChallenge);
            w.WriteBase64("euiccInfo1", EuiccInfo1);
            w.WriteEndObject();
        }

        public static Es11InitiateAuthenticationRequest Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static Es11InitiateAuthenticationRequest Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }
        public static Es11InitiateAuthenticationRequest Parse(Stream utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static Es11InitiateAuthenticationRequest FromJson(JsonObject o)
        {
            string member = SmdsAddressMember;
            string addr = o.GetString(SmdsAddressMember);
            string other = o.GetString(SmdpAddressMember);
            if (addr != null && other != null && addr != other)
                throw new JsonException(JsonError.InvalidValue, SmdsAddressMember, "smdsAddress and smdpAddress differ");
            if (addr == null) { addr = other; member = SmdpAddressMember; }
            if (addr == null) throw new JsonException(JsonError.MissingProperty, SmdsAddressMember, "required member missing (smdsAddress or smdpAddress)");
            var challenge = o.RequireBytes("euiccChallenge");
            if (challenge.Length != InitiateAuthenticationRequest.ChallengeLength)
                throw new JsonException(JsonError.InvalidValue, "euiccChallenge", "euiccChallenge must be 16 bytes");
            var r = new Es11InitiateAuthenticationRequest(addr, challenge, o.RequireBytes("euiccInfo1"));
            r.AddressMember = member;
            r.Header = RequestHeader.FromJson(o.GetObject("header"));
            return r;
        }
    }

    /// <summary>One SM-DS event: {eventId, rspServerAddress} (EventEntries, BF40 in ASN.1).</summary>
    public sealed class Es11EventEntry
    {
        public Es11EventEntry(string eventId, string rspServerAddress)
        {
            if (eventId == null) throw new ArgumentNullException("eventId");
            if (rspServerAddress == null) throw new ArgumentNullException("rspServerAddress");
            EventId = eventId;
            RspServerAddress = rspServerAddress;
        }

        public string EventId { get; private set; }
        public string RspServerAddress { get; private set; }
    }

    /// <summary>ES11.AuthenticateClient response: {transactionId, eventEntries [{eventId,
    /// rspServerAddress}], header}. The request is the ES9+ <see cref="AuthenticateClientRequest"/>
    /// and the InitiateAuthentication response the ES9+ <see cref="InitiateAuthenticationResponse"/>.</summary>
    public sealed class Es11AuthenticateClientResponse : Es9Response
    {
        private readonly Es11EventEntry[] _events;

        public Es11AuthenticateClientResponse(string transactionId, Es11EventEntry[] eventEntries)
            : base(ResponseHeader.Success())
        {
            TransactionId = CheckTransactionId(transactionId, "transactionId");
            _events = eventEntries != null ? eventEntries : new Es11EventEntry[0];
        }

        private Es11AuthenticateClientResponse(ResponseHeader h, string transactionId, Es11EventEntry[] events) : base(h)
        {
            TransactionId = transactionId;
            _events = events;
        }

        public string TransactionId { get; private set; }
        /// <summary>Events (possibly none); empty for a failed answer.</summary>
        public Es11EventEntry[] EventEntries { get { return _events; } }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteOptionalString(w, "transactionId", TransactionId);
            if (IsExecuted)
            {
                w.WritePropertyName("eventEntries");
                w.WriteStartArray();
                for (int i = 0; i < _events.Length; i++)
                {
                    w.WriteStartObject();
                    w.WriteString("eventId", _events[i].EventId);
                    w.WriteString("rspServerAddress", _events[i].RspServerAddress);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            WriteHeader(w);
            w.WriteEndObject();
        }

        public static Es11AuthenticateClientResponse Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static Es11AuthenticateClientResponse Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }
        public static Es11AuthenticateClientResponse Parse(Stream utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static Es11AuthenticateClientResponse FromJson(JsonObject o)
        {
            var h = ReadHeader(o);
            bool req = h.IsExecuted;
            string tx = TxId(o, req);
            var arr = o.GetArray("eventEntries");
            Es11EventEntry[] events;
            if (arr == null)
            {
                // An SM-DS with no pending event may omit the list: treat as empty.
                events = new Es11EventEntry[0];
            }
            else
            {
                events = new Es11EventEntry[arr.Count];
                for (int i = 0; i < arr.Count; i++)
                {
                    var e = arr.GetObject(i);
                    events[i] = new Es11EventEntry(e.RequireString("eventId"), e.RequireString("rspServerAddress"));
                }
            }
            return new Es11AuthenticateClientResponse(h, tx, events);
        }
    }
}
