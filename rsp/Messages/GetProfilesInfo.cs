using System;
using System.Collections;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.Messages
{
    /// <summary>NotificationConfigurationInformation <c>30 {80 profileManagementOperation, 81 notificationAddress}</c>.</summary>
    public sealed class NotificationConfigurationInfo
    {
        public BitString ProfileManagementOperation;
        public string NotificationAddress;

        public NotificationConfigurationInfo() { }

        public NotificationConfigurationInfo(int operation, string address)
        {
            ProfileManagementOperation = BitString.FromBit(operation);
            NotificationAddress = address;
        }

        public void Write(TlvWriter w)
        {
            w.Begin(Tags.Sequence);
            ProfileManagementOperation.Write(w, 0x80);
            w.WriteUtf8(0x81, NotificationAddress).End();
        }

        public static NotificationConfigurationInfo Decode(Tlv t)
        {
            t.Expect(Tags.Sequence);
            var f = new SequenceFields(t, new int[] { 0x80, 0x81 });
            var r = new NotificationConfigurationInfo();
            r.ProfileManagementOperation = BitString.Decode(f.Require(0x80));
            r.NotificationAddress = RspDer.Utf8(f.Require(0x81));
            return r;
        }

        internal static ArrayList DecodeList(Tlv t)
        {
            var items = RspDer.SequenceOf(t, Tags.Sequence);
            var l = new ArrayList();
            for (int i = 0; i < items.Length; i++) l.Add(Decode(items[i]));
            return l;
        }

        internal static void WriteList(TlvWriter w, int tag, ArrayList list)
        {
            w.Begin(tag);
            for (int i = 0; i < list.Count; i++) ((NotificationConfigurationInfo)list[i]).Write(w);
            w.End();
        }
    }

    /// <summary>ProfileInfo <c>E3 {[5A iccid], [4F isdpAid], [9F70 state], [90 nickname], [91 spName], [92 name],
    /// [93 iconType], [94 icon], [95 class], [B6 notifConfig], [B7 owner], [B8 dpProprietaryData], [99 ppr]}</c>
    /// (SGP.22 §5.7.15). Every element is optional (the tagList selects them). Unknown elements are kept.</summary>
    public sealed class ProfileInfo
    {
        public static readonly int[] Schema =
        {
            RspTags.Iccid, RspTags.IsdpAid, RspTags.ProfileState, RspTags.ProfileNickname, RspTags.ServiceProviderName,
            RspTags.ProfileName, RspTags.IconType, RspTags.Icon, RspTags.ProfileClass, RspTags.NotificationConfigurationInfo,
            RspTags.ProfileOwner, RspTags.DpProprietaryData, RspTags.ProfilePolicyRules,
        };

        public byte[] Iccid;
        public byte[] IsdpAid;
        public int ProfileState = -1;
        public string ProfileNickname;
        public string ServiceProviderName;
        public string ProfileName;
        public int IconType = -1;
        public byte[] Icon;
        /// <summary>-1 = absent (DEFAULT operational).</summary>
        public int ProfileClass = -1;
        /// <summary>ArrayList of <see cref="NotificationConfigurationInfo"/>, null = absent.</summary>
        public ArrayList NotificationConfigurationInfo;
        public OperatorId ProfileOwner;
        /// <summary>Content of B8 (starts with <c>06 dpOid</c>), null = absent.</summary>
        public byte[] DpProprietaryData;
        public BitString ProfilePolicyRules;
        public ExtensionList Extensions = new ExtensionList();

        public string IccidString { get { return Iccid == null ? null : Messages.Iccid.FromBytes(Iccid); } }

        public void Write(TlvWriter w)
        {
            w.Begin(RspTags.ProfileInfo);
            Extensions.WriteAfter(w, 0);
            for (int i = 0; i < Schema.Length; i++)
            {
                int tag = Schema[i];
                switch (tag)
                {
                    case RspTags.Iccid: if (Iccid != null) w.Write(tag, Iccid); break;
                    case RspTags.IsdpAid: if (IsdpAid != null) w.Write(tag, IsdpAid); break;
                    case RspTags.ProfileState: if (ProfileState >= 0) w.WriteInteger(tag, ProfileState); break;
                    case RspTags.ProfileNickname: if (ProfileNickname != null) w.WriteUtf8(tag, ProfileNickname); break;
                    case RspTags.ServiceProviderName: if (ServiceProviderName != null) w.WriteUtf8(tag, ServiceProviderName); break;
                    case RspTags.ProfileName: if (ProfileName != null) w.WriteUtf8(tag, ProfileName); break;
                    case RspTags.IconType: if (IconType >= 0) w.WriteInteger(tag, IconType); break;
                    case RspTags.Icon: if (Icon != null) w.Write(tag, Icon); break;
                    case RspTags.ProfileClass: if (ProfileClass >= 0) w.WriteInteger(tag, ProfileClass); break;
                    case RspTags.NotificationConfigurationInfo: if (NotificationConfigurationInfo != null) Messages.NotificationConfigurationInfo.WriteList(w, tag, NotificationConfigurationInfo); break;
                    case RspTags.ProfileOwner: if (ProfileOwner != null) ProfileOwner.Write(w, tag); break;
                    case RspTags.DpProprietaryData: if (DpProprietaryData != null) w.Write(tag, DpProprietaryData); break;
                    case RspTags.ProfilePolicyRules: if (ProfilePolicyRules != null) ProfilePolicyRules.Write(w, tag); break;
                }
                Extensions.WriteAfter(w, tag);
            }
            Extensions.WriteOrphans(w, Schema);
            w.End();
        }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            Write(w);
            return w.ToArray();
        }

        public static ProfileInfo Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.ProfileInfo)); }

        public static ProfileInfo Decode(Tlv t)
        {
            t.Expect(RspTags.ProfileInfo);
            var f = new SequenceFields(t, Schema);
            var r = new ProfileInfo();
            var x = f.Optional(RspTags.Iccid); if (x != null) r.Iccid = RspDer.Octets(x, 10);
            x = f.Optional(RspTags.IsdpAid); if (x != null) r.IsdpAid = RspDer.Octets(x, 1, 16);
            x = f.Optional(RspTags.ProfileState); if (x != null) r.ProfileState = RspDer.Int(x);
            x = f.Optional(RspTags.ProfileNickname); if (x != null) r.ProfileNickname = RspDer.Utf8(x);
            x = f.Optional(RspTags.ServiceProviderName); if (x != null) r.ServiceProviderName = RspDer.Utf8(x);
            x = f.Optional(RspTags.ProfileName); if (x != null) r.ProfileName = RspDer.Utf8(x);
            x = f.Optional(RspTags.IconType); if (x != null) r.IconType = RspDer.Int(x);
            x = f.Optional(RspTags.Icon); if (x != null) r.Icon = RspDer.Octets(x, 0, 1024);
            x = f.Optional(RspTags.ProfileClass); if (x != null) r.ProfileClass = RspDer.Int(x);
            x = f.Optional(RspTags.NotificationConfigurationInfo); if (x != null) r.NotificationConfigurationInfo = Messages.NotificationConfigurationInfo.DecodeList(x);
            x = f.Optional(RspTags.ProfileOwner); if (x != null) r.ProfileOwner = OperatorId.Decode(x);
            x = f.Optional(RspTags.DpProprietaryData);
            if (x != null)
            {
                if (!x.IsConstructed) throw new DerException(DerError.UnexpectedTag, x.Offset, "dpProprietaryData must be constructed");
                r.DpProprietaryData = x.Value();
            }
            x = f.Optional(RspTags.ProfilePolicyRules); if (x != null) r.ProfilePolicyRules = BitString.Decode(x);
            r.Extensions = f.Extensions();
            return r;
        }
    }

    /// <summary>ES10c.GetProfilesInfo request (SGP.22 §5.7.15): <c>BF2D {[A0 {5A iccid | 4F aid | 95 class}], [5C tagList]}</c>.</summary>
    public sealed class ProfileInfoListRequest
    {
        public byte[] SearchIccid;
        public byte[] SearchAid;
        public int SearchProfileClass = -1;
        /// <summary>Concatenated tags of the ProfileInfo elements wanted; null = all.</summary>
        public byte[] TagList;

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.ProfileInfoList);
            if (SearchIccid != null) w.Begin(0xA0).Write(RspTags.Iccid, SearchIccid).End();
            else if (SearchAid != null) w.Begin(0xA0).Write(RspTags.IsdpAid, SearchAid).End();
            else if (SearchProfileClass >= 0) w.Begin(0xA0).WriteInteger(RspTags.ProfileClass, SearchProfileClass).End();
            if (TagList != null) w.Write(RspTags.TagList, TagList);
            return w.End().ToArray();
        }

        public static ProfileInfoListRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.ProfileInfoList)); }

        public static ProfileInfoListRequest Decode(Tlv t)
        {
            t.Expect(RspTags.ProfileInfoList);
            var f = new SequenceFields(t, new int[] { 0xA0, RspTags.TagList });
            var r = new ProfileInfoListRequest();
            var sc = f.Optional(0xA0);
            if (sc != null)
            {
                var c = RspDer.Single(sc);
                if (c.Tag == RspTags.Iccid) r.SearchIccid = RspDer.Octets(c, 10);
                else if (c.Tag == RspTags.IsdpAid) r.SearchAid = RspDer.Octets(c, 1, 16);
                else if (c.Tag == RspTags.ProfileClass) r.SearchProfileClass = RspDer.Int(c);
                else throw RspDer.Unexpected(c, "searchCriteria");
            }
            var tl = f.Optional(RspTags.TagList);
            if (tl != null) r.TagList = RspDer.Octets(tl, 0);
            return r;
        }
    }

    /// <summary>ES10c.GetProfilesInfo response: <c>BF2D {A0 {E3..}}</c> or <c>BF2D {81 error}</c>
    /// (1 incorrectInputValues, 127 undefinedError).</summary>
    public sealed class ProfileInfoListResponse
    {
        /// <summary>ArrayList of <see cref="ProfileInfo"/>.</summary>
        public ArrayList Profiles = new ArrayList();
        public int Error = -1;

        public ProfileInfo Get(int i) { return (ProfileInfo)Profiles[i]; }

        public byte[] Encode()
        {
            var w = new TlvWriter(512);
            w.Begin(RspTags.ProfileInfoList);
            if (Error >= 0) w.WriteInteger(0x81, Error);
            else
            {
                w.Begin(0xA0);
                for (int i = 0; i < Profiles.Count; i++) Get(i).Write(w);
                w.End();
            }
            return w.End().ToArray();
        }

        public static ProfileInfoListResponse Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.ProfileInfoList)); }

        public static ProfileInfoListResponse Decode(Tlv t)
        {
            t.Expect(RspTags.ProfileInfoList);
            var c = RspDer.Single(t);
            var r = new ProfileInfoListResponse();
            if (c.Tag == 0xA0)
            {
                var items = RspDer.SequenceOf(c, RspTags.ProfileInfo);
                for (int i = 0; i < items.Length; i++) r.Profiles.Add(ProfileInfo.Decode(items[i]));
            }
            else if (c.Tag == 0x81) r.Error = RspDer.Int(c);
            else throw RspDer.Unexpected(c, "ProfileInfoListResponse");
            return r;
        }
    }
}
