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
}
