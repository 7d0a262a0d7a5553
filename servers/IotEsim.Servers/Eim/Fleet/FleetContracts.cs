using System.Text.Json;
using IotEsim.Servers.Storage;

namespace IotEsim.Servers.Eim.Fleet;

// Request and response bodies of the fleet API (JSON, camelCase).

/// <summary>
/// <paramref name="EuiccCertificate"/>: optional CERT.EUICC as base64 DER or PEM (PEM may also hold the EUM certificate);
/// <paramref name="EumCertificate"/>: the issuing CERT.EUM when not in that PEM. Verified against the eIM's trusted CIs.
/// </summary>
public sealed record RegisterDeviceRequest(string? Eid, string? EimId, string? AssociationToken, string[]? Tags, string? Group,
    string? EuiccCertificate = null, string? EumCertificate = null);

/// <summary>Exactly one of eids, tag or group.</summary>
public sealed record JobTarget(string[]? Eids, string? Tag, string? Group);

public sealed record CreateJobRequest(string? Kind, JsonElement? Parameters, JobTarget? Target);

public sealed record CreateWebhookRequest(string? Url, string? Secret, string[]? Events);

public sealed record CreateApiKeyRequest(string? Name);

public sealed record ProfileDto(string Iccid, string State, string? Nickname, string? ProfileName, DateTimeOffset Updated);

public sealed record DeviceDto(string Eid, string EimId, bool HasAssociationToken, string? Group, IReadOnlyList<string> Tags,
    DateTimeOffset Created, DateTimeOffset? LastSeen, JsonElement State, IReadOnlyList<ProfileDto> Profiles)
{
    public static DeviceDto From(DeviceRecord d) => new(d.Eid, d.EimId, d.AssociationToken != null, d.Group, d.Tags, d.Created, d.LastSeen,
        JsonDocument.Parse(d.StateJson).RootElement.Clone(),
        d.Profiles.Select(p => new ProfileDto(p.Iccid, p.State, p.Nickname, p.ProfileName, p.Updated)).ToList());
}

public sealed record DeviceDetailDto(DeviceDto Device, IReadOnlyList<JobItemDto> RecentJobItems);

public sealed record JobDto(string Id, string Kind, JsonElement Parameters, JsonElement Target, string CreatedBy, DateTimeOffset Created,
    string State, long Total, long Done, long Failed, long Open, DateTimeOffset? Completed)
{
    public static JobDto From(JobRecord j) => new(j.Id, j.Kind, Parse(j.ParametersJson), Parse(j.TargetJson), j.CreatedBy, j.Created,
        j.State, j.Total, j.Done, j.Failed, j.Total - j.Done - j.Failed, j.Completed);

    internal static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}

public sealed record JobItemDto(string JobId, string Eid, string State, long Attempts, string? ClaimedBy, DateTimeOffset? ClaimedUntil,
    JsonElement? Result, string? Error, DateTimeOffset Updated)
{
    public static JobItemDto From(JobItemRecord i) => new(i.JobId, i.Eid, i.State, i.Attempts, i.ClaimedBy, i.ClaimedUntil,
        i.ResultJson is null ? null : JobDto.Parse(i.ResultJson), i.Error, i.Updated);
}

public sealed record JobDetailDto(JobDto Job, IReadOnlyDictionary<string, long> ItemStates, IReadOnlyList<JobItemDto> Items);

public sealed record Page<T>(IReadOnlyList<T> Items, int Limit, int Offset);

public sealed record WebhookCreatedDto(string Id, string Url, IReadOnlyList<string> Events, string Secret, DateTimeOffset Created);

public sealed record ApiKeyCreatedDto(string Id, string Name, string Key, DateTimeOffset Created);
