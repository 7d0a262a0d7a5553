using IotEsim.Servers.SmDp;

namespace IotEsim.Servers.Lab;

/// <summary>Settings of a <see cref="LabServers"/> composition. Everything has a default that works on a fresh machine.</summary>
public sealed class LabOptions
{
    /// <summary>Root of the lab's files: pki/ (unless <see cref="PkiDirectory"/>), smdp/ and eim/ (SQLite, bootstrap key).</summary>
    public required string DataDirectory { get; init; }
    /// <summary>An existing TestPki to use; null: DataDirectory/pki, created when missing.</summary>
    public string? PkiDirectory { get; init; }
    /// <summary>Host names the lab serves under; clients resolve them to 127.0.0.1 (no DNS, no hosts file).
    /// .test is reserved for testing (RFC 6761), so they can never reach a real server.</summary>
    public string SmdpHost { get; init; } = "smdp.iotesim.test";
    public string SmdsHost { get; init; } = "smds.iotesim.test";
    public string EimHost { get; init; } = "eim.iotesim.test";
    /// <summary>TLS port of the SM-DP+ and SM-DS (one Kestrel host, ES9+/ES2+/ES11/ES12); 0 = any free port.</summary>
    public int RspPort { get; init; }
    /// <summary>TLS port of the eIM (ESipa, and the fleet API/dashboard too); 0 = any free port.</summary>
    public int EimTlsPort { get; init; }
    /// <summary>Plain-HTTP loopback port of the eIM for browsers and scripts (fleet API, dashboard); 0 = any free port.</summary>
    public int EimHttpPort { get; init; }
    /// <summary>eimId the eIM signs with (and devices are configured with).</summary>
    public string EimId { get; init; } = "iotesim-lab-eim";
    /// <summary>Profile types generated per order. Empty: <see cref="LabServers.DefaultTemplates"/>.</summary>
    public List<ProfileTemplate> Templates { get; } = new();
    /// <summary>Fleet API requests per minute per API key (the eIM's default of 600 is for shared servers; a lab
    /// orchestrating hundreds of devices from one key needs more).</summary>
    public int FleetRateLimitPerMinute { get; init; } = 60000;
    /// <summary>Server logs (Warning and above) go here; null: no server logging.</summary>
    public Action<string>? Log { get; init; }
}
