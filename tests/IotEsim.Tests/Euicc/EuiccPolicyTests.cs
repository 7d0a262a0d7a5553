using System;
using System.Collections;
using IotEsim.Euicc.Engine;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;
using IotEsim.Tests.EuiccSgp32;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Euicc
{
    /// <summary>
    /// refreshFlag / catBusy on Enable and Disable (SGP.22 v2.5 §5.7.16-17) and Profile Policy Rules: PPR1 (no
    /// disabling), PPR2 (no deletion), the Rules Authorisation Table at install (pprNotAllowed) and in GetRAT /
    /// EUICCInfo2, and the same rules behind the SGP.32 PSMOs. Every refusal leaves the committed index as it was.
    /// </summary>
    [TestClass]
    public class EuiccPolicyTests
    {
        private const string IccidA = TestSmdp.Iccid;          // 8949449999999990023
        private const string IccidB = "8949449999999990031";
        private static readonly byte[] A = Iccid.ToBytes(IccidA);
        private static readonly byte[] B = Iccid.ToBytes(IccidB);

        /// <summary>MCC 262, MNC 01 as the 3-byte PLMN encoding (TS 24.008): 62 F2 10.</summary>
        private static OperatorId Operator(string hex) { var o = new OperatorId(); o.MccMnc = Hex.Decode(hex); return o; }

        private static ProfilePolicyAuthorisationRule Rule(int[] pprs, params string[] operators)
        {
            var r = new ProfilePolicyAuthorisationRule();
            r.PprIds = BitString.FromBits(pprs);
            r.PprFlags = BitString.FromBits(new int[0]);
            foreach (var o in operators) r.AllowedOperators.Add(Operator(o));
            return r;
        }

        /// <summary>An eUICC whose RAT lets operator 262-01 install PPR1 and PPR2.</summary>
        private static EuiccBed BedWithRat()
        {
            var o = new EuiccOptions();
            o.RulesAuthorisationTable.Add(Rule(new[] { ProfilePolicy.Ppr1, ProfilePolicy.Ppr2 }, "62F210"));
            return EuiccBed.New(o);
        }

        private static void Install(EuiccBed bed, string iccid, int[] pprs)
        {
            var plan = new DownloadPlan { Iccid = iccid };
            if (pprs != null) { plan.Ppr = BitString.FromBits(pprs); plan.Owner = Operator("62F210"); }
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, plan);
            Assert.IsTrue(o.Pir.Data.Success, "install " + iccid + ": " + o.Pir.Data.ErrorReason.ToString());
        }

        private static int Pending(EuiccBed bed) { return Es10b.ListNotification(bed.Es10, null).Notifications.Count; }

        [TestMethod]
        public void CatBusyWithoutRefreshFlagDuringAProactiveSession()
        {
            var bed = EuiccBed.New();
            Install(bed, IccidA, null);
            var cat = bed.Engine.Context.Proactive;
            cat.SessionOngoing = true;
            string index = bed.IndexHex;
            int pending = Pending(bed);
            Assert.AreEqual(ProfileOperationResult.CatBusy, Es10c.EnableProfile(bed.Es10, A, false));
            Assert.AreEqual(index, bed.IndexHex, "catBusy changed the index");
            Assert.AreEqual(pending, Pending(bed));
            Assert.AreEqual(0, cat.RefreshCount);

            // With refreshFlag the eUICC makes the change and owes the terminal a REFRESH (UICC reset).
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.EnableProfile(bed.Es10, A, true));
            Assert.AreEqual(ProfileValues.StateEnabled, bed.Find(A).ProfileState);
            Assert.AreEqual(ProactiveState.RefreshUiccReset, cat.PendingRefresh);
            Assert.AreEqual(1, cat.RefreshCount);
            cat.RefreshDone();

            index = bed.IndexHex;
            Assert.AreEqual(ProfileOperationResult.CatBusy, Es10c.DisableProfile(bed.Es10, A, false));
            Assert.AreEqual(index, bed.IndexHex);
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.DisableProfile(bed.Es10, A, true));
            Assert.AreEqual(ProactiveState.RefreshUiccReset, cat.PendingRefresh);
            Assert.AreEqual(2, cat.RefreshCount);
            cat.RefreshDone();

            // Delete has neither refreshFlag nor catBusy: a disabled profile goes during a proactive session too.
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.DeleteProfile(bed.Es10, A));
            Assert.AreEqual(0, cat.PendingRefresh);
            EuiccBed.AssertConsistent(bed.Inner);
        }

        [TestMethod]
        public void WithoutAProactiveSessionNoFlagMeansNoRefresh()
        {
            var bed = EuiccBed.New();
            Install(bed, IccidA, null);
            var cat = bed.Engine.Context.Proactive;
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.EnableProfile(bed.Es10, A, false));
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.DisableProfile(bed.Es10, A, false));
            Assert.AreEqual(0, cat.RefreshCount, "the device resets the card itself when refreshFlag is not set");
            Assert.AreEqual(0, cat.PendingRefresh);
        }

        [TestMethod]
        public void Ppr1ForbidsDisablingAndSwitchingAway()
        {
            var bed = BedWithRat();
            Install(bed, IccidA, new[] { ProfilePolicy.Ppr1 });
            Install(bed, IccidB, null);
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.EnableProfile(bed.Es10, A, false));
            string index = bed.IndexHex;
            int pending = Pending(bed);
            Assert.AreEqual(ProfileOperationResult.DisallowedByPolicy, Es10c.DisableProfile(bed.Es10, A, false));
            Assert.AreEqual(ProfileOperationResult.DisallowedByPolicy, Es10c.DisableProfile(bed.Es10, A, true));
            // Enabling B would disable A.
            Assert.AreEqual(ProfileOperationResult.DisallowedByPolicy, Es10c.EnableProfile(bed.Es10, B, false));
            Assert.AreEqual(ProfileOperationResult.DisallowedByPolicy, Es10c.EnableProfile(bed.Es10, B, true));
            Assert.AreEqual(index, bed.IndexHex, "a refused operation changed the index");
            Assert.AreEqual(pending, Pending(bed), "a refused operation queued a notification");
            Assert.AreEqual(0, bed.Engine.Context.Proactive.RefreshCount);
            Assert.AreEqual(ProfileValues.StateEnabled, bed.Find(A).ProfileState);
            // Policy comes before state checks only where the state allows the operation: B is disabled and has
            // no PPR2, so it can be deleted.
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.DeleteProfile(bed.Es10, B));
            // GetProfilesInfo reports the rule.
            Assert.IsTrue(bed.Find(A).ProfilePolicyRules.Get(ProfilePolicy.Ppr1));
            EuiccBed.AssertConsistent(bed.Inner);
        }

        [TestMethod]
        public void Ppr2ForbidsDeletionButNotAMemoryReset()
        {
            var bed = BedWithRat();
            Install(bed, IccidA, new[] { ProfilePolicy.Ppr2 });
            string index = bed.IndexHex;
            Assert.AreEqual(ProfileOperationResult.DisallowedByPolicy, Es10c.DeleteProfile(bed.Es10, A));
            Assert.AreEqual(index, bed.IndexHex);
            Assert.AreEqual(1, bed.Inner.List("euicc/profile/").Length);
            // PPR2 does not restrict enabling or disabling.
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.EnableProfile(bed.Es10, A, false));
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.DisableProfile(bed.Es10, A, false));
            Assert.AreEqual(ProfileOperationResult.DisallowedByPolicy, Es10c.DeleteProfile(bed.Es10, A));
            // eUICCMemoryReset removes operational profiles whatever their rules (docs/decisions.md).
            Assert.AreEqual(EuiccMemoryResetResult.Ok, Es10c.EuiccMemoryReset(bed.Es10, BitString.FromBit(EuiccMemoryResetRequest.DeleteOperationalProfiles)));
            Assert.AreEqual(0, bed.Profiles().Profiles.Count);
            EuiccBed.AssertConsistent(bed.Inner);
        }

        [TestMethod]
        public void InstallRefusedWithPprNotAllowedUnlessTheRatAllowsTheOwner()
        {
            // Default eUICC: empty RAT, so no profile with PPRs may be installed.
            var bed = EuiccBed.New();
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid,
                new DownloadPlan { Ppr = BitString.FromBit(ProfilePolicy.Ppr1), Owner = Operator("62F210") });
            Assert.IsFalse(o.Pir.Data.Success);
            Assert.AreEqual(BppCommandId.StoreMetadata, o.Pir.Data.BppCommandId);
            Assert.AreEqual(ProfileInstallationErrorReason.PprNotAllowed, o.Pir.Data.ErrorReason);
            Assert.AreEqual(0, bed.Profiles().Profiles.Count);
            Assert.AreEqual(0, bed.Inner.List("euicc/profile/").Length);
            EuiccBed.AssertConsistent(bed.Inner);
            // EUICCInfo2 announces both rules as forbidden; GetRAT is empty.
            var info = Es10b.GetEuiccInfo2(bed.Es10);
            Assert.AreEqual("0560", Hex.Encode(info.ForbiddenProfilePolicyRules.Content));
            Assert.AreEqual(0, GetRatResponse.Decode(bed.Es10.Transceive(GetRatResponse.EncodeRequest())).Rules.Count);

            // RAT: PPR1 for 262-01 only, PPR2 for MCC 31x with any MNC (wildcard digits E).
            var opts = new EuiccOptions();
            opts.RulesAuthorisationTable.Add(Rule(new[] { ProfilePolicy.Ppr1 }, "62F210"));
            opts.RulesAuthorisationTable.Add(Rule(new[] { ProfilePolicy.Ppr2 }, "13EEEE"));
            bed = EuiccBed.New(opts);
            Assert.IsNull(Es10b.GetEuiccInfo2(bed.Es10).ForbiddenProfilePolicyRules, "both rules are allowed for someone");
            var rat = GetRatResponse.Decode(bed.Es10.Transceive(GetRatResponse.EncodeRequest()));
            Assert.AreEqual(2, rat.Rules.Count);
            Assert.AreEqual("62F210", Hex.Encode(((OperatorId)((ProfilePolicyAuthorisationRule)rat.Rules[0]).AllowedOperators[0]).MccMnc));

            // PPR1 from 310-410: not allowed (PPR1 is only for 262-01).
            o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid,
                new DownloadPlan { Ppr = BitString.FromBit(ProfilePolicy.Ppr1), Owner = Operator("130014") });
            Assert.AreEqual(ProfileInstallationErrorReason.PprNotAllowed, o.Pir.Data.ErrorReason);
            // PPR1 + PPR2 from 262-01: PPR2 is not allowed for 262.
            o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid,
                new DownloadPlan { Ppr = BitString.FromBits(new[] { ProfilePolicy.Ppr1, ProfilePolicy.Ppr2 }), Owner = Operator("62F210") });
            Assert.AreEqual(ProfileInstallationErrorReason.PprNotAllowed, o.Pir.Data.ErrorReason);
            // A rule without a profile owner cannot be matched.
            o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, new DownloadPlan { Ppr = BitString.FromBit(ProfilePolicy.Ppr1) });
            Assert.AreEqual(ProfileInstallationErrorReason.PprNotAllowed, o.Pir.Data.ErrorReason);
            // PPR2 from 310-410 matches the wildcard entry.
            o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid,
                new DownloadPlan { Ppr = BitString.FromBit(ProfilePolicy.Ppr2), Owner = Operator("130014") });
            Assert.IsTrue(o.Pir.Data.Success, "wildcard RAT entry: " + o.Pir.Data.ErrorReason.ToString());
            Assert.IsTrue(bed.Find(A).ProfilePolicyRules.Get(ProfilePolicy.Ppr2));
            EuiccBed.AssertConsistent(bed.Inner);
        }

        [TestMethod]
        public void OperatorMatchWithGids()
        {
            var allowed = Operator("62F210");
            allowed.Gid1 = Hex.Decode("AB");
            var owner = Operator("62F210");
            Assert.IsFalse(ProfilePolicy.OperatorMatches(allowed, owner), "the entry names GID1, the owner has none");
            owner.Gid1 = Hex.Decode("AB");
            Assert.IsTrue(ProfilePolicy.OperatorMatches(allowed, owner));
            owner.Gid1 = Hex.Decode("AC");
            Assert.IsFalse(ProfilePolicy.OperatorMatches(allowed, owner));
            Assert.IsTrue(ProfilePolicy.OperatorMatches(Operator("62F210"), owner), "an entry without GIDs matches any");
            Assert.IsFalse(ProfilePolicy.OperatorMatches(Operator("62F220"), Operator("62F210")));
        }

        [TestMethod]
        public void PsmosAnswerDisallowedByPolicyAndCatBusy()
        {
            var bed = BedWithRat();
            Install(bed, IccidA, new[] { ProfilePolicy.Ppr1, ProfilePolicy.Ppr2 });
            Install(bed, IccidB, null);
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.EnableProfile(bed.Es10, A, false));
            ICryptoProvider c = BclCryptoProvider.Instance;
            var eim = c.GenerateKeyPair();
            var add = new AddInitialEimRequest();
            add.EimConfigurations.Add(Sgp32TestRig.Config("eim-test", eim.PublicKey, true, 0));
            var added = AddInitialEimResponse.Decode(bed.Es10.Transceive(add.Encode()));
            Assert.IsTrue(added.IsOk);
            long token = (long)added.Results[0];
            string index = bed.IndexHex;

            var p = new EuiccPackageRequest();
            p.EimId = "eim-test";
            p.Eid = bed.Engine.Context.Identity.Eid;
            p.CounterValue = 1;
            p.EimTransactionId = Hex.Decode("0102030405060708");
            p.Psmos.Add(Psmo.NewDisable(A));
            var input = p.SignedDataToVerify(token);
            p.EimSignature = c.EcdsaSignHash(eim.PrivateKey, c.Sha256(input, 0, input.Length));
            var r = EuiccPackageResult.Decode(bed.Es10.Transceive(p.Encode()));
            Assert.AreEqual(EuiccPackageResult.ResultSigned, r.Kind);
            var item = (EuiccResultItem)r.Results[0];
            Assert.AreEqual(EuiccResultItem.DisableResult, item.Kind);
            Assert.AreEqual(ProfileOperationResult.DisallowedByPolicy, item.ResultCode());
            Assert.AreEqual(ProfileValues.StateEnabled, bed.Find(A).ProfileState);

            // enable B (would disable A): disallowedByPolicy; getRAT returns the table.
            p.CounterValue = 2;
            p.Psmos.Clear();
            p.Psmos.Add(Psmo.NewGetRat());
            p.Psmos.Add(Psmo.NewEnable(B, false));
            input = p.SignedDataToVerify(token);
            p.EimSignature = c.EcdsaSignHash(eim.PrivateKey, c.Sha256(input, 0, input.Length));
            r = EuiccPackageResult.Decode(bed.Es10.Transceive(p.Encode()));
            Assert.AreEqual(2, r.Results.Count);
            var rat = (EuiccResultItem)r.Results[0];
            Assert.AreEqual("A6", Hex.Encode(rat.Raw, 0, 1));
            Assert.IsTrue(Hex.Encode(rat.Raw).Contains("62F210"), "getRAT result without the configured rule");
            item = (EuiccResultItem)r.Results[1];
            Assert.AreEqual(EuiccResultItem.EnableResult, item.Kind);
            Assert.AreEqual(ProfileOperationResult.DisallowedByPolicy, item.ResultCode());
            Assert.AreEqual(ProfileValues.StateEnabled, bed.Find(A).ProfileState);
            Assert.AreEqual(ProfileValues.StateDisabled, bed.Find(B).ProfileState);

            // Without PPRs in the way, a proactive session makes a PSMO enable answer catBusy (no refreshFlag in PSMOs).
            var bed2 = EuiccBed.New();
            Install(bed2, IccidA, null);
            added = AddInitialEimResponse.Decode(bed2.Es10.Transceive(add.Encode()));
            token = (long)added.Results[0];
            bed2.Engine.Context.Proactive.SessionOngoing = true;
            p.CounterValue = 1;
            p.Eid = bed2.Engine.Context.Identity.Eid;
            p.Psmos.Clear();
            p.Psmos.Add(Psmo.NewEnable(A, false));
            input = p.SignedDataToVerify(token);
            p.EimSignature = c.EcdsaSignHash(eim.PrivateKey, c.Sha256(input, 0, input.Length));
            r = EuiccPackageResult.Decode(bed2.Es10.Transceive(p.Encode()));
            item = (EuiccResultItem)r.Results[0];
            Assert.AreEqual(ProfileOperationResult.CatBusy, item.ResultCode());
            Assert.AreEqual(ProfileValues.StateDisabled, bed2.Find(A).ProfileState);
        }
    }
}
