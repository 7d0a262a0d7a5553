using System;
using System.IO;
using IotEsim.Rsp.Json;

namespace IotEsim.Rsp.Es9Plus
{
    /// <summary>ES9+.GetBoundProfilePackage request (SGP.22 §5.6.2): {transactionId,
    /// prepareDownloadResponse (BF21 TLV)}.</summary>
    public sealed class GetBoundProfilePackageRequest : Es9Message
    {
        public GetBoundProfilePackageRequest(string transactionId, byte[] prepareDownloadResponse)
        {
            TransactionId = CheckTransactionId(transactionId, "transactionId");
            if (prepareDownloadResponse == null) throw new ArgumentNullException("prepareDownloadResponse");
            PrepareDownloadResponse = prepareDownloadResponse;
        }

        public RequestHeader Header { get; set; }
        public string TransactionId { get; private set; }
        public byte[] PrepareDownloadResponse { get; private set; }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteRequestHeader(w, Header);
            w.WriteString("transactionId", TransactionId);
            w.WriteBase64("prepareDownloadResponse", PrepareDownloadResponse);
            w.WriteEndObject();
        }

        public static GetBoundProfilePackageRequest Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static GetBoundProfilePackageRequest Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }
        public static GetBoundProfilePackageRequest Parse(Stream utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static GetBoundProfilePackageRequest FromJson(JsonObject o)
        {
            var r = new GetBoundProfilePackageRequest(CheckTransactionId(o.GetString("transactionId"), "transactionId"),
                o.RequireBytes("prepareDownloadResponse"));
            r.Header = RequestHeader.FromJson(o.GetObject("header"));
            return r;
        }
    }

    /// <summary>ES9+.GetBoundProfilePackage response held whole: {transactionId, boundProfilePackage
    /// (BF36 TLV), header}. For a device, prefer <see cref="GetBoundProfilePackageResponseReader"/>,
    /// which streams the BPP without holding it.</summary>
    public sealed class GetBoundProfilePackageResponse : Es9Response
    {
        public GetBoundProfilePackageResponse(string transactionId, byte[] boundProfilePackage)
            : base(ResponseHeader.Success())
        {
            TransactionId = CheckTransactionId(transactionId, "transactionId");
            if (boundProfilePackage == null) throw new ArgumentNullException("boundProfilePackage");
            BoundProfilePackage = boundProfilePackage;
        }

        private GetBoundProfilePackageResponse(ResponseHeader h) : base(h) { }

        public string TransactionId { get; private set; }
        public byte[] BoundProfilePackage { get; private set; }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteOptionalString(w, "transactionId", TransactionId);
            WriteOptionalBase64(w, "boundProfilePackage", BoundProfilePackage);
            WriteHeader(w);
            w.WriteEndObject();
        }

        public static GetBoundProfilePackageResponse Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static GetBoundProfilePackageResponse Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }
        public static GetBoundProfilePackageResponse Parse(Stream utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static GetBoundProfilePackageResponse FromJson(JsonObject o)
        {
            var h = ReadHeader(o);
            bool req = h.IsExecuted;
            var r = new GetBoundProfilePackageResponse(h);
            r.TransactionId = TxId(o, req);
            r.BoundProfilePackage = Bytes(o, "boundProfilePackage", req);
            return r;
        }
    }

    /// <summary>
    /// Streaming reader of a GetBoundProfilePackage response body. Members may come in any order
    /// (osmo-smdpp sends the header after the BPP), so: <see cref="MoveToBoundProfilePackage"/> reads
    /// members up to the boundProfilePackage value; the caller consumes
    /// <see cref="OpenBoundProfilePackage"/> (e.g. with TlvStreamReader, element by element to the
    /// eUICC); then <see cref="Finish"/> reads the remaining members and checks the document. Header
    /// and transactionId are available after Finish (or earlier when they precede the BPP).
    /// </summary>
    public sealed class GetBoundProfilePackageResponseReader
    {
        private readonly JsonReader _r;
        private JsonBase64Stream _bpp;
        private bool _atBpp;
        private bool _sawBpp;
        private bool _finished;
        private bool _started;
        private bool _validated;

        public GetBoundProfilePackageResponseReader(Stream body) : this(new JsonReader(body)) { }

        public GetBoundProfilePackageResponseReader(JsonReader reader)
        {
            if (reader == null) throw new ArgumentNullException("reader");
            _r = reader;
        }

        public JsonReader Reader { get { return _r; } }
        /// <summary>Null until the header member was read.</summary>
        public ResponseHeader Header { get; private set; }
        /// <summary>Null until the transactionId member was read.</summary>
        public string TransactionId { get; private set; }

        /// <summary>Reads up to the boundProfilePackage value; false when the object holds none
        /// (typically a Failed header-only answer; the document is then already finished).</summary>
        public bool MoveToBoundProfilePackage()
        {
            if (_atBpp) return true;
            if (_finished) return false;
            if (!_started)
            {
                _started = true;
                if (!_r.Read()) throw new JsonException(JsonError.Truncated, 0, "empty document");
                if (_r.TokenType != JsonTokenType.StartObject)
                    throw new JsonException(JsonError.InvalidValue, _r.TokenPosition, "top-level value is not an object");
            }
            if (ReadMembers(true)) return true;
            return false;
        }

        /// <summary>The decoded boundProfilePackage bytes as a read-only stream.</summary>
        public JsonBase64Stream OpenBoundProfilePackage()
        {
            if (!_atBpp) throw new InvalidOperationException("call MoveToBoundProfilePackage first");
            if (_bpp == null) _bpp = new JsonBase64Stream(_r);
            return _bpp;
        }

        /// <summary>Reads (skipping any unread BPP bytes) to the end of the document and checks that a
        /// header arrived and, for an executed function, a transactionId and a BPP.</summary>
        public void Finish()
        {
            if (_validated) return;
            if (!_started) MoveToBoundProfilePackage();
            if (_atBpp)
            {
                if (_bpp != null) { var sink = new byte[64]; while (_bpp.Read(sink, 0, sink.Length) > 0) { } }
                else _r.Skip();
                _atBpp = false;
                ReadMembers(false);
            }
            if (Header == null) throw new JsonException(JsonError.MissingProperty, "header", "required member missing");
            if (Header.IsExecuted)
            {
                if (TransactionId == null) throw new JsonException(JsonError.MissingProperty, "transactionId", "required member missing");
                if (!_sawBpp) throw new JsonException(JsonError.MissingProperty, "boundProfilePackage", "required member missing");
            }
            _validated = true;
        }

        /// <summary>Reads members until the BPP value (returns true, when stopAtBpp) or the end of the
        /// object (reads the rest of the document, returns false).</summary>
        private bool ReadMembers(bool stopAtBpp)
        {
            while (true)
            {
                if (!_r.Read()) throw new JsonException(JsonError.Truncated, _r.Position, "document ends inside the object");
                if (_r.TokenType == JsonTokenType.EndObject)
                {
                    _r.ReadToEnd();
                    _finished = true;
                    return false;
                }
                string name = _r.GetPropertyName();
                _r.Read();
                if (name == "boundProfilePackage")
                {
                    if (_sawBpp) throw new JsonException(JsonError.DuplicateProperty, _r.TokenPosition, "member 'boundProfilePackage' appears twice");
                    if (_r.TokenType != JsonTokenType.String) throw new JsonException(JsonError.InvalidValue, "boundProfilePackage", "member is not a string");
                    _sawBpp = true;
                    if (stopAtBpp) { _atBpp = true; return true; }
                    _r.Skip();
                }
                else if (name == "header")
                {
                    if (Header != null) throw new JsonException(JsonError.DuplicateProperty, _r.TokenPosition, "member 'header' appears twice");
                    if (_r.TokenType != JsonTokenType.StartObject) throw new JsonException(JsonError.InvalidValue, "header", "member is not an object");
                    Header = ResponseHeader.FromJson(JsonObject.ReadObjectBody(_r));
                }
                else if (name == "transactionId")
                {
                    if (TransactionId != null) throw new JsonException(JsonError.DuplicateProperty, _r.TokenPosition, "member 'transactionId' appears twice");
                    if (_r.TokenType != JsonTokenType.String) throw new JsonException(JsonError.InvalidValue, "transactionId", "member is not a string");
                    TransactionId = Es9Message.CheckTransactionId(_r.GetString(), "transactionId");
                }
                else _r.Skip();
            }
        }
    }
}
