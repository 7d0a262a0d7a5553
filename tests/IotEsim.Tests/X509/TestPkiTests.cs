using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using X509Certificate = IotEsim.Rsp.X509.X509Certificate;
using Oid = IotEsim.Rsp.X509.Oid;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.X509
{
    [TestClass]
    public class TestPkiTests
    {
        private const string Eid = "89049032123451234512345678901235";
        private static readonly DateTime NotBefore = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private static readonly long Now = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        private static string _dir;
        private static TestPki _created;

        [ClassInitialize]
        public static void Init(TestContext ctx)
        {
            _dir = Path.Combine(Path.GetTempPath(), "iotesim-pki-" + Guid.NewGuid().ToString("N"));
            _created = TestPki.Create(_dir, Eid, new[] { "testsmdpplus1.example.com", "localhost" }, NotBefore);
        }

        [ClassCleanup]
        public static void Cleanup()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [TestMethod]
        public void WritesFilesAndManifest()
        {
            foreach (var n in new[] { "ci", "eum", "euicc", "dpauth", "dppb", "dptls", "dsauth", "eim" })
                foreach (var ext in new[] { ".der", ".pem", ".key.pem", ".pk8.pem" })
                    Assert.IsTrue(File.Exists(Path.Combine(_dir, n + ext)), n + ext);
            string manifest = File.ReadAllText(Path.Combine(_dir, TestPki.ManifestFile));
            StringAssert.Contains(manifest, Eid);
            StringAssert.Contains(manifest, "testsmdpplus1.example.com");
            StringAssert.Contains(manifest, Hex.Encode(_created.CiPkId));
        }

        [TestMethod]
        public void LoadRoundTripsAndAllChainsValidate()
        {
            var pki = TestPki.Load(_dir);
            Assert.AreEqual(Eid, pki.Eid);
            Assert.AreEqual("89049032", pki.EidPrefix);
            Assert.AreEqual(2, pki.SmdpHostnames.Length);
            foreach (var e in pki.All)
            {
                Assert.IsNotNull(e, "entry missing");
                var orig = Array.Find(_created.All, x => x.Name == e.Name);
                Assert.AreEqual(Hex.Encode(orig.CertificateDer), Hex.Encode(e.CertificateDer));
                Assert.AreEqual(Hex.Encode(orig.PrivateKey), Hex.Encode(e.PrivateKey));
                // PKCS#8 and SEC1 files hold the same key, and it belongs to the certificate.
                Assert.AreEqual(Hex.Encode(e.PrivateKey), Hex.Encode(EcPrivateKey.FromPem(File.ReadAllText(e.Pkcs8PemPath))));
                Assert.AreEqual(Hex.Encode(e.PublicKey), Hex.Encode(BclCryptoProvider.Instance.DerivePublicKey(e.PrivateKey)));
                Assert.AreEqual(Hex.Encode(e.CertificateDer), Hex.Encode(Pem.Decode(File.ReadAllText(e.CertificatePemPath), "CERTIFICATE")));
            }
            var v = pki.CreateValidator(BclCryptoProvider.Instance);
            Assert.IsTrue(v.Validate(pki.Ci.Certificate, null, RspRole.Ci, Now).IsValid);
            Assert.IsTrue(v.Validate(pki.Eum.Certificate, null, RspRole.Eum, Now).IsValid);
            var r = v.ValidateEuicc(pki.Euicc.CertificateDer, pki.Eum.CertificateDer, Now);
            Assert.IsTrue(r.IsValid, r.ToString());
            Assert.AreEqual(Eid, r.Leaf.Eid);
            Assert.IsTrue(v.Validate(pki.DpAuth.CertificateDer, null, RspRole.DpAuth, Now).IsValid);
            Assert.IsTrue(v.Validate(pki.DpPb.CertificateDer, null, RspRole.DpPb, Now).IsValid);
            Assert.IsTrue(v.Validate(pki.DpTls.CertificateDer, null, RspRole.DpTls, Now).IsValid);
            Assert.IsTrue(v.Validate(pki.DsAuth.CertificateDer, null, RspRole.DsAuth, Now).IsValid);
            Assert.IsTrue(v.Validate(pki.Eim.CertificateDer, null, RspRole.Eim, Now).IsValid);
            // Roles are not interchangeable.
            Assert.AreEqual(ChainError.WrongPolicy, v.Validate(pki.DpPb.CertificateDer, null, RspRole.DpAuth, Now).Error);
            Assert.AreEqual(ChainError.WrongPolicy, v.Validate(pki.Eim.CertificateDer, null, RspRole.DsAuth, Now).Error);
            // eUICC valid until 9999 but the chain ends with the EUM (34 years).
            Assert.AreEqual(9999, X509Time.Year(pki.Euicc.Certificate.NotAfterTicks));
            Assert.AreEqual(ChainError.Expired, v.ValidateEuicc(pki.Euicc.CertificateDer, pki.Eum.CertificateDer, new DateTime(2060, 1, 1).Ticks).Error);
        }

        [TestMethod]
        public void CertificateProfiles()
        {
            var p = _created;
            Assert.AreEqual(0, p.Eum.Certificate.PathLength);
            Assert.AreEqual("89049032", p.Eum.Certificate.PermittedDirectoryNames[0].SerialNumber);
            Assert.AreEqual(Hex.Encode(p.Ci.Certificate.SubjectKeyIdentifier), Hex.Encode(p.Eum.Certificate.AuthorityKeyIdentifier));
            Assert.AreEqual(Hex.Encode(p.Eum.Certificate.SubjectKeyIdentifier), Hex.Encode(p.Euicc.Certificate.AuthorityKeyIdentifier));
            Assert.AreEqual(Eid, p.Euicc.Certificate.Eid);
            CollectionAssert.AreEqual(new[] { "testsmdpplus1.example.com", "localhost" }, p.DpTls.Certificate.DnsNames);
            CollectionAssert.Contains(p.DpTls.Certificate.ExtendedKeyUsages, Oid.ServerAuth);
            Assert.AreEqual(TestPki.SmdpRegisteredId, p.DpAuth.Certificate.RegisteredIds[0]);
            Assert.IsNull(p.DpAuth.Certificate.UnknownCriticalExtension);
        }

        [TestMethod]
        public void EuiccOutsideEumRangeIsRejected()
        {
            var dir = Path.Combine(Path.GetTempPath(), "iotesim-pki-" + Guid.NewGuid().ToString("N"));
            try
            {
                var other = TestPki.Create(dir, "89001012012341234012345678901224", new[] { "localhost" }, NotBefore);
                // Same CI? No: a different PKI. Cross it with our EUM to check the range logic itself.
                var eum = _created.Eum.Certificate;
                Assert.IsFalse(CertificateChainValidator.EidInEumRange(other.Euicc.Certificate.Eid, eum, other.Euicc.Certificate));
                Assert.AreEqual(ChainError.UnknownCi, _created.CreateValidator(BclCryptoProvider.Instance)
                    .ValidateEuicc(other.Euicc.CertificateDer, other.Eum.CertificateDer, Now).Error);
            }
            finally { Directory.Delete(dir, true); }
        }

        [TestMethod]
        public void SignAndVerifyWithGeneratedKeys()
        {
            var c = BclCryptoProvider.Instance;
            var hash = c.Sha256(new byte[] { 0xBF, 0x38, 0x00 }, 0, 3);
            foreach (var e in _created.All)
            {
                var sig = c.EcdsaSignHash(e.PrivateKey, hash);
                Assert.IsTrue(c.EcdsaVerifyHash(e.Certificate.PublicKey, hash, sig), e.Name);
                Assert.IsFalse(c.EcdsaVerifyHash(_created.Ci.Certificate.PublicKey == e.Certificate.PublicKey ? _created.Eum.Certificate.PublicKey : _created.Ci.Certificate.PublicKey, hash, sig), e.Name);
            }
        }

        [TestMethod]
        public void BclAcceptsCertificatesAndServesTls()
        {
            using var server = _created.CreateTlsServerCertificate();
            Assert.IsTrue(server.HasPrivateKey);
            // BCL chain build with the CI as the custom root.
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(_created.CiCertificate());
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = new DateTime(2025, 6, 1);
            Assert.IsTrue(chain.Build(server), chain.ChainStatus.Length > 0 ? chain.ChainStatus[0].StatusInformation : "");

            // A loopback TLS handshake with the DPtls certificate; the client checks it with the portable validator.
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                var serverTask = Task.Run(() =>
                {
                    using var s = listener.AcceptTcpClient();
                    using var ssl = new SslStream(s.GetStream());
                    ssl.AuthenticateAsServer(server, false, false);
                    ssl.WriteByte(0x42);
                    ssl.Flush();
                });
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                var validator = _created.CreateValidator(BclCryptoProvider.Instance);
                using var cssl = new SslStream(client.GetStream(), false, (sender, cert, ch, errors) =>
                {
                    var r = validator.Validate(cert.GetRawCertData(), null, RspRole.DpTls, Now);
                    return r.IsValid && Array.IndexOf(X509Certificate.Parse(cert.GetRawCertData()).DnsNames, "localhost") >= 0;
                });
                cssl.AuthenticateAsClient("localhost");
                Assert.AreEqual(0x42, cssl.ReadByte());
                Assert.IsTrue(serverTask.Wait(10000));
            }
            finally { listener.Stop(); }
        }
    }
}
