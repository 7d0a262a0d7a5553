using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using IotEsim.Cli.Transports;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Host;
using IotEsim.Ipa.Desktop;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Desktop.Storage;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Cli.Demo
{
    /// <summary>
    /// One simulated device: a `sim:DIR` C# eUICC with its own certificate from the lab PKI, and the real IPA
    /// provisioning engine stepping on its own thread over the in-process eUICC and real loopback HTTPS.
    /// </summary>
    public sealed class DemoDevice : IDisposable
    {
        public readonly string Name;
        public readonly string Dir;
        public readonly string Eid;
        public readonly string Group;
        /// <summary>"activation code" or "SM-DS": how the eIM leads this device to its first profile.</summary>
        public readonly bool ViaSmds;
        public string FirstIccid;
        public string SecondIccid;
        /// <summary>ICCID that must be enabled at the end.</summary>
        public string ExpectedIccid;

        private readonly object _lock = new object();
        private string _step = "created";
        private Thread _thread;
        private volatile bool _stop;
        private IsdrApplet _card;
        private ProvisioningEngine _engine;
        private HttpClientTransport _http;
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public DemoDevice(string name, string dir, string eid, string group, bool viaSmds)
        {
            Name = name; Dir = dir; Eid = eid; Group = group; ViaSmds = viaSmds;
        }

        public string Step { get { lock (_lock) return _step; } }
        public string LastError { get; private set; }
        public double FirstProfileSeconds = -1;
        public double DoneSeconds = -1;
        public double ElapsedSeconds { get { return _clock.Elapsed.TotalSeconds; } }

        public void SetStep(string s) { lock (_lock) _step = s; }

        /// <summary>Writes the `sim:DIR` layout of <see cref="SimEuicc"/> with this device's own eUICC certificate.</summary>
        public void CreateEuicc(TestPki pki)
        {
            var entry = pki.IssueEuicc(Eid);
            var id = SimEuicc.IdentityDir(Dir);
            Directory.CreateDirectory(id);
            Directory.CreateDirectory(SimEuicc.StateDir(Dir));
            File.Copy(entry.CertificatePemPath, Path.Combine(id, "euicc.pem"), true);
            File.Copy(entry.KeyPemPath, Path.Combine(id, "euicc.key"), true);
            File.Copy(pki.Eum.CertificatePemPath, Path.Combine(id, "eum.pem"), true);
            File.Copy(pki.Ci.CertificatePemPath, Path.Combine(id, "ci.pem"), true);
            using (var f = File.Create(Path.Combine(Dir, SimEuicc.Manifest)))
            using (var w = new Utf8JsonWriter(f, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("eid", Eid);
                w.WriteString("pki", Path.GetFullPath(pki.Directory));
                w.WriteString("created", DateTime.UtcNow.ToString("o"));
                w.WriteEndObject();
            }
        }

        /// <summary>ES10b.AddInitialEim, as the factory would: the lab eIM with its certificate, indirect download.</summary>
        public void ConfigureEim(string eimId, string eimFqdn, byte[] eimCertificate)
        {
            var card = SimEuicc.Open(Dir);
            var es10 = new Es10Channel(new CardTransport(card));
            es10.Open();
            try
            {
                var c = new EimConfigurationData
                {
                    EimId = eimId,
                    EimFqdn = eimFqdn,
                    HasCounterValue = true,
                    CounterValue = 1,
                    EimPublicKeyKind = EimConfigurationData.KeyCertificate,
                    EimPublicKeyData = eimCertificate,
                    IndirectProfileDownload = true,
                };
                var req = new AddInitialEimRequest();
                req.EimConfigurations.Add(c);
                var r = Es10bIot.AddInitialEim(es10, req);
                if (!r.IsOk) throw new InvalidOperationException(Name + ": AddInitialEim failed with error " + r.ErrorCode);
            }
            finally { es10.Close(); }
        }

        /// <summary>Starts the IPA engine thread.</summary>
        public void Start(string caPem, string[] resolve, Action<DemoDevice, string> log)
        {
            _card = SimEuicc.Open(Dir);
            _http = new HttpClientTransport(new[] { caPem }, resolve, TimeSpan.FromSeconds(20));
            var cfg = new IpaConfig
            {
                Scheme = "https",
                IndirectDownload = true,
                BackoffBaseMs = 400,
                BackoffMaxMs = 3000,
                PollIntervalMs = 300,
            };
            var store = new FileStore(Path.Combine(Dir, "ipa"));
            _engine = new ProvisioningEngine(cfg, new CardTransport(_card), new StepTracker(_http, this), store, new TickClock(), new RandomJitter());
            _engine.Crypto = BclCryptoProvider.Instance;
            _thread = new Thread(() => Loop(log)) { IsBackground = true, Name = "ipa-" + Name };
            _thread.Start();
        }

        private void Loop(Action<DemoDevice, string> log)
        {
            string lastError = null;
            while (!_stop)
            {
                StepResult r;
                try { r = _engine.Step(); }
                catch (Exception e) { r = StepResult.AgainLater(1000); LastError = e.Message; }
                if (_engine.LastError != null && _engine.LastError != lastError)
                {
                    lastError = _engine.LastError;
                    LastError = lastError;
                    log(this, lastError);
                }
                int wait = r.Kind == StepResult.KindAgain ? 0 : r.Kind == StepResult.KindAgainLater ? Math.Min(r.DelayMs, 3000) : 250;
                if (r.Kind == StepResult.KindIdle && Step.StartsWith("polling", StringComparison.Ordinal)) SetStep("idle (eIM has nothing)");
                for (int slept = 0; slept < wait && !_stop; slept += 50) Thread.Sleep(50);
            }
        }

        /// <summary>Stops the engine thread and releases the eUICC (its files stay for `iotesim -e sim:DIR`).</summary>
        public void Stop()
        {
            _stop = true;
            if (_thread != null && !_thread.Join(TimeSpan.FromSeconds(30)))
                LastError = (LastError == null ? "" : LastError + "; ") + "IPA thread did not stop";
            _thread = null;
            if (_http != null) { _http.Dispose(); _http = null; }
        }

        /// <summary>The eUICC's profiles read over ES10 (GetProfilesInfo) from its sim directory; call after <see cref="Stop"/>.</summary>
        public ProfileInfoListResponse ReadProfiles()
        {
            var es10 = new Es10Channel(new CardTransport(SimEuicc.Open(Dir)));
            es10.Open();
            try { return Es10c.GetProfilesInfo(es10, null); }
            finally { es10.Close(); }
        }

        public void Dispose() { Stop(); }

        private sealed class TickClock : IClock { public long NowMs { get { return Environment.TickCount64; } } }

        private sealed class RandomJitter : IJitter { public int Next(int maxExclusive) { return Random.Shared.Next(maxExclusive); } }

        /// <summary>Names what the engine is doing from the request it sends (ESipa by the request's tag, ES11 by path).</summary>
        private sealed class StepTracker : IHttpTransport
        {
            private readonly IHttpTransport _inner;
            private readonly DemoDevice _d;
            public StepTracker(IHttpTransport inner, DemoDevice d) { _inner = inner; _d = d; }

            public HttpResponse Post(string url, string[] headerNames, string[] headerValues, byte[] body)
            {
                string s = Describe(url, body);
                if (s != null) _d.SetStep(s);
                return _inner.Post(url, headerNames, headerValues, body);
            }

            private static string Describe(string url, byte[] body)
            {
                if (url.Contains("/es11/") || url.Contains("smds")) return "SM-DS: looking for an event";
                if (body == null || body.Length < 2 || url.IndexOf("/gsma/rsp2/asn1", StringComparison.Ordinal) < 0) return "ES9+ " + url.Substring(url.LastIndexOf('/') + 1);
                int tag = (body[0] << 8) | body[1];
                switch (tag)
                {
                    case 0xBF4F: return "polling the eIM";
                    case 0xBF39: return "download: authenticating (via eIM)";
                    case 0xBF3B: return "download: eUICC authenticated";
                    case 0xBF3A: return "download: installing profile";
                    case 0xBF3D: return "notifying";
                    case 0xBF50: return "reporting result to the eIM";
                    case 0xBF41: return "download: cancelled";
                    default: return null;
                }
            }
        }
    }
}
