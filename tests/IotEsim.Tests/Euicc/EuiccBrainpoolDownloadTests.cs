using System;
using System.IO;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using IotEsim.Tests.TestSupport;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Euicc
{
    /// <summary>
    /// A brainpoolP256r1 eUICC on the desktop crypto backend (BCL for P-256, the portable curve for brainpool), driven
    /// by the IPA's real ES10 client and BPP streaming, against the test SM-DP+ of the shared tests on the brainpool
    /// PKI (TestSmdp/TestPki are P-256 only, so the portable PKI and SM-DP+ play that side).
    /// </summary>
    [TestClass]
    public class EuiccBrainpoolDownloadTests
    {
        private static Es10Channel Open(EuiccEngine engine)
        {
            var es10 = new Es10Channel(new CardTransport(new IsdrApplet(engine)));
            es10.Open();
            return es10;
        }

        private static void Download(PortableTestPki pki, Es10Channel es10, byte[] eid)
        {
            var smdp = new PortableSmdp(pki);
            var i1 = Es10b.GetEuiccInfo1(es10);
            Assert.AreEqual(Hex.Encode(pki.CiPkId), Hex.Encode(i1.CiPKIdListForSigning[0]));
            byte[] tx = Hex.Decode("B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF");
            AuthenticateServerResponse auth;
            Es10b.AuthenticateServer(es10, smdp.AuthRequest(Es10b.GetEuiccChallenge(es10), tx), out auth);
            Assert.IsTrue(auth.IsOk, "AuthenticateServer error " + auth.ErrorCode.ToString());
            Assert.IsTrue(PortableSmdp.VerifyEuicc(auth.EuiccCertificate, auth.EuiccSigned1.Raw, auth.EuiccSignature1));
            PrepareDownloadResponse pd;
            var pdReq = smdp.PrepareRequest(tx, auth.EuiccSignature1, true, PortableSmdp.HashCc("5678", tx));
            Es10b.PrepareDownload(es10, pdReq, out pd);
            Assert.IsTrue(pd.IsOk, "PrepareDownload error " + pd.ErrorCode.ToString());
            Assert.IsTrue(PortableSmdp.VerifyEuicc(auth.EuiccCertificate, Bytes.Concat(pd.EuiccSigned2.Raw, Der.Encode(RspTags.Signature, pdReq.SmdpSignature2)), pd.EuiccSignature2));
            Assert.AreEqual(Hex.Encode(PortableSmdp.HashCc("5678", tx)), Hex.Encode(pd.EuiccSigned2.HashCc));
            byte[] bpp = smdp.BuildBpp(tx, pd.EuiccSigned2.EuiccOtpk, eid, new PortableDownloadPlan());
            byte[] pirBytes = LoadBoundProfilePackage.Execute(es10, new MemoryStream(bpp, false), null);
            var pir = ProfileInstallationResult.Decode(pirBytes);
            Assert.IsTrue(pir.Data.Success, "PIR error " + pir.Data.BppCommandId.ToString() + "/" + pir.Data.ErrorReason.ToString());
            Assert.IsTrue(PortableSmdp.VerifyEuicc(auth.EuiccCertificate, pir.SignedData(), pir.EuiccSignPir));
        }

        [TestMethod]
        public void BrainpoolEuiccOnTheBclBackendThroughTheIpaClient()
        {
            var pki = PortableTestPki.Brainpool;
            var store = new MemoryStore();
            var engine = new EuiccEngine(pki.Identity(), BclCryptoProvider.Instance, store, null);
            Assert.AreEqual(EcCurve.BrainpoolP256r1, engine.Context.Identity.Curve);
            var es10 = Open(engine);
            Download(pki, es10, engine.Context.Identity.Eid);
            var profiles = Es10c.GetProfilesInfo(es10, null);
            Assert.AreEqual(1, profiles.Profiles.Count);
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.EnableProfile(es10, Iccid.ToBytes(PortableSmdp.Iccid), false));
            // A reboot keeps the profile; the identity stays brainpool.
            var again = Open(new EuiccEngine(pki.Identity(), BclCryptoProvider.Instance, store, null));
            Assert.AreEqual(ProfileValues.StateEnabled, Es10c.GetProfilesInfo(again, null).Get(0).ProfileState);
        }

        [TestMethod]
        public void P256EuiccOnTheBclBackendIsUnchanged()
        {
            var pki = PortableTestPki.P256;
            var engine = new EuiccEngine(pki.Identity(), BclCryptoProvider.Instance, new MemoryStore(), null);
            Download(pki, Open(engine), engine.Context.Identity.Eid);
        }

        [TestMethod]
        public void MixedBrainpoolCiWithP256SmdpCertificates()
        {
            var pki = PortableTestPki.Mixed;
            var engine = new EuiccEngine(pki.Identity(), BclCryptoProvider.Instance, new MemoryStore(), null);
            Download(pki, Open(engine), engine.Context.Identity.Eid);
        }
    }
}
