using System;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IotEsim.Rsp.Desktop.Pki;

namespace IotEsim.Tests.SmDp
{
    /// <summary>Issues a CERT.EUICC under the TestPki EUM for an EID outside the EUM's permitted prefix (BCL certificate builder).</summary>
    public static class ForeignEidCertificate
    {
        public static (byte[] Der, byte[] PrivateKey) Issue(TestPki pki, string eid)
        {
            var eumPub = pki.Eum.PublicKey;
            using var eumKey = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256, D = pki.Eum.PrivateKey,
                Q = new ECPoint { X = eumPub.AsSpan(1, 32).ToArray(), Y = eumPub.AsSpan(33, 32).ToArray() },
            });
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var nb = new X500DistinguishedNameBuilder();
            nb.AddCountryOrRegion("XX");
            nb.AddOrganizationName("IotEsim Test EUM");
            nb.Add("2.5.4.5", eid, UniversalTagNumber.PrintableString);
            nb.AddCommonName("Foreign eUICC");
            var req = new CertificateRequest(nb.Build(), key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(pki.Eum.Certificate.SubjectKeyIdentifier));
            req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            // certificatePolicies { id-rspRole-euicc 2.23.146.1.2.1.1 }
            var w = new AsnWriter(AsnEncodingRules.DER);
            using (w.PushSequence()) using (w.PushSequence()) w.WriteObjectIdentifier("2.23.146.1.2.1.1");
            req.CertificateExtensions.Add(new X509Extension("2.5.29.32", w.Encode(), true));
            var eumName = new X509Certificate2(pki.Eum.CertificateDer).SubjectName;
            var now = DateTimeOffset.UtcNow.AddDays(-1);
            using var cert = req.Create(eumName, X509SignatureGenerator.CreateForECDsa(eumKey), now, now.AddYears(5), new byte[] { 0x42, 0x42 });
            return (cert.RawData, key.ExportParameters(true).D);
        }
    }
}
