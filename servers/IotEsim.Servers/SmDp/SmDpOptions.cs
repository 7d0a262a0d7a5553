using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.X509;

namespace IotEsim.Servers.SmDp;

/// <summary>
/// One signing identity of an RSP server for one CI: the authentication certificate (CERT.DPauth or
/// CERT.DSauth) and, for an SM-DP+, the profile-binding certificate CERT.DPpb, with their private scalars.
/// The server picks the set whose CI the eUICC lists in euiccInfo1 (SGP.22 §3.1.2 step 5).
/// </summary>
public sealed class RspCredentialSet
{
    /// <summary>SubjectKeyIdentifier of the CI (euiccCiPKIdToBeUsed).</summary>
    public required byte[] CiPkId { get; init; }
    public required byte[] AuthCertificate { get; init; }
    public required byte[] AuthPrivateKey { get; init; }
    public byte[]? PbCertificate { get; init; }
    public byte[]? PbPrivateKey { get; init; }
}

/// <summary>Identity and trust of one RSP server role.</summary>
public class RspServerOptions
{
    /// <summary>FQDN (optionally :port) the server answers for; requests naming another address are refused.</summary>
    public string ServerAddress { get; set; } = "localhost";
    public List<string> AdditionalAddresses { get; } = new();
    public List<RspCredentialSet> Credentials { get; } = new();
    /// <summary>CI certificates (DER) that eUICC chains must end at.</summary>
    public List<byte[]> TrustedCis { get; } = new();
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromMinutes(10);

    public bool Serves(string address)
        => string.Equals(address, ServerAddress, StringComparison.OrdinalIgnoreCase)
           || AdditionalAddresses.Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase));
}

public sealed class SmDpOptions : RspServerOptions
{
    /// <summary>hostId of the BSP key agreement (SGP.22 §5.5.1 CRT tag 84).</summary>
    public byte[] HostId { get; set; } = "IotEsimDP"u8.ToArray();
    /// <summary>Add ReplaceSessionKeys (A2) so profile segments use fresh PPKs, as osmo-smdpp does.</summary>
    public bool ReplaceSessionKeys { get; set; } = true;
    public TimeSpan OrderTtl { get; set; } = TimeSpan.FromDays(7);
    /// <summary>Wrong confirmation codes accepted before the order is locked.</summary>
    public int ConfirmationCodeRetryLimit { get; set; } = 3;
    /// <summary>Where HandleDownloadProgressInfo (ES2+) is POSTed; null = no callbacks.</summary>
    public string? DownloadProgressCallbackUrl { get; set; }
    /// <summary>Scheme used for ES12 calls to an SM-DS ("https" normally, "http" in the plain-HTTP lab).</summary>
    public string Es12Scheme { get; set; } = "https";
    /// <summary>Profile inventory: UPP files imported at start-up (profile type = file name stem unless set).</summary>
    public List<UppImport> UppImports { get; } = new();
    /// <summary>Profile types generated per order from a template UPP (fresh ICCID/IMSI/Ki/OPc, see <see cref="ProfileTemplates"/>);
    /// a DownloadOrder naming such a type gets a new profile instead of one from the imported inventory.</summary>
    public List<ProfileTemplate> ProfileTemplates { get; } = new();

    public ProfileTemplate? TemplateFor(string? profileType)
        => profileType is null ? null : ProfileTemplates.FirstOrDefault(t => string.Equals(t.ProfileType, profileType, StringComparison.Ordinal));

    /// <summary>Fills identity and trust from a TestPki directory (DPauth, DPpb, CI).</summary>
    public SmDpOptions UseTestPki(TestPki pki)
    {
        Credentials.Add(new RspCredentialSet
        {
            CiPkId = pki.CiPkId, AuthCertificate = pki.DpAuth.CertificateDer, AuthPrivateKey = pki.DpAuth.PrivateKey,
            PbCertificate = pki.DpPb.CertificateDer, PbPrivateKey = pki.DpPb.PrivateKey,
        });
        TrustedCis.Add(pki.Ci.CertificateDer);
        return this;
    }
}

/// <summary>A UPP to import with the metadata SGP.22 StoreMetadata needs (the UPP itself carries only the ICCID).</summary>
public sealed class UppImport
{
    public required string Path { get; init; }
    public string? ProfileType { get; init; }
    public string ServiceProviderName { get; init; } = "IotEsim";
    public string? ProfileName { get; init; }
    /// <summary>0 test, 1 provisioning, 2 operational.</summary>
    public int ProfileClass { get; init; } = 2;
}

public sealed class SmDsOptions : RspServerOptions
{
    public SmDsOptions UseTestPki(TestPki pki)
    {
        Credentials.Add(new RspCredentialSet { CiPkId = pki.CiPkId, AuthCertificate = pki.DsAuth.CertificateDer, AuthPrivateKey = pki.DsAuth.PrivateKey });
        TrustedCis.Add(pki.Ci.CertificateDer);
        return this;
    }
}
