using System;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.X509
{
    /// <summary>The SGP.26-style NIST test PKI from the captured download session
    /// (../shared/testdata/es9plus-download/certs) and the onomondo-eim sample certificate.</summary>
    [TestClass]
    public class Sgp26CertificateTests
    {
        private const string Dir = "es9plus-download/certs/";
        private const string Eid = "89049032123451234512345678901235";

        private static byte[] Ci { get { return TestData.Bytes(Dir + "CERT_CI_ECDSA_NIST.der"); } }
        private static byte[] Eum { get { return TestData.Bytes(Dir + "CERT_EUM_ECDSA_NIST.der"); } }
        private static byte[] Euicc { get { return TestData.Bytes(Dir + "CERT_EUICC_ECDSA_NIST.der"); } }
        private static byte[] DpAuth { get { return TestData.Bytes(Dir + "CERT_S_SM_DPauth_ECDSA_NIST.der"); } }
        private static byte[] DpPb { get { return TestData.Bytes(Dir + "CERT_S_SM_DPpb_ECDSA_NIST.der"); } }

        private static readonly long Now2025 = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

        private static CertificateChainValidator Validator()
        {
            return CertificateChainValidator.FromDer(BclCryptoProvider.Instance, new byte[][] { Ci });
        }

        [TestMethod]
        public void ParsesCiCertificate()
        {
            var c = X509Certificate.Parse(Ci);
            Assert.AreEqual(3, c.Version);
            Assert.AreEqual("F6F2635B4397B8BD12DF81A97C94254319520867", Hex.Encode(c.SubjectKeyIdentifier));
            Assert.IsNull(c.AuthorityKeyIdentifier);
            Assert.IsTrue(c.IsSelfIssued);
            Assert.IsTrue(c.IsCa);
            Assert.AreEqual(-1, c.PathLength);
            Assert.AreEqual(X509Certificate.KeyUsageKeyCertSign | X509Certificate.KeyUsageCrlSign, c.KeyUsage);
            Assert.IsTrue(c.HasPolicy(RspCertificatePolicy.Ci));
            Assert.AreEqual("Test CI", c.Subject.CommonName);
            Assert.AreEqual("RSPTEST", c.Subject.Organization);
            Assert.AreEqual(EcCurve.P256, c.Curve);
            Assert.AreEqual(65, c.PublicKey.Length);
            Assert.AreEqual("2.999.1", c.RegisteredIds[0]);
            Assert.AreEqual(new DateTime(2020, 4, 1, 8, 27, 51).Ticks, c.NotBeforeTicks);
            Assert.AreEqual(new DateTime(2055, 4, 1, 8, 27, 51).Ticks, c.NotAfterTicks); // GeneralizedTime (>= 2050)
            Assert.IsNull(c.UnknownCriticalExtension);
            Assert.AreEqual(64, c.RawSignature.Length);
            Assert.IsTrue(Validator().VerifySignature(c, c.PublicKey));
        }

        [TestMethod]
        public void ParsesEumWithNameConstraints()
        {
            var c = X509Certificate.Parse(Eum);
            Assert.AreEqual("12345678", Hex.Encode(c.SerialNumber));
            Assert.AreEqual("DD3DA24D350C1CC5D0AF0965F40EC34C5EE409F1", Hex.Encode(c.SubjectKeyIdentifier));
            Assert.AreEqual("F6F2635B4397B8BD12DF81A97C94254319520867", Hex.Encode(c.AuthorityKeyIdentifier));
            Assert.IsTrue(c.IsCa);
            Assert.AreEqual(0, c.PathLength);
            Assert.IsTrue(c.HasPolicy(RspCertificatePolicy.Eum));
            Assert.AreEqual(1, c.PermittedDirectoryNames.Length);
            Assert.AreEqual("RSP Test EUM", c.PermittedDirectoryNames[0].Organization);
            Assert.AreEqual("89049032", c.PermittedDirectoryNames[0].SerialNumber);
            Assert.IsNull(c.PermittedEins);
        }

        [TestMethod]
        public void ParsesEuiccWithYear7496AndEid()
        {
            var c = X509Certificate.Parse(Euicc);
            Assert.AreEqual("0200000000000001", Hex.Encode(c.SerialNumber));
            Assert.AreEqual(Eid, c.Eid);
            Assert.AreEqual("Test eUICC", c.Subject.CommonName);
            Assert.AreEqual("A52476AF5D50AA376437CCB1DA2172EF45F484F0", Hex.Encode(c.SubjectKeyIdentifier));
            Assert.AreEqual("DD3DA24D350C1CC5D0AF0965F40EC34C5EE409F1", Hex.Encode(c.AuthorityKeyIdentifier));
            Assert.AreEqual(new DateTime(7496, 1, 24, 9, 48, 58).Ticks, c.NotAfterTicks);
            Assert.AreEqual(X509Certificate.KeyUsageDigitalSignature, c.KeyUsage);
            Assert.IsFalse(c.HasBasicConstraints);
            Assert.IsTrue(c.HasPolicy(RspCertificatePolicy.Euicc));
        }

        [TestMethod]
        public void ParsesDpCertificates()
        {
            var a = X509Certificate.Parse(DpAuth);
            Assert.AreEqual("0100", Hex.Encode(a.SerialNumber));
            Assert.AreEqual("BD5A82CC1A96602118BA7560A1FF83A78B210BE5", Hex.Encode(a.SubjectKeyIdentifier));
            Assert.AreEqual("F6F2635B4397B8BD12DF81A97C94254319520867", Hex.Encode(a.AuthorityKeyIdentifier));
            Assert.AreEqual("TEST SM-DP+", a.Subject.CommonName);
            Assert.AreEqual("ACME", a.Subject.Organization);
            Assert.IsTrue(a.HasPolicy(RspCertificatePolicy.DpAuth));
            Assert.AreEqual(new DateTime(2030, 3, 30, 8, 31, 30).Ticks, a.NotAfterTicks);
            var p = X509Certificate.Parse(DpPb);
            Assert.AreEqual("E6EAF71EE0FB9430ECCD1EBB421F881437C13263", Hex.Encode(p.SubjectKeyIdentifier));
            Assert.IsTrue(p.HasPolicy(RspCertificatePolicy.DpPb));
            Assert.AreEqual("2.999.10", p.RegisteredIds[0]);
        }

        [TestMethod]
        public void ParsesEimSampleCertificate()
        {
            var der = TestData.Bytes("esipa-v1.0/eim_cert_nist.der");
            var c = X509Certificate.Parse(der);
            Assert.AreEqual("04FE584A", Hex.Encode(c.PublicKey, 0, 4));
            Assert.AreEqual("AE2DBE20E80D51ED88FE6AB42B25B70424407D76", Hex.Encode(c.SubjectKeyIdentifier));
            Assert.AreEqual(Hex.Encode(c.SubjectKeyIdentifier), Hex.Encode(c.AuthorityKeyIdentifier));
            Assert.AreEqual(2124, new DateTime(c.NotAfterTicks).Year);
            var fromPem = Pem.Decode(TestData.Text("esipa-v1.0/eim_cert_nist.pem"), "CERTIFICATE");
            Assert.AreEqual(Hex.Encode(der), Hex.Encode(fromPem));
            // Self-signed and untrusted as a CI, but it is its own anchor for an eIM-only trust list.
            var v = new CertificateChainValidator(BclCryptoProvider.Instance, new X509Certificate[] { c });
            Assert.IsTrue(v.VerifySignature(c, c.PublicKey));
            Assert.AreEqual(ChainError.UnknownCi, Validator().Validate(der, null, RspRole.Eim, Now2025).Error);
        }

        [TestMethod]
        public void ValidatesDpChains()
        {
            var v = Validator();
            var r = v.Validate(DpAuth, null, RspRole.DpAuth, Now2025);
            Assert.IsTrue(r.IsValid, r.ToString());
            Assert.AreEqual("F6F2635B4397B8BD12DF81A97C94254319520867", Hex.Encode(r.Ci.SubjectKeyIdentifier));
            r = v.Validate(DpPb, null, RspRole.DpPb, Now2025);
            Assert.IsTrue(r.IsValid, r.ToString());
            Assert.IsTrue(v.Validate(DpAuth, null, RspRole.DpAuth, CertificateChainValidator.NoTimeCheck).IsValid);
            Assert.IsNotNull(v.FindCi(Hex.Decode("F6F2635B4397B8BD12DF81A97C94254319520867")));
            Assert.IsNull(v.FindCi(Hex.Decode("F6F2635B4397B8BD12DF81A97C94254319520868")));
        }

        [TestMethod]
        public void ValidatesEuiccChainWithEidInRange()
        {
            var r = Validator().ValidateEuicc(Euicc, Eum, Now2025);
            Assert.IsTrue(r.IsValid, r.ToString());
            Assert.AreEqual(Eid, r.Leaf.Eid);
            // The CI itself validates as a CI.
            Assert.IsTrue(Validator().Validate(Ci, null, RspRole.Ci, Now2025).IsValid);
            // And the EUM as an EUM.
            Assert.IsTrue(Validator().Validate(Eum, null, RspRole.Eum, Now2025).IsValid);
        }

        [TestMethod]
        public void EidRangeCheck()
        {
            var eum = X509Certificate.Parse(Eum);
            var euicc = X509Certificate.Parse(Euicc);
            Assert.IsTrue(CertificateChainValidator.EidInEumRange(Eid, eum, euicc));
            Assert.IsFalse(CertificateChainValidator.EidInEumRange("89049033123451234512345678901235", eum, euicc));
            Assert.IsFalse(CertificateChainValidator.EidInEumRange("8904903212345", eum, euicc));
            Assert.IsFalse(CertificateChainValidator.EidInEumRange(null, eum, euicc));
        }

        [TestMethod]
        public void RejectsTamperedSignature()
        {
            var bad = (byte[])DpAuth.Clone();
            bad[bad.Length - 5] ^= 0x01; // inside s
            Assert.AreEqual(ChainError.InvalidSignature, Validator().Validate(bad, null, RspRole.DpAuth, Now2025).Error);
            var badEuicc = (byte[])Euicc.Clone();
            badEuicc[badEuicc.Length - 3] ^= 0x40;
            Assert.AreEqual(ChainError.InvalidSignature, Validator().ValidateEuicc(badEuicc, Eum, Now2025).Error);
        }

        [TestMethod]
        public void RejectsTamperedTbs()
        {
            var c = X509Certificate.Parse(DpAuth);
            // Flip a byte of the public key inside the tbsCertificate: still parses, no longer verifies.
            var bad = (byte[])DpAuth.Clone();
            int keyAt = IndexOf(bad, c.PublicKey);
            Assert.IsTrue(keyAt > c.TbsOffset && keyAt < c.TbsOffset + c.TbsLength);
            bad[keyAt + 20] ^= 0x01;
            var r = Validator().Validate(bad, null, RspRole.DpAuth, Now2025);
            Assert.AreEqual(ChainError.InvalidSignature, r.Error);
            Assert.AreEqual(0, r.Depth);
            // EUM tampered in its tbs (a subject character): the eUICC chain breaks at depth 1.
            var eum = (byte[])Eum.Clone();
            int at = IndexOf(eum, System.Text.Encoding.ASCII.GetBytes("EUM Test"));
            eum[at + 4] = (byte)'X';
            r = Validator().ValidateEuicc(Euicc, eum, Now2025);
            Assert.AreNotEqual(ChainError.None, r.Error);
        }

        [TestMethod]
        public void RejectsWrongPolicy()
        {
            var r = Validator().Validate(DpPb, null, RspRole.DpAuth, Now2025);
            Assert.AreEqual(ChainError.WrongPolicy, r.Error);
            Assert.AreEqual(ChainError.WrongPolicy, Validator().Validate(DpAuth, null, RspRole.DpPb, Now2025).Error);
            Assert.AreEqual(ChainError.WrongPolicy, Validator().Validate(DpAuth, null, RspRole.DsAuth, Now2025).Error);
            // A DP certificate is not an eUICC certificate (no EID, wrong policy).
            Assert.AreEqual(ChainError.WrongPolicy, Validator().ValidateEuicc(DpAuth, Eum, Now2025).Error);
        }

        [TestMethod]
        public void RejectsExpiredAndNotYetValid()
        {
            long after = new DateTime(2030, 3, 30, 8, 31, 31, DateTimeKind.Utc).Ticks;
            var r = Validator().Validate(DpAuth, null, RspRole.DpAuth, after);
            Assert.AreEqual(ChainError.Expired, r.Error);
            long edge = new DateTime(2030, 3, 30, 8, 31, 30, DateTimeKind.Utc).Ticks;
            Assert.IsTrue(Validator().Validate(DpAuth, null, RspRole.DpAuth, edge).IsValid);
            long before = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
            Assert.AreEqual(ChainError.NotYetValid, Validator().Validate(DpAuth, null, RspRole.DpAuth, before).Error);
            // The eUICC chain is still valid in 2060? No: the EUM expires in 2054, the CI in 2055.
            long y2060 = new DateTime(2060, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
            r = Validator().ValidateEuicc(Euicc, Eum, y2060);
            Assert.AreEqual(ChainError.Expired, r.Error);
            Assert.AreEqual(1, r.Depth);
        }

        [TestMethod]
        public void RejectsUnknownCi()
        {
            // Trust only the eIM sample root: nothing from the SGP.26 PKI chains to it.
            var other = X509Certificate.Parse(TestData.Bytes("esipa-v1.0/eim_cert_nist.der"));
            var v = new CertificateChainValidator(BclCryptoProvider.Instance, new X509Certificate[] { other });
            Assert.AreEqual(ChainError.UnknownCi, v.Validate(DpAuth, null, RspRole.DpAuth, Now2025).Error);
            Assert.AreEqual(ChainError.UnknownCi, v.ValidateEuicc(Euicc, Eum, Now2025).Error);
            // eUICC without its EUM: the issuer is missing.
            Assert.AreEqual(ChainError.UnknownCi, Validator().Validate(Euicc, null, RspRole.Euicc, Now2025).Error);
        }

        [TestMethod]
        public void MalformedInputIsTyped()
        {
            var v = Validator();
            Assert.AreEqual(ChainError.Malformed, v.Validate(new byte[0], null, RspRole.DpAuth, Now2025).Error);
            Assert.AreEqual(ChainError.Malformed, v.Validate(Hex.Decode("3003020101"), null, RspRole.DpAuth, Now2025).Error);
            var cut = new byte[DpAuth.Length - 1];
            Array.Copy(DpAuth, cut, cut.Length);
            Assert.AreEqual(ChainError.Malformed, v.Validate(cut, null, RspRole.DpAuth, Now2025).Error);
            var r = v.ValidateEuicc(Euicc, new byte[] { 0x30, 0x80 }, Now2025);
            Assert.AreEqual(ChainError.Malformed, r.Error);
            Assert.AreEqual(1, r.Depth);
            // Every single-byte truncation and many bit flips: a typed result, never an exception.
            var rnd = new Random(7);
            for (int i = 0; i < 400; i++)
            {
                var b = (byte[])Euicc.Clone();
                b[rnd.Next(b.Length)] ^= (byte)(1 << rnd.Next(8));
                var res = v.ValidateEuicc(b, Eum, Now2025);
                Assert.IsNotNull(res);
            }
            for (int n = 0; n < Eum.Length; n += 7)
            {
                var b = new byte[n];
                Array.Copy(Eum, b, n);
                Assert.AreEqual(ChainError.Malformed, v.ValidateEuicc(Euicc, b, Now2025).Error);
            }
        }

        [TestMethod]
        public void EuiccPrivateKeyMatchesCertificate()
        {
            var sk = EcPrivateKey.FromPem(TestData.Text(Dir + "SK_EUICC_ECDSA_NIST.pem"));
            Assert.AreEqual(32, sk.Length);
            var cert = X509Certificate.Parse(Euicc);
            var pk = BclCryptoProvider.Instance.DerivePublicKey(sk);
            Assert.AreEqual(Hex.Encode(cert.PublicKey), Hex.Encode(pk));
            // Sign with the key, verify with the certificate.
            var hash = BclCryptoProvider.Instance.Sha256(new byte[] { 1, 2, 3 }, 0, 3);
            var sig = BclCryptoProvider.Instance.EcdsaSignHash(sk, hash);
            Assert.IsTrue(BclCryptoProvider.Instance.EcdsaVerifyHash(cert.PublicKey, hash, sig));
        }

        [TestMethod]
        public void BrainpoolKeyIsCheckedLikeAnyOther()
        {
            // brainpoolP256r1 is supported since BrainpoolP256r1 landed (chain tests: tests/unit/Crypto/BrainpoolChainTests);
            // this policy-less self-made certificate now fails on its missing DPauth policy, not on its curve.
            var r = Validator().Validate(X509ParsingTests.BrainpoolCertificate(), null, RspRole.DpAuth, Now2025);
            Assert.AreEqual(ChainError.WrongPolicy, r.Error);
        }

        private static int IndexOf(byte[] hay, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= hay.Length; i++)
                if (Bytes.Equal(hay, i, needle, 0, needle.Length)) return i;
            return -1;
        }
    }
}
