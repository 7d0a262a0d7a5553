using System;
using System.Diagnostics;
using System.Threading;
using IotEsim.Firmware.At;
using IotEsim.Firmware.Config;
using IotEsim.Firmware.Runtime;
using nanoFramework.Runtime.Native;

namespace IotEsim.Firmware.Device
{
    /// <summary>Log to the debugger / serial console.</summary>
    public class DebugLog : ILog
    {
        public void Info(string message) { Debug.WriteLine("I " + message); }
        public void Warn(string message) { Debug.WriteLine("W " + message); }
        public void Error(string message) { Debug.WriteLine("E " + message); }
    }

    /// <summary>
    /// Software watchdog: a thread reboots the chip when <see cref="Feed"/> was not called for the configured time.
    /// (The listed nanoFramework 1.x packages expose no task-watchdog API; Power.RebootDevice is in Runtime.Native.)
    /// </summary>
    public class SoftWatchdog : IWatchdog
    {
        private readonly int _timeoutMs;
        private long _lastFeed;

        public SoftWatchdog(int timeoutSeconds)
        {
            _timeoutMs = timeoutSeconds * 1000;
            _lastFeed = DateTime.UtcNow.Ticks;
            if (_timeoutMs > 0) new Thread(Watch).Start();
        }

        public void Feed()
        {
            _lastFeed = DateTime.UtcNow.Ticks;
        }

        private void Watch()
        {
            while (true)
            {
                Thread.Sleep(1000);
                long idleMs = (DateTime.UtcNow.Ticks - _lastFeed) / 10000;
                if (idleMs > _timeoutMs)
                {
                    Debug.WriteLine("E watchdog: no progress for " + (idleMs / 1000).ToString() + " s, rebooting");
                    Power.RebootDevice();
                }
            }
        }
    }

    /// <summary>
    /// Status "LED". nanoFramework.System.Device.Gpio is not among the firmware's packages yet, so the pattern is
    /// logged; wiring a GPIO LED means adding that package and driving config.LedPin here.
    /// </summary>
    public class LoggedStatusLed : IStatusLed
    {
        private int _last = -1;

        public void Show(int pattern)
        {
            if (pattern == _last) return;
            _last = pattern;
            Debug.WriteLine("LED " + pattern.ToString());
        }
    }

    /// <summary>Cellular side through the modem's AT channel: SIM refresh per profile, registration via AT+CEREG?.</summary>
    public class ModemCellular : ICellular
    {
        private readonly AtChannel _at;
        private readonly ModemProfile _profile;

        public ModemCellular(AtChannel at, ModemProfile profile)
        {
            _at = at;
            _profile = profile;
        }

        public bool RefreshSim()
        {
            return new SimRefresher(_at, _profile).Refresh();
        }

        public bool IsAttached()
        {
            try
            {
                AtResponse r = _at.Send("AT+CEREG?", "+CEREG:", _profile.AtTimeoutMs, false);
                if (!r.IsOk || r.First == null) return false;
                // +CEREG: <n>,<stat>[,...]: stat 1 = home, 5 = roaming.
                string s = r.First;
                int comma = s.IndexOf(',');
                if (comma < 0) return false;
                string stat = s.Substring(comma + 1);
                int next = stat.IndexOf(',');
                if (next >= 0) stat = stat.Substring(0, next);
                stat = stat.Trim();
                return stat == "1" || stat == "5";
            }
            catch (AtTimeoutException) { return false; }
        }
    }

    /// <summary>Placeholder until the IPA engine (ipa/) implements IProvisioner: reports that nothing changed.</summary>
    public class PendingProvisioner : IProvisioner
    {
        private readonly ILog _log;

        public PendingProvisioner(ILog log)
        {
            _log = log;
        }

        public int Provision(FirmwareConfig config)
        {
            _log.Warn("IPA engine not linked yet: no provisioning");
            return ProvisionOutcome.NoChange;
        }

        public int PollEim(FirmwareConfig config)
        {
            return ProvisionOutcome.NoChange;
        }
    }
}
