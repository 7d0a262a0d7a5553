using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Esipa
{
    /// <summary>StateChangeCause (SGP.32 v1.2 §6.3.2.6).</summary>
    public static class StateChangeCause
    {
        public const int OtherEim = 0;
        public const int Fallback = 1;
        public const int EmergencyProfile = 2;
        public const int Local = 3;
        public const int Reset = 4;
        public const int ImmediateEnableProfile = 5;
        public const int DeviceChange = 6;
        public const int Undefined = 127;
    }

    /// <summary>
    /// ESipa.GetEimPackage request (SGP.32 §6.3.2.6). v1.2: <c>BF4F {5A EID, [80 00 notifyStateChange],
    /// [81 stateChangeCause], [82 rPLMN]}</c>; v1.0: <c>BF4F {5A, [80 00], [81 rPLMN]}</c>. A 3-byte
    /// <c>81</c> is read as the v1.0 rPLMN, a 1..2-byte one as the v1.2 cause.
    /// </summary>
    public sealed class GetEimPackageRequest : EsipaMessage
    {
        public byte[] Eid;
        public bool NotifyStateChange;
        /// <summary>v1.2 only; -1 when absent.</summary>
        public int StateChangeCause = -1;
        public byte[] RPlmn;

        public override int Kind { get { return EsipaKind.GetEimPackageRequest; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.GetEimPackage);
            w.Write(RspTags.Eid, Eid);
            if (NotifyStateChange) w.WriteNull(0x80);
            if (version == Sgp32Version.V1_0)
            {
                if (RPlmn != null) w.Write(0x81, RPlmn);
            }
            else
            {
                if (StateChangeCause >= 0) w.WriteInteger(0x81, StateChangeCause);
                if (RPlmn != null) w.Write(0x82, RPlmn);
            }
            w.End();
        }

        public static GetEimPackageRequest Decode(Tlv t, Sgp32Version assumed)
        {
            var q = new GetEimPackageRequest();
            q.Version = assumed;
            var f = new Sgp32Fields(t);
            q.Eid = Sgp32Der.Octets(f.Required(RspTags.Eid), 16);
            var x = f.Optional(0x80); if (x != null) { Sgp32Der.RequireNull(x); q.NotifyStateChange = true; }
            x = f.Optional(0x81);
            if (x != null)
            {
                if (x.Length == 3) { q.RPlmn = x.Value(); q.Version = Sgp32Version.V1_0; }
                else { q.StateChangeCause = x.AsInt(); q.Version = Sgp32Version.V1_2; }
            }
            x = f.Optional(0x82);
            if (x != null) { q.RPlmn = Sgp32Der.Octets(x, 3); q.Version = Sgp32Version.V1_2; }
            return q;
        }
    }

    /// <summary>
    /// ESipa.GetEimPackage response: <c>BF4F {BF51 EuiccPackageRequest | BF52 IpaEuiccDataRequest |
    /// BF54 ProfileDownloadTriggerRequest | 02 eimPackageError}</c>; "nothing to do" is <c>BF4F 03 02 01 01</c>.
    /// </summary>
    public sealed class GetEimPackageResponse : EsipaMessage
    {
        public const int NoEimPackageAvailable = 1;
        public const int EidNotFound = 2;
        public const int InvalidEid = 3;
        public const int MissingEid = 4;
        public const int UndefinedError = 127;

        /// <summary>The alternative's tag: BF51, BF52, BF54 or 02.</summary>
        public int PackageKind;
        public EuiccPackageRequest EuiccPackageRequest;
        public IpaEuiccDataRequest IpaEuiccDataRequest;
        public ProfileDownloadTriggerRequest ProfileDownloadTriggerRequest;
        public int EimPackageError;

        public override int Kind { get { return EsipaKind.GetEimPackageResponse; } }

        public static GetEimPackageResponse Error(int code) { var r = new GetEimPackageResponse(); r.PackageKind = Tags.Integer; r.EimPackageError = code; return r; }
        public static GetEimPackageResponse Of(EuiccPackageRequest p) { var r = new GetEimPackageResponse(); r.PackageKind = RspTags.EuiccPackage; r.EuiccPackageRequest = p; return r; }
        public static GetEimPackageResponse Of(IpaEuiccDataRequest p) { var r = new GetEimPackageResponse(); r.PackageKind = RspTags.IpaEuiccData; r.IpaEuiccDataRequest = p; return r; }
        public static GetEimPackageResponse Of(ProfileDownloadTriggerRequest p) { var r = new GetEimPackageResponse(); r.PackageKind = RspTags.ProfileDownloadTrigger; r.ProfileDownloadTriggerRequest = p; return r; }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.GetEimPackage);
            WritePackage(w, version, PackageKind, EuiccPackageRequest, IpaEuiccDataRequest, ProfileDownloadTriggerRequest, null);
            if (PackageKind == Tags.Integer) w.WriteInteger(Tags.Integer, EimPackageError);
            w.End();
        }

        internal static void WritePackage(TlvWriter w, Sgp32Version version, int kind, EuiccPackageRequest epr, IpaEuiccDataRequest ied, ProfileDownloadTriggerRequest pdt, EimAcknowledgements acks)
        {
            switch (kind)
            {
                case RspTags.EuiccPackage: epr.WriteTo(w, version); break;
                case RspTags.IpaEuiccData: ied.WriteTo(w, version); break;
                case RspTags.ProfileDownloadTrigger: pdt.WriteTo(w); break;
                case RspTags.EimAcknowledgements: acks.WriteTo(w); break;
                case Tags.Integer: break;
                default: throw new InvalidOperationException("package kind " + Tags.Name(kind));
            }
        }

        public static GetEimPackageResponse Decode(Tlv t, Sgp32Version assumed)
        {
            var resp = new GetEimPackageResponse();
            resp.Version = assumed;
            var c = Sgp32Der.Single(t);
            resp.PackageKind = c.Tag;
            switch (c.Tag)
            {
                case RspTags.EuiccPackage: resp.EuiccPackageRequest = EuiccPackageRequest.Decode(c); break;
                case RspTags.IpaEuiccData:
                    {
                        bool v12;
                        resp.IpaEuiccDataRequest = IpaEuiccDataRequest.Decode(c, out v12);
                        if (v12) resp.Version = Sgp32Version.V1_2;
                        break;
                    }
                case RspTags.ProfileDownloadTrigger: resp.ProfileDownloadTriggerRequest = ProfileDownloadTriggerRequest.Decode(c); break;
                case Tags.Integer:
                    resp.EimPackageError = c.AsInt();
                    if (resp.EimPackageError >= EidNotFound && resp.EimPackageError <= MissingEid) resp.Version = Sgp32Version.V1_2;
                    break;
                default: throw Sgp32Der.Unexpected(c, "GetEimPackageResponse");
            }
            return resp;
        }
    }

    /// <summary>
    /// ESipa.ProvideEimPackageResult (SGP.32 §6.3.2.7). v1.2: <c>BF50 {[5A EID], EimPackageResult}</c>;
    /// v1.0: <c>BF50 {EimPackageResult}</c> (a tagged CHOICE, no EID; notifications wrapped in BF2B).
    /// </summary>
    public sealed class ProvideEimPackageResult : EsipaMessage
    {
        public byte[] Eid;
        public EimPackageResult Result;

        public override int Kind { get { return EsipaKind.ProvideEimPackageResult; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.ProvideEimPackageResult);
            WriteContent(w, version);
            w.End();
        }

        /// <summary>Content without the BF50 header (HandleNotificationEsipa v1.0 puts it under A1).</summary>
        internal void WriteContent(TlvWriter w, Sgp32Version version)
        {
            if (Eid != null && version != Sgp32Version.V1_0) w.Write(RspTags.Eid, Eid);
            Result.WriteTo(w, version, false);
        }

        public static ProvideEimPackageResult Decode(Tlv t, Sgp32Version assumed)
        {
            var p = new ProvideEimPackageResult();
            var version = assumed;
            var r = t.Children();
            var e = r.ReadOptional(RspTags.Eid);
            if (e != null) { p.Eid = Sgp32Der.Octets(e, 16); version = Sgp32Version.V1_2; }
            if (!r.HasMore) throw new DerException(DerError.MissingElement, t.ValueOffset, "eimPackageResult missing");
            p.Result = EimPackageResult.Decode(r.Read(), false, ref version);
            if (r.HasMore) throw new DerException(DerError.TrailingData, r.Position, "data after eimPackageResult");
            p.Version = version;
            return p;
        }
    }

    /// <summary>
    /// ESipa.ProvideEimPackageResult response. v1.2: <c>BF50 {BF53 acks | 30 00 emptyResponse | 02 error}</c>;
    /// v1.0: <c>BF50 {[BF53 acks]}</c>, so the empty answer is <c>BF50 00</c>.
    /// </summary>
    public sealed class ProvideEimPackageResultResponse : EsipaMessage
    {
        public const int EidNotFound = 2;
        public const int InvalidEid = 3;
        public const int MissingEid = 4;
        public const int UndefinedError = 127;

        /// <summary>null for the empty response (or an error).</summary>
        public EimAcknowledgements Acknowledgements;
        /// <summary>-1 when not an error (v1.2 only).</summary>
        public int ErrorCode = -1;

        public override int Kind { get { return EsipaKind.ProvideEimPackageResultResponse; } }

        public bool IsEmpty { get { return Acknowledgements == null && ErrorCode < 0; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.ProvideEimPackageResult);
            if (Acknowledgements != null) Acknowledgements.WriteTo(w);
            else if (ErrorCode >= 0)
            {
                if (version == Sgp32Version.V1_0) throw new InvalidOperationException("v1.0 ProvideEimPackageResultResponse has no error alternative");
                w.WriteInteger(Tags.Integer, ErrorCode);
            }
            else if (version != Sgp32Version.V1_0) w.WriteNull(Tags.Sequence);
            w.End();
        }

        public static ProvideEimPackageResultResponse Decode(Tlv t, Sgp32Version assumed)
        {
            var resp = new ProvideEimPackageResultResponse();
            resp.Version = assumed;
            if (t.Length == 0) { resp.Version = Sgp32Version.V1_0; return resp; }
            var c = Sgp32Der.Single(t);
            if (c.Tag == RspTags.EimAcknowledgements) resp.Acknowledgements = EimAcknowledgements.Decode(c);
            else if (c.Tag == Tags.Sequence) { if (c.Length != 0) throw new DerException(DerError.InvalidValue, c.ValueOffset, "emptyResponse not empty"); resp.Version = Sgp32Version.V1_2; }
            else if (c.Tag == Tags.Integer) { resp.ErrorCode = c.AsInt(); resp.Version = Sgp32Version.V1_2; }
            else throw Sgp32Der.Unexpected(c, "ProvideEimPackageResultResponse");
            return resp;
        }
    }

    /// <summary>ESipa.TransferEimPackage request (eIM push, §6.3.3.1): <c>BF4E {BF51 | BF52 | BF53 | BF54}</c>.</summary>
    public sealed class TransferEimPackageRequest : EsipaMessage
    {
        public int PackageKind;
        public EuiccPackageRequest EuiccPackageRequest;
        public IpaEuiccDataRequest IpaEuiccDataRequest;
        public EimAcknowledgements EimAcknowledgements;
        public ProfileDownloadTriggerRequest ProfileDownloadTriggerRequest;

        public override int Kind { get { return EsipaKind.TransferEimPackageRequest; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.TransferEimPackage);
            GetEimPackageResponse.WritePackage(w, version, PackageKind, EuiccPackageRequest, IpaEuiccDataRequest, ProfileDownloadTriggerRequest, EimAcknowledgements);
            w.End();
        }

        public static TransferEimPackageRequest Decode(Tlv t, Sgp32Version assumed)
        {
            var q = new TransferEimPackageRequest();
            q.Version = assumed;
            var c = Sgp32Der.Single(t);
            q.PackageKind = c.Tag;
            switch (c.Tag)
            {
                case RspTags.EuiccPackage: q.EuiccPackageRequest = EuiccPackageRequest.Decode(c); break;
                case RspTags.IpaEuiccData: { bool v12; q.IpaEuiccDataRequest = IpaEuiccDataRequest.Decode(c, out v12); if (v12) q.Version = Sgp32Version.V1_2; break; }
                case RspTags.EimAcknowledgements: q.EimAcknowledgements = EimAcknowledgements.Decode(c); break;
                case RspTags.ProfileDownloadTrigger: q.ProfileDownloadTriggerRequest = ProfileDownloadTriggerRequest.Decode(c); break;
                default: throw Sgp32Der.Unexpected(c, "TransferEimPackageRequest");
            }
            return q;
        }
    }

    /// <summary>ESipa.TransferEimPackage response: <c>BF4E {BF51 | 30 ePRAndNotifications | BF52 | 05 00 eimPackageReceived | 02 error}</c>.</summary>
    public sealed class TransferEimPackageResponse : EsipaMessage
    {
        public EimPackageResult Result;

        public override int Kind { get { return EsipaKind.TransferEimPackageResponse; } }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.TransferEimPackage);
            Result.WriteTo(w, version, true);
            w.End();
        }

        public static TransferEimPackageResponse Decode(Tlv t, Sgp32Version assumed)
        {
            var resp = new TransferEimPackageResponse();
            var version = assumed;
            var c = Sgp32Der.Single(t);
            if (c.Tag == RspTags.ProfileDownloadTrigger) throw Sgp32Der.Unexpected(c, "TransferEimPackageResponse");
            resp.Result = EimPackageResult.Decode(c, true, ref version);
            resp.Version = version;
            return resp;
        }
    }
}
