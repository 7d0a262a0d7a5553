using System.Security.Claims;
using System.Threading.RateLimiting;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Servers.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.Eim.Fleet;

/// <summary>The eIM fleet API: devices, jobs, webhooks and API keys under /api/v1.</summary>
public static class FleetApi
{
    public const string AuthPolicy = "fleet-api-key";
    public const string RatePolicy = "fleet-per-key";

    /// <summary>Registers authentication by API key, the per-key rate limiter, OpenAPI and the webhook dispatcher.</summary>
    public static IServiceCollection AddFleetApi(this IServiceCollection services, Action<FleetOptions>? configure = null)
    {
        var options = new FleetOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(AuthPolicy, p => p
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RatePolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RateLimitPermits, Window = options.RateLimitWindow, QueueLimit = 0, AutoReplenishment = true,
                }));
            o.OnRejected = async (ctx, ct) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString();
                await Results.Problem(title: "Too Many Requests", statusCode: StatusCodes.Status429TooManyRequests,
                    detail: $"rate limit of {options.RateLimitPermits} requests per {options.RateLimitWindow.TotalSeconds:0} s for this API key exceeded")
                    .ExecuteAsync(ctx.HttpContext);
            };
        });
        if (options.CreateBootstrapKey) services.AddHostedService<BootstrapKeyStartup>();
        if (options.RunWebhookDispatcher) services.AddHostedService<WebhookDispatcher>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Adds the rate limiter to the pipeline and maps /api/v1 and /openapi/v1.json.</summary>
    public static WebApplication MapFleetApi(this WebApplication app)
    {
        // Empty error responses (e.g. an unreadable JSON body) get a problem+json body too.
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1").RequireAuthorization(AuthPolicy).RequireRateLimiting(RatePolicy);

        var devices = api.MapGroup("/devices").WithTags("Devices");
        devices.MapPost("", RegisterDevice).WithName("RegisterDevice");
        devices.MapGet("", ListDevices).WithName("ListDevices");
        devices.MapGet("/{eid}", GetDevice).WithName("GetDevice");

        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapPost("", CreateJob).WithName("CreateJob");
        jobs.MapGet("", ListJobs).WithName("ListJobs");
        jobs.MapGet("/{id}", GetJob).WithName("GetJob");

        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks");
        hooks.MapPost("", CreateWebhook).WithName("CreateWebhook");
        hooks.MapGet("", async (WebhookStore s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct))).WithName("ListWebhooks");
        hooks.MapDelete("/{id}", async Task<IResult> (string id, WebhookStore s, CancellationToken ct) =>
            await s.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound("webhook " + id)).WithName("DeleteWebhook");
        hooks.MapGet("/{id}/deliveries", async (string id, WebhookStore s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListDeliveriesAsync(id, 100, ct))).WithName("ListWebhookDeliveries");

        var keys = api.MapGroup("/keys").WithTags("API keys");
        keys.MapPost("", async Task<IResult> (CreateApiKeyRequest? r, ApiKeyStore s, CancellationToken ct) =>
        {
            var name = r?.Name?.Trim();
            if (name is null or { Length: 0 or > 64 })
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["name is 1-64 characters"] });
            var (info, key) = await s.CreateAsync(name, ct);
            return TypedResults.Created("/api/v1/keys/" + info.Id, new ApiKeyCreatedDto(info.Id, info.Name, key, info.Created));
        }).WithName("CreateApiKey");
        keys.MapGet("", async (ApiKeyStore s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct))).WithName("ListApiKeys");
        keys.MapDelete("/{id}", async Task<IResult> (string id, ApiKeyStore s, CancellationToken ct) =>
            await s.RevokeAsync(id, ct) ? TypedResults.NoContent() : NotFound("active API key " + id)).WithName("RevokeApiKey");
        return app;
    }

    private static async Task<IResult> RegisterDevice(RegisterDeviceRequest? r, DeviceStore store, FleetOptions o, HttpContext http, CancellationToken ct)
    {
        var v = new FleetValidation();
        var d = v.Device(r, o.DefaultEimId);
        if (d is null) return TypedResults.ValidationProblem(v.Errors);
        if (r!.EuiccCertificate != null || r.EumCertificate != null)
        {
            // The eUICC certificate verifies the device's signed results (SGP.32 §3.5); only a chain to a trusted CI naming this EID is kept.
            var chain = v.EuiccCertificate(r, d.Eid, http.RequestServices.GetService<EuiccCertificates>());
            if (chain is null) return TypedResults.ValidationProblem(v.Errors);
            d = d with { StateJson = EimPackageService.CertificateState(chain).ToJsonString() };
        }
        if (!await store.RegisterAsync(d, ct))
            return TypedResults.Problem(title: "Conflict", detail: "EID " + d.Eid + " is already registered", statusCode: StatusCodes.Status409Conflict);
        return TypedResults.Created("/api/v1/devices/" + d.Eid, DeviceDto.From((await store.GetAsync(d.Eid, ct))!));
    }

    private static async Task<IResult> ListDevices(DeviceStore store, CancellationToken ct, string? tag = null, string? group = null, int limit = 100, int offset = 0)
    {
        if (Paging(ref limit, offset) is { } bad) return bad;
        var list = await store.ListAsync(tag, group, limit, offset, ct);
        return TypedResults.Ok(new Page<DeviceDto>(list.Select(DeviceDto.From).ToList(), limit, offset));
    }

    private static async Task<IResult> GetDevice(string eid, DeviceStore store, JobStore jobs, CancellationToken ct)
    {
        if (!FleetValidation.IsEid(eid))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["eid"] = ["EID must be exactly 32 decimal digits"] });
        var d = await store.GetAsync(eid, ct);
        if (d is null) return NotFound("device " + eid);
        var items = await jobs.ListItemsForDeviceAsync(eid, 20, ct);
        return TypedResults.Ok(new DeviceDetailDto(DeviceDto.From(d), items.Select(JobItemDto.From).ToList()));
    }

    private static async Task<IResult> CreateJob(CreateJobRequest? r, DeviceStore devices, JobStore jobs, ClaimsPrincipal user, CancellationToken ct)
    {
        var v = new FleetValidation();
        var job = v.Job(r);
        if (job is null) return TypedResults.ValidationProblem(v.Errors);
        var t = r!.Target!;
        var (eids, unknown) = await devices.ResolveTargetAsync(t.Eids, t.Tag, t.Group, ct);
        if (unknown.Count > 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                { ["target.eids"] = ["not registered: " + string.Join(", ", unknown.Take(20)) + (unknown.Count > 20 ? ", …" : "")] });
        if (eids.Count == 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["target"] = ["the target matches no registered device"] });
        var by = user.FindFirstValue(ClaimTypes.Name) + " (" + user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) + ")";
        var created = await jobs.CreateAsync(job.Value.Kind, job.Value.Parameters, job.Value.Target, by, eids, ct);
        return TypedResults.Created("/api/v1/jobs/" + created.Id, JobDto.From(created));
    }

    private static async Task<IResult> ListJobs(JobStore jobs, CancellationToken ct, string? state = null, int limit = 50, int offset = 0)
    {
        if (Paging(ref limit, offset) is { } bad) return bad;
        var list = await jobs.ListAsync(limit, offset, state, ct);
        return TypedResults.Ok(new Page<JobDto>(list.Select(JobDto.From).ToList(), limit, offset));
    }

    private static async Task<IResult> GetJob(string id, JobStore jobs, CancellationToken ct, int itemLimit = 1000, int itemOffset = 0)
    {
        if (Paging(ref itemLimit, itemOffset) is { } bad) return bad;
        var job = await jobs.GetAsync(id, ct);
        if (job is null) return NotFound("job " + id);
        var counts = await jobs.CountItemsByStateAsync(id, ct);
        var items = await jobs.ListItemsAsync(id, itemLimit, itemOffset, ct);
        return TypedResults.Ok(new JobDetailDto(JobDto.From(job), counts, items.Select(JobItemDto.From).ToList()));
    }

    private static async Task<IResult> CreateWebhook(CreateWebhookRequest? r, WebhookStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        var v = new FleetValidation();
        if (r is null) v.Add("body", "a JSON body is required");
        else
        {
            if (!Uri.TryCreate(r.Url, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
                v.Add("url", "url must be an absolute http or https URL");
            if (r.Secret is { Length: < 16 or > 256 }) v.Add("secret", "secret is 16-256 characters (omit it to have one generated)");
            foreach (var e in r.Events ?? []) if (e != JobStore.JobCompletedEvent && e != "*") v.Add("events", "unknown event '" + e + "'");
        }
        if (!v.Ok) return TypedResults.ValidationProblem(v.Errors);
        var events = r!.Events is { Length: > 0 } ev ? ev.Distinct().ToArray() : [JobStore.JobCompletedEvent];
        var (hook, secret) = await store.CreateAsync(r.Url!, r.Secret, events, user.FindFirstValue(ClaimTypes.Name) ?? "?", ct);
        return TypedResults.Created("/api/v1/webhooks/" + hook.Id, new WebhookCreatedDto(hook.Id, hook.Url, hook.Events, secret, hook.Created));
    }

    private static IResult? Paging(ref int limit, int offset)
    {
        if (limit < 1 || limit > 1000 || offset < 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit is 1-1000 and offset >= 0"] });
        return null;
    }

    private static ProblemHttpResult NotFound(string what)
        => TypedResults.Problem(title: "Not Found", detail: what + " does not exist", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>Creates the bootstrap admin key on the first start (after migrations) and prints/writes it.</summary>
internal sealed class BootstrapKeyStartup(ApiKeyStore keys, FleetOptions options, StorageOptions storage, ILogger<BootstrapKeyStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var key = await keys.EnsureBootstrapKeyAsync(ct);
        if (key is null) return;
        var file = options.BootstrapKeyFile ?? Path.Combine(storage.DataDirectory, "bootstrap-admin.key");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.WriteAllTextAsync(file, key + "\n", ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        log.LogWarning("bootstrap admin API key created (shown once, also written to {File}): {Key}", Path.GetFullPath(file), key);
        Console.WriteLine("IotEsim bootstrap admin API key: " + key + "  (saved to " + Path.GetFullPath(file) + ")");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
