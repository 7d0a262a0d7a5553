using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>
    /// The SGP.32 ES10b requests that carry only <c>refreshFlag BOOLEAN</c>: as the sole untagged
    /// component under AUTOMATIC TAGS it is encoded <c>80 01 FF|00</c>, e.g. ExecuteFallbackMechanism
    /// <c>BF5D 03 80 01 FF</c>. Used for ProfileRollback (BF58), ImmediateEnable (BF5A, v1.2),
    /// EnableEmergencyProfile (BF5B), DisableEmergencyProfile (BF5C), ExecuteFallbackMechanism (BF5D),
    /// ReturnFromFallback (BF5E).
    /// </summary>
    public sealed class RefreshFlagRequest
    {
        public int Tag;
        public bool RefreshFlag;

        public RefreshFlagRequest(int tag, bool refreshFlag) { Tag = tag; RefreshFlag = refreshFlag; }

        public byte[] Encode()
        {
            var w = new TlvWriter(8);
            w.Begin(Tag).WriteBoolean(0x80, RefreshFlag).End();
            return w.ToArray();
        }

        public static RefreshFlagRequest Decode(byte[] data, int tag)
        {
            var t = Sgp32Der.Parse(data, tag);
            return new RefreshFlagRequest(tag, t.Require(0x80).AsBoolean());
        }
    }

    /// <summary>
    /// A response holding one INTEGER result <c>TAG {80 result}</c> (ImmediateEnable, ConfigureImmediateProfileEnabling,
    /// Enable/DisableEmergencyProfile, ExecuteFallbackMechanism, ReturnFromFallback, IpaeActivation, SetDefaultDpAddress).
    /// </summary>
    public sealed class ResultResponse
    {
        public int Tag;
        public int Result;

        public ResultResponse(int tag, int result) { Tag = tag; Result = result; }

        public byte[] Encode()
        {
            var w = new TlvWriter(8);
            w.Begin(Tag).WriteInteger(0x80, Result).End();
            return w.ToArray();
        }

        public static ResultResponse Decode(byte[] data, int tag)
        {
            var t = Sgp32Der.Parse(data, tag);
            return new ResultResponse(tag, t.Require(0x80).AsInt());
        }
    }

    /// <summary>ES10b.ProfileRollback (SGP.32 §5.9.16): <c>BF58 {80 refreshFlag}</c> ->
    /// <c>BF58 {02 cmdResult, [BF51 EuiccPackageResult]}</c>.</summary>
    public sealed class ProfileRollbackResponse
    {
        public const int Ok = 0;
        public const int RollbackNotAllowed = 1;
        public const int CatBusy = 5;
        public const int CommandError = 7;
        public const int UndefinedError = 127;

        public int CmdResult;
        public EuiccPackageResult EuiccPackageResult;

        public static RefreshFlagRequest Request(bool refreshFlag) { return new RefreshFlagRequest(RspTags.ProfileRollback, refreshFlag); }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.ProfileRollback).WriteInteger(Tags.Integer, CmdResult);
            if (EuiccPackageResult != null) EuiccPackageResult.WriteTo(w, Sgp32Version.V1_2);
            w.End();
            return w.ToArray();
        }

        public static ProfileRollbackResponse Decode(byte[] data)
        {
            var t = Sgp32Der.Parse(data, RspTags.ProfileRollback);
            var r = new ProfileRollbackResponse();
            r.CmdResult = t.Require(Tags.Integer).AsInt();
            var p = t.Find(RspTags.EuiccPackage);
            if (p != null) r.EuiccPackageResult = EuiccPackageResult.Decode(p);
            return r;
        }
    }

    /// <summary>
    /// ES10b.ConfigureImmediateProfileEnabling (v1.2, §5.9.17; v1.0 ConfigureAutoProfileEnabling, same
    /// bytes): <c>BF59 {[80 00 immediateEnableFlag], [81 defaultSmdpOid], [82 defaultSmdpAddress]}</c>
    /// -> <c>BF59 {80 result}</c>. Vector: <c>BF59 09 80 00 81 02 88 37 82 01 78</c>.
    /// </summary>
    public sealed class ConfigureImmediateProfileEnablingRequest
    {
        public const int Ok = 0;
        public const int InsufficientMemory = 1;
        public const int AssociatedEimAlreadyExists = 2;
        public const int UndefinedError = 127;

        public bool ImmediateEnableFlag;
        public byte[] DefaultSmdpOid;
        public string DefaultSmdpAddress;

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.ConfigureImmediateProfileEnabling);
            if (ImmediateEnableFlag) w.WriteNull(0x80);
            if (DefaultSmdpOid != null) w.Write(0x81, DefaultSmdpOid);
            if (DefaultSmdpAddress != null) w.WriteUtf8(0x82, DefaultSmdpAddress);
            w.End();
            return w.ToArray();
        }

        public static ConfigureImmediateProfileEnablingRequest Decode(byte[] data)
        {
            var t = Sgp32Der.Parse(data, RspTags.ConfigureImmediateProfileEnabling);
            var q = new ConfigureImmediateProfileEnablingRequest();
            var r = t.Children();
            var x = r.ReadOptional(0x80); if (x != null) { Sgp32Der.RequireNull(x); q.ImmediateEnableFlag = true; }
            x = r.ReadOptional(0x81); if (x != null) q.DefaultSmdpOid = x.Value();
            x = r.ReadOptional(0x82); if (x != null) q.DefaultSmdpAddress = Sgp32Der.Utf8(x);
            if (r.HasMore) throw Sgp32Der.Unexpected(r.Read(), "ConfigureImmediateProfileEnablingRequest");
            return q;
        }

        public static ResultResponse DecodeResponse(byte[] data) { return ResultResponse.Decode(data, RspTags.ConfigureImmediateProfileEnabling); }
    }

    /// <summary>ES10b.ImmediateEnable (v1.2 §5.9.15, <c>BF5A {80 refreshFlag}</c>) and its v1.0 predecessor
    /// EnableUsingDD (<c>BF5A 00</c>); both answer <c>BF5A {80 result}</c>.</summary>
    public static class ImmediateEnable
    {
        public const int Ok = 0;
        public const int ImmediateEnableNotAvailable = 1;
        public const int NoSessionContext = 4;
        public const int CatBusy = 5;
        public const int UndefinedError = 127;

        public static byte[] EncodeRequest(bool refreshFlag) { return new RefreshFlagRequest(RspTags.ImmediateEnable, refreshFlag).Encode(); }

        /// <summary>v1.0 EnableUsingDDRequest: <c>BF5A 00</c>.</summary>
        public static byte[] EncodeEnableUsingDdRequest() { return new byte[] { 0xBF, 0x5A, 0x00 }; }

        /// <summary>Decodes either form; <paramref name="refreshFlag"/> is false for the v1.0 empty request.</summary>
        public static Sgp32Version DecodeRequest(byte[] data, out bool refreshFlag)
        {
            var t = Sgp32Der.Parse(data, RspTags.ImmediateEnable);
            refreshFlag = false;
            if (t.Length == 0) return Sgp32Version.V1_0;
            refreshFlag = t.Require(0x80).AsBoolean();
            return Sgp32Version.V1_2;
        }

        public static ResultResponse DecodeResponse(byte[] data) { return ResultResponse.Decode(data, RspTags.ImmediateEnable); }
    }

    /// <summary>ES10b.EnableEmergencyProfile (BF5B) / DisableEmergencyProfile (BF5C), SGP.32 v1.2 §5.9.22-23.</summary>
    public static class EmergencyProfile
    {
        public const int Ok = 0;
        public const int ProfileNotInDisabledState = 2;
        public const int ProfileNotInEnabledState = 2;
        public const int CatBusy = 5;
        public const int EcallNotAvailable = 8;
        public const int UndefinedError = 127;

        public static byte[] EncodeEnable(bool refreshFlag) { return new RefreshFlagRequest(RspTags.EnableEmergencyProfile, refreshFlag).Encode(); }
        public static byte[] EncodeDisable(bool refreshFlag) { return new RefreshFlagRequest(RspTags.DisableEmergencyProfile, refreshFlag).Encode(); }
        public static ResultResponse DecodeEnableResponse(byte[] data) { return ResultResponse.Decode(data, RspTags.EnableEmergencyProfile); }
        public static ResultResponse DecodeDisableResponse(byte[] data) { return ResultResponse.Decode(data, RspTags.DisableEmergencyProfile); }
    }

    /// <summary>ES10b.ExecuteFallbackMechanism (BF5D) / ReturnFromFallback (BF5E), SGP.32 v1.2 §5.9.20-21.</summary>
    public static class FallbackMechanism
    {
        public const int Ok = 0;
        public const int ProfileNotInDisabledState = 2;
        public const int CatBusy = 5;
        public const int FallbackNotAvailable = 6;
        public const int CommandError = 7;
        public const int EcallActive = 104;
        public const int UndefinedError = 127;

        public static byte[] EncodeExecute(bool refreshFlag) { return new RefreshFlagRequest(RspTags.ExecuteFallbackMechanism, refreshFlag).Encode(); }
        public static byte[] EncodeReturn(bool refreshFlag) { return new RefreshFlagRequest(RspTags.ReturnFromFallback, refreshFlag).Encode(); }
        public static ResultResponse DecodeExecuteResponse(byte[] data) { return ResultResponse.Decode(data, RspTags.ExecuteFallbackMechanism); }
        public static ResultResponse DecodeReturnResponse(byte[] data) { return ResultResponse.Decode(data, RspTags.ReturnFromFallback); }
    }

    /// <summary>ES10b.GetConnectivityParameters (v1.2 §5.9.24): <c>BF5F 00</c> ->
    /// <c>BF5F {A0 {[81 httpParams]}}</c> or <c>BF5F {81 error}</c>.</summary>
    public sealed class GetConnectivityParametersResponse
    {
        public const int ParametersNotAvailable = 1;
        public const int UndefinedError = 127;

        public static byte[] EncodeRequest() { return new byte[] { 0xBF, 0x5F, 0x00 }; }

        /// <summary>-1 when connectivityParameters are present.</summary>
        public int Error = -1;
        public byte[] HttpParams;

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.GetConnectivityParameters);
            if (Error >= 0) w.WriteInteger(0x81, Error);
            else { w.Begin(0xA0); if (HttpParams != null) w.Write(0x81, HttpParams); w.End(); }
            w.End();
            return w.ToArray();
        }

        public static GetConnectivityParametersResponse Decode(byte[] data)
        {
            var t = Sgp32Der.Parse(data, RspTags.GetConnectivityParameters);
            var c = Sgp32Der.Single(t);
            var r = new GetConnectivityParametersResponse();
            if (c.Tag == 0x81) r.Error = c.AsInt();
            else if (c.Tag == 0xA0) { var h = c.Find(0x81); if (h != null) r.HttpParams = h.Value(); }
            else throw Sgp32Der.Unexpected(c, "GetConnectivityParametersResponse");
            return r;
        }
    }

    /// <summary>ES10b.IpaeActivation (v1.2 §3.8.4): <c>BF42 {80 ipaeOption BIT STRING}</c>, activateIpae = bit 0
    /// (<c>BF42 04 80 02 07 80</c>) -> <c>BF42 {80 result}</c> (ok 0, notSupported 1).</summary>
    public static class IpaeActivation
    {
        public const int Ok = 0;
        public const int NotSupported = 1;

        public static byte[] EncodeRequest(bool activateIpae)
        {
            var w = new TlvWriter(8);
            w.Begin(RspTags.IpaeActivation);
            // Named BIT STRING in DER: trailing zero bits removed; no bit set is the empty string 03 01 00.
            if (activateIpae) w.Write(0x80, new byte[] { 0x07, 0x80 });
            else w.Write(0x80, new byte[] { 0x00 });
            w.End();
            return w.ToArray();
        }

        public static bool DecodeRequest(byte[] data)
        {
            var b = Sgp32Der.Parse(data, RspTags.IpaeActivation).Require(0x80);
            if (b.Length == 0) throw new DerException(DerError.InvalidValue, b.ValueOffset, "empty BIT STRING");
            return b.Length > 1 && (b.Buffer[b.ValueOffset + 1] & 0x80) != 0;
        }

        public static ResultResponse DecodeResponse(byte[] data) { return ResultResponse.Decode(data, RspTags.IpaeActivation); }
    }
}
