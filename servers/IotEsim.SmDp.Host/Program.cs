// Lab SM-DP+ + SM-DS host: ES9+ and ES2+ (/gsma/rsp2/es9plus, /gsma/rsp2/es2plus), ES11 (/gsma/rsp2/es11 and the
// es9plus paths) and ES12 (/gsma/rsp2/es12) in one Kestrel host, TLS with the TestPki's DPtls certificate.
//   dotnet run --project servers/IotEsim.SmDp.Host -- --data ./work --port 8443
// Options: --data <dir> (SQLite file; the TestPki in <data>/pki is created when missing), --pki <TestPki dir>,
//          --port <port> (default 8443, 0 = any), --address <ip> (default 127.0.0.1),
//          --smdp-host / --smds-host <names> (default smdp.iotesim.test / smds.iotesim.test; must be in the DPtls SANs),
//          --http (plain HTTP instead of TLS, for lab clients that allow it), --upp <file>[,<file>...] (imported profiles),
//          --templates (default on: lab-primary / lab-roaming types generated per order, see servers/IotEsim.Servers/Lab).
// Clients reach the names by resolving them to the address, e.g. curl --resolve smdp.iotesim.test:8443:127.0.0.1
// --cacert <data>/pki/ci.pem.
using System.Net;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Servers.Lab;
using IotEsim.Servers.SmDp;
using IotEsim.Servers.SmDs;
using IotEsim.Servers.Storage;

var builder = WebApplication.CreateBuilder(args);
var cfg = builder.Configuration;
var dataDir = cfg["data"] ?? "data";
var port = int.TryParse(cfg["port"], out var p) ? p : 8443;
var address = IPAddress.Parse(cfg["address"] ?? "127.0.0.1");
var smdpHost = cfg["smdp-host"] ?? "smdp.iotesim.test";
var smdsHost = cfg["smds-host"] ?? "smds.iotesim.test";
var plain = string.Equals(cfg["http"], "true", StringComparison.OrdinalIgnoreCase);
var pkiDir = cfg["pki"] ?? Path.Combine(dataDir, "pki");
var pki = File.Exists(Path.Combine(pkiDir, TestPki.ManifestFile))
    ? TestPki.Load(pkiDir)
    : TestPki.Create(pkiDir, LabServers.DefaultDeviceEid, [smdpHost, smdsHost, "eim.iotesim.test"], DateTime.UtcNow.AddDays(-1));

builder.WebHost.UseSmDpKestrel(pkiDir, address, port, plain);
builder.Services.AddIotEsimStorage(o => { o.DataDirectory = dataDir; o.MigrateOnStart = true; });
// The advertised addresses carry the port unless it is the scheme's default.
string Addr(string host) => port == (plain ? 80 : 443) || port == 0 ? host : host + ":" + port;
builder.Services.AddSmDpPlus(o =>
{
    o.ServerAddress = Addr(smdpHost);
    o.UseTestPki(pki);
    o.Es12Scheme = plain ? "http" : "https";
    foreach (var upp in (cfg["upp"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)) o.UppImports.Add(new UppImport { Path = upp });
    if (!string.Equals(cfg["templates"], "false", StringComparison.OrdinalIgnoreCase))
        foreach (var t in LabServers.DefaultTemplates()) o.ProfileTemplates.Add(t);
});
builder.Services.AddSmDs(o => { o.ServerAddress = Addr(smdsHost); o.UseTestPki(pki); });
// ES12 towards the SM-DS in this host: the lab names connect to loopback and TLS trusts the test CI.
var ci = pki.CiCertificate();
builder.Services.ConfigureHttpClientDefaults(h => h.ConfigurePrimaryHttpMessageHandler(() => LabHttp.Handler(ci, [smdpHost, smdsHost])));

var app = builder.Build();
app.MapSmDpPlus();
app.MapSmDs();
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine("SM-DP+ " + Addr(smdpHost) + ", SM-DS " + Addr(smdsHost) + " on " + address + ":" + port + (plain ? " (HTTP)" : " (TLS, CI " + pki.Ci.CertificatePemPath + ")")));
app.Run();
