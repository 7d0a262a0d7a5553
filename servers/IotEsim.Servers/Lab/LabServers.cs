using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Servers.Eim.Dashboard;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Servers.Eim.Fleet;
using IotEsim.Servers.SmDp;
using IotEsim.Servers.SmDs;
using IotEsim.Servers.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.Lab;

/// <summary>An order the lab operator placed over ES2+ (DownloadOrder + ConfirmOrder with release).</summary>
public sealed record LabOrder(string Iccid, string Eid, string MatchingId, string ActivationCode, bool AnnouncedAtSmds);

/// <summary>
/// The whole lab on loopback, as a library: SM-DP+ (ES9+, ES2+) and SM-DS (ES11 on /es11 and /es9plus, ES12) in one
/// TLS host with the TestPki's DPtls certificate, and the eIM (ESipa ASN.1 binding over TLS; fleet API and dashboard
/// over TLS and on a plain-HTTP loopback port for browsers). SQLite files under <see cref="LabOptions.DataDirectory"/>,
/// profiles generated per order from templates. Clients reach the servers by their lab host names resolved to
/// 127.0.0.1 (<see cref="ResolveEntries"/>) and trust the TestPki CI (<see cref="CiPemPath"/>).
/// Used by `iotesim demo`, the standalone hosts and the benchmarks.
/// </summary>
public sealed class LabServers : IAsyncDisposable
{
    public const string DefaultDeviceEid = "89049032123451234512345678901235";

    public LabOptions Options { get; }
    public TestPki Pki { get; private set; } = null!;
    public WebApplication RspHost { get; private set; } = null!;
    public WebApplication EimHost { get; private set; } = null!;
    /// <summary>host:port of the SM-DP+ (what activation codes and ES12 events carry).</summary>
    public string SmdpAddress { get; private set; } = "";
    /// <summary>host:port of the SM-DS (the devices' rootDsAddress / contactSmds address).</summary>
    public string SmdsAddress { get; private set; } = "";
    /// <summary>host:port of the eIM's ESipa endpoint (the eimFqdn devices are configured with).</summary>
    public string EimAddress { get; private set; } = "";
    public Uri RspBaseUrl => new("https://" + SmdpAddress);
    public Uri EimTlsUrl => new("https://" + EimAddress);
    /// <summary>Plain-HTTP loopback URL of the eIM (fleet API under /api/v1, dashboard under /dashboard/).</summary>
    public Uri EimHttpUrl { get; private set; } = null!;
    public Uri DashboardUrl => new(EimHttpUrl, "/dashboard/");
    /// <summary>The fleet API admin key (the eIM's bootstrap key, also in eim/bootstrap-admin.key).</summary>
    public string AdminApiKey { get; private set; } = "";
    public string AdminKeyFile => Path.Combine(Options.DataDirectory, "eim", "bootstrap-admin.key");
    public string CiPemPath => Pki.Ci.CertificatePemPath;
    /// <summary>curl-style host:port:127.0.0.1 entries for the three lab names.</summary>
    public string[] ResolveEntries => [Resolve(SmdpAddress), Resolve(SmdsAddress), Resolve(EimAddress)];
    public IReadOnlyList<ProfileTemplate> Templates { get; private set; } = [];
    public SmDpOptions SmDp => RspHost.Services.GetRequiredService<SmDpOptions>();

    private X509Certificate2? _ci;
    private HttpClient? _client;

    private LabServers(LabOptions o) { Options = o; }

    private static string Resolve(string hostPort) => hostPort + ":127.0.0.1";

    /// <summary>
    /// Profile templates used when none are configured: the TS.48 test profiles when the repository's ../shared/testdata
    /// is present (generic test profile A and the v5 profile), otherwise the built-in minimal template, twice.
    /// </summary>
    public static List<ProfileTemplate> DefaultTemplates()
    {
        var a = FindSharedUpp("TS48V1-A-UNIQUE.der");
        var b = FindSharedUpp("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der");
        return
        [
            new ProfileTemplate
            {
                ProfileType = "lab-primary", ServiceProviderName = "IotEsim Lab", ProfileName = "Lab primary", IccidPrefix = "8999101", ImsiPlmn = "00101",
                UppPath = a, Upp = a is null ? ProfileTemplatesBuiltIn.MinimalUpp("IotEsim lab primary") : null,
            },
            new ProfileTemplate
            {
                ProfileType = "lab-roaming", ServiceProviderName = "IotEsim Lab", ProfileName = "Lab roaming", IccidPrefix = "8999102", ImsiPlmn = "00102",
                UppPath = b, Upp = b is null ? ProfileTemplatesBuiltIn.MinimalUpp("IotEsim lab roaming") : null,
            },
        ];
    }

