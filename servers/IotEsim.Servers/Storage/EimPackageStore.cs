namespace IotEsim.Servers.Storage;

public sealed record EimPackageRecord(long Id, string Eid, long? JobItemId, long Counter, string Kind, string Payload, long Attempts);

/// <summary>
/// Per-EID eIM state the ESipa endpoint needs across instances: the replay counter (strictly
/// increasing per EID, SGP.32 eimTransactionId/counter handling) and the ordered queue of
/// eUICC packages waiting for the device.
/// </summary>
public sealed class EimPackageStore(IServerDatabase db)
{
    /// <summary>Atomically increments and returns the EID's counter (first value 1).</summary>
    public async Task<long> NextCounterValueAsync(string eid, CancellationToken ct = default)
        => Sql.L(await db.WriteAsync((c, tx) => Sql.ScalarAsync(c, tx, """
            INSERT INTO eim_counters (eid, value) VALUES (@e, 1)
            ON CONFLICT (eid) DO UPDATE SET value = eim_counters.value + 1 RETURNING value
            """, ("@e", eid)), ct));

    public async Task<long> CurrentCounterValueAsync(string eid, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return Sql.L(await Sql.ScalarAsync(c, null, "SELECT COALESCE(MAX(value), 0) FROM eim_counters WHERE eid = @e", ("@e", eid)));
    }

    /// <summary>Appends a package (payload: base64 or JSON, as the ESipa layer chooses) to the EID's queue.</summary>
    public async Task<long> EnqueueAsync(string eid, long counter, string kind, string payload, long? jobItemId = null, CancellationToken ct = default)
        => Sql.L(await db.WriteAsync((c, tx) => Sql.ScalarAsync(c, tx, """
            INSERT INTO eim_packages (eid, job_item_id, counter, kind, payload, state, attempts, created, updated)
            VALUES (@e, @j, @n, @k, @p, 'pending', 0, @t, @t) RETURNING id
            """, ("@e", eid), ("@j", jobItemId), ("@n", counter), ("@k", kind), ("@p", payload), ("@t", db.NowMs)), ct));

    /// <summary>The EID's oldest pending package (or one whose lease expired), claimed for this instance.</summary>
    public async Task<EimPackageRecord?> ClaimNextPackageForEidAsync(string eid, string claimer, TimeSpan lease, CancellationToken ct = default)
    {
        var now = db.NowMs;
        var row = await db.ClaimOneAsync("eim_packages",
            "eid = @e AND (state = 'pending' OR (state = 'claimed' AND claimed_until < @now))", "id",
            "state = 'claimed', claimed_by = @by, claimed_until = @until, attempts = attempts + 1, updated = @now",
            "id, eid, job_item_id, counter, kind, payload, attempts",
            [("@e", eid), ("@now", now), ("@by", claimer), ("@until", now + (long)lease.TotalMilliseconds)], ct);
        return row is null ? null : new EimPackageRecord(Sql.L(row[0]), (string)row[1]!, row[2] is null ? null : Sql.L(row[2]),
            Sql.L(row[3]), (string)row[4]!, (string)row[5]!, Sql.L(row[6]));
    }

    /// <summary>Records the device's answer to a package; false when it was already completed.</summary>
    public async Task<bool> CompletePackageAsync(long id, bool success, string? resultJson, CancellationToken ct = default)
        => await db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx,
            "UPDATE eim_packages SET state = @s, result = @r, claimed_until = NULL, updated = @t WHERE id = @id AND state IN ('pending', 'claimed')",
            ("@s", success ? "done" : "failed"), ("@r", resultJson), ("@t", db.NowMs), ("@id", id)), ct) == 1;

    public async Task<long> CountPendingAsync(string eid, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return Sql.L(await Sql.ScalarAsync(c, null, "SELECT COUNT(*) FROM eim_packages WHERE eid = @e AND state IN ('pending', 'claimed')", ("@e", eid)));
    }
}
