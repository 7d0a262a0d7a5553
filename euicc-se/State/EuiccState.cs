using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;

namespace IotEsim.Euicc.State
{
    /// <summary>One installed profile as the index records it; the image lives under <see cref="ImageKey"/>.</summary>
    public sealed class ProfileRecord
    {
        public byte[] Iccid;             // 10-byte BCD as in 5A
        public byte[] IsdpAid;
        public int State = ProfileValues.StateDisabled;
        public string Nickname;          // null = none
        public string ImageKey;
        public int Number;
        /// <summary>The StoreMetadataRequest (BF25) as received in the BPP.</summary>
        public byte[] Metadata;
        /// <summary>Content of B8 dpProprietaryData from ConfigureISDP, or null.</summary>
        public byte[] DpProprietaryData;

        private StoreMetadataRequest _decoded;

        public StoreMetadataRequest DecodedMetadata
        {
            get
            {
                if (_decoded == null) _decoded = StoreMetadataRequest.Decode(Metadata);
                return _decoded;
            }
        }

        /// <summary>profileClass (SGP.22: absent means operational).</summary>
        public int ProfileClass
        {
            get { int c = DecodedMetadata.ProfileClass; return c < 0 ? ProfileValues.ClassOperational : c; }
        }
    }

    /// <summary>A queued notification; the body (BF37, 30 OtherSignedNotification, or an SGP.32 result) lives under <see cref="BodyKey"/>.</summary>
    public sealed class NotificationRecord
    {
        public int SeqNumber;
        public int Kind;
        public string BodyKey;
        /// <summary>NotificationEvent bit, or -1 when the body carries no NotificationMetadata (SGP.32 results).</summary>
        public int Operation = -1;
    }

    /// <summary>
    /// The eUICC's persistent index: small enough to be rewritten in one <c>IStore.Write</c>, which is the single
    /// commit point of every state change. Large values (profile images, notification bodies) are written first
    /// under fresh keys and only become part of the state when the index naming them is written.
    /// Encoded as private-class TLVs (not an interchange format).
    /// </summary>
    public sealed class EuiccState
    {
        public const int KindProfileInstallationResult = 0;
        public const int KindOtherSignedNotification = 1;
        public const int KindSgp32 = 2;

        private const int TagRoot = 0xE0, TagProfile = 0xE1, TagNotification = 0xE2;

        public int NextSeqNumber = 1;
        public int NextProfileNumber = 1;
        public string DefaultDpAddress;
        public string RootDsAddress = "";
        /// <summary>ICCID remembered by an Enable with rollback (SGP.32), or null.</summary>
        public byte[] RollbackIccid;
        public byte[] FallbackIccid;
        /// <summary>ArrayList of <see cref="ProfileRecord"/>.</summary>
        public ArrayList Profiles = new ArrayList();
        /// <summary>ArrayList of <see cref="NotificationRecord"/>, in sequence order.</summary>
        public ArrayList Notifications = new ArrayList();

        public ProfileRecord Profile(int i) { return (ProfileRecord)Profiles[i]; }
        public NotificationRecord Notification(int i) { return (NotificationRecord)Notifications[i]; }

        public ProfileRecord FindByIccid(byte[] iccid)
        {
            for (int i = 0; i < Profiles.Count; i++) if (Bytes.Equal(Profile(i).Iccid, iccid)) return Profile(i);
            return null;
        }

        public ProfileRecord FindByAid(byte[] aid)
        {
            for (int i = 0; i < Profiles.Count; i++) if (Bytes.Equal(Profile(i).IsdpAid, aid)) return Profile(i);
            return null;
        }

        public ProfileRecord Enabled
        {
            get
            {
                for (int i = 0; i < Profiles.Count; i++) if (Profile(i).State == ProfileValues.StateEnabled) return Profile(i);
                return null;
            }
        }

