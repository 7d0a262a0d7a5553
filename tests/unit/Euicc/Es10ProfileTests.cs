using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using IotEsim.Tests.TestSupport;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Euicc
{
    /// <summary>ES10c GetProfilesInfo, Enable/Disable/DeleteProfile, SetNickname and eUICCMemoryReset through the
    /// ISD-R APDUs on an eUICC with two downloaded profiles: success and error answers.</summary>
    [TestClass]
    public class Es10ProfileTests
    {
        private const string IccidA = "8949449999999990023";
        private const string IccidB = "8949449999999990031";
        private static readonly byte[] A = Iccid.ToBytes(IccidA);
        private static readonly byte[] B = Iccid.ToBytes(IccidB);
        private static readonly byte[] Unknown = Iccid.ToBytes("8949449999999990049");

        private static PortableEuicc TwoProfiles()
        {
            var e = PortableEuicc.New();
            var smdp = new PortableSmdp(PortableTestPki.P256);
            var plan = new PortableDownloadPlan();
            plan.Iccid = IccidA;
            Assert.IsTrue(smdp.Download(e, plan).Pir.Data.Success);
            plan = new PortableDownloadPlan();
            plan.Iccid = IccidB;
            plan.ProfileClass = ProfileValues.ClassTest;
            Assert.IsTrue(smdp.Download(e, plan).Pir.Data.Success);
            return e;
        }

        private static ProfileInfoListResponse Info(PortableEuicc e, ProfileInfoListRequest r)
        {
            return ProfileInfoListResponse.Decode(e.Send(r.Encode()));
        }

        private static ProfileInfo Get(ProfileInfoListResponse l, int i) { return (ProfileInfo)l.Profiles[i]; }

        private static int State(PortableEuicc e, byte[] iccid)
        {
            var r = new ProfileInfoListRequest();
            r.SearchIccid = iccid;
            var l = Info(e, r);
            return l.Profiles.Count == 0 ? -1 : Get(l, 0).ProfileState;
        }

        [TestMethod]
        public void GetProfilesInfoSearchCriteriaAndTagList()
        {
            var e = TwoProfiles();
            var all = Info(e, new ProfileInfoListRequest());
            Assert.AreEqual(2, all.Profiles.Count);
            Assert.AreEqual(Hex.Encode(A), Hex.Encode(Get(all, 0).Iccid));
            Assert.AreEqual(Hex.Encode(B), Hex.Encode(Get(all, 1).Iccid));
            Assert.AreEqual(ProfileValues.ClassTest, Get(all, 1).ProfileClass);

            var byIccid = new ProfileInfoListRequest();
            byIccid.SearchIccid = B;
            var one = Info(e, byIccid);
            Assert.AreEqual(1, one.Profiles.Count);
            Assert.AreEqual(Hex.Encode(B), Hex.Encode(Get(one, 0).Iccid));

            var byAid = new ProfileInfoListRequest();
            byAid.SearchAid = Get(all, 0).IsdpAid;
            one = Info(e, byAid);
            Assert.AreEqual(1, one.Profiles.Count);
            Assert.AreEqual(Hex.Encode(A), Hex.Encode(Get(one, 0).Iccid));

            var byClass = new ProfileInfoListRequest();
            byClass.SearchProfileClass = ProfileValues.ClassTest;
            one = Info(e, byClass);
            Assert.AreEqual(1, one.Profiles.Count);
            Assert.AreEqual(Hex.Encode(B), Hex.Encode(Get(one, 0).Iccid));

            var none = new ProfileInfoListRequest();
            none.SearchIccid = Unknown;
            Assert.AreEqual(0, Info(e, none).Profiles.Count);

            // Tag list: only ICCID and state come back.
            var tags = new ProfileInfoListRequest();
            tags.TagList = Hex.Decode("5A9F70");
            var slim = Info(e, tags);
            Assert.AreEqual(2, slim.Profiles.Count);
            Assert.AreEqual(Hex.Encode(A), Hex.Encode(Get(slim, 0).Iccid));
            Assert.AreEqual(ProfileValues.StateDisabled, Get(slim, 0).ProfileState);
            Assert.IsNull(Get(slim, 0).ProfileName);
            Assert.IsNull(Get(slim, 0).IsdpAid);
            Assert.IsNull(Get(slim, 0).ServiceProviderName);

            // Malformed: 6A80.
            Assert.IsNull(e.Apdu.TrySend(Hex.Decode("BF2D05A003")));
            Assert.AreEqual("6A80", e.Apdu.StatusHex);
        }

        [TestMethod]
        public void EnableDisableDelete()
        {
            var e = TwoProfiles();
            Assert.AreEqual(ProfileOperationResult.IccidOrAidNotFound, e.ProfileOperation(RspTags.EnableProfile, Unknown, false));
            Assert.AreEqual(ProfileOperationResult.IccidOrAidNotFound, e.ProfileOperation(RspTags.DisableProfile, Unknown, false));
            Assert.AreEqual(ProfileOperationResult.IccidOrAidNotFound, e.ProfileOperation(RspTags.DeleteProfile, Unknown, false));
            Assert.AreEqual(ProfileOperationResult.ProfileNotInEnabledState, e.ProfileOperation(RspTags.DisableProfile, A, false));

            Assert.AreEqual(ProfileOperationResult.Ok, e.ProfileOperation(RspTags.EnableProfile, A, false));
            Assert.AreEqual(ProfileValues.StateEnabled, State(e, A));
            Assert.IsTrue(e.Engine.HasEnabledProfile);
            Assert.AreEqual(ProfileOperationResult.ProfileNotInDisabledState, e.ProfileOperation(RspTags.EnableProfile, A, false));
            Assert.AreEqual(ProfileOperationResult.ProfileNotInDisabledState, e.ProfileOperation(RspTags.DeleteProfile, A, false));

            // Enabling B disables A.
            Assert.AreEqual(ProfileOperationResult.Ok, e.ProfileOperation(RspTags.EnableProfile, B, false));
            Assert.AreEqual(ProfileValues.StateDisabled, State(e, A));
            Assert.AreEqual(ProfileValues.StateEnabled, State(e, B));

            Assert.AreEqual(ProfileOperationResult.Ok, e.ProfileOperation(RspTags.DisableProfile, B, false));
            Assert.AreEqual(ProfileValues.StateDisabled, State(e, B));
            Assert.IsFalse(e.Engine.HasEnabledProfile);

            Assert.AreEqual(ProfileOperationResult.Ok, e.ProfileOperation(RspTags.DeleteProfile, A, false));
            Assert.AreEqual(-1, State(e, A));
            Assert.AreEqual(1, e.Store.List("euicc/profile/").Length, "the image went with the profile");
            Assert.AreEqual(1, e.Reboot().Profiles().Profiles.Count);

            // Malformed: ICCID of one byte.
            Assert.IsNull(e.Apdu.TrySend(Hex.Decode("BF31035A0198")));
            Assert.AreEqual("6A80", e.Apdu.StatusHex);
        }

        [TestMethod]
        public void SetNickname()
        {
            var e = TwoProfiles();
            var r = new SetNicknameRequest();
            r.Iccid = A;
            r.ProfileNickname = "my iot line";
            Assert.AreEqual(SetNicknameResult.Ok, Es10Result.Decode(e.Send(r.Encode()), RspTags.SetNickname).Result);
            var q = new ProfileInfoListRequest();
            q.SearchIccid = A;
            Assert.AreEqual("my iot line", Get(Info(e, q), 0).ProfileNickname);
            r.Iccid = Unknown;
            Assert.AreEqual(SetNicknameResult.IccidNotFound, Es10Result.Decode(e.Send(r.Encode()), RspTags.SetNickname).Result);
            Assert.IsNull(e.Apdu.TrySend(Hex.Decode("BF290C5A0A989449999999990032900C")));
            Assert.AreEqual("6A80", e.Apdu.StatusHex);
            Assert.AreEqual("my iot line", Get(Info(e.Reboot(), q), 0).ProfileNickname);
        }

        private static int Reset(PortableEuicc e, int option)
        {
            var r = new EuiccMemoryResetRequest();
            r.ResetOptions = BitString.FromBit(option);
            return Es10Result.Decode(e.Send(r.Encode()), RspTags.EuiccMemoryReset).Result;
        }

        [TestMethod]
        public void EuiccMemoryReset()
        {
            var e = TwoProfiles();
            Assert.AreEqual(ProfileOperationResult.Ok, e.ProfileOperation(RspTags.EnableProfile, A, false));
            // Field-loaded test profiles only: B goes, A stays.
            Assert.AreEqual(EuiccMemoryResetResult.Ok, Reset(e, EuiccMemoryResetRequest.DeleteFieldLoadedTestProfiles));
            Assert.AreEqual(-1, State(e, B));
            Assert.AreEqual(ProfileValues.StateEnabled, State(e, A));
            Assert.AreEqual(EuiccMemoryResetResult.NothingToDelete, Reset(e, EuiccMemoryResetRequest.DeleteFieldLoadedTestProfiles));
            // Operational profiles, even the enabled one.
            Assert.AreEqual(EuiccMemoryResetResult.Ok, Reset(e, EuiccMemoryResetRequest.DeleteOperationalProfiles));
            Assert.AreEqual(0, e.Profiles().Profiles.Count);
            Assert.AreEqual(0, e.Store.List("euicc/profile/").Length);
            Assert.IsFalse(e.Engine.HasEnabledProfile);
            Assert.AreEqual(EuiccMemoryResetResult.NothingToDelete, Reset(e, EuiccMemoryResetRequest.DeleteOperationalProfiles));
            Assert.IsNull(e.Apdu.TrySend(Hex.Decode("BF34048201")));
            Assert.AreEqual("6A80", e.Apdu.StatusHex);
        }
    }
}
