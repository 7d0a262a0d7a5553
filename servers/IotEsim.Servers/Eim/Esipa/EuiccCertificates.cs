using System.Security.Cryptography;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.X509;

namespace IotEsim.Servers.Eim.Esipa;

/// <summary>A verified CERT.EUICC with the CERT.EUM that issued it (DER).</summary>
public sealed record VerifiedEuiccChain(string Eid, byte[] EuiccCertificate, byte[] EumCertificate);

/// <summary>
/// How the eIM learns PK.EUICC, which verifies euiccSignEPR/EPE (SGP.32 §2.11.2.1, §3.5): from the fleet
/// operator at registration, from an IpaEuiccDataResponse (eumCertificate A5, euiccCertificate A6) or from
/// an indirect download's AuthenticateClient. Whatever the source, the chain CERT.EUICC → CERT.EUM → a
/// trusted CI must verify (with the EUM's EID range) and the certificate must name the device's EID.
/// </summary>
public sealed class EuiccCertificates(EsipaOptions options, ICryptoProvider crypto)
{
    private readonly CertificateChainValidator _validator = CertificateChainValidator.FromDer(crypto, options.TrustedCis.ToArray());

    public bool HasTrustedCi => options.TrustedCis.Count > 0;

    /// <summary>Checks the chain and the EID; the error text says what failed (null on success).</summary>
    public VerifiedEuiccChain? Verify(string expectedEid, byte[] euiccDer, byte[]? eumDer, out string? error)
    {
        if (!HasTrustedCi) { error = "the eIM has no trusted CI certificate configured"; return null; }
        if (eumDer is null) { error = "the EUM certificate that issued the eUICC certificate is required"; return null; }
        var r = _validator.ValidateEuicc(euiccDer, eumDer, DateTime.UtcNow.Ticks);
        if (!r.IsValid) { error = "eUICC certificate chain does not verify: " + r; return null; }
        if (!string.Equals(r.Leaf.Eid, expectedEid, StringComparison.Ordinal))
        {
            error = "the eUICC certificate names EID " + (r.Leaf.Eid ?? "(none)") + ", not " + expectedEid;
            return null;
        }
        error = null;
        return new VerifiedEuiccChain(expectedEid, euiccDer, eumDer);
    }

    /// <summary>
    /// The certificates in a fleet API field: one base64 DER certificate, or PEM text holding one or more
    /// CERTIFICATE blocks (e.g. the eUICC certificate followed by its EUM certificate). Null when unreadable.
    /// </summary>
    public static List<byte[]>? ParseCertificates(string text)
    {
        var list = new List<byte[]>();
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var rest = text.AsSpan();
            while (PemEncoding.TryFind(rest, out var f))
            {
                if (rest[f.Label].SequenceEqual("CERTIFICATE"))
                {
                    var der = new byte[f.DecodedDataLength];
                    if (!Convert.TryFromBase64Chars(rest[f.Base64Data], der, out _)) return null;
                    list.Add(der);
                }
                rest = rest[f.Location.End..];
            }
        }
        else
        {
            try { list.Add(Convert.FromBase64String(text.Trim())); }
            catch (FormatException) { return null; }
        }
        if (list.Count == 0) return null;
        foreach (var der in list)
        {
            try { X509Certificate.Parse(der); }
            catch (Exception e) when (e is Rsp.Asn1.DerException or ArgumentException or IndexOutOfRangeException) { return null; }
        }
        return list;
    }

    /// <summary>
    /// A certificate from an IpaEuiccData element. SGP.32 v1.2 tags it implicitly (<c>A5</c>/<c>A6</c> replacing the
    /// Certificate SEQUENCE tag), so the content is TBSCertificate, algorithm, signature; an explicit form holding a
    /// whole <c>30</c> Certificate is accepted as well. Returns the certificate's DER or null.
    /// </summary>
    public static byte[]? FromIpaEuiccElement(byte[]? tlv)
    {
        if (tlv is null) return null;
        try
        {
            var t = Rsp.Asn1.TlvReader.Parse(tlv);
            var children = t.ChildArray();
            if (children.Length == 1 && children[0].Tag == Rsp.Asn1.Tags.Sequence) return children[0].Encoded();
            return Rsp.Asn1.Der.Encode(Rsp.Asn1.Tags.Sequence, t.Value());
        }
        catch (Exception e) when (e is Rsp.Asn1.DerException or ArgumentException or IndexOutOfRangeException) { return null; }
    }
}
