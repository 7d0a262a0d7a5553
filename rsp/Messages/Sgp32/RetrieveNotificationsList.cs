using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>
    /// The SGP.32 additions to ES10b.RetrieveNotificationsList (§5.9.11). Request:
    /// <c>BF2B {[A0 {80 seqNumber | 81 pmo | 82 00 euiccPackageResults}]}</c>. Response, a CHOICE with
    /// automatic tags: <c>A0</c> notificationList, <c>81</c> error, <c>A2</c> euiccPackageResultList (BF51...),
    /// <c>A3 {30 notifications, 30 results}</c> notificationAndEprList (v1.0 only). Notifications stay raw TLVs
    /// (BF37 / 30 / compact A0 / A1) for the SGP.22 models.
    /// </summary>
    public sealed class Sgp32RetrieveNotificationsList : Sgp32Encodable
    {
        public const int NotificationList = 0xA0;
        public const int Error = 0x81;
        public const int EuiccPackageResultList = 0xA2;
        public const int NotificationAndEprList = 0xA3;

        public int Kind = NotificationList;
        /// <summary>Raw PendingNotification TLVs (byte[]).</summary>
        public ArrayList Notifications = new ArrayList();
        /// <summary><see cref="EuiccPackageResult"/> items.</summary>
        public ArrayList EuiccPackageResults = new ArrayList();
        public int ErrorCode;

        /// <summary>Request for all EuiccPackageResults: <c>BF2B 04 A0 02 82 00</c>.</summary>
        public static byte[] EncodeRequestEuiccPackageResults()
        {
            return Hex.Decode("BF2B04A0028200");
        }

        public static byte[] EncodeRequestSeqNumber(long seq)
        {
            var w = new TlvWriter(16);
            w.Begin(RspTags.RetrieveNotificationsList).Begin(0xA0).WriteInteger(0x80, seq).End().End();
            return w.ToArray();
        }

        /// <summary>True when the request asks for euiccPackageResults (A0 {82 00}).</summary>
        public static bool RequestAsksForEuiccPackageResults(byte[] request)
        {
            var t = Sgp32Der.Parse(request, RspTags.RetrieveNotificationsList);
            var a = t.Find(0xA0);
            return a != null && Sgp32Der.Single(a).Tag == 0x82;
        }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.RetrieveNotificationsList);
            switch (Kind)
            {
                case Error: w.WriteInteger(Error, ErrorCode); break;
                case NotificationList: WriteNotifications(w, NotificationList); break;
                case EuiccPackageResultList: WriteResults(w, EuiccPackageResultList, version); break;
                case NotificationAndEprList:
                    w.Begin(NotificationAndEprList);
                    WriteNotifications(w, Tags.Sequence);
                    WriteResults(w, Tags.Sequence, version);
                    w.End();
                    break;
                default: throw new InvalidOperationException("unknown RetrieveNotificationsList kind");
            }
            w.End();
        }

        private void WriteNotifications(TlvWriter w, int tag)
        {
            w.Begin(tag);
            for (int i = 0; i < Notifications.Count; i++) w.WriteRaw((byte[])Notifications[i]);
            w.End();
        }

        private void WriteResults(TlvWriter w, int tag, Sgp32Version version)
        {
            w.Begin(tag);
            for (int i = 0; i < EuiccPackageResults.Count; i++) ((EuiccPackageResult)EuiccPackageResults[i]).WriteTo(w, version);
            w.End();
        }

        public static Sgp32RetrieveNotificationsList Decode(byte[] data)
        {
            return Decode(Sgp32Der.Parse(data, RspTags.RetrieveNotificationsList));
        }

        public static Sgp32RetrieveNotificationsList Decode(Tlv t)
        {
            t.Expect(RspTags.RetrieveNotificationsList);
            var c = Sgp32Der.Single(t);
            var res = new Sgp32RetrieveNotificationsList();
            res.Kind = c.Tag;
            switch (c.Tag)
            {
                case Error: res.ErrorCode = c.AsInt(); break;
                case NotificationList: ReadNotifications(c, res.Notifications); break;
                case EuiccPackageResultList: ReadResults(c, res.EuiccPackageResults); break;
                case NotificationAndEprList:
                    {
                        var f = new Sgp32Fields(c);
                        ReadNotifications(f.Required(Tags.Sequence, "notificationList"), res.Notifications);
                        ReadResults(f.Required(Tags.Sequence, "euiccPackageResultList"), res.EuiccPackageResults);
                        break;
                    }
                default: throw Sgp32Der.Unexpected(c, "RetrieveNotificationsListResponse");
            }
            return res;
        }

        internal static void ReadNotifications(Tlv list, ArrayList into)
        {
            var r = list.Children();
            while (r.HasMore)
            {
                var n = r.Read();
                if (n.Tag != RspTags.ProfileInstallationResult && n.Tag != Tags.Sequence && n.Tag != 0xA0 && n.Tag != 0xA1)
                    throw Sgp32Der.Unexpected(n, "PendingNotification list");
                into.Add(n.Encoded());
            }
        }

        private static void ReadResults(Tlv list, ArrayList into)
        {
            var r = list.Children();
            while (r.HasMore) into.Add(EuiccPackageResult.Decode(r.Read()));
        }
    }
}
