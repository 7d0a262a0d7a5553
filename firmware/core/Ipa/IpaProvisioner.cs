using System;
using IotEsim.Firmware.Config;
using IotEsim.Firmware.Runtime;
using IotEsim.Ipa.Engine;

namespace IotEsim.Firmware.Ipa
{
    /// <summary>Builds the IPA engine for a config; called again after every card reset (SIM refresh), because the
    /// engine's ES10 channel does not survive one. The engine keeps its in-flight work in the IStore, so a fresh
    /// engine resumes where the old one stopped.</summary>
    public interface IIpaEngineFactory
    {
        ProvisioningEngine Create(FirmwareConfig config);
    }

    /// <summary>
    /// <see cref="IProvisioner"/> over the real IPA <see cref="ProvisioningEngine"/>. Each call runs engine steps
    /// (feeding the watchdog between them) until the engine is idle, must wait, or changed the enabled profile:
    /// <list type="bullet">
    /// <item>Again: next step at once.</item>
    /// <item>Idle: the round is finished (eIM has nothing more / a profile is enabled) → NoChange.</item>
    /// <item>AgainLater(d): the engine backs off after a failure → RetryLater with <see cref="RetryAfterMs"/> = d.</item>
    /// <item>AgainWhenOnline: no data connection → RetryLater; the runner brings the network up first.</item>
    /// <item>ProfileChanged set by the engine (download + enable, or an eIM package) → ProfileChanged at once, so the
    /// runner re-reads the eUICC (SIM refresh per modem profile) and re-attaches before the engine goes on; the
    /// engine is then rebuilt (<see cref="OnCardReset"/>) and finishes the round (notifications) on the next poll.</item>
    /// </list>
    /// After <see cref="PermanentAfterFailures"/> failed attempts in a row (the engine's backoff count), first provisioning reports Failed so the
    /// runner moves on to eIM polling instead of retrying the same thing forever.
    /// </summary>
    public class IpaProvisioner : IProvisioner, ICardResetListener, IRetryHint
    {
        /// <summary>Upper bound on engine steps per call (one download is ~6 steps; a round of eIM packages 3 per package).</summary>
        public int MaxStepsPerCall = 100;
        public int PermanentAfterFailures = 6;

        private readonly IIpaEngineFactory _factory;
        private readonly IWatchdog _watchdog;
        private readonly ILog _log;
        private ProvisioningEngine _engine;

        public IpaProvisioner(IIpaEngineFactory factory, IWatchdog watchdog, ILog log)
        {
            _factory = factory;
            _watchdog = watchdog;
            _log = log;
        }

        /// <summary>The engine in use (null until the first call and after a card reset).</summary>
        public ProvisioningEngine Engine { get { return _engine; } }

        public int RetryAfterMs { get; private set; }

        /// <summary>Engines built so far (1 + card resets that were followed by a call).</summary>
        public int EnginesCreated { get; private set; }

        /// <summary>True when the last RetryLater came from a missing data connection.</summary>
        public bool WaitingForNetwork { get; private set; }

        public int Provision(FirmwareConfig config)
        {
            int outcome = Run(config);
            if (outcome == ProvisionOutcome.RetryLater && !WaitingForNetwork && _engine != null && _engine.Failures >= PermanentAfterFailures)
                return ProvisionOutcome.Failed;
            return outcome;
        }

        public int PollEim(FirmwareConfig config)
        {
            return Run(config);
        }

        public void OnCardReset()
        {
            if (_engine == null) return;
            // The logical channel died with the card reset: close our side, start a fresh engine next time.
            try { _engine.Es10.Close(); }
            catch (Exception) { }
            _engine = null;
        }

        private int Run(FirmwareConfig config)
        {
            RetryAfterMs = 0;
            WaitingForNetwork = false;
            if (_engine == null)
            {
                _engine = _factory.Create(config);
                EnginesCreated++;
            }
            for (int i = 0; i < MaxStepsPerCall; i++)
            {
                if (_watchdog != null) _watchdog.Feed();
                StepResult r = _engine.Step();
                if (_engine.ProfileChanged)
                {
                    _engine.ProfileChanged = false;
                    if (r.Kind == StepResult.KindAgainLater)
                    {
                        // Changed, but the step then failed (notification delivery, enable): refresh now, the rest is retried.
                        RetryAfterMs = r.DelayMs;
                        Warn("IPA: profile changed, then " + (_engine.LastError == null ? "a failure" : _engine.LastError));
                    }
                    else Info("IPA: profile changed");
                    return ProvisionOutcome.ProfileChanged;
                }
                switch (r.Kind)
                {
                    case StepResult.KindAgain:
                        continue;
                    case StepResult.KindIdle:
                        return ProvisionOutcome.NoChange;
                    case StepResult.KindAgainWhenOnline:
                        WaitingForNetwork = true;
                        Info("IPA: waiting for the network");
                        return ProvisionOutcome.RetryLater;
                    default:
                        RetryAfterMs = r.DelayMs;
                        Warn("IPA: " + (_engine.LastError == null ? "busy" : _engine.LastError) + ", again in " + (r.DelayMs / 1000).ToString() + " s");
                        return ProvisionOutcome.RetryLater;
                }
            }
            // An engine that never settles (a misbehaving eIM within MaxPackagesPerPoll, or a bug): give the loop back.
            Warn("IPA: no idle state after " + MaxStepsPerCall.ToString() + " steps");
            return ProvisionOutcome.RetryLater;
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
