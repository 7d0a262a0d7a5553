// Lab eIM host: fleet API + dashboard (the ESipa endpoint joins later) on loopback.
//   dotnet run --project servers/IotEsim.Eim.Host -- --data ./work --urls http://127.0.0.1:8081
// Options: --data <dir> (SQLite file, bootstrap key), --postgres <connection string> (instead of SQLite),
//          --urls (Kestrel, default http://127.0.0.1:8081), --rate-limit <requests per minute per key>.
using IotEsim.Servers.Eim.Dashboard;
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

var app = builder.Build();
app.MapFleetApi();
app.MapDashboard();
app.MapGet("/", () => Results.Redirect("/dashboard/")).ExcludeFromDescription();
app.Run();
