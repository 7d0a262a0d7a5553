using System;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Euicc
{
    /// <summary>Broken packages, sent through the IPA's real LoadBoundProfilePackage.Execute: each ends in a signed error PIR naming the failing command and reason, installs
    /// nothing, queues the PIR as the install notification, and leaves the eUICC able to download.</summary>
    [TestClass]
    public class EuiccBppErrorTests
    {
        private static readonly byte[] TheIccid = Iccid.ToBytes(TestSmdp.Iccid);

        private static void AssertFailedCleanly(EuiccBed bed, DownloadOutcome o, int cmd, int reason)
        {
            Assert.IsNotNull(o.Pir, "no PIR");
            Assert.IsFalse(o.Pir.Data.Success);
            Assert.AreEqual(cmd, o.Pir.Data.BppCommandId, "bppCommandId");
            Assert.AreEqual(reason, o.Pir.Data.ErrorReason, "errorReason");
            Assert.AreEqual(0, bed.Profiles().Profiles.Count);
            Assert.AreEqual(0, bed.Inner.List("euicc/profile/").Length, "image left behind");
            EuiccBed.AssertConsistent(bed.Inner);
            // The error PIR is the pending install notification.
            var l = Es10b.ListNotification(bed.Es10, null);
            Assert.AreEqual(1, l.Notifications.Count);
            Assert.AreEqual(NotificationEvent.Install, l.Get(0).Operation);
            Assert.AreEqual(Hex.Encode(o.PirBytes), Hex.Encode(Es10b.RetrieveNotificationsList(bed.Es10, l.Get(0).SeqNumber).Get(0).Raw));
            // Still usable: a clean download works.
            var ok = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, null);
            Assert.IsTrue(ok.Pir.Data.Success);
            Assert.IsNotNull(bed.Find(TheIccid));
        }

        [TestMethod]
        public void TamperedSegmentMac()
        {
            var bed = EuiccBed.New();
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, new DownloadPlan { TamperSegmentMac = true });
            AssertFailedCleanly(bed, o, BppCommandId.LoadProfileElements, ProfileInstallationErrorReason.Scp03tSecurityError);
            // The eUICC answered at the second 86 segment: the IPA stopped there instead of sending the rest.
            Assert.IsTrue(o.BppBytesRead < o.BppLength, "the IPA read the whole package after an early PIR");
        }

        [TestMethod]
        public void MetadataIccidDiffersFromProfileHeader()
        {
            var bed = EuiccBed.New();
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid,
                new DownloadPlan { MetadataIccid = Iccid.ToBytes("8949449999999990031") });
            AssertFailedCleanly(bed, o, BppCommandId.LoadProfileElements, ProfileInstallationErrorReason.IccidMismatch);
            Assert.AreEqual(Hex.Encode(Iccid.ToBytes("8949449999999990031")), Hex.Encode(o.Pir.Data.NotificationMetadata.Iccid));
            // The header PE is in the first 86 segment: the rest of sequenceOf86 was never sent.
            Assert.IsTrue(o.BppBytesRead < o.BppLength, "the IPA read the whole package after an early PIR");
        }

        [TestMethod]
        public void WrongSmdpSignInInitialiseSecureChannel()
        {
            var bed = EuiccBed.New();
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, new DownloadPlan { TamperSmdpSign = true });
            AssertFailedCleanly(bed, o, BppCommandId.InitialiseSecureChannel, ProfileInstallationErrorReason.InvalidSignature);
            Assert.IsTrue(o.BppBytesRead < o.BppLength, "the IPA read the whole package after an early PIR");
        }

        [TestMethod]
        public void ProvisioningProfileClassIsRefusedAtStoreMetadata()
        {
            var bed = EuiccBed.New();
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, new DownloadPlan { ProfileClass = ProfileValues.ClassProvisioning });
            AssertFailedCleanly(bed, o, BppCommandId.StoreMetadata, ProfileInstallationErrorReason.UnsupportedProfileClass);
            Assert.IsTrue(o.BppBytesRead < o.BppLength, "the IPA read the whole package after an early PIR");
        }

        [TestMethod]
        public void OversizedStoreMetadataIsRefusedNotBuffered()
        {
            // ~150 addresses of ~40 bytes: well past the 4096-byte metadata bound the eUICC keeps in RAM.
            var bed = EuiccBed.New();
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, new DownloadPlan { ExtraNotificationAddresses = 150 });
            AssertFailedCleanly(bed, o, BppCommandId.StoreMetadata, ProfileInstallationErrorReason.IncorrectInputValues);
            // A large but reasonable metadata (a few addresses) still installs: see AssertFailedCleanly's clean download.
        }

        [TestMethod]
        public void SameIccidTwiceIsRefusedAtStoreMetadata()
        {
            var bed = EuiccBed.New();
            Assert.IsTrue(new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, null).Pir.Data.Success);
            string before = bed.IndexHex;
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, null);
            Assert.IsFalse(o.Pir.Data.Success);
            Assert.AreEqual(BppCommandId.StoreMetadata, o.Pir.Data.BppCommandId);
            Assert.AreEqual(ProfileInstallationErrorReason.IccidAlreadyExistsOnEuicc, o.Pir.Data.ErrorReason);
            Assert.IsTrue(o.BppBytesRead < o.BppLength);
            Assert.AreEqual(1, bed.Profiles().Profiles.Count);
            Assert.AreEqual(1, bed.Inner.List("euicc/profile/").Length);
            Assert.AreNotEqual(before, bed.IndexHex, "the error PIR is queued");
            EuiccBed.AssertConsistent(bed.Inner);
        }

        [TestMethod]
        public void SameFailuresSentPartByPartGiveTheSamePir()
        {
            // The card's answer does not depend on the IPA: sent without it, the same commands and reasons come back.
            var plans = new[]
            {
                new DownloadPlan { TamperSegmentMac = true, SendPartsDirectly = true },
                new DownloadPlan { MetadataIccid = Iccid.ToBytes("8949449999999990031"), SendPartsDirectly = true },
                new DownloadPlan { TamperSmdpSign = true, SendPartsDirectly = true },
            };
            int[] cmds = { BppCommandId.LoadProfileElements, BppCommandId.LoadProfileElements, BppCommandId.InitialiseSecureChannel };
            int[] reasons = { ProfileInstallationErrorReason.Scp03tSecurityError, ProfileInstallationErrorReason.IccidMismatch, ProfileInstallationErrorReason.InvalidSignature };
            for (int i = 0; i < plans.Length; i++)
            {
                var bed = EuiccBed.New();
                var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, plans[i]);
                AssertFailedCleanly(bed, o, cmds[i], reasons[i]);
            }
        }

        [TestMethod]
        public void TruncatedPackageThenNewSession()
        {
            foreach (int stop in new[] { 1, 2, 3, 4, 5, 6 })
            {
                var bed = EuiccBed.New();
                var smdp = new TestSmdp();
                var first = smdp.Download(bed.Es10, bed.Engine.Context.Identity.Eid, new DownloadPlan { StopAfterRequests = stop });
                // The IPA gives up and starts over: the new session must work from its first request.
                var o = smdp.Download(bed.Es10, bed.Engine.Context.Identity.Eid, null);
                Assert.IsTrue(o.Pir.Data.Success, "stop " + stop.ToString() + ": " + o.Pir.Data.ErrorReason.ToString());
                Assert.AreEqual(1, bed.Profiles().Profiles.Count);
                EuiccBed.AssertConsistent(bed.Inner);
                // The abandoned package left a signed interruption PIR for its transaction.
                var l = Es10b.RetrieveNotificationsList(bed.Es10, -1);
                ProfileInstallationResult old = null;
                for (int i = 0; i < l.Notifications.Count; i++)
                {
                    var p = l.Get(i).ProfileInstallationResult;
                    if (p != null && Bytes.Equal(p.Data.TransactionId, first.TransactionId)) old = p;
                }
                Assert.IsNotNull(old, "stop " + stop.ToString() + ": no PIR for the abandoned package");
                Assert.IsFalse(old.Data.Success);
                Assert.AreEqual(ProfileInstallationErrorReason.Interruption, old.Data.ErrorReason);
                // Interrupted between sequences: the command that was due next (after BF23: ConfigureISDP; after A0:
                // StoreMetadata; after A1: the profile elements); inside A3: loadProfileElements.
                int expectedCmd = stop == 1 ? BppCommandId.ConfigureIsdp : stop <= 3 ? BppCommandId.StoreMetadata : BppCommandId.LoadProfileElements;
                Assert.AreEqual(expectedCmd, old.Data.BppCommandId, "stop " + stop.ToString() + " cmd " + old.Data.BppCommandId.ToString());
                var pk = X509Certificate.Parse(bed.Engine.Context.Identity.EuiccCertificate).PublicKey;
                Assert.IsTrue(TestSmdp.Verify(pk, old.SignedData(), old.EuiccSignPir));
            }
        }
    }
}
