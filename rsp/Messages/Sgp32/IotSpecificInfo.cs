using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>
    /// EUICCInfo2 iotSpecificInfo [20] (SGP.32 §5.9.2; docs digest 9.3): a SEQUENCE, hence <c>B4</c>
    /// (pySim's 94 is wrong): <c>B4 {A0 {04 03 maj min rev ...}, [81 00 ecallSupported], [82 00 fallbackSupported]}</c>.
    /// v1.0 has only iotVersion.
    /// </summary>
    public sealed class IotSpecificInfo
    {
        /// <summary>Items are 3-byte VersionType values.</summary>
        public ArrayList IotVersions = new ArrayList();
        public bool EcallSupported;
        public bool FallbackSupported;

        public void WriteTo(TlvWriter w)
        {
            w.Begin(RspTags.IotSpecificInfo).Begin(0xA0);
            for (int i = 0; i < IotVersions.Count; i++) w.Write(Tags.OctetString, (byte[])IotVersions[i]);
            w.End();
            if (EcallSupported) w.WriteNull(0x81);
            if (FallbackSupported) w.WriteNull(0x82);
            w.End();
        }

        public byte[] Encode()
        {
            var w = new TlvWriter(32);
            WriteTo(w);
            return w.ToArray();
        }

        public static IotSpecificInfo Decode(byte[] data)
        {
            return Decode(Sgp32Der.Parse(data, RspTags.IotSpecificInfo));
        }

        public static IotSpecificInfo Decode(Tlv t)
        {
            t.Expect(RspTags.IotSpecificInfo);
            var info = new IotSpecificInfo();
            var r = t.Children();
            var v = r.ReadOptional(0xA0);
            if (v == null) throw new DerException(DerError.MissingElement, t.ValueOffset, "iotVersion missing");
            var vr = v.Children();
            while (vr.HasMore) info.IotVersions.Add(Sgp32Der.Octets(vr.Read().Expect(Tags.OctetString), 3));
            if (info.IotVersions.Count == 0) throw new DerException(DerError.InvalidValue, v.ValueOffset, "iotVersion needs at least one version");
            var x = r.ReadOptional(0x81); if (x != null) { Sgp32Der.RequireNull(x); info.EcallSupported = true; }
            x = r.ReadOptional(0x82); if (x != null) { Sgp32Der.RequireNull(x); info.FallbackSupported = true; }
            return info;
        }

        /// <summary>Finds iotSpecificInfo in a complete EUICCInfo2 (BF22) TLV; null when absent (an SGP.22 card).</summary>
        public static IotSpecificInfo FromEuiccInfo2(byte[] bf22)
        {
            var t = Sgp32Der.Parse(bf22, RspTags.EuiccInfo2);
            var b = t.Find(RspTags.IotSpecificInfo);
            return b == null ? null : Decode(b);
        }

        /// <summary>ipaMode [16] (<c>90 01 00</c> IPAd, <c>90 01 01</c> IPAe) from EUICCInfo2; -1 when absent.</summary>
        public static int IpaModeFromEuiccInfo2(byte[] bf22)
        {
            var t = Sgp32Der.Parse(bf22, RspTags.EuiccInfo2);
            var m = t.Find(RspTags.IpaMode);
            return m == null ? -1 : m.AsInt();
        }
    }
}
