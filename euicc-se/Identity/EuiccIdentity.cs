using System;
using System.Collections;
using System.Text;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;

namespace IotEsim.Euicc.Identity
{
    /// <summary>
    /// What makes one eUICC: its EID, CERT.EUICC.ECDSA with SK.EUICC.ECDSA, the EUM certificate that signs it, and
    /// the CI certificates it trusts (SGP.22 §4.5.2: an eUICC may hold several CI roots, listed in euiccCiPKIdList*).
    /// Built from ordinary PEM or DER bytes; reading files is the host's job. SK.EUICC is on the curve of CERT.EUICC
    /// (NIST P-256 or brainpoolP256r1, SGP.22 §2.6.5): <see cref="Curve"/>.
    /// </summary>
    public sealed class EuiccIdentity
    {
        public byte[] Eid { get; private set; }
        public byte[] EuiccCertificate { get; private set; }
        public byte[] EuiccPrivateKey { get; private set; }
        public byte[] EumCertificate { get; private set; }
        /// <summary>Complete DER CI certificates, byte[] each.</summary>
        public byte[][] TrustedCiCertificates { get; private set; }
        public X509Certificate[] TrustedCis { get; private set; }
        /// <summary>Curve of CERT.EUICC and so of SK.EUICC: what the eUICC signs with.</summary>
        public EcCurve Curve { get; private set; }
        /// <summary>The EUM certificate, parsed.</summary>
        public X509Certificate Eum { get; private set; }

        public EuiccIdentity(byte[] euiccCertificate, byte[] euiccPrivateKey, byte[] eumCertificate, byte[][] trustedCis, byte[] eid)
        {
            if (euiccCertificate == null || euiccPrivateKey == null || eumCertificate == null || trustedCis == null || trustedCis.Length == 0)
                throw new ArgumentException("eUICC certificate, key, EUM certificate and at least one CI are required");
            if (euiccPrivateKey.Length != 32) throw new ArgumentException("SK.EUICC must be a 32-byte scalar (P-256 or brainpoolP256r1)");
            var cert = X509Certificate.Parse(euiccCertificate);
            if (!EcCurves.IsSupported(cert.Curve))
                throw new ArgumentException("CERT.EUICC key is on an unsupported curve (" + (cert.CurveOid == null ? "?" : cert.CurveOid) + ")");
            Curve = cert.Curve;
            Eum = X509Certificate.Parse(eumCertificate);
            EuiccCertificate = euiccCertificate;
            EuiccPrivateKey = euiccPrivateKey;
            EumCertificate = eumCertificate;
            TrustedCiCertificates = trustedCis;
            var cis = new X509Certificate[trustedCis.Length];
            for (int i = 0; i < cis.Length; i++) cis[i] = X509Certificate.Parse(trustedCis[i]);
            TrustedCis = cis;
            if (eid == null)
            {
                // CERT.EUICC carries the EID as subject serialNumber (SGP.22 §4.5.2.1.0.2).
                string s = cert.Subject.SerialNumber;
                if (s == null) throw new ArgumentException("CERT.EUICC has no subject serialNumber (EID)");
                eid = IotEsim.Rsp.Messages.Eid.ToBytes(s);
            }
            if (eid.Length != 16) throw new ArgumentException("EID must be 16 bytes");
            Eid = eid;
        }

        /// <summary>Certificate bytes in PEM ("CERTIFICATE") or DER form.</summary>
        public static byte[] CertificateBytes(byte[] pemOrDer)
        {
            if (pemOrDer == null || pemOrDer.Length == 0) throw new ArgumentException("empty certificate");
            if (pemOrDer[0] == 0x30) return pemOrDer;
            return Pem.Decode(Ascii(pemOrDer), "CERTIFICATE");
        }

        /// <summary>SK.EUICC (P-256 only) from SEC1 or PKCS#8 PEM, or SEC1/PKCS#8 DER.</summary>
        public static byte[] PrivateKeyBytes(byte[] pemOrDer)
        {
            if (pemOrDer == null || pemOrDer.Length == 0) throw new ArgumentException("empty key");
            if (pemOrDer[0] != 0x30) return EcPrivateKey.FromPem(Ascii(pemOrDer));
            try { return EcPrivateKey.ParseSec1(pemOrDer); }
            catch (DerException) { return EcPrivateKey.ParsePkcs8(pemOrDer); }
        }

        /// <summary>SK.EUICC on P-256 or brainpoolP256r1 from SEC1 or PKCS#8 PEM or DER; <paramref name="curve"/> is
        /// the curve the key names (Unknown for SEC1 without parameters).</summary>
        public static byte[] PrivateKeyBytes(byte[] pemOrDer, out EcCurve curve)
        {
            if (pemOrDer == null || pemOrDer.Length == 0) throw new ArgumentException("empty key");
            if (pemOrDer[0] != 0x30) return EcPrivateKey.FromPem(Ascii(pemOrDer), out curve);
            return EcPrivateKey.FromDer(pemOrDer, out curve);
        }

        /// <summary>An identity from PEM or DER files; the key may be on either RSP curve but must be on CERT.EUICC's.</summary>
        public static EuiccIdentity Load(byte[] euiccCert, byte[] euiccKey, byte[] eumCert, byte[][] ciCerts)
        {
            var cis = new byte[ciCerts.Length][];
            for (int i = 0; i < cis.Length; i++) cis[i] = CertificateBytes(ciCerts[i]);
            EcCurve keyCurve;
            byte[] key = PrivateKeyBytes(euiccKey, out keyCurve);
            var id = new EuiccIdentity(CertificateBytes(euiccCert), key, CertificateBytes(eumCert), cis, null);
            if (keyCurve != EcCurve.Unknown && keyCurve != id.Curve)
                throw new ArgumentException("SK.EUICC is on " + EcCurves.Name(keyCurve) + " but CERT.EUICC on " + EcCurves.Name(id.Curve));
            return id;
        }

        /// <summary>Subject key identifiers of the trusted CIs on a curve this eUICC verifies with:
        /// euiccCiPKIdListForVerification (SGP.22 §4.3).</summary>
        public byte[][] CiPkIds()
        {
            var l = new ArrayList();
            for (int i = 0; i < TrustedCis.Length; i++)
                if (TrustedCis[i].SubjectKeyIdentifier != null && EcCurves.IsSupported(TrustedCis[i].Curve)) l.Add(TrustedCis[i].SubjectKeyIdentifier);
            return ToArray(l);
        }

        /// <summary>euiccCiPKIdListForSigning: the trusted CIs this eUICC holds a certificate chain under, i.e. the
        /// CI that issued CERT.EUM (its authorityKeyIdentifier). An EUM certificate without that identifier, or one
        /// naming no trusted CI, keeps the older answer: every trusted CI.</summary>
        public byte[][] SigningCiPkIds()
        {
            byte[] aki = Eum.AuthorityKeyIdentifier;
            if (aki != null)
            {
                for (int i = 0; i < TrustedCis.Length; i++)
                    if (TrustedCis[i].SubjectKeyIdentifier != null && Bytes.Equal(TrustedCis[i].SubjectKeyIdentifier, aki))
                        return new byte[][] { TrustedCis[i].SubjectKeyIdentifier };
            }
            return CiPkIds();
        }

        private static byte[][] ToArray(ArrayList l)
        {
            var r = new byte[l.Count][];
            for (int i = 0; i < r.Length; i++) r[i] = (byte[])l[i];
            return r;
        }

        private static string Ascii(byte[] b)
        {
            return Encoding.UTF8.GetString(b, 0, b.Length);
        }
    }
}
