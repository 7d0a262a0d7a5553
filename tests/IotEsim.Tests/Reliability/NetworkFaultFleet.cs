using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Euicc.Identity;
using IotEsim.Ipa.Desktop;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Servers.SmDp;
using IotEsim.Servers.SmDs;
using IotEsim.Servers.Storage;
using IotEsim.Tests.SmDp;
using Microsoft.Extensions.DependencyInjection;

namespace IotEsim.Tests.Reliability
{
    /// <summary>Monotonic test time: the device loop advances it by exactly the waits the engine asks for.</summary>
    public sealed class FakeClock : IClock
    {
        public long Now = 1_000_000;
        public long NowMs => Interlocked.Read(ref Now);
        public void Advance(long ms) => Interlocked.Add(ref Now, ms);
    }

    public sealed class SeededJitter : IJitter
    {
        private readonly Random _r;
        public SeededJitter(int seed) { _r = new Random(seed); }
        public int Next(int maxExclusive) => maxExclusive <= 0 ? 0 : _r.Next(maxExclusive);
    }

    /// <summary>One in-process device: the C# eUICC (own EID and CERT.EUICC under the server PKI's EUM) behind the ISD-R
    /// applet, and the IPA provisioning engine talking HTTP through its own <see cref="FaultingTransport"/>.</summary>
    public sealed class FleetDevice
    {
        public int Index;
        public string Eid;
        public string ExpectedIccid;
        public string MatchingId;
        public MemoryStore EuiccStore = new MemoryStore();
        public MemoryStore IpaStore = new MemoryStore();
        public EuiccEngine Euicc;
        public Es10Channel Es10;
        public ProvisioningEngine Ipa;
        public FaultingTransport Net;
        public FakeClock Clock = new FakeClock();
        public IpaConfig Config;
        public int Steps;
        public bool Converged;
        public string Outcome;
        public readonly List<string> Trace = new List<string>();

        /// <summary>Steps the engine until it is idle with an enabled profile (or the step budget runs out).</summary>
        public void Run(int maxSteps)
        {
            for (Steps = 0; Steps < maxSteps; Steps++)
            {
                StepResult r;
                try { r = Ipa.Step(); }
                catch (Exception e) { Outcome = "Step threw " + e.GetType().Name + ": " + e.Message; Trace.Add(Outcome); return; }
                if (Ipa.LastError != null && r.Kind == StepResult.KindAgainLater) Trace.Add(r + " after: " + Ipa.LastError);
                switch (r.Kind)
                {
                    case StepResult.KindAgainLater: Clock.Advance(r.DelayMs); break;
                    case StepResult.KindAgainWhenOnline: Clock.Advance(1000); break;
                    case StepResult.KindIdle:
                        if (Euicc.HasEnabledProfile) { Converged = true; Outcome = "converged after " + Steps + " steps"; return; }
                        // Nothing to do yet (e.g. no SM-DS event): the next round comes after the poll interval.
                        Clock.Advance(Config.PollIntervalMs);
                        break;
                }
            }
            Outcome = "no convergence after " + maxSteps + " steps; last error: " + Ipa.LastError;
        }

        public ProfileInfoListResponse Profiles() => Es10c.GetProfilesInfo(Es10, null);
    }

    /// <summary>
    /// N devices against one real SM-DP+ / SM-DS (Kestrel on loopback, SQLite), each with its own order (ES2+
    /// DownloadOrder + ConfirmOrder) for its own ICCID, bound to its EID.
    /// </summary>
    public sealed class NetworkFaultFleet : IAsyncDisposable
    {
        public SmDpTestServer Server;
        public readonly List<FleetDevice> Devices = new List<FleetDevice>();
        public HttpClientTransport Http;
        public int Seed;
        private static readonly byte[] Upp = TestData.Bytes("upp/TS48V1-A-UNIQUE.der");

        public static async Task<NetworkFaultFleet> StartAsync(int seed)
        {
            var f = new NetworkFaultFleet { Seed = seed };
            f.Server = await SmDpTestServer.StartAsync();
            f.Server.App.Services.GetRequiredService<SmDsOptions>().AdditionalAddresses.Add(f.Server.HostPort);
            f.Http = new HttpClientTransport(null, null, TimeSpan.FromSeconds(30));
            return f;
        }

        public Dictionary<string, string> HostMap() => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            { SmDpTestServer.SmdpAddress, Server.BaseUrl },
            { SmDpTestServer.SmdsAddress, Server.BaseUrl },
        };

        /// <summary>The TS48 UPP with its header PE's ICCID (83, natural digit order, F-padded) set to <paramref name="iccid"/>:
        /// the eUICC checks it against StoreMetadata.</summary>
        public static byte[] UppFor(string iccid)
        {
            var upp = (byte[])Upp.Clone();
            var header = new IotEsim.Rsp.Asn1.TlvReader(upp, 0, upp.Length, false).Read();
            var t = header.Find(0x83);
            var v = Hex.Decode(iccid.Length % 2 == 1 ? iccid + "F" : iccid);
            if (t.Length != v.Length) throw new InvalidOperationException("ICCID length differs from the UPP's");
            Array.Copy(v, 0, upp, t.ValueOffset, v.Length);
            return upp;
        }

        public static string EidFor(int seed, int i) => "89049032" + (seed % 1_000_000).ToString("D6") + (i + 1).ToString("D18");
        public static string IccidFor(int seed, int i) => "8988" + (seed % 1_000_000).ToString("D6") + (i + 1).ToString("D9");

