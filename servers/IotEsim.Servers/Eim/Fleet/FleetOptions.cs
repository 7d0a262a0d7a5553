namespace IotEsim.Servers.Eim.Fleet;

/// <summary>Settings of the eIM fleet API (REST for fleet managers) and its webhook sender.</summary>
public sealed class FleetOptions
{
    /// <summary>eIM identifier recorded for devices registered without an explicit eimId.</summary>
    public string DefaultEimId { get; set; } = "iotesim-eim";

    /// <summary>Requests one API key may make per <see cref="RateLimitWindow"/> (fixed window); more get 429.</summary>
    public int RateLimitPermits { get; set; } = 600;
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Create a bootstrap admin key on the first start against an empty database.</summary>
    public bool CreateBootstrapKey { get; set; } = true;

    /// <summary>Where the bootstrap key is written (mode 0600); null: only logged.</summary>
    public string? BootstrapKeyFile { get; set; }

    public bool RunWebhookDispatcher { get; set; } = true;
    public TimeSpan WebhookPollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public int WebhookMaxAttempts { get; set; } = 8;

    /// <summary>Delay before the second attempt; doubles per attempt up to <see cref="WebhookMaxBackoff"/>.</summary>
    public TimeSpan WebhookBackoff { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan WebhookMaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Identifies this instance in claimed_by columns.</summary>
    public string InstanceId { get; set; } = Environment.MachineName + ":" + Environment.ProcessId + ":" + Guid.NewGuid().ToString("N")[..8];
}
