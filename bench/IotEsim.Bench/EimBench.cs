using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Servers.Eim.Fleet;
using IotEsim.Servers.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IotEsim.Bench
{
    /// <summary>
    /// Figure 3: eIM empty polls. Registered devices POST GetEimPackageRequest (ESipa ASN.1 binding, v1.2 encoding) with
    /// nothing queued for them; the eIM answers eimPackageError noEimPackageAvailable(1). Real Kestrel on loopback, SQLite
    /// (WAL) in a temp directory, and PostgreSQL when IOTESIM_PG names one or a local iotesim/iotesim server answers.
    /// </summary>
    public static class EimBench
    {
        public const string LocalPg = "Host=127.0.0.1;Port=5432;Username=iotesim;Password=iotesim;Database=iotesim";
        private static readonly byte[] EmptyAnswer = Hex.Decode("BF4F03020101");

        public static void Run(bool full)
        {
            RunAsync(full).GetAwaiter().GetResult();
        }

        private static async Task RunAsync(bool full)
        {
            double seconds = full ? 10 : 3;
            int devices = full ? 1000 : 200;
            string dir = Path.Combine(Path.GetTempPath(), "iotesim-bench-eim-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            try
            {
                var pki = TestPki.Create(Path.Combine(dir, "pki"), "89049032123451234512345678901235", new[] { "testsmdpplus1.example.com" }, DateTime.UtcNow.AddDays(-1));
                await Measure("SQLite (WAL)", o => { o.DataDirectory = Path.Combine(dir, "sqlite"); }, pki, devices, seconds);

                string env = Environment.GetEnvironmentVariable("IOTESIM_PG");
                string cs = string.IsNullOrWhiteSpace(env) ? LocalPg : env.Trim();
                string why = await ProbePostgres(cs);
                if (why != null)
                {
                    Figures.Skipped("eIM polls", "empty GetEimPackage/s, PostgreSQL",
                        (string.IsNullOrWhiteSpace(env) ? "IOTESIM_PG is not set and no local iotesim/iotesim server answered" : "IOTESIM_PG unreachable") + ": " + why);
                    return;
                }
                string schema = "bench_" + Guid.NewGuid().ToString("N").Substring(0, 10);
                await PgExec(cs, "CREATE SCHEMA " + schema);
                try
                {
                    await Measure("PostgreSQL", o =>
                    {
                        o.DataDirectory = Path.Combine(dir, "pg");
                        o.Kind = DatabaseKind.Postgres;
                        o.ConnectionString = new NpgsqlConnectionStringBuilder(cs) { SearchPath = schema, MaxPoolSize = 40 }.ToString();
                    }, pki, devices, seconds);
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    await PgExec(cs, "DROP SCHEMA " + schema + " CASCADE");
                }
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private static async Task<string> ProbePostgres(string cs)
        {
            try
            {
                await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { Timeout = 3 }.ToString());
                await c.OpenAsync();
                return null;
            }
            catch (Exception e) { return e.GetType().Name + ": " + e.Message; }
        }

        private static async Task PgExec(string cs, string sql)
        {
            await using var c = new NpgsqlConnection(cs);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, c);
            await cmd.ExecuteNonQueryAsync();
        }

        private static async Task Measure(string label, Action<StorageOptions> storage, TestPki pki, int devices, double seconds)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            builder.Services.AddIotEsimStorage(o => { storage(o); o.MigrateOnStart = true; });
            builder.Services.AddFleetApi(o => { o.RunWebhookDispatcher = false; });
            builder.Services.AddEsipa(o => { o.UseTestPki(pki); o.EimId = "eIM"; o.Es9Scheme = "http"; });
            var app = builder.Build();
            app.MapEsipa();
            await app.StartAsync();
            try
            {
                var baseAddress = new Uri(app.Urls.First());
                var store = app.Services.GetRequiredService<DeviceStore>();
                var bodies = new byte[devices][];
                for (int i = 0; i < devices; i++)
                {
                    string eid = "890490320000000000000000" + i.ToString("D8");
                    await store.RegisterAsync(new NewDevice(eid, "eIM", null, null, Array.Empty<string>()));
                    bodies[i] = new GetEimPackageRequest { Eid = Hex.Decode(eid) }.Encode(Sgp32Version.V1_2);
                }
                int concurrency = Math.Max(8, 8 * Environment.ProcessorCount);
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
                // Warm-up: every device polls once (JIT, connection pool, SQLite page cache).
                await Loop(http, bodies, concurrency, 0.0, devices);
                var proc = Process.GetCurrentProcess();
                var cpu0 = proc.TotalProcessorTime;
                long t0 = Stopwatch.GetTimestamp();
                long n = await Loop(http, bodies, concurrency, seconds, long.MaxValue);
                double wall = (Stopwatch.GetTimestamp() - t0) / (double)Stopwatch.Frequency;
                proc.Refresh();
                double cpuMs = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / n;
                string steps = await Breakdown(app.Services, devices);
                Figures.AddAtLeast("eIM polls", "empty GetEimPackage/s, " + label, n / wall, "/s", 2000,
                    n + " polls in " + wall.ToString("0.0") + " s from " + devices + " registered devices, " + concurrency
                    + " in flight, ESipa ASN.1 over loopback HTTP; answer eimPackageError noEimPackageAvailable; CPU " + cpuMs.ToString("0.00")
                    + " ms per poll (eIM + polling clients, this process; " + Environment.ProcessorCount + " cores); one poll's store calls alone: " + steps);
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        /// <summary>Where one empty poll's time goes on the server: the store calls GetEimPackage makes, one after another,
        /// without HTTP (mean over a few hundred calls).</summary>
        private static async Task<string> Breakdown(IServiceProvider sp, int devices)
        {
            var store = sp.GetRequiredService<DeviceStore>();
            var esipa = sp.GetRequiredService<EsipaStore>();
            var o = sp.GetRequiredService<EsipaOptions>();
            int n = 300;
            long get = 0, touch = 0, claim = 0;
            for (int i = 0; i < n; i++)
            {
                string eid = "890490320000000000000000" + (i % devices).ToString("D8");
                long t = Stopwatch.GetTimestamp();
                await store.GetAsync(eid);
                long t1 = Stopwatch.GetTimestamp();
                await store.TouchAsync(eid);
                long t2 = Stopwatch.GetTimestamp();
                if (await esipa.ClaimNextAsync(eid, o.InitialCounterValue, o.InstanceId, o.ClaimLease) != null) throw new InvalidOperationException("a package was queued");
                long t3 = Stopwatch.GetTimestamp();
                get += t1 - t; touch += t2 - t1; claim += t3 - t2;
            }
            return "device lookup " + (CountingCrypto.Ms(get) / n).ToString("0.00") + " ms, last-seen update " + (CountingCrypto.Ms(touch) / n).ToString("0.00")
                + " ms, package claim " + (CountingCrypto.Ms(claim) / n).ToString("0.00") + " ms";
        }

        /// <summary>Polls until <paramref name="seconds"/> pass or <paramref name="max"/> polls are done; returns the count.
        /// Every answer is checked.</summary>
        private static async Task<long> Loop(HttpClient http, byte[][] bodies, int concurrency, double seconds, long max)
        {
            long count = 0, next = -1;
            var sw = Stopwatch.StartNew();
            var tasks = new Task[concurrency];
            for (int w = 0; w < concurrency; w++)
            {
                tasks[w] = Task.Run(async () =>
                {
                    while (true)
                    {
                        long k = Interlocked.Increment(ref next);
                        if (k >= max || (seconds > 0 && sw.Elapsed.TotalSeconds >= seconds)) return;
                        var content = new ByteArrayContent(bodies[k % bodies.Length]);
                        content.Headers.ContentType = new MediaTypeHeaderValue(EsipaHttp.Asn1ContentType);
                        using var msg = new HttpRequestMessage(HttpMethod.Post, EsipaHttp.Asn1Path) { Content = content };
                        msg.Headers.TryAddWithoutValidation(EsipaHttp.AdminProtocolHeader, "gsma/rsp/v2.1.0");
                        using var r = await http.SendAsync(msg);
                        var body = await r.Content.ReadAsByteArrayAsync();
                        if ((int)r.StatusCode != 200 || !body.AsSpan().SequenceEqual(EmptyAnswer))
                            throw new InvalidOperationException("unexpected answer " + (int)r.StatusCode + " " + Hex.Encode(body));
                        Interlocked.Increment(ref count);
                    }
                });
            }
            await Task.WhenAll(tasks);
            return count;
        }
    }
}
