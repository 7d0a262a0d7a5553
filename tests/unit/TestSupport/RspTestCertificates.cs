using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;

namespace IotEsim.Tests.TestSupport
{
    /// <summary>What goes into one RSP-shaped test certificate (SGP.22 §4.5.2 profiles, reduced to what the
    /// validators read).</summary>
    public sealed class CertificateSpec
    {
        public string SubjectCn;
        public string SubjectO = "IotEsim Test";
        /// <summary>subject serialNumber (the EID of CERT.EUICC); null = none.</summary>
        public string SubjectSerialNumber;
        /// <summary>DER Name of the issuer (its subject); null = self-issued.</summary>
        public byte[] IssuerName;
        public EcCurve SubjectCurve = EcCurve.P256;
        public byte[] SubjectPrivateKey;
        public EcCurve IssuerCurve = EcCurve.P256;
        public byte[] IssuerPrivateKey;
        public bool Ca;
        public string Policy;
        public byte[] SubjectKeyId;
        public byte[] AuthorityKeyId;
        /// <summary>SGP.22 v3 permittedEins prefix for an EUM; null = none.</summary>
        public string PermittedEinPrefix;
        /// <summary>SM-DP+ OID as registeredID in subjectAltName; null = none.</summary>
        public string RegisteredId;
        public int SerialNumber = 1;
    }

    /// <summary>
    /// Builds X.509 v3 certificates with the portable code only (so the same test PKI exists on the device): EC key
    /// on P-256 or brainpoolP256r1, ecdsa-with-SHA256 by the issuer's key on its own curve, the RSP role policy,
    /// key identifiers, basicConstraints/keyUsage, and the EID/EUM range and SM-DP+ OID extensions when asked for.
    /// Validity 2020-01-01 .. 2049-12-31.
    /// </summary>
    public static class RspTestCertificates
    {
        private static readonly ICryptoProvider P = new PortableCryptoProvider();
        private const string OidSki = "2.5.29.14", OidKeyUsage = "2.5.29.15", OidSan = "2.5.29.17", OidBasicConstraints = "2.5.29.19",
            OidPolicies = "2.5.29.32", OidAki = "2.5.29.35";

        /// <summary>DER Name: C=DE, O, CN and, when given, serialNumber.</summary>
        public static byte[] Name(string o, string cn, string serialNumber)
        {
            var w = new TlvWriter();
            w.Begin(Tags.Sequence);
            Rdn(w, Oid.Country, Tags.PrintableString, "DE");
            Rdn(w, Oid.Organization, 0x0C, o);
            Rdn(w, Oid.CommonName, 0x0C, cn);
            if (serialNumber != null) Rdn(w, Oid.SerialNumber, Tags.PrintableString, serialNumber);
            return w.End().ToArray();
        }

        private static void Rdn(TlvWriter w, string oid, int tag, string value)
        {
            w.Begin(0x31).Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(oid)).WriteUtf8(tag, value).End().End();
        }

        private static void Extension(TlvWriter w, string oid, bool critical, byte[] value)
        {
            w.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(oid));
            if (critical) w.WriteBoolean(Tags.Boolean, true);
            w.Write(Tags.OctetString, value).End();
        }

        /// <summary>The public point of a private key on its curve.</summary>
        public static byte[] PublicKey(EcCurve curve, byte[] privateKey)
        {
            return EcCurveKeys.DerivePublicKey(P, curve, privateKey);
        }

        public static byte[] Build(CertificateSpec s)
        {
            byte[] subject = Name(s.SubjectO, s.SubjectCn, s.SubjectSerialNumber);
            byte[] issuer = s.IssuerName != null ? s.IssuerName : subject;
            var t = new TlvWriter(1024);
            t.Begin(Tags.Sequence);
            t.Begin(0xA0).WriteInteger(Tags.Integer, 2).End();
            t.WriteInteger(Tags.Integer, s.SerialNumber);
            t.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(Oid.EcdsaWithSha256)).End();
            t.WriteRaw(issuer);
            t.Begin(Tags.Sequence).WriteUtf8(Tags.UtcTime, "200101000000Z").WriteUtf8(Tags.UtcTime, "491231235959Z").End();
            t.WriteRaw(subject);
            t.Begin(Tags.Sequence);
            t.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(Oid.EcPublicKey)).WriteRaw(Oid.EncodeTlv(EcCurveKeys.OidOf(s.SubjectCurve))).End();
            t.Write(Tags.BitString, Bytes.Concat(new byte[] { 0 }, PublicKey(s.SubjectCurve, s.SubjectPrivateKey)));
            t.End();
            t.Begin(0xA3).Begin(Tags.Sequence);
            if (s.Ca) Extension(t, OidBasicConstraints, true, Hex.Decode("30030101FF"));
            // keyCertSign + cRLSign for CAs, digitalSignature for end entities.
            Extension(t, OidKeyUsage, true, s.Ca ? Hex.Decode("03020106") : Hex.Decode("03020780"));
            Extension(t, OidSki, false, Der.Encode(Tags.OctetString, s.SubjectKeyId));
            if (s.AuthorityKeyId != null) Extension(t, OidAki, false, Der.Encode(Tags.Sequence, Der.Encode(0x80, s.AuthorityKeyId)));
            var pol = new TlvWriter();
            pol.Begin(Tags.Sequence).Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(s.Policy)).End().End();
            Extension(t, OidPolicies, true, pol.ToArray());
            if (s.PermittedEinPrefix != null)
            {
                var e = new TlvWriter();
                e.Begin(Tags.Sequence).WriteUtf8(Tags.PrintableString, s.PermittedEinPrefix).End();
                Extension(t, Oid.PermittedEins, false, e.ToArray());
            }
            if (s.RegisteredId != null) Extension(t, OidSan, false, Der.Encode(Tags.Sequence, Der.Encode(0x88, Oid.Encode(s.RegisteredId))));
            t.End().End();
            t.End();
            byte[] tbs = t.ToArray();
            byte[] raw = EcCurveKeys.Sign(P, s.IssuerCurve, s.IssuerPrivateKey, tbs);
            var c = new TlvWriter(tbs.Length + 96);
            c.Begin(Tags.Sequence).WriteRaw(tbs);
            c.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(Oid.EcdsaWithSha256)).End();
            c.Write(Tags.BitString, Bytes.Concat(new byte[] { 0 }, EcdsaP256.RawToDer(raw)));
            return c.End().ToArray();
        }
    }
}
