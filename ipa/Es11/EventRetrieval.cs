using System;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Es11;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Messages;

namespace IotEsim.Ipa.Es11
{
    /// <summary>
    /// ES11 event retrieval (SGP.22 3.6.3): mutual authentication with an SM-DS (GetEUICCChallenge,
    /// GetEUICCInfo1, InitiateAuthentication, AuthenticateServer without matchingId,
    /// AuthenticateClient) and the event list it answers. Used by the engine and by `profile download --smds`.
    /// </summary>
    public static class EventRetrieval
    {
        /// <summary>Every pending event for this eUICC at <paramref name="smdsAddress"/> (empty when none).</summary>
        /// <exception cref="Es9PlusException">the SM-DS refused or answered something unreadable</exception>
        /// <exception cref="DownloadException">the eUICC refused to authenticate the SM-DS</exception>
        public static Es11EventEntry[] Retrieve(Es10Channel es10, Es11Client es11, string smdsAddress, DeviceInfo deviceInfo)
        {
            byte[] challenge = Es10b.GetEuiccChallenge(es10);
            byte[] info1 = Es10b.GetEuiccInfo1Raw(es10);
            var ia = es11.InitiateAuthentication(smdsAddress, challenge, info1);
            var req = new AuthenticateServerRequest();
            req.ServerSigned1 = ServerSigned1.Decode(ia.ServerSigned1);
            req.ServerSigned1.Raw = ia.ServerSigned1;
            req.ServerSignature1 = ProfileDownload.StripEnvelope(ia.ServerSignature1, RspTags.Signature);
            req.EuiccCiPKIdToBeUsed = ProfileDownload.StripEnvelope(ia.EuiccCiPKIdToBeUsed, Tags.OctetString);
            req.ServerCertificate = ia.ServerCertificate;
            req.CtxParams1 = new CtxParams1();
            req.CtxParams1.DeviceInfo = deviceInfo != null ? deviceInfo : ProfileDownload.DefaultDeviceInfo();
            AuthenticateServerResponse asResp;
            byte[] asRaw = Es10b.AuthenticateServer(es10, req, out asResp);
            if (!asResp.IsOk)
                throw new DownloadException("the eUICC refused to authenticate the SM-DS (AuthenticateServer error " + asResp.ErrorCode.ToString() + ")", null, false);
            var ac = es11.AuthenticateClient(smdsAddress, ia.TransactionId, asRaw);
            var events = ac.EventEntries;
            return events == null ? new Es11EventEntry[0] : events;
        }
    }
}
