using System;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Euicc
{
    /// <summary>A complete download from the test SM-DP+ into our eUICC, then the profile's life cycle through ES10c.</summary>
    [TestClass]
    public class EuiccDownloadTests
    {
        private static readonly byte[] TheIccid = Iccid.ToBytes(TestSmdp.Iccid);

        [TestMethod]
        public void DownloadEnableDisableDeleteWithNotifications()
        {
            var bed = EuiccBed.New();
            var smdp = new TestSmdp();
            var o = smdp.Download(bed.Es10, bed.Engine.Context.Identity.Eid, null);
            Assert.IsNull(o.Refused, o.Refused);
            Assert.IsTrue(o.Pir.Data.Success, "PIR error " + o.Pir.Data.BppCommandId.ToString() + "/" + o.Pir.Data.ErrorReason.ToString());
            Assert.AreEqual(TestSmdp.Address, o.Pir.Data.NotificationMetadata.NotificationAddress);
            Assert.AreEqual(Hex.Encode(TheIccid), Hex.Encode(o.Pir.Data.NotificationMetadata.Iccid));
            Assert.AreEqual(Hex.Encode(Oid.Encode(TestPki.SmdpRegisteredId)), Hex.Encode(o.Pir.Data.SmdpOid));

            var p = bed.Find(TheIccid);
            Assert.IsNotNull(p);
            Assert.AreEqual(ProfileValues.StateDisabled, p.ProfileState);
            Assert.AreEqual("TS48 v1 A", p.ProfileName);
            Assert.AreEqual("IotEsim Test", p.ServiceProviderName);
            Assert.AreEqual(ProfileValues.ClassOperational, p.ProfileClass);
            Assert.AreEqual(Hex.Encode(TestSmdp.Upp), Hex.Encode(bed.Inner.Read(bed.Engine.Context.State.Profile(0).ImageKey)));

            // Install notification: listed, retrievable byte-exact, removable.
            var list = Es10b.ListNotification(bed.Es10, null);
            Assert.AreEqual(1, list.Notifications.Count);
            Assert.AreEqual(NotificationEvent.Install, list.Get(0).Operation);
            int installSeq = list.Get(0).SeqNumber;
            var got = Es10b.RetrieveNotificationsList(bed.Es10, installSeq);
            Assert.AreEqual(1, got.Notifications.Count);
            Assert.AreEqual(Hex.Encode(o.PirBytes), Hex.Encode(got.Get(0).Raw));
            Assert.AreEqual(RemoveNotificationResult.Ok, Es10b.RemoveNotificationFromList(bed.Es10, installSeq));
            Assert.AreEqual(RemoveNotificationResult.NothingToDelete, Es10b.RemoveNotificationFromList(bed.Es10, installSeq));
            Assert.AreEqual(ListErrorCode.NoResultAvailable, Es10b.RetrieveNotificationsList(bed.Es10, installSeq).Error);
            Assert.AreEqual(0, Es10b.ListNotification(bed.Es10, null).Notifications.Count);

            // Enable: enabled + a signed enable notification.
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.EnableProfile(bed.Es10, TheIccid, false));
            Assert.AreEqual(ProfileValues.StateEnabled, bed.Find(TheIccid).ProfileState);
            Assert.AreEqual(ProfileOperationResult.ProfileNotInDisabledState, Es10c.EnableProfile(bed.Es10, TheIccid, false));
            list = Es10b.ListNotification(bed.Es10, null);
            Assert.AreEqual(1, list.Notifications.Count);
            Assert.AreEqual(NotificationEvent.Enable, list.Get(0).Operation);
            Assert.AreEqual(Hex.Encode(TheIccid), Hex.Encode(list.Get(0).Iccid));
            Assert.IsTrue(list.Get(0).SeqNumber > installSeq);
            var enableN = Es10b.RetrieveNotificationsList(bed.Es10, list.Get(0).SeqNumber).Get(0).OtherSignedNotification;
            Assert.IsNotNull(enableN);
            var euiccPk = IotEsim.Rsp.X509.X509Certificate.Parse(bed.Engine.Context.Identity.EuiccCertificate).PublicKey;
            Assert.IsTrue(TestSmdp.Verify(euiccPk, enableN.TbsOtherNotification.Raw != null ? enableN.TbsOtherNotification.Raw : enableN.TbsOtherNotification.Encode(), enableN.EuiccNotificationSignature));
            // Filtered list: no delete notifications yet.
            Assert.AreEqual(0, Es10b.ListNotification(bed.Es10, BitString.FromBit(NotificationEvent.Delete)).Notifications.Count);

            // Delete of the enabled profile is refused.
            Assert.AreEqual(ProfileOperationResult.ProfileNotInDisabledState, Es10c.DeleteProfile(bed.Es10, TheIccid));

            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.DisableProfile(bed.Es10, TheIccid, false));
            Assert.AreEqual(ProfileValues.StateDisabled, bed.Find(TheIccid).ProfileState);
            Assert.AreEqual(ProfileOperationResult.ProfileNotInEnabledState, Es10c.DisableProfile(bed.Es10, TheIccid, false));

            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.DeleteProfile(bed.Es10, TheIccid));
            Assert.IsNull(bed.Find(TheIccid));
            Assert.AreEqual(0, bed.Inner.List("euicc/profile/").Length);
            Assert.AreEqual(ProfileOperationResult.IccidOrAidNotFound, Es10c.DeleteProfile(bed.Es10, TheIccid));

            list = Es10b.ListNotification(bed.Es10, null);
            Assert.AreEqual(3, list.Notifications.Count);
            Assert.AreEqual(NotificationEvent.Enable, list.Get(0).Operation);
            Assert.AreEqual(NotificationEvent.Disable, list.Get(1).Operation);
            Assert.AreEqual(NotificationEvent.Delete, list.Get(2).Operation);
            Assert.AreEqual(1, Es10b.ListNotification(bed.Es10, BitString.FromBit(NotificationEvent.Delete)).Notifications.Count);
            EuiccBed.AssertConsistent(bed.Inner);

            // Survives a reboot; the profile can be downloaded again.
            var again = bed.Reboot();
            Assert.AreEqual(3, Es10b.ListNotification(again.Es10, null).Notifications.Count);
            var o2 = smdp.Download(again.Es10, again.Engine.Context.Identity.Eid, null);
            Assert.IsTrue(o2.Pir.Data.Success);
            Assert.AreEqual(ProfileValues.StateDisabled, again.Find(TheIccid).ProfileState);
        }

        [TestMethod]
        public void SecondDownloadOfSameIccidIsRefused()
        {
            var bed = EuiccBed.New();
            var smdp = new TestSmdp();
            Assert.IsTrue(smdp.Download(bed.Es10, bed.Engine.Context.Identity.Eid, null).Pir.Data.Success);
            var o = smdp.Download(bed.Es10, bed.Engine.Context.Identity.Eid, null);
            Assert.IsFalse(o.Pir.Data.Success);
            Assert.AreEqual(BppCommandId.StoreMetadata, o.Pir.Data.BppCommandId);
            Assert.AreEqual(ProfileInstallationErrorReason.IccidAlreadyExistsOnEuicc, o.Pir.Data.ErrorReason);
            Assert.AreEqual(1, bed.Profiles().Profiles.Count);
            EuiccBed.AssertConsistent(bed.Inner);
        }

        [TestMethod]
        public void ConfirmationCodeRightIsAccepted()
        {
            var bed = EuiccBed.New();
            var plan = new DownloadPlan { CcRequired = true, EnteredCode = "1234", OrderCode = "1234" };
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, plan);
            Assert.IsNull(o.Refused, o.Refused);
            // euiccSigned2 carries the hashCc the IPA supplied.
            Assert.AreEqual(Hex.Encode(TestSmdp.HashCc("1234", o.TransactionId)), Hex.Encode(o.Prepare.EuiccSigned2.HashCc));
            Assert.IsTrue(o.Pir.Data.Success);
            Assert.IsNotNull(bed.Find(TheIccid));
        }

        [TestMethod]
        public void ConfirmationCodeWrongIsRefusedBySmdpAndNothingInstalled()
        {
            var bed = EuiccBed.New();
            var plan = new DownloadPlan { CcRequired = true, EnteredCode = "9999", OrderCode = "1234" };
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, plan);
            Assert.AreEqual("confirmation code refused", o.Refused);
            Assert.AreEqual(0, bed.Profiles().Profiles.Count);
            // The session was cancelled; a correct attempt works.
            plan.EnteredCode = "1234";
            Assert.IsTrue(new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, plan).Pir.Data.Success);
        }

        [TestMethod]
        public void ConfirmationCodeMissingWhenRequiredIsAnError()
        {
            var bed = EuiccBed.New();
            var plan = new DownloadPlan { CcRequired = true, EnteredCode = null, OrderCode = "1234" };
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, plan);
            Assert.IsFalse(o.Prepare.IsOk);
            Assert.AreEqual(Hex.Encode(o.TransactionId), Hex.Encode(o.Prepare.ErrorTransactionId));
            Assert.AreEqual(0, bed.Profiles().Profiles.Count);
        }

        [TestMethod]
        public void HashCcWithoutCcRequiredIsNotPassedOn()
        {
            var bed = EuiccBed.New();
            var plan = new DownloadPlan { CcRequired = false, EnteredCode = "1234" };
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, plan);
            Assert.IsNull(o.Prepare.EuiccSigned2.HashCc);
            Assert.IsTrue(o.Pir.Data.Success);
        }
    }
}
