using System;
using System.IO;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.X509;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Demo
{
    /// <summary>Extra eUICC certificates under one EUM: N simulated devices share one CI and EUM.</summary>
    [TestClass]
    public sealed class TestPkiExtraEuiccTests
    {
        private static readonly long Now = DateTime.UtcNow.Ticks;
        private string _dir;

        [TestInitialize]
        public void Init() { _dir = Path.Combine(Path.GetTempPath(), "iotesim-pkix-" + Guid.NewGuid().ToString("N")[..8]); }

        [TestCleanup]
        public void Cleanup() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

        [TestMethod]
        public void IssuedEuiccsHaveDistinctEidsAndKeysAndValidateUnderTheSharedEum()
        {
            var pki = TestPki.Create(_dir, "89049032123451234512345678901235", new[] { "smdp.example.test" }, DateTime.UtcNow.AddDays(-1));
            var v = pki.CreateValidator(BclCryptoProvider.Instance);
            string eid1 = pki.NewEid(1), eid2 = pki.NewEid(2);
            Assert.AreNotEqual(eid1, eid2);
            Assert.IsTrue(eid1.StartsWith(pki.EidPrefix));
            Assert.IsTrue(TestPki.EidCheckDigitsValid(eid1));
            Assert.IsTrue(TestPki.EidCheckDigitsValid(eid2));

            var e1 = pki.IssueEuicc(eid1);
            var e2 = pki.IssueEuicc(eid2);
            Assert.AreEqual(eid1, e1.Certificate.Eid);
            Assert.AreEqual(eid2, e2.Certificate.Eid);
            Assert.AreNotEqual(Convert.ToHexString(e1.PublicKey), Convert.ToHexString(e2.PublicKey));
            Assert.AreNotEqual(Convert.ToHexString(e1.PublicKey), Convert.ToHexString(pki.Euicc.PublicKey));
            Assert.IsTrue(File.Exists(e1.CertificatePemPath) && File.Exists(e1.KeyPemPath) && File.Exists(e1.Pkcs8PemPath));

            var r1 = v.ValidateEuicc(e1.CertificateDer, pki.Eum.CertificateDer, Now);
            Assert.IsTrue(r1.IsValid, r1.ToString());
            Assert.IsTrue(v.ValidateEuicc(e2.CertificateDer, pki.Eum.CertificateDer, Now).IsValid);
            // The key file really belongs to the certificate: a signature made with it verifies with the certificate's key.
            var hash = BclCryptoProvider.Instance.Sha256(new byte[] { 1, 2, 3 }, 0, 3);
            var sig = BclCryptoProvider.Instance.EcdsaSignHash(e1.PrivateKey, hash);
            Assert.IsTrue(BclCryptoProvider.Instance.EcdsaVerifyHash(e1.PublicKey, hash, sig));

            // Same EID again: the same entry, no second certificate.
            Assert.AreSame(e1, pki.IssueEuicc(eid1));
        }

        [TestMethod]
        public void LoadBringsBackIssuedEuiccs()
        {
            var pki = TestPki.Create(_dir, "89049032123451234512345678901235", new[] { "smdp.example.test" }, DateTime.UtcNow.AddDays(-1));
            var e = pki.IssueEuicc(pki.NewEid(7));
            var again = TestPki.Load(_dir);
            Assert.AreEqual(1, again.ExtraEuiccs.Count);
            var l = again.ExtraEuiccs[e.Certificate.Eid];
            Assert.AreEqual(Convert.ToHexString(e.CertificateDer), Convert.ToHexString(l.CertificateDer));
            Assert.AreEqual(Convert.ToHexString(e.PrivateKey), Convert.ToHexString(l.PrivateKey));
            Assert.AreEqual(pki.Eid, again.Euicc.Certificate.Eid);
            // More can be issued from a loaded PKI (the EUM key comes from its file).
            var e2 = again.IssueEuicc(again.NewEid(8));
            Assert.IsTrue(again.CreateValidator(BclCryptoProvider.Instance).ValidateEuicc(e2.CertificateDer, again.Eum.CertificateDer, Now).IsValid);
        }

        [TestMethod]
        public void EidOutsideTheEumRangeIsRefused()
        {
            var pki = TestPki.Create(_dir, "89049032123451234512345678901235", new[] { "smdp.example.test" }, DateTime.UtcNow.AddDays(-1));
            Assert.ThrowsExactly<ArgumentException>(() => pki.IssueEuicc("89001012012341234012345678901224"));
            Assert.ThrowsExactly<ArgumentException>(() => pki.IssueEuicc("8904903212345"));
        }

        [TestMethod]
        public void CheckDigitsFollowMod97()
        {
            // SGP.29 example form: body + 2 digits so that the number mod 97 is 1.
            var eid = TestPki.WithEidCheckDigits("890490321234512345123456789012");
            Assert.AreEqual(32, eid.Length);
            Assert.AreEqual(1, (int)(System.Numerics.BigInteger.Parse(eid) % 97));
            Assert.IsFalse(TestPki.EidCheckDigitsValid(eid.Substring(0, 30) + (eid[30] == '9' ? "0" : "9") + eid[31]));
        }
    }
}
