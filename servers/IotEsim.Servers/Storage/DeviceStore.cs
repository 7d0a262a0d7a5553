using System.Data.Common;

namespace IotEsim.Servers.Storage;

public sealed record ProfileRecord(string Iccid, string State, string? Nickname, string? ProfileName, DateTimeOffset Updated);

public sealed record DeviceRecord(string Eid, string EimId, string? AssociationToken, string? Group, IReadOnlyList<string> Tags,
    DateTimeOffset Created, DateTimeOffset? LastSeen, string StateJson, IReadOnlyList<ProfileRecord> Profiles);

/// <summary>A device to register; <paramref name="StateJson"/> seeds devices.state (e.g. a verified eUICC certificate).</summary>
public sealed record NewDevice(string Eid, string EimId, string? AssociationToken, string? Group, IReadOnlyList<string> Tags, string? StateJson = null);

/// <summary>Registered eUICCs (by EID), their tags/group, last contact and the profiles they reported.</summary>
public sealed class DeviceStore(IServerDatabase db)
{
    /// <summary>Registers a device; false when the EID is already registered.</summary>
    public Task<bool> RegisterAsync(NewDevice d, CancellationToken ct = default) => db.WriteAsync(async (c, tx) =>
    {
        int n = await Sql.ExecAsync(c, tx,
            "INSERT INTO devices (eid, eim_id, association_token, group_name, created, last_seen, state) VALUES (@e, @i, @a, @g, @t, NULL, @s) ON CONFLICT (eid) DO NOTHING",
            ("@e", d.Eid), ("@i", d.EimId), ("@a", d.AssociationToken), ("@g", d.Group), ("@t", db.NowMs), ("@s", d.StateJson ?? "{}"));
        if (n != 1) return false;
        foreach (var tag in d.Tags.Distinct(StringComparer.Ordinal))
            await Sql.ExecAsync(c, tx, "INSERT INTO device_tags (eid, tag) VALUES (@e, @g)", ("@e", d.Eid), ("@g", tag));
        return true;
    }, ct);

    public async Task<DeviceRecord?> GetAsync(string eid, CancellationToken ct = default)
        => (await LoadAsync("WHERE d.eid = @eid", [("@eid", eid)], 1, 0, ct)).FirstOrDefault();

