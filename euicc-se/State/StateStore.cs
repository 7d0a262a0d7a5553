using System;
using System.Collections;
using IotEsim.Rsp.Storage;

namespace IotEsim.Euicc.State
{
    /// <summary>
    /// Persistence of <see cref="EuiccState"/> on an <see cref="IStore"/>. The index record under
    /// <see cref="IndexKey"/> is the one commit point: blobs are written before it (fresh keys, so an
    /// interrupted write leaves an orphan, never a half-changed state) and deleted after it; orphans are
    /// removed when the store is opened.
    /// </summary>
    public sealed class StateStore
    {
        public const string IndexKey = "euicc/index";
        public const string ProfilePrefix = "euicc/profile/";
        public const string NotificationPrefix = "euicc/notif/";

        private readonly IStore _store;

        public StateStore(IStore store)
        {
            if (store == null) throw new ArgumentNullException("store");
            _store = store;
        }

        public IStore Store { get { return _store; } }

        /// <summary>Loads the committed state (a fresh one when the store is empty) and drops orphaned blobs.</summary>
        public EuiccState Open(string rootDsAddress, string defaultDpAddress)
        {
            var data = _store.Read(IndexKey);
            EuiccState s;
            if (data == null)
            {
                s = new EuiccState();
                s.RootDsAddress = rootDsAddress == null ? "" : rootDsAddress;
                s.DefaultDpAddress = defaultDpAddress;
            }
            else s = EuiccState.Decode(data);
            CleanOrphans(s);
            return s;
        }

        public void Commit(EuiccState s)
        {
            _store.Write(IndexKey, s.Encode());
        }

        private void CleanOrphans(EuiccState s)
        {
            var referenced = new Hashtable();
            for (int i = 0; i < s.Profiles.Count; i++) referenced[s.Profile(i).ImageKey] = true;
            for (int i = 0; i < s.Notifications.Count; i++) referenced[s.Notification(i).BodyKey] = true;
            Sweep(ProfilePrefix, referenced);
            Sweep(NotificationPrefix, referenced);
        }

        private void Sweep(string prefix, Hashtable referenced)
        {
            var keys = _store.List(prefix);
            for (int i = 0; i < keys.Length; i++) if (!referenced.Contains(keys[i])) _store.Delete(keys[i]);
        }

        public static string ProfileKey(int number) { return ProfilePrefix + number.ToString(); }

        public static string NotificationKey(int seq) { return NotificationPrefix + seq.ToString(); }
    }
}
