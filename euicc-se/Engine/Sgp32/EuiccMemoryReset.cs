using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Euicc.Engine.Sgp32
{
    public sealed partial class Sgp32Functions
    {
        const int ProfileClassTest = 0;
        const int ProfileClassProvisioning = 1;
        const int ProfileClassOperational = 2;
        const int ProfileStateEnabled = 1;

        /// <summary>
        /// SGP.32 v1.2 eUICCMemoryReset (BF64 {82 resetOptions}, digest 9.4). Profiles are removed through
        /// <see cref="IProfileOperations"/> (an enabled one is disabled first); resetEimConfigData removes
        /// every eIM configuration (the eUICC accepts AddInitialEim again), resetImmediateEnableConfig the
        /// immediate-enable configuration, resetDefaultSmdpAddress the address set by PSMO.
        /// This eUICC does not mark test profiles as pre-loaded or field-loaded, so both test options
        /// delete every test profile.
        /// </summary>
        byte[] EuiccMemoryResetFunction(byte[] data)
        {
            Sgp32Version version;
            int options = EuiccMemoryReset.DecodeRequest(data, out version);
            var resp = new EuiccMemoryReset();
            resp.Version = Sgp32Version.V1_2;
            bool deleted = false;
            bool failed = false;

            bool operational = Bit(options, EuiccMemoryReset.DeleteOperationalProfiles);
            bool test = Bit(options, EuiccMemoryReset.DeleteFieldLoadedTestProfiles) || Bit(options, EuiccMemoryReset.DeletePreLoadedTestProfiles);
            bool provisioning = Bit(options, EuiccMemoryReset.DeleteProvisioningProfiles);
            if (operational || test || provisioning)
            {
                var list = ProfileInfoListResponse.Decode(_profiles.GetProfilesInfo(new byte[] { 0xBF, 0x2D, 0x00 }));
                for (int i = 0; i < list.Profiles.Count; i++)
                {
                    var p = list.Get(i);
                    bool wanted = p.ProfileClass == ProfileClassTest ? test
                        : p.ProfileClass == ProfileClassProvisioning ? provisioning
                        : operational; // absent class defaults to operational (SGP.22 ProfileInfo)
                    if (!wanted || p.Iccid == null) continue;
                    if (p.ProfileState == ProfileStateEnabled)
                    {
                        int d = _profiles.Disable(p.Iccid);
                        if (d == EuiccResultCode.CatBusy) { resp.ResetResult = EuiccMemoryReset.CatBusy; return resp.EncodeResponse(); }
                        if (d != EuiccResultCode.Ok) { failed = true; continue; }
                    }
                    if (_profiles.Delete(p.Iccid) == EuiccResultCode.Ok) deleted = true;
                    else failed = true;
                }
            }
            if (Bit(options, EuiccMemoryReset.ResetDefaultSmdpAddress) && _store.Exists(KeyDefaultDp))
            {
                _store.Delete(KeyDefaultDp);
                deleted = true;
            }
            if (Bit(options, EuiccMemoryReset.ResetEimConfigData))
            {
                bool had = _store.Exists(EimConfigurationStore.Key) && EimConfigurationStore.Load(_store).Count > 0;
                if (had)
                {
                    // The token counter is kept: associations made later must not reuse old tokens.
                    var cfg = EimConfigurationStore.Load(_store);
                    cfg.Clear();
                    cfg.Save();
                    _store.Delete(KeyRollback);
                }
                resp.ResetEimResult = had ? EuiccMemoryReset.Ok : EuiccMemoryReset.NothingToDelete;
            }
            if (Bit(options, EuiccMemoryReset.ResetImmediateEnableConfig))
            {
                _store.Delete(KeyImmediateEnable);
                resp.ResetImmediateEnableConfigResult = EuiccMemoryReset.Ok;
            }
            if (failed) resp.ResetResult = EuiccMemoryReset.UndefinedError;
            else if (deleted || resp.ResetEimResult == EuiccMemoryReset.Ok || resp.ResetImmediateEnableConfigResult == EuiccMemoryReset.Ok) resp.ResetResult = EuiccMemoryReset.Ok;
            else resp.ResetResult = EuiccMemoryReset.NothingToDelete;
            return resp.EncodeResponse();
        }

        static bool Bit(int mask, int bit) { return (mask & (1 << bit)) != 0; }
    }
}
