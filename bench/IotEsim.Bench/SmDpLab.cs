using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Identity;
using IotEsim.Ipa.Desktop;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Notifications;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Servers.SmDp;
using IotEsim.Servers.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IotEsim.Bench
{
    /// <summary>
    /// The lab SM-DP+ as it runs for real: Kestrel on 127.0.0.1 (port 0, plain HTTP as in the lab), SQLite (WAL) in a
    /// temp directory, TestPki identities, BCL crypto behind a counting decorator, and a middleware that adds up the time
    /// each ES9+ function spends in the server.
    /// </summary>
    public sealed class SmDpLab : IAsyncDisposable
    {
        public const string Eid = "89049032123451234512345678901235";
        public WebApplication App;
        public TestPki Pki;
        public string Dir;
        /// <summary>host:port the SM-DP+ answers for (the IPA uses it as smdpAddress; it also serves as notification address).</summary>
        public string Address;
        /// <summary>What AddSmDpPlus registers by default (BCL with key objects kept), behind the counting decorator.</summary>
        public CountingCrypto Crypto = new CountingCrypto(CachingBclCryptoProvider.Instance);
        public readonly ConcurrentDictionary<string, long[]> Endpoints = new ConcurrentDictionary<string, long[]>();
        private byte[] _upp;
        private long _iccidSeq;

        public static async Task<SmDpLab> StartAsync()
        {
            var s = new SmDpLab { Dir = Path.Combine(Path.GetTempPath(), "iotesim-bench-smdp-" + Guid.NewGuid().ToString("N").Substring(0, 10)) };
            s.Pki = TestPki.Create(Path.Combine(s.Dir, "pki"), Eid, new[] { "testsmdpplus1.example.com" }, DateTime.UtcNow.AddDays(-1));
            s._upp = Repo.Bytes("upp/TS48V1-A-UNIQUE.der");
            var b = WebApplication.CreateSlimBuilder();
            b.Logging.ClearProviders();
            b.WebHost.UseSmDpKestrel(s.Pki.Directory, System.Net.IPAddress.Loopback, 0, plainHttp: true);
            b.Services.AddSingleton<ICryptoProvider>(s.Crypto);
            b.Services.AddIotEsimStorage(o => { o.DataDirectory = Path.Combine(s.Dir, "data"); o.MigrateOnStart = true; });
            b.Services.AddSmDpPlus(o => { o.ServerAddress = "testsmdpplus1.example.com"; o.UseTestPki(s.Pki); o.Es12Scheme = "http"; });
            s.App = b.Build();
            s.App.Use(async (HttpContext ctx, Func<Task> next) =>
            {
                long t = Stopwatch.GetTimestamp();
                await next();
                var path = ctx.Request.Path.Value ?? "";
                var slot = s.Endpoints.GetOrAdd(path.Substring(path.LastIndexOf('/') + 1), _ => new long[2]);
                Interlocked.Add(ref slot[0], Stopwatch.GetTimestamp() - t);
                Interlocked.Increment(ref slot[1]);
            });
            s.App.MapSmDpPlus();
            await s.App.StartAsync();
            var addr = s.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            s.Address = new Uri(addr.Replace("0.0.0.0", "127.0.0.1")).Authority;
            s.App.Services.GetRequiredService<SmDpOptions>().AdditionalAddresses.Add(s.Address);
            return s;
        }

        public EuiccIdentity Identity()
        {
            return new EuiccIdentity(Pki.Euicc.CertificateDer, Pki.Euicc.PrivateKey, Pki.Eum.CertificateDer, new[] { Pki.Ci.CertificateDer }, null);
        }

        /// <summary>n released orders (ES2+ DownloadOrder + ConfirmOrder, no EID, fresh ICCID each); their matching IDs.</summary>
        public async Task<ConcurrentQueue<string>> OrdersAsync(int n)
        {
            var store = App.Services.GetRequiredService<SmDpStore>();
            var es2 = App.Services.GetRequiredService<Es2PlusService>();
            var q = new ConcurrentQueue<string>();
            for (int i = 0; i < n; i++)
            {
                string iccid = "8999" + Interlocked.Increment(ref _iccidSeq).ToString("D15");
                if (!await store.AddProfileAsync(iccid, "bench", WithIccid(_upp, iccid), "IotEsim Bench", "Bench " + iccid, 2)) throw new InvalidOperationException("profile " + iccid);
                await es2.DownloadOrderAsync(null, iccid, null);
                var r = await es2.ConfirmOrderAsync(iccid, null, null, null, null, true);
                q.Enqueue(r.MatchingId);
            }
            return q;
        }

        /// <summary>The UPP with another ICCID in its ProfileHeader (83, digits in natural order, F padded): the eUICC
        /// checks it against StoreMetadata (installFailedDueToIccidMismatch otherwise).</summary>
        public static byte[] WithIccid(byte[] upp, string iccid)
        {
            var header = new IotEsim.Rsp.Asn1.TlvReader(upp, 0, upp.Length, false).Read();
            var f = header.Find(0x83);
            if (f == null || f.Length != 10) throw new InvalidDataException("UPP header without a 10-byte iccid");
            var copy = (byte[])upp.Clone();
            var digits = Convert.FromHexString(iccid.PadRight(20, 'F'));
            Array.Copy(digits, 0, copy, f.ValueOffset, 10);
            return copy;
        }

        public void ResetCounters()
        {
            Crypto.Reset();
            Endpoints.Clear();
        }

        /// <summary>"initiateAuthentication 1.2 ms, …" per download.</summary>
        public string EndpointSummary(int downloads)
        {
            var parts = new List<string>();
            foreach (var kv in Endpoints.OrderBy(k => k.Key))
                parts.Add(kv.Key + " " + (CountingCrypto.Ms(kv.Value[0]) / Math.Max(1, downloads)).ToString("0.0") + " ms");
            return string.Join(", ", parts);
        }

        public async ValueTask DisposeAsync()
        {
            if (App != null) { await App.StopAsync(); await App.DisposeAsync(); }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Transport decorator adding up the time spent inside the card (the eUICC's processing).</summary>
    public sealed class TimedCardTransport : RawApduTransport
    {
        private readonly ISmartCard _card;
        public long Ticks;
        public TimedCardTransport(ISmartCard card) { _card = card; }
        public override void Connect() { }
        public override void Disconnect() { }
        public override byte[] Transmit(byte[] command)
        {
            long t = Stopwatch.GetTimestamp();
            var r = _card.ProcessApdu(command);
            Ticks += Stopwatch.GetTimestamp() - t;
            return r;
        }
    }

    /// <summary>
    /// One simulated device: the IPA (ProfileDownload.Direct over ES9+ with HttpClientTransport, then NotificationDelivery
    /// of the install result) driving a fresh C# eUICC (EuiccEngine + IsdrApplet, empty MemoryStore) per download.
    /// </summary>
    public sealed class SimDevice : IDisposable
    {
        private readonly EuiccIdentity _id;
        private readonly ICryptoProvider _crypto;
        private readonly HttpClientTransport _http = new HttpClientTransport(null, null, TimeSpan.FromSeconds(60));
        public long EuiccTicks;

        public SimDevice(EuiccIdentity id, ICryptoProvider crypto) { _id = id; _crypto = crypto; }

        public void Download(string smdpAddress, string matchingId)
        {
            var options = new EuiccOptions { Clock = new SystemClock() };
            var engine = new EuiccEngine(_id, _crypto, new MemoryStore(), options);
            var card = new TimedCardTransport(new IsdrApplet(engine));
            var es10 = new Es10Channel(card);
            es10.Open();
            var es9 = new Es9PlusClient(_http, "http");
            byte[] pir = new ProfileDownload(es10).Direct(es9, smdpAddress, matchingId);
            var result = new NotificationDelivery(es10, new MemoryStore()) { Es9 = es9 }.DeliverInstallResult(pir);
            if (!result.Data.Success) throw new InvalidOperationException("install failed");
            EuiccTicks += card.Ticks;
        }

        public void Dispose() { _http.Dispose(); }
    }

    /// <summary>Figures 1 and 2: complete downloads against the real SM-DP+ over loopback HTTP.</summary>
    public static class SmDpBench
    {
        /// <summary>The simulated eUICCs' crypto: the BCL backend (OpenSSL on Linux) with key objects kept between calls, as a
        /// desktop eUICC host would run it (the portable crypto's cost is the "eUICC crypto" figure).</summary>
        public static ICryptoProvider DeviceCrypto = new CachingBclCryptoProvider(1024);

        public static void Run(bool full)
        {
            RunAsync(full).GetAwaiter().GetResult();
        }

        private static async Task RunAsync(bool full)
        {
            await using var lab = await SmDpLab.StartAsync();
            var id = lab.Identity();
            int seq = full ? 200 : 40;
            int warm = 10;
            int total = full ? 3000 : 400;
            int workers = Math.Max(2, 3 * Environment.ProcessorCount);
            var orders = await lab.OrdersAsync(warm + seq + total + workers * 4);

            // 1. One device, one download after another: the latency of a whole download.
            var devCrypto = new CountingCrypto(DeviceCrypto);
            using (var dev = new SimDevice(id, devCrypto))
            {
                for (int i = 0; i < warm; i++) dev.Download(lab.Address, Take(orders));
                lab.ResetCounters();
                devCrypto.Reset();
                dev.EuiccTicks = 0;
                var proc1 = Process.GetCurrentProcess();
                var cpuSeq = proc1.TotalProcessorTime;
                var times = new List<double>();
                for (int i = 0; i < seq; i++)
                {
                    string mid = Take(orders);
                    long t = Stopwatch.GetTimestamp();
                    dev.Download(lab.Address, mid);
                    times.Add(CountingCrypto.Ms(Stopwatch.GetTimestamp() - t));
                }
                proc1.Refresh();
                double cpuPer = (proc1.TotalProcessorTime - cpuSeq).TotalMilliseconds / seq;
                times.Sort();
                double median = times[times.Count / 2], p99 = Percentile(times, 0.99);
                Figures.Add("download e2e", "IPA + C# eUICC + SM-DP+ (Kestrel, SQLite) one download, median", median, "ms", 50,
                    "p99 " + Figures.Format(p99) + " ms over " + seq + " sequential downloads incl. install notification; per download: CPU "
                    + cpuPer.ToString("0.0") + " ms; eUICC " + (CountingCrypto.Ms(dev.EuiccTicks) / seq).ToString("0.0") + " ms (crypto: public-key "
                    + (devCrypto.PublicKeyMs / seq).ToString("0.0") + ", symmetric " + (devCrypto.SymmetricMs / seq).ToString("0.0") + " ms); server crypto: public-key "
                    + (lab.Crypto.PublicKeyMs / seq).ToString("0.0") + ", symmetric " + (lab.Crypto.SymmetricMs / seq).ToString("0.0") + " ms; server wall per function: "
                    + lab.EndpointSummary(seq));
                Figures.Info("download e2e", "one download, p99", p99, "ms", "same run as the median");
            }

            // 2. Many devices at once: the SM-DP+'s complete downloads per second with the devices on the same machine.
            var devices = new SimDevice[workers];
            for (int i = 0; i < workers; i++) devices[i] = new SimDevice(id, DeviceCrypto);
            // Warm every connection and thread.
            RunWorkers(devices, lab.Address, orders, workers * 2);
            lab.ResetCounters();
            foreach (var d in devices) d.EuiccTicks = 0;
            var proc = Process.GetCurrentProcess();
            var cpu0 = proc.TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            int done = RunWorkers(devices, lab.Address, orders, total);
            double wall = CountingCrypto.Ms(Stopwatch.GetTimestamp() - t0) / 1000.0;
            proc.Refresh();
            double cpuMs = (proc.TotalProcessorTime - cpu0).TotalMilliseconds;
            long euicc = 0;
            foreach (var d in devices) { euicc += d.EuiccTicks; d.Dispose(); }
            double rate = done / wall;
            Figures.AddAtLeast("SM-DP+ load", "complete downloads/s, " + workers + " devices at once (BCL crypto, SQLite WAL)", rate, "/s", 500,
                done + " downloads in " + wall.ToString("0.0") + " s; CPU " + (cpuMs / done).ToString("0.0") + " ms per download on "
                + Environment.ProcessorCount + " cores (servers + devices); eUICC " + (CountingCrypto.Ms(euicc) / done).ToString("0.0")
                + " ms, server crypto: public-key " + (lab.Crypto.PublicKeyMs / done).ToString("0.0") + " ms (" + PerDownload(lab.Crypto, done)
                + "), symmetric " + (lab.Crypto.SymmetricMs / done).ToString("0.0") + " ms (" + (lab.Crypto.AesBytes / done / 1024.0).ToString("0.0") + " KB AES, "
                + (lab.Crypto.CmacBytes / done / 1024.0).ToString("0.0") + " KB CMAC, " + (lab.Crypto.HashBytes / done / 1024.0).ToString("0.0") + " KB SHA-256); server wall per function: "
                + lab.EndpointSummary(done));
        }

        private static string PerDownload(CountingCrypto c, int n)
        {
            return (c.Signs / (double)n).ToString("0.#") + " sign, " + (c.Verifies / (double)n).ToString("0.#") + " verify, "
                + (c.Ecdhs / (double)n).ToString("0.#") + " ECDH, " + ((c.KeyGens + c.Derives) / (double)n).ToString("0.#") + " keygen";
        }

        private static string Take(ConcurrentQueue<string> q)
        {
            string m;
            if (!q.TryDequeue(out m)) throw new InvalidOperationException("out of orders");
            return m;
        }

        /// <summary>Runs <paramref name="n"/> downloads spread over the devices (one thread each); returns how many succeeded,
        /// throws on the first failure.</summary>
        private static int RunWorkers(SimDevice[] devices, string address, ConcurrentQueue<string> orders, int n)
        {
            int left = n, ok = 0;
            Exception failure = null;
            var threads = new Thread[devices.Length];
            for (int i = 0; i < devices.Length; i++)
            {
                var dev = devices[i];
                threads[i] = new Thread(() =>
                {
                    try
                    {
                        while (Interlocked.Decrement(ref left) >= 0 && failure == null)
                        {
                            dev.Download(address, Take(orders));
                            Interlocked.Increment(ref ok);
                        }
                    }
                    catch (Exception e) { failure = e; }
                }) { IsBackground = true, Name = "device " + i };
                threads[i].Start();
            }
            foreach (var t in threads) t.Join();
            if (failure != null) throw new InvalidOperationException("download failed: " + failure.Message, failure);
            return ok;
        }

        public static double Percentile(List<double> sorted, double p)
        {
            return sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(sorted.Count * p) - 1))];
        }
    }
}
