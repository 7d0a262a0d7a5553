using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Euicc.Engine.Sgp32
{
    public sealed partial class Sgp32Functions
    {
        internal const string KeyImmediateEnable = KeyPrefix + "immediate-enable";
        internal const string KeyDefaultDp = KeyPrefix + "default-dp";
        internal const string KeyFallback = KeyPrefix + "fallback";

        /// <summary>
        /// One Profile State Management Operation (SGP.32 §2.11.1.1.3 / §3.5). Profile state changes go
        /// through <see cref="IProfileOperations"/>, which owns and persists the profile rules; the result
        /// codes are passed through unchanged (they share the SGP.22 numbering).
        /// </summary>
        EuiccResultItem ExecutePsmo(Psmo p, PackageContext ctx, out bool ok)
        {
            int code;
            switch (p.Kind)
            {
                case Psmo.Enable:
                    code = _profiles.Enable(p.Iccid, p.RollbackFlag);
                    ok = code == EuiccResultCode.Ok;
                    var item = EuiccResultItem.Simple(EuiccResultItem.EnableResult, code);
                    if (ok && p.RollbackFlag)
                    {
                        // ProfileRollback must report to this eIM, inside a result it can verify: remember
                        // the package up to and including this enable.
                        var soFar = new ArrayList();
                        for (int i = 0; i < ctx.Results.Count; i++) soFar.Add(ctx.Results[i]);
                        soFar.Add(item);
                        SaveRollbackContext(ctx.EimId, ctx.Counter, ctx.TxId, soFar);
                    }
                    return item;
                case Psmo.Disable:
                    code = _profiles.Disable(p.Iccid);
                    ok = code == EuiccResultCode.Ok;
                    return EuiccResultItem.Simple(EuiccResultItem.DisableResult, code);
                case Psmo.Delete:
                    code = _profiles.Delete(p.Iccid);
                    ok = code == EuiccResultCode.Ok;
                    return EuiccResultItem.Simple(EuiccResultItem.DeleteResult, code);
                case Psmo.ListProfileInfo:
                    {
                        var raw = _profiles.GetProfilesInfo(p.ProfileInfoListRequest);
                        EuiccResultItem li;
                        try
                        {
                            li = EuiccResultItem.Constructed(raw);
                            ok = li.Kind == EuiccResultItem.ListProfileInfoResult && li.ResultCode() == EuiccResultCode.Ok;
                        }
                        catch (DerException)
                        {
                            li = EuiccResultItem.Constructed(ListProfileInfoError(EuiccResultCode.UndefinedError));
                            ok = false;
                        }
                        return li;
                    }
                case Psmo.GetRat:
                    {
                        // getRATResult [6] RulesAuthorisationTable: the rules set at manufacture.
                        var w = new TlvWriter();
                        w.Begin(0xA6);
                        var rat = _profiles.RulesAuthorisationTable;
                        if (rat != null) for (int i = 0; i < rat.Count; i++) ((ProfilePolicyAuthorisationRule)rat[i]).Write(w);
                        ok = true;
                        return EuiccResultItem.Constructed(w.End().ToArray());
                    }
                case Psmo.ConfigureImmediateEnable:
                    {
                        var c = new ConfigureImmediateProfileEnablingRequest();
                        c.ImmediateEnableFlag = p.ImmediateEnableFlag;
                        c.DefaultSmdpOid = p.DefaultSmdpOid;
                        c.DefaultSmdpAddress = p.DefaultSmdpAddress;
                        _store.Write(KeyImmediateEnable, c.Encode());
                        ok = true;
                        return EuiccResultItem.Simple(EuiccResultItem.ConfigureImmediateEnableResult, EuiccResultCode.Ok);
                    }
                case Psmo.SetFallbackAttribute:
                    code = _profiles.SetFallbackAttribute(p.Iccid);
                    ok = code == EuiccResultCode.Ok;
                    // ExecuteFallbackMechanism needs to know which profile carries the attribute.
                    if (ok) _store.Write(KeyFallback, Der.Encode(RspTags.Iccid, p.Iccid));
                    return EuiccResultItem.Simple(EuiccResultItem.SetFallbackAttributeResult, code);
                case Psmo.UnsetFallbackAttribute:
                    code = _profiles.UnsetFallbackAttribute();
                    ok = code == EuiccResultCode.Ok;
                    if (ok) _store.Delete(KeyFallback);
                    return EuiccResultItem.Simple(EuiccResultItem.UnsetFallbackAttributeResult, code);
                case Psmo.SetDefaultDpAddress:
                    _store.Write(KeyDefaultDp, Sgp32Der.Utf8Bytes(p.DefaultSmdpAddress));
                    ok = true;
                    return EuiccResultItem.SetDefaultDpAddress(EuiccResultCode.Ok);
                default:
                    ok = false;
                    return EuiccResultItem.Simple(EuiccResultItem.ProcessingTerminated, EuiccResultCode.UnknownOrDamagedCommand);
            }
        }

        static byte[] ListProfileInfoError(int code)
        {
            return Der.Encode(RspTags.ProfileInfoList, Sgp32Der.IntegerObject(0x81, code));
        }

        /// <summary>The default SM-DP+ address set by the setDefaultDpAddress PSMO, or null.</summary>
        public string DefaultDpAddress
        {
            get
            {
                var b = _store.Read(KeyDefaultDp);
                return b == null ? null : System.Text.Encoding.UTF8.GetString(b, 0, b.Length);
            }
        }
    }
}
