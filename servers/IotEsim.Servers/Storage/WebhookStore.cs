using System.Data.Common;
using System.Security.Cryptography;

namespace IotEsim.Servers.Storage;

public sealed record WebhookRecord(string Id, string Url, IReadOnlyList<string> Events, string CreatedBy, DateTimeOffset Created, bool Active);

public sealed record WebhookDelivery(long Id, string WebhookId, string Url, string Secret, string Event, string Payload, long Attempts);

public sealed record DeliveryStatus(long Id, string WebhookId, string Event, string State, long Attempts, long? LastStatus, string? LastError,
    DateTimeOffset Created, DateTimeOffset? Delivered);

/// <summary>Webhook subscriptions and their delivery queue (claimed like job items, so instances share the work).</summary>
public sealed class WebhookStore(IServerDatabase db)
{
    public async Task<(WebhookRecord Hook, string Secret)> CreateAsync(string url, string? secret, IReadOnlyList<string> events, string createdBy, CancellationToken ct = default)
    {
        secret ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var hook = new WebhookRecord("wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), url, events, createdBy,
            DateTimeOffset.FromUnixTimeMilliseconds(db.NowMs), true);
        await db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx,
            "INSERT INTO webhooks (id, url, secret, events, created_by, created, active) VALUES (@id, @u, @s, @e, @by, @t, 1)",
            ("@id", hook.Id), ("@u", url), ("@s", secret), ("@e", "," + string.Join(",", events) + ","), ("@by", createdBy),
            ("@t", hook.Created.ToUnixTimeMilliseconds())), ct);
        return (hook, secret);
    }

    public async Task<List<WebhookRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await Sql.QueryAsync(c, null, "SELECT id, url, events, created_by, created, active FROM webhooks ORDER BY created, id",
            r => new WebhookRecord(r.GetString(0), r.GetString(1), r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries),
                r.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(Sql.L(r, 4)), Sql.L(r, 5) != 0));
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
        => await db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx, "DELETE FROM webhooks WHERE id = @id", ("@id", id)), ct) == 1;

    /// <summary>Queues one delivery of <paramref name="evt"/> per active webhook subscribed to it (or to "*").</summary>
    public static Task<int> EnqueueAsync(DbConnection c, DbTransaction tx, string evt, string payload, long now)
        => Sql.ExecAsync(c, tx, """
            INSERT INTO webhook_deliveries (webhook_id, event, payload, state, attempts, next_attempt, created)
            SELECT id, @ev, @p, 'pending', 0, @t, @t FROM webhooks
            WHERE active = 1 AND (events LIKE @like OR events LIKE '%,*,%')
            """, ("@ev", evt), ("@p", payload), ("@t", now), ("@like", "%," + evt + ",%"));

    public async Task<WebhookDelivery?> ClaimDueDeliveryAsync(string claimer, TimeSpan lease, CancellationToken ct = default)
    {
        var now = db.NowMs;
        var row = await db.ClaimOneAsync("webhook_deliveries",
            "(state = 'pending' AND next_attempt <= @now) OR (state = 'delivering' AND claimed_until < @now)", "next_attempt, id",
            "state = 'delivering', claimed_by = @by, claimed_until = @until, attempts = attempts + 1",
            "id, webhook_id, event, payload, attempts",
            [("@now", now), ("@by", claimer), ("@until", now + (long)lease.TotalMilliseconds)], ct);
        if (row is null) return null;
        await using var c = await db.OpenAsync(ct);
        var hook = (await Sql.QueryAsync(c, null, "SELECT url, secret FROM webhooks WHERE id = @id",
            r => (Url: r.GetString(0), Secret: r.GetString(1)), ("@id", (string)row[1]!))).FirstOrDefault();
        if (hook.Url is null) return null; // webhook deleted meanwhile (cascade removes the row too)
        return new WebhookDelivery(Sql.L(row[0]), (string)row[1]!, hook.Url, hook.Secret, (string)row[2]!, (string)row[3]!, Sql.L(row[4]));
    }

    public Task<int> MarkDeliveredAsync(long id, int status, CancellationToken ct = default)
        => db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx,
            "UPDATE webhook_deliveries SET state = 'delivered', last_status = @s, last_error = NULL, delivered = @t, claimed_until = NULL WHERE id = @id",
            ("@s", (long)status), ("@t", db.NowMs), ("@id", id)), ct);

    /// <summary>Schedules a retry at <paramref name="retryAt"/>, or gives up (state failed) when it is null.</summary>
    public Task<int> MarkAttemptFailedAsync(long id, int? status, string error, DateTimeOffset? retryAt, CancellationToken ct = default)
        => db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx,
            "UPDATE webhook_deliveries SET state = @st, last_status = @s, last_error = @e, next_attempt = @n, claimed_until = NULL WHERE id = @id",
            ("@st", retryAt is null ? "failed" : "pending"), ("@s", status is null ? null : (long)status.Value), ("@e", error),
            ("@n", retryAt?.ToUnixTimeMilliseconds() ?? db.NowMs), ("@id", id)), ct);

    public async Task<List<DeliveryStatus>> ListDeliveriesAsync(string webhookId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await Sql.QueryAsync(c, null, """
            SELECT id, webhook_id, event, state, attempts, last_status, last_error, created, delivered
            FROM webhook_deliveries WHERE webhook_id = @w ORDER BY id DESC LIMIT @lim
            """, r => new DeliveryStatus(Sql.L(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), Sql.L(r, 4), Sql.NL(r, 5), Sql.S(r, 6),
                DateTimeOffset.FromUnixTimeMilliseconds(Sql.L(r, 7)), Sql.Time(Sql.NL(r, 8))), ("@w", webhookId), ("@lim", (long)limit));
    }
}
