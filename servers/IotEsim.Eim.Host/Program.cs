// Lab eIM host: fleet API + dashboard + ESipa (POST /gsma/rsp2/asn1) on loopback.
//   dotnet run --project servers/IotEsim.Eim.Host -- --data ./work --urls http://127.0.0.1:8081
// Options: --data <dir> (SQLite file, bootstrap key), --postgres <connection string> (instead of SQLite),
//          --urls (Kestrel, default http://127.0.0.1:8081), --rate-limit <requests per minute per key>,
//          --eim-id <eimId> (default eIM), --eim-pki <TestPki dir> (default <data>/pki, created when missing),
//          --es9-scheme http|https (ES9+ towards the SM-DP+ for indirect download, default https).
using IotEsim.Servers.Eim.Dashboard;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Servers.Eim.Fleet;
using IotEsim.Servers.Storage;

var builder = WebApplication.CreateBuilder(args);
var cfg = builder.Configuration;
var dataDir = cfg["data"] ?? "data";
var pg = cfg["postgres"];
if (string.IsNullOrEmpty(cfg["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:8081");

builder.Services.AddIotEsimStorage(o =>
{
    o.DataDirectory = dataDir;
    if (!string.IsNullOrEmpty(pg)) { o.Kind = DatabaseKind.Postgres; o.ConnectionString = pg; }
});
builder.Services.AddFleetApi(o =>
{
    if (int.TryParse(cfg["rate-limit"], out var perMinute)) o.RateLimitPermits = perMinute;
});

builder.Services.AddEsipa(o =>
{
    var pkiDir = cfg["eim-pki"] ?? Path.Combine(dataDir, "pki");
    var pki = File.Exists(Path.Combine(pkiDir, IotEsim.Rsp.Desktop.Pki.TestPki.ManifestFile))
        ? IotEsim.Rsp.Desktop.Pki.TestPki.Load(pkiDir)
        : IotEsim.Rsp.Desktop.Pki.TestPki.Create(pkiDir, "89049032123451234512345678901235", ["testsmdpplus1.example.com"], DateTime.UtcNow.AddDays(-1));
    o.UseTestPki(pki);
    o.EimId = cfg["eim-id"] ?? o.EimId;
    o.Es9Scheme = cfg["es9-scheme"] ?? o.Es9Scheme;
});

var app = builder.Build();
app.MapFleetApi();
app.MapDashboard();
app.MapEsipa();
app.MapGet("/", () => Results.Redirect("/dashboard/")).ExcludeFromDescription();
app.Run();
