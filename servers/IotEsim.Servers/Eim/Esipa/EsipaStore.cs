using System.Text.Json;
using System.Text.Json.Nodes;
using IotEsim.Servers.Storage;

namespace IotEsim.Servers.Eim.Esipa;

/// <summary>A job item claimed together with the counterValue its package carries.</summary>
public sealed record ClaimedPackageSlot(long ItemId, string JobId, string Kind, string ParametersJson, long CounterValue);

/// <summary>An eUICC package that went to a device and waits for its result.</summary>
public sealed record SentPackage(long Id, string Eid, long? JobItemId, long Counter, string Kind, JsonObject Payload, string State);

/// <summary>
/// The ESipa side's queries over the shared fleet tables (job_items, eim_counters, eim_packages,
/// devices.state). No tables of its own: a sent package is an eim_packages row in state 'sent'
/// whose payload JSON begins with the eimTransactionId, so a v1.0 result (which carries no EID)
/// can still be matched.
/// </summary>
public sealed class EsipaStore(IServerDatabase db)
{
    public const string StateSent = "sent";

    /// <summary>
    /// In one write transaction: locks the EID's counter row, claims the EID's oldest open job item
    /// and allocates the next counterValue for it. Holding the counter row while claiming makes the
    /// counter order equal the queue order even with several instances (SQLite serialises writers;
    /// PostgreSQL blocks on the row lock), so the eUICC never sees a smaller counter after a larger one.
    /// </summary>
    public async Task<ClaimedPackageSlot?> ClaimNextAsync(string eid, long initialCounter, string claimer, TimeSpan lease, CancellationToken ct = default)
    {
        // Most polls find nothing. When the counter row exists and no item is claimable, the write transaction below
        // would change nothing: answer from a read and leave the write lock to others (bench: empty polls).
        await using (var r = await db.OpenAsync(ct))
        {
            var idle = await Sql.ScalarAsync(r, null,
                "SELECT CASE WHEN EXISTS (SELECT 1 FROM eim_counters WHERE eid = @e) AND NOT EXISTS (SELECT 1 FROM job_items WHERE eid = @e " +
                "AND (state = 'pending' OR (state = 'claimed' AND claimed_until < @now))) THEN 1 ELSE 0 END", ("@e", eid), ("@now", db.NowMs));
            if (Sql.L(idle) == 1) return null;
        }
        return await ClaimNextWriteAsync(eid, initialCounter, claimer, lease, ct);
    }

    private Task<ClaimedPackageSlot?> ClaimNextWriteAsync(string eid, long initialCounter, string claimer, TimeSpan lease, CancellationToken ct)
        => db.WriteAsync<ClaimedPackageSlot?>(async (c, tx) =>
        {
            var now = db.NowMs;
            await Sql.ExecAsync(c, tx, "INSERT INTO eim_counters (eid, value) VALUES (@e, @v) ON CONFLICT (eid) DO NOTHING", ("@e", eid), ("@v", initialCounter));
            await Sql.ExecAsync(c, tx, "UPDATE eim_counters SET value = value WHERE eid = @e", ("@e", eid));
            var rows = await Sql.QueryAsync(c, tx,
                "UPDATE job_items SET state = 'claimed', claimed_by = @by, claimed_until = @until, attempts = attempts + 1, updated = @now " +
                "WHERE id = (SELECT id FROM job_items WHERE eid = @e AND (state = 'pending' OR (state = 'claimed' AND claimed_until < @now)) ORDER BY id LIMIT 1" +
                db.Dialect.ClaimLockSuffix + ") RETURNING id, job_id",
                r => (Id: Sql.L(r, 0), Job: r.GetString(1)),
                ("@by", claimer), ("@until", now + (long)lease.TotalMilliseconds), ("@now", now), ("@e", eid));
            if (rows.Count == 0) return null;
            var job = (await Sql.QueryAsync(c, tx, "SELECT kind, parameters FROM jobs WHERE id = @j",
                r => (Kind: r.GetString(0), P: r.GetString(1)), ("@j", rows[0].Job)))[0];
            var counter = Sql.L(await Sql.ScalarAsync(c, tx, "UPDATE eim_counters SET value = value + 1 WHERE eid = @e RETURNING value", ("@e", eid)));
            return new ClaimedPackageSlot(rows[0].Id, rows[0].Job, job.Kind, job.P, counter);
        }, ct);

    /// <summary>Records a package handed to the device (state 'sent').</summary>
    public Task<long> RecordSentAsync(string eid, long? jobItemId, long counter, string kind, string transactionIdHex, JsonObject payload, CancellationToken ct = default)
        => db.WriteAsync(async (c, tx) => Sql.L(await Sql.ScalarAsync(c, tx, """
            INSERT INTO eim_packages (eid, job_item_id, counter, kind, payload, state, attempts, created, updated)
            VALUES (@e, @j, @n, @k, @p, 'sent', 1, @t, @t) RETURNING id
            """, ("@e", eid), ("@j", jobItemId), ("@n", counter), ("@k", kind), ("@p", PayloadText(transactionIdHex, payload)), ("@t", db.NowMs))), ct);

    /// <summary>The payload starts with the transaction id so that a prefix LIKE finds it without a new column.</summary>
    private static string PayloadText(string txHex, JsonObject payload)
    {
        var o = new JsonObject { ["eimTransactionId"] = txHex };
        foreach (var kv in payload) if (kv.Key != "eimTransactionId") o[kv.Key] = kv.Value?.DeepClone();
        return o.ToJsonString();
    }

    private static string TxPrefix(string txHex) => "{\"eimTransactionId\":\"" + txHex + "\"%";