    private static string? FindSharedUpp(string name)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var p = Path.Combine(d.FullName, "shared", "testdata", "upp", name);
                if (File.Exists(p)) return p;
            }
        }
        return null;
    }

    public static async Task<LabServers> StartAsync(LabOptions options, CancellationToken ct = default)
    {
        var lab = new LabServers(options);
        try
        {
            await lab.StartCoreAsync(ct);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken ct)
    {
        var o = Options;
        Directory.CreateDirectory(o.DataDirectory);
        var pkiDir = o.PkiDirectory ?? Path.Combine(o.DataDirectory, "pki");
        Pki = File.Exists(Path.Combine(pkiDir, TestPki.ManifestFile))
            ? TestPki.Load(pkiDir)
            : TestPki.Create(pkiDir, DefaultDeviceEid, [o.SmdpHost, o.SmdsHost, o.EimHost], DateTime.UtcNow.AddDays(-1));
        _ci = Pki.CiCertificate();
        var hosts = new[] { o.SmdpHost, o.SmdsHost, o.EimHost };
        var tls = Pki.CreateTlsServerCertificate();
        Templates = o.Templates.Count > 0 ? o.Templates.ToList() : DefaultTemplates();

        // SM-DP+ and SM-DS: one TLS host (the DPtls certificate names all lab hosts).
        var rb = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = o.DataDirectory });
        ConfigureLogging(rb.Logging);
        rb.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, o.RspPort, l => l.UseHttps(tls)));
        rb.Services.AddIotEsimStorage(s => { s.DataDirectory = Path.Combine(o.DataDirectory, "smdp"); s.MigrateOnStart = true; });
        rb.Services.AddSmDpPlus(s =>
        {
            s.ServerAddress = o.SmdpHost;
            s.UseTestPki(Pki);
            s.Es12Scheme = "https";
            foreach (var t in Templates) s.ProfileTemplates.Add(t);
        });
        rb.Services.AddSmDs(s => { s.ServerAddress = o.SmdsHost; s.UseTestPki(Pki); });
        rb.Services.ConfigureHttpClientDefaults(h => h.ConfigurePrimaryHttpMessageHandler(() => LabHttp.Handler(_ci, hosts)));
        RspHost = rb.Build();
        RspHost.MapSmDpPlus();
        RspHost.MapSmDs();
        await RspHost.StartAsync(ct);
        int rspPort = Port(RspHost, "https");
        // Addresses carry the port: activation codes, ES12 events and the eUICC's signed serverAddress all name host:port.
        SmdpAddress = o.SmdpHost + ":" + rspPort;
        SmdsAddress = o.SmdsHost + ":" + rspPort;
        RspHost.Services.GetRequiredService<SmDpOptions>().ServerAddress = SmdpAddress;
        RspHost.Services.GetRequiredService<SmDsOptions>().ServerAddress = SmdsAddress;

        // eIM: ESipa over TLS, fleet API + dashboard on both listeners.
        var eimDir = Path.Combine(o.DataDirectory, "eim");
        var eb = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = o.DataDirectory });
        ConfigureLogging(eb.Logging);
        eb.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, o.EimTlsPort, l => l.UseHttps(tls));
            k.Listen(IPAddress.Loopback, o.EimHttpPort);
        });
        eb.Services.AddIotEsimStorage(s => { s.DataDirectory = eimDir; s.MigrateOnStart = true; });
        // The lab creates and files the admin key itself (the eIM's own start-up would also print it to stdout).
        eb.Services.AddFleetApi(f => { f.CreateBootstrapKey = false; f.DefaultEimId = o.EimId; f.RateLimitPermits = o.FleetRateLimitPerMinute; });
        eb.Services.AddEsipa(s => { s.UseTestPki(Pki); s.EimId = o.EimId; s.Es9Scheme = "https"; });
        eb.Services.ConfigureHttpClientDefaults(h => h.ConfigurePrimaryHttpMessageHandler(() => LabHttp.Handler(_ci, hosts)));
        EimHost = eb.Build();
        EimHost.MapFleetApi();
        EimHost.MapDashboard();
        EimHost.MapEsipa();
        Microsoft.AspNetCore.Http.OpenApiRouteHandlerBuilderExtensions.ExcludeFromDescription(EimHost.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Redirect("/dashboard/")));
        await EimHost.StartAsync(ct);
        EimAddress = o.EimHost + ":" + Port(EimHost, "https");
        EimHttpUrl = new Uri("http://127.0.0.1:" + Port(EimHost, "http"));

        var key = await EimHost.Services.GetRequiredService<ApiKeyStore>().EnsureBootstrapKeyAsync(ct);
        if (key is not null)
        {
            Directory.CreateDirectory(eimDir);
            await File.WriteAllTextAsync(AdminKeyFile, key + "\n", ct);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(AdminKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        else if (File.Exists(AdminKeyFile)) key = (await File.ReadAllTextAsync(AdminKeyFile, ct)).Trim();
        else throw new InvalidOperationException("the eIM database in " + eimDir + " has API keys but " + AdminKeyFile + " is missing");
        AdminApiKey = key;
        _client = CreateClient();
    }

    private void ConfigureLogging(ILoggingBuilder b)
    {
        b.ClearProviders();
        if (Options.Log is { } sink) { b.AddProvider(new SinkLoggerProvider(sink)); b.SetMinimumLevel(LogLevel.Warning); }
    }

    private static int Port(WebApplication app, string scheme)
    {
        foreach (var a in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses)
            if (a.StartsWith(scheme + "://", StringComparison.Ordinal)) return new Uri(a.Replace("[::]", "127.0.0.1")).Port;
        throw new InvalidOperationException("no " + scheme + " listener");
    }

    /// <summary>An HttpClient that reaches the lab names on loopback and trusts the lab CI.</summary>
    public HttpClient CreateClient() => new(LabHttp.Handler(_ci!, [Options.SmdpHost, Options.SmdsHost, Options.EimHost])) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The fleet API (plain-HTTP loopback listener) with the admin key.</summary>
    public HttpClient CreateFleetClient()
    {
        var c = new HttpClient { BaseAddress = EimHttpUrl, Timeout = TimeSpan.FromSeconds(30) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminApiKey);
        return c;
    }

    /// <summary>
    /// The operator's side (ES2+ over TLS): DownloadOrder for a profile type naming the EID (a template type gets a fresh
    /// profile), then ConfirmOrder with release. With <paramref name="announceAtSmds"/> the SM-DP+ registers an event for
    /// the EID at the lab SM-DS (ES12), so the device finds the order there.
    /// </summary>
    public async Task<LabOrder> OrderProfileAsync(string eid, string profileType, bool announceAtSmds, CancellationToken ct = default)
    {
        var d = await Es2Async("downloadOrder", new { eid, profileType }, ct);
        var iccid = d.GetProperty("iccid").GetString()!;
        var c = await Es2Async("confirmOrder", new { iccid, eid, smdsAddress = announceAtSmds ? SmdsAddress : null, releaseFlag = true }, ct);
        var mid = c.GetProperty("matchingId").GetString()!;
        return new LabOrder(iccid, eid, mid, "1$" + SmdpAddress + "$" + mid, announceAtSmds);
    }

    private async Task<JsonElement> Es2Async(string function, object body, CancellationToken ct)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(RspBaseUrl, Es2PlusEndpoints.PathPrefix + function)) { Content = JsonContent.Create(body) };
        req.Headers.TryAddWithoutValidation("X-Admin-Protocol", "gsma/rsp/v2.2.0");
        using var resp = await _client!.SendAsync(req, ct);
        var text = await resp.Content.ReadAsStringAsync(ct);
        JsonElement root;
        try { root = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { throw new InvalidOperationException("ES2+ " + function + ": HTTP " + (int)resp.StatusCode + " " + text); }
        var status = root.TryGetProperty("header", out var h) && h.TryGetProperty("functionExecutionStatus", out var f) && f.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (status != "Executed-Success") throw new InvalidOperationException("ES2+ " + function + " failed: " + text);
        return root;
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        foreach (var app in new[] { EimHost, RspHost })
        {
            if (app is null) continue;
            try { await app.StopAsync(); } catch (Exception) { }
            await app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _ci?.Dispose();
    }

    private sealed class SinkLoggerProvider(Action<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string category) => new SinkLogger(sink, category);
        public void Dispose() { }
    }

    private sealed class SinkLogger(Action<string> sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel level) => level >= LogLevel.Warning;
        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? e, Func<TState, Exception?, string> format)
        {
            if (IsEnabled(level)) sink(level + " " + category + ": " + format(state, e));
        }
    }
}
