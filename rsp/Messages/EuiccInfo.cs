using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages
{
    /// <summary>ES10b.GetEUICCInfo with EUICCInfo1 (SGP.22 §5.7.8): request <c>BF20 00</c>, response
    /// <c>BF20 {82 svn, A9 {04 pkid..} verification, AA {04 pkid..} signing}</c>.</summary>
    public sealed class EuiccInfo1
    {
        private static readonly int[] Schema = { 0x82, 0xA9, 0xAA };

        public byte[] Svn;                       // VersionType, 3 bytes
        public byte[][] CiPKIdListForVerification = new byte[0][];
        public byte[][] CiPKIdListForSigning = new byte[0][];
        public ExtensionList Extensions = new ExtensionList();

        public static byte[] EncodeRequest() { return new byte[] { 0xBF, 0x20, 0x00 }; }

        public byte[] Encode()
        {
            if (Svn == null) throw RspDer.Missing("svn");
            var w = new TlvWriter();
            w.Begin(RspTags.EuiccInfo1);
            Extensions.WriteAfter(w, 0);
            w.Write(0x82, Svn);
            Extensions.WriteAfter(w, 0x82);
            RspDer.WriteOctetList(w, 0xA9, CiPKIdListForVerification);
            Extensions.WriteAfter(w, 0xA9);
            RspDer.WriteOctetList(w, 0xAA, CiPKIdListForSigning);
            Extensions.WriteAfter(w, 0xAA);
            return w.End().ToArray();
        }

        public static EuiccInfo1 Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.EuiccInfo1)); }

        public static EuiccInfo1 Decode(Tlv t)
        {
            t.Expect(RspTags.EuiccInfo1);
            var f = new SequenceFields(t, Schema);
            var r = new EuiccInfo1();
            r.Svn = RspDer.Octets(f.Require(0x82), 3);
            r.CiPKIdListForVerification = RspDer.OctetList(f.Require(0xA9));
            r.CiPKIdListForSigning = RspDer.OctetList(f.Require(0xAA));
            r.Extensions = f.Extensions();
            return r;
        }
    }

    /// <summary>
    /// EUICCInfo2 (SGP.22 §5.7.8 with the SGP.32 v1.2 additions; docs digest 9.8). Fields are encoded in
    /// definition (= DER) order: <c>81 82 83 84 85 [86] [87] 88 A9 AA [8B] [99] 04 0C [AC] [8D] [8E] [AF] [90] [B1] [92] [93] [B4]</c>.
    /// Elements this model does not type (8D, 8E, AF, B1, 92, 93 and anything newer) are kept as raw
    /// TLVs in their position, so decode + encode gives back the input bytes.
    /// </summary>
    public sealed class EuiccInfo2
    {
        /// <summary>Known element tags in definition order; the ones without a typed field below are kept raw.</summary>
        public static readonly int[] Schema =
        {
            0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0xA9, 0xAA, 0x8B, 0x99, 0x04, 0x0C, 0xAC,
            0x8D, 0x8E, 0xAF, 0x90, 0xB1, 0x92, 0x93, 0xB4,
        };

        public byte[] ProfileVersion;            // 81, VersionType
        public byte[] Svn;                       // 82
        public byte[] EuiccFirmwareVer;          // 83
        public byte[] ExtCardResource;           // 84, TS 102 226 TLVs (81 apps, 82 free NVM, 83 free RAM)
        public BitString UiccCapability;         // 85
        public byte[] Ts102241Version;           // 86 (javacardVersion), optional
        public byte[] GlobalPlatformVersion;     // 87, optional
        public BitString RspCapability;          // 88
        public byte[][] CiPKIdListForVerification = new byte[0][]; // A9
        public byte[][] CiPKIdListForSigning = new byte[0][];      // AA
        public int EuiccCategory = -1;           // 8B, -1 = absent
        public BitString ForbiddenProfilePolicyRules; // 99, optional
        public byte[] PpVersion;                 // 04
        public string SasAcreditationNumber;     // 0C
        public string PlatformLabel;             // AC {80}, optional (null = AC absent)
        public string DiscoveryBaseUrl;          // AC {81}
        public int IpaMode = -1;                 // 90 (SGP.32: 0 ipad, 1 ipae), -1 = absent
        /// <summary>Complete B4 TLV (SGP.32 IoTSpecificInfo), or null.</summary>
        public byte[] IotSpecificInfo;
        /// <summary>Raw TLVs of the untyped known tags (8D, 8E, AF, B1, 92, 93) and of unknown ones.</summary>
        public ExtensionList Extensions = new ExtensionList();

        public const int CategoryOther = 0;
        public const int CategoryBasic = 1;
        public const int CategoryMedium = 2;
        public const int CategoryContactless = 3;

        public static byte[] EncodeRequest() { return new byte[] { 0xBF, 0x22, 0x00 }; }

        public byte[] Encode()
        {
            var w = new TlvWriter(256);
            Write(w);
            return w.ToArray();
        }

        public void Write(TlvWriter w)
        {
            if (ProfileVersion == null || Svn == null || EuiccFirmwareVer == null || ExtCardResource == null
                || UiccCapability == null || RspCapability == null || PpVersion == null || SasAcreditationNumber == null)
                throw RspDer.Missing("mandatory EUICCInfo2 element");
            w.Begin(RspTags.EuiccInfo2);
            Extensions.WriteAfter(w, 0);
            for (int i = 0; i < Schema.Length; i++)
            {
                int tag = Schema[i];
                switch (tag)
                {
                    case 0x81: w.Write(tag, ProfileVersion); break;
                    case 0x82: w.Write(tag, Svn); break;
                    case 0x83: w.Write(tag, EuiccFirmwareVer); break;
                    case 0x84: w.Write(tag, ExtCardResource); break;
                    case 0x85: UiccCapability.Write(w, tag); break;
                    case 0x86: if (Ts102241Version != null) w.Write(tag, Ts102241Version); break;
                    case 0x87: if (GlobalPlatformVersion != null) w.Write(tag, GlobalPlatformVersion); break;
                    case 0x88: RspCapability.Write(w, tag); break;
                    case 0xA9: RspDer.WriteOctetList(w, tag, CiPKIdListForVerification); break;
                    case 0xAA: RspDer.WriteOctetList(w, tag, CiPKIdListForSigning); break;
                    case 0x8B: if (EuiccCategory >= 0) w.WriteInteger(tag, EuiccCategory); break;
                    case 0x99: if (ForbiddenProfilePolicyRules != null) ForbiddenProfilePolicyRules.Write(w, tag); break;
                    case 0x04: w.Write(tag, PpVersion); break;
                    case 0x0C: w.WriteUtf8(tag, SasAcreditationNumber); break;
                    case 0xAC:
                        if (PlatformLabel != null)
                        {
                            w.Begin(tag).WriteUtf8(0x80, PlatformLabel).WriteUtf8(0x81, DiscoveryBaseUrl == null ? "" : DiscoveryBaseUrl).End();
                        }
                        break;
                    case 0x90: if (IpaMode >= 0) w.WriteInteger(tag, IpaMode); break;
                    case 0xB4: if (IotSpecificInfo != null) w.WriteRaw(IotSpecificInfo); break;
                    default: break; // untyped: present only as extensions
                }
                Extensions.WriteAfter(w, tag);
            }
            Extensions.WriteOrphans(w, Schema);
            w.End();
        }

        public static EuiccInfo2 Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.EuiccInfo2)); }

        public static EuiccInfo2 Decode(Tlv t)
        {
            t.Expect(RspTags.EuiccInfo2);
            var f = new SequenceFields(t, Schema);
            var r = new EuiccInfo2();
            r.ProfileVersion = RspDer.Octets(f.Require(0x81), 3);
            r.Svn = RspDer.Octets(f.Require(0x82), 3);
            r.EuiccFirmwareVer = RspDer.Octets(f.Require(0x83), 3);
            r.ExtCardResource = RspDer.Octets(f.Require(0x84), 0);
            r.UiccCapability = BitString.Decode(f.Require(0x85));
            var x = f.Optional(0x86);
            if (x != null) r.Ts102241Version = RspDer.Octets(x, 3);
            x = f.Optional(0x87);
            if (x != null) r.GlobalPlatformVersion = RspDer.Octets(x, 3);
            r.RspCapability = BitString.Decode(f.Require(0x88));
            r.CiPKIdListForVerification = RspDer.OctetList(f.Require(0xA9));
            r.CiPKIdListForSigning = RspDer.OctetList(f.Require(0xAA));
            x = f.Optional(0x8B);
            if (x != null) r.EuiccCategory = RspDer.Int(x);
            x = f.Optional(0x99);
            if (x != null) r.ForbiddenProfilePolicyRules = BitString.Decode(x);
            r.PpVersion = RspDer.Octets(f.Require(0x04), 3);
            r.SasAcreditationNumber = RspDer.Utf8(f.Require(0x0C));
            x = f.Optional(0xAC);
            if (x != null)
            {
                var cf = new SequenceFields(x, new int[] { 0x80, 0x81 });
                r.PlatformLabel = RspDer.Utf8(cf.Require(0x80));
                r.DiscoveryBaseUrl = RspDer.Utf8(cf.Require(0x81));
            }
            x = f.Optional(0x90);
            if (x != null) r.IpaMode = RspDer.Int(x);
            x = f.Optional(0xB4);
            if (x != null)
            {
                if (!x.IsConstructed) throw new DerException(DerError.UnexpectedTag, x.Offset, "iotSpecificInfo must be constructed");
                r.IotSpecificInfo = x.Encoded();
            }
            // Known-but-untyped elements travel as extensions, after their predecessor in the schema.
            var ext = f.Extensions();
            int[] raw = { 0x8D, 0x8E, 0xAF, 0xB1, 0x92, 0x93 };
            var merged = new ExtensionList();
            int prevKnown = 0;
            for (int i = 0; i < Schema.Length; i++)
            {
                int tag = Schema[i];
                // unknowns that followed the previous present element
                var el = f.Optional(tag);
                if (el == null) continue;
                for (int k = 0; k < ext.Count; k++) if (ext.AfterTag(k) == prevKnown) merged.Add(prevKnown, ext.Get(k));
                bool isRaw = false;
                for (int k = 0; k < raw.Length; k++) if (raw[k] == tag) isRaw = true;
                if (isRaw) merged.Add(prevKnown, el.Encoded());
                prevKnown = tag;
            }
            for (int k = 0; k < ext.Count; k++) if (ext.AfterTag(k) == prevKnown) merged.Add(prevKnown, ext.Get(k));
            r.Extensions = merged;
            return r;
        }

        /// <summary>True when the eUICC lists <paramref name="pkid"/> for signing (used to pick euiccCiPKIdToBeUsed).</summary>
        public static bool Contains(byte[][] list, byte[] pkid)
        {
            if (list == null) return false;
            for (int i = 0; i < list.Length; i++) if (Bytes.Equal(list[i], pkid)) return true;
            return false;
        }
    }
}
