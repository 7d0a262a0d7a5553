using System;
using IotEsim.Rsp.Asn1;
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
    public class Sgp32Es10bTests
    {
        // onomondo-ipa sample AddInitialEimRequest (esipa-v1.0 capture README)
        private const string SampleConfig =
            "BF577CA07A3078800365494D810E3132372E302E302E313A383030308301018401FFA55BA059301306072A8648CE3D020106082A8648CE3D03010703420004FE584A6F450459574AECA195D0299737F74C89BA2D36DF9286EC25D973037A0FBA70D14DF3E1F7D0A305E57B95B731C4DE218D2D7F9F22113ED5D18C2E3DDF1C";

        private const string PsmoPackage =
            "BF51763031800365494D5A10890490321234512345123456789012358101028210A851CF86F73EFBC08B7C443B6979FB30A003BF2D005F37409CD93951D22F0B55DCB52943BBB372E64E74BFAA6568D898A5DC1EF68138FEBAD94F7ECE7FAA5FEC7B314A3B8BDE4CBB5FECFD91C4E6183F44CF806C7AC5B859";

        [TestMethod]
        public void OnomondoV12VectorsEncode()
        {
            Assert.AreEqual("BF5D038001FF", Hex.Encode(FallbackMechanism.EncodeExecute(true)));
            Assert.AreEqual("BF5F00", Hex.Encode(GetConnectivityParametersResponse.EncodeRequest()));
            Assert.AreEqual("BF420480020780", Hex.Encode(IpaeActivation.EncodeRequest(true)));
            var c = new ConfigureImmediateProfileEnablingRequest();
            c.ImmediateEnableFlag = true;
            c.DefaultSmdpOid = Hex.Decode("8837");
            c.DefaultSmdpAddress = "x";
            Assert.AreEqual("BF5909800081028837820178", Hex.Encode(c.Encode()));
        }

        [TestMethod]
        public void OnomondoV12VectorsDecode()
        {
            Assert.IsTrue(RefreshFlagRequest.Decode(Hex.Decode("BF5D038001FF"), RspTags.ExecuteFallbackMechanism).RefreshFlag);
            Assert.IsTrue(IpaeActivation.DecodeRequest(Hex.Decode("BF420480020780")));
            var c = ConfigureImmediateProfileEnablingRequest.Decode(Hex.Decode("BF5909800081028837820178"));
            Assert.IsTrue(c.ImmediateEnableFlag);
            Assert.AreEqual("8837", Hex.Encode(c.DefaultSmdpOid));
            Assert.AreEqual("x", c.DefaultSmdpAddress);
            Assert.AreEqual(0, ResultResponse.Decode(Hex.Decode("BF5D03800100"), RspTags.ExecuteFallbackMechanism).Result);
            Assert.AreEqual(6, FallbackMechanism.DecodeReturnResponse(Hex.Decode("BF5E03800106")).Result);
        }

        [TestMethod]
        public void RefreshFlagFamilies()
        {
            Assert.AreEqual("BF58038001FF", Hex.Encode(ProfileRollbackResponse.Request(true).Encode()));
            Assert.AreEqual("BF5A03800100", Hex.Encode(ImmediateEnable.EncodeRequest(false)));
            Assert.AreEqual("BF5B038001FF", Hex.Encode(EmergencyProfile.EncodeEnable(true)));
            Assert.AreEqual("BF5C038001FF", Hex.Encode(EmergencyProfile.EncodeDisable(true)));
            Assert.AreEqual("BF5E03800100", Hex.Encode(FallbackMechanism.EncodeReturn(false)));
            bool refresh;
            Assert.AreEqual(Sgp32Version.V1_0, ImmediateEnable.DecodeRequest(Hex.Decode("BF5A00"), out refresh));
            Assert.AreEqual(Sgp32Version.V1_2, ImmediateEnable.DecodeRequest(Hex.Decode("BF5A038001FF"), out refresh));
            Assert.IsTrue(refresh);
            var rb = ProfileRollbackResponse.Decode(Hex.Decode("BF5803020100"));
            Assert.AreEqual(0, rb.CmdResult);
            Assert.IsNull(rb.EuiccPackageResult);
            var g = GetConnectivityParametersResponse.Decode(Hex.Decode("BF5F05A003810100"));
            Assert.AreEqual("00", Hex.Encode(g.HttpParams));
            Assert.AreEqual("BF5F05A003810100", Hex.Encode(g.Encode()));
            Assert.AreEqual(1, GetConnectivityParametersResponse.Decode(Hex.Decode("BF5F03810101")).Error);
        }

        [TestMethod]
        public void AddInitialEimSampleRoundTrip()
        {
            var req = AddInitialEimRequest.Decode(Hex.Decode(SampleConfig));
            Assert.AreEqual(1, req.EimConfigurations.Count);
            var c = (EimConfigurationData)req.EimConfigurations[0];
            Assert.AreEqual("eIM", c.EimId);
            Assert.AreEqual("127.0.0.1:8000", c.EimFqdn);
            Assert.IsTrue(c.HasCounterValue);
            Assert.AreEqual(1L, c.CounterValue);
            Assert.IsTrue(c.HasAssociationToken);
            Assert.AreEqual(-1L, c.AssociationToken);
            Assert.AreEqual(EimConfigurationData.KeySpki, c.EimPublicKeyKind);
            Assert.AreEqual(0x30, (int)c.EimPublicKeyData[0]);
            var point = c.EimPublicKeyPoint();
            Assert.AreEqual(65, point.Length);
            Assert.AreEqual("04FE584A", Hex.Encode(point, 0, 4));
            Assert.AreEqual(SampleConfig, Hex.Encode(req.Encode(Sgp32Version.V1_0)));
            Assert.AreEqual(SampleConfig, Hex.Encode(req.Encode()));
        }

        [TestMethod]
        public void EimConfigurationV12IndirectDownloadOnlyInV12()
        {
            var c = new EimConfigurationData();
            c.EimId = "e";
            c.IndirectProfileDownload = true;
            c.EimSupportedProtocol = new byte[] { 0x07, 0x80 };
            var v12 = c.Encode(Sgp32Version.V1_2);
            Assert.AreEqual("3009800165870207808900", Hex.Encode(v12));
            Assert.AreEqual("300780016587020780", Hex.Encode(c.Encode(Sgp32Version.V1_0)));
            Assert.IsTrue(EimConfigurationData.Decode(v12).IndirectProfileDownload);
        }

        [TestMethod]
        public void AddInitialEimResponseForms()
        {
            var ok = AddInitialEimResponse.Decode(Hex.Decode("BF5707A0058401010500"));
            Assert.IsTrue(ok.IsOk);
            Assert.AreEqual(2, ok.Results.Count);
            Assert.AreEqual(1L, (long)ok.Results[0]);
            Assert.IsNull(ok.Results[1]);
            Assert.AreEqual("BF5707A0058401010500", Hex.Encode(ok.Encode()));
            var err = AddInitialEimResponse.Decode(Hex.Decode("BF5703810105"));
            Assert.AreEqual(AddInitialEimResponse.InvalidAssociationToken, err.ErrorCode);
            Assert.AreEqual("BF5703810105", Hex.Encode(AddInitialEimResponse.Error(5).Encode()));
        }

        [TestMethod]
        public void GetEimConfigurationDataRequestForms()
        {
            Assert.AreEqual("BF5500", Hex.Encode(new GetEimConfigurationDataRequest().Encode()));
            var q = new GetEimConfigurationDataRequest();
            q.EimId = "eIM";
            Assert.AreEqual("BF5507A005800365494D", Hex.Encode(q.Encode()));
            Assert.AreEqual("eIM", GetEimConfigurationDataRequest.Decode(q.Encode()).EimId);
            Assert.IsNull(GetEimConfigurationDataRequest.Decode(Hex.Decode("BF5500")).EimId);
        }

        [TestMethod]
        public void EuiccPackageRequestDecodeAndSignedData()
        {
            var p = EuiccPackageRequest.Decode(Hex.Decode(PsmoPackage));
            Assert.AreEqual("eIM", p.EimId);
            Assert.AreEqual("89049032123451234512345678901235", Hex.Encode(p.Eid));
            Assert.AreEqual(2L, p.CounterValue);
            Assert.AreEqual("A851CF86F73EFBC08B7C443B6979FB30", Hex.Encode(p.EimTransactionId));
            Assert.IsFalse(p.IsEcoList);
            Assert.AreEqual(1, p.Psmos.Count);
            Assert.AreEqual(Psmo.ListProfileInfo, ((Psmo)p.Psmos[0]).Kind);
            Assert.AreEqual(64, p.EimSignature.Length);
            Assert.AreEqual(
                "3031800365494D5A10890490321234512345123456789012358101028210A851CF86F73EFBC08B7C443B6979FB30A003BF2D00840101",
                Hex.Encode(p.SignedDataToVerify(1)));
            Assert.IsTrue(Hex.Encode(p.SignedDataToVerify()).EndsWith("840100"));
            Assert.AreEqual(PsmoPackage, Hex.Encode(p.Encode()));
            // A rebuilt (not received) request encodes the same bytes.
            p.ReceivedSigned = null;
            Assert.AreEqual(PsmoPackage, Hex.Encode(p.Encode(Sgp32Version.V1_0)));
        }

        [TestMethod]
        public void PsmoAndEcoRoundTrip()
        {
            var iccid = Hex.Decode("989444999999990920F3");
            var p = new EuiccPackageRequest();
            p.EimId = "e";
            p.Eid = Hex.Decode("89049032123451234512345678901235");
            p.CounterValue = 300;
            p.Psmos.Add(Psmo.NewEnable(iccid, true));
            p.Psmos.Add(Psmo.NewDisable(iccid));
            p.Psmos.Add(Psmo.NewDelete(iccid));
            p.Psmos.Add(Psmo.NewListProfileInfo(null));
            p.Psmos.Add(Psmo.NewGetRat());
            var cie = new Psmo(); cie.Kind = Psmo.ConfigureImmediateEnable; cie.ImmediateEnableFlag = true; cie.DefaultSmdpAddress = "dp";
            p.Psmos.Add(cie);
            p.Psmos.Add(Psmo.NewSetFallbackAttribute(iccid));
            p.Psmos.Add(Psmo.NewUnsetFallbackAttribute());
            p.Psmos.Add(Psmo.NewSetDefaultDpAddress("smdp.example"));
            p.EimSignature = new byte[64];
            var enc = p.Encode();
            var back = EuiccPackageRequest.Decode(enc);
            Assert.AreEqual(9, back.Psmos.Count);
            Assert.IsTrue(((Psmo)back.Psmos[0]).RollbackFlag);
            Assert.AreEqual("989444999999990920F3", Hex.Encode(((Psmo)back.Psmos[2]).Iccid));
            Assert.AreEqual("dp", ((Psmo)back.Psmos[5]).DefaultSmdpAddress);
            Assert.AreEqual("smdp.example", ((Psmo)back.Psmos[8]).DefaultSmdpAddress);
            Assert.AreEqual(300L, back.CounterValue);
            Assert.IsTrue(Hex.Encode(enc).Contains("A30E5A0A989444999999990920F30500"), Hex.Encode(enc));
            Assert.IsTrue(Hex.Encode(enc).Contains("A600A706800082026470"), Hex.Encode(enc));
            Assert.AreEqual(Hex.Encode(enc), Hex.Encode(back.Encode()));

            var e = new EuiccPackageRequest();
            e.EimId = "e"; e.Eid = p.Eid; e.CounterValue = 3; e.IsEcoList = true;
            var cfg = new EimConfigurationData(); cfg.EimId = "eim2"; cfg.HasCounterValue = true; cfg.CounterValue = 1;
            e.Ecos.Add(Eco.NewAddEim(cfg));
            e.Ecos.Add(Eco.NewDeleteEim("old"));
            e.Ecos.Add(Eco.NewUpdateEim(cfg));
            e.Ecos.Add(Eco.NewListEim());
            e.EimSignature = new byte[64];
            var eb = EuiccPackageRequest.Decode(e.Encode());
            Assert.IsTrue(eb.IsEcoList);
            Assert.AreEqual(4, eb.Ecos.Count);
            Assert.AreEqual("eim2", ((Eco)eb.Ecos[0]).Configuration.EimId);
            Assert.AreEqual("old", ((Eco)eb.Ecos[1]).EimId);
            Assert.AreEqual(Eco.UpdateEim, ((Eco)eb.Ecos[2]).Kind);
            Assert.AreEqual(Eco.ListEim, ((Eco)eb.Ecos[3]).Kind);
            Assert.IsTrue(Hex.Encode(e.Encode()).Contains("A90580036F6C64AA"), Hex.Encode(e.Encode()));
        }

        [TestMethod]
        public void EuiccPackageResultItemsRoundTrip()
        {
            var r = new EuiccPackageResult();
            r.EimId = "eIM"; r.CounterValue = 2; r.SeqNumber = 7;
            r.EimTransactionId = Hex.Decode("0102");
            int[] simple = { 0x83, 0x84, 0x85, 0x87, 0x89, 0x8A, 0x8C, 0x8D, 0x8E, 0x02 };
            for (int i = 0; i < simple.Length; i++) r.Results.Add(EuiccResultItem.Simple(simple[i], i));
            r.Results.Add(EuiccResultItem.AddEimToken(1));
            r.Results.Add(EuiccResultItem.AddEimCode(2));
            r.Results.Add(EuiccResultItem.Constructed(Hex.Decode("BF2D02A000")));
            r.Results.Add(EuiccResultItem.Constructed(Hex.Decode("A600")));
            r.Results.Add(EuiccResultItem.Constructed(Hex.Decode("AB07A0053003800165")));
            r.Results.Add(EuiccResultItem.SetDefaultDpAddress(0));
            r.Signature = new byte[64];
            var enc = r.Encode();
            var back = EuiccPackageResult.Decode(enc);
            Assert.AreEqual(EuiccPackageResult.ResultSigned, back.Kind);
            Assert.AreEqual(16, back.Results.Count);
            Assert.AreEqual(7L, back.SeqNumber);
            long tok;
            Assert.IsTrue(((EuiccResultItem)back.Results[10]).TryGetAssociationToken(out tok));
            Assert.AreEqual(1L, tok);
            Assert.AreEqual(2, ((EuiccResultItem)back.Results[11]).ResultCode());
            Assert.AreEqual(9, ((EuiccResultItem)back.Results[9]).Code);
            Assert.AreEqual(Hex.Encode(enc), Hex.Encode(back.Encode()));
            Assert.IsTrue(Hex.Encode(back.SignedDataWithToken(1)).EndsWith("840101"));
            Assert.IsTrue(Hex.Encode(back.SignedDataWithEimSignature(new byte[64])).EndsWith("5F3740" + Hex.Encode(new byte[64])));

            var es = new EuiccPackageResult();
            es.Kind = EuiccPackageResult.ErrorSigned; es.EimId = "eIM"; es.CounterValue = 2; es.ErrorCode = EuiccPackageErrorCode.ReplayError; es.Signature = new byte[64];
            var esb = EuiccPackageResult.Decode(es.Encode());
            Assert.AreEqual(EuiccPackageErrorCode.ReplayError, esb.ErrorCode);
            Assert.AreEqual("BF5152A150300B800365494D810102020104", Hex.Encode(es.Encode()).Substring(0, 36));

            var eu = new EuiccPackageResult();
            eu.Kind = EuiccPackageResult.ErrorUnsigned; eu.EimId = "eIM"; eu.HasAssociationToken = true; eu.AssociationToken = 1; eu.EimTransactionId = Hex.Decode("AA");
            Assert.AreEqual("BF510DA20B800365494D8201AA840101", Hex.Encode(eu.Encode()));
            Assert.AreEqual("BF510AA208800365494D840101", Hex.Encode(eu.Encode(Sgp32Version.V1_0)));
            var eub = EuiccPackageResult.Decode(eu.Encode());
            Assert.AreEqual(1L, eub.AssociationToken);
            Assert.AreEqual("AA", Hex.Encode(eub.EimTransactionId));
        }

        [TestMethod]
        public void MemoryResetBothVersions()
        {
            Assert.AreEqual("BF640482020204", Hex.Encode(EuiccMemoryReset.EncodeRequest(new int[] { EuiccMemoryReset.ResetEimConfigData }, Sgp32Version.V1_2)));
            Sgp32Version v;
            int mask = EuiccMemoryReset.DecodeRequest(Hex.Decode("BF640482020780"), out v);
            Assert.AreEqual(1, mask);
            Assert.AreEqual(Sgp32Version.V1_2, v);
            var r12 = EuiccMemoryReset.DecodeResponse(Hex.Decode("BF6409800100810101820100"));
            Assert.AreEqual(Sgp32Version.V1_2, r12.Version);
            Assert.AreEqual(0, r12.ResetResult);
            Assert.AreEqual(1, r12.ResetEimResult);
            Assert.AreEqual(0, r12.ResetImmediateEnableConfigResult);
            Assert.AreEqual("BF6409800100810101820100", Hex.Encode(r12.EncodeResponse()));
            var r10 = EuiccMemoryReset.DecodeResponse(Hex.Decode("BF3406020101810102"));
            Assert.AreEqual(Sgp32Version.V1_0, r10.Version);
            Assert.AreEqual(1, r10.ResetResult);
            Assert.AreEqual(2, r10.ResetEimResult);
            Assert.AreEqual(-1, r10.ResetImmediateEnableConfigResult);
            Assert.AreEqual("BF3406020101810102", Hex.Encode(r10.EncodeResponse()));
        }

        [TestMethod]
        public void GetCertsForms()
        {
            Assert.AreEqual("BF5600", Hex.Encode(GetCerts.EncodeRequest(null)));
            Assert.AreEqual("BF56038001AA", Hex.Encode(GetCerts.EncodeRequest(new byte[] { 0xAA })));
            var g = new GetCerts();
            g.EumCertificate = Hex.Decode("3003020101");
            g.EuiccCertificate = Hex.Decode("3003020102");
            var enc = g.EncodeResponse();
            Assert.AreEqual("BF560CA00AA503020101A603020102", Hex.Encode(enc));
            var back = GetCerts.DecodeResponse(enc);
            Assert.AreEqual("3003020102", Hex.Encode(back.EuiccCertificate));
            var flat = GetCerts.DecodeResponse(Hex.Decode("BF560AA503020101A603020102"));
            Assert.AreEqual("3003020101", Hex.Encode(flat.EumCertificate));
            Assert.AreEqual(1, GetCerts.DecodeResponse(Hex.Decode("BF5603810101")).Error);
        }

        [TestMethod]
        public void IotSpecificInfoB4()
        {
            var i = new IotSpecificInfo();
            i.IotVersions.Add(new byte[] { 1, 2, 0 });
            Assert.AreEqual("B407A0050403010200", Hex.Encode(i.Encode()));
            i.EcallSupported = true; i.FallbackSupported = true;
            var back = IotSpecificInfo.Decode(i.Encode());
            Assert.IsTrue(back.EcallSupported);
            Assert.IsTrue(back.FallbackSupported);
            Assert.AreEqual("010200", Hex.Encode((byte[])back.IotVersions[0]));
            var bf22 = Hex.Decode("BF220C900100B407A0050403010200");
            Assert.AreEqual(0, IotSpecificInfo.IpaModeFromEuiccInfo2(bf22));
            Assert.AreEqual(1, IotSpecificInfo.FromEuiccInfo2(bf22).IotVersions.Count);
            Assert.IsNull(IotSpecificInfo.FromEuiccInfo2(Hex.Decode("BF2203900101")));
        }

        [TestMethod]
        public void RetrieveNotificationsListAdditions()
        {
            Assert.AreEqual("BF2B04A0028200", Hex.Encode(Sgp32RetrieveNotificationsList.EncodeRequestEuiccPackageResults()));
            Assert.IsTrue(Sgp32RetrieveNotificationsList.RequestAsksForEuiccPackageResults(Hex.Decode("BF2B04A0028200")));
            Assert.IsFalse(Sgp32RetrieveNotificationsList.RequestAsksForEuiccPackageResults(Hex.Decode("BF2B00")));
            var empty = Sgp32RetrieveNotificationsList.Decode(Hex.Decode("BF2B02A000"));
            Assert.AreEqual(Sgp32RetrieveNotificationsList.NotificationList, empty.Kind);
            Assert.AreEqual(0, empty.Notifications.Count);
            var eu = "BF510AA208800365494D840101";
            var list = Sgp32RetrieveNotificationsList.Decode(Hex.Decode("BF2B0FA20D" + eu));
            Assert.AreEqual(Sgp32RetrieveNotificationsList.EuiccPackageResultList, list.Kind);
            Assert.AreEqual(1, list.EuiccPackageResults.Count);
            Assert.AreEqual("BF2B0FA20D" + eu, Hex.Encode(list.Encode(Sgp32Version.V1_0)));
        }

        [TestMethod]
        public void MalformedInputsThrowDerException()
        {
            Expect(delegate { EuiccPackageRequest.Decode(Hex.Decode("BF5103300180")); });
            Expect(delegate { EuiccPackageRequest.Decode(Hex.Decode(PsmoPackage.Substring(0, 40))); });
            Expect(delegate { EuiccPackageRequest.Decode(Hex.Decode("BF51053003800100")); });
            Expect(delegate { EuiccPackageResult.Decode(Hex.Decode("BF5102A300")); });
            Expect(delegate { EuiccPackageResult.Decode(Hex.Decode("BF510AA208800365494D840101FF")); });
            Expect(delegate { AddInitialEimRequest.Decode(Hex.Decode("BF5704A0023000")); });
            Expect(delegate { AddInitialEimResponse.Decode(Hex.Decode("BF5703820101")); });
            Expect(delegate { EimConfigurationData.Decode(Hex.Decode("30058101418001")); });
            Expect(delegate { IotSpecificInfo.Decode(Hex.Decode("B402A000")); });
            Expect(delegate { IotSpecificInfo.Decode(Hex.Decode("B406A00404020102")); });
            Expect(delegate { EuiccMemoryReset.DecodeResponse(Hex.Decode("BF3500")); });
            Expect(delegate { ConfigureImmediateProfileEnablingRequest.Decode(Hex.Decode("BF5903800101")); });
            Expect(delegate { RefreshFlagRequest.Decode(Hex.Decode("BF5D00"), RspTags.ExecuteFallbackMechanism); });
            Expect(delegate { GetCerts.DecodeResponse(Hex.Decode("BF5600")); });
            Expect(delegate { Sgp32RetrieveNotificationsList.Decode(Hex.Decode("BF2B02A400")); });
            Expect(delegate { EuiccPackageRequest.Decode(new byte[0]); });
        }

        private delegate void Action0();

        private static void Expect(Action0 a)
        {
            try { a(); }
            catch (DerException) { return; }
            Assert.IsTrue(false, "no DerException");
        }
    }
}
