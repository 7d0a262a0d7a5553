using System.Data.Common;

namespace IotEsim.Servers.Storage;

/// <summary>
/// Versioned schema shared by SQLite and PostgreSQL. A migration is applied once, in its own write
/// transaction, and recorded in schema_migrations; rerunning is a no-op. Append new versions at the
/// end; never edit an applied one. {AUTOID} stands for the dialect's surrogate key column.
/// </summary>
public static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> All = new[]
    {
        (1, "fleet core", """
CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, prefix TEXT NOT NULL, hash TEXT NOT NULL,
  created BIGINT NOT NULL, revoked BIGINT NULL);
CREATE UNIQUE INDEX ux_api_keys_prefix ON api_keys(prefix);
CREATE TABLE devices (
  eid TEXT PRIMARY KEY, eim_id TEXT NOT NULL, association_token TEXT NULL, group_name TEXT NULL,
  created BIGINT NOT NULL, last_seen BIGINT NULL, state TEXT NOT NULL DEFAULT '{}');
CREATE INDEX ix_devices_group ON devices(group_name);
CREATE TABLE device_tags (
  eid TEXT NOT NULL REFERENCES devices(eid) ON DELETE CASCADE, tag TEXT NOT NULL, PRIMARY KEY (eid, tag));
CREATE INDEX ix_device_tags_tag ON device_tags(tag);
CREATE TABLE profiles (
  eid TEXT NOT NULL REFERENCES devices(eid) ON DELETE CASCADE, iccid TEXT NOT NULL, state TEXT NOT NULL,
  nickname TEXT NULL, profile_name TEXT NULL, updated BIGINT NOT NULL, PRIMARY KEY (eid, iccid));
CREATE TABLE jobs (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, parameters TEXT NOT NULL, target TEXT NOT NULL,
  created_by TEXT NOT NULL, created BIGINT NOT NULL, state TEXT NOT NULL, total_count BIGINT NOT NULL,
  done_count BIGINT NOT NULL DEFAULT 0, failed_count BIGINT NOT NULL DEFAULT 0, completed BIGINT NULL);
CREATE INDEX ix_jobs_created ON jobs(created);
CREATE TABLE job_items (
  id {AUTOID}, job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, eid TEXT NOT NULL,
  state TEXT NOT NULL, claimed_by TEXT NULL, claimed_until BIGINT NULL, attempts BIGINT NOT NULL DEFAULT 0,
  result TEXT NULL, error TEXT NULL, updated BIGINT NOT NULL);
CREATE UNIQUE INDEX ux_job_items_job_eid ON job_items(job_id, eid);
CREATE INDEX ix_job_items_eid_state ON job_items(eid, state, id);
CREATE INDEX ix_job_items_state ON job_items(state, id);
CREATE TABLE eim_counters (eid TEXT PRIMARY KEY, value BIGINT NOT NULL);
CREATE TABLE eim_packages (
  id {AUTOID}, eid TEXT NOT NULL, job_item_id BIGINT NULL, counter BIGINT NOT NULL, kind TEXT NOT NULL,
  payload TEXT NOT NULL, state TEXT NOT NULL, claimed_by TEXT NULL, claimed_until BIGINT NULL,
  attempts BIGINT NOT NULL DEFAULT 0, result TEXT NULL, created BIGINT NOT NULL, updated BIGINT NOT NULL);
CREATE INDEX ix_eim_packages_eid_state ON eim_packages(eid, state, id);
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL, events TEXT NOT NULL,
  created_by TEXT NOT NULL, created BIGINT NOT NULL, active BIGINT NOT NULL DEFAULT 1);
CREATE TABLE webhook_deliveries (
  id {AUTOID}, webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE, event TEXT NOT NULL,
  payload TEXT NOT NULL, state TEXT NOT NULL, attempts BIGINT NOT NULL DEFAULT 0, next_attempt BIGINT NOT NULL,
  claimed_by TEXT NULL, claimed_until BIGINT NULL, last_status BIGINT NULL, last_error TEXT NULL,
  created BIGINT NOT NULL, delivered BIGINT NULL);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries(state, next_attempt);
"""),
        // SM-DP+ / SM-DS tables (owned by servers/IotEsim.Servers/SmDp).
        (SmDp.SmDpSchema.Version, SmDp.SmDpSchema.Name, SmDp.SmDpSchema.Sql),
    };

    public static async Task<int> ApplyAsync(IServerDatabase db, CancellationToken ct)
    {
        // Under the migration lock too: concurrent CREATE TABLE IF NOT EXISTS can collide on PostgreSQL.
        await db.WriteAsync(async (c, tx) =>
        {
            await db.Dialect.LockMigrationsAsync(c, tx, ct);
            return await Sql.ExecAsync(c, tx,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)");
        }, ct);
        int applied = 0;
        foreach (var (version, name, sql) in All)
        {
            bool did = await db.WriteAsync(async (c, tx) =>
            {
                await db.Dialect.LockMigrationsAsync(c, tx, ct);
                // Re-check inside the lock: another instance may have applied it meanwhile.
                if (await Sql.ScalarAsync(c, tx, "SELECT version FROM schema_migrations WHERE version = @v", ("@v", (long)version)) != null)
                    return false;
                foreach (var stmt in Split(sql.Replace("{AUTOID}", db.Dialect.AutoIdPrimaryKey)))
                    await Sql.ExecAsync(c, tx, stmt);
                await Sql.ExecAsync(c, tx, "INSERT INTO schema_migrations (version, name, applied) VALUES (@v, @n, @t)",
                    ("@v", (long)version), ("@n", name), ("@t", db.NowMs));
                return true;
            }, ct);
            if (did) applied++;
        }
        return applied;
    }

    public static async Task<long> CurrentVersionAsync(IServerDatabase db, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return Sql.L(await Sql.ScalarAsync(c, null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0L);
    }

    private static IEnumerable<string> Split(string sql)
    {
        foreach (var part in sql.Split(';'))
            if (part.Trim().Length > 0) yield return part.Trim();
    }
}
