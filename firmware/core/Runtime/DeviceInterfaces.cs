using System;
using IotEsim.Firmware.Config;

namespace IotEsim.Firmware.Runtime
{
    /// <summary>Result codes of <see cref="IProvisioner"/> calls.</summary>
    public static class ProvisionOutcome
    {
        /// <summary>A profile was installed or enabled: the modem must re-read the eUICC.</summary>
        public const int ProfileChanged = 0;
        /// <summary>Nothing to do (profile already in place, no eIM package pending).</summary>
        public const int NoChange = 1;
        /// <summary>Transient failure (network, eIM busy): try again after a back-off.</summary>
        public const int RetryLater = 2;
        /// <summary>Permanent failure (rejected by the eIM or SM-DP+, eUICC error): report and keep polling.</summary>
        public const int Failed = 3;

        public static string Name(int outcome)
        {
            switch (outcome)
            {
                case ProfileChanged: return "profile-changed";
                case NoChange: return "no-change";
                case RetryLater: return "retry-later";
                case Failed: return "failed";
                default: return "?";
            }
        }
    }

    /// <summary>The IPA engine as the device runner sees it (implemented by ipa/ later).</summary>
    public interface IProvisioner
    {
        /// <summary>First provisioning: add the initial eIM / download the profile named by the config. Synchronous.</summary>
        int Provision(FirmwareConfig config);

        /// <summary>One eIM poll (SGP.32 ESipa GetEimPackage) and execution of what it returns.</summary>
        int PollEim(FirmwareConfig config);
    }

    /// <summary>Data connection used to reach the eIM (Wi-Fi, or the modem's own stack).</summary>
    public interface INetwork
    {
        /// <summary>Brings the link up; false when it failed this time.</summary>
        bool Connect(FirmwareConfig config);

        bool IsUp { get; }
    }

    /// <summary>The cellular side: SIM refresh and registration state.</summary>
    public interface ICellular
    {
        /// <summary>Makes the modem re-read the eUICC (profile switch). True when the SIM is READY again.</summary>
        bool RefreshSim();

        /// <summary>True when registered (home or roaming) with the enabled profile.</summary>
        bool IsAttached();
    }

    /// <summary>Reads the config text (I:\iotesim.conf on the device); null when absent.</summary>
    public interface IConfigSource
    {
        string Load();
    }

    public interface IWatchdog
    {
        /// <summary>Called on every runner step; a hung step lets the hardware watchdog reset the chip.</summary>
        void Feed();
    }

    /// <summary>Told when the card behind the APDU transport was reset (AT+CFUN, SIM power cycle).</summary>
    public interface ICardResetListener
    {
        void OnCardReset();
    }

    /// <summary>Lets a provisioner suggest when to retry (the engine's own backoff) instead of the runner's.</summary>
    public interface IRetryHint
    {
        /// <summary>Milliseconds to wait before the next call after a RetryLater outcome; 0 = no advice.</summary>
        int RetryAfterMs { get; }
    }

    /// <summary>Restarts the device (nanoFramework Power.RebootDevice); the stall policy's last resort.</summary>
    public interface IReboot
    {
        void Reboot(string reason);
    }

    /// <summary>Status LED patterns.</summary>
    public static class LedPattern
    {
        public const int Off = 0;
        public const int Booting = 1;     // steady on
        public const int Connecting = 2;  // slow blink
        public const int Provisioning = 3;// fast blink
        public const int Attached = 4;    // short blip every few seconds
        public const int Error = 5;       // double blink
    }

    public interface IStatusLed
    {
        void Show(int pattern);
    }

    public interface ILog
    {
        void Info(string message);
        void Warn(string message);
        void Error(string message);
    }
}
