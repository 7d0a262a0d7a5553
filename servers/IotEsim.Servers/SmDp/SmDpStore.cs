using System.Data.Common;
using IotEsim.Servers.Storage;

namespace IotEsim.Servers.SmDp;

/// <summary>Session states: initiated → authenticated → bpp → done | cancelled | failed.</summary>
public static class SessionStates
{
    public const string Initiated = "initiated", Authenticated = "authenticated", Bpp = "bpp", Done = "done",
        Cancelled = "cancelled", Failed = "failed";
}

/// <summary>
/// Order states (ES2+): reserved (DownloadOrder) → confirmed (ConfirmOrder without release) → released
/// (downloadable) → downloading (bound to an RSP session at AuthenticateClient, which makes the matching ID
/// single-use) → downloaded (BPP delivered) → installed | failed; cancelled, locked (too many wrong
/// confirmation codes).
/// </summary>
public static class OrderStates
{
    public const string Reserved = "reserved", Confirmed = "confirmed", Released = "released", Downloading = "downloading",
        Downloaded = "downloaded", Installed = "installed", Failed = "failed", Cancelled = "cancelled", Locked = "locked";
}

/// <summary>Profile states: available → allocated (by an order) → downloaded → installed | error.</summary>
public static class ProfileStates
{
    public const string Available = "available", Allocated = "allocated", Downloaded = "downloaded", Installed = "installed", Error = "error";
}

/// <summary>Roles sharing the session table.</summary>
public static class SessionRoles
{
    public const string SmDp = "smdp", SmDs = "smds";
}

public sealed record RspSessionRecord(string TransactionId, string Role, string State, string ServerAddress, byte[] EuiccChallenge,
    byte[] ServerChallenge, byte[] CiPkId, string? Eid, byte[]? EuiccCertificate, byte[]? EuiccSignature1, byte[]? SmdpSignature2,
    string? OrderId, bool CcRequired, long Expires);

public sealed record OrderRecord(string Id, string Iccid, string? Eid, string? MatchingId, string? CcHash, string? SmdsAddress,
    string State, long CcAttempts, string? TransactionId, long Expires, string? SmdsEventId);

public sealed record ProfileRecord(string Iccid, string ProfileType, string State, byte[] Upp, string ServiceProviderName,
    string ProfileName, int ProfileClass);

/// <summary>SQL of the SM-DP+/SM-DS tables (see <see cref="SmDpSchema"/>).</summary>
public sealed class SmDpStore(IServerDatabase db)
{
    public IServerDatabase Db => db;

    private const string SessionCols = "transaction_id, role, state, server_address, euicc_challenge, server_challenge, ci_pkid, eid, " +
        "euicc_certificate, euicc_signature1, smdp_signature2, order_id, cc_required, expires";

