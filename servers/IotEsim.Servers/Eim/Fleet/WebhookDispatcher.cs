using System.Text;
using IotEsim.Servers.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.Eim.Fleet;

/// <summary>
/// Sends queued webhook deliveries. Each delivery is claimed from the database with a lease, so
/// several instances share the queue and a crashed instance's claims are retried by the others.
/// Failures are retried with exponential backoff up to <see cref="FleetOptions.WebhookMaxAttempts"/>.
/// </summary>
public sealed class WebhookDispatcher(WebhookStore store, FleetOptions options, TimeProvider clock, ILogger<WebhookDispatcher> log) : BackgroundService
{
    private readonly HttpClient _http = new() { Timeout = options.WebhookTimeout };

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            bool worked = false;
            try
            {
                worked = await DeliverOneAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                log.LogWarning(e, "webhook dispatcher: storage error");
            }
            if (!worked)
            {
                try { await Task.Delay(options.WebhookPollInterval, clock, stop); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    /// <summary>Claims and sends one due delivery; false when none was due.</summary>
    public async Task<bool> DeliverOneAsync(CancellationToken ct)
    {
        var lease = options.WebhookTimeout + TimeSpan.FromSeconds(30);
        var d = await store.ClaimDueDeliveryAsync(options.InstanceId, lease, ct);
        if (d is null) return false;
        int? status = null;
        string error;
        try
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, d.Url)
            {
                Content = new StringContent(d.Payload, Encoding.UTF8, "application/json"),
            };
            req.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Compute(d.Secret, clock.GetUtcNow().ToUnixTimeSeconds(), d.Payload));
            req.Headers.TryAddWithoutValidation("X-IotEsim-Event", d.Event);
            req.Headers.TryAddWithoutValidation("X-IotEsim-Delivery", d.Id.ToString());
            req.Headers.TryAddWithoutValidation("User-Agent", "IotEsim-Webhook/1");
            using var resp = await _http.SendAsync(req, ct);
            status = (int)resp.StatusCode;
            if (resp.IsSuccessStatusCode)
            {
                await store.MarkDeliveredAsync(d.Id, status.Value, CancellationToken.None);
                log.LogInformation("webhook {Hook}: delivered {Event} #{Id} ({Status})", d.WebhookId, d.Event, d.Id, status);
                return true;
            }
            error = "HTTP " + status;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = e.GetType().Name + ": " + e.Message;
        }
        DateTimeOffset? retryAt = null;
        if (d.Attempts < options.WebhookMaxAttempts)
        {
            var delay = options.WebhookBackoff * Math.Pow(2, d.Attempts - 1);
            retryAt = clock.GetUtcNow() + (delay > options.WebhookMaxBackoff ? options.WebhookMaxBackoff : delay);
        }
        await store.MarkAttemptFailedAsync(d.Id, status, error, retryAt, CancellationToken.None);
        log.LogWarning("webhook {Hook}: delivery #{Id} attempt {Attempt} failed ({Error}); {Next}", d.WebhookId, d.Id, d.Attempts, error,
            retryAt is null ? "giving up" : "retry at " + retryAt.Value.ToString("O"));
        return true;
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
