using System;
using System.Collections;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.Messages
{
    /// <summary>OperatorID <c>{80 mccMnc(3), [81 gid1], [82 gid2]}</c> (profileOwner B7, allowedOperators entries).</summary>
    public sealed class OperatorId
    {
        public byte[] MccMnc;
        public byte[] Gid1;
        public byte[] Gid2;

        public void Write(TlvWriter w, int tag)
        {
            if (MccMnc == null) throw RspDer.Missing("mccMnc");
            w.Begin(tag).Write(0x80, MccMnc);
            if (Gid1 != null) w.Write(0x81, Gid1);
            if (Gid2 != null) w.Write(0x82, Gid2);
            w.End();
        }

        public static OperatorId Decode(Tlv t)
        {
            var f = new SequenceFields(t, new int[] { 0x80, 0x81, 0x82 });
            var r = new OperatorId();
            r.MccMnc = RspDer.Octets(f.Require(0x80), 3);
            var g = f.Optional(0x81);
            if (g != null) r.Gid1 = RspDer.Octets(g, 0);
            g = f.Optional(0x82);
            if (g != null) r.Gid2 = RspDer.Octets(g, 0);
            return r;
        }
    }

    /// <summary>ProfilePolicyAuthorisationRule <c>30 {80 pprIds, A1 {30 OperatorID..}, 82 pprFlags}</c>.</summary>
    public sealed class ProfilePolicyAuthorisationRule
    {
        public BitString PprIds;
        /// <summary>ArrayList of <see cref="OperatorId"/>.</summary>
        public ArrayList AllowedOperators = new ArrayList();
        public BitString PprFlags;   // bit 0 consentRequired

        public void Write(TlvWriter w)
        {
            if (PprIds == null || PprFlags == null) throw RspDer.Missing("ProfilePolicyAuthorisationRule element");
            w.Begin(Tags.Sequence);
            PprIds.Write(w, 0x80);
            w.Begin(0xA1);
            for (int i = 0; i < AllowedOperators.Count; i++) ((OperatorId)AllowedOperators[i]).Write(w, Tags.Sequence);
            w.End();
            PprFlags.Write(w, 0x82);
            w.End();
        }

        public static ProfilePolicyAuthorisationRule Decode(Tlv t)
        {
            t.Expect(Tags.Sequence);
            var f = new SequenceFields(t, new int[] { 0x80, 0xA1, 0x82 });
            var r = new ProfilePolicyAuthorisationRule();
            r.PprIds = BitString.Decode(f.Require(0x80));
            var ops = RspDer.SequenceOf(f.Require(0xA1), Tags.Sequence);
            for (int i = 0; i < ops.Length; i++) r.AllowedOperators.Add(OperatorId.Decode(ops[i]));
            r.PprFlags = BitString.Decode(f.Require(0x82));
            return r;
        }
    }

    /// <summary>ES10b.GetRAT (SGP.22 §5.7.18): request <c>BF43 00</c>, response <c>BF43 {A0 {rule..}}</c>.</summary>
    public sealed class GetRatResponse
    {
        /// <summary>ArrayList of <see cref="ProfilePolicyAuthorisationRule"/>.</summary>
        public ArrayList Rules = new ArrayList();

        public static byte[] EncodeRequest() { return new byte[] { 0xBF, 0x43, 0x00 }; }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.GetRat).Begin(0xA0);
            for (int i = 0; i < Rules.Count; i++) ((ProfilePolicyAuthorisationRule)Rules[i]).Write(w);
            return w.End().End().ToArray();
        }

        public static GetRatResponse Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.GetRat)); }

        public static GetRatResponse Decode(Tlv t)
        {
            t.Expect(RspTags.GetRat);
            var f = new SequenceFields(t, new int[] { 0xA0 });
            var r = new GetRatResponse();
            var items = RspDer.SequenceOf(f.Require(0xA0), Tags.Sequence);
            for (int i = 0; i < items.Length; i++) r.Rules.Add(ProfilePolicyAuthorisationRule.Decode(items[i]));
            return r;
        }
    }
}
