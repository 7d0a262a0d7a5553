using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Euicc.Engine.Sgp32
{
    public sealed partial class Sgp32Functions
    {
        internal const string KeyFallbackReturn = KeyPrefix + "fallback-return";

        /// <summary>
        /// ES10b.EnableEmergencyProfile (v1.2 §5.9.22, BF5B). This eUICC has no eCall/emergency profile
        /// (iotSpecificInfo does not announce ecallSupported), hence ecallNotAvailable.
        /// </summary>
        byte[] EnableEmergencyProfile(byte[] data)
        {
            RefreshFlag(data, RspTags.EnableEmergencyProfile);
            return Result(RspTags.EnableEmergencyProfile, EmergencyProfile.EcallNotAvailable);
        }

        /// <summary>ES10b.DisableEmergencyProfile (v1.2 §5.9.23, BF5C); see <see cref="EnableEmergencyProfile"/>.</summary>
        byte[] DisableEmergencyProfile(byte[] data)
        {
            RefreshFlag(data, RspTags.DisableEmergencyProfile);
            return Result(RspTags.DisableEmergencyProfile, EmergencyProfile.EcallNotAvailable);
        }

        /// <summary>
        /// ES10b.ExecuteFallbackMechanism (v1.2 §5.9.20, BF5D): the IPA lost connectivity with the enabled
        /// profile and switches to the profile carrying the fallback attribute. The profile it leaves is
        /// remembered (before the switch, one write) so ReturnFromFallback can go back.
        /// </summary>
        byte[] ExecuteFallbackMechanism(byte[] data)
        {
            bool refresh = RefreshFlag(data, RspTags.ExecuteFallbackMechanism);
            var fb = _store.Read(KeyFallback);
            if (fb == null) return Result(RspTags.ExecuteFallbackMechanism, FallbackMechanism.FallbackNotAvailable);
            byte[] fallbackIccid = TlvReader.ParseAndValidate(fb).Value();
            byte[] current = _profiles.EnabledIccid;
            if (current != null && Rsp.Util.Bytes.Equal(current, fallbackIccid))
                return Result(RspTags.ExecuteFallbackMechanism, FallbackMechanism.ProfileNotInDisabledState);
            if (current != null) _store.Write(KeyFallbackReturn, Der.Encode(RspTags.Iccid, current));
            else _store.Delete(KeyFallbackReturn);
            int code = _profiles.Enable(fallbackIccid, false, refresh);
            return Result(RspTags.ExecuteFallbackMechanism, MapFallbackResult(code));
        }

        /// <summary>ES10b.ReturnFromFallback (v1.2 §5.9.21, BF5E): re-enables the profile that was enabled
        /// before ExecuteFallbackMechanism.</summary>
        byte[] ReturnFromFallback(byte[] data)
        {
            bool refresh = RefreshFlag(data, RspTags.ReturnFromFallback);
            var back = _store.Read(KeyFallbackReturn);
            var fb = _store.Read(KeyFallback);
            byte[] current = _profiles.EnabledIccid;
            // Only meaningful while the fallback profile is the enabled one.
            if (back == null || fb == null || current == null || !Rsp.Util.Bytes.Equal(current, TlvReader.ParseAndValidate(fb).Value()))
                return Result(RspTags.ReturnFromFallback, FallbackMechanism.FallbackNotAvailable);
            int code = _profiles.Enable(TlvReader.ParseAndValidate(back).Value(), false, refresh);
            if (code == EuiccResultCode.Ok) _store.Delete(KeyFallbackReturn);
            return Result(RspTags.ReturnFromFallback, MapFallbackResult(code));
        }

        static int MapFallbackResult(int code)
        {
            switch (code)
            {
                case EuiccResultCode.Ok: return FallbackMechanism.Ok;
                case EuiccResultCode.ProfileNotInDisabledState: return FallbackMechanism.ProfileNotInDisabledState;
                case EuiccResultCode.CatBusy: return FallbackMechanism.CatBusy;
                case EuiccResultCode.IccidOrAidNotFound: return FallbackMechanism.FallbackNotAvailable;
                default: return FallbackMechanism.UndefinedError;
            }
        }
    }
}