    /// <summary>The package with this eimTransactionId (any EID), whatever its state.</summary>
    public async Task<SentPackage?> FindByTransactionIdAsync(string txHex, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await Sql.QueryAsync(c, null, Select + " WHERE payload LIKE @p ORDER BY id DESC LIMIT 1", Map, ("@p", TxPrefix(txHex)))).FirstOrDefault();
    }

    /// <summary>The EID's package with this counterValue (counters are unique per EID).</summary>
    public async Task<SentPackage?> FindByCounterAsync(string eid, long counter, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await Sql.QueryAsync(c, null, Select + " WHERE eid = @e AND counter = @n ORDER BY id DESC LIMIT 1", Map, ("@e", eid), ("@n", counter))).FirstOrDefault();
    }

    /// <summary>The EID's oldest package of <paramref name="kind"/> still waiting for a result.</summary>
    public async Task<SentPackage?> FindOpenAsync(string eid, string kind, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await Sql.QueryAsync(c, null, Select + " WHERE eid = @e AND kind = @k AND state = 'sent' ORDER BY id LIMIT 1", Map, ("@e", eid), ("@k", kind))).FirstOrDefault();
    }

    /// <summary>Open download package whose payload names this SM-DP+ transactionId.</summary>
    public async Task<SentPackage?> FindOpenBySmdpTransactionAsync(string smdpTxHex, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await Sql.QueryAsync(c, null, Select + " WHERE state = 'sent' AND payload LIKE @p ORDER BY id LIMIT 1", Map,
            ("@p", "%\"smdpTransactionId\":\"" + smdpTxHex + "\"%"))).FirstOrDefault();
    }

    /// <summary>Whether the EID has a claimable job item of another kind than <paramref name="exceptKind"/> (a fleet job waiting for its package).</summary>
    public async Task<bool> HasClaimableWorkAsync(string eid, string exceptKind, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return Sql.L(await Sql.ScalarAsync(c, null,
            "SELECT COUNT(*) FROM job_items i JOIN jobs j ON j.id = i.job_id WHERE i.eid = @e AND j.kind <> @k " +
            "AND (i.state = 'pending' OR (i.state = 'claimed' AND i.claimed_until < @now))", ("@e", eid), ("@k", exceptKind), ("@now", db.NowMs))) > 0;
    }

    /// <summary>How many of the EID's packages of <paramref name="kind"/> still wait for an answer.</summary>
    public async Task<long> CountOpenAsync(string eid, string kind, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return Sql.L(await Sql.ScalarAsync(c, null, "SELECT COUNT(*) FROM eim_packages WHERE eid = @e AND kind = @k AND state = 'sent'", ("@e", eid), ("@k", kind)));
    }

    /// <summary>The EID's sent packages holding a result that could not be verified yet (no eUICC certificate known then).</summary>
    public async Task<List<SentPackage>> ListUnverifiedAsync(string eid, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await Sql.QueryAsync(c, null, Select + " WHERE eid = @e AND state = 'sent' AND payload LIKE @p ORDER BY id", Map,
            ("@e", eid), ("@p", "%\"" + UnverifiedResultKey + "\":%"));
    }

    /// <summary>Payload field holding an EuiccPackageResult (base64 DER) kept until PK.EUICC is known.</summary>
    public const string UnverifiedResultKey = "unverifiedResult";

    public Task<int> UpdatePayloadAsync(SentPackage p, JsonObject payload, CancellationToken ct = default)
        => db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx, "UPDATE eim_packages SET payload = @p, updated = @t WHERE id = @id",
            ("@p", PayloadText(p.Payload["eimTransactionId"]?.GetValue<string>() ?? "", payload)), ("@t", db.NowMs), ("@id", p.Id)), ct);

    /// <summary>Marks a sent package done/failed; false when another request completed it first.</summary>
    public async Task<bool> CompleteAsync(long id, bool success, string resultJson, CancellationToken ct = default)
        => await db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx,
            "UPDATE eim_packages SET state = @s, result = @r, updated = @t WHERE id = @id AND state = 'sent'",
            ("@s", success ? "done" : "failed"), ("@r", resultJson), ("@t", db.NowMs), ("@id", id)), ct) == 1;

    /// <summary>Reads the device's state JSON object (the ESipa fields live beside whatever else is stored there).</summary>
    public static JsonObject StateOf(DeviceRecord d)
    {
        try { return JsonNode.Parse(d.StateJson) as JsonObject ?? new JsonObject(); }
        catch (JsonException) { return new JsonObject(); }
    }

    /// <summary>Merges <paramref name="changes"/> into devices.state inside one write transaction.</summary>
    public Task MergeStateAsync(string eid, Action<JsonObject> changes, CancellationToken ct = default)
        => db.WriteAsync(async (c, tx) =>
        {
            var s = (string?)await Sql.ScalarAsync(c, tx, "SELECT state FROM devices WHERE eid = @e" + db.Dialect.RowLockSuffix, ("@e", eid));
            if (s is null) return 0;
            JsonObject o;
            try { o = JsonNode.Parse(s) as JsonObject ?? new JsonObject(); } catch (JsonException) { o = new JsonObject(); }
            changes(o);
            return await Sql.ExecAsync(c, tx, "UPDATE devices SET state = @s WHERE eid = @e", ("@s", o.ToJsonString()), ("@e", eid));
        }, ct);

    private const string Select = "SELECT id, eid, job_item_id, counter, kind, payload, state FROM eim_packages";

    private static SentPackage Map(System.Data.Common.DbDataReader r) => new(Sql.L(r, 0), r.GetString(1), Sql.NL(r, 2), Sql.L(r, 3), r.GetString(4),
        JsonNode.Parse(r.GetString(5)) as JsonObject ?? new JsonObject(), r.GetString(6));
}
