using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using IotEsim.Tests.TestSupport;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Euicc
{
    /// <summary>ES10b AuthenticateServer, PrepareDownload, LoadBoundProfilePackage and CancelSession through the
    /// ISD-R APDUs, against a test SM-DP+ played with the portable protocol core: success and the error paths.</summary>
    [TestClass]
    public class Es10DownloadTests
    {
        private static readonly byte[] Tx = Hex.Decode("00112233445566778899AABBCCDDEEFF");

        private static byte[] Challenge(PortableEuicc e)
        {
            return GetEuiccChallenge.Decode(e.Send(GetEuiccChallenge.EncodeRequest())).EuiccChallenge;
        }

        private static AuthenticateServerResponse Auth(PortableEuicc e, AuthenticateServerRequest r)
        {
            return AuthenticateServerResponse.Decode(e.Send(r.Encode()));
        }

        [TestMethod]
        public void AuthenticateServerSignsEuiccSigned1()
        {
            var e = PortableEuicc.New();
            var smdp = new PortableSmdp(PortableTestPki.P256);
            byte[] ch = Challenge(e);
            var req = smdp.AuthRequest(ch, Tx);
            var r = Auth(e, req);
            Assert.IsTrue(r.IsOk, "error " + r.ErrorCode.ToString());
            Assert.AreEqual(Hex.Encode(Tx), Hex.Encode(r.EuiccSigned1.TransactionId));
            Assert.AreEqual(PortableSmdp.Address, r.EuiccSigned1.ServerAddress);
            Assert.AreEqual(Hex.Encode(req.ServerSigned1.ServerChallenge), Hex.Encode(r.EuiccSigned1.ServerChallenge));
            Assert.AreEqual("EUICC-TEST", r.EuiccSigned1.CtxParams1.MatchingId);
            Assert.AreEqual(Hex.Encode(PortableTestPki.P256.Euicc), Hex.Encode(r.EuiccCertificate));
            Assert.AreEqual(Hex.Encode(PortableTestPki.P256.Eum), Hex.Encode(r.EumCertificate));
            Assert.IsTrue(PortableSmdp.VerifyEuicc(r.EuiccCertificate, r.EuiccSigned1.Raw, r.EuiccSignature1));
            // The SM-DP+ side of ES9+ AuthenticateClient: CERT.EUICC chains through CERT.EUM to the CI, EID in range.
            var v = CertificateChainValidator.FromDer(PortableEuicc.Crypto, new byte[][] { PortableTestPki.P256.Ci });
            Assert.AreEqual(ChainError.None, v.ValidateEuicc(r.EuiccCertificate, r.EumCertificate, CertificateChainValidator.NoTimeCheck).Error);
        }

        [TestMethod]
        public void AuthenticateServerWithoutChallengeOrWithTheWrongOne()
        {
            var e = PortableEuicc.New();
            var smdp = new PortableSmdp(PortableTestPki.P256);
            var r = Auth(e, smdp.AuthRequest(new byte[16], Tx));
            Assert.AreEqual(AuthenticateErrorCode.NoSessionContext, r.ErrorCode);
            Assert.AreEqual(Hex.Encode(Tx), Hex.Encode(r.ErrorTransactionId));

            byte[] ch = Challenge(e);
            byte[] wrong = Bytes.Slice(ch, 0, 16);
            wrong[0] ^= 0xFF;
            r = Auth(e, smdp.AuthRequest(wrong, Tx));
            Assert.AreEqual(AuthenticateErrorCode.EuiccChallengeMismatch, r.ErrorCode);
            Assert.IsNull(e.Engine.Session, "a failed authentication ends the session");
            // Answering the old challenge again does not help: a new one is needed.
            r = Auth(e, smdp.AuthRequest(ch, Tx));
            Assert.AreEqual(AuthenticateErrorCode.NoSessionContext, r.ErrorCode);
            Assert.IsTrue(Auth(e, smdp.AuthRequest(Challenge(e), Tx)).IsOk);
        }

        [TestMethod]
        public void AuthenticateServerRefusesAForeignCiAndABadSignature()
        {
            var e = PortableEuicc.New();
            var foreign = new PortableSmdp(PortableTestPki.Foreign);
            // CERT.DPauth under a CI the eUICC does not know, asked for by that CI's id ...
            Assert.AreEqual(AuthenticateErrorCode.CiPKUnknown, Auth(e, foreign.AuthRequest(Challenge(e), Tx)).ErrorCode);
            // ... and presented as if it were under ours.
            foreign.CiPkIdToBeUsed = PortableTestPki.P256.CiPkId;
            Assert.AreEqual(AuthenticateErrorCode.CiPKUnknown, Auth(e, foreign.AuthRequest(Challenge(e), Tx)).ErrorCode);

            var smdp = new PortableSmdp(PortableTestPki.P256);
            var bad = smdp.AuthRequest(Challenge(e), Tx);
            bad.ServerSignature1[9] ^= 0x01;
            Assert.AreEqual(AuthenticateErrorCode.InvalidSignature, Auth(e, bad).ErrorCode);
            // CERT.DPpb where CERT.DPauth belongs: wrong certificate policy.
            var pb = smdp.AuthRequest(Challenge(e), Tx);
            pb.ServerCertificate = PortableTestPki.P256.DpPb;
            pb.ServerSignature1 = smdp.SignPb(pb.ServerSigned1.Raw);
            Assert.AreEqual(AuthenticateErrorCode.InvalidOid, Auth(e, pb).ErrorCode);
            Assert.AreEqual(0, e.Profiles().Profiles.Count);
        }

        private static AuthenticateServerResponse Authenticated(PortableEuicc e, PortableSmdp smdp)
        {
            var a = smdp.Authenticate(e, Tx);
            Assert.IsTrue(a.IsOk, "authentication " + a.ErrorCode.ToString());
            return a;
        }

        private static PrepareDownloadResponse Prepare(PortableEuicc e, PrepareDownloadRequest r)
        {
            return PrepareDownloadResponse.Decode(e.Send(r.Encode()));
        }

        [TestMethod]
        public void PrepareDownloadAnswersAOneTimeKeyOnTheDpPbCurve()
        {
            var e = PortableEuicc.New();
            var smdp = new PortableSmdp(PortableTestPki.P256);
            var a = Authenticated(e, smdp);
            var req = smdp.PrepareRequest(Tx, a.EuiccSignature1, false, null);
            var p = Prepare(e, req);
            Assert.IsTrue(p.IsOk, "error " + p.ErrorCode.ToString());
            Assert.AreEqual(Hex.Encode(Tx), Hex.Encode(p.EuiccSigned2.TransactionId));
            Assert.IsNull(p.EuiccSigned2.HashCc, "no hashCc without ccRequiredFlag");
            Assert.AreEqual(65, p.EuiccSigned2.EuiccOtpk.Length);
            byte[] signed = Bytes.Concat(p.EuiccSigned2.Raw, Der.Encode(RspTags.Signature, req.SmdpSignature2));
            Assert.IsTrue(PortableSmdp.VerifyEuicc(PortableTestPki.P256.Euicc, signed, p.EuiccSignature2));
            // The key is a P-256 point (the curve of CERT.DPpb).
            Assert.IsFalse(IotEsim.Rsp.Crypto.BrainpoolP256r1.IsValidPublicKey(p.EuiccSigned2.EuiccOtpk));
            Assert.AreEqual(32, PortableEuicc.Crypto.Ecdh(PortableTestPki.Key("peer"), p.EuiccSigned2.EuiccOtpk).Length);
        }

        [TestMethod]
        public void PrepareDownloadWithConfirmationCode()
        {
            var e = PortableEuicc.New();
            var smdp = new PortableSmdp(PortableTestPki.P256);
            var a = Authenticated(e, smdp);
            byte[] hashCc = PortableSmdp.HashCc("1234", Tx);
            var p = Prepare(e, smdp.PrepareRequest(Tx, a.EuiccSignature1, true, hashCc));
            Assert.IsTrue(p.IsOk);
            Assert.AreEqual(Hex.Encode(hashCc), Hex.Encode(p.EuiccSigned2.HashCc), "hashCc is signed on to the SM-DP+");

            // ccRequiredFlag but no hashCc from the IPA: refused, session ended.
            a = Authenticated(e, smdp);
            p = Prepare(e, smdp.PrepareRequest(Tx, a.EuiccSignature1, true, null));
            Assert.IsFalse(p.IsOk);
            Assert.AreEqual(DownloadErrorCode.UndefinedError, p.ErrorCode);
            Assert.IsNull(e.Engine.Session);
        }

        [TestMethod]
        public void PrepareDownloadErrors()
        {
            var e = PortableEuicc.New();
            var smdp = new PortableSmdp(PortableTestPki.P256);
            // No session.
            Assert.AreEqual(DownloadErrorCode.NoSessionContext, Prepare(e, smdp.PrepareRequest(Tx, new byte[64], false, null)).ErrorCode);

            var a = Authenticated(e, smdp);
            var bad = smdp.PrepareRequest(Tx, a.EuiccSignature1, false, null);
            bad.SmdpSignature2[3] ^= 0x01;
            Assert.AreEqual(DownloadErrorCode.InvalidSignature, Prepare(e, bad).ErrorCode);
            // A failed PrepareDownload ends the session.
            Assert.AreEqual(DownloadErrorCode.NoSessionContext, Prepare(e, smdp.PrepareRequest(Tx, a.EuiccSignature1, false, null)).ErrorCode);

            // smdpSignature2 over another euiccSignature1 than the one the eUICC made.
            a = Authenticated(e, smdp);
            Assert.AreEqual(DownloadErrorCode.InvalidSignature, Prepare(e, smdp.PrepareRequest(Tx, new byte[64], false, null)).ErrorCode);

            a = Authenticated(e, smdp);
            Assert.AreEqual(DownloadErrorCode.InvalidTransactionId, Prepare(e, smdp.PrepareRequest(Hex.Decode("FFFF"), a.EuiccSignature1, false, null)).ErrorCode);

            // CERT.DPpb of a foreign CI, and CERT.DPauth in its place.
            a = Authenticated(e, smdp);
            var foreign = smdp.PrepareRequest(Tx, a.EuiccSignature1, false, null);
            foreign.SmdpCertificate = PortableTestPki.Foreign.DpPb;
            Assert.AreEqual(DownloadErrorCode.InvalidCertificate, Prepare(e, foreign).ErrorCode);
            a = Authenticated(e, smdp);
            var auth = smdp.PrepareRequest(Tx, a.EuiccSignature1, false, null);
            auth.SmdpCertificate = PortableTestPki.P256.DpAuth;
            auth.SmdpSignature2 = smdp.SignAuth(Bytes.Concat(auth.SmdpSigned2.Raw, Der.Encode(RspTags.Signature, a.EuiccSignature1)));
            Assert.AreEqual(DownloadErrorCode.InvalidCertificate, Prepare(e, auth).ErrorCode);
            Assert.AreEqual(0, e.Profiles().Profiles.Count);
        }

        [TestMethod]
        public void LoadBoundProfilePackageInstallsTheProfile()
        {
            var e = PortableEuicc.New();
            var o = new PortableSmdp(PortableTestPki.P256).Download(e, null);
            Assert.IsNotNull(o.Pir, "no PIR");
            Assert.IsTrue(o.Pir.Data.Success);
            Assert.AreEqual(o.BppParts, o.BppPartsSent, "the PIR comes after the last part");
            Assert.AreEqual(Hex.Encode(o.TransactionId), Hex.Encode(o.Pir.Data.TransactionId));
            Assert.AreEqual(Hex.Encode(Iccid.ToBytes(PortableSmdp.Iccid)), Hex.Encode(o.Pir.Data.NotificationMetadata.Iccid));
            Assert.AreEqual(Hex.Encode(Oid.Encode(PortableTestPki.SmdpOid)), Hex.Encode(o.Pir.Data.SmdpOid));
            var l = e.Profiles();
            Assert.AreEqual(1, l.Profiles.Count);
            var p = (ProfileInfo)l.Profiles[0];
            Assert.AreEqual(Hex.Encode(Iccid.ToBytes(PortableSmdp.Iccid)), Hex.Encode(p.Iccid));
            Assert.AreEqual(ProfileValues.StateDisabled, p.ProfileState);
            Assert.AreEqual("Unit profile", p.ProfileName);
            Assert.IsNull(e.Engine.Session, "the session ends with the package");
            // The profile image is the UPP as sent.
            string[] images = e.Store.List("euicc/profile/");
            Assert.AreEqual(1, images.Length);
            Assert.AreEqual(Hex.Encode(PortableSmdp.Upp(PortableSmdp.Iccid, PortableSmdp.UppFiller)), Hex.Encode(e.Store.Read(images[0])));
            // Survives a restart.
            Assert.AreEqual(1, e.Reboot().Profiles().Profiles.Count);
        }

        [TestMethod]
        public void TamperedSegmentMacEndsInAnErrorPirAndInstallsNothing()
        {
            var e = PortableEuicc.New();
            var plan = new PortableDownloadPlan();
            plan.TamperSegmentMac = true;
            var o = new PortableSmdp(PortableTestPki.P256).Download(e, plan);
            Assert.IsNotNull(o.Pir);
            Assert.IsFalse(o.Pir.Data.Success);
            Assert.AreEqual(BppCommandId.LoadProfileElements, o.Pir.Data.BppCommandId);
            Assert.AreEqual(ProfileInstallationErrorReason.Scp03tSecurityError, o.Pir.Data.ErrorReason);
            Assert.IsTrue(o.BppPartsSent < o.BppParts, "the eUICC answers at the bad segment");
            Assert.AreEqual(0, e.Profiles().Profiles.Count);
            Assert.AreEqual(0, e.Store.List("euicc/profile/").Length, "no image left behind");
            // Still usable: a clean download works.
            Assert.IsTrue(new PortableSmdp(PortableTestPki.P256).Download(e, null).Pir.Data.Success);
        }

        [TestMethod]
        public void LoadBoundProfilePackageWithoutASession()
        {
            var e = PortableEuicc.New();
            byte[] r = e.Send(Hex.Decode("BF3603A00100"));
            Assert.IsTrue(r.Length > 0);
            Assert.IsFalse(ProfileInstallationResult.Decode(r).Data.Success);
            Assert.AreEqual(0, e.Profiles().Profiles.Count);
        }

        [TestMethod]
        public void CancelSession()
        {
            var e = PortableEuicc.New();
            var smdp = new PortableSmdp(PortableTestPki.P256);
            Authenticated(e, smdp);
            var c = CancelSessionResponse.Decode(e.Send(Cancel(Hex.Decode("B1B2"))));
            Assert.AreEqual(CancelSessionError.InvalidTransactionId, c.Error);
            c = CancelSessionResponse.Decode(e.Send(Cancel(Tx)));
            Assert.IsTrue(c.Error < 0, "error " + c.Error.ToString());
            Assert.AreEqual(Hex.Encode(Tx), Hex.Encode(c.TransactionId));
            Assert.AreEqual(CancelSessionReason.EndUserRejection, c.Reason);
            Assert.AreEqual(Hex.Encode(Oid.Encode(PortableTestPki.SmdpOid)), Hex.Encode(c.SmdpOid));
            Assert.IsTrue(PortableSmdp.VerifyEuicc(PortableTestPki.P256.Euicc, c.EncodeSigned(), c.Signature));
            // The session is gone.
            Assert.AreEqual(CancelSessionError.InvalidTransactionId, CancelSessionResponse.Decode(e.Send(Cancel(Tx))).Error);
            Assert.AreEqual(DownloadErrorCode.NoSessionContext, Prepare(e, smdp.PrepareRequest(Tx, new byte[64], false, null)).ErrorCode);
        }

        private static byte[] Cancel(byte[] tx)
        {
            var r = new CancelSessionRequest();
            r.TransactionId = tx;
            r.Reason = CancelSessionReason.EndUserRejection;
            return r.Encode();
        }
    }
}
