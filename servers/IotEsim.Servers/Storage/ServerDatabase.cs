using System.Data.Common;

namespace IotEsim.Servers.Storage;

/// <summary>Connections, write transactions and the claim primitive shared by every store.</summary>
public interface IServerDatabase
{
    IDbDialect Dialect { get; }
    TimeProvider Clock { get; }
    long NowMs { get; }

    Task<DbConnection> OpenAsync(CancellationToken ct = default);

    /// <summary>Runs <paramref name="work"/> in a write transaction and commits it.</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default);

    /// <summary>Applies the pending schema migrations; safe to call from several instances at once.</summary>
    Task<int> MigrateAsync(CancellationToken ct = default);

    /// <summary>
    /// Atomically picks the first row of <paramref name="table"/> matching <paramref name="filter"/>
    /// (ordered by <paramref name="orderBy"/>), applies <paramref name="set"/> to it and returns the
    /// <paramref name="returning"/> columns, or null when nothing matched. Concurrent callers, in this
    /// process or another, never get the same row: PostgreSQL skips rows locked by other claimers
    /// (FOR UPDATE SKIP LOCKED); SQLite runs the single UPDATE under BEGIN IMMEDIATE.
    /// </summary>
    Task<object?[]?> ClaimOneAsync(string table, string filter, string orderBy, string set, string returning,
        IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken ct = default);
}

public sealed class ServerDatabase : IServerDatabase
{
    public ServerDatabase(IDbDialect dialect, TimeProvider? clock = null)
    {
        Dialect = dialect;
        Clock = clock ?? TimeProvider.System;
        if (dialect is SqliteDialect) _writeGate = new SemaphoreSlim(1, 1);
    }

    /// <summary>
    /// SQLite has one writer at a time. Writers of this process queue here (async, FIFO-ish) instead of in SQLite's busy
    /// handler, which sleeps with growing back-off (up to 100 ms) and made concurrent requests wait far longer than the
    /// write itself (bench: eIM polls). Other processes on the same file still meet the busy timeout.
    /// </summary>
    private readonly SemaphoreSlim? _writeGate;

    public IDbDialect Dialect { get; }
    public TimeProvider Clock { get; }
    public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<DbConnection> OpenAsync(CancellationToken ct = default) => Dialect.OpenAsync(ct);

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        if (_writeGate is null) return await WriteCoreAsync(work, ct);
        await _writeGate.WaitAsync(ct);
        try { return await WriteCoreAsync(work, ct); }
        finally { _writeGate.Release(); }
    }

    private async Task<T> WriteCoreAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var c = await Dialect.OpenAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(c, ct);
        var result = await work(c, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    public Task<int> MigrateAsync(CancellationToken ct = default) => Migrations.ApplyAsync(this, ct);

    public Task<object?[]?> ClaimOneAsync(string table, string filter, string orderBy, string set, string returning,
        IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken ct = default)
    {
        var sql = $"UPDATE {table} SET {set} WHERE id = (SELECT id FROM {table} WHERE {filter} ORDER BY {orderBy} LIMIT 1{Dialect.ClaimLockSuffix}) RETURNING {returning}";
        return WriteAsync(async (c, tx) =>
        {
            await using var cmd = Sql.Command(c, tx, sql, parameters);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return null;
            var row = new object?[r.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            return row;
        }, ct);
    }
}

/// <summary>Small ADO.NET helpers (no ORM).</summary>
public static class Sql
{
    public static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, IReadOnlyList<(string Name, object? Value)>? ps = null)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        if (ps != null)
            foreach (var (name, value) in ps)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = name.StartsWith('@') ? name : "@" + name;
                p.Value = value ?? DBNull.Value;
                cmd.Parameters.Add(p);
            }
        return cmd;
    }

    public static async Task<int> ExecAsync(DbConnection c, DbTransaction? tx, string sql, params (string, object?)[] ps)
    {
        await using var cmd = Command(c, tx, sql, ps);
        return await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(DbConnection c, DbTransaction? tx, string sql, params (string, object?)[] ps)
    {
        await using var cmd = Command(c, tx, sql, ps);
        var v = await cmd.ExecuteScalarAsync();
        return v is DBNull ? null : v;
    }

    public static async Task<List<T>> QueryAsync<T>(DbConnection c, DbTransaction? tx, string sql, Func<DbDataReader, T> map, params (string, object?)[] ps)
    {
        await using var cmd = Command(c, tx, sql, ps);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<T>();
        while (await r.ReadAsync()) list.Add(map(r));
        return list;
    }

    public static long L(DbDataReader r, int i) => Convert.ToInt64(r.GetValue(i));
    public static long? NL(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i));
    public static string? S(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i));
    public static long L(object? v) => Convert.ToInt64(v);

    /// <summary>"@p0, @p1, …" placeholders plus their parameters, for IN lists.</summary>
    public static string InList(IReadOnlyList<string> values, string prefix, List<(string, object?)> ps)
    {
        var names = new string[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            names[i] = "@" + prefix + i;
            ps.Add((names[i], values[i]));
        }
        return string.Join(", ", names);
    }

    public static DateTimeOffset? Time(long? ms) => ms is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);
}
