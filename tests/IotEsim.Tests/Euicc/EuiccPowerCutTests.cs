using System;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.State;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Euicc
{
    /// <summary>
    /// Power cut at every mutating store operation of an install, an enable and a delete (before and after the
    /// cut operation reaches the store). After each cut a new engine over the surviving bytes must show the old or
    /// the new state, never a mix: every profile has its image, every notification its body, the operation's
    /// notification exists iff the profile change happened, and repeating the operation succeeds.
    /// </summary>
    [TestClass]
    public class EuiccPowerCutTests
    {
        private static readonly byte[] TheIccid = Iccid.ToBytes(TestSmdp.Iccid);

        private static MemoryStore Copy(MemoryStore s)
        {
            var m = new MemoryStore();
            foreach (var k in s.List("")) m.Write(k, s.Read(k));
            return m;
        }

        private static MemoryStore Installed(bool enabled)
        {
            var bed = EuiccBed.New();
            Assert.IsTrue(new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, null).Pir.Data.Success);
            // Start from an empty notification list, so the operation's own notification is easy to see.
            var l = Es10b.ListNotification(bed.Es10, null);
            for (int i = 0; i < l.Notifications.Count; i++) Es10b.RemoveNotificationFromList(bed.Es10, l.Get(i).SeqNumber);
            if (enabled)
            {
                Assert.AreEqual(0, Es10c.EnableProfile(bed.Es10, TheIccid, false));
                l = Es10b.ListNotification(bed.Es10, null);
                for (int i = 0; i < l.Notifications.Count; i++) Es10b.RemoveNotificationFromList(bed.Es10, l.Get(i).SeqNumber);
            }
            return bed.Inner;
        }

        private delegate void Operation(EuiccBed bed);
        /// <summary>Checks the rebooted state; true when it is the new one.</summary>
        private delegate bool Check(EuiccBed bed, string where);

        private static int CountNotifications(EuiccBed bed, int evt)
        {
            return Es10b.ListNotification(bed.Es10, BitString.FromBit(evt)).Notifications.Count;
        }

        private static void Run(MemoryStore initial, Operation op, Check check)
        {
            // Dry run to count the mutations.
            var dry = new FaultInjectingStore(Copy(initial), 0);
            var dryInner = (MemoryStore)dry.Inner;
            int before = 0;
            op(new EuiccBed(dryInner, dry, null));
            int total = dry.MutationCount - before;
            Assert.IsTrue(total >= 2, "operation wrote " + total.ToString() + " times");
            bool sawOld = false, sawNew = false;
            foreach (bool after in new[] { false, true })
            {
                for (int cut = 1; cut <= total; cut++)
                {
                    string where = "cut " + cut.ToString() + "/" + total.ToString() + (after ? " after applying" : " before applying");
                    var inner = Copy(initial);
                    var f = new FaultInjectingStore(inner, 0);
                    var bed = new EuiccBed(inner, f, null);
                    f.CutAt = f.MutationCount + cut;
                    f.CutAfterApplying = after;
                    try { op(bed); }
                    catch (Exception) { }
                    Assert.IsTrue(f.PoweredOff, where + ": no cut happened");
                    EuiccBed.AssertConsistent(inner, true);
                    var rebooted = new EuiccBed(inner, inner, null);
                    EuiccBed.AssertConsistent(inner);
                    bool isNew = check(rebooted, where);
                    if (isNew) sawNew = true; else sawOld = true;
                    // A retry (or, in the new state, the next step) works.
                    if (!isNew)
                    {
                        op(rebooted);
                        Assert.IsTrue(check(rebooted, where + " retry"), where + ": retry did not reach the new state");
                    }
                    EuiccBed.AssertConsistent(inner);
                    Assert.IsNotNull(rebooted.Profiles(), where);
                }
            }
            Assert.IsTrue(sawOld && sawNew, "cuts should hit both sides of the commit point");
        }

        [TestMethod]
        public void InstallIsAtomic()
        {
            Run(new MemoryStore(), bed =>
            {
                var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, null);
                Assert.IsTrue(o.Pir.Data.Success, "PIR error " + o.Pir.Data.ErrorReason.ToString());
            }, (bed, where) =>
            {
                var p = bed.Find(TheIccid);
                int n = CountNotifications(bed, NotificationEvent.Install);
                if (p == null) { Assert.AreEqual(0, bed.Profiles().Profiles.Count, where); return false; }
                Assert.AreEqual(ProfileValues.StateDisabled, p.ProfileState, where);
                Assert.AreEqual(1, n, where + ": install notification iff installed");
                var rec = bed.Engine.Context.State.FindByIccid(TheIccid);
                Assert.AreEqual(Hex.Encode(TestSmdp.Upp), Hex.Encode(bed.Inner.Read(rec.ImageKey)), where);
                return true;
            });
        }

        [TestMethod]
        public void EnableIsAtomic()
        {
            Run(Installed(false), bed =>
            {
                Assert.AreEqual(ProfileOperationResult.Ok, Es10c.EnableProfile(bed.Es10, TheIccid, false));
            }, (bed, where) =>
            {
                var p = bed.Find(TheIccid);
                Assert.IsNotNull(p, where);
                int n = CountNotifications(bed, NotificationEvent.Enable);
                if (p.ProfileState == ProfileValues.StateDisabled) { Assert.AreEqual(0, n, where); return false; }
                Assert.AreEqual(ProfileValues.StateEnabled, p.ProfileState, where);
                Assert.AreEqual(1, n, where + ": enable notification iff enabled");
                return true;
            });
        }

        [TestMethod]
        public void DisableIsAtomic()
        {
            Run(Installed(true), bed =>
            {
                Assert.AreEqual(ProfileOperationResult.Ok, Es10c.DisableProfile(bed.Es10, TheIccid, false));
            }, (bed, where) =>
            {
                var p = bed.Find(TheIccid);
                Assert.IsNotNull(p, where);
                int n = CountNotifications(bed, NotificationEvent.Disable);
                if (p.ProfileState == ProfileValues.StateEnabled) { Assert.AreEqual(0, n, where); return false; }
                Assert.AreEqual(1, n, where + ": disable notification iff disabled");
                return true;
            });
        }

        [TestMethod]
        public void DeleteIsAtomic()
        {
            Run(Installed(false), bed =>
            {
                Assert.AreEqual(ProfileOperationResult.Ok, Es10c.DeleteProfile(bed.Es10, TheIccid));
            }, (bed, where) =>
            {
                var p = bed.Find(TheIccid);
                int n = CountNotifications(bed, NotificationEvent.Delete);
                if (p != null) { Assert.AreEqual(0, n, where); return false; }
                Assert.AreEqual(1, n, where + ": delete notification iff deleted");
                Assert.AreEqual(0, bed.Inner.List(StateStore.ProfilePrefix).Length, where + ": image left behind");
                return true;
            });
        }
    }
}
