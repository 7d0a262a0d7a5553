using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using IotEsim.Servers.Eim.Dashboard;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Servers.Eim.Fleet;
using IotEsim.Servers.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Npgsql;

namespace IotEsim.Tests.Servers
{
    /// <summary>
    /// A throw-away database for one test: a SQLite file in a temp dir, or a fresh schema in the
    /// PostgreSQL database named by IOTESIM_PG (or a local iotesim/iotesim server when reachable).
    /// </summary>
    public sealed class TestDatabase : IAsyncDisposable
    {
        public const string LocalPg = "Host=127.0.0.1;Port=5432;Username=iotesim;Password=iotesim;Database=iotesim";

        public string Dialect { get; private set; }
        public string DataDir { get; private set; }
        private string _pgAdmin;
        private string _schema;

        /// <summary>Configures StorageOptions for this database (without start-up migration).</summary>
        public void Configure(StorageOptions o, bool migrateOnStart = false)
        {
            o.DataDirectory = DataDir;
            o.MigrateOnStart = migrateOnStart;
            o.BusyTimeoutMs = 20000;
            if (Dialect == "postgres")
            {
                o.Kind = DatabaseKind.Postgres;
                o.ConnectionString = new NpgsqlConnectionStringBuilder(_pgAdmin) { SearchPath = _schema, MaxPoolSize = 20 }.ToString();
            }
        }

        /// <summary>A service provider holding only the storage services — one per simulated server instance.</summary>
        public ServiceProvider NewInstance()
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddIotEsimStorage(o => Configure(o));
            return services.BuildServiceProvider();
        }

        public static async Task<TestDatabase> CreateAsync(string dialect)
        {
            var db = new TestDatabase { Dialect = dialect, DataDir = Path.Combine(Path.GetTempPath(), "iotesim-srv-" + Guid.NewGuid().ToString("N")[..10]) };
            Directory.CreateDirectory(db.DataDir);
            if (dialect == "postgres")
            {
                var (cs, reason) = await PostgresAsync();
                if (cs == null)
                {
                    Directory.Delete(db.DataDir, true);
                    Assert.Inconclusive("PostgreSQL variant skipped: " + reason);
                }
                db._pgAdmin = cs;
                db._schema = "t_" + Guid.NewGuid().ToString("N")[..12];
                await using var c = new NpgsqlConnection(cs);
                await c.OpenAsync();
                await using var cmd = new NpgsqlCommand("CREATE SCHEMA " + db._schema, c);
                await cmd.ExecuteNonQueryAsync();
            }
            return db;
        }

        private static string _pgCached;
        private static string _pgReason;

        /// <summary>The PostgreSQL connection string to test against, or null and why not.</summary>
        public static async Task<(string, string)> PostgresAsync()
        {
            if (_pgCached != null || _pgReason != null) return (_pgCached, _pgReason);
            var env = Environment.GetEnvironmentVariable("IOTESIM_PG");
            var cs = string.IsNullOrWhiteSpace(env) ? LocalPg : env.Trim();
            try
            {
                var b = new NpgsqlConnectionStringBuilder(cs) { Timeout = 3 };
                await using var c = new NpgsqlConnection(b.ToString());
                await c.OpenAsync();
                _pgCached = cs;
            }
            catch (Exception e)
            {
                _pgReason = (string.IsNullOrWhiteSpace(env) ? "IOTESIM_PG is not set and no local server answered for iotesim/iotesim" : "IOTESIM_PG server unreachable")
                    + " (" + e.GetType().Name + ": " + e.Message + ")";
            }
            return (_pgCached, _pgReason);
        }

        public async ValueTask DisposeAsync()
        {
            if (_schema != null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var c = new NpgsqlConnection(_pgAdmin);
                await c.OpenAsync();
                await using var cmd = new NpgsqlCommand("DROP SCHEMA " + _schema + " CASCADE", c);
                await cmd.ExecuteNonQueryAsync();
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// A real eIM host (Kestrel on 127.0.0.1, port 0) over a <see cref="TestDatabase"/>: fleet API and dashboard, plus the
    /// ESipa endpoint (POST /gsma/rsp2/asn1) when <c>esipa</c> options are given (EsipaTestHost supplies the test PKI's).
    /// </summary>
    public sealed class TestEimHost : IAsyncDisposable
    {
        public TestDatabase Db { get; private set; }
        public WebApplication App { get; private set; }
        public Uri BaseAddress { get; private set; }
        public string AdminKey { get; private set; }
        private bool _ownsDb;

        public T Get<T>() => App.Services.GetRequiredService<T>();

        public static async Task<TestEimHost> StartAsync(Action<FleetOptions> fleet = null, TestDatabase db = null, Action<EsipaOptions> esipa = null)
        {
            var h = new TestEimHost { Db = db ?? await TestDatabase.CreateAsync("sqlite"), _ownsDb = db == null };
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = Array.Empty<string>(), ContentRootPath = h.Db.DataDir });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddIotEsimStorage(o => h.Db.Configure(o, migrateOnStart: true));
            builder.Services.AddFleetApi(o =>
            {
                o.WebhookPollInterval = TimeSpan.FromMilliseconds(100);
                o.WebhookBackoff = TimeSpan.FromMilliseconds(200);
                o.WebhookTimeout = TimeSpan.FromSeconds(5);
                fleet?.Invoke(o);
            });
            if (esipa != null) builder.Services.AddEsipa(esipa);
            h.App = builder.Build();
            h.App.MapFleetApi();
            h.App.MapDashboard();
            if (esipa != null) h.App.MapEsipa();
            await h.App.StartAsync();
            h.BaseAddress = new Uri(h.App.Urls.First());
            h.AdminKey = File.ReadAllText(Path.Combine(h.Db.DataDir, "bootstrap-admin.key")).Trim();
            return h;
        }

        public HttpClient Client(string key = null, bool apiKeyHeader = false)
        {
            var c = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            if (key != null)
            {
                if (apiKeyHeader) c.DefaultRequestHeaders.Add("X-Api-Key", key);
                else c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            return c;
        }

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
            if (_ownsDb) await Db.DisposeAsync();
        }
    }

    internal static class Eids
    {
        /// <summary>A syntactically valid 32-digit EID numbered <paramref name="n"/>.</summary>
        public static string Make(int n) => "890490320000000000000000" + n.ToString("D8");
    }
}