    public Task<List<DeviceRecord>> ListAsync(string? tag, string? group, int limit, int offset, CancellationToken ct = default)
    {
        var where = new List<string>();
        var ps = new List<(string, object?)>();
        if (tag != null) { where.Add("EXISTS (SELECT 1 FROM device_tags t WHERE t.eid = d.eid AND t.tag = @tag)"); ps.Add(("@tag", tag)); }
        if (group != null) { where.Add("d.group_name = @grp"); ps.Add(("@grp", group)); }
        return LoadAsync(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where), ps, limit, offset, ct);
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return Sql.L(await Sql.ScalarAsync(c, null, "SELECT COUNT(*) FROM devices"));
    }

    /// <summary>The registered EIDs a job target names, in EID order; unknown EIDs are returned separately.</summary>
    public async Task<(List<string> Eids, List<string> Unknown)> ResolveTargetAsync(IReadOnlyList<string>? eids, string? tag, string? group, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        if (eids != null)
        {
            var ps = new List<(string, object?)>();
            var distinct = eids.Distinct(StringComparer.Ordinal).ToList();
            var found = distinct.Count == 0 ? [] : await Sql.QueryAsync(c, null,
                "SELECT eid FROM devices WHERE eid IN (" + Sql.InList(distinct, "e", ps) + ") ORDER BY eid", r => r.GetString(0), ps.ToArray());
            return (found, distinct.Except(found, StringComparer.Ordinal).ToList());
        }
        if (tag != null)
            return (await Sql.QueryAsync(c, null, "SELECT eid FROM device_tags WHERE tag = @t ORDER BY eid", r => r.GetString(0), ("@t", tag)), []);
        return (await Sql.QueryAsync(c, null, "SELECT eid FROM devices WHERE group_name = @g ORDER BY eid", r => r.GetString(0), ("@g", group)), []);
    }

    /// <summary>Records that the device contacted the eIM now.</summary>
    public Task<int> TouchAsync(string eid, CancellationToken ct = default)
        => db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx, "UPDATE devices SET last_seen = @t WHERE eid = @e", ("@t", db.NowMs), ("@e", eid)), ct);

    public Task<int> SetStateAsync(string eid, string stateJson, CancellationToken ct = default)
        => db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx, "UPDATE devices SET state = @s WHERE eid = @e", ("@s", stateJson), ("@e", eid)), ct);

    public Task UpsertProfileAsync(string eid, string iccid, string state, string? nickname, string? profileName, CancellationToken ct = default)
        => db.WriteAsync((c, tx) => UpsertProfile(c, tx, eid, iccid, state, nickname, profileName), ct);

    /// <summary>Replaces the device's profile list with a complete listing it reported.</summary>
    public Task ReplaceProfilesAsync(string eid, IReadOnlyList<(string Iccid, string State, string? Nickname, string? ProfileName)> profiles, CancellationToken ct = default)
        => db.WriteAsync(async (c, tx) =>
        {
            await Sql.ExecAsync(c, tx, "DELETE FROM profiles WHERE eid = @e", ("@e", eid));
            foreach (var p in profiles) await UpsertProfile(c, tx, eid, p.Iccid, p.State, p.Nickname, p.ProfileName);
            return 0;
        }, ct);

    /// <summary>After an enable succeeded: that profile is enabled, every other one disabled (one active profile).</summary>
    public Task MarkEnabledAsync(string eid, string iccid, CancellationToken ct = default)
        => db.WriteAsync(async (c, tx) =>
        {
            await Sql.ExecAsync(c, tx, "UPDATE profiles SET state = 'disabled', updated = @t WHERE eid = @e AND iccid <> @i AND state = 'enabled'",
                ("@t", db.NowMs), ("@e", eid), ("@i", iccid));
            return await UpsertProfile(c, tx, eid, iccid, "enabled", null, null);
        }, ct);

    private Task<int> UpsertProfile(DbConnection c, DbTransaction tx, string eid, string iccid, string state, string? nickname, string? profileName)
        => Sql.ExecAsync(c, tx, """
            INSERT INTO profiles (eid, iccid, state, nickname, profile_name, updated) VALUES (@e, @i, @s, @n, @p, @t)
            ON CONFLICT (eid, iccid) DO UPDATE SET state = excluded.state,
              nickname = COALESCE(excluded.nickname, profiles.nickname),
              profile_name = COALESCE(excluded.profile_name, profiles.profile_name), updated = excluded.updated
            """, ("@e", eid), ("@i", iccid), ("@s", state), ("@n", nickname), ("@p", profileName), ("@t", db.NowMs));

    private async Task<List<DeviceRecord>> LoadAsync(string where, IReadOnlyList<(string, object?)> ps, int limit, int offset, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var all = ps.ToList();
        all.Add(("@lim", (long)limit));
        all.Add(("@off", (long)offset));
        var rows = await Sql.QueryAsync(c, null,
            $"SELECT d.eid, d.eim_id, d.association_token, d.group_name, d.created, d.last_seen, d.state FROM devices d {where} ORDER BY d.eid LIMIT @lim OFFSET @off",
            r => (Eid: r.GetString(0), EimId: r.GetString(1), Token: Sql.S(r, 2), Group: Sql.S(r, 3), Created: Sql.L(r, 4), Seen: Sql.NL(r, 5), State: r.GetString(6)),
            all.ToArray());
        if (rows.Count == 0) return [];
        var inPs = new List<(string, object?)>();
        var inList = Sql.InList(rows.Select(x => x.Eid).ToList(), "e", inPs);
        var tags = (await Sql.QueryAsync(c, null, $"SELECT eid, tag FROM device_tags WHERE eid IN ({inList}) ORDER BY tag",
            r => (Eid: r.GetString(0), Tag: r.GetString(1)), inPs.ToArray())).ToLookup(x => x.Eid, x => x.Tag);
        var profiles = (await Sql.QueryAsync(c, null,
            $"SELECT eid, iccid, state, nickname, profile_name, updated FROM profiles WHERE eid IN ({inList}) ORDER BY iccid",
            r => (Eid: r.GetString(0), P: new ProfileRecord(r.GetString(1), r.GetString(2), Sql.S(r, 3), Sql.S(r, 4),
                DateTimeOffset.FromUnixTimeMilliseconds(Sql.L(r, 5)))), inPs.ToArray())).ToLookup(x => x.Eid, x => x.P);
        return rows.Select(x => new DeviceRecord(x.Eid, x.EimId, x.Token, x.Group, tags[x.Eid].ToList(),
            DateTimeOffset.FromUnixTimeMilliseconds(x.Created), Sql.Time(x.Seen), x.State, profiles[x.Eid].ToList())).ToList();
    }
}