    private static byte[]? B(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.FromBase64String(r.GetString(i));
    private static string? B64(byte[]? b) => b is null ? null : Convert.ToBase64String(b);

    private static RspSessionRecord MapSession(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        B(r, 4)!, B(r, 5)!, B(r, 6)!, Sql.S(r, 7), B(r, 8), B(r, 9), B(r, 10), Sql.S(r, 11), Sql.L(r, 12) != 0, Sql.L(r, 13));

    public Task InsertSessionAsync(string txId, string role, string serverAddress, byte[] euiccChallenge, byte[] serverChallenge,
        byte[] ciPkId, long expires) => db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx, """
            INSERT INTO smdp_sessions (transaction_id, role, state, server_address, euicc_challenge, server_challenge, ci_pkid, created, expires, updated)
            VALUES (@t, @r, 'initiated', @a, @ec, @sc, @ci, @n, @x, @n)
            """, ("@t", txId), ("@r", role), ("@a", serverAddress), ("@ec", B64(euiccChallenge)), ("@sc", B64(serverChallenge)),
            ("@ci", B64(ciPkId)), ("@n", db.NowMs), ("@x", expires)));

    public async Task<RspSessionRecord?> GetSessionAsync(string txId, DbConnection? c = null, DbTransaction? tx = null)
    {
        if (c is not null) return (await Sql.QueryAsync(c, tx, $"SELECT {SessionCols} FROM smdp_sessions WHERE transaction_id = @t", MapSession, ("@t", txId))).FirstOrDefault();
        await using var own = await db.OpenAsync();
        return (await Sql.QueryAsync(own, null, $"SELECT {SessionCols} FROM smdp_sessions WHERE transaction_id = @t", MapSession, ("@t", txId))).FirstOrDefault();
    }

    /// <summary>Moves a session from one state to another; false when it was not in <paramref name="from"/> (replay, race).</summary>
    public static async Task<bool> TransitionSessionAsync(DbConnection c, DbTransaction tx, long now, string txId, string from, string to)
        => await Sql.ExecAsync(c, tx, "UPDATE smdp_sessions SET state = @to, updated = @n WHERE transaction_id = @t AND state = @from",
            ("@to", to), ("@n", now), ("@t", txId), ("@from", from)) == 1;

    public static Task<int> SetSessionAuthenticatedAsync(DbConnection c, DbTransaction tx, long now, string txId, string eid, byte[] euiccCert,
        byte[] euiccSignature1, byte[]? smdpSignature2, string? orderId, bool ccRequired)
        => Sql.ExecAsync(c, tx, """
            UPDATE smdp_sessions SET state = 'authenticated', eid = @e, euicc_certificate = @cert, euicc_signature1 = @s1,
              smdp_signature2 = @s2, order_id = @o, cc_required = @cc, updated = @n
            WHERE transaction_id = @t AND state = 'initiated'
            """, ("@e", eid), ("@cert", B64(euiccCert)), ("@s1", B64(euiccSignature1)), ("@s2", B64(smdpSignature2)), ("@o", orderId),
            ("@cc", ccRequired ? 1L : 0L), ("@n", now), ("@t", txId));

    // ---- orders

    private const string OrderCols = "id, iccid, eid, matching_id, cc_hash, smds_address, state, cc_attempts, transaction_id, expires, smds_event_id";

    private static OrderRecord MapOrder(DbDataReader r) => new(r.GetString(0), r.GetString(1), Sql.S(r, 2), Sql.S(r, 3), Sql.S(r, 4), Sql.S(r, 5),
        r.GetString(6), Sql.L(r, 7), Sql.S(r, 8), Sql.L(r, 9), Sql.S(r, 10));

    public static async Task<OrderRecord?> GetOrderAsync(DbConnection c, DbTransaction? tx, string where, params (string, object?)[] ps)
        => (await Sql.QueryAsync(c, tx, $"SELECT {OrderCols} FROM smdp_orders WHERE {where}", MapOrder, ps)).FirstOrDefault();

    public async Task<OrderRecord?> GetOrderAsync(string id)
    {
        await using var c = await db.OpenAsync();
        return await GetOrderAsync(c, null, "id = @id", ("@id", id));
    }

    public async Task<OrderRecord?> GetOrderByIccidAsync(string iccid)
    {
        await using var c = await db.OpenAsync();
        return await GetOrderAsync(c, null, "iccid = @i ORDER BY created DESC", ("@i", iccid));
    }

    public static Task<int> SetOrderStateAsync(DbConnection c, DbTransaction tx, long now, string id, string state, string? error = null)
        => Sql.ExecAsync(c, tx, "UPDATE smdp_orders SET state = @s, last_error = COALESCE(@e, last_error), updated = @n WHERE id = @id",
            ("@s", state), ("@e", error), ("@n", now), ("@id", id));

    public static Task<int> SetProfileStateAsync(DbConnection c, DbTransaction tx, long now, string iccid, string state)
        => Sql.ExecAsync(c, tx, "UPDATE smdp_profiles SET state = @s, updated = @n WHERE iccid = @i", ("@s", state), ("@n", now), ("@i", iccid));

    // ---- profiles

    private static ProfileRecord MapProfile(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2),
        Convert.FromBase64String(r.GetString(3)), r.GetString(4), r.GetString(5), (int)Sql.L(r, 6));

    private const string ProfileCols = "iccid, profile_type, state, upp, sp_name, profile_name, profile_class";

    public async Task<ProfileRecord?> GetProfileAsync(string iccid)
    {
        await using var c = await db.OpenAsync();
        return (await Sql.QueryAsync(c, null, $"SELECT {ProfileCols} FROM smdp_profiles WHERE iccid = @i", MapProfile, ("@i", iccid))).FirstOrDefault();
    }

    public static async Task<ProfileRecord?> GetProfileAsync(DbConnection c, DbTransaction? tx, string where, params (string, object?)[] ps)
        => (await Sql.QueryAsync(c, tx, $"SELECT {ProfileCols} FROM smdp_profiles WHERE {where}", MapProfile, ps)).FirstOrDefault();

    /// <summary>Adds a profile to the inventory unless its ICCID is already there; true when added.</summary>
    public Task<bool> AddProfileAsync(string iccid, string profileType, byte[] upp, string spName, string profileName, int profileClass,
        string state = ProfileStates.Available, string? imsi = null)
        => db.WriteAsync(async (c, tx) => await Sql.ExecAsync(c, tx, """
            INSERT INTO smdp_profiles (iccid, profile_type, state, upp, sp_name, profile_name, profile_class, imsi, created, updated)
            VALUES (@i, @t, @s, @u, @sp, @pn, @pc, @im, @n, @n) ON CONFLICT (iccid) DO NOTHING
            """, ("@i", iccid), ("@t", profileType), ("@s", state), ("@u", Convert.ToBase64String(upp)), ("@sp", spName), ("@pn", profileName),
            ("@pc", (long)profileClass), ("@im", imsi), ("@n", db.NowMs)) == 1);

    /// <summary>Inserts a profile inside the caller's transaction (an order generating its profile from a template).</summary>
    public static Task<int> InsertProfileAsync(DbConnection c, DbTransaction tx, long now, string iccid, string profileType, byte[] upp,
        string spName, string profileName, int profileClass, string state, string? imsi)
        => Sql.ExecAsync(c, tx, """
            INSERT INTO smdp_profiles (iccid, profile_type, state, upp, sp_name, profile_name, profile_class, imsi, created, updated)
            VALUES (@i, @t, @s, @u, @sp, @pn, @pc, @im, @n, @n)
            """, ("@i", iccid), ("@t", profileType), ("@s", state), ("@u", Convert.ToBase64String(upp)), ("@sp", spName), ("@pn", profileName),
            ("@pc", (long)profileClass), ("@im", imsi), ("@n", now));

    public async Task<List<(string Iccid, string Type, string State)>> ListProfilesAsync()
    {
        await using var c = await db.OpenAsync();
        return await Sql.QueryAsync(c, null, "SELECT iccid, profile_type, state FROM smdp_profiles ORDER BY iccid",
            r => (r.GetString(0), r.GetString(1), r.GetString(2)));
    }

    // ---- notifications

    public static Task<int> InsertNotificationAsync(DbConnection c, DbTransaction tx, long now, string? txId, string? eid, string? iccid,
        long seq, long operation, bool? success, byte[] payload)
        => Sql.ExecAsync(c, tx, """
            INSERT INTO smdp_notifications (transaction_id, eid, iccid, seq_number, operation, success, payload, received)
            VALUES (@t, @e, @i, @s, @o, @ok, @p, @n)
            """, ("@t", txId), ("@e", eid), ("@i", iccid), ("@s", seq), ("@o", operation),
            ("@ok", success is null ? null : success.Value ? 1L : 0L), ("@p", Convert.ToBase64String(payload)), ("@n", now));

    public async Task<long> CountNotificationsAsync(string? txId = null)
    {
        await using var c = await db.OpenAsync();
        return Sql.L(await Sql.ScalarAsync(c, null, txId is null ? "SELECT COUNT(*) FROM smdp_notifications"
            : "SELECT COUNT(*) FROM smdp_notifications WHERE transaction_id = @t", ("@t", txId)));
    }
}
