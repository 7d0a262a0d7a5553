using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Sgp32
{
    [TestClass]
    public class EsipaMessageTests
    {
        private const string Eid = "89049032123451234512345678901235";

        [TestMethod]
        public void GetEimPackageRequestVersions()
        {
            var q = new GetEimPackageRequest();
            q.Eid = Hex.Decode(Eid);
            q.NotifyStateChange = true;
            q.StateChangeCause = StateChangeCause.Fallback;
            q.RPlmn = Hex.Decode("62F210");
            Assert.AreEqual("BF4F1C5A10" + Eid + "8000810101820362F210", Hex.Encode(q.Encode()));
            Assert.AreEqual("BF4F195A10" + Eid + "8000810362F210", Hex.Encode(q.Encode(Sgp32Version.V1_0)));
            var v10 = (GetEimPackageRequest)EsipaCodec.DecodeFromIpa(q.Encode(Sgp32Version.V1_0));
            Assert.AreEqual(Sgp32Version.V1_0, v10.Version);
            Assert.AreEqual("62F210", Hex.Encode(v10.RPlmn));
            Assert.AreEqual(-1, v10.StateChangeCause);
            var v12 = (GetEimPackageRequest)EsipaCodec.DecodeFromIpa(q.Encode(), Sgp32Version.V1_0);
            Assert.AreEqual(Sgp32Version.V1_2, v12.Version);
            Assert.AreEqual(1, v12.StateChangeCause);
            Assert.AreEqual(EsipaKind.GetEimPackageRequest, v12.Kind);
        }

        [TestMethod]
        public void GetEimPackageResponseAlternatives()
        {
            var none = (GetEimPackageResponse)EsipaCodec.DecodeFromEim(Hex.Decode("BF4F03020101"));
            Assert.AreEqual(Tags.Integer, none.PackageKind);
            Assert.AreEqual(GetEimPackageResponse.NoEimPackageAvailable, none.EimPackageError);
            Assert.AreEqual("BF4F03020101", Hex.Encode(GetEimPackageResponse.Error(1).Encode()));
            var trig = GetEimPackageResponse.Of(ProfileDownloadTriggerRequest.ForActivationCode("1$a$b"));
            Assert.AreEqual("BF4F0CBF5409A00780053124612462", Hex.Encode(trig.Encode()));
            var back = (GetEimPackageResponse)EsipaCodec.DecodeFromEim(trig.Encode());
            Assert.AreEqual("1$a$b", back.ProfileDownloadTriggerRequest.ActivationCode);
            var ied = new IpaEuiccDataRequest();
            ied.TagList = Hex.Decode("80BF20");
            ied.EimTransactionId = Hex.Decode("01");
            var ir = GetEimPackageResponse.Of(ied);
            Assert.AreEqual("BF4F0BBF52085C0380BF20830101", Hex.Encode(ir.Encode()));
            Assert.AreEqual("BF4F08BF52055C0380BF20", Hex.Encode(ir.Encode(Sgp32Version.V1_0)));
            Assert.AreEqual(Sgp32Version.V1_2, EsipaCodec.DecodeFromEim(ir.Encode(), Sgp32Version.V1_0).Version);
        }

        [TestMethod]
        public void ProvideEimPackageResultResponseVersions()
        {
            var v10 = (ProvideEimPackageResultResponse)EsipaCodec.DecodeFromEim(Hex.Decode("BF5000"));
            Assert.AreEqual(Sgp32Version.V1_0, v10.Version);
            Assert.IsTrue(v10.IsEmpty);
            Assert.AreEqual("BF50023000", Hex.Encode(v10.Encode(Sgp32Version.V1_2)));
            Assert.AreEqual("BF5000", Hex.Encode(v10.Encode()));
            var v12 = (ProvideEimPackageResultResponse)EsipaCodec.DecodeFromEim(Hex.Decode("BF50023000"));
            Assert.AreEqual(Sgp32Version.V1_2, v12.Version);
            var acks = (ProvideEimPackageResultResponse)EsipaCodec.DecodeFromEim(Hex.Decode("BF5009BF5306800101800102"));
            Assert.AreEqual(2, acks.Acknowledgements.SequenceNumbers.Count);
            Assert.AreEqual(2L, (long)acks.Acknowledgements.SequenceNumbers[1]);
            Assert.AreEqual("BF5009BF5306800101800102", Hex.Encode(acks.Encode(Sgp32Version.V1_0)));
            var err = (ProvideEimPackageResultResponse)EsipaCodec.DecodeFromEim(Hex.Decode("BF5003020103"));
            Assert.AreEqual(ProvideEimPackageResultResponse.InvalidEid, err.ErrorCode);
        }

        [TestMethod]
        public void ProvideEimPackageResultV12WithEidAndError()
        {
            var p = new ProvideEimPackageResult();
            p.Eid = Hex.Decode(Eid);
            p.Result = new EimPackageResult();
            p.Result.Kind = EimPackageResult.KindError;
            p.Result.ErrorCode = EimPackageResult.UnknownPackage;
            p.Result.ErrorTransactionId = Hex.Decode("AB");
            var enc = p.Encode();
            Assert.AreEqual("BF501A5A10" + Eid + "A0068001AB020102", Hex.Encode(enc));
            var back = (ProvideEimPackageResult)EsipaCodec.DecodeFromIpa(enc, Sgp32Version.V1_0);
            Assert.AreEqual(Sgp32Version.V1_2, back.Version);
            Assert.AreEqual(EimPackageResult.UnknownPackage, back.Result.ErrorCode);
            Assert.AreEqual("BF5003020102", Hex.Encode(back.Encode(Sgp32Version.V1_0)));
            var v10 = (ProvideEimPackageResult)EsipaCodec.DecodeFromIpa(Hex.Decode("BF5003020102"));
            Assert.AreEqual(Sgp32Version.V1_0, v10.Version);
        }

        [TestMethod]
        public void HandleNotificationVersions()
        {
            var n = new HandleNotificationEsipa();
            n.PendingNotification = Hex.Decode("BF3700");
            Assert.AreEqual("BF3D05A003BF3700", Hex.Encode(n.Encode()));
            var p = new ProvideEimPackageResult();
            p.Result = new EimPackageResult();
            p.Result.Kind = EimPackageResult.KindError;
            p.Result.ErrorCode = 1;
            var h = new HandleNotificationEsipa();
            h.ProvideEimPackageResult = p;
            Assert.AreEqual("BF3D08BF5005A003020101", Hex.Encode(h.Encode()));
            Assert.AreEqual("BF3D05A103020101", Hex.Encode(h.Encode(Sgp32Version.V1_0)));
            var d10 = (HandleNotificationEsipa)EsipaCodec.DecodeFromIpa(Hex.Decode("BF3D05A103020101"));
            Assert.AreEqual(Sgp32Version.V1_0, d10.Version);
            Assert.AreEqual(1, d10.ProvideEimPackageResult.Result.ErrorCode);
            var d12 = (HandleNotificationEsipa)EsipaCodec.DecodeFromIpa(Hex.Decode("BF3D08BF5005A003020101"));
            Assert.AreEqual(Sgp32Version.V1_2, d12.Version);
        }

        [TestMethod]
        public void TransferEimPackageAndCancelSession()
        {
            var t = (TransferEimPackageResponse)EsipaCodec.DecodeFromIpa(Hex.Decode("BF4E020500"));
            Assert.AreEqual(EimPackageResult.KindEimPackageReceived, t.Result.Kind);
            Assert.AreEqual("BF4E020500", Hex.Encode(t.Encode()));
            var te = (TransferEimPackageResponse)EsipaCodec.DecodeFromIpa(Hex.Decode("BF4E03020102"));
            Assert.AreEqual(2, te.Result.ErrorCode);
            Assert.AreEqual("BF4E03020102", Hex.Encode(te.Encode(Sgp32Version.V1_2)));
            var tr = (TransferEimPackageRequest)EsipaCodec.DecodeFromEim(Hex.Decode("BF4E06BF5303800107"));
            Assert.AreEqual(RspTags.EimAcknowledgements, tr.PackageKind);
            Assert.AreEqual("BF4E06BF5303800107", Hex.Encode(tr.Encode()));

            var cs = (CancelSessionRequestEsipa)EsipaCodec.DecodeFromIpa(Hex.Decode("BF4108800101A103810101"));
            Assert.AreEqual("BF4103810101", Hex.Encode(cs.CancelSessionResponse));
            Assert.AreEqual("BF4108800101A103810101", Hex.Encode(cs.Encode()));
            var csx = (CancelSessionRequestEsipa)EsipaCodec.DecodeFromIpa(Hex.Decode("BF410B800101A106BF4103810101"));
            Assert.AreEqual("BF4103810101", Hex.Encode(csx.CancelSessionResponse));
            Assert.AreEqual(-1, ((CancelSessionResponseEsipa)EsipaCodec.DecodeFromEim(Hex.Decode("BF4102A000"))).ErrorCode);
            Assert.AreEqual(2, ((CancelSessionResponseEsipa)EsipaCodec.DecodeFromEim(Hex.Decode("BF4103810102"))).ErrorCode);
        }

        [TestMethod]
        public void ProfileDownloadTriggerResultVersions()
        {
            var r = new ProfileDownloadTriggerResult();
            r.EimTransactionId = Hex.Decode("01");
            r.ErrorReason = ProfileDownloadTriggerResult.EcallActive;
            r.ErrorResponse = Hex.Decode("AA");
            var w = new TlvWriter();
            r.WriteTo(w, Sgp32Version.V1_2);
            Assert.AreEqual("BF540B82010130068001680401AA", Hex.Encode(w.ToArray()));
            var v = Sgp32Version.V1_0;
            var back = ProfileDownloadTriggerResult.Decode(TlvReader.Parse(w.ToArray()), ref v);
            Assert.AreEqual(Sgp32Version.V1_2, v);
            Assert.AreEqual(104, back.ErrorReason);
            w = new TlvWriter();
            r.WriteTo(w, Sgp32Version.V1_0);
            Assert.AreEqual("BF540882010130038001AA", Hex.Encode(w.ToArray()));
        }

        [TestMethod]
        public void EnvelopeNormaliser()
        {
            var sig = new byte[64];
            sig[0] = 0x11;
            var doubled = Der.Encode(0x5F37, sig);
            Assert.IsTrue(EsipaEnvelope.IsDoubled(doubled, 0x5F37));
            Assert.AreEqual(Hex.Encode(sig), Hex.Encode(EsipaEnvelope.Strip(doubled, 0x5F37)));
            Assert.AreEqual(Hex.Encode(sig), Hex.Encode(EsipaEnvelope.Strip(sig, 0x5F37)));
            var pkid = Hex.Decode("F6F2635B4397B8BD12DF81A97C94254319520867");
            Assert.AreEqual(Hex.Encode(pkid), Hex.Encode(EsipaEnvelope.Strip(Der.Encode(0x04, pkid), 0x04)));
            Assert.AreEqual(Hex.Encode(pkid), Hex.Encode(EsipaEnvelope.Strip(pkid, 0x04)));
        }

        [TestMethod]
        public void HttpBindingConstants()
        {
            Assert.AreEqual("/gsma/rsp2/asn1", EsipaHttp.Asn1Path);
            Assert.AreEqual("application/x-gsma-rsp-asn1", EsipaHttp.Asn1ContentType);
            Assert.AreEqual("gsma/rsp/v2.1.0", EsipaHttp.AdminProtocol);
            Assert.AreEqual("gsma-rsp-ipad", EsipaHttp.UserAgentIpad);
            Assert.AreEqual("/gsma/rsp2/esipa/getEimPackage", EsipaHttp.JsonPath(EsipaHttp.GetEimPackage));
        }

        [TestMethod]
        public void MalformedEsipaThrowsDerException()
        {
            string[] fromIpa = { "", "BF4F00", "BF4F035A0100", "BF4F125A10" + Eid + "FF", "BF4C00", "BF5000", "BF3D00", "BF3D02A200", "BF4E02BF54", "BF39028100", "BF4102A100", "BF5003A00100" };
            for (int i = 0; i < fromIpa.Length; i++) Expect(Hex.Decode(fromIpa[i]), true);
            string[] fromEim = { "BF4F00", "BF4F020500", "BF5002A000", "BF5003300100", "BF3902A000", "BF3B028200", "BF3A02A000", "BF4E020500", "30820000" };
            for (int i = 0; i < fromEim.Length; i++) Expect(Hex.Decode(fromEim[i]), false);
        }

        private static void Expect(byte[] data, bool fromIpa)
        {
            try
            {
                if (fromIpa) EsipaCodec.DecodeFromIpa(data); else EsipaCodec.DecodeFromEim(data);
            }
            catch (DerException) { return; }
            Assert.IsTrue(false, "no DerException for " + Hex.Encode(data));
        }
    }
}
