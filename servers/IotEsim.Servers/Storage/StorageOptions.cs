namespace IotEsim.Servers.Storage;

/// <summary>Which database engine backs a server.</summary>
public enum DatabaseKind
{
    /// <summary>A single SQLite file under <see cref="StorageOptions.DataDirectory"/> (lab default).</summary>
    Sqlite,
    /// <summary>A PostgreSQL database named by <see cref="StorageOptions.ConnectionString"/>.</summary>
    Postgres,
}

/// <summary>Storage settings shared by every server role.</summary>
public sealed class StorageOptions
{
    public DatabaseKind Kind { get; set; } = DatabaseKind.Sqlite;

    /// <summary>Directory for the SQLite file and the bootstrap key file; created when missing.</summary>
    public string DataDirectory { get; set; } = "data";

    public string SqliteFileName { get; set; } = "iotesim.db";

    /// <summary>PostgreSQL connection string (Npgsql syntax). Required when Kind is Postgres.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a SQLite writer waits for the lock held by another connection or process.</summary>
    public int BusyTimeoutMs { get; set; } = 10000;

    /// <summary>Apply pending migrations when the host starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public string SqlitePath => Path.Combine(DataDirectory, SqliteFileName);
}
