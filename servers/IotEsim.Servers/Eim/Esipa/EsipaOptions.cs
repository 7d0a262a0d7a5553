using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.X509;

namespace IotEsim.Servers.Eim.Esipa;

/// <summary>Identity and behaviour of the eIM's ESipa endpoint (SGP.32 §6.1, §6.3).</summary>
public sealed class EsipaOptions
{
    /// <summary>eimId written into every EuiccPackageSigned; must equal the eimId of the eUICC's EimConfigurationData.</summary>
    public string EimId { get; set; } = "eIM";

    /// <summary>SK.EIM: 32-byte P-256 scalar that signs EuiccPackageSigned (eimSignature).</summary>
    public byte[]? SigningKey { get; set; }

    /// <summary>The eIM certificate (DER) matching <see cref="SigningKey"/> (what the eUICC's configuration holds).</summary>
    public byte[]? Certificate { get; set; }

    /// <summary>
    /// CI certificates (DER) the eIM trusts for eUICC certificate chains (CERT.EUICC → CERT.EUM → CI): checked when a
    /// fleet operator registers a device with its certificate and when an IpaEuiccDataResponse delivers it.
    /// </summary>
    public List<byte[]> TrustedCis { get; } = new();

    /// <summary>
    /// counterValue the eIM configuration installed on a device before its first package; the eUICC
    /// accepts only larger values, so the first EuiccPackageRequest carries this + 1.
    /// </summary>
    public long InitialCounterValue { get; set; } = 1;

    /// <summary>How long a claimed job item stays reserved for the instance building its package.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Identifies this instance in claims (several instances may serve one database).</summary>
    public string InstanceId { get; set; } = "esipa-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// Device tag marking an IPA that emulates an IoT eUICC on top of a consumer eUICC: such an IPA
    /// can only put a placeholder into euiccSignEPR, so its results are accepted without signature
    /// (as onomondo-eim does for consumer eUICCs, docs digest 9.2). Every other device must sign.
    /// </summary>
    public string ConsumerEmulationTag { get; set; } = "consumer-euicc-emulation";

    /// <summary>Scheme for ES9+ calls to the SM-DP+ ("https" normally; "http" in the plain-HTTP lab and tests).</summary>
    public string Es9Scheme { get; set; } = "https";

    /// <summary>Overrides the SM-DP+ base address (e.g. a test stub) regardless of the address in the request.</summary>
    public Uri? Es9BaseAddressOverride { get; set; }

    /// <summary>eimTransactionId source (16 bytes); tests pin it to reproduce captured exchanges.</summary>
    public Func<string, byte[]> NewTransactionId { get; set; } = _ => System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);

    /// <summary>Takes the eIM key and certificate from a TestPki directory.</summary>
    public EsipaOptions UseTestPki(TestPki pki)
    {
        SigningKey = pki.Eim.PrivateKey;
        Certificate = pki.Eim.CertificateDer;
        if (!TrustedCis.Any(c => c.AsSpan().SequenceEqual(pki.Ci.CertificateDer))) TrustedCis.Add(pki.Ci.CertificateDer);
        return this;
    }

    internal byte[] PublicKey => Certificate is null ? throw new InvalidOperationException("EsipaOptions.Certificate is not set")
        : X509Certificate.Parse(Certificate).PublicKey;
}
