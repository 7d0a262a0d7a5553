using System;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Ipa.Engine
{
    /// <summary>IPA settings. Everything has a sensible default; a lab device typically sets
    /// <see cref="Scheme"/> = "http" and an eIM or activation code.</summary>
    public sealed class IpaConfig
    {
        /// <summary>eIM address (host[:port]). Null: take eimFqdn from the eUICC's eIM configuration
        /// (GetEimConfigurationData). Set: used as configured, without asking the eUICC (consumer
        /// eUICCs without SGP.32 support, the way onomondo-ipa emulates it).</summary>
        public string EimFqdn;
        /// <summary>eimId to pair with <see cref="EimFqdn"/> when it is set here.</summary>
        public string EimId;
        /// <summary>Activation code used when no eIM is configured and no profile is enabled.</summary>
        public string ActivationCode;
        public string ConfirmationCode;
        /// <summary>SM-DS to poll instead of the eUICC's rootDsAddress.</summary>
        public string SmdsAddress;
        /// <summary>"https" (default) or "http" for lab servers.</summary>
        public string Scheme = "https";
        /// <summary>Download indirectly through the eIM (ESipa) instead of directly from the SM-DP+ (ES9+).</summary>
        public bool IndirectDownload = true;
        /// <summary>Enable the downloaded profile (only without an eIM; with one, the eIM decides).</summary>
        public bool EnableAfterDownload = true;
        public Sgp32Version EsipaVersion = Sgp32Version.V1_2;
        public Es10Options Es10 = new Es10Options();
        public DeviceInfo DeviceInfo;
        /// <summary>Retry delays: first failure waits ~BackoffBaseMs, doubling up to BackoffMaxMs.</summary>
        public int BackoffBaseMs = 5000;
        public int BackoffMaxMs = 3600000;
        /// <summary>Wait between two eIM polls once the eIM has nothing.</summary>
        public int PollIntervalMs = 3600000;
        /// <summary>Upper bound on eIM packages handled in one poll round (a misbehaving eIM cannot loop us forever).</summary>
        public int MaxPackagesPerPoll = 16;
    }
}
