using System;
using IotEsim.Firmware.Config;
using IotEsim.Firmware.Serial;

namespace IotEsim.Firmware.Runtime
{
    /// <summary>Runner states.</summary>
    public static class DeviceState
    {
        public const int LoadConfig = 0;
        public const int NetworkUp = 1;
        public const int Provision = 2;
        public const int RefreshSim = 3;
        public const int Attach = 4;
        public const int PollEim = 5;
        /// <summary>Config missing or invalid: nothing sensible to do but report and wait for a new file.</summary>
        public const int Halted = 6;

        public static string Name(int state)
        {
            switch (state)
            {
                case LoadConfig: return "load-config";
                case NetworkUp: return "network-up";
                case Provision: return "provision";
                case RefreshSim: return "refresh-sim";
                case Attach: return "attach";
                case PollEim: return "poll-eim";
                case Halted: return "halted";
                default: return "?";
            }
        }
    }

    /// <summary>
    /// The device's boot and run sequence as a poll-style state machine (no threads, no async):
    /// LoadConfig -> NetworkUp -> Provision -> RefreshSim -> Attach -> PollEim (every poll interval,
    /// back to RefreshSim when a package changed the enabled profile). Each <see cref="Step"/> does one
    /// bounded piece of work, feeds the watchdog and returns how long to sleep before the next step.
    /// Failures back off exponentially (5 s doubling to 15 min) and retry the failed state; a provisioner that knows
    /// better (<see cref="IRetryHint"/>, the IPA engine's own backoff) sets the delay instead.
    /// After a SIM refresh the provisioner is told (<see cref="ICardResetListener"/>): its ES10 channel died with the card.
    /// Stall policy: when no provisioning round or eIM poll succeeded for <see cref="FirmwareConfig.StallRebootHours"/>
    /// the runner asks <see cref="IReboot"/> to restart the chip (a hung step is the watchdog's job instead).
    /// </summary>
    public class DeviceRunner
    {
        public const int MinBackoffMs = 5000;
        public const int MaxBackoffMs = 15 * 60 * 1000;
        public const int AttachPollMs = 2000;
        public const int AttachTimeoutMs = 180000;

        private readonly IConfigSource _configSource;
        private readonly INetwork _network;
        private readonly IProvisioner _provisioner;
        private readonly ICellular _cellular;
        private readonly IWatchdog _watchdog;
        private readonly IStatusLed _led;
        private readonly ILog _log;
        private readonly IClock _clock;
        private int _backoffMs = MinBackoffMs;
        private long _attachStart = -1;
        private long _nextPoll;
        private long _lastProgress = -1;
        private long _provisionAt;

        /// <summary>Optional: restarts the device when the stall policy fires.</summary>
        public IReboot Rebooter;

        public DeviceRunner(IConfigSource configSource, INetwork network, IProvisioner provisioner, ICellular cellular,
                            IWatchdog watchdog, IStatusLed led, ILog log, IClock clock)
        {
            _configSource = configSource;
            _network = network;
            _provisioner = provisioner;
            _cellular = cellular;
            _watchdog = watchdog;
            _led = led;
            _log = log;
            _clock = clock == null ? (IClock)SystemClock.Instance : clock;
            State = DeviceState.LoadConfig;
        }

        public int State { get; private set; }
        public FirmwareConfig Config { get; private set; }
        public int Polls { get; private set; }
        public int Refreshes { get; private set; }
        public int Failures { get; private set; }
        public string LastError { get; private set; }

        /// <summary>Set once the stall policy asked for a reboot.</summary>
        public bool RebootRequested { get; private set; }

        /// <summary>Runs one step; returns the delay in ms before the next call.</summary>
        public int Step()
        {
            if (_watchdog != null) _watchdog.Feed();
            if (CheckStall()) return 60000;
            try
            {
                switch (State)
                {
                    case DeviceState.LoadConfig: return DoLoadConfig();
                    case DeviceState.NetworkUp: return DoNetworkUp();
                    case DeviceState.Provision: return DoProvision();
                    case DeviceState.RefreshSim: return DoRefresh();
                    case DeviceState.Attach: return DoAttach();
                    case DeviceState.PollEim: return DoPoll();
                    default: return 60000;
                }
            }
            catch (Exception e)
            {
                // A fault in one step must not kill the loop; the failed state is retried after a back-off.
                return Fail("unexpected " + e.Message);
            }
        }

        private int DoLoadConfig()
        {
            Led(LedPattern.Booting);
            string text = _configSource == null ? null : _configSource.Load();
            if (text == null) return Halt("no config file");
            FirmwareConfig c;
            try { c = FirmwareConfigParser.Parse(text); }
            catch (FormatException e) { return Halt("config: " + e.Message); }
            string problem = c.Validate();
            if (problem != null) return Halt("config: " + problem);
            Config = c;
            Info("config loaded, network " + c.NetworkMode + ", eUICC via " + c.EuiccLink);
            return Go(DeviceState.NetworkUp);
        }

        private int DoNetworkUp()
        {
            Led(LedPattern.Connecting);
            if (_network != null && !_network.IsUp && !_network.Connect(Config)) return Fail("network did not come up");
            return Go(DeviceState.Provision);
        }

