using System;
using System.Text;
using IotEsim.Euicc.Identity;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;

namespace IotEsim.Tests.TestSupport
{
    /// <summary>
    /// A tiny GSMA-shaped test PKI made with the portable crypto (so it exists on the device too): CI, EUM (with the
    /// EID prefix as permittedEins), eUICC (EID as subject serialNumber), DPauth and DPpb (with the SM-DP+ OID).
    /// Keys are fixed: SHA-256 of a label with the top bits cleared, a valid scalar on both curves. Each curve of the
    /// three parts (CI, eUICC side, SM-DP+ side) can be P-256 or brainpoolP256r1. The shared instances are built once
    /// per run (a handful of signatures).
    /// </summary>
    public sealed class PortableTestPki
    {
        public const string Eid = "89049032123451234512345678901235";
        public const string EidPrefix = "89049032";
        public const string SmdpOid = "1.3.6.1.4.1.31746.99.1";

        public readonly EcCurve CiCurve, EuiccCurve, DpCurve;
        public readonly byte[] CiKey, EumKey, EuiccKey, DpAuthKey, DpPbKey;
        public readonly byte[] Ci, Eum, Euicc, DpAuth, DpPb;
        public readonly byte[] CiPkId;

        private static PortableTestPki _p256, _foreign, _brainpool, _mixed;

        /// <summary>Everything on P-256: the eUICC's usual PKI.</summary>
        public static PortableTestPki P256 { get { if (_p256 == null) _p256 = new PortableTestPki("main", EcCurve.P256, EcCurve.P256, EcCurve.P256); return _p256; } }
        /// <summary>Another P-256 PKI whose CI the eUICC does not trust.</summary>
        public static PortableTestPki Foreign { get { if (_foreign == null) _foreign = new PortableTestPki("foreign", EcCurve.P256, EcCurve.P256, EcCurve.P256); return _foreign; } }
        /// <summary>Everything on brainpoolP256r1.</summary>
        public static PortableTestPki Brainpool { get { if (_brainpool == null) _brainpool = new PortableTestPki("brp", EcCurve.BrainpoolP256r1, EcCurve.BrainpoolP256r1, EcCurve.BrainpoolP256r1); return _brainpool; } }
        /// <summary>A brainpool CI and eUICC chain whose SM-DP+ certificates carry P-256 keys.</summary>
        public static PortableTestPki Mixed { get { if (_mixed == null) _mixed = new PortableTestPki("mixed", EcCurve.BrainpoolP256r1, EcCurve.BrainpoolP256r1, EcCurve.P256); return _mixed; } }

        public PortableTestPki(string name, EcCurve ciCurve, EcCurve euiccCurve, EcCurve dpCurve)
        {
            CiCurve = ciCurve; EuiccCurve = euiccCurve; DpCurve = dpCurve;
            CiKey = Key(name + "/ci"); EumKey = Key(name + "/eum"); EuiccKey = Key(name + "/euicc");
            DpAuthKey = Key(name + "/dpauth"); DpPbKey = Key(name + "/dppb");
            CiPkId = KeyId(ciCurve, CiKey);
            byte[] eumId = KeyId(euiccCurve, EumKey);

            var ci = new CertificateSpec();
            ci.SubjectCn = "IotEsim Test CI " + name;
            ci.SubjectCurve = ciCurve; ci.SubjectPrivateKey = CiKey; ci.IssuerCurve = ciCurve; ci.IssuerPrivateKey = CiKey;
            ci.Ca = true; ci.Policy = RspCertificatePolicy.Ci; ci.SubjectKeyId = CiPkId; ci.AuthorityKeyId = CiPkId;
            Ci = RspTestCertificates.Build(ci);
            byte[] ciName = RspTestCertificates.Name(ci.SubjectO, ci.SubjectCn, null);

            var eum = new CertificateSpec();
            eum.SubjectCn = "IotEsim Test EUM " + name; eum.IssuerName = ciName;
            eum.SubjectCurve = euiccCurve; eum.SubjectPrivateKey = EumKey; eum.IssuerCurve = ciCurve; eum.IssuerPrivateKey = CiKey;
            eum.Ca = true; eum.Policy = RspCertificatePolicy.Eum; eum.SubjectKeyId = eumId; eum.AuthorityKeyId = CiPkId;
            eum.PermittedEinPrefix = EidPrefix; eum.SerialNumber = 2;
            Eum = RspTestCertificates.Build(eum);

            var eu = new CertificateSpec();
            eu.SubjectCn = "IotEsim Test eUICC"; eu.SubjectSerialNumber = Eid; eu.IssuerName = RspTestCertificates.Name(eum.SubjectO, eum.SubjectCn, null);
            eu.SubjectCurve = euiccCurve; eu.SubjectPrivateKey = EuiccKey; eu.IssuerCurve = euiccCurve; eu.IssuerPrivateKey = EumKey;
            eu.Policy = RspCertificatePolicy.Euicc; eu.SubjectKeyId = KeyId(euiccCurve, EuiccKey); eu.AuthorityKeyId = eumId; eu.SerialNumber = 3;
            Euicc = RspTestCertificates.Build(eu);

            DpAuth = Server("DPauth", RspCertificatePolicy.DpAuth, DpAuthKey, ciName, 4);
            DpPb = Server("DPpb", RspCertificatePolicy.DpPb, DpPbKey, ciName, 5);
        }

        private byte[] Server(string role, string policy, byte[] key, byte[] ciName, int serial)
        {
            var s = new CertificateSpec();
            s.SubjectCn = "testsmdpplus1.example.com " + role; s.IssuerName = ciName;
            s.SubjectCurve = DpCurve; s.SubjectPrivateKey = key; s.IssuerCurve = CiCurve; s.IssuerPrivateKey = CiKey;
            s.Policy = policy; s.SubjectKeyId = KeyId(DpCurve, key); s.AuthorityKeyId = CiPkId; s.RegisteredId = SmdpOid; s.SerialNumber = serial;
            return RspTestCertificates.Build(s);
        }

        /// <summary>A fixed scalar: SHA-256(label) below 2^254, so it is in [1, n-1] on P-256 and brainpoolP256r1.</summary>
        public static byte[] Key(string label)
        {
            byte[] b = Encoding.UTF8.GetBytes(label);
            byte[] k = Sha256.Hash(b, 0, b.Length);
            k[0] &= 0x3F;
            k[1] |= 0x01;
            return k;
        }

        /// <summary>Subject key identifier: the first 20 bytes of SHA-256 over the public point.</summary>
        public static byte[] KeyId(EcCurve curve, byte[] privateKey)
        {
            byte[] pk = RspTestCertificates.PublicKey(curve, privateKey);
            return Bytes.Slice(Sha256.Hash(pk, 0, pk.Length), 0, 20);
        }

        /// <summary>The eUICC identity of this PKI, trusting its CI plus <paramref name="moreCis"/>.</summary>
        public EuiccIdentity Identity(byte[][] moreCis)
        {
            int n = moreCis == null ? 0 : moreCis.Length;
            var cis = new byte[n + 1][];
            cis[0] = Ci;
            for (int i = 0; i < n; i++) cis[i + 1] = moreCis[i];
            return new EuiccIdentity(Euicc, EuiccKey, Eum, cis, null);
        }

        public EuiccIdentity Identity() { return Identity(null); }
    }
}
