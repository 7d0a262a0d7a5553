using System;
using System.Collections.Generic;
using System.IO;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Euicc.Identity;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using IotEsim.Tests.Ipa;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Euicc
{
    /// <summary>Drives the captured lpac / osmo-smdpp session (es9plus-download/apdus.txt) into our eUICC loaded with
    /// the capture's identity, with the captured euiccChallenge and otSK.EUICC.ECKA injected.</summary>
    [TestClass]
    public class EuiccInteropTests
    {
        internal static EuiccIdentity CaptureIdentity()
        {
            return EuiccIdentity.Load(
                TestData.Bytes("es9plus-download/certs/CERT_EUICC_ECDSA_NIST.der"),
                TestData.Bytes("es9plus-download/certs/SK_EUICC_ECDSA_NIST.pem"),
                TestData.Bytes("es9plus-download/certs/CERT_EUM_ECDSA_NIST.der"),
                new byte[][] { TestData.Bytes("es9plus-download/certs/CERT_CI_ECDSA_NIST.der") });
        }

        [TestMethod]
        public void CapturedSessionInstallsProfile()
        {
            var capture = ApduCapture.Load("es9plus-download/apdus.txt");
            var ex = capture.Es10Exchanges();
            var id = CaptureIdentity();
            Assert.AreEqual("89049032123451234512345678901235", Eid.FromBytes(id.Eid));

            // Our EUICCInfo2 is reported as the captured eUICC did, so euiccSigned1 can be compared byte for byte.
            var capturedAuth = AuthenticateServerResponse.Decode(ex[2].Response);
            var options = new EuiccOptions();
            options.Clock = new FixedClock(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks);
            options.EuiccInfo2Override = capturedAuth.EuiccSigned1.EuiccInfo2;
            var store = new MemoryStore();
            var engine = new EuiccEngine(id, BclCryptoProvider.Instance, store, options);
            engine.Hooks.NextEuiccChallenge = Hex.Decode("4ee52782b22b02d0ba3f60a652d47b68");
            engine.Hooks.NextOneTimePrivateKey = EcPrivateKey.FromPem(TestData.Text("bsp/es9plus-download-session/otSK.EUICC.ECKA.pem"));
            var card = new IsdrApplet(engine);
            var es10 = new Es10Channel(new CardTransport(card));
            es10.Open();

            // 1 GetEUICCChallenge: byte-exact.
            Assert.AreEqual(Hex.Encode(ex[0].Response), Hex.Encode(es10.Transceive(ex[0].Request)));
            // 2 EUICCInfo1: same CI list.
            var info1 = EuiccInfo1.Decode(es10.Transceive(ex[1].Request));
            Assert.AreEqual("f6f2635b4397b8bd12df81a97c94254319520867", Hex.Encode(info1.CiPKIdListForSigning[0]).ToLowerInvariant());

            // 3 AuthenticateServer: euiccSigned1 and certificates byte-exact, our signature valid.
            var auth = AuthenticateServerResponse.Decode(es10.Transceive(ex[2].Request));
            Assert.IsTrue(auth.IsOk);
            Assert.AreEqual(Hex.Encode(capturedAuth.EuiccSigned1.Raw), Hex.Encode(auth.EuiccSigned1.Raw));
            Assert.AreEqual(Hex.Encode(capturedAuth.EuiccCertificate), Hex.Encode(auth.EuiccCertificate));
            Assert.AreEqual(Hex.Encode(capturedAuth.EumCertificate), Hex.Encode(auth.EumCertificate));
            var euiccPk = X509Certificate.Parse(id.EuiccCertificate).PublicKey;
            var c = BclCryptoProvider.Instance;
            Assert.IsTrue(c.EcdsaVerifyHash(euiccPk, c.Sha256(auth.EuiccSigned1.Raw, 0, auth.EuiccSigned1.Raw.Length), auth.EuiccSignature1));

            // 4 PrepareDownload: the captured smdpSignature2 covers the captured euiccSignature1, ours differs, so the
            // engine must reject it (invalidSignature) ... unless the session carries the captured signature.
            engine.Session.EuiccSignature1 = capturedAuth.EuiccSignature1;
            var pd = PrepareDownloadResponse.Decode(es10.Transceive(ex[3].Request));
            var capturedPd = PrepareDownloadResponse.Decode(ex[3].Response);
            Assert.IsTrue(pd.IsOk, "PrepareDownload error " + pd.ErrorCode.ToString());
            Assert.AreEqual(Hex.Encode(capturedPd.EuiccSigned2.Raw), Hex.Encode(pd.EuiccSigned2.Raw));

            // 5 the whole captured BPP, as lpac cut it.
            byte[] last = null;
            int i = 4;
            for (; i < ex.Count && ex[i].Request[0] != 0xBF || (i < ex.Count && ex[i].Request[1] == 0x36); i++)
            {
                if (ex[i].Request[0] == 0xBF && ex[i].Request[1] == 0x28) break;
                last = es10.Transceive(ex[i].Request);
                if (i < ex.Count - 1 && last.Length > 0) break;
            }
            Assert.IsNotNull(last);
            var pir = ProfileInstallationResult.Decode(last);
            var capturedPir = ProfileInstallationResult.Decode(ex[i].Response);
            Assert.IsTrue(pir.Data.Success, "PIR error cmd " + pir.Data.BppCommandId.ToString() + " reason " + pir.Data.ErrorReason.ToString());
            Assert.AreEqual(Hex.Encode(capturedPir.Data.TransactionId), Hex.Encode(pir.Data.TransactionId));
            Assert.AreEqual(capturedPir.Data.NotificationMetadata.NotificationAddress, pir.Data.NotificationMetadata.NotificationAddress);
            Assert.AreEqual(Hex.Encode(capturedPir.Data.NotificationMetadata.Iccid), Hex.Encode(pir.Data.NotificationMetadata.Iccid));
            Assert.AreEqual(Hex.Encode(capturedPir.Data.SmdpOid), Hex.Encode(pir.Data.SmdpOid));
            Assert.AreEqual(Hex.Encode(capturedPir.Data.SimaResponse), Hex.Encode(pir.Data.SimaResponse));
            byte[] signed = pir.SignedData();
            Assert.IsTrue(c.EcdsaVerifyHash(euiccPk, c.Sha256(signed, 0, signed.Length), pir.EuiccSignPir));

            // Installed: ICCID 8949449999999990023, disabled, image identical to the UPP.
            Assert.AreEqual(1, engine.Context.State.Profiles.Count);
            var p = engine.Context.State.Profile(0);
            Assert.AreEqual("8949449999999990023", Iccid.FromBytes(p.Iccid));
            Assert.AreEqual(Hex.Encode(TestData.Bytes("upp/TS48V1-A-UNIQUE.der")), Hex.Encode(store.Read(p.ImageKey)));

            // ListNotification / RetrieveNotificationsList / RemoveNotificationFromList as lpac sent them.
            var list = ListNotificationResponse.Decode(es10.Transceive(ex[i + 1].Request));
            Assert.AreEqual(1, list.Notifications.Count);
            Assert.AreEqual(NotificationEvent.Install, list.Get(0).Operation);
            var seq = list.Get(0).SeqNumber;
            var retrieved = RetrieveNotificationsListResponse.Decode(es10.Transceive(RetrieveNotificationsListRequest.BySeqNumber(seq).Encode()));
            Assert.AreEqual(Hex.Encode(last), Hex.Encode(retrieved.Get(0).Raw));
            var removed = Es10Result.Decode(es10.Transceive(new RemoveNotificationFromListRequest(seq).Encode()), RspTags.RemoveNotificationFromList);
            Assert.AreEqual(RemoveNotificationResult.Ok, removed.Result);
            Assert.AreEqual(0, engine.Context.State.Notifications.Count);
        }
    }
}
