using System.Text.Json;
using System.Text.Json.Nodes;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Servers.Storage;

namespace IotEsim.Servers.Eim.Fleet;

/// <summary>
/// Input checks of the fleet API. Errors are collected per field and answered as one
/// application/problem+json (400) body.
/// </summary>
public sealed class FleetValidation
{
    public readonly Dictionary<string, string[]> Errors = new(StringComparer.Ordinal);
    public bool Ok => Errors.Count == 0;

    public void Add(string field, string message)
        => Errors[field] = Errors.TryGetValue(field, out var m) ? [.. m, message] : [message];

    /// <summary>EID: 32 decimal digits (SGP.29).</summary>
    public static bool IsEid(string? s) => s is { Length: 32 } && s.All(char.IsAsciiDigit);

    /// <summary>ICCID: 18 to 20 decimal digits (ITU-T E.118).</summary>
    public static bool IsIccid(string? s) => s is { Length: >= 18 and <= 20 } && s.All(char.IsAsciiDigit);

    /// <summary>Tags and group names: 1–64 of letters, digits and . _ : -</summary>
    public static bool IsName(string? s) => s is { Length: >= 1 and <= 64 } && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');

    /// <summary>
    /// Basic activation code check (SGP.22 4.1): optional "LPA:" prefix, then "1$&lt;SM-DP+ address&gt;$&lt;matching ID&gt;"
    /// with optional further fields; the address must look like a host name with optional port.
    /// </summary>
    public static bool IsActivationCode(string? s)
    {
        if (s is null || s.Length > 512) return false;
        if (s.StartsWith("LPA:", StringComparison.Ordinal)) s = s[4..];
        var parts = s.Split('$');
        if (parts.Length < 3 || parts[0] != "1") return false;
        var host = parts[1];
        if (host.Length is 0 or > 255) return false;
        int colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(host[(colon + 1)..], out var port) || port is < 1 or > 65535) return false;
            host = host[..colon];
        }
        if (host.Length == 0 || host.StartsWith('.') || host.EndsWith('.') || host.Contains("..")) return false;
        if (!host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')) return false;
        return parts[2].All(c => c > ' ' && c < 0x7f);
    }

    public NewDevice? Device(RegisterDeviceRequest? r, string defaultEimId)
    {
        if (r is null) { Add("body", "a JSON body is required"); return null; }
        if (!IsEid(r.Eid)) Add("eid", "EID must be exactly 32 decimal digits");
        var eim = string.IsNullOrWhiteSpace(r.EimId) ? defaultEimId : r.EimId.Trim();
        if (eim.Length > 128) Add("eimId", "eimId is at most 128 characters");
        if (r.AssociationToken is { Length: > 256 }) Add("associationToken", "associationToken is at most 256 characters");
        var tags = r.Tags ?? [];
        if (tags.Length > 32) Add("tags", "at most 32 tags");
        foreach (var t in tags) if (!IsName(t)) Add("tags", "invalid tag '" + t + "': 1-64 of letters, digits, . _ : -");
        if (r.Group != null && !IsName(r.Group)) Add("group", "group: 1-64 of letters, digits, . _ : -");
        return Ok ? new NewDevice(r.Eid!, eim, r.AssociationToken, r.Group, tags) : null;
    }

    /// <summary>
    /// The registration's eUICC certificate: base64 DER or PEM; the EUM certificate comes from <c>eumCertificate</c> or is
    /// the PEM's other certificate. The chain must verify to a trusted CI and name <paramref name="eid"/>.
    /// </summary>
    public VerifiedEuiccChain? EuiccCertificate(RegisterDeviceRequest r, string eid, EuiccCertificates? verifier)
    {
        if (r.EuiccCertificate is null) { Add("euiccCertificate", "euiccCertificate is required when eumCertificate is given"); return null; }
        if (verifier is null || !verifier.HasTrustedCi) { Add("euiccCertificate", "this eIM has no trusted CI to verify eUICC certificates"); return null; }
        var given = r.EuiccCertificate.Length > 16384 ? null : EuiccCertificates.ParseCertificates(r.EuiccCertificate);
        if (given is null || given.Count > 2) { Add("euiccCertificate", "euiccCertificate must be one base64 DER certificate or PEM with the eUICC (and EUM) certificate"); return null; }
        byte[]? eum = null;
        if (r.EumCertificate != null)
        {
            var e = r.EumCertificate.Length > 16384 ? null : EuiccCertificates.ParseCertificates(r.EumCertificate);
            if (e is null || e.Count != 1) { Add("eumCertificate", "eumCertificate must be one base64 DER or PEM certificate"); return null; }
            eum = e[0];
        }
        // In a two-certificate PEM the eUICC certificate is the one naming the EID; the other is its EUM.
        byte[] euicc = given[0];
        if (given.Count == 2)
        {
            bool firstIsLeaf = Rsp.X509.X509Certificate.Parse(given[0]).Eid == eid;
            euicc = firstIsLeaf ? given[0] : given[1];
            var other = firstIsLeaf ? given[1] : given[0];
            if (eum != null && !eum.AsSpan().SequenceEqual(other)) { Add("eumCertificate", "eumCertificate differs from the EUM certificate in euiccCertificate"); return null; }
            eum = other;
        }
        var chain = verifier.Verify(eid, euicc, eum, out var error);
        if (chain is null) Add("euiccCertificate", error!);
        return chain;
    }

    /// <summary>Checks kind, parameters and target; returns the canonical parameters JSON and target JSON.</summary>
    public (string Kind, string Parameters, string Target)? Job(CreateJobRequest? r)
    {
        if (r is null) { Add("body", "a JSON body is required"); return null; }
        var kind = r.Kind ?? "";
        if (!JobKinds.All.Contains(kind, StringComparer.Ordinal))
            Add("kind", "kind must be one of " + string.Join(", ", JobKinds.All));
        var p = r.Parameters is { ValueKind: JsonValueKind.Object } pe ? pe : default;
        if (r.Parameters is { } given && given.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            Add("parameters", "parameters must be a JSON object");
        var canon = new JsonObject();
        switch (kind)
        {
            case JobKinds.Download:
                var ac = Str(p, "activationCode");
                var smds = Str(p, "smdsAddress");
                // Either an activation code, or contactSmds: the IPA looks for its event at this SM-DS (SGP.32 ProfileDownloadData).
                if (smds != null && ac == null)
                {
                    if (!IsActivationCode("1$" + smds + "$")) Add("parameters.smdsAddress", "smdsAddress must be a host name with optional port");
                    canon["smdsAddress"] = smds;
                }
                else
                {
                    if (!IsActivationCode(ac)) Add("parameters.activationCode", "activationCode must look like 1$<SM-DP+ address>$<matching ID> (or give smdsAddress instead)");
                    if (smds != null) Add("parameters.smdsAddress", "give activationCode or smdsAddress, not both");
                    canon["activationCode"] = ac;
                }
                if (Str(p, "confirmationCode") is { } cc)
                {
                    if (cc.Length is 0 or > 64) Add("parameters.confirmationCode", "confirmationCode is 1-64 characters");
                    canon["confirmationCode"] = cc;
                }
                break;
            case JobKinds.Enable:
            case JobKinds.Disable:
            case JobKinds.Delete:
                var iccid = Str(p, "iccid");
                if (!IsIccid(iccid)) Add("parameters.iccid", "iccid must be 18-20 decimal digits");
                canon["iccid"] = iccid;
                if (kind == JobKinds.Enable)
                {
                    bool rollback = false;
                    if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("rollback", out var rb))
                    {
                        if (rb.ValueKind is JsonValueKind.True or JsonValueKind.False) rollback = rb.GetBoolean();
                        else Add("parameters.rollback", "rollback must be true or false");
                    }
                    canon["rollback"] = rollback;
                }
                break;
            case JobKinds.Eco:
                var op = Str(p, "operation");
                string[] ops = ["addEim", "deleteEim", "updateEim", "listEim"];
                if (op is null || !ops.Contains(op)) Add("parameters.operation", "operation must be one of " + string.Join(", ", ops));
                canon["operation"] = op;
                if (op is "addEim" or "deleteEim" or "updateEim")
                {
                    var id = Str(p, "eimId");
                    if (id is null or { Length: 0 or > 128 }) Add("parameters.eimId", "eimId (1-128 characters) is required for " + op);
                    canon["eimId"] = id;
                }
                if (Str(p, "eimFqdn") is { } fqdn)
                {
                    if (!IsActivationCode("1$" + fqdn + "$")) Add("parameters.eimFqdn", "eimFqdn must be a host name");
                    canon["eimFqdn"] = fqdn;
                }
                if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("eimConfiguration", out var cfg))
                    canon["eimConfiguration"] = JsonNode.Parse(cfg.GetRawText());
                break;
        }

        var t = r.Target;
        var target = new JsonObject();
        int forms = t is null ? 0 : (t.Eids != null ? 1 : 0) + (t.Tag != null ? 1 : 0) + (t.Group != null ? 1 : 0);
        if (forms != 1) Add("target", "target must have exactly one of eids, tag, group");
        else if (t!.Eids != null)
        {
            if (t.Eids.Length is 0 or > 10000) Add("target.eids", "eids must list 1-10000 EIDs");
            foreach (var e in t.Eids) if (!IsEid(e)) { Add("target.eids", "EID must be exactly 32 decimal digits: '" + e + "'"); break; }
            target["eids"] = new JsonArray(t.Eids.Distinct().Select(e => (JsonNode?)JsonValue.Create(e)).ToArray());
        }
        else if (t.Tag != null)
        {
            if (!IsName(t.Tag)) Add("target.tag", "invalid tag");
            target["tag"] = t.Tag;
        }
        else
        {
            if (!IsName(t.Group)) Add("target.group", "invalid group");
            target["group"] = t.Group;
        }
        return Ok ? (kind, canon.ToJsonString(), target.ToJsonString()) : null;
    }

    private string? Str(JsonElement p, string name)
    {
        if (p.ValueKind != JsonValueKind.Object || !p.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        Add("parameters." + name, name + " must be a string");
        return null;
    }
}
