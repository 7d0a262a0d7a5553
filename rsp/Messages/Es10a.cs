using System;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.Messages
{
    /// <summary>ES10a.GetEuiccConfiguredAddresses (SGP.22 §5.7.3): request <c>BF3C 00</c>, response
    /// <c>BF3C {[80 defaultDpAddress], 81 rootDsAddress}</c>.</summary>
    public sealed class EuiccConfiguredAddresses
    {
        private static readonly int[] Schema = { 0x80, 0x81 };

        /// <summary>Null when no default SM-DP+ address is configured.</summary>
        public string DefaultDpAddress;
        public string RootDsAddress;
        public ExtensionList Extensions = new ExtensionList();

        public static byte[] EncodeRequest() { return new byte[] { 0xBF, 0x3C, 0x00 }; }

        public static void DecodeRequest(byte[] data) { RspDer.Parse(data, RspTags.EuiccConfiguredAddresses); }

        public byte[] Encode()
        {
            if (RootDsAddress == null) throw RspDer.Missing("rootDsAddress");
            var w = new TlvWriter();
            w.Begin(RspTags.EuiccConfiguredAddresses);
            Extensions.WriteAfter(w, 0);
            if (DefaultDpAddress != null) w.WriteUtf8(0x80, DefaultDpAddress);
            Extensions.WriteAfter(w, 0x80);
            w.WriteUtf8(0x81, RootDsAddress);
            Extensions.WriteAfter(w, 0x81);
            return w.End().ToArray();
        }

        public static EuiccConfiguredAddresses Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.EuiccConfiguredAddresses)); }

        public static EuiccConfiguredAddresses Decode(Tlv t)
        {
            t.Expect(RspTags.EuiccConfiguredAddresses);
            var f = new SequenceFields(t, Schema);
            var r = new EuiccConfiguredAddresses();
            var d = f.Optional(0x80);
            if (d != null) r.DefaultDpAddress = RspDer.Utf8(d);
            r.RootDsAddress = RspDer.Utf8(f.Require(0x81));
            r.Extensions = f.Extensions();
            return r;
        }
    }

    /// <summary>ES10a.SetDefaultDpAddress (SGP.22 §5.7.4): <c>BF3F {80 defaultDpAddress}</c> ->
    /// <c>BF3F {80 result}</c> (<see cref="SetDefaultDpAddressResult"/>).</summary>
    public sealed class SetDefaultDpAddressRequest
    {
        /// <summary>Empty string removes the address.</summary>
        public string DefaultDpAddress;

        public byte[] Encode()
        {
            if (DefaultDpAddress == null) throw RspDer.Missing("defaultDpAddress");
            var w = new TlvWriter();
            return w.Begin(RspTags.SetDefaultDpAddress).WriteUtf8(0x80, DefaultDpAddress).End().ToArray();
        }

        public static SetDefaultDpAddressRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.SetDefaultDpAddress)); }

        public static SetDefaultDpAddressRequest Decode(Tlv t)
        {
            t.Expect(RspTags.SetDefaultDpAddress);
            var f = new SequenceFields(t, new int[] { 0x80 });
            var r = new SetDefaultDpAddressRequest();
            r.DefaultDpAddress = RspDer.Utf8(f.Require(0x80));
            return r;
        }
    }

    /// <summary>A response that is a SEQUENCE holding one INTEGER result <c>80</c>: SetDefaultDpAddress,
    /// Enable/Disable/DeleteProfile, eUICCMemoryReset, SetNickname, RemoveNotificationFromList.</summary>
    public sealed class Es10Result
    {
        public int Tag;
        public int Result;

        public Es10Result(int tag, int result) { Tag = tag; Result = result; }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            return w.Begin(Tag).WriteInteger(0x80, Result).End().ToArray();
        }

        public static Es10Result Decode(byte[] data, int tag) { return Decode(RspDer.Parse(data, tag), tag); }

        public static Es10Result Decode(Tlv t, int tag)
        {
            t.Expect(tag);
            var f = new SequenceFields(t, new int[] { 0x80 });
            return new Es10Result(tag, RspDer.Int(f.Require(0x80)));
        }
    }
}
