using System;

namespace IotEsim.Ipa.Engine
{
    /// <summary>What the caller of <see cref="ProvisioningEngine.Step"/> should do next.</summary>
    public sealed class StepResult
    {
        public const int KindAgain = 0;
        public const int KindAgainLater = 1;
        public const int KindAgainWhenOnline = 2;
        public const int KindIdle = 3;

        private StepResult(int kind, int delayMs) { Kind = kind; DelayMs = delayMs; }

        public int Kind { get; private set; }
        /// <summary>For AgainLater: milliseconds to wait before the next Step.</summary>
        public int DelayMs { get; private set; }

        /// <summary>More work is ready: call Step again now.</summary>
        public static readonly StepResult Again = new StepResult(KindAgain, 0);
        /// <summary>Nothing to do until the network is back.</summary>
        public static readonly StepResult AgainWhenOnline = new StepResult(KindAgainWhenOnline, 0);
        /// <summary>Everything is done; the next Step starts a new poll round.</summary>
        public static readonly StepResult Idle = new StepResult(KindIdle, 0);

        public static StepResult AgainLater(int ms) { return new StepResult(KindAgainLater, ms < 0 ? 0 : ms); }

        public override string ToString()
        {
            switch (Kind)
            {
                case KindAgain: return "Again";
                case KindAgainLater: return "AgainLater(" + DelayMs.ToString() + ")";
                case KindAgainWhenOnline: return "AgainWhenOnline";
                default: return "Idle";
            }
        }
    }

    /// <summary>Monotonic milliseconds (Environment.TickCount64 on the desktop, a tick counter on the device).</summary>
    public interface IClock
    {
        long NowMs { get; }
    }

    /// <summary>Randomness for backoff jitter (not security-relevant).</summary>
    public interface IJitter
    {
        /// <summary>A value in [0, maxExclusive).</summary>
        int Next(int maxExclusive);
    }

    /// <summary>Tells the engine whether a data connection is up.</summary>
    public interface IConnectivity
    {
        bool IsOnline { get; }
    }

    /// <summary>
    /// Exponential backoff with "equal jitter": attempt n waits between d/2 and d, where
    /// d = min(max, base·2^n). Half the delay is guaranteed (no hammering), the other half spreads a
    /// fleet that failed at the same moment.
    /// </summary>
    public sealed class Backoff
    {
        private readonly int _baseMs;
        private readonly int _maxMs;
        private readonly IJitter _jitter;

        public Backoff(int baseMs, int maxMs, IJitter jitter)
        {
            _baseMs = baseMs < 1 ? 1 : baseMs;
            _maxMs = maxMs < _baseMs ? _baseMs : maxMs;
            _jitter = jitter;
        }

        public int Failures { get; private set; }

        /// <summary>The ceiling d for the current failure count.</summary>
        public int Ceiling(int failures)
        {
            long d = _baseMs;
            for (int i = 0; i < failures && d < _maxMs; i++) d *= 2;
            if (d > _maxMs) d = _maxMs;
            return (int)d;
        }

        /// <summary>Records a failure and returns how long to wait.</summary>
        public int NextDelay()
        {
            int d = Ceiling(Failures);
            Failures++;
            int half = d / 2;
            return half + (_jitter == null || d - half <= 0 ? 0 : _jitter.Next(d - half + 1));
        }

        public void Reset() { Failures = 0; }
    }
}
