using System;
using System.IO;
using IotEsim.Euicc.Engine.Sgp32;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Tests.EuiccSgp32;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.EuiccSgp32Desktop
{
    /// <summary>
    /// Sgp32Functions against the esipa-v1.0 captures (onomondo-ipa sample configuration, a real
    /// onomondo-eim signed listProfileInfo package) and against a TestPki eIM with certificate-based keys.
    /// </summary>
    [TestClass]
    public class Sgp32CaptureTests
    {
        const string Dir = "esipa-v1.0/";
        const string CaptureEid = "89049032123451234512345678901235";

        static byte[] Load(string name) { return TestData.Bytes(Dir + name); }

        /// <summary>The BF51 EuiccPackageRequest inside the captured GetEimPackageResponse (BF4F).</summary>
        static byte[] CapturedPackage()
        {
            var outer = TlvReader.ParseAndValidate(Load("psmo-listProfileInfo/02-GetEimPackageResponse-euiccPackageRequest.der")).Expect(0xBF4F);
            return outer.Require(0xBF51).Encoded();
        }

        /// <summary>The card's EuiccPackageResult from the captured ProvideEimPackageResult (v1.0 ePRAndNotifications).</summary>
        static EuiccPackageResult CapturedResult()
        {
            var outer = TlvReader.ParseAndValidate(Load("psmo-listProfileInfo/03-ProvideEimPackageResult.der")).Expect(0xBF50);
            return EuiccPackageResult.Decode(outer.Require(Tags.Sequence).Require(0xBF51));
        }

        sealed class CaptureEuicc
        {
            public readonly MemoryStore Store = new MemoryStore();
            public readonly ListingProfiles Profiles = new ListingProfiles();
            public readonly FakeQueue Queue = new FakeQueue();
            public readonly EcKeyPair Key = BclCryptoProvider.Instance.GenerateKeyPair();

            public Sgp32Functions New(string eidHex)
            {
                return new Sgp32Functions(Hex.Decode(eidHex), Key.PrivateKey, new byte[] { 0x30, 0x00 }, new byte[] { 0x30, 0x00 },
                    BclCryptoProvider.Instance, Store, Profiles, Queue);
            }
        }

        /// <summary>Answers GetProfilesInfo with the ProfileInfoList the captured card reported.</summary>
        sealed class ListingProfiles : IotEsim.Euicc.Engine.IProfileOperations
        {
            public byte[] Answer;
            public int Calls;
            public string LastRequest;
            public int Enable(byte[] iccid, bool rollback) { throw new InvalidOperationException("not in the capture"); }
            public int Enable(byte[] iccid, bool rollback, bool refreshFlag) { throw new InvalidOperationException("not in the capture"); }
            public int Disable(byte[] iccid) { throw new InvalidOperationException("not in the capture"); }
            public int Disable(byte[] iccid, bool refreshFlag) { throw new InvalidOperationException("not in the capture"); }
            public System.Collections.ArrayList RulesAuthorisationTable { get { return new System.Collections.ArrayList(); } }
            public int Delete(byte[] iccid) { throw new InvalidOperationException("not in the capture"); }
            public int Rollback() { return 1; }
            public int SetFallbackAttribute(byte[] iccid) { return 1; }
            public int UnsetFallbackAttribute() { return 0; }
            public byte[] GetProfilesInfo(byte[] request) { Calls++; LastRequest = Hex.Encode(request); return Answer; }
            public byte[] EnabledIccid { get { return null; } }
        }

        static byte[] Call(Sgp32Functions f, byte[] request) { return f.Process(TlvReader.ParseAndValidate(request)); }

        static CaptureEuicc WithSampleEim()
        {
            var e = new CaptureEuicc();
            // Give the fake the profile list the real card answered, so the result can be compared byte for byte.
            e.Profiles.Answer = ((EuiccResultItem)CapturedResult().Results[0]).Raw;
            var resp = Call(e.New(CaptureEid), Load("add-initial-eim/sample_eim_cfg.ber"));
            Assert.AreEqual("BF5705A003840101", Hex.Encode(resp), "84 01 FF asks for a token: the first one is 1");
            return e;
        }

        [TestMethod]
        public void SampleConfigurationIsStoredAsTheIpaEmulationReportedIt()
        {
            var e = WithSampleEim();
            Assert.AreEqual(Hex.Encode(Load("add-initial-eim/GetEimConfigurationDataResponse.emulated-by-ipa.der")),
                Hex.Encode(Call(e.New(CaptureEid), Hex.Decode("BF5500"))));
        }

        [TestMethod]
        public void CapturedOnomondoEimPackageVerifiesAndExecutes()
        {
            var e = WithSampleEim();
            e.Queue.Seq = -1; // the captured result carries seqNumber 0
            var resp = Call(e.New(CaptureEid), CapturedPackage());
            var r = EuiccPackageResult.Decode(resp);
            Assert.AreEqual(EuiccPackageResult.ResultSigned, r.Kind);
            Assert.IsTrue(r.VerifySignature(BclCryptoProvider.Instance, e.Key.PublicKey, 1, null), "euiccSignEPR over data || 84 01 01");
            Assert.AreEqual(1, e.Profiles.Calls);
            Assert.AreEqual("BF2D00", e.Profiles.LastRequest, "the PSMO's ProfileInfoListRequest is passed on unchanged");
            // Same signed data as the card in the capture (eimId, counter 2, transactionId, seq 0, listProfileInfo result).
            var captured = CapturedResult();
            Assert.AreEqual(Hex.Encode(captured.EncodeSignedData()), Hex.Encode(r.EncodeSignedData()));
            Assert.AreEqual(Hex.Encode(resp), Hex.Encode((byte[])e.Queue.Items[0]));
            Assert.AreEqual(2L, CounterOf(e));
        }

        static long CounterOf(CaptureEuicc e)
        {
            var all = GetEimConfigurationDataResponse.Decode(Call(e.New(CaptureEid), Hex.Decode("BF5500")));
            return ((EimConfigurationData)all.EimConfigurations[0]).CounterValue;
        }

        [TestMethod]
        public void CapturedPackageReplayedIsReplayError()
        {
            var e = WithSampleEim();
            Call(e.New(CaptureEid), CapturedPackage());
            var r = EuiccPackageResult.Decode(Call(e.New(CaptureEid), CapturedPackage()));
            Assert.AreEqual(EuiccPackageResult.ErrorSigned, r.Kind);
            Assert.AreEqual(EuiccPackageErrorCode.ReplayError, r.ErrorCode);
            Assert.AreEqual(2L, r.CounterValue);
            Assert.IsTrue(r.VerifySignature(BclCryptoProvider.Instance, e.Key.PublicKey, 1, null));
            Assert.AreEqual(1, e.Profiles.Calls, "not executed again");
            Assert.AreEqual(2L, CounterOf(e));
        }

        [TestMethod]
        public void CapturedPackageOnAnotherEuiccIsInvalidEid()
        {
            var e = WithSampleEim();
            var r = EuiccPackageResult.Decode(Call(e.New("89049032123451234512345678901299"), CapturedPackage()));
            Assert.AreEqual(EuiccPackageResult.ErrorSigned, r.Kind);
            Assert.AreEqual(EuiccPackageErrorCode.InvalidEid, r.ErrorCode);
            Assert.AreEqual(0, e.Profiles.Calls);
            Assert.AreEqual(1L, CounterOf(e));
        }

        [TestMethod]
        public void TamperedCapturedPackageIsRejected()
        {
            var e = WithSampleEim();
            var sig = CapturedPackage();
            sig[sig.Length - 1] ^= 0x01;                   // last byte of eimSignature
            var content = CapturedPackage();
            content[35] ^= 0x01; // a byte of the transactionId inside EuiccPackageSigned
            byte[][] cases = { sig, content };
            for (int i = 0; i < cases.Length; i++)
            {
                var r = EuiccPackageResult.Decode(Call(e.New(CaptureEid), cases[i]));
                Assert.AreEqual(EuiccPackageResult.ErrorUnsigned, r.Kind, i.ToString());
                Assert.AreEqual("eIM", r.EimId);
                Assert.IsTrue(r.HasAssociationToken);
                Assert.AreEqual(1L, r.AssociationToken);
            }
            Assert.AreEqual(0, e.Profiles.Calls);
            Assert.AreEqual(1L, CounterOf(e));
            Assert.AreEqual(0, e.Queue.Items.Count);
        }

        [TestMethod]
        public void TestPkiEimWithCertificateKeyAndGetCerts()
        {
            string dir = Path.Combine(Path.GetTempPath(), "iotesim-sgp32e-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                var pki = TestPki.Create(dir, CaptureEid, new[] { "localhost" }, DateTime.UtcNow.AddDays(-1));
                var crypto = BclCryptoProvider.Instance;
                var profiles = new FakeProfiles();
                profiles.AddProfile("98001032547698103214", 2, false);
                var queue = new FakeQueue();
                var store = new MemoryStore();
                var f = new Sgp32Functions(Hex.Decode(CaptureEid), pki.Euicc.PrivateKey, pki.Eum.CertificateDer, pki.Euicc.CertificateDer,
                    crypto, store, profiles, queue);

                var cfg = new EimConfigurationData();
                cfg.EimId = "eim.test";
                cfg.HasAssociationToken = true; cfg.AssociationToken = -1;
                cfg.EimPublicKeyKind = EimConfigurationData.KeyCertificate;
                cfg.EimPublicKeyData = pki.Eim.CertificateDer;
                var add = new AddInitialEimRequest(); add.EimConfigurations.Add(cfg);
                Assert.AreEqual("BF5705A003840101", Hex.Encode(Call(f, add.Encode())));

                var p = new EuiccPackageRequest();
                p.EimId = "eim.test"; p.Eid = Hex.Decode(CaptureEid); p.CounterValue = 1;
                p.Psmos.Add(Psmo.NewEnable(Hex.Decode("98001032547698103214"), false));
                var input = p.SignedDataToVerify(1);
                p.EimSignature = crypto.EcdsaSignHash(pki.Eim.PrivateKey, crypto.Sha256(input, 0, input.Length));
                var r = EuiccPackageResult.Decode(Call(f, p.Encode()));
                Assert.AreEqual(EuiccPackageResult.ResultSigned, r.Kind);
                Assert.IsTrue(r.VerifySignature(crypto, pki.Euicc.PublicKey, 1, null));
                Assert.AreEqual("98001032547698103214", profiles.Enabled);

                var certs = GetCerts.DecodeResponse(Call(f, GetCerts.EncodeRequest(pki.CiPkId)));
                Assert.AreEqual(-1, certs.Error);
                Assert.AreEqual(Hex.Encode(pki.Eum.CertificateDer), Hex.Encode(certs.EumCertificate));
                Assert.AreEqual(Hex.Encode(pki.Euicc.CertificateDer), Hex.Encode(certs.EuiccCertificate));
                var wrong = (byte[])pki.CiPkId.Clone(); wrong[0] ^= 0xFF;
                Assert.AreEqual(GetCerts.InvalidCiPKId, GetCerts.DecodeResponse(Call(f, GetCerts.EncodeRequest(wrong))).Error);
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        }
    }
}
