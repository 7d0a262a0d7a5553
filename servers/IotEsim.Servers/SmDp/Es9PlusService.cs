using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Bsp;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Provisioning;
using IotEsim.Servers.Storage;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.SmDp;

/// <summary>
/// SM-DP+ side of ES9+ (SGP.22 §5.6): the download of one order through InitiateAuthentication,
/// AuthenticateClient, GetBoundProfilePackage, HandleNotification and CancelSession. Each step checks
/// before it writes; writes happen in one transaction guarded by the expected previous state.
/// </summary>
public sealed class Es9PlusService(ICryptoProvider crypto, SmDpStore store, SmDpOptions options, DownloadProgressNotifier progress,
    ILogger<Es9PlusService> log, Es2PlusService es2)
{
    public RspMutualAuthentication Auth { get; } = new(crypto, store, options, SessionRoles.SmDp);
    private IServerDatabase Db => store.Db;

    public Task<InitiateAuthenticationResponse> InitiateAuthenticationAsync(InitiateAuthenticationRequest r)
        => Auth.InitiateAsync(r.SmdpAddress, r.EuiccChallenge, r.EuiccInfo1);

    public async Task<AuthenticateClientResponse> AuthenticateClientAsync(AuthenticateClientRequest r)
    {
        var a = await Auth.AuthenticateAsync(r.TransactionId, r.AuthenticateServerResponse);
        string? matchingId = a.EuiccSigned1.CtxParams1?.MatchingId;
        if (matchingId is { Length: 0 }) matchingId = null;
        // Order lookup, checks and the single-use binding all in one write transaction.
        var now = Db.NowMs;
        var (order, smdpSigned2Der, signature2) = await Db.WriteAsync(async (c, tx) =>
        {
            var o = matchingId is not null
                ? await SmDpStore.GetOrderAsync(c, tx, "matching_id = @m", ("@m", matchingId))
                // Without a matching ID the default SM-DP+ serves the order waiting for this EID (§3.1.2).
                : await SmDpStore.GetOrderAsync(c, tx, "eid = @e AND state = 'released' ORDER BY created", ("@e", a.Eid));
            if (o is not null && o.State == OrderStates.Downloading && o.Eid == a.Eid && o.TransactionId is not null
                && await SmDpStore.TransitionSessionAsync(c, tx, now, o.TransactionId, SessionStates.Authenticated, SessionStates.Cancelled))
            {
                // The same (just authenticated) eUICC asks again while its previous session never got a BPP: that
                // session's answer was lost and so was its CancelSession. Nothing left the SM-DP+, so the old session
                // ends and the order is bound to this one; for any other EID the matching ID stays refused.
                await Sql.ExecAsync(c, tx, "UPDATE smdp_orders SET state = 'released', transaction_id = NULL, updated = @n WHERE id = @id",
                    ("@n", now), ("@id", o.Id));
                o = o with { State = OrderStates.Released, TransactionId = null };
            }
            if (o is null || o.State != OrderStates.Released)
                throw new RspFunctionException(o?.State == OrderStates.Locked ? Es9StatusCodes.ConfirmationCodeRetriesExceeded
                    : Es9StatusCodes.MatchingIdRefused, matchingId ?? "no order for EID");
            if (o.Expires < now) throw new RspFunctionException(Es9StatusCodes.DownloadOrderExpired, o.Id);
            if (o.Eid is not null && o.Eid != a.Eid) throw new RspFunctionException(Es9StatusCodes.EidRefused, a.Eid);
            _ = await SmDpStore.GetProfileAsync(c, tx, "iccid = @i", ("@i", o.Iccid))
                ?? throw new RspFunctionException(Es9StatusCodes.ProfileOperationExecutionError, "profile missing");
            bool cc = o.CcHash is not null;
            var smdpSigned2 = new SmdpSigned2 { TransactionId = a.EuiccSigned1.TransactionId, CcRequiredFlag = cc }.Encode();
            // smdpSignature2 covers smdpSigned2 || 5F37 40 euiccSignature1 (§5.6.2).
            var sig2 = Auth.Sign(a.Credentials.PbPrivateKey!, Concat(smdpSigned2, RspMutualAuthentication.SignatureTlv(a.EuiccSignature1)));
            if (await SmDpStore.SetSessionAuthenticatedAsync(c, tx, now, a.Session.TransactionId, a.Eid, a.EuiccCertificate, a.EuiccSignature1,
                    sig2, o.Id, cc) != 1)
                throw new RspFunctionException(Es9StatusCodes.TransactionIdUnknown, "session already authenticated");
            // The conditional update is what makes the matching ID single-use: on PostgreSQL (READ COMMITTED) a concurrent
            // session may have read 'released' too; the loser's update then matches no row and must not succeed.
            if (await Sql.ExecAsync(c, tx, "UPDATE smdp_orders SET state = 'downloading', transaction_id = @t, eid = COALESCE(eid, @e), updated = @n WHERE id = @id AND state = 'released'",
                    ("@t", a.Session.TransactionId), ("@e", a.Eid), ("@n", now), ("@id", o.Id)) != 1)
                throw new RspFunctionException(Es9StatusCodes.MatchingIdRefused, matchingId ?? "order taken by another session");
            return (o with { Eid = a.Eid }, smdpSigned2, sig2);
        });
        await progress.NotifyAsync(order, "authenticateClient", true);
        var meta = Metadata(await store.GetProfileAsync(order.Iccid) ?? throw new InvalidOperationException("profile vanished"));
        return new AuthenticateClientResponse(a.Session.TransactionId, meta.Encode(), smdpSigned2Der,
            RspMutualAuthentication.SignatureTlv(signature2), a.Credentials.PbCertificate!);
    }

    public static StoreMetadataRequest Metadata(ProfileRecord p) => new()
    {
        Iccid = Iccid.ToBytes(p.Iccid), ServiceProviderName = p.ServiceProviderName, ProfileName = p.ProfileName, ProfileClass = p.ProfileClass,
    };

    public async Task<GetBoundProfilePackageResponse> GetBoundProfilePackageAsync(GetBoundProfilePackageRequest r)
    {
        var s = await Auth.RequireSessionAsync(r.TransactionId, SessionStates.Authenticated);
        var pdr = PrepareDownloadResponse.Decode(r.PrepareDownloadResponse);
        if (!pdr.IsOk) throw new RspFunctionException(Es9StatusCodes.EuiccRefused, "downloadErrorCode " + pdr.ErrorCode);
        var s2 = pdr.EuiccSigned2;
        if (RspHttp.Hex(s2.TransactionId) != s.TransactionId) throw new RspFunctionException(Es9StatusCodes.TransactionIdUnknown, "euiccSigned2.transactionId");
        var euiccCert = Rsp.X509.X509Certificate.Parse(s.EuiccCertificate!);
        // euiccSignature2 covers euiccSigned2 || smdpSignature2 as its full 5F37 TLV (§5.7.5).
        if (!Auth.Verify(euiccCert.PublicKey, Concat(s2.Raw, RspMutualAuthentication.SignatureTlv(s.SmdpSignature2!)), pdr.EuiccSignature2))
            throw new RspFunctionException(Es9StatusCodes.EuiccVerificationFailed, "euiccSignature2");
        var now = Db.NowMs;
        var order = (await store.GetOrderAsync(s.OrderId!))!;
        if (s.CcRequired)
        {
            var outcome = await CheckConfirmationCodeAsync(order, s, s2.HashCc);
            if (outcome is not null)
            {
                await progress.NotifyAsync(order, "confirmationCode", false);
                throw new RspFunctionException(outcome);
            }
        }
        var profile = (await store.GetProfileAsync(order.Iccid))!;
        var bpp = BuildBoundProfilePackage(s2.TransactionId, s2.EuiccOtpk, Rsp.Messages.Eid.ToBytes(s.Eid!), profile,
            options.Credentials.First(c => c.CiPkId.AsSpan().SequenceEqual(s.CiPkId)).PbPrivateKey!);
        bool moved = await Db.WriteAsync(async (c, tx) =>
        {
            if (!await SmDpStore.TransitionSessionAsync(c, tx, now, s.TransactionId, SessionStates.Authenticated, SessionStates.Bpp)) return false;
            await SmDpStore.SetOrderStateAsync(c, tx, now, order.Id, OrderStates.Downloaded);
            await SmDpStore.SetProfileStateAsync(c, tx, now, order.Iccid, ProfileStates.Downloaded);
            return true;
        });
        if (!moved) throw new RspFunctionException(Es9StatusCodes.TransactionIdUnknown, "session moved on");
        await progress.NotifyAsync(order, "getBoundProfilePackage", true);
        return new GetBoundProfilePackageResponse(s.TransactionId, bpp);
    }

    /// <summary>Null when hashCc matches SHA-256(SHA-256(CC) || transactionId); else the code to answer, after counting
    /// the attempt (the order locks at the retry limit).</summary>
    private async Task<Es9StatusCode?> CheckConfirmationCodeAsync(OrderRecord order, RspSessionRecord s, byte[]? hashCc)
    {
        if (hashCc is null) return Es9StatusCodes.ConfirmationCodeMissing;
        var inner = Convert.FromHexString(order.CcHash!);
        var both = Concat(inner, RspHttp.Unhex(s.TransactionId));
        var expected = crypto.Sha256(both, 0, both.Length);
        if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, hashCc)) return null;
        return await Db.WriteAsync(async (c, tx) =>
        {
            var attempts = Sql.L(await Sql.ScalarAsync(c, tx, "UPDATE smdp_orders SET cc_attempts = cc_attempts + 1, updated = @n WHERE id = @id RETURNING cc_attempts",
                ("@n", Db.NowMs), ("@id", order.Id)));
            if (attempts < options.ConfirmationCodeRetryLimit) return Es9StatusCodes.ConfirmationCodeRefused;
            await SmDpStore.SetOrderStateAsync(c, tx, Db.NowMs, order.Id, OrderStates.Locked, "confirmation code retries exceeded");
            await Sql.ExecAsync(c, tx, "UPDATE smdp_sessions SET state = 'failed', updated = @n WHERE transaction_id = @t", ("@n", Db.NowMs), ("@t", s.TransactionId));
            return Es9StatusCodes.ConfirmationCodeRetriesExceeded;
        });
    }

    /// <summary>
    /// BoundProfilePackage (SGP.22 §2.5.4, §5.5): fresh otSK.DP.ECKA, ShS = ECDH with otPK.EUICC.ECKA, BSP keys from
    /// the X9.63 KDF over (hostId, EID); BF23 signed with SK.DPpb; ConfigureISDP encrypted (A0/87), StoreMetadata MAC-only
    /// (A1/88), optionally ReplaceSessionKeys (A2/87) switching to random PPKs, then the UPP in encrypted segments (A3/86)
    /// of at most 1020 bytes each.
    /// </summary>
    public byte[] BuildBoundProfilePackage(byte[] txId, byte[] euiccOtpk, byte[] eid, ProfileRecord profile, byte[] pbKey)
    {
        var ot = crypto.GenerateKeyPair();
        var shs = crypto.Ecdh(ot.PrivateKey, euiccOtpk);
        var keys = BspSessionKeys.Derive(crypto, shs, options.HostId, eid);
        var isc = new InitialiseSecureChannelRequest { TransactionId = txId, HostId = options.HostId, SmdpOtpk = ot.PublicKey };
        isc.SmdpSign = Auth.Sign(pbKey, isc.SignedData(euiccOtpk));
        var bsp = new BspSession(crypto, keys);
        var b = new BoundProfilePackageBuilder { InitialiseSecureChannel = isc.Encode() };
        var configureIsdp = new ConfigureIsdpRequest().Encode();
        b.FirstSequenceOf87.AddRange(bsp.ProtectSegments(BspSession.TagEncrypted, configureIsdp, 0, configureIsdp.Length, BspSession.MaxPlaintextPerSegment(true)));
        var meta = Metadata(profile).Encode();
        b.SequenceOf88.AddRange(bsp.ProtectSegments(BspSession.TagMacOnly, meta, 0, meta.Length, BspSession.MaxPlaintextPerSegment(false)));
        if (options.ReplaceSessionKeys)
        {
            var rsk = new ReplaceSessionKeysRequest { InitialMacChainingValue = crypto.RandomBytes(16), PpkEnc = crypto.RandomBytes(16), PpkCmac = crypto.RandomBytes(16) };
            var rskDer = rsk.Encode();
            b.SecondSequenceOf87 = new System.Collections.ArrayList(bsp.ProtectSegments(BspSession.TagEncrypted, rskDer, 0, rskDer.Length, BspSession.MaxPlaintextPerSegment(true)));
            bsp.ReplaceSessionKeys(rsk.PpkEnc, rsk.PpkCmac, rsk.InitialMacChainingValue);
        }
        b.SequenceOf86.AddRange(bsp.ProtectSegments(BspSession.TagProfileEncrypted, profile.Upp, 0, profile.Upp.Length, BspSession.MaxPlaintextPerSegment(true)));
        return b.Build();
    }

    public async Task HandleNotificationAsync(HandleNotificationRequest r)
    {
        var n = PendingNotification.Decode(r.PendingNotification);
        var meta = n.Metadata;
        var now = Db.NowMs;
        if (n.ProfileInstallationResult is { } pir)
        {
            var txHex = RspHttp.Hex(pir.Data.TransactionId);
            var s = await store.GetSessionAsync(txHex);
            if (s is null || s.Role != SessionRoles.SmDp || s.EuiccCertificate is null)
                throw new RspFunctionException(Es9StatusCodes.TransactionIdUnknown, txHex);
            var cert = Rsp.X509.X509Certificate.Parse(s.EuiccCertificate);
            if (!Auth.Verify(cert.PublicKey, pir.SignedData(), pir.EuiccSignPir))
                throw new RspFunctionException(Es9StatusCodes.EuiccVerificationFailed, "euiccSignPIR");
            var order = s.OrderId is null ? null : await store.GetOrderAsync(s.OrderId);
            bool fresh = await Db.WriteAsync(async (c, tx) =>
            {
                if (await IsDuplicateAsync(c, tx, s.Eid, meta.SeqNumber)) return false;
                await SmDpStore.InsertNotificationAsync(c, tx, now, txHex, s.Eid, meta.Iccid is null ? order?.Iccid : Iccid.FromBytes(meta.Iccid),
                    meta.SeqNumber, meta.Operation, pir.Data.Success, n.Raw);
                await Sql.ExecAsync(c, tx, "UPDATE smdp_sessions SET state = 'done', updated = @n WHERE transaction_id = @t", ("@n", now), ("@t", txHex));
                if (order is not null)
                {
                    await SmDpStore.SetOrderStateAsync(c, tx, now, order.Id, pir.Data.Success ? OrderStates.Installed : OrderStates.Failed,
                        pir.Data.Success ? null : "bppCommandId " + pir.Data.BppCommandId + " reason " + pir.Data.ErrorReason);
                    await SmDpStore.SetProfileStateAsync(c, tx, now, order.Iccid, pir.Data.Success ? ProfileStates.Installed : ProfileStates.Error);
                }
                return true;
            });
            if (fresh && order is not null) await progress.NotifyAsync(order, "installation", pir.Data.Success);
            // The order is used up: its SM-DS event goes too (ES12.DeleteEvent, SGP.22 §3.1.3), or the eUICC would
            // find the stale event first on its next SM-DS visit.
            if (fresh && order is not null && pir.Data.Success) await es2.DeleteOrderEventAsync(order);
            return;
        }
        var other = n.OtherSignedNotification!;
        var leaf = Auth.ValidateEuicc(other.EuiccCertificate, other.EumCertificate)
            ?? throw new RspFunctionException(Es9StatusCodes.EuiccCertificateVerificationFailed, "notification certificate");
        if (!Auth.Verify(leaf.PublicKey, other.TbsOtherNotification.Raw, other.EuiccNotificationSignature))
            throw new RspFunctionException(Es9StatusCodes.EuiccVerificationFailed, "euiccNotificationSignature");
        await Db.WriteAsync(async (c, tx) => await IsDuplicateAsync(c, tx, leaf.Eid, meta.SeqNumber) ? 0
            : await SmDpStore.InsertNotificationAsync(c, tx, now, null, leaf.Eid, meta.Iccid is null ? null : Iccid.FromBytes(meta.Iccid),
                meta.SeqNumber, meta.Operation, null, n.Raw));
    }

    /// <summary>
    /// A notification whose answer was lost is sent again (SGP.22 §3.5: the LPA retries until acknowledged, and only then
    /// removes it from the eUICC). seqNumber is unique per eUICC, so (EID, seqNumber) identifies it: the repeat is
    /// acknowledged without a second record or a second state change.
    /// </summary>
    private static async Task<bool> IsDuplicateAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string? eid, long seq)
        => eid is not null && Sql.L(await Sql.ScalarAsync(c, tx, "SELECT COUNT(*) FROM smdp_notifications WHERE eid = @e AND seq_number = @s",
            ("@e", eid), ("@s", seq))) > 0;

    public async Task<Rsp.Es9Plus.CancelSessionResponse> CancelSessionAsync(Rsp.Es9Plus.CancelSessionRequest r)
    {
        var s = await Auth.RequireSessionAsync(r.TransactionId, SessionStates.Initiated, SessionStates.Authenticated, SessionStates.Bpp);
        var csr = Rsp.Messages.CancelSessionResponse.Decode(r.CancelSessionResponse);
        if (!csr.IsOk) throw new RspFunctionException(Es9StatusCodes.EuiccRefused, "cancelSessionResponseError " + csr.Error);
        if (RspHttp.Hex(csr.TransactionId) != s.TransactionId) throw new RspFunctionException(Es9StatusCodes.TransactionIdUnknown, "euiccCancelSessionSigned.transactionId");
        if (s.EuiccCertificate is null) throw new RspFunctionException(Es9StatusCodes.EuiccVerificationFailed, "eUICC not authenticated yet");
        var cert = Rsp.X509.X509Certificate.Parse(s.EuiccCertificate);
        if (!Auth.Verify(cert.PublicKey, csr.SignedRaw, csr.Signature))
            throw new RspFunctionException(Es9StatusCodes.EuiccVerificationFailed, "euiccCancelSessionSignature");
        var now = Db.NowMs;
        var order = s.OrderId is null ? null : await store.GetOrderAsync(s.OrderId);
        await Db.WriteAsync(async (c, tx) =>
        {
            if (!await SmDpStore.TransitionSessionAsync(c, tx, now, s.TransactionId, s.State, SessionStates.Cancelled))
                throw new RspFunctionException(Es9StatusCodes.TransactionIdUnknown, "session moved on");
            if (order is not null && s.State == SessionStates.Authenticated)
            {
                // Nothing left the SM-DP+ yet: the order becomes downloadable again (same matching ID).
                await Sql.ExecAsync(c, tx, "UPDATE smdp_orders SET state = 'released', transaction_id = NULL, updated = @n WHERE id = @id",
                    ("@n", now), ("@id", order.Id));
            }
            else if (order is not null)
            {
                await SmDpStore.SetOrderStateAsync(c, tx, now, order.Id, OrderStates.Failed, "cancelSession reason " + csr.Reason);
                await SmDpStore.SetProfileStateAsync(c, tx, now, order.Iccid, ProfileStates.Error);
            }
            return 0;
        });
        if (order is not null) await progress.NotifyAsync(order, "cancelSession", false);
        return new Rsp.Es9Plus.CancelSessionResponse(ResponseHeader.Success(), s.TransactionId);
    }

    internal static byte[] Concat(byte[] a, byte[] b)
    {
        var r = new byte[a.Length + b.Length];
        a.CopyTo(r, 0);
        b.CopyTo(r, a.Length);
        return r;
    }
}