        private int DoProvision()
        {
            Led(LedPattern.Provisioning);
            long now = _clock.NowMs;
            if (now < _provisionAt) return Clamp(_provisionAt - now);
            int outcome = _provisioner == null ? ProvisionOutcome.NoChange : _provisioner.Provision(Config);
            Info("provision: " + ProvisionOutcome.Name(outcome));
            if (outcome == ProvisionOutcome.ProfileChanged) { Progress(); return Go(DeviceState.RefreshSim); }
            if (outcome == ProvisionOutcome.NoChange) { Progress(); return Go(DeviceState.Attach); }
            if (outcome == ProvisionOutcome.RetryLater)
            {
                int delay = Fail("provisioning to be retried");
                int hint = RetryHint();
                if (hint > 0) delay = hint;
                _provisionAt = now + delay;
                return Clamp(delay);
            }
            // Permanent failure: keep the device reachable through eIM polling rather than looping on it.
            Failures++;
            LastError = "provisioning failed";
            Warn(LastError);
            return Go(DeviceState.Attach);
        }

        private int DoRefresh()
        {
            Led(LedPattern.Provisioning);
            Refreshes++;
            bool ok = _cellular == null || _cellular.RefreshSim();
            // Even a failed refresh may have reset the card halfway: the provisioner reopens its channel either way.
            var listener = _provisioner as ICardResetListener;
            if (listener != null && _cellular != null) listener.OnCardReset();
            if (!ok) return Fail("SIM refresh failed");
            return Go(DeviceState.Attach);
        }

        private int DoAttach()
        {
            Led(LedPattern.Connecting);
            long now = _clock.NowMs;
            if (_attachStart < 0) _attachStart = now;
            if (_cellular == null || _cellular.IsAttached())
            {
                _attachStart = -1;
                Info("attached");
                _nextPoll = now;
                return Go(DeviceState.PollEim);
            }
            if (now - _attachStart > AttachTimeoutMs)
            {
                _attachStart = -1;
                // Not attaching with the enabled profile is what the eIM must hear about; poll anyway
                // (over Wi-Fi, or after the modem falls back) instead of waiting forever.
                Warn("not attached after " + (AttachTimeoutMs / 1000).ToString() + " s");
                _nextPoll = now;
                return Go(DeviceState.PollEim);
            }
            return AttachPollMs;
        }

        private int DoPoll()
        {
            long now = _clock.NowMs;
            if (now < _nextPoll) return Clamp(_nextPoll - now);
            Led(LedPattern.Attached);
            if (_network != null && !_network.IsUp) return Go(DeviceState.NetworkUp);
            Polls++;
            int outcome = _provisioner == null ? ProvisionOutcome.NoChange : _provisioner.PollEim(Config);
            _nextPoll = now + (long)Config.PollIntervalSeconds * 1000;
            if (outcome == ProvisionOutcome.ProfileChanged)
            {
                Progress();
                // Re-attach with the new profile, then finish the round (notifications) right away.
                return Go(DeviceState.RefreshSim);
            }
            if (outcome == ProvisionOutcome.RetryLater)
            {
                // Retry sooner than the full interval, but with back-off (the engine's own when it gives one).
                int hint = RetryHint();
                _nextPoll = now + (hint > 0 ? hint : _backoffMs);
                _backoffMs = Next(_backoffMs);
                return Clamp(_nextPoll - now);
            }
            Progress();
            if (outcome == ProvisionOutcome.Failed) { Failures++; LastError = "eIM package failed"; Warn(LastError); }
            _backoffMs = MinBackoffMs;
            return Clamp(_nextPoll - now);
        }

        /// <summary>A provisioning round or poll reached the servers and the card: the device is not stalled.</summary>
        private void Progress()
        {
            _lastProgress = _clock.NowMs;
        }

        private bool CheckStall()
        {
            if (RebootRequested || Config == null || Config.StallRebootHours <= 0) return RebootRequested;
            long now = _clock.NowMs;
            if (_lastProgress < 0) { _lastProgress = now; return false; }
            if (now - _lastProgress <= (long)Config.StallRebootHours * 3600000) return false;
            RebootRequested = true;
            string why = "no successful provisioning or eIM poll for " + Config.StallRebootHours.ToString() + " h"
                + (LastError == null ? "" : " (last error: " + LastError + ")");
            if (_log != null) _log.Error("stall: " + why + ", rebooting");
            if (Rebooter != null) Rebooter.Reboot(why);
            return true;
        }

        private int RetryHint()
        {
            var h = _provisioner as IRetryHint;
            return h == null ? 0 : h.RetryAfterMs;
        }

        private int Go(int state)
        {
            if (state != State) Info("state " + DeviceState.Name(State) + " -> " + DeviceState.Name(state));
            State = state;
            _backoffMs = MinBackoffMs;
            return 0;
        }

        private int Fail(string message)
        {
            Failures++;
            LastError = message;
            Warn(message + ", retry in " + (_backoffMs / 1000).ToString() + " s");
            Led(LedPattern.Error);
            int delay = _backoffMs;
            _backoffMs = Next(_backoffMs);
            return delay;
        }

        private int Halt(string message)
        {
            LastError = message;
            if (_log != null) _log.Error(message);
            Led(LedPattern.Error);
            State = DeviceState.LoadConfig;
            // Re-read the file now and then: a maker may copy a fixed config with nanoff --filedeployment.
            return 30000;
        }

        private static int Next(int backoff)
        {
            int n = backoff * 2;
            return n > MaxBackoffMs ? MaxBackoffMs : n;
        }

        private static int Clamp(long ms)
        {
            if (ms < 0) return 0;
            // Wake at least once a minute so the watchdog is fed.
            return ms > 60000 ? 60000 : (int)ms;
        }

        private void Led(int pattern)
        {
            if (_led != null) _led.Show(pattern);
        }

        private void Info(string m)
        {
            if (_log != null) _log.Info(m);
        }

        private void Warn(string m)
        {
            if (_log != null) _log.Warn(m);
        }
    }
}
