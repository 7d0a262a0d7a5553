using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Crypto
{
    /// <summary>
    /// Certificate chains on brainpoolP256r1 (SGP.22 allows a BRP CI and BRP certificates below it), built here with
    /// the portable code: a brainpool CI signing a brainpool DPauth certificate, mixed chains, and the failures.
    /// Keys are the RFC 7027 A.1 scalars plus one derived from a fixed value.
    /// </summary>
    [TestClass]
    public class BrainpoolChainTests
    {
        private const string OidBasicConstraints = "2.5.29.19", OidKeyUsage = "2.5.29.15", OidSki = "2.5.29.14",
            OidAki = "2.5.29.35", OidPolicies = "2.5.29.32", OidCn = "2.5.4.3";

        private static readonly byte[] CiKey = Hex.Decode("81DB1EE100150FF2EA338D708271BE38300CB54241D79950F77B063039804F1D");
        private static readonly byte[] LeafKey = Hex.Decode("55E40BC41E37E3E2AD25C3C6654511FFA8474A91A0032087593852D3E7D76BD3");
        private static readonly byte[] OtherKey = Hex.Decode("0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20");
        private static readonly ICryptoProvider P = new PortableCryptoProvider();

        private static byte[] Name(string cn)
        {
            var w = new TlvWriter();
            w.Begin(Tags.Sequence).Begin(0x31).Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(OidCn)).WriteUtf8(0x0C, cn).End().End().End();
            return w.ToArray();
        }

        private static void Extension(TlvWriter w, string oid, bool critical, byte[] value)
        {
            w.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(oid));
            if (critical) w.Write(0x01, new byte[] { 0xFF });
            w.Write(0x04, value).End();
        }

        /// <summary>An RSP-shaped certificate: brainpool or P-256 subject key, signed by the issuer key on its curve.</summary>
        private static byte[] Cert(string subject, string issuer, bool subjectBrainpool, byte[] subjectKey, bool issuerBrainpool,
            byte[] issuerKey, bool ca, string policy, byte[] ski, byte[] aki)
        {
            byte[] point = subjectBrainpool ? BrainpoolP256r1.DerivePublicKey(subjectKey) : P.DerivePublicKey(subjectKey);
            var t = new TlvWriter();
            t.Begin(Tags.Sequence);
            t.Begin(0xA0).WriteInteger(Tags.Integer, 2).End();
            t.WriteInteger(Tags.Integer, 7);
            t.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(Oid.EcdsaWithSha256)).End();
            t.WriteRaw(Name(issuer));
            t.Begin(Tags.Sequence).WriteUtf8(Tags.UtcTime, "200101000000Z").WriteUtf8(Tags.UtcTime, "491231235959Z").End();
            t.WriteRaw(Name(subject));
            t.Begin(Tags.Sequence);
            t.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(Oid.EcPublicKey)).WriteRaw(Oid.EncodeTlv(subjectBrainpool ? Oid.BrainpoolP256r1 : Oid.Prime256v1)).End();
            t.Write(Tags.BitString, Bytes.Concat(new byte[] { 0 }, point));
            t.End();
            t.Begin(0xA3).Begin(Tags.Sequence);
            if (ca) Extension(t, OidBasicConstraints, true, Hex.Decode("30030101FF"));
            Extension(t, OidKeyUsage, true, ca ? Hex.Decode("03020106") : Hex.Decode("03020780"));
            Extension(t, OidSki, false, Der.Encode(0x04, ski));
            if (aki != null) Extension(t, OidAki, false, Der.Encode(Tags.Sequence, Der.Encode(0x80, aki)));
            var pol = new TlvWriter();
            pol.Begin(Tags.Sequence).Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(policy)).End().End();
            Extension(t, OidPolicies, true, pol.ToArray());
            t.End().End();
            t.End();
            byte[] tbs = t.ToArray();
            byte[] hash = Sha256.Hash(tbs, 0, tbs.Length);
            byte[] raw = issuerBrainpool ? BrainpoolP256r1.SignHash(issuerKey, hash) : P.EcdsaSignHash(issuerKey, hash);
            var c = new TlvWriter();
            c.Begin(Tags.Sequence).WriteRaw(tbs);
            c.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(Oid.EcdsaWithSha256)).End();
            c.Write(Tags.BitString, Bytes.Concat(new byte[] { 0 }, EcdsaP256.RawToDer(raw)));
            return c.End().ToArray();
        }

        private static readonly byte[] CiSki = Hex.Decode("F54172BDF98A95D65CBEB88A38A1C11D800A85C3");
        private static readonly byte[] LeafSki = Hex.Decode("0102030405060708090A0B0C0D0E0F1011121314");

        private static byte[] Ci(bool brainpool, byte[] key)
        {
            return Cert("Test CI", "Test CI", brainpool, key, brainpool, key, true, RspCertificatePolicy.Ci, CiSki, null);
        }

        private static byte[] DpAuth(bool brainpool, bool issuerBrainpool, byte[] issuerKey)
        {
            return Cert("Test DPauth", "Test CI", brainpool, LeafKey, issuerBrainpool, issuerKey, false, RspCertificatePolicy.DpAuth, LeafSki, CiSki);
        }

        private static ChainValidationResult Validate(byte[] ci, byte[] leaf)
        {
            var v = CertificateChainValidator.FromDer(P, new byte[][] { ci });
            return v.Validate(leaf, null, RspRole.DpAuth, CertificateChainValidator.NoTimeCheck);
        }

        [TestMethod]
        public void BrainpoolCiSignsBrainpoolLeaf()
        {
            var ci = Ci(true, CiKey);
            Assert.AreEqual(EcCurve.BrainpoolP256r1, X509Certificate.Parse(ci).Curve);
            var r = Validate(ci, DpAuth(true, true, CiKey));
            Assert.AreEqual(ChainError.None, r.Error, r.Message);
            // The self-signed CI verifies with its own brainpool key.
            var c = X509Certificate.Parse(ci);
            Assert.IsTrue(CertificateChainValidator.FromDer(P, new byte[][] { ci }).VerifySignature(c, c.Curve, c.PublicKey));
            Assert.IsFalse(CertificateChainValidator.FromDer(P, new byte[][] { ci }).VerifySignature(c, c.PublicKey), "not a P-256 key");
        }

        [TestMethod]
        public void MixedCurveChains()
        {
            Assert.AreEqual(ChainError.None, Validate(Ci(true, CiKey), DpAuth(false, true, CiKey)).Error, "BRP CI, P-256 leaf");
            Assert.AreEqual(ChainError.None, Validate(Ci(false, CiKey), DpAuth(true, false, CiKey)).Error, "P-256 CI, BRP leaf");
        }

        [TestMethod]
        public void WrongKeyOrTamperedCertificateFails()
        {
            var ci = Ci(true, CiKey);
            Assert.AreEqual(ChainError.InvalidSignature, Validate(ci, DpAuth(true, true, OtherKey)).Error);
            var leaf = DpAuth(true, true, CiKey);
            leaf[leaf.Length - 80] ^= 0x01;   // inside the tbsCertificate's public key: signature no longer matches
            var r = Validate(ci, leaf);
            Assert.AreNotEqual(ChainError.None, r.Error);
            // A P-256 signature presented for a brainpool issuer (curve confusion) fails.
            Assert.AreEqual(ChainError.InvalidSignature, Validate(ci, DpAuth(true, false, CiKey)).Error);
        }
    }
}
