using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;

namespace IotEsim.Servers.Storage;

/// <summary>Job kinds an eIM fleet job can carry (SGP.32 eUICC package operations).</summary>
public static class JobKinds
{
    public const string Download = "download", Enable = "enable", Disable = "disable", Delete = "delete",
        ListProfiles = "listProfiles", Eco = "eco";
    public static readonly string[] All = [Download, Enable, Disable, Delete, ListProfiles, Eco];
}

/// <summary>Per-device item states: pending → claimed → sent → done | failed.</summary>
public static class ItemStates
{
    public const string Pending = "pending", Claimed = "claimed", Sent = "sent", Done = "done", Failed = "failed";
}

public sealed record JobRecord(string Id, string Kind, string ParametersJson, string TargetJson, string CreatedBy,
    DateTimeOffset Created, string State, long Total, long Done, long Failed, DateTimeOffset? Completed);

public sealed record JobItemRecord(long Id, string JobId, string Eid, string State, string? ClaimedBy, DateTimeOffset? ClaimedUntil,
    long Attempts, string? ResultJson, string? Error, DateTimeOffset Updated);

/// <summary>A job item handed to one eIM instance for delivery to its device.</summary>
public sealed record ClaimedItem(long ItemId, string JobId, string Eid, string Kind, string ParametersJson, long Attempts);

/// <summary>
/// Fleet jobs and their per-device items. All coordination goes through the database, so any number
/// of eIM instances can serve the same fleet.
/// </summary>
public sealed class JobStore(IServerDatabase db)
{
    public const string JobCompletedEvent = "job.completed";

