using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Messages
{
    /// <summary>
    /// Every ES10 request and response of the es9plus-download capture, and every base64 TLV of its ES9+
    /// JSON bodies, decoded with the message models and re-encoded. All of them re-encode byte for byte.
    /// The one non-DER value, NotificationMetadata's <c>81 02 04 80</c> (install with 4 unused bits
    /// instead of <c>07 80</c>), survives because <see cref="BitString"/> keeps the content octets as sent;
    /// <see cref="BitString.IsMinimal"/> reports it and <see cref="BitString.Normalized"/> gives the DER form.
    /// </summary>
    [TestClass]
    public class DownloadCaptureTests
    {
        private const string Dir = "es9plus-download/";
        private const string TxId = "064FF977B76C4C49909E1F2C65E806DA";
        private const string EuiccChallenge = "4EE52782B22B02D0BA3F60A652D47B68";
        private const string ServerChallenge = "15254ADF2BBDD2D6622010A32982F4E6";
        private const string IccidBcd = "989444999999990920F3";
        private const string CiPkid = "F6F2635B4397B8BD12DF81A97C94254319520867";
        private const string SmdpAddress = "testsmdpplus1.example.com";

        private static List<Es10Exchange> _x;

        private static List<Es10Exchange> X
        {
            get { return _x ?? (_x = TestData.Es10Exchanges(Dir + "apdus.txt")); }
        }

        private static byte[] Json(string file, string field) { return TestData.JsonBase64(Dir + file, field); }

        private static string JsonText(string file, string field) { return TestData.JsonString(Dir + file, field); }

        private static void Same(byte[] expected, byte[] actual)
        {
            Assert.AreEqual(Hex.Encode(expected), Hex.Encode(actual));
        }

        /// <summary>Exchanges: 0 challenge, 1 info1, 2 AuthenticateServer, 3 PrepareDownload, 4..21 BPP pieces (BF36+BF23, A0, A1 header, one 88, A2, A3 header, twelve 86),
        /// then ListNotification, RetrieveNotificationsList, RemoveNotificationFromList.</summary>
        [TestMethod]
        public void CaptureHasTheExpectedCalls()
        {
            Assert.AreEqual(4 + 18 + 3, X.Count);
            foreach (var e in X) Assert.AreEqual("9000", e.Sw);
        }

        [TestMethod]
        public void GetEuiccChallengeCall()
        {
            Rsp.Messages.GetEuiccChallenge.DecodeRequest(X[0].Request);
            Same(X[0].Request, Rsp.Messages.GetEuiccChallenge.EncodeRequest());
            var r = Rsp.Messages.GetEuiccChallenge.Decode(X[0].Response);
            Assert.AreEqual(EuiccChallenge, Hex.Encode(r.EuiccChallenge));
            Same(X[0].Response, r.Encode());
        }

        [TestMethod]
        public void EuiccInfo1FromApduAndJson()
        {
            Same(X[1].Request, EuiccInfo1.EncodeRequest());
            var i = EuiccInfo1.Decode(X[1].Response);
            Assert.AreEqual("020300", Hex.Encode(i.Svn));
            Assert.AreEqual(CiPkid, Hex.Encode(i.CiPKIdListForSigning[0]));
            Assert.AreEqual(CiPkid, Hex.Encode(i.CiPKIdListForVerification[0]));
            Same(X[1].Response, i.Encode());
            var j = Json("01-initiateAuthentication.request.json", "euiccInfo1");
            Same(X[1].Response, j);
            Same(j, EuiccInfo1.Decode(j).Encode());
        }

        [TestMethod]
        public void AuthenticateServerRequestFromApdu()
        {
            var r = AuthenticateServerRequest.Decode(X[2].Request);
            Assert.AreEqual(TxId, Hex.Encode(r.ServerSigned1.TransactionId));
            Assert.AreEqual(EuiccChallenge, Hex.Encode(r.ServerSigned1.EuiccChallenge));
            Assert.AreEqual(ServerChallenge, Hex.Encode(r.ServerSigned1.ServerChallenge));
            Assert.AreEqual(SmdpAddress, r.ServerSigned1.ServerAddress);
            Assert.AreEqual(CiPkid, Hex.Encode(r.EuiccCiPKIdToBeUsed));
            Assert.AreEqual("TS48V1-A-UNIQUE", r.CtxParams1.MatchingId);
            Assert.AreEqual("35290611", Hex.Encode(r.CtxParams1.DeviceInfo.Tac));
            Assert.AreEqual(0, r.CtxParams1.DeviceInfo.DeviceCapabilities.Length);
            Assert.IsNull(r.CtxParams1.DeviceInfo.Imei);
            Assert.AreEqual(64, r.ServerSignature1.Length);
            Same(X[2].Request, r.Encode());

            // The same request rebuilt from the ES9+ initiateAuthentication response fields.
            var f = "01-initiateAuthentication.response.json";
            Assert.AreEqual(TxId, JsonText(f, "transactionId"));
            var built = new AuthenticateServerRequest();
            built.ServerSigned1 = ServerSigned1.Decode(Json(f, "serverSigned1"));
            built.ServerSignature1 = TlvReader.Parse(Json(f, "serverSignature1")).Expect(RspTags.Signature).Value();
            built.EuiccCiPKIdToBeUsed = TlvReader.Parse(Json(f, "euiccCiPKIdToBeUsed")).Expect(Tags.OctetString).Value();
            built.ServerCertificate = Json(f, "serverCertificate");
            built.CtxParams1 = r.CtxParams1;
            Same(X[2].Request, built.Encode());
            Same(Json(f, "serverSigned1"), r.ServerSigned1.Raw);
            // A freshly encoded ServerSigned1 equals the signed bytes.
            var s1 = new ServerSigned1();
            s1.TransactionId = r.ServerSigned1.TransactionId;
            s1.EuiccChallenge = r.ServerSigned1.EuiccChallenge;
            s1.ServerAddress = r.ServerSigned1.ServerAddress;
            s1.ServerChallenge = r.ServerSigned1.ServerChallenge;
            Same(r.ServerSigned1.Raw, s1.Encode());
        }

        [TestMethod]
        public void AuthenticateServerResponseFromApduAndJson()
        {
            var r = AuthenticateServerResponse.Decode(X[2].Response);
            Assert.IsTrue(r.IsOk);
            var s = r.EuiccSigned1;
            Assert.AreEqual(TxId, Hex.Encode(s.TransactionId));
            Assert.AreEqual(ServerChallenge, Hex.Encode(s.ServerChallenge));
            Assert.AreEqual(SmdpAddress, s.ServerAddress);
            Assert.AreEqual("TS48V1-A-UNIQUE", s.CtxParams1.MatchingId);
            var i2 = s.EuiccInfo2;
            Assert.AreEqual("020300", Hex.Encode(i2.ProfileVersion));
            Assert.AreEqual("020300", Hex.Encode(i2.Svn));
            Assert.AreEqual("010000", Hex.Encode(i2.EuiccFirmwareVer));
            Assert.AreEqual("810100820400010000830200FF", Hex.Encode(i2.ExtCardResource));
            Assert.AreEqual("00FFFFFF", Hex.Encode(i2.UiccCapability.Content));
            Assert.IsTrue(i2.RspCapability.Get(0));
            Assert.IsTrue(i2.RspCapability.Get(3));
            Assert.IsFalse(i2.RspCapability.Get(4));
            Assert.AreEqual("TEST-SAS", i2.SasAcreditationNumber);
            Assert.AreEqual(-1, i2.IpaMode);
            Assert.AreEqual(CiPkid, Hex.Encode(i2.CiPKIdListForSigning[0]));
            Assert.AreEqual(0, i2.Extensions.Count);
            Same(X[2].Response, r.Encode());
            // EuiccSigned1 rebuilt from its fields is the signed byte string.
            var copy = new EuiccSigned1();
            copy.TransactionId = s.TransactionId; copy.ServerAddress = s.ServerAddress; copy.ServerChallenge = s.ServerChallenge;
            copy.EuiccInfo2 = s.EuiccInfo2; copy.CtxParams1 = s.CtxParams1;
            Same(s.Raw, copy.Encode());

            var j = Json("02-authenticateClient.request.json", "authenticateServerResponse");
            Same(X[2].Response, j);
            Same(j, AuthenticateServerResponse.Decode(j).Encode());
            Same(TestData.Bytes(Dir + "certs/CERT_EUICC_ECDSA_NIST.der"), r.EuiccCertificate);
            Same(TestData.Bytes(Dir + "certs/CERT_EUM_ECDSA_NIST.der"), r.EumCertificate);
            Assert.IsTrue(Verify("CERT_EUICC_ECDSA_NIST.der", s.Raw, r.EuiccSignature1));
        }

        [TestMethod]
        public void PrepareDownloadFromApduAndJson()
        {
            var q = PrepareDownloadRequest.Decode(X[3].Request);
            Assert.AreEqual(TxId, Hex.Encode(q.SmdpSigned2.TransactionId));
            Assert.IsFalse(q.SmdpSigned2.CcRequiredFlag);
            Assert.IsNull(q.SmdpSigned2.BppEuiccOtpk);
            Assert.IsNull(q.HashCc);
            Same(X[3].Request, q.Encode());

            var f = "02-authenticateClient.response.json";
            Same(Json(f, "smdpSigned2"), q.SmdpSigned2.Raw);
            Same(Json(f, "smdpSigned2"), SmdpSigned2.Decode(Json(f, "smdpSigned2")).Encode());
            var built = new PrepareDownloadRequest();
            built.SmdpSigned2 = SmdpSigned2.Decode(Json(f, "smdpSigned2"));
            built.SmdpSignature2 = TlvReader.Parse(Json(f, "smdpSignature2")).Value();
            built.SmdpCertificate = Json(f, "smdpCertificate");
            Same(X[3].Request, built.Encode());

            var p = PrepareDownloadResponse.Decode(X[3].Response);
            Assert.IsTrue(p.IsOk);
            Assert.AreEqual(TxId, Hex.Encode(p.EuiccSigned2.TransactionId));
            Assert.AreEqual(65, p.EuiccSigned2.EuiccOtpk.Length);
            Assert.AreEqual(0x04, p.EuiccSigned2.EuiccOtpk[0]);
            Same(X[3].Response, p.Encode());
            var j = Json("03-getBoundProfilePackage.request.json", "prepareDownloadResponse");
            Same(X[3].Response, j);
            Same(j, PrepareDownloadResponse.Decode(j).Encode());
            // euiccSignature2 covers euiccSigned2 || 5F37 40 smdpSignature2
            var signed = Bytes.Concat(p.EuiccSigned2.Raw, Der.Encode(RspTags.Signature, q.SmdpSignature2));
            Assert.IsTrue(Verify("CERT_EUICC_ECDSA_NIST.der", signed, p.EuiccSignature2));
        }

        [TestMethod]
        public void ProfileMetadataJson()
        {
            var j = Json("02-authenticateClient.response.json", "profileMetadata");
            var m = StoreMetadataRequest.Decode(j);
            Assert.AreEqual(IccidBcd, Hex.Encode(m.Iccid));
            Assert.AreEqual("8949449999999990023", Iccid.FromBytes(m.Iccid));
            Assert.AreEqual("OsmocomSPN", m.ServiceProviderName);
            Assert.AreEqual("TS48V1-A-UNIQUE", m.ProfileName);
            Assert.AreEqual(ProfileValues.ClassOperational, m.ProfileClass);
            Assert.AreEqual(3, m.NotificationConfigurationInfo.Count);
            Assert.AreEqual(SmdpAddress, ((NotificationConfigurationInfo)m.NotificationConfigurationInfo[0]).NotificationAddress);
            Same(j, m.Encode());
        }

        /// <summary>LoadBoundProfilePackage: the ES10 requests are exactly the BPP of the JSON cut the LPA way,
        /// BF23 decodes and re-encodes, its smdpSign verifies over <see cref="InitialiseSecureChannelRequest.SignedData"/>,
        /// and the builder reassembles the 12550-byte BPP from its parts.</summary>
        [TestMethod]
        public void LoadBoundProfilePackagePieces()
        {
            var bpp = Json("03-getBoundProfilePackage.response.json", "boundProfilePackage");
            Assert.AreEqual(12550, bpp.Length);
            var pieces = BoundProfilePackageBuilder.Es10Requests(bpp);
            Assert.AreEqual(18, pieces.Length);
            for (int k = 0; k < pieces.Length; k++)
            {
                Same(pieces[k], X[4 + k].Request);
                if (k < pieces.Length - 1) Assert.AreEqual(0, X[4 + k].Response.Length);
            }

            // piece 0 = BF36 header + BF23
            var p0 = pieces[0];
            Assert.AreEqual("BF3682", Hex.Encode(p0, 0, 3));
            int hl = 5;   // BF36 82 xx xx: only the header, the value continues in the next requests
            Assert.AreEqual(bpp.Length - 5, (p0[3] << 8) | p0[4]);
            var isc = TlvReader.Parse(p0, hl, p0.Length - hl, true);
            var req = InitialiseSecureChannelRequest.Decode(isc);
            Assert.AreEqual(1, req.RemoteOpId);
            Assert.AreEqual(TxId, Hex.Encode(req.TransactionId));
            Assert.AreEqual(0x88, req.KeyType);
            Assert.AreEqual(16, req.KeyLength);
            Same(isc.Encoded(), req.Encode());
            var pd = PrepareDownloadResponse.Decode(X[3].Response);
            Assert.IsTrue(Verify("CERT_S_SM_DPpb_ECDSA_NIST.der", req.SignedData(pd.EuiccSigned2.EuiccOtpk), req.SmdpSign));

            // rebuild from parts
            var root = TlvReader.Parse(bpp);
            var b = new BoundProfilePackageBuilder();
            foreach (var c in root.ChildArray())
            {
                if (c.Tag == RspTags.InitialiseSecureChannel) { b.InitialiseSecureChannel = c.Encoded(); continue; }
                var list = new System.Collections.ArrayList();
                foreach (var s in c.ChildArray()) list.Add(s.Encoded());
                if (c.Tag == 0xA0) b.FirstSequenceOf87 = list;
                else if (c.Tag == 0xA1) b.SequenceOf88 = list;
                else if (c.Tag == 0xA2) b.SecondSequenceOf87 = list;
                else if (c.Tag == 0xA3) b.SequenceOf86 = list;
            }
            Assert.IsNotNull(b.SecondSequenceOf87);
            Same(bpp, b.Build());
        }

        [TestMethod]
        public void ProfileInstallationResultFromApduAndJson()
        {
            var last = X[4 + 17];
            var pir = ProfileInstallationResult.Decode(last.Response);
            var d = pir.Data;
            Assert.AreEqual(TxId, Hex.Encode(d.TransactionId));
            Assert.IsTrue(d.Success);
            Assert.AreEqual("A0000005591010FFFFFFFF8900001000", Hex.Encode(d.Aid));
            Assert.AreEqual("3007A00530038001 00".Replace(" ", ""), Hex.Encode(d.SimaResponse));
            Assert.AreEqual("88370A", Hex.Encode(d.SmdpOid));
            var nm = d.NotificationMetadata;
            Assert.AreEqual(1, nm.SeqNumber);
            Assert.AreEqual(NotificationEvent.Install, nm.Operation);
            Assert.AreEqual(SmdpAddress, nm.NotificationAddress);
            Assert.AreEqual(IccidBcd, Hex.Encode(nm.Iccid));
            // the documented non-DER bit string, kept as sent
            Assert.AreEqual("0480", Hex.Encode(nm.ProfileManagementOperation.Content));
            Assert.IsFalse(nm.ProfileManagementOperation.IsMinimal);
            Assert.AreEqual("0780", Hex.Encode(nm.ProfileManagementOperation.Normalized().Content));
            Same(last.Response, pir.Encode());
            Assert.IsTrue(Verify("CERT_EUICC_ECDSA_NIST.der", pir.SignedData(), pir.EuiccSignPir));

            var j = Json("04-handleNotification.request.json", "pendingNotification");
            Same(last.Response, j);
            var pn = PendingNotification.Decode(j);
            Assert.IsNotNull(pn.ProfileInstallationResult);
            Assert.AreEqual(1, pn.Metadata.SeqNumber);
            Same(j, pn.Encode());
            pn.Raw = null; // encode from the model, not the kept bytes
            Same(j, pn.Encode());
        }

        [TestMethod]
        public void NotificationHandling()
        {
            int n = X.Count;
            var ln = X[n - 3];
            Same(ln.Request, new ListNotificationRequest().Encode());
            Assert.IsNull(ListNotificationRequest.Decode(ln.Request).ProfileManagementOperation);
            var lr = ListNotificationResponse.Decode(ln.Response);
            Assert.AreEqual(1, lr.Notifications.Count);
            Assert.AreEqual(1, lr.Get(0).SeqNumber);
            Assert.AreEqual(NotificationEvent.Install, lr.Get(0).Operation);
            Same(ln.Response, lr.Encode());

            var rn = X[n - 2];
            var rq = RetrieveNotificationsListRequest.Decode(rn.Request);
            Assert.AreEqual(1, rq.SeqNumber);
            Same(rn.Request, rq.Encode());
            Same(rn.Request, RetrieveNotificationsListRequest.BySeqNumber(1).Encode());
            var rr = RetrieveNotificationsListResponse.Decode(rn.Response);
            Assert.AreEqual(1, rr.Notifications.Count);
            Same(X[4 + 17].Response, rr.Get(0).Raw);
            Same(rn.Response, rr.Encode());

            var rm = X[n - 1];
            Assert.AreEqual(1, RemoveNotificationFromListRequest.Decode(rm.Request).SeqNumber);
            Same(rm.Request, new RemoveNotificationFromListRequest(1).Encode());
            var res = Es10Result.Decode(rm.Response, RspTags.RemoveNotificationFromList);
            Assert.AreEqual(RemoveNotificationResult.Ok, res.Result);
            Same(rm.Response, res.Encode());
        }

        [TestMethod]
        public void InitiateAuthenticationServerSigned1Json()
        {
            var j = Json("01-initiateAuthentication.response.json", "serverSigned1");
            var s = ServerSigned1.Decode(j);
            Assert.AreEqual(TxId, Hex.Encode(s.TransactionId));
            Assert.AreEqual(EuiccChallenge, Hex.Encode(s.EuiccChallenge));
            Assert.AreEqual(EuiccChallenge, Hex.Encode(Convert.FromBase64String(JsonText("01-initiateAuthentication.request.json", "euiccChallenge"))));
            Assert.IsTrue(Verify("CERT_S_SM_DPauth_ECDSA_NIST.der", j, TlvReader.Parse(Json("01-initiateAuthentication.response.json", "serverSignature1")).Value()));
        }

        /// <summary>The psmo-listProfileInfo capture (SGP.32 v1.0 IPA against an eUICC): GetEID, GetProfilesInfo,
        /// RetrieveNotificationsList, RemoveNotificationFromList.</summary>
        [TestMethod]
        public void PsmoListProfileInfoCapture()
        {
            var x = TestData.Es10Exchanges("esipa-v1.0/psmo-listProfileInfo/apdus.txt");
            int seen = 0;
            foreach (var e in x)
            {
                var tag = TlvReader.Parse(e.Request).Tag;
                if (tag == RspTags.GetEuiccData)
                {
                    GetEuiccData.DecodeRequest(e.Request);
                    Same(e.Request, GetEuiccData.EncodeRequest());
                    var r = GetEuiccData.Decode(e.Response);
                    Assert.AreEqual("89049032123451234512345678901235", r.EidString);
                    Same(e.Response, r.Encode());
                    Same(r.Eid, Eid.ToBytes(r.EidString));
                    seen |= 1;
                }
                else if (tag == RspTags.ProfileInfoList)
                {
                    var q = ProfileInfoListRequest.Decode(e.Request);
                    Assert.IsNull(q.TagList);
                    Same(e.Request, q.Encode());
                    var r = ProfileInfoListResponse.Decode(e.Response);
                    Assert.AreEqual(1, r.Profiles.Count);
                    var p = r.Get(0);
                    Assert.AreEqual("8949449999999990023", p.IccidString);
                    Assert.AreEqual("A0000005591010FFFFFFFF89001000", Hex.Encode(p.IsdpAid));
                    Assert.AreEqual(ProfileValues.StateDisabled, p.ProfileState);
                    Assert.AreEqual("OsmocomSPN", p.ServiceProviderName);
                    Assert.AreEqual("TS48V1-A-UNIQUE", p.ProfileName);
                    Assert.AreEqual(ProfileValues.ClassOperational, p.ProfileClass);
                    Same(e.Response, r.Encode());
                    seen |= 2;
                }
                else if (tag == RspTags.RetrieveNotificationsList)
                {
                    Same(e.Request, RetrieveNotificationsListRequest.Decode(e.Request).Encode());
                    var r = RetrieveNotificationsListResponse.Decode(e.Response);
                    Assert.AreEqual(0, r.Notifications.Count);
                    Same(e.Response, r.Encode());
                    seen |= 4;
                }
                else if (tag == RspTags.RemoveNotificationFromList)
                {
                    Same(e.Request, RemoveNotificationFromListRequest.Decode(e.Request).Encode());
                    var r = Es10Result.Decode(e.Response, RspTags.RemoveNotificationFromList);
                    Assert.AreEqual(RemoveNotificationResult.NothingToDelete, r.Result);
                    Same(e.Response, r.Encode());
                    seen |= 8;
                }
            }
            Assert.AreEqual(15, seen);
        }

        private static bool Verify(string certFile, byte[] data, byte[] rs)
        {
            using (var cert = X509CertificateLoader.LoadCertificate(TestData.Bytes(Dir + "certs/" + certFile)))
            using (var key = cert.GetECDsaPublicKey())
                return key.VerifyData(data, rs, HashAlgorithmName.SHA256);
        }
    }
}
