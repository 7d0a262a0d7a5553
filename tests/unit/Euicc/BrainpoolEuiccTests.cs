using System;
using IotEsim.Euicc.Identity;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
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
    /// <summary>
    /// The eUICC on brainpoolP256r1 (SGP.22 §2.6.5): brainpool keys load from SEC1/PKCS#8, a brainpool identity signs
    /// on its curve, a whole download with CI/EUM/eUICC and DPauth/DPpb on brainpool, the mixed cases decided in
    /// docs/decisions.md, and the EUICCInfo CI lists.
    /// </summary>
    [TestClass]
    public class BrainpoolEuiccTests
    {
        private static byte[] Sec1(byte[] scalar, string curveOid, bool withParameters)
        {
            var w = new TlvWriter();
            w.Begin(Tags.Sequence).WriteInteger(Tags.Integer, 1).Write(Tags.OctetString, scalar);
            if (withParameters) w.Begin(0xA0).WriteRaw(Oid.EncodeTlv(curveOid)).End();
            return w.End().ToArray();
        }

        private static byte[] Pkcs8(byte[] scalar, string curveOid)
        {
            var w = new TlvWriter();
            w.Begin(Tags.Sequence).WriteInteger(Tags.Integer, 0);
            w.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(Oid.EcPublicKey)).WriteRaw(Oid.EncodeTlv(curveOid)).End();
            w.Write(Tags.OctetString, Sec1(scalar, null, false));
            return w.End().ToArray();
        }

        [TestMethod]
        public void BrainpoolPrivateKeysLoadWithTheirCurve()
        {
            byte[] k = PortableTestPki.Brainpool.EuiccKey;
            string hex = Hex.Encode(k);
            EcCurve c;
            Assert.AreEqual(hex, Hex.Encode(EcPrivateKey.ParseSec1(Sec1(k, Oid.BrainpoolP256r1, true), out c)));
            Assert.AreEqual(EcCurve.BrainpoolP256r1, c);
            Assert.AreEqual(hex, Hex.Encode(EcPrivateKey.ParsePkcs8(Pkcs8(k, Oid.BrainpoolP256r1), out c)));
            Assert.AreEqual(EcCurve.BrainpoolP256r1, c);
            Assert.AreEqual(hex, Hex.Encode(EcPrivateKey.FromPem(Pem.Encode("EC PRIVATE KEY", Sec1(k, Oid.BrainpoolP256r1, true)), out c)));
            Assert.AreEqual(EcCurve.BrainpoolP256r1, c);
            Assert.AreEqual(hex, Hex.Encode(EcPrivateKey.FromPem(Pem.Encode("PRIVATE KEY", Pkcs8(k, Oid.BrainpoolP256r1)), out c)));
            Assert.AreEqual(EcCurve.BrainpoolP256r1, c);
            Assert.AreEqual(hex, Hex.Encode(EcPrivateKey.FromDer(Pkcs8(k, Oid.BrainpoolP256r1), out c)));
            Assert.AreEqual(EcCurve.BrainpoolP256r1, c);
            // P-256 still reports P-256; SEC1 without parameters leaves the curve to the certificate.
            EcPrivateKey.ParsePkcs8(Pkcs8(k, Oid.Prime256v1), out c);
            Assert.AreEqual(EcCurve.P256, c);
            EcPrivateKey.ParseSec1(Sec1(k, null, false), out c);
            Assert.AreEqual(EcCurve.Unknown, c);
            // The curve-less API hands out bare P-256 scalars, so it keeps refusing brainpool keys.
            Assert.ThrowsException(typeof(DerException), () => EcPrivateKey.ParseSec1(Sec1(k, Oid.BrainpoolP256r1, true)));
            Assert.ThrowsException(typeof(DerException), () => EcPrivateKey.FromPem(Pem.Encode("PRIVATE KEY", Pkcs8(k, Oid.BrainpoolP256r1))));
            // Another curve (secp384r1) is refused by both.
            Assert.ThrowsException(typeof(DerException), () => EcPrivateKey.ParsePkcs8(Pkcs8(k, "1.3.132.0.34"), out c));
        }

        [TestMethod]
        public void EuiccIdentityLoadsABrainpoolIdentity()
        {
            var pki = PortableTestPki.Brainpool;
            byte[] keyPem = System.Text.Encoding.UTF8.GetBytes(Pem.Encode("PRIVATE KEY", Pkcs8(pki.EuiccKey, Oid.BrainpoolP256r1)));
            byte[] certPem = System.Text.Encoding.UTF8.GetBytes(Pem.Encode("CERTIFICATE", pki.Euicc));
            var id = EuiccIdentity.Load(certPem, keyPem, pki.Eum, new byte[][] { pki.Ci });
            Assert.AreEqual(EcCurve.BrainpoolP256r1, id.Curve);
            Assert.AreEqual(Hex.Encode(pki.EuiccKey), Hex.Encode(id.EuiccPrivateKey));
            Assert.AreEqual(PortableTestPki.Eid, Eid.FromBytes(id.Eid));
            // SEC1 DER without parameters: the certificate's curve counts.
            Assert.AreEqual(EcCurve.BrainpoolP256r1, EuiccIdentity.Load(pki.Euicc, Sec1(pki.EuiccKey, null, false), pki.Eum, new byte[][] { pki.Ci }).Curve);
            // A P-256 key with a brainpool certificate is refused.
            Assert.ThrowsException(typeof(ArgumentException), () =>
                EuiccIdentity.Load(pki.Euicc, Pkcs8(pki.EuiccKey, Oid.Prime256v1), pki.Eum, new byte[][] { pki.Ci }));
            Assert.AreEqual(EcCurve.P256, PortableTestPki.P256.Identity().Curve);
        }

        [TestMethod]
        public void FullDownloadOnBrainpool()
        {
            var pki = PortableTestPki.Brainpool;
            var e = new PortableEuicc(pki.Identity(), null, null);
            var smdp = new PortableSmdp(pki);
            var o = smdp.Download(e, null);   // every eUICC signature is checked there with CERT.EUICC on brainpool
            Assert.IsNotNull(o.Pir, "no PIR");
            Assert.IsTrue(o.Pir.Data.Success, "PIR error " + o.Pir.Data.BppCommandId.ToString() + "/" + o.Pir.Data.ErrorReason.ToString());
            // otPK.EUICC.ECKA is a brainpool point (the curve of CERT.DPpb), not a P-256 one.
            Assert.IsTrue(BrainpoolP256r1.IsValidPublicKey(o.Prepare.EuiccSigned2.EuiccOtpk));
            // The signatures are brainpool signatures: they do not verify as P-256.
            var cert = X509Certificate.Parse(o.Auth.EuiccCertificate);
            Assert.AreEqual(EcCurve.BrainpoolP256r1, cert.Curve);
            Assert.IsFalse(EcCurveKeys.Verify(PortableEuicc.Crypto, EcCurve.P256, cert.PublicKey, o.Auth.EuiccSigned1.Raw, o.Auth.EuiccSignature1));
            // The SM-DP+ validates the eUICC chain (brainpool EUM, EID in range).
            var v = CertificateChainValidator.FromDer(PortableEuicc.Crypto, new byte[][] { pki.Ci });
            Assert.AreEqual(ChainError.None, v.ValidateEuicc(o.Auth.EuiccCertificate, o.Auth.EumCertificate, CertificateChainValidator.NoTimeCheck).Error);

            byte[] iccid = Iccid.ToBytes(PortableSmdp.Iccid);
            Assert.AreEqual(1, e.Profiles().Profiles.Count);
            Assert.AreEqual(ProfileOperationResult.Ok, e.ProfileOperation(RspTags.EnableProfile, iccid, false));
            // The enable notification is signed on brainpool too.
            var l = ListNotificationResponse.Decode(e.Send(new ListNotificationRequest().Encode()));
            Assert.AreEqual(2, l.Notifications.Count);
            var n = RetrieveNotificationsListResponse.Decode(e.Send(RetrieveNotificationsListRequest.BySeqNumber(l.Get(1).SeqNumber).Encode()))
                .Get(0).OtherSignedNotification;
            Assert.IsTrue(PortableSmdp.VerifyEuicc(pki.Euicc, n.TbsOtherNotification.Raw, n.EuiccNotificationSignature));
            // CancelSession's signature as well.
            var a = smdp.Authenticate(e, Hex.Decode("0102030405060708"));
            Assert.IsTrue(a.IsOk);
            var cr = new CancelSessionRequest();
            cr.TransactionId = Hex.Decode("0102030405060708");
            cr.Reason = CancelSessionReason.Timeout;
            var c = CancelSessionResponse.Decode(e.Send(cr.Encode()));
            Assert.IsTrue(PortableSmdp.VerifyEuicc(pki.Euicc, c.EncodeSigned(), c.Signature));
        }

        [TestMethod]
        public void BrainpoolErrorsAreTheSpecCodes()
        {
            var pki = PortableTestPki.Brainpool;
            var e = new PortableEuicc(pki.Identity(), null, null);
            var smdp = new PortableSmdp(pki);
            // A bad smdpSignature2 on brainpool.
            var plan = new PortableDownloadPlan();
            plan.TamperSmdpSignature2 = true;
            var o = smdp.Download(e, plan);
            Assert.AreEqual(DownloadErrorCode.InvalidSignature, o.Prepare.ErrorCode);
            // otPK.DP.ECKA on P-256 against a brainpool session: the eUICC cannot agree a key on a point of another
            // curve, and says so at InitialiseSecureChannel.
            plan = new PortableDownloadPlan();
            plan.OtpkCurve = EcCurve.P256;
            o = smdp.Download(e, plan);
            Assert.IsNotNull(o.Pir);
            Assert.IsFalse(o.Pir.Data.Success);
            Assert.AreEqual(BppCommandId.InitialiseSecureChannel, o.Pir.Data.BppCommandId);
            Assert.AreEqual(ProfileInstallationErrorReason.IncorrectInputValues, o.Pir.Data.ErrorReason);
            Assert.AreEqual(0, e.Profiles().Profiles.Count);
            Assert.IsTrue(smdp.Download(e, null).Pir.Data.Success, "still usable");
        }

        [TestMethod]
        public void MixedCurvesUnderOneCiAreAccepted()
        {
            // Brainpool CI, EUM and eUICC; CERT.DPauth/DPpb with P-256 keys signed by the brainpool CI.
            var pki = PortableTestPki.Mixed;
            var e = new PortableEuicc(pki.Identity(), null, null);
            var o = new PortableSmdp(pki).Download(e, null);
            Assert.IsTrue(o.Pir.Data.Success);
            // The one-time keys follow CERT.DPpb: P-256 here, while the eUICC signs on brainpool.
            Assert.IsFalse(BrainpoolP256r1.IsValidPublicKey(o.Prepare.EuiccSigned2.EuiccOtpk));
            Assert.AreEqual(EcCurve.BrainpoolP256r1, X509Certificate.Parse(o.Auth.EuiccCertificate).Curve);
        }

        [TestMethod]
        public void CiListsAndACiTrustedOnlyForVerification()
        {
            // A P-256 eUICC that also trusts the brainpool CI: both are listed for verification, only its own chain's
            // CI for signing.
            var e = new PortableEuicc(PortableTestPki.P256.Identity(new byte[][] { PortableTestPki.Brainpool.Ci }), null, null);
            var i1 = EuiccInfo1.Decode(e.Send(EuiccInfo1.EncodeRequest()));
            Assert.AreEqual(2, i1.CiPKIdListForVerification.Length);
            Assert.AreEqual(Hex.Encode(PortableTestPki.P256.CiPkId), Hex.Encode(i1.CiPKIdListForVerification[0]));
            Assert.AreEqual(Hex.Encode(PortableTestPki.Brainpool.CiPkId), Hex.Encode(i1.CiPKIdListForVerification[1]));
            Assert.AreEqual(1, i1.CiPKIdListForSigning.Length);
            Assert.AreEqual(Hex.Encode(PortableTestPki.P256.CiPkId), Hex.Encode(i1.CiPKIdListForSigning[0]));
            var i2 = EuiccInfo2.Decode(e.Send(EuiccInfo2.EncodeRequest()));
            Assert.AreEqual(2, i2.CiPKIdListForVerification.Length);
            Assert.AreEqual(1, i2.CiPKIdListForSigning.Length);

            // The brainpool eUICC trusting the P-256 CI as well announces its brainpool CI for signing.
            var b = new PortableEuicc(PortableTestPki.Brainpool.Identity(new byte[][] { PortableTestPki.P256.Ci }), null, null);
            var bi = EuiccInfo1.Decode(b.Send(EuiccInfo1.EncodeRequest()));
            Assert.AreEqual(2, bi.CiPKIdListForVerification.Length);
            Assert.AreEqual(Hex.Encode(PortableTestPki.Brainpool.CiPkId), Hex.Encode(bi.CiPKIdListForSigning[0]));

            // An SM-DP+ under the brainpool CI asks the P-256 eUICC to use that CI: it has no chain there (v2.5: one
            // CI per session), so ciPKUnknown and no session.
            var brp = new PortableSmdp(PortableTestPki.Brainpool);
            var a = brp.Authenticate(e, Hex.Decode("0A0B0C0D"));
            Assert.IsFalse(a.IsOk);
            Assert.AreEqual(AuthenticateErrorCode.CiPKUnknown, a.ErrorCode);
            Assert.IsNull(e.Engine.Session);
            // Its own SM-DP+ still works.
            Assert.IsTrue(new PortableSmdp(PortableTestPki.P256).Download(e, null).Pir.Data.Success);
        }
    }
}
