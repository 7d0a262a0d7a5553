using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;

namespace IotEsim.Ipa.Es10
{
    /// <summary>ES10b (SGP.22 5.7.5-5.7.13): download and notification functions. Requests are
    /// built from the rsp/Messages models; responses are returned decoded, and where the IPA has to
    /// forward the eUICC's bytes unchanged (signed data) the models keep them in <c>Raw</c>.</summary>
    public static class Es10b
    {
        public static EuiccInfo1 GetEuiccInfo1(Es10Channel es10)
        {
            return EuiccInfo1.Decode(GetEuiccInfo1Raw(es10));
        }

        /// <summary>The BF20 TLV as the card sent it (goes base64 into initiateAuthentication).</summary>
        public static byte[] GetEuiccInfo1Raw(Es10Channel es10)
        {
            byte[] r = Es10Call.Send(es10, EuiccInfo1.EncodeRequest(), RspTags.EuiccInfo1);
            RspDer.Parse(r, RspTags.EuiccInfo1);
            return r;
        }

        public static EuiccInfo2 GetEuiccInfo2(Es10Channel es10)
        {
            return EuiccInfo2.Decode(GetEuiccInfo2Raw(es10));
        }

        public static byte[] GetEuiccInfo2Raw(Es10Channel es10)
        {
            byte[] r = Es10Call.Send(es10, EuiccInfo2.EncodeRequest(), RspTags.EuiccInfo2);
            RspDer.Parse(r, RspTags.EuiccInfo2);
            return r;
        }

        /// <summary>ES10b.GetEUICCChallenge: the 16-byte euiccChallenge (the eUICC keeps it for AuthenticateServer).</summary>
        public static byte[] GetEuiccChallenge(Es10Channel es10)
        {
            var c = GetEuiccChallengeModel(es10);
            return c.EuiccChallenge;
        }

        private static IotEsim.Rsp.Messages.GetEuiccChallenge GetEuiccChallengeModel(Es10Channel es10)
        {
            return IotEsim.Rsp.Messages.GetEuiccChallenge.Decode(Es10Call.Send(es10, IotEsim.Rsp.Messages.GetEuiccChallenge.EncodeRequest(), RspTags.GetEuiccChallenge));
        }

        /// <summary>ES10b.AuthenticateServer; returns the BF38 response bytes (forwarded as they are)
        /// and the decoded model through <paramref name="decoded"/>.</summary>
        public static byte[] AuthenticateServer(Es10Channel es10, AuthenticateServerRequest request, out AuthenticateServerResponse decoded)
        {
            byte[] r = Es10Call.Send(es10, request.Encode(), RspTags.AuthenticateServer);
            decoded = AuthenticateServerResponse.Decode(r);
            return r;
        }

        /// <summary>ES10b.PrepareDownload; returns the BF21 response bytes and the decoded model.</summary>
        public static byte[] PrepareDownload(Es10Channel es10, PrepareDownloadRequest request, out PrepareDownloadResponse decoded)
        {
            byte[] r = Es10Call.Send(es10, request.Encode(), RspTags.PrepareDownload);
            decoded = PrepareDownloadResponse.Decode(r);
            return r;
        }

        /// <summary>ES10b.CancelSession (BF41 {80 transactionId, 81 reason}); returns the signed BF41 response bytes
        /// (forwarded to the SM-DP+) and the decoded model.</summary>
        public static byte[] CancelSession(Es10Channel es10, byte[] transactionId, int reason, out CancelSessionResponse decoded)
        {
            var req = new CancelSessionRequest();
            req.TransactionId = transactionId;
            req.Reason = reason;
            byte[] r = Es10Call.Send(es10, req.Encode(), RspTags.CancelSession);
            decoded = CancelSessionResponse.Decode(r);
            return r;
        }

        /// <summary>ES10b.ListNotification (BF28); <paramref name="filter"/> null lists every notification.</summary>
        public static ListNotificationResponse ListNotification(Es10Channel es10, BitString filter)
        {
            var req = new ListNotificationRequest();
            req.ProfileManagementOperation = filter;
            return ListNotificationResponse.Decode(Es10Call.Send(es10, req.Encode(), RspTags.ListNotification));
        }

        /// <summary>ES10b.RetrieveNotificationsList (BF2B) for one seqNumber, or all when <paramref name="seqNumber"/> &lt; 0.</summary>
        public static RetrieveNotificationsListResponse RetrieveNotificationsList(Es10Channel es10, int seqNumber)
        {
            var req = new RetrieveNotificationsListRequest();
            req.SeqNumber = seqNumber;
            return RetrieveNotificationsListResponse.Decode(Es10Call.Send(es10, req.Encode(), RspTags.RetrieveNotificationsList));
        }

        /// <summary>ES10b.RemoveNotificationFromList (BF30 {80 seq}); returns 0 ok, 1 nothingToDelete, 127 undefinedError.</summary>
        public static int RemoveNotificationFromList(Es10Channel es10, int seqNumber)
        {
            var req = new RemoveNotificationFromListRequest(seqNumber);
            return Es10Result.Decode(Es10Call.Send(es10, req.Encode(), RspTags.RemoveNotificationFromList), RspTags.RemoveNotificationFromList).Result;
        }
    }
}
