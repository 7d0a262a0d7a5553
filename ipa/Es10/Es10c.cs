using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;

namespace IotEsim.Ipa.Es10
{
    /// <summary>ES10c (SGP.22 5.7.14-5.7.21): local profile management and the EID. On IoT eUICCs
    /// only GetEID is guaranteed (digest 9.4); the others serve consumer eUICCs driven without an eIM.</summary>
    public static class Es10c
    {
        /// <summary>ES10c.GetEID (BF3E 03 5C 01 5A): the 16-byte EID.</summary>
        public static byte[] GetEid(Es10Channel es10)
        {
            return GetEuiccData.Decode(Es10Call.Send(es10, GetEuiccData.EncodeRequest(), RspTags.GetEuiccData)).Eid;
        }

        /// <summary>ES10c.GetProfilesInfo (BF2D) with optional search criteria (null = every profile).</summary>
        public static ProfileInfoListResponse GetProfilesInfo(Es10Channel es10, ProfileInfoListRequest request)
        {
            byte[] req = request == null ? new byte[] { 0xBF, 0x2D, 0x00 } : request.Encode();
            return ProfileInfoListResponse.Decode(Es10Call.Send(es10, req, RspTags.ProfileInfoList));
        }

        /// <summary>The BF2D response bytes, for forwarding unchanged (listProfileInfo PSMO, IpaEuiccData).</summary>
        public static byte[] GetProfilesInfoRaw(Es10Channel es10, byte[] request)
        {
            return Es10Call.Send(es10, request == null ? new byte[] { 0xBF, 0x2D, 0x00 } : request, RspTags.ProfileInfoList);
        }

        /// <summary>ES10c.EnableProfile (BF31) by ICCID; returns enableResult (0 ok, 1 iccidOrAidNotFound, 2 profileNotInDisabledState, ...).</summary>
        public static int EnableProfile(Es10Channel es10, byte[] iccid, bool refreshFlag)
        {
            return Operation(es10, RspTags.EnableProfile, iccid, refreshFlag);
        }

        /// <summary>ES10c.DisableProfile (BF32) by ICCID.</summary>
        public static int DisableProfile(Es10Channel es10, byte[] iccid, bool refreshFlag)
        {
            return Operation(es10, RspTags.DisableProfile, iccid, refreshFlag);
        }

        /// <summary>ES10c.DeleteProfile (BF33) by ICCID: the request carries the bare 5A (no refreshFlag).</summary>
        public static int DeleteProfile(Es10Channel es10, byte[] iccid)
        {
            var w = new TlvWriter();
            w.Begin(RspTags.DeleteProfile).Write(RspTags.Iccid, iccid).End();
            return Es10Result.Decode(Es10Call.Send(es10, w.ToArray(), RspTags.DeleteProfile), RspTags.DeleteProfile).Result;
        }

        /// <summary>ES10c.SetNickname (BF29).</summary>
        public static int SetNickname(Es10Channel es10, byte[] iccid, string nickname)
        {
            var req = new SetNicknameRequest();
            req.Iccid = iccid;
            req.ProfileNickname = nickname;
            return Es10Result.Decode(Es10Call.Send(es10, req.Encode(), RspTags.SetNickname), RspTags.SetNickname).Result;
        }

        /// <summary>ES10c.eUICCMemoryReset (BF34, SGP.22 form) with the given resetOptions bits.</summary>
        public static int EuiccMemoryReset(Es10Channel es10, BitString resetOptions)
        {
            var req = new EuiccMemoryResetRequest();
            req.ResetOptions = resetOptions;
            return Es10Result.Decode(Es10Call.Send(es10, req.Encode(), RspTags.EuiccMemoryReset), RspTags.EuiccMemoryReset).Result;
        }

        private static int Operation(Es10Channel es10, int tag, byte[] iccid, bool refreshFlag)
        {
            var req = ProfileOperationRequest.ByIccid(tag, iccid, refreshFlag);
            return Es10Result.Decode(Es10Call.Send(es10, req.Encode(), tag), tag).Result;
        }
    }
}
