using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;

namespace IotEsim.Euicc.Engine
{
    /// <summary>ES10b.GetEUICCInfo (§5.7.8), ES10c.GetEID (§5.7.20), ES10a.GetEuiccConfiguredAddresses /
    /// SetDefaultDpAddress (§5.7.3, 5.7.4) and ES10b.GetRAT (§5.7.18).</summary>
    public static class EuiccInformation
    {
        public static byte[] Info1(EuiccContext ctx, byte[] request)
        {
            RspDer.Parse(request, RspTags.EuiccInfo1);
            var i = new EuiccInfo1();
            i.Svn = ctx.Options.Svn;
            i.CiPKIdListForVerification = ctx.Identity.CiPkIds();
            i.CiPKIdListForSigning = ctx.Identity.SigningCiPkIds();
            return i.Encode();
        }

        public static EuiccInfo2 BuildInfo2(EuiccContext ctx)
        {
            var o = ctx.Options;
            if (o.EuiccInfo2Override != null) return o.EuiccInfo2Override;
            var i = new EuiccInfo2();
            i.ProfileVersion = o.ProfileVersion;
            i.Svn = o.Svn;
            i.EuiccFirmwareVer = o.FirmwareVersion;
            // extCardResource (TS 102 226): 81 installed applications, 82 free NVM, 83 free RAM.
            var w = new TlvWriter();
            w.Write(0x81, new byte[] { (byte)ctx.State.Profiles.Count });
            w.Write(0x82, new byte[] { (byte)(o.FreeNvm >> 24), (byte)(o.FreeNvm >> 16), (byte)(o.FreeNvm >> 8), (byte)o.FreeNvm });
            w.Write(0x83, new byte[] { 0x10, 0x00 });
            i.ExtCardResource = w.ToArray();
            // uiccCapability: contactlessSupport(0)? no; usimSupport(1), isimSupport(2), csimSupport(3), javacard(8).
            i.UiccCapability = BitString.FromBits(new int[] { 1, 2, 3, 8 });
            // rspCapability: additionalProfile(0), crlSupport(1) not claimed, rpmSupport(2) no, testProfileSupport(3).
            i.RspCapability = BitString.FromBits(new int[] { 0, 3 });
            // Verification: every trusted CI on P-256 or brainpoolP256r1; signing: the CI above our own EUM.
            i.CiPKIdListForVerification = ctx.Identity.CiPkIds();
            i.CiPKIdListForSigning = ctx.Identity.SigningCiPkIds();
            i.EuiccCategory = EuiccInfo2.CategoryOther;
            // The rules no RAT entry allows (§2.9.2.2): with the default empty RAT, PPR1 and PPR2.
            i.ForbiddenProfilePolicyRules = ProfilePolicy.Forbidden(o.RulesAuthorisationTable);
            i.PpVersion = o.PpVersion;
            i.SasAcreditationNumber = o.SasAccreditationNumber;
            i.IpaMode = o.IpaMode;
            // SGP.32 IoTSpecificInfo: iotVersion [0] SEQUENCE OF VersionType = { v1.2.0 }.
            i.IotSpecificInfo = new byte[] { 0xB4, 0x07, 0xA0, 0x05, 0x04, 0x03, 0x01, 0x02, 0x00 };
            return i;
        }

        public static byte[] Info2(EuiccContext ctx, byte[] request)
        {
            RspDer.Parse(request, RspTags.EuiccInfo2);
            return BuildInfo2(ctx).Encode();
        }

        public static byte[] GetEid(EuiccContext ctx, byte[] request)
        {
            GetEuiccData.DecodeRequest(request);
            var r = new GetEuiccData();
            r.Eid = ctx.Identity.Eid;
            return r.Encode();
        }

        public static byte[] ConfiguredAddresses(EuiccContext ctx, byte[] request)
        {
            EuiccConfiguredAddresses.DecodeRequest(request);
            var r = new EuiccConfiguredAddresses();
            r.DefaultDpAddress = ctx.State.DefaultDpAddress;
            r.RootDsAddress = ctx.State.RootDsAddress;
            return r.Encode();
        }

        public static byte[] SetDefaultDpAddress(EuiccContext ctx, byte[] request)
        {
            var req = SetDefaultDpAddressRequest.Decode(request);
            var next = ctx.State.Clone();
            // An empty address removes the default (SGP.22 §5.7.4).
            next.DefaultDpAddress = req.DefaultDpAddress.Length == 0 ? null : req.DefaultDpAddress;
            ctx.Commit(next);
            return new Es10Result(RspTags.SetDefaultDpAddress, SetDefaultDpAddressResult.Ok).Encode();
        }

        public static byte[] GetRat(EuiccContext ctx, byte[] request)
        {
            RspDer.Parse(request, RspTags.GetRat);
            // The table set at manufacture (empty by default: no PPR is allowed for any operator).
            var r = new GetRatResponse();
            var rat = ctx.Options.RulesAuthorisationTable;
            if (rat != null) for (int k = 0; k < rat.Count; k++) r.Rules.Add(rat[k]);
            return r.Encode();
        }
    }
}
