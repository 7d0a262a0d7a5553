using System;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.Messages
{
    /// <summary>ES10b.GetEUICCChallenge (SGP.22 §5.7.7): request <c>BF2E 00</c>, response
    /// <c>BF2E 12 80 10 &lt;16-byte challenge&gt;</c>.</summary>
    public sealed class GetEuiccChallenge
    {
        public byte[] EuiccChallenge;

        public static byte[] EncodeRequest() { return new byte[] { 0xBF, 0x2E, 0x00 }; }

        public static void DecodeRequest(byte[] data) { RspDer.Parse(data, RspTags.GetEuiccChallenge); }

        public byte[] Encode()
        {
            if (EuiccChallenge == null || EuiccChallenge.Length != 16) throw RspDer.Missing("16-byte euiccChallenge");
            var w = new TlvWriter();
            return w.Begin(RspTags.GetEuiccChallenge).Write(0x80, EuiccChallenge).End().ToArray();
        }

        public static GetEuiccChallenge Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.GetEuiccChallenge)); }

        public static GetEuiccChallenge Decode(Tlv t)
        {
            t.Expect(RspTags.GetEuiccChallenge);
            var f = new SequenceFields(t, new int[] { 0x80 });
            var r = new GetEuiccChallenge();
            r.EuiccChallenge = RspDer.Octets(f.Require(0x80), 16);
            return r;
        }
    }
}
