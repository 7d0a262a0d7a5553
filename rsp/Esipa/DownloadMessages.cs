using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Esipa
{
    /// <summary>ESipa.InitiateAuthentication request (SGP.32 §6.3.2.1): <c>BF39 {81 euiccChallenge, [83 smdpAddress],
    /// [BF20 euiccInfo1], [82 eimTransactionId] (v1.2)}</c>.</summary>
    public sealed class InitiateAuthenticationRequestEsipa : EsipaMessage
    {
        public byte[] EuiccChallenge;
        public string SmdpAddress;
        /// <summary>Complete BF20 TLV, or null.</summary>
        public byte[] EuiccInfo1;
        public byte[] EimTransactionId;

        public override int Kind { get { return EsipaKind.InitiateAuthenticationRequest; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.InitiateAuthenticationEsipa);
            w.Write(0x81, EuiccChallenge);
            if (SmdpAddress != null) w.WriteUtf8(0x83, SmdpAddress);
            if (EuiccInfo1 != null) w.WriteRaw(EuiccInfo1);
            if (EimTransactionId != null && version != Sgp32Version.V1_0) w.Write(0x82, EimTransactionId);
            w.End();
        }

        public static InitiateAuthenticationRequestEsipa Decode(Tlv t, Sgp32Version assumed)
        {
            var q = new InitiateAuthenticationRequestEsipa();
            q.Version = assumed;
            var f = new Sgp32Fields(t);
            q.EuiccChallenge = Sgp32Der.Octets(f.Required(0x81), 16);
            q.SmdpAddress = f.OptionalUtf8(0x83);
            q.EuiccInfo1 = f.OptionalEncoded(RspTags.EuiccInfo1);
            q.EimTransactionId = f.OptionalValue(0x82);
            if (q.EimTransactionId != null) q.Version = Sgp32Version.V1_2;
            return q;
        }
    }

    /// <summary>
    /// ESipa.InitiateAuthentication response: <c>BF39 {A0 InitiateAuthenticationOkEsipa | 81 error}</c>, with
    /// <c>A0 {[80 transactionId], 30 serverSigned1, 5F37 serverSignature1, 04 euiccCiPKIdToBeUsed
    /// (v1.2 name euiccCiPKIdentifierToBeUsed), 30 serverCertificate, [0C matchingId], [A2 ctxParams1]}</c>.
    /// Fields keep the received values; <see cref="ServerSignature1"/> and <see cref="EuiccCiPKIdToBeUsed"/>
    /// strip the doubled envelope of the captured eIM (<see cref="EsipaEnvelope"/>).
    /// </summary>
    public sealed class InitiateAuthenticationResponseEsipa : EsipaMessage
    {
        public const int InvalidDpAddress = 1;
        public const int EuiccVersionNotSupportedByDp = 2;
        public const int CiPKIdNotSupported = 3;
        public const int SmdpAddressMismatch = 50;
        public const int SmdpOidMismatch = 51;
        public const int InvalidEimTransactionId = 52;
        public const int UndefinedError = 127;

        /// <summary>-1 for the ok alternative.</summary>
        public int ErrorCode = -1;
        public byte[] TransactionId;
        /// <summary>Complete 30 TLV.</summary>
        public byte[] ServerSigned1;
        /// <summary>Value of 5F37 as received (64 bytes, or 67 with the doubled envelope).</summary>
        public byte[] ServerSignature1Raw;
        public byte[] EuiccCiPKIdRaw;
        public byte[] ServerCertificate;
        public string MatchingId;
        /// <summary>Complete A2 TLV, or null.</summary>
        public byte[] CtxParams1;

        public override int Kind { get { return EsipaKind.InitiateAuthenticationResponse; } }

        public bool IsOk { get { return ErrorCode < 0; } }

        /// <summary>The 64-byte signature, inner 5F37 envelope removed.</summary>
        public byte[] ServerSignature1 { get { return EsipaEnvelope.Strip(ServerSignature1Raw, RspTags.Signature); } }

        /// <summary>The key identifier, inner 04 envelope removed.</summary>
        public byte[] EuiccCiPKIdToBeUsed { get { return EsipaEnvelope.Strip(EuiccCiPKIdRaw, Tags.OctetString); } }

        public bool HasDoubledEnvelope
        {
            get { return EsipaEnvelope.IsDoubled(ServerSignature1Raw, RspTags.Signature) || EsipaEnvelope.IsDoubled(EuiccCiPKIdRaw, Tags.OctetString); }
        }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.InitiateAuthenticationEsipa);
            if (!IsOk) w.WriteInteger(0x81, ErrorCode);
            else
            {
                w.Begin(0xA0);
                if (TransactionId != null) w.Write(0x80, TransactionId);
                w.WriteRaw(ServerSigned1);
                w.Write(RspTags.Signature, ServerSignature1Raw);
                w.Write(Tags.OctetString, EuiccCiPKIdRaw);
                w.WriteRaw(ServerCertificate);
                if (MatchingId != null) w.WriteUtf8(Tags.Utf8String, MatchingId);
                if (CtxParams1 != null) w.WriteRaw(CtxParams1);
                w.End();
            }
            w.End();
        }

        public static InitiateAuthenticationResponseEsipa Decode(Tlv t, Sgp32Version assumed)
        {
            var resp = new InitiateAuthenticationResponseEsipa();
            resp.Version = assumed;
            var ok = OkOrError(t, 0xA0, 0x81, out resp.ErrorCode);
            if (ok == null)
            {
                if (resp.ErrorCode == InvalidEimTransactionId || resp.ErrorCode == UndefinedError) resp.Version = Sgp32Version.V1_2;
                return resp;
            }
            var f = new Sgp32Fields(ok);
            resp.TransactionId = f.OptionalValue(0x80);
            resp.ServerSigned1 = f.Encoded(Tags.Sequence);
            resp.ServerSignature1Raw = f.Value(RspTags.Signature);
            resp.EuiccCiPKIdRaw = f.Value(Tags.OctetString);
            resp.ServerCertificate = f.Encoded(Tags.Sequence);
            resp.MatchingId = f.OptionalUtf8(Tags.Utf8String);
            resp.CtxParams1 = f.OptionalEncoded(0xA2);
            return resp;
        }
    }

    /// <summary>ESipa.AuthenticateClient request: <c>BF3B {80 transactionId, BF38 AuthenticateServerResponse}</c>.</summary>
    public sealed class AuthenticateClientRequestEsipa : EsipaMessage
    {
        public byte[] TransactionId;
        /// <summary>Complete BF38 TLV (ES10b response, possibly compact).</summary>
        public byte[] AuthenticateServerResponse;

        public override int Kind { get { return EsipaKind.AuthenticateClientRequest; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.AuthenticateClientEsipa).Write(0x80, TransactionId).WriteRaw(AuthenticateServerResponse).End();
        }

        public static AuthenticateClientRequestEsipa Decode(Tlv t, Sgp32Version assumed)
        {
            var q = new AuthenticateClientRequestEsipa();
            q.Version = assumed;
            var f = new Sgp32Fields(t);
            q.TransactionId = f.Value(0x80);
            q.AuthenticateServerResponse = f.Encoded(RspTags.AuthenticateServer);
            return q;
        }
    }

    /// <summary>
    /// ESipa.AuthenticateClient response: <c>BF3B {A0 okDP | A1 okDS | 82 error}</c>; okDP =
    /// <c>{[80 transactionId], [BF25 profileMetaData], 30 smdpSigned2, 5F37 smdpSignature2, 30 smdpCertificate, [04 hashCc]}</c>,
    /// okDS = <c>{80 transactionId, [BF54 profileDownloadTrigger]}</c>.
    /// </summary>
    public sealed class AuthenticateClientResponseEsipa : EsipaMessage
    {
        public const int OkDp = 0xA0;
        public const int OkDs = 0xA1;
        public const int Error = 0x82;

        public int ResultKind = OkDp;
        public int ErrorCode;
        public byte[] TransactionId;
        /// <summary>Complete BF25 TLV, or null.</summary>
        public byte[] ProfileMetadata;
        public byte[] SmdpSigned2;
        /// <summary>Value of 5F37 as received (see <see cref="EsipaEnvelope"/>).</summary>
        public byte[] SmdpSignature2Raw;
        public byte[] SmdpCertificate;
        public byte[] HashCc;
        public ProfileDownloadTriggerRequest ProfileDownloadTrigger;

        public override int Kind { get { return EsipaKind.AuthenticateClientResponse; } }

        public byte[] SmdpSignature2 { get { return EsipaEnvelope.Strip(SmdpSignature2Raw, RspTags.Signature); } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.AuthenticateClientEsipa);
            if (ResultKind == Error) w.WriteInteger(Error, ErrorCode);
            else if (ResultKind == OkDs)
            {
                w.Begin(OkDs).Write(0x80, TransactionId);
                if (ProfileDownloadTrigger != null) ProfileDownloadTrigger.WriteTo(w);
                w.End();
            }
            else
            {
                w.Begin(OkDp);
                if (TransactionId != null) w.Write(0x80, TransactionId);
                if (ProfileMetadata != null) w.WriteRaw(ProfileMetadata);
                w.WriteRaw(SmdpSigned2);
                w.Write(RspTags.Signature, SmdpSignature2Raw);
                w.WriteRaw(SmdpCertificate);
                if (HashCc != null) w.Write(Tags.OctetString, HashCc);
                w.End();
            }
            w.End();
        }

        public static AuthenticateClientResponseEsipa Decode(Tlv t, Sgp32Version assumed)
        {
            var resp = new AuthenticateClientResponseEsipa();
            resp.Version = assumed;
            var c = Sgp32Der.Single(t);
            resp.ResultKind = c.Tag;
            if (c.Tag == Error) { resp.ErrorCode = c.AsInt(); return resp; }
            var f = new Sgp32Fields(c);
            if (c.Tag == OkDs)
            {
                resp.TransactionId = f.Value(0x80);
                var p = f.Optional(RspTags.ProfileDownloadTrigger);
                if (p != null) resp.ProfileDownloadTrigger = ProfileDownloadTriggerRequest.Decode(p);
                return resp;
            }
            if (c.Tag != OkDp) throw Sgp32Der.Unexpected(c, "AuthenticateClientResponseEsipa");
            resp.TransactionId = f.OptionalValue(0x80);
            resp.ProfileMetadata = f.OptionalEncoded(RspTags.StoreMetadata);
            resp.SmdpSigned2 = f.Encoded(Tags.Sequence);
            resp.SmdpSignature2Raw = f.Value(RspTags.Signature);
            resp.SmdpCertificate = f.Encoded(Tags.Sequence);
            var h = f.Optional(Tags.OctetString); if (h != null) resp.HashCc = Sgp32Der.Octets(h, 32);
            return resp;
        }
    }

    /// <summary>ESipa.GetBoundProfilePackage request: <c>BF3A {80 transactionId, BF21 PrepareDownloadResponse}</c>.</summary>
    public sealed class GetBoundProfilePackageRequestEsipa : EsipaMessage
    {
        public byte[] TransactionId;
        public byte[] PrepareDownloadResponse;

        public override int Kind { get { return EsipaKind.GetBoundProfilePackageRequest; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.GetBoundProfilePackageEsipa).Write(0x80, TransactionId).WriteRaw(PrepareDownloadResponse).End();
        }

        public static GetBoundProfilePackageRequestEsipa Decode(Tlv t, Sgp32Version assumed)
        {
            var q = new GetBoundProfilePackageRequestEsipa();
            q.Version = assumed;
            var f = new Sgp32Fields(t);
            q.TransactionId = f.Value(0x80);
            q.PrepareDownloadResponse = f.Encoded(RspTags.PrepareDownload);
            return q;
        }
    }

    /// <summary>ESipa.GetBoundProfilePackage response: <c>BF3A {A0 {[80 transactionId], BF36 BPP} | 81 error}</c>.</summary>
    public sealed class GetBoundProfilePackageResponseEsipa : EsipaMessage
    {
        public const int EuiccSignatureInvalid = 1;
        public const int ConfirmationCodeMissing = 2;
        public const int ConfirmationCodeRefused = 3;
        public const int ConfirmationCodeRetriesExceeded = 4;
        public const int BppRebindingRefused = 5;
        public const int DownloadOrderExpired = 6;
        public const int MetadataMismatch = 50;
        public const int InvalidTransactionId = 95;
        public const int UndefinedError = 127;

        public int ErrorCode = -1;
        public byte[] TransactionId;
        /// <summary>Complete BF36 TLV.</summary>
        public byte[] BoundProfilePackage;
        /// <summary>Where BF36 starts inside the decoded buffer (for streaming it on without a copy).</summary>
        public Tlv BoundProfilePackageTlv;

        public override int Kind { get { return EsipaKind.GetBoundProfilePackageResponse; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.GetBoundProfilePackageEsipa);
            if (ErrorCode >= 0) w.WriteInteger(0x81, ErrorCode);
            else
            {
                w.Begin(0xA0);
                if (TransactionId != null) w.Write(0x80, TransactionId);
                w.WriteRaw(BoundProfilePackage);
                w.End();
            }
            w.End();
        }

        public static GetBoundProfilePackageResponseEsipa Decode(Tlv t, Sgp32Version assumed)
        {
            var resp = new GetBoundProfilePackageResponseEsipa();
            resp.Version = assumed;
            var ok = OkOrError(t, 0xA0, 0x81, out resp.ErrorCode);
            if (ok == null) return resp;
            var f = new Sgp32Fields(ok);
            resp.TransactionId = f.OptionalValue(0x80);
            resp.BoundProfilePackageTlv = f.Required(RspTags.BoundProfilePackage);
            resp.BoundProfilePackage = resp.BoundProfilePackageTlv.Encoded();
            return resp;
        }
    }

    /// <summary>
    /// ESipa.CancelSession request: <c>BF41 {80 transactionId, A1 cancelSessionResponse}</c>. Both components are
    /// untagged, so automatic tags apply; A1 replaces the BF41 of the ES10b CancelSessionResponse (an implicit tag on a
    /// tagged CHOICE), i.e. A1 holds the chosen alternative. The model exposes the ES10b form (BF41 ...);
    /// a sender that left BF41 inside A1 is accepted too.
    /// </summary>
    public sealed class CancelSessionRequestEsipa : EsipaMessage
    {
        public byte[] TransactionId;
        /// <summary>The ES10b.CancelSession response as the eUICC returned it: complete BF41 TLV.</summary>
        public byte[] CancelSessionResponse;

        public override int Kind { get { return EsipaKind.CancelSessionRequest; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            var inner = TlvReader.Parse(CancelSessionResponse);
            w.Begin(RspTags.CancelSessionEsipa).Write(0x80, TransactionId);
            w.Write(0xA1, CancelSessionResponse, inner.ValueOffset, inner.Length);
            w.End();
        }

        public static CancelSessionRequestEsipa Decode(Tlv t, Sgp32Version assumed)
        {
            var q = new CancelSessionRequestEsipa();
            q.Version = assumed;
            var f = new Sgp32Fields(t);
            q.TransactionId = f.Value(0x80);
            var a = f.Required(0xA1);
            var alt = Sgp32Der.Single(a);
            q.CancelSessionResponse = alt.Tag == RspTags.CancelSessionEsipa ? alt.Encoded() : Der.Encode(RspTags.CancelSessionEsipa, a.Value());
            return q;
        }
    }

    /// <summary>ESipa.CancelSession response: <c>BF41 {A0 00 | 81 error}</c>.</summary>
    public sealed class CancelSessionResponseEsipa : EsipaMessage
    {
        public const int InvalidTransactionId = 1;
        public const int EuiccSignatureInvalid = 2;
        public const int UndefinedError = 127;

        public int ErrorCode = -1;

        public override int Kind { get { return EsipaKind.CancelSessionResponse; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.CancelSessionEsipa);
            if (ErrorCode >= 0) w.WriteInteger(0x81, ErrorCode);
            else w.WriteNull(0xA0);
            w.End();
        }

        public static CancelSessionResponseEsipa Decode(Tlv t, Sgp32Version assumed)
        {
            var resp = new CancelSessionResponseEsipa();
            resp.Version = assumed;
            OkOrError(t, 0xA0, 0x81, out resp.ErrorCode);
            return resp;
        }
    }

    /// <summary>
    /// ESipa.HandleNotification: v1.2 <c>BF3D {A0 {PendingNotification} | BF50 ProvideEimPackageResult}</c>;
    /// v1.0 <c>BF3D {A0 {PendingNotification} | A1 {EimPackageResult alternative}}</c> (automatic tags).
    /// The eIM answers HTTP 200/204 with an empty body.
    /// </summary>
    public sealed class HandleNotificationEsipa : EsipaMessage
    {
        /// <summary>Complete notification TLV (BF37 / 30 / compact A0 / A1), or null.</summary>
        public byte[] PendingNotification;
        public ProvideEimPackageResult ProvideEimPackageResult;

        public override int Kind { get { return EsipaKind.HandleNotification; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.HandleNotificationEsipa);
            if (PendingNotification != null) w.Begin(0xA0).WriteRaw(PendingNotification).End();
            else if (version == Sgp32Version.V1_0) { w.Begin(0xA1); ProvideEimPackageResult.WriteContent(w, version); w.End(); }
            else ProvideEimPackageResult.WriteTo(w, version);
            w.End();
        }

        public static HandleNotificationEsipa Decode(Tlv t, Sgp32Version assumed)
        {
            var h = new HandleNotificationEsipa();
            h.Version = assumed;
            var c = Sgp32Der.Single(t);
            if (c.Tag == 0xA0) h.PendingNotification = Sgp32Der.Single(c).Encoded();
            else if (c.Tag == RspTags.ProvideEimPackageResult)
            {
                h.ProvideEimPackageResult = ProvideEimPackageResult.Decode(c, Sgp32Version.V1_2);
                h.Version = Sgp32Version.V1_2;
            }
            else if (c.Tag == 0xA1)
            {
                h.ProvideEimPackageResult = ProvideEimPackageResult.Decode(c, Sgp32Version.V1_0);
                h.Version = Sgp32Version.V1_0;
            }
            else throw Sgp32Der.Unexpected(c, "HandleNotificationEsipa");
            return h;
        }
    }
}
