using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Messages
{
    [TestClass]
    public class MessageTests
    {
        private static DerError ErrorOf(byte[] data, int which)
        {
            try
            {
                switch (which)
                {
                    case 0: GetEuiccChallenge.Decode(data); break;
                    case 1: EuiccInfo1.Decode(data); break;
                    case 2: ProfileInstallationResult.Decode(data); break;
                    case 3: NotificationMetadata.Decode(data); break;
                    case 4: ProfileOperationRequest.Decode(data); break;
                    case 5: GetEuiccData.Decode(data); break;
                    case 6: EuiccConfiguredAddresses.Decode(data); break;
                    case 7: PrepareDownloadResponse.Decode(data); break;
                    case 8: ProfileInfoListResponse.Decode(data); break;
                    case 9: InitialiseSecureChannelRequest.Decode(data); break;
                }
            }
            catch (DerException e) { return e.Error; }
            return 0;
        }

        [TestMethod]
        public void IccidAndEidConversions()
        {
            Assert.AreEqual("989444999999990920F3", Hex.Encode(Iccid.ToBytes("8949449999999990023")));
            Assert.AreEqual("8949449999999990023", Iccid.FromBytes(Hex.Decode("989444999999990920F3")));
            Assert.AreEqual("98103254769810325476", Hex.Encode(Iccid.ToBytes("89012345678901234567")));
            Assert.AreEqual("89012345678901234567", Iccid.FromBytes(Iccid.ToBytes("89012345678901234567")));
            Assert.ThrowsException(typeof(DerException), () => Iccid.FromBytes(Hex.Decode("98944499999999092AF3")));
            Assert.ThrowsException(typeof(DerException), () => Iccid.FromBytes(Hex.Decode("9894449999")));
            Assert.ThrowsException(typeof(ArgumentException), () => Iccid.ToBytes("89A4"));
            Assert.AreEqual("89049032123451234512345678901235", Eid.FromBytes(Hex.Decode("89049032123451234512345678901235")));
            Assert.AreEqual("89049032123451234512345678901235", Hex.Encode(Eid.ToBytes("89049032123451234512345678901235")));
        }

        [TestMethod]
        public void FixedRequests()
        {
            Assert.AreEqual("BF2E00", Hex.Encode(GetEuiccChallenge.EncodeRequest()));
            Assert.AreEqual("BF2000", Hex.Encode(EuiccInfo1.EncodeRequest()));
            Assert.AreEqual("BF2200", Hex.Encode(EuiccInfo2.EncodeRequest()));
            Assert.AreEqual("BF3C00", Hex.Encode(EuiccConfiguredAddresses.EncodeRequest()));
            Assert.AreEqual("BF3E035C015A", Hex.Encode(GetEuiccData.EncodeRequest()));
            Assert.AreEqual("BF4300", Hex.Encode(GetRatResponse.EncodeRequest()));
            Assert.AreEqual("BF2800", Hex.Encode(new ListNotificationRequest().Encode()));
            Assert.AreEqual("BF2B00", Hex.Encode(new RetrieveNotificationsListRequest().Encode()));
            Assert.AreEqual("BF2D00", Hex.Encode(new ProfileInfoListRequest().Encode()));
            Assert.AreEqual("BF3003800101", Hex.Encode(new RemoveNotificationFromListRequest(1).Encode()));
        }

        [TestMethod]
        public void ChallengeMalformed()
        {
            Assert.AreEqual((int)DerError.MissingElement, (int)ErrorOf(Hex.Decode("BF2E00"), 0));
            Assert.AreEqual((int)DerError.UnexpectedTag, (int)ErrorOf(Hex.Decode("BF2F128010000102030405060708090A0B0C0D0E0F"), 0));
            Assert.AreEqual((int)DerError.InvalidValue, (int)ErrorOf(Hex.Decode("BF2E0480020102"), 0));
            Assert.AreEqual((int)DerError.Truncated, (int)ErrorOf(Hex.Decode("BF2E128010"), 0));
            Assert.AreEqual((int)DerError.TrailingData, (int)ErrorOf(Hex.Decode("BF2E0000"), 0));
            Assert.AreEqual((int)DerError.Truncated, (int)ErrorOf(new byte[0], 0));
        }

        [TestMethod]
        public void EuiccInfo1RoundTripAndErrors()
        {
            var i = new EuiccInfo1();
            i.Svn = Hex.Decode("020500");
            i.CiPKIdListForVerification = new byte[][] { Hex.Decode("F6F2635B4397B8BD12DF81A97C94254319520867") };
            i.CiPKIdListForSigning = new byte[][] { Hex.Decode("F6F2635B4397B8BD12DF81A97C94254319520867") };
            var enc = i.Encode();
            Assert.AreEqual("BF20358203020500A9160414F6F2635B4397B8BD12DF81A97C94254319520867AA160414F6F2635B4397B8BD12DF81A97C94254319520867", Hex.Encode(enc));
            Assert.AreEqual(Hex.Encode(enc), Hex.Encode(EuiccInfo1.Decode(enc).Encode()));
            // missing AA
            Assert.AreEqual((int)DerError.MissingElement, (int)ErrorOf(Hex.Decode("BF201D8203020500A9160414F6F2635B4397B8BD12DF81A97C94254319520867"), 1));
            // A9 after AA
            Assert.AreEqual((int)DerError.UnexpectedTag, (int)ErrorOf(Hex.Decode("BF200D8203020500AA020400A9020400"), 1));
            // unknown trailing element is kept
            var ext = EuiccInfo1.Decode(Hex.Decode("BF20118203020500A9020400AA0204009F7F0101"));
            Assert.AreEqual(1, ext.Extensions.Count);
            Assert.AreEqual("BF20118203020500A9020400AA0204009F7F0101", Hex.Encode(ext.Encode()));
        }

        [TestMethod]
        public void EuiccInfo2KeepsSgp32FieldsInPlace()
        {
            // 81 82 83 84 85 88 A9 AA 04 0C 8D(raw) 90 B4 + unknown 9F20 at the end
            string hex = "810302030082030205008303010000840381010085020780880204F0A900AA00"
                + "0403010000" + "0C03534153" + "8D0101" + "900101" + "B407A0050403010200" + "9F200100";
            var v = Hex.Decode(hex);
            var full = Der.Encode(0xBF22, v);
            var i = EuiccInfo2.Decode(full);
            Assert.AreEqual(1, i.IpaMode);
            Assert.AreEqual("B407A0050403010200", Hex.Encode(i.IotSpecificInfo));
            Assert.AreEqual("SAS", i.SasAcreditationNumber);
            Assert.AreEqual(2, i.Extensions.Count);
            Assert.AreEqual(Hex.Encode(full), Hex.Encode(i.Encode()));
            // missing 0C
            var bad = Der.Encode(0xBF22, Hex.Decode("810302030082030205008303010000840381010085020780880204F0A900AA000403010000"));
            try { EuiccInfo2.Decode(bad); Assert.IsTrue(false); }
            catch (DerException e) { Assert.AreEqual((int)DerError.MissingElement, (int)e.Error); }
        }

        [TestMethod]
        public void BitStrings()
        {
            Assert.AreEqual("0780", Hex.Encode(BitString.FromBit(NotificationEvent.Install).Content));
            Assert.AreEqual("0640", Hex.Encode(BitString.FromBit(NotificationEvent.Enable).Content));
            Assert.AreEqual("0410", Hex.Encode(BitString.FromBit(NotificationEvent.Delete).Content));
            Assert.AreEqual("04F0", Hex.Encode(BitString.FromBits(new int[] { 0, 1, 2, 3 }).Content));
            var odd = new BitString(Hex.Decode("0480"));
            Assert.IsFalse(odd.IsMinimal);
            Assert.AreEqual(0, odd.FirstSetBit());
            Assert.IsTrue(BitString.FromBit(5).IsMinimal);
            Assert.ThrowsException(typeof(DerException), () => new BitString(Hex.Decode("08FF")));
        }

        [TestMethod]
        public void NotificationMetadataRoundTripAndErrors()
        {
            var n = NotificationMetadata.Create(7, NotificationEvent.Delete, "dp.example", Hex.Decode("989444999999990920F3"));
            var enc = n.Encode();
            Assert.AreEqual("BF2F1F800107810204100C0A64702E6578616D706C655A0A989444999999990920F3", Hex.Encode(enc));
            var d = NotificationMetadata.Decode(enc);
            Assert.AreEqual(7, d.SeqNumber);
            Assert.AreEqual(NotificationEvent.Delete, d.Operation);
            Assert.AreEqual("dp.example", d.NotificationAddress);
            // missing notificationAddress
            Assert.AreEqual((int)DerError.MissingElement, (int)ErrorOf(Hex.Decode("BF2F0780010781020410"), 3));
            // invalid UTF-8 address
            Assert.AreEqual((int)DerError.InvalidValue, (int)ErrorOf(Hex.Decode("BF2F0A800107810204100C01C3"), 3));
        }

        [TestMethod]
        public void ProfileInstallationResultErrorAlternative()
        {
            var d = new ProfileInstallationResultData();
            d.TransactionId = Hex.Decode("0102");
            d.NotificationMetadata = NotificationMetadata.Create(2, NotificationEvent.Install, "a", null);
            d.BppCommandId = BppCommandId.LoadProfileElements;
            d.ErrorReason = ProfileInstallationErrorReason.IccidMismatch;
            var p = new ProfileInstallationResult();
            p.Data = d;
            p.EuiccSignPir = new byte[64];
            var enc = p.Encode();
            var back = ProfileInstallationResult.Decode(enc);
            Assert.IsFalse(back.Data.Success);
            Assert.AreEqual(5, back.Data.BppCommandId);
            Assert.AreEqual(13, back.Data.ErrorReason);
            Assert.AreEqual("installFailedDueToIccidMismatch", ProfileInstallationErrorReason.Name(back.Data.ErrorReason));
            Assert.AreEqual(Hex.Encode(enc), Hex.Encode(back.Encode()));
            Assert.AreEqual(Hex.Encode(d.Raw), Hex.Encode(back.SignedData()));
            // finalResult with an unknown alternative
            var data = Der.Encode(0xBF27, Hex.Decode("800101BF2F09800101810207800C00A203850100"));
            var bad = Der.Encode(0xBF37, Bytes.Concat(data, Hex.Decode("5F3700")));
            Assert.AreEqual((int)DerError.UnexpectedTag, (int)ErrorOf(bad, 2));
            // missing signature
            var good = Der.Encode(0xBF27, Hex.Decode("800101BF2F09800101810207800C00A208A10680010581010D"));
            Assert.AreEqual((int)DerError.MissingElement, (int)ErrorOf(Der.Encode(0xBF37, good), 2));
        }

        [TestMethod]
        public void ProfileOperations()
        {
            var iccid = Hex.Decode("989444999999990920F3");
            var en = ProfileOperationRequest.ByIccid(RspTags.EnableProfile, iccid, true).Encode();
            Assert.AreEqual("BF3111A00C5A0A989444999999990920F38101FF", Hex.Encode(en));
            var dis = ProfileOperationRequest.ByAid(RspTags.DisableProfile, Hex.Decode("A0000005591010FFFFFFFF8900001000"), false).Encode();
            Assert.AreEqual("BF3217A0124F10A0000005591010FFFFFFFF89000010008101 00".Replace(" ", ""), Hex.Encode(dis));
            var del = ProfileOperationRequest.ByIccid(RspTags.DeleteProfile, iccid, false).Encode();
            Assert.AreEqual("BF330C5A0A989444999999990920F3", Hex.Encode(del));
            Assert.AreEqual(Hex.Encode(iccid), Hex.Encode(ProfileOperationRequest.Decode(del).Iccid));
            var r = ProfileOperationRequest.Decode(en);
            Assert.IsTrue(r.RefreshFlag);
            Assert.AreEqual(RspTags.EnableProfile, r.Tag);
            Assert.AreEqual((int)DerError.MissingElement, (int)ErrorOf(Hex.Decode("BF310EA00C5A0A989444999999990920F3"), 4));
            Assert.AreEqual((int)DerError.UnexpectedTag, (int)ErrorOf(Hex.Decode("BF3108A0039301008101FF"), 4));
            var res = Es10Result.Decode(Hex.Decode("BF3103800102"), RspTags.EnableProfile);
            Assert.AreEqual(ProfileOperationResult.ProfileNotInDisabledState, res.Result);
            Assert.AreEqual("profileNotInDisabledState", ProfileOperationResult.Name(res.Result));
            Assert.AreEqual("profileNotInEnabledState", ProfileOperationResult.DisableName(2));
            Assert.AreEqual("catBusy", ProfileOperationResult.Name(5));
        }

        [TestMethod]
        public void EidAndAddresses()
        {
            var g = GetEuiccData.Decode(Hex.Decode("BF3E125A1089049032123451234512345678901235"));
            Assert.AreEqual("89049032123451234512345678901235", g.EidString);
            Assert.AreEqual((int)DerError.InvalidValue, (int)ErrorOf(Hex.Decode("BF3E035A0189"), 5));
            var a = new EuiccConfiguredAddresses();
            a.RootDsAddress = "lpa.ds.gsma.com";
            Assert.AreEqual("BF3C11810F6C70612E64732E67736D612E636F6D", Hex.Encode(a.Encode()));
            a.DefaultDpAddress = "dp";
            var back = EuiccConfiguredAddresses.Decode(a.Encode());
            Assert.AreEqual("dp", back.DefaultDpAddress);
            Assert.AreEqual((int)DerError.MissingElement, (int)ErrorOf(Hex.Decode("BF3C0480026470"), 6));
            var sd = new SetDefaultDpAddressRequest();
            sd.DefaultDpAddress = "x";
            Assert.AreEqual("BF3F03800178", Hex.Encode(sd.Encode()));
            Assert.AreEqual("x", SetDefaultDpAddressRequest.Decode(sd.Encode()).DefaultDpAddress);
        }

        [TestMethod]
        public void PrepareDownloadErrorAndCancelSession()
        {
            var e = PrepareDownloadResponse.Error(Hex.Decode("0102"), DownloadErrorCode.InvalidSignature);
            Assert.AreEqual("BF2109A10780020102020102", Hex.Encode(e.Encode()));
            var back = PrepareDownloadResponse.Decode(e.Encode());
            Assert.IsFalse(back.IsOk);
            Assert.AreEqual(2, back.ErrorCode);
            Assert.AreEqual((int)DerError.UnexpectedTag, (int)ErrorOf(Hex.Decode("BF2102A200"), 7));
            Assert.AreEqual((int)DerError.MissingElement, (int)ErrorOf(Hex.Decode("BF2106A104800201 02".Replace(" ", "")), 7));

            var ae = AuthenticateServerResponse.Error(Hex.Decode("AB"), AuthenticateErrorCode.CiPKUnknown);
            Assert.AreEqual("BF3808A1068001AB020107", Hex.Encode(ae.Encode()));
            Assert.AreEqual(7, AuthenticateServerResponse.Decode(ae.Encode()).ErrorCode);

            var c = new CancelSessionRequest();
            c.TransactionId = Hex.Decode("0102");
            c.Reason = CancelSessionReason.Postponed;
            Assert.AreEqual("BF41078002010281 0101".Replace(" ", ""), Hex.Encode(c.Encode()));
            var cr = new CancelSessionResponse();
            cr.TransactionId = c.TransactionId; cr.SmdpOid = Hex.Decode("88370A"); cr.Reason = 1; cr.Signature = new byte[64];
            var cenc = cr.Encode();
            var cb = CancelSessionResponse.Decode(cenc);
            Assert.IsTrue(cb.IsOk);
            Assert.AreEqual("300C800201028103 88370A820101".Replace(" ", ""), Hex.Encode(cb.SignedRaw));
            Assert.AreEqual(Hex.Encode(cenc), Hex.Encode(cb.Encode()));
            Assert.AreEqual(5, CancelSessionResponse.Decode(Hex.Decode("BF4103810105")).Error);
        }

        [TestMethod]
        public void ProfileInfoListRoundTrip()
        {
            var p = new ProfileInfo();
            p.Iccid = Hex.Decode("989444999999990920F3");
            p.ProfileState = ProfileValues.StateEnabled;
            p.ProfileNickname = "nick";
            p.ProfileClass = ProfileValues.ClassTest;
            p.ProfilePolicyRules = BitString.FromBit(1);
            var resp = new ProfileInfoListResponse();
            resp.Profiles.Add(p);
            var enc = resp.Encode();
            var back = ProfileInfoListResponse.Decode(enc);
            Assert.AreEqual(1, back.Get(0).ProfileState);
            Assert.AreEqual("nick", back.Get(0).ProfileNickname);
            Assert.IsTrue(back.Get(0).ProfilePolicyRules.Get(1));
            Assert.AreEqual(Hex.Encode(enc), Hex.Encode(back.Encode()));
            Assert.AreEqual(1, ProfileInfoListResponse.Decode(Hex.Decode("BF2D03810101")).Error);
            Assert.AreEqual((int)DerError.UnexpectedTag, (int)ErrorOf(Hex.Decode("BF2D04A002E400"), 8));
            var q = new ProfileInfoListRequest();
            q.SearchIccid = p.Iccid;
            q.TagList = Hex.Decode("5A9F70");
            Assert.AreEqual("BF2D13A00C5A0A989444999999990920F35C035A9F70", Hex.Encode(q.Encode()));
            var qb = ProfileInfoListRequest.Decode(q.Encode());
            Assert.AreEqual("5A9F70", Hex.Encode(qb.TagList));
            var q2 = new ProfileInfoListRequest();
            q2.SearchProfileClass = 2;
            Assert.AreEqual(2, ProfileInfoListRequest.Decode(q2.Encode()).SearchProfileClass);
        }

        [TestMethod]
        public void Es8PlusElements()
        {
            var isc = new InitialiseSecureChannelRequest();
            isc.TransactionId = Hex.Decode("0102");
            isc.HostId = Hex.Decode("0A0B");
            isc.SmdpOtpk = Hex.Decode("04AA");
            isc.SmdpSign = Hex.Decode("5555");
            var enc = isc.Encode();
            Assert.AreEqual("BF231D820101800201 02A60A800188810110 84020A0B5F490204AA5F37025555".Replace(" ", ""), Hex.Encode(enc));
            var back = InitialiseSecureChannelRequest.Decode(enc);
            Assert.AreEqual(Hex.Encode(enc), Hex.Encode(back.Encode()));
            Assert.AreEqual("820101800201 02A60A80018881011084020A0B5F490204AA5F490204BB".Replace(" ", ""), Hex.Encode(back.SignedData(Hex.Decode("04BB"))));
            Assert.AreEqual((int)DerError.MissingElement, (int)ErrorOf(Hex.Decode("BF2318820101800201 02A60A80018881011084020A0B5F490204AA".Replace(" ", "")), 9));

            var rsk = new ReplaceSessionKeysRequest();
            rsk.InitialMacChainingValue = new byte[16]; rsk.PpkEnc = new byte[16]; rsk.PpkCmac = new byte[16];
            var r = rsk.Encode();
            Assert.AreEqual("BF2636", Hex.Encode(r, 0, 3));
            Assert.AreEqual(Hex.Encode(r), Hex.Encode(ReplaceSessionKeysRequest.Decode(r).Encode()));
            Assert.AreEqual("BF2400", Hex.Encode(new ConfigureIsdpRequest().Encode()));

            var sm = new StoreMetadataRequest();
            sm.Iccid = Hex.Decode("989444999999990920F3");
            sm.ServiceProviderName = "SP";
            sm.ProfileName = "P";
            var s = sm.Encode();
            Assert.AreEqual("BF25135A0A989444999999990920F3910253509201 50".Replace(" ", ""), Hex.Encode(s));
            Assert.AreEqual(Hex.Encode(s), Hex.Encode(StoreMetadataRequest.Decode(s).Encode()));

            var b = new BoundProfilePackageBuilder();
            b.InitialiseSecureChannel = enc;
            b.FirstSequenceOf87.Add(Hex.Decode("870101"));
            b.SequenceOf88.Add(Hex.Decode("880102"));
            b.SequenceOf86.Add(Hex.Decode("860103"));
            b.SequenceOf86.Add(Hex.Decode("860104"));
            var bpp = b.Build();
            var pieces = BoundProfilePackageBuilder.Es10Requests(bpp);
            Assert.AreEqual(7, pieces.Length);
            Assert.AreEqual("A003870101", Hex.Encode(pieces[1]));
            Assert.AreEqual("A103", Hex.Encode(pieces[2]));
            Assert.AreEqual("880102", Hex.Encode(pieces[3]));
            Assert.AreEqual("A306", Hex.Encode(pieces[4]));
            Assert.AreEqual("860104", Hex.Encode(pieces[6]));
            b.SequenceOf88.Add(Hex.Decode("870105"));
            Assert.ThrowsException(typeof(DerException), () => b.Build());
        }

        [TestMethod]
        public void GetRatAndTags()
        {
            var rule = new ProfilePolicyAuthorisationRule();
            rule.PprIds = BitString.FromBit(1);
            var op = new OperatorId();
            op.MccMnc = Hex.Decode("21F354");
            rule.AllowedOperators.Add(op);
            rule.PprFlags = BitString.FromBit(0);
            var rat = new GetRatResponse();
            rat.Rules.Add(rule);
            var enc = rat.Encode();
            Assert.AreEqual("BF4315A013301180020640A10730058003 21F354820207 80".Replace(" ", ""), Hex.Encode(enc));
            Assert.AreEqual(Hex.Encode(enc), Hex.Encode(GetRatResponse.Decode(enc).Encode()));
            Assert.AreEqual("ProfileInstallationResult", RspTags.Name(0xBF37));
            Assert.AreEqual("EuiccPackage", RspTags.Name(0xBF51));
            Assert.AreEqual("9F7F", RspTags.Name(0x9F7F));
            Assert.AreEqual("ciPKUnknown", AuthenticateErrorCode.Name(7));
            Assert.AreEqual("code 99", DownloadErrorCode.Name(99));
        }
    }
}
