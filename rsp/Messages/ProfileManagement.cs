using System;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.Messages
{
    /// <summary>
    /// ES10c.EnableProfile / DisableProfile (SGP.22 §5.7.16-17): <c>BF31|BF32 {A0 {5A iccid | 4F aid}, 81 refreshFlag}</c>,
    /// and DeleteProfile (§5.7.18): <c>BF33 {5A iccid | 4F aid}</c>. Responses are <c>{80 result}</c>: decode them with
    /// <see cref="Es10Result"/>; codes in <see cref="ProfileOperationResult"/>.
    /// </summary>
    public sealed class ProfileOperationRequest
    {
        /// <summary><see cref="RspTags.EnableProfile"/>, <see cref="RspTags.DisableProfile"/> or <see cref="RspTags.DeleteProfile"/>.</summary>
        public int Tag;
        public byte[] Iccid;
        public byte[] IsdpAid;
        /// <summary>Ignored for DeleteProfile (no refreshFlag there).</summary>
        public bool RefreshFlag;

        public static ProfileOperationRequest ByIccid(int tag, byte[] iccid, bool refresh)
        {
            var r = new ProfileOperationRequest();
            r.Tag = tag; r.Iccid = iccid; r.RefreshFlag = refresh;
            return r;
        }

        public static ProfileOperationRequest ByAid(int tag, byte[] aid, bool refresh)
        {
            var r = new ProfileOperationRequest();
            r.Tag = tag; r.IsdpAid = aid; r.RefreshFlag = refresh;
            return r;
        }

        private void WriteIdentifier(TlvWriter w)
        {
            if (Iccid != null) w.Write(RspTags.Iccid, Iccid);
            else if (IsdpAid != null) w.Write(RspTags.IsdpAid, IsdpAid);
            else throw RspDer.Missing("profileIdentifier");
        }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(Tag);
            if (Tag == RspTags.DeleteProfile) WriteIdentifier(w);
            else
            {
                w.Begin(0xA0);
                WriteIdentifier(w);
                w.End();
                w.WriteBoolean(0x81, RefreshFlag);
            }
            return w.End().ToArray();
        }

        public static ProfileOperationRequest Decode(byte[] data)
        {
            var t = RspDer.Parse(data, 0);
            return Decode(t);
        }

        public static ProfileOperationRequest Decode(Tlv t)
        {
            var r = new ProfileOperationRequest();
            r.Tag = t.Tag;
            Tlv id;
            if (t.Tag == RspTags.DeleteProfile) id = RspDer.Single(t);
            else if (t.Tag == RspTags.EnableProfile || t.Tag == RspTags.DisableProfile)
            {
                var f = new SequenceFields(t, new int[] { 0xA0, 0x81 });
                id = RspDer.Single(f.Require(0xA0));
                r.RefreshFlag = RspDer.Boolean(f.Require(0x81));
            }
            else throw RspDer.Unexpected(t, "profile operation");
            if (id.Tag == RspTags.Iccid) r.Iccid = RspDer.Octets(id, 10);
            else if (id.Tag == RspTags.IsdpAid) r.IsdpAid = RspDer.Octets(id, 1, 16);
            else throw RspDer.Unexpected(id, "profileIdentifier");
            return r;
        }
    }

    /// <summary>ES10c.eUICCMemoryReset (SGP.22 §5.7.19): <c>BF34 {82 resetOptions}</c> -> <c>BF34 {80 resetResult}</c>
    /// (<see cref="EuiccMemoryResetResult"/>; decode with <see cref="Es10Result"/>). SGP.32 v1.2 uses BF64: see Sgp32.</summary>
    public sealed class EuiccMemoryResetRequest
    {
        public const int DeleteOperationalProfiles = 0;
        public const int DeleteFieldLoadedTestProfiles = 1;
        public const int ResetDefaultSmdpAddress = 2;

        public BitString ResetOptions;

        public byte[] Encode()
        {
            if (ResetOptions == null) throw RspDer.Missing("resetOptions");
            var w = new TlvWriter();
            w.Begin(RspTags.EuiccMemoryReset);
            ResetOptions.Write(w, 0x82);
            return w.End().ToArray();
        }

        public static EuiccMemoryResetRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.EuiccMemoryReset)); }

        public static EuiccMemoryResetRequest Decode(Tlv t)
        {
            t.Expect(RspTags.EuiccMemoryReset);
            var f = new SequenceFields(t, new int[] { 0x82 });
            var r = new EuiccMemoryResetRequest();
            r.ResetOptions = BitString.Decode(f.Require(0x82));
            return r;
        }
    }

    /// <summary>ES10c.GetEID (SGP.22 §5.7.20): request <c>BF3E 03 5C 01 5A</c>, response <c>BF3E 12 5A 10 &lt;EID&gt;</c>.</summary>
    public sealed class GetEuiccData
    {
        public byte[] Eid;

        public static byte[] EncodeRequest() { return new byte[] { 0xBF, 0x3E, 0x03, 0x5C, 0x01, 0x5A }; }

        /// <summary>Checks a request; only tagList '5A' is defined.</summary>
        public static void DecodeRequest(byte[] data)
        {
            var t = RspDer.Parse(data, RspTags.GetEuiccData);
            var f = new SequenceFields(t, new int[] { RspTags.TagList });
            var tl = RspDer.Octets(f.Require(RspTags.TagList), 1);
            if (tl[0] != 0x5A) throw new DerException(DerError.InvalidValue, t.ValueOffset, "tagList must be 5A");
        }

        public string EidString { get { return Messages.Eid.FromBytes(Eid); } }

        public byte[] Encode()
        {
            if (Eid == null || Eid.Length != 16) throw RspDer.Missing("16-byte EID");
            var w = new TlvWriter();
            return w.Begin(RspTags.GetEuiccData).Write(RspTags.Eid, Eid).End().ToArray();
        }

        public static GetEuiccData Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.GetEuiccData)); }

        public static GetEuiccData Decode(Tlv t)
        {
            t.Expect(RspTags.GetEuiccData);
            var f = new SequenceFields(t, new int[] { RspTags.Eid });
            var r = new GetEuiccData();
            r.Eid = RspDer.Octets(f.Require(RspTags.Eid), 16);
            return r;
        }
    }

    /// <summary>ES10c.SetNickname (SGP.22 §5.7.21): <c>BF29 {5A iccid, 90 nickname}</c> -> <c>BF29 {80 result}</c>
    /// (<see cref="SetNicknameResult"/>; decode with <see cref="Es10Result"/>).</summary>
    public sealed class SetNicknameRequest
    {
        public byte[] Iccid;
        public string ProfileNickname;

        public byte[] Encode()
        {
            if (Iccid == null || ProfileNickname == null) throw RspDer.Missing("SetNicknameRequest element");
            var w = new TlvWriter();
            return w.Begin(RspTags.SetNickname).Write(RspTags.Iccid, Iccid).WriteUtf8(RspTags.ProfileNickname, ProfileNickname).End().ToArray();
        }

        public static SetNicknameRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.SetNickname)); }

        public static SetNicknameRequest Decode(Tlv t)
        {
            t.Expect(RspTags.SetNickname);
            var f = new SequenceFields(t, new int[] { RspTags.Iccid, RspTags.ProfileNickname });
            var r = new SetNicknameRequest();
            r.Iccid = RspDer.Octets(f.Require(RspTags.Iccid), 10);
            r.ProfileNickname = RspDer.Utf8(f.Require(RspTags.ProfileNickname));
            return r;
        }
    }
}