        /// <summary>Adds a device with an order; <paramref name="viaSmds"/>: the IPA has no activation code and finds the
        /// order as an SM-DS event (ES11), else it gets the activation code.</summary>
        public async Task<FleetDevice> AddDeviceAsync(bool viaSmds, string confirmationCode = null)
        {
            int i = Devices.Count;
            var d = new FleetDevice { Index = i, Eid = EidFor(Seed, i), ExpectedIccid = IccidFor(Seed, i) };
            var (cert, key) = ForeignEidCertificate.Issue(Server.Pki, d.Eid);
            var key32 = new byte[32];
            Array.Copy(key, 0, key32, 32 - key.Length, key.Length);
            var identity = new EuiccIdentity(cert, key32, Server.Pki.Eum.CertificateDer, new[] { Server.Pki.Ci.CertificateDer }, null);
            d.Euicc = new EuiccEngine(identity, BclCryptoProvider.Instance, d.EuiccStore, new EuiccOptions { Clock = new FixedClock(DateTime.UtcNow.Ticks) });
            var card = new CardTransport(new IsdrApplet(d.Euicc));

            if (!await Server.Store.AddProfileAsync(d.ExpectedIccid, "nf-" + d.ExpectedIccid, UppFor(d.ExpectedIccid), "IotEsim SP", "Fleet " + i, 2))
                throw new InvalidOperationException("ICCID " + d.ExpectedIccid + " already in the inventory");
            var (st, _, body) = await Server.PostAsync("/gsma/rsp2/es2plus/downloadOrder", JsonSerializer.Serialize(new { eid = d.Eid, profileType = "nf-" + d.ExpectedIccid }));
            if (st != 200 || !body.Contains("Executed-Success")) throw new InvalidOperationException("downloadOrder: " + body);
            (st, _, body) = await Server.PostAsync("/gsma/rsp2/es2plus/confirmOrder", JsonSerializer.Serialize(new
            {
                iccid = d.ExpectedIccid, eid = d.Eid, confirmationCode, smdsAddress = viaSmds ? Server.HostPort : null, releaseFlag = true,
            }));
            if (st != 200 || !body.Contains("Executed-Success")) throw new InvalidOperationException("confirmOrder: " + body);
            d.MatchingId = JsonDocument.Parse(body).RootElement.GetProperty("matchingId").GetString();

            d.Config = new IpaConfig
            {
                Scheme = "http",
                ActivationCode = viaSmds ? null : "1$" + SmDpTestServer.SmdpAddress + "$" + d.MatchingId,
                SmdsAddress = viaSmds ? SmDpTestServer.SmdsAddress : null,
                ConfirmationCode = confirmationCode,
                IndirectDownload = false,
                BackoffBaseMs = 2000,
                BackoffMaxMs = 120000,
                PollIntervalMs = 600000,
            };
            d.Net = new FaultingTransport(Http, HostMap(), Seed, i);
            d.Ipa = new ProvisioningEngine(d.Config, card, d.Net, d.IpaStore, d.Clock, new SeededJitter(Seed + i)) { Crypto = BclCryptoProvider.Instance };
            d.Es10 = d.Ipa.Es10;
            Devices.Add(d);
            return d;
        }

        /// <summary>Runs every device on its own thread until it converges or its step budget is spent.</summary>
        public void RunAll(int maxSteps, TimeSpan hangGuard)
        {
            var threads = Devices.Select(d => new Thread(() => d.Run(maxSteps)) { IsBackground = true, Name = "dev" + d.Index }).ToList();
            foreach (var t in threads) t.Start();
            var deadline = DateTime.UtcNow + hangGuard;
            foreach (var t in threads)
            {
                var left = deadline - DateTime.UtcNow;
                if (left < TimeSpan.Zero || !t.Join(left)) throw new TimeoutException("device thread " + t.Name + " still running after " + hangGuard + " (hang)");
            }
        }

        public async Task<List<T>> QueryAsync<T>(string sql, Func<System.Data.Common.DbDataReader, T> map, params (string, object)[] ps)
        {
            await using var c = await Server.Store.Db.OpenAsync();
            return await Sql.QueryAsync(c, null, sql, map, ps);
        }

        /// <summary>Fault counts per function and kind, for the test output.</summary>
        public string Report()
        {
            var sb = new StringBuilder();
            sb.AppendLine("seed " + Seed + ", " + Devices.Count + " devices");
            var all = Devices.SelectMany(d => d.Net.Log).ToList();
            foreach (var g in all.GroupBy(r => r.Function).OrderBy(g => g.Key))
            {
                sb.Append("  " + g.Key + ": " + g.Count() + " exchanges;");
                foreach (var k in g.Where(r => r.Fault != NetFault.None).GroupBy(r => r.Fault).OrderBy(k => k.Key.ToString()))
                    sb.Append(" " + k.Key + "=" + k.Count());
                sb.AppendLine();
            }
            sb.AppendLine("  faults injected: " + all.Count(r => r.Fault != NetFault.None));
            foreach (var d in Devices)
            {
                sb.AppendLine("  dev" + d.Index + " " + d.Eid + ": " + d.Outcome + ", faults " + d.Net.FaultsInjected);
                if (!d.Converged)
                {
                    sb.AppendLine("    exchanges: " + string.Join(" | ", d.Net.Log.Take(16)));
                    foreach (var t in d.Trace.Take(6)) sb.AppendLine("    " + t);
                }
            }
            return sb.ToString();
        }

        public async ValueTask DisposeAsync()
        {
            Http?.Dispose();
            if (Server != null) await Server.DisposeAsync();
        }
    }
}
