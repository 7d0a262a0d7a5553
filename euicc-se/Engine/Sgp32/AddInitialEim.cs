using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Euicc.Engine.Sgp32
{
    public sealed partial class Sgp32Functions
    {
        /// <summary>
        /// ES10b.AddInitialEim (SGP.32 §5.9.4, BF57): installs the first eIM configuration(s) of a
        /// eUICC that has none. All-or-nothing: every configuration is checked before the single store
        /// write, so a refused or power-cut request leaves no eIM behind.
        /// </summary>
        byte[] AddInitialEim(byte[] data)
        {
            AddInitialEimRequest req;
            try { req = AddInitialEimRequest.Decode(data); }
            catch (DerException) { return AddInitialEimResponse.Error(AddInitialEimResponse.CommandError).Encode(); }

            var cfg = EimConfigurationStore.Load(_store);
            // The eIM(s) of an eUICC that already has one are managed by that eIM through eCOs only.
            if (cfg.Count > 0) return AddInitialEimResponse.Error(AddInitialEimResponse.AssociatedEimAlreadyExists).Encode();
            if (req.EimConfigurations.Count == 0) return AddInitialEimResponse.Error(AddInitialEimResponse.CommandError).Encode();

            var resp = new AddInitialEimResponse();
            for (int i = 0; i < req.EimConfigurations.Count; i++)
            {
                var c = (EimConfigurationData)req.EimConfigurations[i];
                if (cfg.Find(c.EimId) != null) return AddInitialEimResponse.Error(AddInitialEimResponse.CommandError).Encode();
                bool wantsToken;
                int err = cfg.Prepare(c, out wantsToken);
                if (err != 0) return AddInitialEimResponse.Error(err).Encode();
                if (wantsToken)
                {
                    if (cfg.TokensExhausted) return AddInitialEimResponse.Error(AddInitialEimResponse.UndefinedError).Encode();
                    c.HasAssociationToken = true;
                    c.AssociationToken = cfg.AllocateToken();
                    resp.Results.Add(c.AssociationToken);
                }
                else resp.Results.Add(null);
                cfg.Add(c);
            }
            cfg.Save();
            return resp.Encode();
        }

        /// <summary>
        /// ES10b.GetEimConfigurationData (SGP.32 §5.9.6, BF55): the stored configurations, all of them
        /// (<c>BF55 00</c>) or the one named in <c>A0 {80 eimId}</c> (an unknown eimId gives an empty list).
        /// counterValue is the current one, so the IPA/eIM can see where the replay window stands.
        /// </summary>
        byte[] GetEimConfigurationData(byte[] data)
        {
            var req = GetEimConfigurationDataRequest.Decode(data);
            var cfg = EimConfigurationStore.Load(_store);
            var resp = new GetEimConfigurationDataResponse();
            for (int i = 0; i < cfg.Count; i++)
            {
                var c = cfg.Get(i);
                if (req.EimId == null || req.EimId == c.EimId) resp.EimConfigurations.Add(c);
            }
            return resp.Encode();
        }
    }
}
