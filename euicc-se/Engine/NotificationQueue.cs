using System;
using System.Collections;
using IotEsim.Euicc.State;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;

namespace IotEsim.Euicc.Engine
{
    /// <summary>
    /// The pending-notification list (SGP.22 §3.5): bodies are stored under their own keys, the index lists them
    /// with their sequence numbers. Also ES10b.ListNotification, RetrieveNotificationsList and
    /// RemoveNotificationFromList (§5.7.9-5.7.11).
    /// </summary>
    public sealed class NotificationQueue : INotificationQueue
    {
        private readonly EuiccContext _ctx;

        public NotificationQueue(EuiccContext ctx) { _ctx = ctx; }

        public int NextSequenceNumber()
        {
            var next = _ctx.State.Clone();
            int seq = next.NextSeqNumber;
            next.NextSeqNumber = seq + 1;
            _ctx.Commit(next);
            return seq;
        }

        public void Add(int seqNumber, int kind, byte[] notification)
        {
            var next = _ctx.State.Clone();
            Stage(next, seqNumber, kind, notification);
            _ctx.Commit(next);
        }

        /// <summary>Writes the body blob and adds its record to <paramref name="next"/> (not committed yet).</summary>
        internal void Stage(EuiccState next, int seqNumber, int kind, byte[] body)
        {
            var rec = new NotificationRecord();
            rec.SeqNumber = seqNumber;
            rec.Kind = kind;
            rec.BodyKey = StateStore.NotificationKey(seqNumber);
            rec.Operation = OperationOf(kind, body);
            _ctx.Store.Store.Write(rec.BodyKey, body);
            var existing = next.FindNotification(seqNumber);
            if (existing != null) next.Notifications.Remove(existing);
            next.Notifications.Add(rec);
            if (seqNumber >= next.NextSeqNumber) next.NextSeqNumber = seqNumber + 1;
        }

        private static int OperationOf(int kind, byte[] body)
        {
            if (kind != EuiccState.KindProfileInstallationResult && kind != EuiccState.KindOtherSignedNotification) return -1;
            try
            {
                var m = PendingNotification.Decode(body).Metadata;
                return m == null ? -1 : m.Operation;
            }
            catch (DerException) { return -1; }
        }

        public bool Remove(int seqNumber)
        {
            var rec = _ctx.State.FindNotification(seqNumber);
            if (rec == null) return false;
            var next = _ctx.State.Clone();
            next.Notifications.Remove(next.FindNotification(seqNumber));
            _ctx.Commit(next);
            // After the commit point: a cut here leaves an orphan that start-up removes.
            _ctx.Store.Store.Delete(rec.BodyKey);
            return true;
        }

        private byte[] Body(NotificationRecord r) { return _ctx.Store.Store.Read(r.BodyKey); }

        /// <summary>ES10b.ListNotification: the NotificationMetadata of every SGP.22 notification, optionally filtered by operation.</summary>
        public byte[] ListNotification(byte[] request)
        {
            var req = ListNotificationRequest.Decode(request);
            var resp = new ListNotificationResponse();
            var s = _ctx.State;
            for (int i = 0; i < s.Notifications.Count; i++)
            {
                var r = s.Notification(i);
                if (r.Operation < 0) continue;
                if (req.ProfileManagementOperation != null && !req.ProfileManagementOperation.Get(r.Operation)) continue;
                var body = Body(r);
                if (body == null) continue;
                var m = PendingNotification.Decode(body).Metadata;
                resp.Notifications.Add(m);
            }
            return resp.Encode();
        }

        /// <summary>ES10b.RetrieveNotificationsList: complete pending notifications (SGP.32 results included),
        /// by sequence number or operation.</summary>
        public byte[] RetrieveNotificationsList(byte[] request)
        {
            var req = RetrieveNotificationsListRequest.Decode(request);
            var s = _ctx.State;
            var w = new TlvWriter(1024);
            int n = 0;
            w.Begin(RspTags.RetrieveNotificationsList).Begin(0xA0);
            for (int i = 0; i < s.Notifications.Count; i++)
            {
                var r = s.Notification(i);
                if (req.SeqNumber >= 0 && r.SeqNumber != req.SeqNumber) continue;
                if (req.ProfileManagementOperation != null && (r.Operation < 0 || !req.ProfileManagementOperation.Get(r.Operation))) continue;
                var body = Body(r);
                if (body == null) continue;
                w.WriteRaw(body);
                n++;
            }
            w.End().End();
            if (n == 0 && (req.SeqNumber >= 0 || req.ProfileManagementOperation != null))
            {
                var e = new RetrieveNotificationsListResponse();
                e.Error = ListErrorCode.NoResultAvailable;
                return e.Encode();
            }
            return w.ToArray();
        }

        public byte[] RemoveNotificationFromList(byte[] request)
        {
            var req = RemoveNotificationFromListRequest.Decode(request);
            bool ok = Remove(req.SeqNumber);
            return new Es10Result(RspTags.RemoveNotificationFromList, ok ? RemoveNotificationResult.Ok : RemoveNotificationResult.NothingToDelete).Encode();
        }
    }
}
