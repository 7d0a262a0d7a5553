using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using IotEsim.Servers.Storage;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.Eim.Esipa;

/// <summary>
/// Indirect profile download (SGP.32 §3.2.3 / §6.3.2.1-6.3.2.4): the eIM carries the IPA's ESipa
/// download requests to the SM-DP+ as ES9+ JSON and maps the answers back field by field. Values go
/// into ESipa without their JSON-side TLV envelope (5F37 / 04 are written by the ESipa encoder
/// around the bare value; the captured onomondo-eim doubled them), and the BPP passes unchanged.
/// </summary>
public sealed class IndirectDownloadRelay(EsipaOptions options, HttpClient http, EsipaStore esipa, DeviceStore devices,
    EimPackageService packages, ILogger<IndirectDownloadRelay> log)
{
    /// <summary>SM-DP+ address per ES9+ transactionId, for this instance; the download package row keeps it for the others.</summary>
    private static readonly ConcurrentDictionary<string, string> Sessions = new(StringComparer.OrdinalIgnoreCase);

    public async Task<EsipaReply> InitiateAuthenticationAsync(InitiateAuthenticationRequestEsipa req, CancellationToken ct)
    {
        var v = req.Version;
        var body = new JsonObject
        {
            ["header"] = Header(),
            ["smdpAddress"] = req.SmdpAddress,
            ["euiccChallenge"] = Convert.ToBase64String(req.EuiccChallenge),
            ["euiccInfo1"] = Convert.ToBase64String(req.EuiccInfo1),
        };
        var (json, status) = await CallAsync(req.SmdpAddress, Es9PlusHttp.InitiateAuthentication, body, ct);
        var resp = new InitiateAuthenticationResponseEsipa();
        if (json is null)
        {
            resp.ErrorCode = status is Es9Status.Unreachable ? InitiateAuthenticationResponseEsipa.InvalidDpAddress : ErrorFor(v);
            return EsipaReply.Ok(resp, v);
        }
        if (!Executed(json, out var subject, out var reason))
        {
            resp.ErrorCode = (subject, reason) switch
            {
                ("8.8.1", "3.8") => InitiateAuthenticationResponseEsipa.InvalidDpAddress,
                ("8.8.3", "3.1") => InitiateAuthenticationResponseEsipa.EuiccVersionNotSupportedByDp,
                ("8.8.2", "3.1") => InitiateAuthenticationResponseEsipa.CiPKIdNotSupported,
                _ => ErrorFor(v),
            };
            return EsipaReply.Ok(resp, v);
        }
        var txHex = Str(json, "transactionId");
        resp.TransactionId = Hex.Decode(txHex);
        resp.ServerSigned1 = B64(json, "serverSigned1");
        resp.ServerSignature1Raw = Inner(B64(json, "serverSignature1"), RspTags.Signature);
        resp.EuiccCiPKIdRaw = Inner(B64(json, "euiccCiPKIdToBeUsed"), Tags.OctetString);
        resp.ServerCertificate = B64(json, "serverCertificate");
        Sessions[txHex] = req.SmdpAddress;
        return EsipaReply.Ok(resp, v);
    }

    public async Task<EsipaReply> AuthenticateClientAsync(AuthenticateClientRequestEsipa req, CancellationToken ct)
    {
        var v = req.Version;
        var txHex = Hex.Encode(req.TransactionId).ToUpperInvariant();
        // euiccSigned1 names the SM-DP+ (83 serverAddress) and CERT.EUICC names the EID (subject serialNumber).
        var asr = TlvReader.Parse(req.AuthenticateServerResponse);
        var ok = asr.Find(0xA0);
        var signed1 = ok?.Find(Tags.Sequence);
        string? address = signed1?.Find(0x83)?.AsUtf8() ?? (Sessions.TryGetValue(txHex, out var a) ? a : null);
        byte[]? euiccCert = null;
        if (ok != null) { var seqs = ok.ChildArray().Where(c => c.Tag == Tags.Sequence).ToArray(); if (seqs.Length >= 2) euiccCert = seqs[1].Encoded(); }
        if (address is null) return EsipaReply.Ok(new AuthenticateClientResponseEsipa { ResultKind = AuthenticateClientResponseEsipa.Error, ErrorCode = ErrorFor(v) }, v);
        var body = new JsonObject
        {
            ["header"] = Header(),
            ["transactionId"] = txHex,
            ["authenticateServerResponse"] = Convert.ToBase64String(req.AuthenticateServerResponse),
        };
        var (json, _) = await CallAsync(address, Es9PlusHttp.AuthenticateClient, body, ct);
        if (json is null || !Executed(json, out var subject, out var reason))
        {
            int code = ErrorFor(v);
            return EsipaReply.Ok(new AuthenticateClientResponseEsipa { ResultKind = AuthenticateClientResponseEsipa.Error, ErrorCode = code }, v);
        }
        await RememberDeviceAsync(euiccCert, txHex, address, ct);
        var resp = new AuthenticateClientResponseEsipa
        {
            ResultKind = AuthenticateClientResponseEsipa.OkDp,
            TransactionId = Hex.Decode(Str(json, "transactionId")),
            ProfileMetadata = json["profileMetadata"] is null ? null : B64(json, "profileMetadata"),
            SmdpSigned2 = B64(json, "smdpSigned2"),
            SmdpSignature2Raw = Inner(B64(json, "smdpSignature2"), RspTags.Signature),
            SmdpCertificate = B64(json, "smdpCertificate"),
        };
        return EsipaReply.Ok(resp, v);
    }

    public async Task<EsipaReply> GetBoundProfilePackageAsync(GetBoundProfilePackageRequestEsipa req, CancellationToken ct)
    {
        var v = req.Version;
        var txHex = Hex.Encode(req.TransactionId).ToUpperInvariant();
        var address = await AddressOfAsync(txHex, ct);
        if (address is null) return EsipaReply.Ok(new GetBoundProfilePackageResponseEsipa { ErrorCode = GetBoundProfilePackageResponseEsipa.InvalidTransactionId }, v);
        var body = new JsonObject
        {
            ["header"] = Header(),
            ["transactionId"] = txHex,
            ["prepareDownloadResponse"] = Convert.ToBase64String(req.PrepareDownloadResponse),
        };
        var (json, _) = await CallAsync(address, Es9PlusHttp.GetBoundProfilePackage, body, ct);
        string? subject = null, reason = null;
        if (json is null || !Executed(json, out subject, out reason))
        {
            int code = (subject, reason) switch
            {
                ("8.1", "6.1") => GetBoundProfilePackageResponseEsipa.EuiccSignatureInvalid,
                ("8.2.7", "2.2") => GetBoundProfilePackageResponseEsipa.ConfirmationCodeMissing,
                ("8.2.7", "3.8") => GetBoundProfilePackageResponseEsipa.ConfirmationCodeRefused,
                ("8.2.7", "6.4") => GetBoundProfilePackageResponseEsipa.ConfirmationCodeRetriesExceeded,
                ("8.8.5", "4.10") or ("8.8.5", "4.1") => GetBoundProfilePackageResponseEsipa.DownloadOrderExpired,
                ("8.10.1", "3.9") => GetBoundProfilePackageResponseEsipa.InvalidTransactionId,
                _ => ErrorFor(v),
            };
            return EsipaReply.Ok(new GetBoundProfilePackageResponseEsipa { ErrorCode = code }, v);
        }
        return EsipaReply.Ok(new GetBoundProfilePackageResponseEsipa
        {
            TransactionId = Hex.Decode(Str(json, "transactionId")),
            BoundProfilePackage = B64(json, "boundProfilePackage"),
        }, v);
    }

    public async Task<EsipaReply> CancelSessionAsync(CancelSessionRequestEsipa req, CancellationToken ct)
    {
        var v = req.Version;
        var txHex = Hex.Encode(req.TransactionId).ToUpperInvariant();
        var address = await AddressOfAsync(txHex, ct);
        if (address is null) return EsipaReply.Ok(new CancelSessionResponseEsipa { ErrorCode = CancelSessionResponseEsipa.InvalidTransactionId }, v);
        var body = new JsonObject
        {
            ["header"] = Header(),
            ["transactionId"] = txHex,
            ["cancelSessionResponse"] = Convert.ToBase64String(req.CancelSessionResponse),
        };
        var (json, _) = await CallAsync(address, Es9PlusHttp.CancelSession, body, ct);
        string? subject = null, reason = null;
        if (json is null || !Executed(json, out subject, out reason))
            return EsipaReply.Ok(new CancelSessionResponseEsipa
            {
                ErrorCode = subject == "8.1" && reason == "6.1" ? CancelSessionResponseEsipa.EuiccSignatureInvalid
                    : subject == "8.10.1" ? CancelSessionResponseEsipa.InvalidTransactionId : CancelSessionResponseEsipa.UndefinedError,
            }, v);
        if (await esipa.FindOpenBySmdpTransactionAsync(txHex, ct) is { } pkg)
            await packages.CompleteDownloadAsync(pkg.Eid, pkg, Array.Empty<byte>(), ct);
        return EsipaReply.Ok(new CancelSessionResponseEsipa(), v);
    }

    /// <summary>HandleNotificationEsipa: store it, update the device, and pass it on to the SM-DP+ that asked for it.</summary>
    public async Task ForwardNotificationAsync(byte[] notification, CancellationToken ct)
    {
        var t = TlvReader.Parse(notification);
        string? eid = null;
        byte[]? smdpTx = t.Tag == RspTags.ProfileInstallationResult ? EimPackageService.PirTransactionId(notification) : null;
        SentPackage? pkg = smdpTx is null ? null : await esipa.FindOpenBySmdpTransactionAsync(Hex.Encode(smdpTx).ToUpperInvariant(), ct);
        if (pkg != null)
        {
            eid = pkg.Eid;
            await packages.ApplyNotificationAsync(eid, notification, ct);
            await packages.CompleteDownloadAsync(eid, pkg, notification, ct);
        }
        string? address = Find(t, RspTags.NotificationMetadata)?.Find(0x0C)?.AsUtf8();
        if (address is null) return;
        var body = new JsonObject { ["header"] = Header(), ["pendingNotification"] = Convert.ToBase64String(notification) };
        var (_, status) = await CallAsync(address, Es9PlusHttp.HandleNotification, body, ct);
        if (status != Es9Status.Ok) log.LogWarning("handleNotification to {Address} failed ({Status})", address, status);
    }

    private static Tlv? Find(Tlv t, int tag)
    {
        if (t.Tag == tag) return t;
        if (!t.IsConstructed) return null;
        foreach (var c in t.ChildArray()) if (Find(c, tag) is { } f) return f;
        return null;
    }

    /// <summary>After a successful AuthenticateClient: the eUICC certificate (for EPR signatures) and the session belong to the EID it names.</summary>
    private async Task RememberDeviceAsync(byte[]? euiccCert, string txHex, string address, CancellationToken ct)
    {
        if (euiccCert is null) return;
        string? eid;
        try { eid = X509Certificate.Parse(euiccCert).Subject.SerialNumber; }
        catch (Exception) { return; }
        if (eid is null || await devices.GetAsync(eid, ct) is null) return;
        await packages.RecordEuiccCertificateAsync(eid, euiccCert, ct);
        if (await esipa.FindOpenAsync(eid, EimPackageService.KindDownload, ct) is { } pkg)
        {
            var p = (JsonObject)pkg.Payload.DeepClone();
            p["smdpTransactionId"] = txHex;
            p["smdpAddress"] = address;
            await esipa.UpdatePayloadAsync(pkg, p, ct);
        }
    }

    private async Task<string?> AddressOfAsync(string txHex, CancellationToken ct)
    {
        if (Sessions.TryGetValue(txHex, out var a)) return a;
        return (await esipa.FindOpenBySmdpTransactionAsync(txHex, ct))?.Payload["smdpAddress"]?.GetValue<string>();
    }

    private enum Es9Status { Ok, HttpError, Unreachable, BadBody }

    private async Task<(JsonObject? Json, Es9Status Status)> CallAsync(string smdpAddress, string function, JsonObject body, CancellationToken ct)
    {
        var baseUri = options.Es9BaseAddressOverride ?? new Uri(options.Es9Scheme + "://" + smdpAddress);
        var uri = new Uri(baseUri, Es9PlusHttp.PathPrefix + function);
        using var msg = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        msg.Headers.TryAddWithoutValidation("User-Agent", "gsma-rsp-eim");
        msg.Headers.TryAddWithoutValidation("X-Admin-Protocol", "gsma/rsp/v2.2.2");
        try
        {
            using var resp = await http.SendAsync(msg, ct);
            if (resp.StatusCode == System.Net.HttpStatusCode.NoContent) return (null, Es9Status.Ok);
            if (!resp.IsSuccessStatusCode) { log.LogWarning("ES9+ {Function} at {Uri}: HTTP {Status}", function, uri, (int)resp.StatusCode); return (null, Es9Status.HttpError); }
            var text = await resp.Content.ReadAsStringAsync(ct);
            if (text.Length == 0) return (null, Es9Status.Ok);
            return (JsonNode.Parse(text) as JsonObject, Es9Status.Ok);
        }
        catch (HttpRequestException e) { log.LogWarning("ES9+ {Function} at {Uri}: {Error}", function, uri, e.Message); return (null, Es9Status.Unreachable); }
        catch (JsonException e) { log.LogWarning("ES9+ {Function}: bad JSON: {Error}", function, e.Message); return (null, Es9Status.BadBody); }
    }

    private JsonObject Header() => new()
    {
        ["functionRequesterIdentifier"] = options.EimId,
        ["functionCallIdentifier"] = Guid.NewGuid().ToString("N"),
    };

    private static bool Executed(JsonObject json, out string? subject, out string? reason)
    {
        var st = json["header"]?["functionExecutionStatus"];
        var status = st?["status"]?.GetValue<string>();
        subject = st?["statusCodeData"]?["subjectCode"]?.GetValue<string>();
        reason = st?["statusCodeData"]?["reasonCode"]?.GetValue<string>();
        return status is "Executed-Success" or "Executed-WithWarning";
    }

    /// <summary>undefinedError(127) exists only in v1.2.</summary>
    private static int ErrorFor(Sgp32Version v) => 127;

    private static string Str(JsonObject o, string name) => o[name]?.GetValue<string>() ?? throw new JsonException(name + " missing");
    private static byte[] B64(JsonObject o, string name) => Convert.FromBase64String(Str(o, name));

    /// <summary>ES9+ JSON carries these as whole TLVs (5F37 40 .., 04 14 ..); ESipa wants the value, the encoder adds the tag.</summary>
    private static byte[] Inner(byte[] tlv, int tag) => EsipaEnvelope.Strip(tlv, tag);
}
