using System;
using System.Collections;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Esipa;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;

namespace IotEsim.Ipa.Notifications
{
    /// <summary>
    /// Pending notification delivery (SGP.22 3.5; SGP.32 3.7) with an at-most-once guarantee across
    /// reboots. Each notification moves through the store:
    /// <c>ipa/ntf/&lt;seq&gt;/data</c> (retrieved, not yet sent) → <c>ipa/ntf/&lt;seq&gt;/sent</c>
    /// (delivered, not yet removed from the eUICC) → both deleted after RemoveNotificationFromList.
    /// A reboot between sending and removing finds the "sent" mark and only removes; a reboot before
    /// sending re-sends from the stored copy.
    /// </summary>
    public sealed class NotificationDelivery
    {
        public const string Prefix = "ipa/ntf/";

        private readonly Es10Channel _es10;
        private readonly IStore _store;

        public NotificationDelivery(Es10Channel es10, IStore store)
        {
            _es10 = es10;
            _store = store;
        }

        /// <summary>Where notifications go: ES9+ HandleNotification to each notificationAddress (null
        /// when an eIM is configured) ...</summary>
        public Es9PlusClient Es9;
        /// <summary>... or ESipa HandleNotification to the eIM.</summary>
        public EsipaClient Esipa;

        /// <summary>Notifications delivered by the last <see cref="Run"/>.</summary>
        public int Delivered;

        /// <summary>
        /// Delivers every pending notification. ES9+ mode follows lpac (ListNotification, then
        /// RetrieveNotificationsList per seqNumber: one notification in RAM at a time); eIM mode follows
        /// onomondo-ipa (one RetrieveNotificationsList of everything).
        /// </summary>
        public void Run()
        {
            Delivered = 0;
            var done = new Hashtable();
            if (Esipa != null)
            {
                var all = Es10b.RetrieveNotificationsList(_es10, -1);
                if (all.Error < 0)
                {
                    for (int i = 0; i < all.Notifications.Count; i++)
                    {
                        var pn = all.Get(i);
                        var md = pn.Metadata;
                        byte[] raw = pn.Raw != null ? pn.Raw : pn.Encode();
                        DeliverOne(md.SeqNumber, raw, md.NotificationAddress);
                        done[md.SeqNumber] = true;
                    }
                }
            }
            else
            {
                var list = Es10b.ListNotification(_es10, null);
                if (list.Error < 0)
                {
                    for (int i = 0; i < list.Notifications.Count; i++)
                    {
                        var md = list.Get(i);
                        if (IsSent(md.SeqNumber)) { Remove(md.SeqNumber); done[md.SeqNumber] = true; continue; }
                        var one = Es10b.RetrieveNotificationsList(_es10, md.SeqNumber);
                        if (one.Error >= 0 || one.Notifications.Count == 0) continue;
                        var pn = one.Get(0);
                        DeliverOne(md.SeqNumber, pn.Raw != null ? pn.Raw : pn.Encode(), md.NotificationAddress);
                        done[md.SeqNumber] = true;
                    }
                }
            }
            // Entries the card no longer lists: finish them from the stored copy (a memory reset or a
            // removal that happened just before a power cut).
            string[] keys = _store.List(Prefix);
            for (int i = 0; i < keys.Length; i++)
            {
                string k = keys[i];
                if (!EndsWith(k, "/data")) continue;
                int seq = ParseSeq(k);
                if (seq < 0 || done.Contains(seq)) continue;
                if (!IsSent(seq))
                {
                    byte[] raw = _store.Read(k);
                    if (raw != null) Send(raw, AddressOf(raw));
                }
                Forget(seq);
            }
        }

        /// <summary>Delivers one notification the IPA already holds (the BF37 returned by LoadBoundProfilePackage).</summary>
        public void DeliverOne(int seq, byte[] pendingNotification, string address)
        {
            if (!IsSent(seq))
            {
                _store.Write(DataKey(seq), pendingNotification);
                Send(pendingNotification, address != null ? address : AddressOf(pendingNotification));
                // Recorded before the removal: a reboot in between must not send it twice.
                _store.Write(SentKey(seq), new byte[] { 1 });
                Delivered++;
            }
            Remove(seq);
        }

        /// <summary>
        /// Delivers the ProfileInstallationResult LoadBoundProfilePackage returned (the eUICC keeps it as
        /// a pending notification too) and removes it from the eUICC's list; then throws
        /// <see cref="DownloadException"/> when the result says the installation failed (the server
        /// learns of the failure either way). Returns the decoded result.
        /// </summary>
        public ProfileInstallationResult DeliverInstallResult(byte[] pir)
        {
            var r = ProfileInstallationResult.Decode(pir);
            var md = r.Data.NotificationMetadata;
            if (md != null) DeliverOne(md.SeqNumber, pir, md.NotificationAddress);
            if (!r.Data.Success)
                throw new IotEsim.Ipa.Download.DownloadException("the eUICC reported installation failure (bppCommandId " + r.Data.BppCommandId.ToString()
                    + ", reason " + r.Data.ErrorReason.ToString() + ")", null, false);
            return r;
        }

        /// <summary>Notifications stored but not yet removed (for status displays and tests).</summary>
        public int PendingInStore()
        {
            int n = 0;
            string[] keys = _store.List(Prefix);
            for (int i = 0; i < keys.Length; i++) if (EndsWith(keys[i], "/data")) n++;
            return n;
        }

        private void Send(byte[] raw, string address)
        {
            if (Esipa != null) Esipa.HandleNotification(raw);
            else
            {
                if (Es9 == null) throw new InvalidOperationException("no notification channel configured");
                if (address == null) throw new InvalidOperationException("notification without notificationAddress");
                Es9.HandleNotification(address, raw);
            }
        }

        private void Remove(int seq)
        {
            // 0 ok, 1 nothingToDelete: either way the eUICC no longer holds it.
            Es10b.RemoveNotificationFromList(_es10, seq);
            Forget(seq);
        }

        private void Forget(int seq)
        {
            _store.Delete(SentKey(seq));
            _store.Delete(DataKey(seq));
        }

        private bool IsSent(int seq) { return _store.Exists(SentKey(seq)); }

        private static string DataKey(int seq) { return Prefix + seq.ToString() + "/data"; }
        private static string SentKey(int seq) { return Prefix + seq.ToString() + "/sent"; }

        private static int ParseSeq(string key)
        {
            int start = Prefix.Length;
            int end = key.IndexOf('/', start);
            if (end <= start) return -1;
            int v = 0;
            for (int i = start; i < end; i++)
            {
                char c = key[i];
                if (c < '0' || c > '9') return -1;
                v = v * 10 + (c - '0');
            }
            return v;
        }

        private static bool EndsWith(string s, string suffix)
        {
            return s.Length >= suffix.Length && s.Substring(s.Length - suffix.Length) == suffix;
        }

        private static string AddressOf(byte[] raw)
        {
            try { return PendingNotification.Decode(raw).Metadata.NotificationAddress; }
            catch (Exception) { return null; }
        }
    }
}
