using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IotEsim.Servers.Storage;

/// <summary>
/// The few places where SQLite and PostgreSQL disagree. All other SQL is shared: named
/// parameters (@name), BIGINT epoch-millisecond timestamps, TEXT JSON, INSERT … ON CONFLICT and
/// UPDATE … RETURNING are understood by both (SQLite 3.35+).
/// </summary>
public interface IDbDialect
{
    string Name { get; }

    /// <summary>Column definition of a surrogate, increasing integer primary key.</summary>
    string AutoIdPrimaryKey { get; }

    /// <summary>Appended to the inner SELECT of a claim so that concurrent claimers pass each other.</summary>
    string ClaimLockSuffix { get; }

    /// <summary>
    /// Appended to a SELECT inside a write transaction whose rows are then updated from what was read (read-modify-write):
    /// PostgreSQL's READ COMMITTED would otherwise let two writers read the same old value and lose one update.
    /// SQLite needs nothing (BEGIN IMMEDIATE already excludes other writers).
    /// </summary>
    string RowLockSuffix { get; }

    Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// Starts a transaction that may write. SQLite takes the write lock up front (BEGIN IMMEDIATE) so
    /// that a read-then-write never fails half-way with SQLITE_BUSY.
    /// </summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Serialises migration runs of several instances starting at once.</summary>
    Task LockMigrationsAsync(DbConnection connection, DbTransaction tx, CancellationToken ct);
}

public sealed class SqliteDialect : IDbDialect
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;

    public SqliteDialect(StorageOptions options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        _busyTimeoutMs = options.BusyTimeoutMs;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.SqlitePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, options.BusyTimeoutMs / 1000),
        }.ToString();
        // WAL is a property of the file: set it once so readers never block the writer.
        using var c = new SqliteConnection(_connectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout=" + _busyTimeoutMs + "; PRAGMA journal_mode=WAL;";
        cmd.ExecuteNonQuery();
    }

    public string Name => "sqlite";
    public string AutoIdPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";
    public string ClaimLockSuffix => "";
    public string RowLockSuffix => "";

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout=" + _busyTimeoutMs + "; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
        await cmd.ExecuteNonQueryAsync(ct);
        return c;
    }

    public Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
        => Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false));

    public Task LockMigrationsAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;
}

public sealed class PostgresDialect : IDbDialect, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _source;

    public PostgresDialect(StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException("StorageOptions.ConnectionString is required for PostgreSQL.");
        _source = NpgsqlDataSource.Create(options.ConnectionString);
    }

    public string Name => "postgres";
    public string AutoIdPrimaryKey => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
    public string ClaimLockSuffix => " FOR UPDATE SKIP LOCKED";
    public string RowLockSuffix => " FOR UPDATE";

    public async Task<DbConnection> OpenAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
        => await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    public async Task LockMigrationsAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT pg_advisory_xact_lock(7305310001)";
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    public void Dispose() => _source.Dispose();
}
