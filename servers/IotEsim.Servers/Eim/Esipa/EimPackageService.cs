using System.Text.Json;
using System.Text.Json.Nodes;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using IotEsim.Servers.Storage;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.Eim.Esipa;

/// <summary>What the endpoint writes back: a DER body (HTTP 200), an empty 200, or an HTTP error.</summary>
public sealed record EsipaReply(int Status, byte[]? Body)
{
    public static EsipaReply Ok(EsipaMessage m, Sgp32Version v) => new(200, m.Encode(v));
    public static readonly EsipaReply Empty = new(200, null);
    public static EsipaReply Http(int status) => new(status, null);
}

/// <summary>
/// eIM package handling (SGP.32 §3.2, §6.3.2): GetEimPackage hands out the EID's next fleet job as a
/// signed EuiccPackageRequest or a ProfileDownloadTriggerRequest; ProvideEimPackageResult checks and
/// stores the device's answer; HandleNotification updates the profile states.
/// </summary>
public sealed class EimPackageService(EsipaOptions options, EsipaStore esipa, DeviceStore devices, JobStore jobs,
    ICryptoProvider crypto, EuiccCertificates certificates, ILogger<EimPackageService> log)
{
    public const string KindEuiccPackage = "euiccPackage";
    public const string KindDownload = "download";
    /// <summary>An IpaEuiccDataRequest asking for the EUM and eUICC certificates.</summary>
    public const string KindEuiccData = "euiccData";
    private const string VersionKey = "esipaVersion";
    private const string EuiccCertKey = "euiccCertificate";
    private const string EumCertKey = "eumCertificate";
    private const string EuiccCertErrorKey = "euiccCertificateError";

    /// <summary>IpaEuiccData tags of eumCertificate [5] and euiccCertificate [6] (SGP.32 v1.2 IpaEuiccData; docs/decisions.md).</summary>
    public static readonly byte[] CertificateTagList = [0xA5, 0xA6];

    /// <summary>Unanswered certificate requests after which the eIM gives up on a device (its eUICC package jobs fail).</summary>
    public const int MaxEuiccDataRequests = 3;

    public static string EidText(byte[] eid) => Hex.Encode(eid).ToUpperInvariant();

    public static Sgp32Version VersionOf(DeviceRecord? d)
        => d != null && EsipaStore.StateOf(d)[VersionKey]?.GetValue<string>() == "1.0" ? Sgp32Version.V1_0 : Sgp32Version.V1_2;

    /// <summary>Remembers the SGP.32 version a device's bytes proved, so answers use its encoding.</summary>
    public Task RecordVersionAsync(string eid, Sgp32Version v, CancellationToken ct)
        => esipa.MergeStateAsync(eid, s => s[VersionKey] = v == Sgp32Version.V1_0 ? "1.0" : "1.2", ct);

    public Task RecordEuiccCertificateAsync(string eid, byte[] cert, CancellationToken ct)
        => esipa.MergeStateAsync(eid, s => { s[EuiccCertKey] = Convert.ToBase64String(cert); s.Remove(EuiccCertErrorKey); }, ct);

    /// <summary>devices.state fields for a verified chain (registration seeds a new device's state with them).</summary>
    public static JsonObject CertificateState(VerifiedEuiccChain chain) => new()
    {
        [EuiccCertKey] = Convert.ToBase64String(chain.EuiccCertificate), [EumCertKey] = Convert.ToBase64String(chain.EumCertificate),
    };

    private Task RecordChainAsync(VerifiedEuiccChain chain, CancellationToken ct) => esipa.MergeStateAsync(chain.Eid, s =>
    {
        foreach (var kv in CertificateState(chain)) s[kv.Key] = kv.Value!.DeepClone();
        s.Remove(EuiccCertErrorKey);
    }, ct);

    /// <summary>Whether the eIM can check this device's euiccSignEPR/EPE: PK.EUICC known, or a consumer-eUICC emulation.</summary>
    private bool KnowsPkEuicc(DeviceRecord d)
        => d.Tags.Contains(options.ConsumerEmulationTag, StringComparer.Ordinal) || EsipaStore.StateOf(d)[EuiccCertKey] is not null;

    private static string? CertificateError(DeviceRecord d) => EsipaStore.StateOf(d)[EuiccCertErrorKey]?.GetValue<string>();

    // ---- GetEimPackage -------------------------------------------------------------------------

    public async Task<EsipaReply> GetEimPackageAsync(GetEimPackageRequest req, bool versionProven, CancellationToken ct)
    {
        if (req.Eid is null) return EsipaReply.Ok(GetEimPackageResponse.Error(GetEimPackageResponse.MissingEid), Sgp32Version.V1_2);
        var eid = EidText(req.Eid);
        var device = await devices.GetAsync(eid, ct);
        // eidNotFound exists only in v1.2; an unknown device has no recorded version, so v1.2 it is.
        if (device is null) return EsipaReply.Ok(GetEimPackageResponse.Error(GetEimPackageResponse.EidNotFound), Sgp32Version.V1_2);
        await devices.TouchAsync(eid, ct);
        var version = VersionOf(device);
        if (versionProven && req.Version != version) { await RecordVersionAsync(eid, req.Version, ct); version = req.Version; }

        // Without PK.EUICC the eIM could not verify the result of an eUICC package (or one it holds unverified):
        // it first asks the IPA for the certificates (SGP.32 §2.11.1.2 IpaEuiccDataRequest) and proceeds on the next poll.
        if (!KnowsPkEuicc(device) && CertificateError(device) is null
            && (await esipa.HasClaimableWorkAsync(eid, JobKinds.Download, ct) || (await esipa.ListUnverifiedAsync(eid, ct)).Count > 0))
            return await RequestCertificatesAsync(device, version, ct);

        // A job whose parameters cannot become a package fails and the next one is tried (bounded).
        for (int attempt = 0; attempt < 16; attempt++)
        {
            var slot = await esipa.ClaimNextAsync(eid, options.InitialCounterValue, options.InstanceId, options.ClaimLease, ct);
            if (slot is null) break;
            if (slot.Kind != JobKinds.Download && !KnowsPkEuicc(device))
            {
                if (CertificateError(device) is { } certError)
                {
                    await jobs.CompleteItemAsync(slot.ItemId, false, null, "the eUICC certificate is unknown: " + certError, ct);
                    continue;
                }
                // A job that arrived after the check above: back to the queue until the certificate is known (its counter value is skipped).
                await jobs.ReleaseAsync(slot.ItemId, options.InstanceId, ct);
                return await RequestCertificatesAsync(device, version, ct);
            }
            GetEimPackageResponse resp;
            string kind;
            var tx = options.NewTransactionId(eid);
            var txHex = Hex.Encode(tx).ToUpperInvariant();
            var payload = new JsonObject { ["jobId"] = slot.JobId, ["jobKind"] = slot.Kind };
            if ((JsonNode.Parse(slot.ParametersJson) as JsonObject)?["iccid"] is JsonValue iccidParam) payload["iccid"] = iccidParam.ToString();
            try
            {
                if (slot.Kind == JobKinds.Download)
                {
                    var p = JsonNode.Parse(slot.ParametersJson)!;
                    ProfileDownloadTriggerRequest trigger;
                    if (p["activationCode"] is JsonValue acv) trigger = ProfileDownloadTriggerRequest.ForActivationCode(acv.GetValue<string>());
                    else trigger = new ProfileDownloadTriggerRequest
                    {
                        DataKind = ProfileDownloadTriggerRequest.DataContactSmds, SmdsAddress = p["smdsAddress"]!.GetValue<string>(),
                    };
                    // v1.0 has no eimTransactionId in the trigger (captured 02 carries none).
                    if (version != Sgp32Version.V1_0) trigger.EimTransactionId = tx;
                    resp = GetEimPackageResponse.Of(trigger);
                    kind = KindDownload;
                }
                else
                {
                    var pkg = BuildEuiccPackage(slot, req.Eid, tx);
                    pkg.EimSignature = Sign(pkg, device);
                    resp = GetEimPackageResponse.Of(pkg);
                    payload["signed"] = Convert.ToBase64String(pkg.EncodeSigned(version));
                    payload["eimSignature"] = Convert.ToBase64String(pkg.EimSignature);
                    kind = KindEuiccPackage;
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException or NullReferenceException or FormatException or DerException)
            {
                log.LogWarning("job {Job} for {Eid}: cannot build package: {Error}", slot.JobId, eid, e.Message);
                await jobs.CompleteItemAsync(slot.ItemId, false, null, "invalid job parameters: " + e.Message, ct);
                continue;
            }
            var body = resp.Encode(version);
            await esipa.RecordSentAsync(eid, slot.ItemId, slot.CounterValue, kind, txHex, payload, ct);
            if (!await jobs.MarkSentAsync(slot.ItemId, options.InstanceId, ct))
                log.LogWarning("job item {Item} lost its claim before it was sent", slot.ItemId);
            return new EsipaReply(200, body);
        }
        return EsipaReply.Ok(GetEimPackageResponse.Error(GetEimPackageResponse.NoEimPackageAvailable), version);
    }

    /// <summary>
    /// IpaEuiccDataRequest <c>BF52 {5C A5A6, [83 eimTransactionId]}</c>: the IPA answers with GetCerts (ES10b BF56) output.
    /// After <see cref="MaxEuiccDataRequests"/> unanswered requests the device is marked, so a silent IPA cannot hold its jobs forever.
    /// </summary>
    private async Task<EsipaReply> RequestCertificatesAsync(DeviceRecord device, Sgp32Version version, CancellationToken ct)
    {
        if (await esipa.CountOpenAsync(device.Eid, KindEuiccData, ct) >= MaxEuiccDataRequests)
        {
            await esipa.MergeStateAsync(device.Eid, s => s[EuiccCertErrorKey] = "no IpaEuiccDataResponse to " + MaxEuiccDataRequests + " requests", ct);
            return await GetEimPackageAsync(new GetEimPackageRequest { Eid = Hex.Decode(device.Eid), Version = version }, false, ct);
        }
        var tx = options.NewTransactionId(device.Eid);
        var req = new IpaEuiccDataRequest { TagList = CertificateTagList };
        if (version != Sgp32Version.V1_0) req.EimTransactionId = tx;
        await esipa.RecordSentAsync(device.Eid, null, 0, KindEuiccData, Hex.Encode(tx).ToUpperInvariant(),
            new JsonObject { ["tagList"] = Hex.Encode(CertificateTagList).ToUpperInvariant() }, ct);
        log.LogInformation("{Eid}: eUICC certificate unknown, IpaEuiccDataRequest sent", device.Eid);
        return EsipaReply.Ok(GetEimPackageResponse.Of(req), version);
    }

    private EuiccPackageRequest BuildEuiccPackage(ClaimedPackageSlot slot, byte[] eid, byte[] tx)
    {
        var p = JsonNode.Parse(slot.ParametersJson) as JsonObject ?? new JsonObject();
        var r = new EuiccPackageRequest { EimId = options.EimId, Eid = eid, CounterValue = slot.CounterValue, EimTransactionId = tx };
        byte[] Iccid() => Rsp.Messages.Iccid.ToBytes(p["iccid"]!.GetValue<string>());
        switch (slot.Kind)
        {
            case JobKinds.Enable: r.Psmos.Add(Psmo.NewEnable(Iccid(), p["rollback"]?.GetValue<bool>() ?? false)); break;
            case JobKinds.Disable: r.Psmos.Add(Psmo.NewDisable(Iccid())); break;
            case JobKinds.Delete: r.Psmos.Add(Psmo.NewDelete(Iccid())); break;
            case JobKinds.ListProfiles: r.Psmos.Add(Psmo.NewListProfileInfo(null)); break;
            case JobKinds.Eco:
                r.IsEcoList = true;
                var op = p["operation"]!.GetValue<string>();
                switch (op)
                {
                    case "listEim": r.Ecos.Add(Eco.NewListEim()); break;
                    case "deleteEim": r.Ecos.Add(Eco.NewDeleteEim(p["eimId"]!.GetValue<string>())); break;
                    case "addEim":
                    case "updateEim":
                        var cfg = new EimConfigurationData { EimId = p["eimId"]!.GetValue<string>(), EimFqdn = p["eimFqdn"]?.GetValue<string>() };
                        r.Ecos.Add(op == "addEim" ? Eco.NewAddEim(cfg) : Eco.NewUpdateEim(cfg));
                        break;
                    default: throw new ArgumentException("unknown eCO " + op);
                }
                break;
            default: throw new ArgumentException("job kind " + slot.Kind + " is not an eUICC package");
        }
        return r;
    }

    /// <summary>eimSignature over DER(EuiccPackageSigned) || 84 L associationToken (docs digest 9.2; 84 01 00 without a token).</summary>
    private byte[] Sign(EuiccPackageRequest pkg, DeviceRecord device)
    {
        var key = options.SigningKey ?? throw new InvalidOperationException("EsipaOptions.SigningKey is not set");
        var data = pkg.SignedDataToVerify(AssociationToken(device));
        return crypto.EcdsaSignHash(key, crypto.Sha256(data, 0, data.Length));
    }

    private static long AssociationToken(DeviceRecord d) => long.TryParse(d.AssociationToken, out var t) ? t : 0;

    // ---- ProvideEimPackageResult ---------------------------------------------------------------

    public async Task<EsipaReply> ProvideEimPackageResultAsync(ProvideEimPackageResult msg, bool versionProven, CancellationToken ct)
    {
        var version = msg.Version;
        string? eid = msg.Eid is null ? null : EidText(msg.Eid);
        DeviceRecord? device = eid is null ? null : await devices.GetAsync(eid, ct);
        if (eid != null && device is null) return Error(ProvideEimPackageResultResponse.EidNotFound, version);

        var res = msg.Result;
        var acks = new List<long>();
        switch (res.Kind)
        {
            case EimPackageResult.KindEuiccPackageResult:
            case EimPackageResult.KindEprAndNotifications:
            {
                var epr = res.EuiccPackageResult;
                var pkg = await FindPackageAsync(eid, epr.EimTransactionId, epr.CounterValue, ct);
                if (pkg is null || pkg.Kind != KindEuiccPackage || (eid != null && pkg.Eid != eid))
                {
                    log.LogWarning("EuiccPackageResult for an unknown package (counter {Counter})", epr.CounterValue);
                    return Reject(version);
                }
                device ??= await devices.GetAsync(pkg.Eid, ct);
                if (device is null) return Error(ProvideEimPackageResultResponse.EidNotFound, version);
                if (epr.EimId != options.EimId || (epr.Kind != EuiccPackageResult.ErrorUnsigned && epr.CounterValue != pkg.Counter))
                    return Reject(version);
                if (epr.Kind != EuiccPackageResult.ErrorUnsigned && !KnowsPkEuicc(device) && pkg.State == EsipaStore.StateSent)
                {
                    // Not verifiable yet: kept with its package, not acknowledged (the eUICC keeps it too) until the certificates
                    // arrive in an IpaEuiccDataResponse, which the next GetEimPackage asks for.
                    var held = (JsonObject)pkg.Payload.DeepClone();
                    held[EsipaStore.UnverifiedResultKey] = Convert.ToBase64String(epr.Encode(version));
                    await esipa.UpdatePayloadAsync(pkg, held, ct);
                    foreach (byte[] n in res.Notifications)
                        if (await ApplyNotificationAsync(device.Eid, n, ct) is { } nseq) acks.Add(nseq);
                    return Acks(acks, version);
                }
                if (!Authentic(epr, pkg, device)) { log.LogWarning("{Eid}: euiccSignEPR/EPE does not verify", device.Eid); return Reject(version); }
                if (pkg.State != EsipaStore.StateSent)
                {
                    // Same result again (the IPA lost our answer): acknowledge again, change nothing.
                    if (pkg.Payload["resultSigned"]?.GetValue<string>() != SignedB64(epr)) return Reject(version);
                    if (epr.Kind == EuiccPackageResult.ResultSigned) acks.Add(epr.SeqNumber);
                    return Acks(acks, version);
                }
                // Only an authenticated, matching result may change what the eIM remembers about the device.
                if (versionProven && VersionOf(device) != version) await RecordVersionAsync(device.Eid, version, ct);
                await StoreEuiccPackageResultAsync(device, pkg, epr, ct);
                if (epr.Kind == EuiccPackageResult.ResultSigned) acks.Add(epr.SeqNumber);
                foreach (byte[] n in res.Notifications)
                    if (await ApplyNotificationAsync(device.Eid, n, ct) is { } seq) acks.Add(seq);
                break;
            }
            case EimPackageResult.KindProfileDownloadTriggerResult:
            {
                var r = res.ProfileDownloadTriggerResult;
                var pkg = r.EimTransactionId is null ? (eid is null ? null : await esipa.FindOpenAsync(eid, KindDownload, ct))
                    : await esipa.FindByTransactionIdAsync(Hex.Encode(r.EimTransactionId).ToUpperInvariant(), ct);
                if (pkg is null || pkg.Kind != KindDownload || (eid != null && pkg.Eid != eid)) return Reject(version);
                bool ok = r.ProfileInstallationResult != null && PirSucceeded(r.ProfileInstallationResult);
                if (r.ProfileInstallationResult != null) await ApplyNotificationAsync(pkg.Eid, r.ProfileInstallationResult, ct);
                await FinishAsync(pkg, ok, new JsonObject { ["profileInstallation"] = ok ? "success" : "failure", ["errorReason"] = r.ErrorReason }, ok ? null : "download failed", ct);
                break;
            }
            case EimPackageResult.KindError:
            {
                SentPackage? pkg = res.ErrorTransactionId is null ? null : await esipa.FindByTransactionIdAsync(Hex.Encode(res.ErrorTransactionId).ToUpperInvariant(), ct);
                if (pkg is null || (eid != null && pkg.Eid != eid)) return Reject(version);
                await FinishAsync(pkg, false, new JsonObject { ["eimPackageError"] = res.ErrorCode }, "IPA reported eimPackageError " + res.ErrorCode, ct);
                break;
            }
            case EimPackageResult.KindIpaEuiccDataResponse:
            {
                var data = res.IpaEuiccDataResponse;
                byte[]? txId = data.ErrorCode >= 0 ? data.ErrorTransactionId
                    : version == Sgp32Version.V1_0 || data.Element(0x87) is not { } txEl ? null : TlvReader.Parse(txEl).Value();
                var pkg = txId != null ? await esipa.FindByTransactionIdAsync(Hex.Encode(txId).ToUpperInvariant(), ct)
                    : eid is null ? null : await esipa.FindOpenAsync(eid, KindEuiccData, ct);
                if (pkg is null || pkg.Kind != KindEuiccData || pkg.State != EsipaStore.StateSent || (eid != null && pkg.Eid != eid)) return Reject(version);
                device ??= await devices.GetAsync(pkg.Eid, ct);
                if (device is null) return Error(ProvideEimPackageResultResponse.EidNotFound, version);
                acks.AddRange(await ApplyEuiccDataAsync(device, pkg, data, ct));
                break;
            }
            default:
                return Reject(version);
        }
        return Acks(acks, version);
    }

    /// <summary>
    /// The IPA's answer to the certificate request: the chain must verify and name the device; then PK.EUICC is stored and every
    /// result held unverified is checked and applied (their seqNumbers are acknowledged). A failed answer marks the device, so its
    /// eUICC package jobs fail with the reason instead of waiting.
    /// </summary>
    private async Task<List<long>> ApplyEuiccDataAsync(DeviceRecord device, SentPackage request, IpaEuiccDataResponse data, CancellationToken ct)
    {
        var acks = new List<long>();
        VerifiedEuiccChain? chain = null;
        string? error;
        if (data.ErrorCode >= 0) error = "the IPA answered ipaEuiccDataResponseError " + data.ErrorCode;
        else
        {
            var euicc = EuiccCertificates.FromIpaEuiccElement(data.Element(0xA6));
            var eum = EuiccCertificates.FromIpaEuiccElement(data.Element(0xA5));
            if (euicc is null || eum is null) error = "the IpaEuiccDataResponse holds no eUICC and EUM certificate";
            else chain = certificates.Verify(device.Eid, euicc, eum, out error);
        }
        if (chain is null)
        {
            log.LogWarning("{Eid}: eUICC certificate not obtained: {Error}", device.Eid, error);
            await esipa.MergeStateAsync(device.Eid, s => s[EuiccCertErrorKey] = error, ct);
            await esipa.CompleteAsync(request.Id, false, new JsonObject { ["error"] = error }.ToJsonString(), ct);
            foreach (var held in await esipa.ListUnverifiedAsync(device.Eid, ct))
                await FinishAsync(held, false, new JsonObject { ["error"] = error }, "the eUICC certificate is unknown: " + error, ct);
            return acks;
        }
        await RecordChainAsync(chain, ct);
        await esipa.CompleteAsync(request.Id, true, new JsonObject { ["euiccCertificate"] = "verified" }.ToJsonString(), ct);
        device = await devices.GetAsync(device.Eid, ct) ?? device;
        foreach (var held in await esipa.ListUnverifiedAsync(device.Eid, ct))
        {
            var payload = (JsonObject)held.Payload.DeepClone();
            var epr = EuiccPackageResult.Decode(Convert.FromBase64String(payload[EsipaStore.UnverifiedResultKey]!.GetValue<string>()));
            payload.Remove(EsipaStore.UnverifiedResultKey);
            var pkg = held with { Payload = payload };
            if (!Authentic(epr, pkg, device))
            {
                log.LogWarning("{Eid}: held euiccSignEPR/EPE does not verify", device.Eid);
                await esipa.UpdatePayloadAsync(pkg, payload, ct);
                await FinishAsync(pkg, false, new JsonObject { ["error"] = "signature" }, "euiccSignEPR does not verify with the eUICC certificate", ct);
                continue;
            }
            await StoreEuiccPackageResultAsync(device, pkg, epr, ct);
            if (epr.Kind == EuiccPackageResult.ResultSigned) acks.Add(epr.SeqNumber);
        }
        return acks;
    }

    private async Task<SentPackage?> FindPackageAsync(string? eid, byte[]? tx, long counter, CancellationToken ct)
    {
        if (tx != null) return await esipa.FindByTransactionIdAsync(Hex.Encode(tx).ToUpperInvariant(), ct);
        return eid is null ? null : await esipa.FindByCounterAsync(eid, counter, ct);
    }

    private static string SignedB64(EuiccPackageResult epr)
        => epr.Kind == EuiccPackageResult.ErrorUnsigned ? "unsigned" : Convert.ToBase64String(Bytes.Concat(epr.EncodeSignedData(), epr.Signature));

    /// <summary>
    /// Signed results must verify with PK.EUICC (either coverage, docs digest 9.2). Only devices tagged
    /// as consumer-eUICC emulation may send the IPA's placeholder; unsigned errors (A2) carry no
    /// signature by definition and are accepted when they name this eIM.
    /// </summary>
    private bool Authentic(EuiccPackageResult epr, SentPackage pkg, DeviceRecord device)
    {
        if (epr.Kind == EuiccPackageResult.ErrorUnsigned) return true;
        if (device.Tags.Contains(options.ConsumerEmulationTag, StringComparer.Ordinal)) return true;
        var certB64 = EsipaStore.StateOf(device)[EuiccCertKey]?.GetValue<string>();
        if (certB64 is null) return false;
        byte[] pub;
        try { pub = X509Certificate.Parse(Convert.FromBase64String(certB64)).PublicKey; }
        catch (Exception) { return false; }
        var eimSig = pkg.Payload["eimSignature"]?.GetValue<string>() is { } s ? Convert.FromBase64String(s) : null;
        return epr.VerifySignature(crypto, pub, AssociationToken(device), eimSig);
    }

    private async Task StoreEuiccPackageResultAsync(DeviceRecord device, SentPackage pkg, EuiccPackageResult epr, CancellationToken ct)
    {
        var summary = new JsonObject { ["seqNumber"] = epr.SeqNumber };
        bool ok;
        string? error = null;
        if (epr.Kind == EuiccPackageResult.ResultSigned)
        {
            var items = new JsonArray();
            ok = true;
            foreach (EuiccResultItem item in epr.Results)
            {
                int code = item.ResultCode();
                var o = new JsonObject { ["result"] = ResultName(item.Kind), ["code"] = code };
                if (item.Kind == EuiccResultItem.ListProfileInfoResult && code == EuiccResultCode.Ok)
                {
                    var list = ProfileList(item);
                    await devices.ReplaceProfilesAsync(device.Eid, list, ct);
                    o["profiles"] = new JsonArray(list.Select(p => (JsonNode)new JsonObject { ["iccid"] = p.Iccid, ["state"] = p.State }).ToArray());
                }
                else if (code == EuiccResultCode.Ok) await ApplyPsmoOutcomeAsync(device.Eid, pkg, item.Kind, ct);
                if (code != EuiccResultCode.Ok && item.Kind != EuiccResultItem.ProcessingTerminated) ok = false;
                if (item.Kind == EuiccResultItem.ProcessingTerminated) ok = false;
                items.Add(o);
            }
            summary["results"] = items;
            if (!ok) error = "eUICC reported a failed operation";
        }
        else
        {
            ok = false;
            summary["euiccPackageError"] = epr.Kind == EuiccPackageResult.ErrorSigned ? epr.ErrorCode : -1;
            error = epr.Kind == EuiccPackageResult.ErrorSigned ? "euiccPackageError " + epr.ErrorCode : "unsigned EuiccPackageError";
        }
        var payload = (JsonObject)pkg.Payload.DeepClone();
        payload["resultSigned"] = SignedB64(epr);
        await esipa.UpdatePayloadAsync(pkg, payload, ct);
        await FinishAsync(pkg, ok, summary, error, ct);
    }

    private async Task FinishAsync(SentPackage pkg, bool ok, JsonObject result, string? error, CancellationToken ct)
    {
        var json = result.ToJsonString();
        if (!await esipa.CompleteAsync(pkg.Id, ok, json, ct)) return;
        if (pkg.JobItemId is { } item) await jobs.CompleteItemAsync(item, ok, json, error, ct);
    }

    /// <summary>After a successful PSMO the eIM's view of the profiles follows (enable makes the others disabled).</summary>
    private async Task ApplyPsmoOutcomeAsync(string eid, SentPackage pkg, int resultKind, CancellationToken ct)
    {
        var iccid = pkg.Payload["iccid"]?.GetValue<string>();
        if (iccid is null) return;
        if (resultKind == EuiccResultItem.EnableResult) await devices.MarkEnabledAsync(eid, iccid, ct);
        else if (resultKind == EuiccResultItem.DisableResult) await devices.UpsertProfileAsync(eid, iccid, "disabled", null, null, ct);
        else if (resultKind == EuiccResultItem.DeleteResult) await devices.UpsertProfileAsync(eid, iccid, "deleted", null, null, ct);
    }

    private static List<(string Iccid, string State, string? Nickname, string? ProfileName)> ProfileList(EuiccResultItem item)
    {
        var list = new List<(string, string, string?, string?)>();
        foreach (var e3 in item.ProfileInfos())
        {
            var t = TlvReader.Parse(e3);
            var iccid = t.Find(RspTags.Iccid);
            if (iccid is null) continue;
            var st = t.Find(0x9F70);
            string state = st is null ? "unknown" : st.AsInt() == 1 ? "enabled" : "disabled";
            list.Add((Rsp.Messages.Iccid.FromBytes(iccid.Value()), state, t.Find(0x90)?.AsUtf8(), t.Find(0x92)?.AsUtf8()));
        }
        return list;
    }

    private static string ResultName(int kind) => kind switch
    {
        EuiccResultItem.EnableResult => "enable", EuiccResultItem.DisableResult => "disable", EuiccResultItem.DeleteResult => "delete",
        EuiccResultItem.ListProfileInfoResult => "listProfileInfo", EuiccResultItem.GetRatResult => "getRAT",
        EuiccResultItem.AddEimResult => "addEim", EuiccResultItem.DeleteEimResult => "deleteEim", EuiccResultItem.UpdateEimResult => "updateEim",
        EuiccResultItem.ListEimResult => "listEim", EuiccResultItem.RollbackResult => "rollback",
        EuiccResultItem.ProcessingTerminated => "processingTerminated", _ => "0x" + kind.ToString("X"),
    };

    private static EsipaReply Acks(List<long> acks, Sgp32Version v)
    {
        var r = new ProvideEimPackageResultResponse();
        if (acks.Count > 0)
        {
            r.Acknowledgements = new EimAcknowledgements();
            foreach (var a in acks.Distinct()) r.Acknowledgements.SequenceNumbers.Add(a);
        }
        return EsipaReply.Ok(r, v);
    }

    private static EsipaReply Error(int code, Sgp32Version v)
        => v == Sgp32Version.V1_0 ? EsipaReply.Http(404) : EsipaReply.Ok(new ProvideEimPackageResultResponse { ErrorCode = code }, v);

    /// <summary>
    /// A result that does not authenticate or match an outstanding package: v1.2 answers undefinedError;
    /// v1.0 has no error alternative in ProvideEimPackageResultResponse, so HTTP 403 without a body.
    /// </summary>
    private static EsipaReply Reject(Sgp32Version v) => Error(ProvideEimPackageResultResponse.UndefinedError, v) is var e && v == Sgp32Version.V1_0 ? EsipaReply.Http(403) : e;

    // ---- notifications -------------------------------------------------------------------------

    /// <summary>
    /// Applies one pending notification (BF37 ProfileInstallationResult or 30 OtherSignedNotification)
    /// to the device's profile list; returns its seqNumber. PIR signatures are the SM-DP+'s to check.
    /// </summary>
    public async Task<long?> ApplyNotificationAsync(string eid, byte[] notification, CancellationToken ct)
    {
        var t = TlvReader.Parse(notification);
        var meta = FindDeep(t, RspTags.NotificationMetadata, 3);
        if (meta is null) return null;
        var m = NotificationMetadata.Decode(meta);
        if (m.Iccid != null)
        {
            var iccid = Rsp.Messages.Iccid.FromBytes(m.Iccid);
            switch (m.Operation)
            {
                case 0: if (t.Tag != RspTags.ProfileInstallationResult || PirSucceeded(notification)) await devices.UpsertProfileAsync(eid, iccid, "disabled", null, null, ct); break;
                case 1: await devices.MarkEnabledAsync(eid, iccid, ct); break;
                case 2: await devices.UpsertProfileAsync(eid, iccid, "disabled", null, null, ct); break;
                case 3: await devices.UpsertProfileAsync(eid, iccid, "deleted", null, null, ct); break;
            }
        }
        await esipa.MergeStateAsync(eid, s => s["lastNotification"] = new JsonObject { ["seqNumber"] = m.SeqNumber, ["operation"] = m.Operation }, ct);
        return m.SeqNumber;
    }

    /// <summary>BF37 {BF27 {..., A2 finalResult {A0 success | A1 error}}, 5F37}.</summary>
    public static bool PirSucceeded(byte[] pir)
    {
        var data = TlvReader.Parse(pir).Find(0xBF27);
        var fin = data?.Find(0xA2);
        return fin?.Find(0xA0) != null;
    }

    public static byte[]? PirTransactionId(byte[] pir) => TlvReader.Parse(pir).Find(0xBF27)?.Find(0x80)?.Value();

    private static Tlv? FindDeep(Tlv t, int tag, int depth)
    {
        if (t.Tag == tag) return t;
        if (depth == 0 || !t.IsConstructed) return null;
        foreach (var c in t.ChildArray())
            if (FindDeep(c, tag, depth - 1) is { } f) return f;
        return null;
    }

    /// <summary>HandleNotificationEsipa carrying an install result: completes the download job it belongs to.</summary>
    public async Task CompleteDownloadAsync(string eid, SentPackage pkg, byte[] pir, CancellationToken ct)
    {
        // An empty result means the session was cancelled.
        bool ok = pir.Length > 0 && PirSucceeded(pir);
        await FinishAsync(pkg, ok, new JsonObject { ["profileInstallation"] = ok ? "success" : "failure" }, ok ? null : "profile installation failed", ct);
    }
}
