using System;
using System.IO;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Esipa
{
    /// <summary>The SGP.32 v1.0 captures in ../shared/testdata/esipa-v1.0 (onomondo-ipa + onomondo-eim).</summary>
    [TestClass]
    public class EsipaCaptureTests
    {
        private const string Dir = "esipa-v1.0/";
        private const string Eid = "89049032123451234512345678901235";
        private const string PsmoTxId = "A851CF86F73EFBC08B7C443B6979FB30";
        private const string DpTxId = "25B7546C6ECD41358C4C475758C11049";

        private static byte[] Load(string name) { return TestData.Bytes(Dir + name); }

        private static string HexOf(string name) { return TestData.HexOf(Dir + name); }

        private static EsipaMessage FromIpa(string name, Sgp32Version expectVersion, int expectKind)
        {
            return Checked(name, EsipaCodec.DecodeFromIpa(Load(name), Sgp32Version.V1_0), expectVersion, expectKind);
        }

        private static EsipaMessage FromEim(string name, Sgp32Version expectVersion, int expectKind)
        {
            return Checked(name, EsipaCodec.DecodeFromEim(Load(name), Sgp32Version.V1_0), expectVersion, expectKind);
        }

        /// <summary>The decoded capture is the expected message and version and re-encodes (v1.0) byte for byte.</summary>
        private static EsipaMessage Checked(string name, EsipaMessage m, Sgp32Version expectVersion, int expectKind)
        {
            Assert.AreEqual(expectKind, m.Kind, name);
            Assert.AreEqual(expectVersion, m.Version, name);
            Assert.AreEqual(HexOf(name), Hex.Encode(m.Encode(Sgp32Version.V1_0)), name + " re-encoded (v1.0)");
            return m;
        }

        [TestMethod]
        public void EveryCaptureIsDecoded()
        {
            // Guards against a capture being added without a test: each .der/.ber below is covered here.
            string[] covered =
            {
                "download/01-GetEimPackageRequest.der", "download/02-GetEimPackageResponse-profileDownloadTriggerRequest.der",
                "download/03-InitiateAuthenticationRequestEsipa.der", "download/04-InitiateAuthenticationResponseEsipa.der",
                "download/05-AuthenticateClientRequestEsipa.der", "download/06-AuthenticateClientResponseEsipa.der",
                "download/07-GetBoundProfilePackageRequestEsipa.der", "download/08-GetBoundProfilePackageResponseEsipa.der",
                "download/09-HandleNotificationEsipa.der", "download/10-GetEimPackageRequest.der",
                "download/11-GetEimPackageResponse-eimPackageError.der",
                "psmo-listProfileInfo/01-GetEimPackageRequest.der", "psmo-listProfileInfo/02-GetEimPackageResponse-euiccPackageRequest.der",
                "psmo-listProfileInfo/03-ProvideEimPackageResult.der", "psmo-listProfileInfo/04-ProvideEimPackageResultResponse.der",
                "psmo-listProfileInfo/05-GetEimPackageRequest.der", "psmo-listProfileInfo/06-GetEimPackageResponse-eimPackageError.der",
                "add-initial-eim/GetEimConfigurationDataResponse.emulated-by-ipa.der", "add-initial-eim/sample_eim_cfg.ber",
                "eim_cert_nist.der",
            };
            var root = TestData.Path("esipa-v1.0");
            int n = 0;
            foreach (var f in Directory.GetFiles(root, "*.*", SearchOption.AllDirectories))
            {
                if (!f.EndsWith(".der") && !f.EndsWith(".ber")) continue;
                var rel = Path.GetRelativePath(root, f).Replace('\\', '/');
                Assert.IsTrue(Array.IndexOf(covered, rel) >= 0, rel + " has no test");
                n++;
            }
            Assert.AreEqual(covered.Length, n);
        }

        [TestMethod]
        public void GetEimPackageRequestsCarryTheEid()
        {
            string[] files = { "download/01-GetEimPackageRequest.der", "download/10-GetEimPackageRequest.der", "psmo-listProfileInfo/01-GetEimPackageRequest.der", "psmo-listProfileInfo/05-GetEimPackageRequest.der" };
            foreach (var f in files)
            {
                var q = (GetEimPackageRequest)FromIpa(f, Sgp32Version.V1_0, EsipaKind.GetEimPackageRequest);
                Assert.AreEqual(Eid, Hex.Encode(q.Eid));
                Assert.IsFalse(q.NotifyStateChange);
                // Only 5A: the same bytes are valid v1.2.
                Assert.AreEqual(HexOf(f), Hex.Encode(q.Encode(Sgp32Version.V1_2)));
            }
        }

        [TestMethod]
        public void NoPackageAnswers()
        {
            foreach (var f in new[] { "download/11-GetEimPackageResponse-eimPackageError.der", "psmo-listProfileInfo/06-GetEimPackageResponse-eimPackageError.der" })
            {
                var r = (GetEimPackageResponse)FromEim(f, Sgp32Version.V1_0, EsipaKind.GetEimPackageResponse);
                Assert.AreEqual(Tags.Integer, r.PackageKind);
                Assert.AreEqual(GetEimPackageResponse.NoEimPackageAvailable, r.EimPackageError);
            }
        }

        [TestMethod]
        public void ProfileDownloadTrigger()
        {
            var r = (GetEimPackageResponse)FromEim("download/02-GetEimPackageResponse-profileDownloadTriggerRequest.der", Sgp32Version.V1_0, EsipaKind.GetEimPackageResponse);
            Assert.AreEqual(RspTags.ProfileDownloadTrigger, r.PackageKind);
            Assert.AreEqual(ProfileDownloadTriggerRequest.DataActivationCode, r.ProfileDownloadTriggerRequest.DataKind);
            Assert.AreEqual("1$testsmdpplus1.example.com$TS48V1-A-UNIQUE", r.ProfileDownloadTriggerRequest.ActivationCode);
            Assert.IsNull(r.ProfileDownloadTriggerRequest.EimTransactionId);
        }

        [TestMethod]
        public void IndirectDownloadFlow()
        {
            var ia = (InitiateAuthenticationRequestEsipa)FromIpa("download/03-InitiateAuthenticationRequestEsipa.der", Sgp32Version.V1_0, EsipaKind.InitiateAuthenticationRequest);
            Assert.AreEqual("testsmdpplus1.example.com", ia.SmdpAddress);
            Assert.AreEqual(16, ia.EuiccChallenge.Length);
            Assert.AreEqual(0xBF, (int)ia.EuiccInfo1[0]);
            Assert.IsNull(ia.EimTransactionId);

            var iar = (InitiateAuthenticationResponseEsipa)FromEim("download/04-InitiateAuthenticationResponseEsipa.der", Sgp32Version.V1_0, EsipaKind.InitiateAuthenticationResponse);
            Assert.IsTrue(iar.IsOk);
            Assert.AreEqual(DpTxId, Hex.Encode(iar.TransactionId));
            Assert.IsTrue(iar.HasDoubledEnvelope);
            Assert.AreEqual(67, iar.ServerSignature1Raw.Length);
            Assert.AreEqual(64, iar.ServerSignature1.Length);
            Assert.AreEqual("E5DA5524", Hex.Encode(iar.ServerSignature1, 0, 4));
            Assert.AreEqual("F6F2635B4397B8BD12DF81A97C94254319520867", Hex.Encode(iar.EuiccCiPKIdToBeUsed));
            // serverSigned1 carries the same challenge the IPA sent.
            var ss1 = TlvReader.Parse(iar.ServerSigned1);
            Assert.AreEqual(Hex.Encode(ia.EuiccChallenge), Hex.Encode(ss1.Require(0x81).Value()));
            Assert.AreEqual(0x30, (int)iar.ServerCertificate[0]);

            var ac = (AuthenticateClientRequestEsipa)FromIpa("download/05-AuthenticateClientRequestEsipa.der", Sgp32Version.V1_0, EsipaKind.AuthenticateClientRequest);
            Assert.AreEqual(DpTxId, Hex.Encode(ac.TransactionId));
            Assert.AreEqual("BF38", Hex.Encode(ac.AuthenticateServerResponse, 0, 2));

            var acr = (AuthenticateClientResponseEsipa)FromEim("download/06-AuthenticateClientResponseEsipa.der", Sgp32Version.V1_0, EsipaKind.AuthenticateClientResponse);
            Assert.AreEqual(AuthenticateClientResponseEsipa.OkDp, acr.ResultKind);
            Assert.AreEqual(DpTxId, Hex.Encode(acr.TransactionId));
            Assert.AreEqual(67, acr.SmdpSignature2Raw.Length);
            Assert.AreEqual("FFB5B277", Hex.Encode(acr.SmdpSignature2, 0, 4));
            var meta = TlvReader.Parse(acr.ProfileMetadata);
            Assert.AreEqual("989444999999990920F3", Hex.Encode(meta.Require(0x5A).Value()));

            var gb = (GetBoundProfilePackageRequestEsipa)FromIpa("download/07-GetBoundProfilePackageRequestEsipa.der", Sgp32Version.V1_0, EsipaKind.GetBoundProfilePackageRequest);
            Assert.AreEqual(DpTxId, Hex.Encode(gb.TransactionId));
            Assert.AreEqual("BF21", Hex.Encode(gb.PrepareDownloadResponse, 0, 2));

            var gbr = (GetBoundProfilePackageResponseEsipa)FromEim("download/08-GetBoundProfilePackageResponseEsipa.der", Sgp32Version.V1_0, EsipaKind.GetBoundProfilePackageResponse);
            Assert.AreEqual(DpTxId, Hex.Encode(gbr.TransactionId));
            Assert.AreEqual(0x3101 + 5, gbr.BoundProfilePackage.Length);
            Assert.AreEqual(0x3101, gbr.BoundProfilePackageTlv.Length);

            var hn = (HandleNotificationEsipa)FromIpa("download/09-HandleNotificationEsipa.der", Sgp32Version.V1_0, EsipaKind.HandleNotification);
            Assert.AreEqual("BF37", Hex.Encode(hn.PendingNotification, 0, 2));
            Assert.IsNull(hn.ProvideEimPackageResult);
            // A0 {pendingNotification} is the same in v1.2.
            Assert.AreEqual(HexOf("download/09-HandleNotificationEsipa.der"), Hex.Encode(hn.Encode(Sgp32Version.V1_2)));
        }

        [TestMethod]
        public void PsmoListProfileInfo()
        {
            var resp = (GetEimPackageResponse)FromEim("psmo-listProfileInfo/02-GetEimPackageResponse-euiccPackageRequest.der", Sgp32Version.V1_0, EsipaKind.GetEimPackageResponse);
            var p = resp.EuiccPackageRequest;
            Assert.AreEqual("eIM", p.EimId);
            Assert.AreEqual(Eid, Hex.Encode(p.Eid));
            Assert.AreEqual(2L, p.CounterValue);
            Assert.AreEqual(PsmoTxId, Hex.Encode(p.EimTransactionId));
            Assert.AreEqual(1, p.Psmos.Count);
            Assert.AreEqual(Psmo.ListProfileInfo, ((Psmo)p.Psmos[0]).Kind);
            Assert.AreEqual("BF2D00", Hex.Encode(((Psmo)p.Psmos[0]).ProfileInfoListRequest));

            var result = (ProvideEimPackageResult)FromIpa("psmo-listProfileInfo/03-ProvideEimPackageResult.der", Sgp32Version.V1_0, EsipaKind.ProvideEimPackageResult);
            Assert.IsNull(result.Eid);
            Assert.AreEqual(EimPackageResult.KindEprAndNotifications, result.Result.Kind);
            Assert.AreEqual(0, result.Result.Notifications.Count);
            var epr = result.Result.EuiccPackageResult;
            Assert.AreEqual(EuiccPackageResult.ResultSigned, epr.Kind);
            Assert.AreEqual("eIM", epr.EimId);
            Assert.AreEqual(2L, epr.CounterValue);
            Assert.AreEqual(PsmoTxId, Hex.Encode(epr.EimTransactionId));
            Assert.AreEqual(0L, epr.SeqNumber);
            Assert.AreEqual(1, epr.Results.Count);
            var item = (EuiccResultItem)epr.Results[0];
            Assert.AreEqual(EuiccResultItem.ListProfileInfoResult, item.Kind);
            var infos = item.ProfileInfos();
            Assert.AreEqual(1, infos.Length);
            var pi = TlvReader.Parse(infos[0]);
            Assert.AreEqual("989444999999990920F3", Hex.Encode(pi.Require(0x5A).Value()));
            Assert.AreEqual("00", Hex.Encode(pi.Require(0x9F70).Value())); // disabled
            // The v1.2 form differs (A0 list instead of BF2B) and re-decodes to the same content.
            var v12 = result.Encode(Sgp32Version.V1_2);
            Assert.AreNotEqual(HexOf("psmo-listProfileInfo/03-ProvideEimPackageResult.der"), Hex.Encode(v12));
            var again = (ProvideEimPackageResult)EsipaCodec.DecodeFromIpa(v12, Sgp32Version.V1_0);
            Assert.AreEqual(Sgp32Version.V1_2, again.Version);
            Assert.AreEqual(Hex.Encode(epr.Encode()), Hex.Encode(again.Result.EuiccPackageResult.Encode()));

            var ack = (ProvideEimPackageResultResponse)FromEim("psmo-listProfileInfo/04-ProvideEimPackageResultResponse.der", Sgp32Version.V1_0, EsipaKind.ProvideEimPackageResultResponse);
            Assert.IsTrue(ack.IsEmpty);
            Assert.AreEqual("BF50023000", Hex.Encode(ack.Encode(Sgp32Version.V1_2)));
        }

        [TestMethod]
        public void EimSignatureVerifiesWithTheCertificateKey()
        {
            var pub = PointFromCertificateByHand(Load("eim_cert_nist.der"));
            Assert.AreEqual(65, pub.Length);
            Assert.AreEqual("04FE584A", Hex.Encode(pub, 0, 4));
            Assert.AreEqual("2E3DDF1C", Hex.Encode(pub, 61, 4));
            Assert.AreEqual(Hex.Encode(pub), Hex.Encode(PublicKeyInfo.PointFromCertificate(Load("eim_cert_nist.der"))));

            var resp = (GetEimPackageResponse)EsipaCodec.DecodeFromEim(Load("psmo-listProfileInfo/02-GetEimPackageResponse-euiccPackageRequest.der"));
            var p = resp.EuiccPackageRequest;
            var signed = p.SignedDataToVerify(1);
            Assert.AreEqual("3031800365494D5A10890490321234512345123456789012358101028210A851CF86F73EFBC08B7C443B6979FB30A003BF2D00840101", Hex.Encode(signed));
            Assert.AreEqual("9CD93951D22F0B55DCB52943BBB372E64E74BFAA6568D898A5DC1EF68138FEBAD94F7ECE7FAA5FEC7B314A3B8BDE4CBB5FECFD91C4E6183F44CF806C7AC5B859", Hex.Encode(p.EimSignature));
            var crypto = BclCryptoProvider.Instance;
            Assert.IsTrue(crypto.EcdsaVerifyHash(pub, crypto.Sha256(signed, 0, signed.Length), p.EimSignature));
            var wrong = p.SignedDataToVerify(2);
            Assert.IsFalse(crypto.EcdsaVerifyHash(pub, crypto.Sha256(wrong, 0, wrong.Length), p.EimSignature));
            var noToken = p.SignedDataToVerify();
            Assert.IsFalse(crypto.EcdsaVerifyHash(pub, crypto.Sha256(noToken, 0, noToken.Length), p.EimSignature));
        }

        [TestMethod]
        public void EuiccPackageResultSignatureHelpers()
        {
            var crypto = BclCryptoProvider.Instance;
            var keys = crypto.GenerateKeyPair();
            var r = new EuiccPackageResult();
            r.EimId = "eIM"; r.CounterValue = 2; r.SeqNumber = 1;
            r.Results.Add(EuiccResultItem.Simple(EuiccResultItem.EnableResult, 0));
            r.Sign(crypto, keys.PrivateKey, 1);
            var back = EuiccPackageResult.Decode(r.Encode());
            Assert.IsTrue(back.VerifySignature(crypto, keys.PublicKey, 1, null));
            Assert.IsFalse(back.VerifySignature(crypto, keys.PublicKey, 2, null));
            // The v1.0 text's coverage (data || 5F37 40 eimSignature) is accepted too.
            var eimSig = new byte[64];
            eimSig[5] = 9;
            var alt = back.SignedDataWithEimSignature(eimSig);
            back.Signature = crypto.EcdsaSignHash(keys.PrivateKey, crypto.Sha256(alt, 0, alt.Length));
            Assert.IsTrue(back.VerifySignature(crypto, keys.PublicKey, 1, eimSig));
            Assert.IsFalse(back.VerifySignature(crypto, keys.PublicKey, 1, null));
        }

        [TestMethod]
        public void EimConfigurationCaptures()
        {
            var req = AddInitialEimRequest.Decode(Load("add-initial-eim/sample_eim_cfg.ber"));
            Assert.AreEqual(1, req.EimConfigurations.Count);
            var c = (EimConfigurationData)req.EimConfigurations[0];
            Assert.AreEqual("eIM", c.EimId);
            Assert.AreEqual("127.0.0.1:8000", c.EimFqdn);
            Assert.AreEqual(1L, c.CounterValue);
            Assert.AreEqual(-1L, c.AssociationToken);
            Assert.AreEqual(-1, c.EimIdType);
            Assert.IsFalse(c.IndirectProfileDownload);
            var certKey = PublicKeyInfo.PointFromCertificate(Load("eim_cert_nist.der"));
            Assert.AreEqual(Hex.Encode(certKey), Hex.Encode(c.EimPublicKeyPoint()));
            Assert.AreEqual(HexOf("add-initial-eim/sample_eim_cfg.ber"), Hex.Encode(req.Encode(Sgp32Version.V1_0)));

            var resp = GetEimConfigurationDataResponse.Decode(Load("add-initial-eim/GetEimConfigurationDataResponse.emulated-by-ipa.der"));
            var rc = (EimConfigurationData)resp.EimConfigurations[0];
            Assert.AreEqual(1L, rc.AssociationToken);
            Assert.AreEqual("127.0.0.1:8000", rc.EimFqdn);
            Assert.AreEqual(HexOf("add-initial-eim/GetEimConfigurationDataResponse.emulated-by-ipa.der"), Hex.Encode(resp.Encode(Sgp32Version.V1_0)));
        }

        /// <summary>Certificate -> tbsCertificate -> subjectPublicKeyInfo -> BIT STRING, walked independently of the production helper.</summary>
        private static byte[] PointFromCertificateByHand(byte[] der)
        {
            var cert = TlvReader.Parse(der);
            var tbs = cert.ChildArray()[0];
            var f = tbs.ChildArray();
            int i = f[0].Tag == 0xA0 ? 1 : 0;
            var spki = f[i + 5];
            Assert.AreEqual(0x30, spki.Tag);
            var bits = spki.ChildArray()[1];
            Assert.AreEqual(0x03, bits.Tag);
            var v = bits.Value();
            Assert.AreEqual(0, (int)v[0]);
            return Bytes.Slice(v, 1, v.Length - 1);
        }
    }
}
