using System;
using IotEsim.Firmware.Config;
using IotEsim.Firmware.Runtime;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Storage;

namespace IotEsim.Firmware.Ipa
{
    /// <summary>
    /// The device's <see cref="IIpaEngineFactory"/>: one APDU transport (AT modem or framed link), one HTTP
    /// transport, one store, mapped from <see cref="FirmwareConfig"/> to <see cref="IpaConfig"/>. The transport is
    /// wrapped so every APDU exchange feeds the watchdog: a profile download is one engine step that can run for
    /// minutes on an ESP32, and what must trip the watchdog is a stall, not slow progress.
    /// </summary>
    public class IpaEngineFactory : IIpaEngineFactory
    {
        private readonly IApduTransport _card;
        private readonly IHttpTransport _http;
        private readonly IStore _store;
        private readonly Serial.IClock _clock;
        private readonly IWatchdog _watchdog;

        public IpaEngineFactory(IApduTransport card, IHttpTransport http, IStore store, Serial.IClock clock, IWatchdog watchdog)
        {
            _card = card;
            _http = http;
            _store = store;
            _clock = clock == null ? (Serial.IClock)Serial.SystemClock.Instance : clock;
            _watchdog = watchdog;
        }

        /// <summary>Optional: crypto for hashCc (confirmation codes).</summary>
        public ICryptoProvider Crypto;

        /// <summary>Optional: tells the engine when the data link is down (AgainWhenOnline instead of backoff).</summary>
        public IConnectivity Connectivity;

        /// <summary>ES10 options; null = defaults with the STORE DATA block size bounded by <see cref="MaxApduBytes"/>.</summary>
        public Es10Options Es10;

        /// <summary>Longest command APDU the link takes (the modem profile's MaxApduBytes; 261 for the framed link).</summary>
        public int MaxApduBytes = 261;

        public ProvisioningEngine Create(FirmwareConfig config)
        {
            var c = MapConfig(config);
            c.Es10 = Es10 != null ? Es10 : new Es10Options();
            int block = MaxApduBytes - 5;
            if (c.Es10.SegmentSize > block) c.Es10.SegmentSize = block;
            IApduTransport card = _watchdog == null ? _card : new WatchdogTransport(_card, _watchdog);
            var e = new ProvisioningEngine(c, card, _http, _store, new EngineClock(_clock), new SimpleJitter(_clock.NowMs));
            e.Crypto = Crypto;
            e.Connectivity = Connectivity;
            return e;
        }

        /// <summary>FirmwareConfig → IpaConfig (the part the engine reads).</summary>
        public static IpaConfig MapConfig(FirmwareConfig config)
        {
            var c = new IpaConfig();
            if (config.EimFqdn != null && config.EimFqdn.Length > 0) c.EimFqdn = config.EimFqdn;
            if (config.ActivationCode != null && config.ActivationCode.Length > 0) c.ActivationCode = config.ActivationCode;
            c.Scheme = config.IpaScheme;
            c.PollIntervalMs = config.PollIntervalSeconds * 1000;
            return c;
        }
    }

    /// <summary>The runner's network as the engine's connectivity (offline → AgainWhenOnline instead of backoff).</summary>
    public class NetworkConnectivity : IConnectivity
    {
        private readonly INetwork _network;

        public NetworkConnectivity(INetwork network)
        {
            _network = network;
        }

        public bool IsOnline
        {
            get { return _network == null || _network.IsUp; }
        }
    }

    /// <summary>The firmware clock as the engine's clock.</summary>
    public class EngineClock : IotEsim.Ipa.Engine.IClock
    {
        private readonly Serial.IClock _clock;

        public EngineClock(Serial.IClock clock)
        {
            _clock = clock;
        }

        public long NowMs
        {
            get { return _clock.NowMs; }
        }
    }

    /// <summary>Backoff jitter from a xorshift generator (spreads a fleet; not security-relevant).</summary>
    public class SimpleJitter : IJitter
    {
        private uint _s;

        public SimpleJitter(long seed)
        {
            _s = (uint)(seed ^ (seed >> 32)) | 1;
        }

        public int Next(int maxExclusive)
        {
            if (maxExclusive <= 1) return 0;
            _s ^= _s << 13;
            _s ^= _s >> 17;
            _s ^= _s << 5;
            return (int)(_s % (uint)maxExclusive);
        }
    }

    /// <summary>IApduTransport decorator: every exchange is progress, so it feeds the watchdog.</summary>
    public class WatchdogTransport : IApduTransport
    {
        private readonly IApduTransport _inner;
        private readonly IWatchdog _watchdog;

        public WatchdogTransport(IApduTransport inner, IWatchdog watchdog)
        {
            _inner = inner;
            _watchdog = watchdog;
        }

        public void Connect()
        {
            _watchdog.Feed();
            _inner.Connect();
        }

        public void Disconnect()
        {
            _inner.Disconnect();
        }

        public int OpenLogicalChannel(byte[] aid)
        {
            _watchdog.Feed();
            return _inner.OpenLogicalChannel(aid);
        }

        public void CloseLogicalChannel(int channel)
        {
            _inner.CloseLogicalChannel(channel);
        }

        public byte[] Transmit(byte[] command)
        {
            _watchdog.Feed();
            byte[] r = _inner.Transmit(command);
            _watchdog.Feed();
            return r;
        }
    }
}