        public NotificationRecord FindNotification(int seq)
        {
            for (int i = 0; i < Notifications.Count; i++) if (Notification(i).SeqNumber == seq) return Notification(i);
            return null;
        }

        public byte[] Encode()
        {
            var w = new TlvWriter(1024);
            w.Begin(TagRoot);
            w.WriteInteger(0x80, NextSeqNumber);
            w.WriteInteger(0x81, NextProfileNumber);
            if (DefaultDpAddress != null) w.WriteUtf8(0x82, DefaultDpAddress);
            w.WriteUtf8(0x83, RootDsAddress == null ? "" : RootDsAddress);
            if (RollbackIccid != null) w.Write(0x84, RollbackIccid);
            if (FallbackIccid != null) w.Write(0x85, FallbackIccid);
            w.Begin(0xA6);
            for (int i = 0; i < Profiles.Count; i++)
            {
                var p = Profile(i);
                w.Begin(TagProfile).Write(0x5A, p.Iccid).Write(0x4F, p.IsdpAid).WriteInteger(0x80, p.State);
                if (p.Nickname != null) w.WriteUtf8(0x81, p.Nickname);
                w.WriteUtf8(0x82, p.ImageKey).WriteInteger(0x83, p.Number);
                if (p.DpProprietaryData != null) w.Write(0x84, p.DpProprietaryData);
                w.WriteRaw(p.Metadata);
                w.End();
            }
            w.End();
            w.Begin(0xA7);
            for (int i = 0; i < Notifications.Count; i++)
            {
                var n = Notification(i);
                w.Begin(TagNotification).WriteInteger(0x80, n.SeqNumber).WriteInteger(0x81, n.Kind)
                    .WriteUtf8(0x82, n.BodyKey).WriteInteger(0x83, n.Operation).End();
            }
            w.End();
            return w.End().ToArray();
        }

        public static EuiccState Decode(byte[] data)
        {
            var root = TlvReader.ParseAndValidate(data);
            root.Expect(TagRoot);
            var s = new EuiccState();
            s.NextSeqNumber = root.Require(0x80).AsInt();
            s.NextProfileNumber = root.Require(0x81).AsInt();
            var x = root.Find(0x82); if (x != null) s.DefaultDpAddress = x.AsUtf8();
            s.RootDsAddress = root.Require(0x83).AsUtf8();
            x = root.Find(0x84); if (x != null) s.RollbackIccid = x.Value();
            x = root.Find(0x85); if (x != null) s.FallbackIccid = x.Value();
            var ps = root.Require(0xA6).ChildArray();
            for (int i = 0; i < ps.Length; i++)
            {
                var t = ps[i];
                var p = new ProfileRecord();
                p.Iccid = t.Require(0x5A).Value();
                p.IsdpAid = t.Require(0x4F).Value();
                p.State = t.Require(0x80).AsInt();
                x = t.Find(0x81); if (x != null) p.Nickname = x.AsUtf8();
                p.ImageKey = t.Require(0x82).AsUtf8();
                p.Number = t.Require(0x83).AsInt();
                x = t.Find(0x84); if (x != null) p.DpProprietaryData = x.Value();
                p.Metadata = t.Require(RspTags.StoreMetadata).Encoded();
                s.Profiles.Add(p);
            }
            var ns = root.Require(0xA7).ChildArray();
            for (int i = 0; i < ns.Length; i++)
            {
                var t = ns[i];
                var n = new NotificationRecord();
                n.SeqNumber = t.Require(0x80).AsInt();
                n.Kind = t.Require(0x81).AsInt();
                n.BodyKey = t.Require(0x82).AsUtf8();
                n.Operation = t.Require(0x83).AsInt();
                s.Notifications.Add(n);
            }
            return s;
        }

        /// <summary>Deep copy: every change is made on a copy that replaces the live state only once committed.</summary>
        public EuiccState Clone() { return Decode(Encode()); }
    }
}
