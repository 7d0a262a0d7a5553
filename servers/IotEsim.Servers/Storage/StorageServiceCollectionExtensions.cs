using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database (SQLite file or PostgreSQL), the stores, and a start-up step that applies
    /// migrations before the server accepts requests.
    /// </summary>
    public static IServiceCollection AddIotEsimStorage(this IServiceCollection services, Action<StorageOptions> configure)
    {
        var options = new StorageOptions();
        configure(options);
        services.AddSingleton(options);
        services.AddSingleton<IDbDialect>(_ => options.Kind == DatabaseKind.Postgres ? new PostgresDialect(options) : new SqliteDialect(options));
        services.AddSingleton<IServerDatabase>(sp => new ServerDatabase(sp.GetRequiredService<IDbDialect>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<DeviceStore>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<EimPackageStore>();
        services.AddSingleton<WebhookStore>();
        if (options.MigrateOnStart) services.AddHostedService<MigrationStartup>();
        return services;
    }
}

/// <summary>Applies pending migrations when the host starts (hosted services start before Kestrel listens).</summary>
internal sealed class MigrationStartup(IServerDatabase db, ILogger<MigrationStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        int n = await db.MigrateAsync(ct);
        log.LogInformation("storage ({Dialect}): {Count} migration(s) applied, schema version {Version}",
            db.Dialect.Name, n, await Migrations.CurrentVersionAsync(db, ct));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
