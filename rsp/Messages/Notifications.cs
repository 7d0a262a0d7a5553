using System;
using System.Collections;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.Messages
{
    /// <summary>ES10b.ListNotification (SGP.22 §5.7.9): request <c>BF28 {[81 profileManagementOperation]}</c>.</summary>
    public sealed class ListNotificationRequest
    {
        /// <summary>Filter, or null for all notifications.</summary>
        public BitString ProfileManagementOperation;

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.ListNotification);
            if (ProfileManagementOperation != null) ProfileManagementOperation.Write(w, 0x81);
            return w.End().ToArray();
        }

        public static ListNotificationRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.ListNotification)); }

        public static ListNotificationRequest Decode(Tlv t)
        {
            t.Expect(RspTags.ListNotification);
            var f = new SequenceFields(t, new int[] { 0x81 });
            var r = new ListNotificationRequest();
            var p = f.Optional(0x81);
            if (p != null) r.ProfileManagementOperation = BitString.Decode(p);
            return r;
        }
    }

    /// <summary>ES10b.ListNotification response: <c>BF28 {A0 {BF2F..}}</c> or <c>BF28 {81 error}</c>.</summary>
    public sealed class ListNotificationResponse
    {
        /// <summary>NotificationMetadata entries (ArrayList of <see cref="NotificationMetadata"/>).</summary>
        public ArrayList Notifications = new ArrayList();
        /// <summary>-1 = ok (list), else listNotificationsResultError (127 undefinedError).</summary>
        public int Error = -1;

        public NotificationMetadata Get(int i) { return (NotificationMetadata)Notifications[i]; }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.ListNotification);
            if (Error >= 0) w.WriteInteger(0x81, Error);
            else
            {
                w.Begin(0xA0);
                for (int i = 0; i < Notifications.Count; i++)
                {
                    var n = Get(i);
                    if (n.Raw != null) w.WriteRaw(n.Raw); else n.Write(w);
                }
                w.End();
            }
            return w.End().ToArray();
        }

        public static ListNotificationResponse Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.ListNotification)); }

        public static ListNotificationResponse Decode(Tlv t)
        {
            t.Expect(RspTags.ListNotification);
            var c = RspDer.Single(t);
            var r = new ListNotificationResponse();
            if (c.Tag == 0xA0)
            {
                var items = RspDer.SequenceOf(c, RspTags.NotificationMetadata);
                for (int i = 0; i < items.Length; i++) r.Notifications.Add(NotificationMetadata.Decode(items[i]));
            }
            else if (c.Tag == 0x81) r.Error = RspDer.Int(c);
            else throw RspDer.Unexpected(c, "ListNotificationResponse");
            return r;
        }
    }

    /// <summary>ES10b.RetrieveNotificationsList (SGP.22 §5.7.10) request:
    /// <c>BF2B {[A0 {80 seqNumber | 81 profileManagementOperation}]}</c>.</summary>
    public sealed class RetrieveNotificationsListRequest
    {
        /// <summary>-1 = no seqNumber criterion.</summary>
        public int SeqNumber = -1;
        public BitString ProfileManagementOperation;

        public static RetrieveNotificationsListRequest BySeqNumber(int seq)
        {
            var r = new RetrieveNotificationsListRequest();
            r.SeqNumber = seq;
            return r;
        }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.RetrieveNotificationsList);
            if (SeqNumber >= 0) w.Begin(0xA0).WriteInteger(0x80, SeqNumber).End();
            else if (ProfileManagementOperation != null) { w.Begin(0xA0); ProfileManagementOperation.Write(w, 0x81); w.End(); }
            return w.End().ToArray();
        }

        public static RetrieveNotificationsListRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.RetrieveNotificationsList)); }

        public static RetrieveNotificationsListRequest Decode(Tlv t)
        {
            t.Expect(RspTags.RetrieveNotificationsList);
            var f = new SequenceFields(t, new int[] { 0xA0 });
            var r = new RetrieveNotificationsListRequest();
            var sc = f.Optional(0xA0);
            if (sc != null)
            {
                var c = RspDer.Single(sc);
                if (c.Tag == 0x80) r.SeqNumber = RspDer.Int(c);
                else if (c.Tag == 0x81) r.ProfileManagementOperation = BitString.Decode(c);
                else throw RspDer.Unexpected(c, "searchCriteria");
            }
            return r;
        }
    }

    /// <summary>OtherSignedNotification <c>30 {BF2F tbsOtherNotification, 5F37 signature, 30 euiccCertificate, 30 eumCertificate}</c>.</summary>
    public sealed class OtherSignedNotification
    {
        public NotificationMetadata TbsOtherNotification;
        public byte[] EuiccNotificationSignature;
        public byte[] EuiccCertificate;
        public byte[] EumCertificate;

        public void Write(TlvWriter w)
        {
            if (TbsOtherNotification == null || EuiccNotificationSignature == null || EuiccCertificate == null || EumCertificate == null)
                throw RspDer.Missing("OtherSignedNotification element");
            w.Begin(Tags.Sequence);
            if (TbsOtherNotification.Raw != null) w.WriteRaw(TbsOtherNotification.Raw); else TbsOtherNotification.Write(w);
            w.Write(RspTags.Signature, EuiccNotificationSignature).WriteRaw(EuiccCertificate).WriteRaw(EumCertificate);
            w.End();
        }

        public static OtherSignedNotification Decode(Tlv t)
        {
            t.Expect(Tags.Sequence);
            var r = t.Children();
            var m = new OtherSignedNotification();
            m.TbsOtherNotification = NotificationMetadata.Decode(AuthenticateServerRequest.Next(r, t, RspTags.NotificationMetadata));
            m.EuiccNotificationSignature = RspDer.Octets(AuthenticateServerRequest.Next(r, t, RspTags.Signature), 0);
            m.EuiccCertificate = AuthenticateServerRequest.Next(r, t, Tags.Sequence).Encoded();
            m.EumCertificate = AuthenticateServerRequest.Next(r, t, Tags.Sequence).Encoded();
            return m;
        }
    }

    /// <summary>PendingNotification CHOICE: <c>BF37</c> ProfileInstallationResult or <c>30</c> OtherSignedNotification.
    /// <see cref="Raw"/> keeps the bytes as received (forwarded unchanged to ES9+ HandleNotification).</summary>
    public sealed class PendingNotification
    {
        public ProfileInstallationResult ProfileInstallationResult;
        public OtherSignedNotification OtherSignedNotification;
        public byte[] Raw;

        public NotificationMetadata Metadata
        {
            get
            {
                return ProfileInstallationResult != null ? ProfileInstallationResult.Data.NotificationMetadata
                    : OtherSignedNotification != null ? OtherSignedNotification.TbsOtherNotification : null;
            }
        }

        public void Write(TlvWriter w)
        {
            if (Raw != null) { w.WriteRaw(Raw); return; }
            if (ProfileInstallationResult != null) ProfileInstallationResult.Write(w);
            else if (OtherSignedNotification != null) OtherSignedNotification.Write(w);
            else throw RspDer.Missing("PendingNotification alternative");
        }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            Write(w);
            return w.ToArray();
        }

        public static PendingNotification Decode(byte[] data) { return Decode(RspDer.Parse(data, 0)); }

        public static PendingNotification Decode(Tlv t)
        {
            var r = new PendingNotification();
            if (t.Tag == RspTags.ProfileInstallationResult) r.ProfileInstallationResult = ProfileInstallationResult.Decode(t);
            else if (t.Tag == Tags.Sequence) r.OtherSignedNotification = OtherSignedNotification.Decode(t);
            else throw RspDer.Unexpected(t, "PendingNotification");
            r.Raw = t.Encoded();
            return r;
        }
    }

    /// <summary>ES10b.RetrieveNotificationsList response: <c>BF2B {A0 {PendingNotification..}}</c> or <c>BF2B {81 error}</c>
    /// (1 noResultAvailable, 127 undefinedError).</summary>
    public sealed class RetrieveNotificationsListResponse
    {
        /// <summary>ArrayList of <see cref="PendingNotification"/>.</summary>
        public ArrayList Notifications = new ArrayList();
        public int Error = -1;

        public PendingNotification Get(int i) { return (PendingNotification)Notifications[i]; }

        public byte[] Encode()
        {
            var w = new TlvWriter(512);
            w.Begin(RspTags.RetrieveNotificationsList);
            if (Error >= 0) w.WriteInteger(0x81, Error);
            else
            {
                w.Begin(0xA0);
                for (int i = 0; i < Notifications.Count; i++) Get(i).Write(w);
                w.End();
            }
            return w.End().ToArray();
        }

        public static RetrieveNotificationsListResponse Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.RetrieveNotificationsList)); }

        public static RetrieveNotificationsListResponse Decode(Tlv t)
        {
            t.Expect(RspTags.RetrieveNotificationsList);
            // SGP.32 adds further alternatives (euiccPackageResults); only the SGP.22 ones are typed here.
            var c = RspDer.Single(t);
            var r = new RetrieveNotificationsListResponse();
            if (c.Tag == 0xA0)
            {
                var items = c.ChildArray();
                for (int i = 0; i < items.Length; i++) r.Notifications.Add(PendingNotification.Decode(items[i]));
            }
            else if (c.Tag == 0x81) r.Error = RspDer.Int(c);
            else throw RspDer.Unexpected(c, "RetrieveNotificationsListResponse");
            return r;
        }
    }

    /// <summary>ES10b.RemoveNotificationFromList (SGP.22 §5.7.11): <c>BF30 {80 seqNumber}</c> ->
    /// <c>BF30 {80 deleteNotificationStatus}</c> (decode the response with
    /// <c>Es10Result.Decode(data, RspTags.RemoveNotificationFromList)</c>; codes in <see cref="RemoveNotificationResult"/>).</summary>
    public sealed class RemoveNotificationFromListRequest
    {
        public int SeqNumber;

        public RemoveNotificationFromListRequest(int seqNumber) { SeqNumber = seqNumber; }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            return w.Begin(RspTags.RemoveNotificationFromList).WriteInteger(0x80, SeqNumber).End().ToArray();
        }

        public static RemoveNotificationFromListRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.RemoveNotificationFromList)); }

        public static RemoveNotificationFromListRequest Decode(Tlv t)
        {
            t.Expect(RspTags.RemoveNotificationFromList);
            var f = new SequenceFields(t, new int[] { 0x80 });
            return new RemoveNotificationFromListRequest(RspDer.Int(f.Require(0x80)));
        }
    }
}