    public Task<JobRecord> CreateAsync(string kind, string parametersJson, string targetJson, string createdBy,
        IReadOnlyList<string> eids, CancellationToken ct = default) => db.WriteAsync(async (c, tx) =>
    {
        var now = db.NowMs;
        var job = new JobRecord("job_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)), kind, parametersJson, targetJson,
            createdBy, DateTimeOffset.FromUnixTimeMilliseconds(now), "running", eids.Count, 0, 0, null);
        await Sql.ExecAsync(c, tx, """
            INSERT INTO jobs (id, kind, parameters, target, created_by, created, state, total_count, done_count, failed_count, completed)
            VALUES (@id, @k, @p, @tg, @by, @t, 'running', @n, 0, 0, NULL)
            """, ("@id", job.Id), ("@k", kind), ("@p", parametersJson), ("@tg", targetJson), ("@by", createdBy), ("@t", now), ("@n", (long)eids.Count));
        await using var cmd = Sql.Command(c, tx,
            "INSERT INTO job_items (job_id, eid, state, attempts, updated) VALUES (@j, @e, 'pending', 0, @t)",
            [("@j", job.Id), ("@e", ""), ("@t", now)]);
        foreach (var eid in eids)
        {
            cmd.Parameters[1].Value = eid;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return job;
    }, ct);

    public async Task<JobRecord?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await Sql.QueryAsync(c, null, JobSelect + " WHERE id = @id", MapJob, ("@id", id))).FirstOrDefault();
    }

    public async Task<List<JobRecord>> ListAsync(int limit, int offset, string? state = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await Sql.QueryAsync(c, null,
            JobSelect + (state is null ? "" : " WHERE state = @s") + " ORDER BY created DESC, id LIMIT @lim OFFSET @off", MapJob,
            state is null ? [("@lim", (long)limit), ("@off", (long)offset)] : [("@s", state), ("@lim", (long)limit), ("@off", (long)offset)]);
    }

    public async Task<List<JobItemRecord>> ListItemsAsync(string jobId, int limit, int offset, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await Sql.QueryAsync(c, null, ItemSelect + " WHERE job_id = @j ORDER BY eid LIMIT @lim OFFSET @off", MapItem,
            ("@j", jobId), ("@lim", (long)limit), ("@off", (long)offset));
    }

    /// <summary>The most recent items addressed to one device.</summary>
    public async Task<List<JobItemRecord>> ListItemsForDeviceAsync(string eid, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await Sql.QueryAsync(c, null, ItemSelect + " WHERE eid = @e ORDER BY id DESC LIMIT @lim", MapItem, ("@e", eid), ("@lim", (long)limit));
    }

    public async Task<Dictionary<string, long>> CountItemsByStateAsync(string jobId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await Sql.QueryAsync(c, null, "SELECT state, COUNT(*) FROM job_items WHERE job_id = @j GROUP BY state",
            r => (r.GetString(0), Sql.L(r, 1)), ("@j", jobId));
        return rows.ToDictionary(x => x.Item1, x => x.Item2);
    }

    /// <summary>
    /// Claims the oldest pending item (or one whose lease expired) — for one device when
    /// <paramref name="eid"/> is given, as the ESipa endpoint does when that device polls.
    /// </summary>
    public async Task<ClaimedItem?> ClaimNextItemAsync(string claimer, TimeSpan lease, string? eid = null, CancellationToken ct = default)
    {
        var now = db.NowMs;
        var filter = "(state = 'pending' OR (state = 'claimed' AND claimed_until < @now))" + (eid is null ? "" : " AND eid = @eid");
        var ps = new List<(string, object?)> { ("@now", now), ("@by", claimer), ("@until", now + (long)lease.TotalMilliseconds) };
        if (eid != null) ps.Add(("@eid", eid));
        var row = await db.ClaimOneAsync("job_items", filter, "id",
            "state = 'claimed', claimed_by = @by, claimed_until = @until, attempts = attempts + 1, updated = @now",
            "id, job_id, eid, attempts", ps, ct);
        if (row is null) return null;
        var job = await GetAsync((string)row[1]!, ct) ?? throw new InvalidOperationException("job item without job");
        return new ClaimedItem(Sql.L(row[0]), job.Id, (string)row[2]!, job.Kind, job.ParametersJson, Sql.L(row[3]));
    }

    /// <summary>The item's package went to the device; it now waits for the device's result (no lease expiry).</summary>
    public async Task<bool> MarkSentAsync(long itemId, string claimer, CancellationToken ct = default)
        => await db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx,
            "UPDATE job_items SET state = 'sent', updated = @t WHERE id = @id AND state = 'claimed' AND claimed_by = @by",
            ("@t", db.NowMs), ("@id", itemId), ("@by", claimer)), ct) == 1;

    /// <summary>Gives a claimed item back (e.g. the device went away before the package was sent).</summary>
    public async Task<bool> ReleaseAsync(long itemId, string claimer, CancellationToken ct = default)
        => await db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx,
            "UPDATE job_items SET state = 'pending', claimed_by = NULL, claimed_until = NULL, updated = @t WHERE id = @id AND state = 'claimed' AND claimed_by = @by",
            ("@t", db.NowMs), ("@id", itemId), ("@by", claimer)), ct) == 1;

    /// <summary>
    /// Records the device's result for an item. When it was the job's last open item the job becomes
    /// completed and a job.completed delivery is queued for every subscribed webhook, in the same
    /// transaction. Returns false when the item was already finished.
    /// </summary>
    public Task<bool> CompleteItemAsync(long itemId, bool success, string? resultJson, string? error, CancellationToken ct = default)
        => db.WriteAsync(async (c, tx) =>
        {
            var now = db.NowMs;
            var jobId = (string?)await Sql.ScalarAsync(c, tx, """
                UPDATE job_items SET state = @s, result = @r, error = @e, claimed_until = NULL, updated = @t
                WHERE id = @id AND state IN ('pending', 'claimed', 'sent') RETURNING job_id
                """, ("@s", success ? ItemStates.Done : ItemStates.Failed), ("@r", resultJson), ("@e", error), ("@t", now), ("@id", itemId));
            if (jobId is null) return false;
            var counts = (await Sql.QueryAsync(c, tx, """
                UPDATE jobs SET done_count = done_count + @d, failed_count = failed_count + @f WHERE id = @j
                RETURNING total_count, done_count, failed_count, state
                """, r => (Total: Sql.L(r, 0), Done: Sql.L(r, 1), Failed: Sql.L(r, 2), State: r.GetString(3)),
                ("@d", success ? 1L : 0L), ("@f", success ? 0L : 1L), ("@j", jobId)))[0];
            if (counts.State == "running" && counts.Done + counts.Failed >= counts.Total)
                await CompleteJobAsync(c, tx, jobId, now);
            return true;
        }, ct);

    private async Task CompleteJobAsync(DbConnection c, DbTransaction tx, string jobId, long now)
    {
        int n = await Sql.ExecAsync(c, tx, "UPDATE jobs SET state = 'completed', completed = @t WHERE id = @j AND state = 'running'", ("@t", now), ("@j", jobId));
        if (n != 1) return;
        var job = (await Sql.QueryAsync(c, tx, JobSelect + " WHERE id = @id", MapJob, ("@id", jobId)))[0];
        var payload = JsonSerializer.Serialize(new
        {
            @event = JobCompletedEvent,
            job = new { id = job.Id, kind = job.Kind, state = job.State, total = job.Total, done = job.Done, failed = job.Failed, completed = job.Completed },
        });
        await WebhookStore.EnqueueAsync(c, tx, JobCompletedEvent, payload, now);
    }

    private const string JobSelect = "SELECT id, kind, parameters, target, created_by, created, state, total_count, done_count, failed_count, completed FROM jobs";
    private const string ItemSelect = "SELECT id, job_id, eid, state, claimed_by, claimed_until, attempts, result, error, updated FROM job_items";

    private static JobRecord MapJob(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(Sql.L(r, 5)), r.GetString(6), Sql.L(r, 7), Sql.L(r, 8), Sql.L(r, 9), Sql.Time(Sql.NL(r, 10)));

    private static JobItemRecord MapItem(DbDataReader r) => new(Sql.L(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), Sql.S(r, 4),
        Sql.Time(Sql.NL(r, 5)), Sql.L(r, 6), Sql.S(r, 7), Sql.S(r, 8), DateTimeOffset.FromUnixTimeMilliseconds(Sql.L(r, 9)));
}
