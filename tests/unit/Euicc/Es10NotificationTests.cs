using System;
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
    /// <summary>ES10b ListNotification, RetrieveNotificationsList and RemoveNotificationFromList through the ISD-R
    /// APDUs: the install PIR and a signed enable notification, filters, retrieval and removal, and the errors.</summary>
    [TestClass]
    public class Es10NotificationTests
    {
        private static ListNotificationResponse List(PortableEuicc e, BitString filter)
        {
            var r = new ListNotificationRequest();
            r.ProfileManagementOperation = filter;
            return ListNotificationResponse.Decode(e.Send(r.Encode()));
        }

        private static RetrieveNotificationsListResponse Retrieve(PortableEuicc e, RetrieveNotificationsListRequest r)
        {
            return RetrieveNotificationsListResponse.Decode(e.Send(r.Encode()));
        }

        private static int Remove(PortableEuicc e, int seq)
        {
            return Es10Result.Decode(e.Send(new RemoveNotificationFromListRequest(seq).Encode()), RspTags.RemoveNotificationFromList).Result;
        }

        [TestMethod]
        public void ListRetrieveAndRemove()
        {
            var e = PortableEuicc.New();
            Assert.AreEqual(0, List(e, null).Notifications.Count);
            Assert.AreEqual(0, Retrieve(e, new RetrieveNotificationsListRequest()).Notifications.Count);

            var o = new PortableSmdp(PortableTestPki.P256).Download(e, null);
            Assert.IsTrue(o.Pir.Data.Success);
            byte[] iccid = Iccid.ToBytes(PortableSmdp.Iccid);
            Assert.AreEqual(ProfileOperationResult.Ok, e.ProfileOperation(RspTags.EnableProfile, iccid, false));

            var all = List(e, null);
            Assert.AreEqual(2, all.Notifications.Count);
            var install = all.Get(0);
            var enable = all.Get(1);
            Assert.AreEqual(NotificationEvent.Install, install.Operation);
            Assert.AreEqual(NotificationEvent.Enable, enable.Operation);
            Assert.IsTrue(enable.SeqNumber > install.SeqNumber);
            Assert.AreEqual(PortableSmdp.Address, enable.NotificationAddress);
            Assert.AreEqual(Hex.Encode(iccid), Hex.Encode(enable.Iccid));

            // Filter by operation.
            var onlyEnable = List(e, BitString.FromBit(NotificationEvent.Enable));
            Assert.AreEqual(1, onlyEnable.Notifications.Count);
            Assert.AreEqual(enable.SeqNumber, onlyEnable.Get(0).SeqNumber);

            // Retrieval by sequence number: the PIR exactly as LoadBoundProfilePackage answered it.
            var pir = Retrieve(e, RetrieveNotificationsListRequest.BySeqNumber(install.SeqNumber));
            Assert.AreEqual(1, pir.Notifications.Count);
            Assert.AreEqual(Hex.Encode(o.PirBytes), Hex.Encode(pir.Get(0).Raw));
            // The enable notification is an OtherSignedNotification signed with SK.EUICC.
            var en = Retrieve(e, RetrieveNotificationsListRequest.BySeqNumber(enable.SeqNumber)).Get(0).OtherSignedNotification;
            Assert.IsNotNull(en);
            Assert.IsTrue(PortableSmdp.VerifyEuicc(PortableTestPki.P256.Euicc, en.TbsOtherNotification.Raw, en.EuiccNotificationSignature));
            Assert.AreEqual(Hex.Encode(PortableTestPki.P256.Euicc), Hex.Encode(en.EuiccCertificate));
            Assert.AreEqual(2, Retrieve(e, new RetrieveNotificationsListRequest()).Notifications.Count);
            var byOp = new RetrieveNotificationsListRequest();
            byOp.ProfileManagementOperation = BitString.FromBit(NotificationEvent.Install);
            Assert.AreEqual(1, Retrieve(e, byOp).Notifications.Count);

            // Unknown sequence number: noResultAvailable (1).
            Assert.AreEqual(1, Retrieve(e, RetrieveNotificationsListRequest.BySeqNumber(999)).Error);

            // Removal.
            Assert.AreEqual(RemoveNotificationResult.Ok, Remove(e, install.SeqNumber));
            Assert.AreEqual(RemoveNotificationResult.NothingToDelete, Remove(e, install.SeqNumber));
            Assert.AreEqual(RemoveNotificationResult.NothingToDelete, Remove(e, 999));
            var left = List(e.Reboot(), null);
            Assert.AreEqual(1, left.Notifications.Count);
            Assert.AreEqual(enable.SeqNumber, left.Get(0).SeqNumber);
            Assert.AreEqual(1, e.Store.List("euicc/notif/").Length, "the body went with the entry");

            Assert.IsNull(e.Apdu.TrySend(Hex.Decode("BF30035A01")));
            Assert.AreEqual("6A80", e.Apdu.StatusHex);
            Assert.IsNull(e.Apdu.TrySend(Hex.Decode("BF2B038001")));
            Assert.AreEqual("6A80", e.Apdu.StatusHex);
        }
    }
}
