using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Euicc.Engine.Sgp32
{
    public sealed partial class Sgp32Functions
    {
        internal const string KeyLastInstalled = KeyPrefix + "last-installed";

        /// <summary>
        /// ES10b.ConfigureImmediateProfileEnabling (SGP.32 v1.2 §5.9.17, BF59; v1.0 ConfigureAutoProfileEnabling):
        /// stores the immediate-enable configuration. It is meant for eUICCs not managed by an eIM; with an
        /// eIM associated the eIM sets it through the configureImmediateEnable PSMO instead.
        /// </summary>
        byte[] ConfigureImmediateProfileEnabling(byte[] data)
        {
            var req = ConfigureImmediateProfileEnablingRequest.Decode(data);
            if (EimConfigurationStore.Load(_store).Count > 0)
                return Result(RspTags.ConfigureImmediateProfileEnabling, ConfigureImmediateProfileEnablingRequest.AssociatedEimAlreadyExists);
            _store.Write(KeyImmediateEnable, req.Encode());
            return Result(RspTags.ConfigureImmediateProfileEnabling, ConfigureImmediateProfileEnablingRequest.Ok);
        }

        /// <summary>
        /// Called by the engine after a profile was installed successfully, so ImmediateEnable knows which
        /// profile the just-finished download produced.
        /// </summary>
        public void NotifyProfileInstalled(byte[] iccid)
        {
            if (iccid == null) _store.Delete(KeyLastInstalled);
            else _store.Write(KeyLastInstalled, Der.Encode(RspTags.Iccid, iccid));
        }

        /// <summary>
        /// ES10b.ImmediateEnable (v1.2 §5.9.15, BF5A {80 refreshFlag}; v1.0 EnableUsingDD BF5A 00): enables the
        /// profile just downloaded when the immediate-enable configuration allows it. Each download can be
        /// enabled this way once: the marker is cleared after use.
        /// </summary>
        byte[] ImmediateEnableFunction(byte[] data)
        {
            bool refresh;
            ImmediateEnable.DecodeRequest(data, out refresh);
            var cfgData = _store.Read(KeyImmediateEnable);
            if (cfgData == null || !ConfigureImmediateProfileEnablingRequest.Decode(cfgData).ImmediateEnableFlag)
                return Result(RspTags.ImmediateEnable, ImmediateEnable.ImmediateEnableNotAvailable);
            var last = _store.Read(KeyLastInstalled);
            if (last == null) return Result(RspTags.ImmediateEnable, ImmediateEnable.NoSessionContext);
            byte[] iccid = TlvReader.ParseAndValidate(last).Value();
            int code = _profiles.Enable(iccid, false, refresh);
            if (code == EuiccResultCode.Ok) _store.Delete(KeyLastInstalled);
            int result;
            if (code == EuiccResultCode.Ok) result = ImmediateEnable.Ok;
            else if (code == EuiccResultCode.CatBusy) result = ImmediateEnable.CatBusy;
            else result = ImmediateEnable.UndefinedError;
            return Result(RspTags.ImmediateEnable, result);
        }
    }
}
