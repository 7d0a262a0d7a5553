using System;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Esipa;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Provisioning;
using IotEsim.Rsp.Util;

namespace IotEsim.Ipa.Download
{
    /// <summary>A download that did not end with an installed profile. The session was cancelled on the
    /// eUICC (and at the server, best effort) where SGP.22 3.1.3 asks for it.</summary>
    public class DownloadException : Exception
    {
        public DownloadException(string message, Exception inner, bool transient) : base(message, inner) { IsTransient = transient; }
        /// <summary>Trying again later may help (network, overloaded server).</summary>
        public bool IsTransient { get; private set; }
    }

    /// <summary>Records the transaction in flight so a reboot can cancel a session it interrupted.</summary>
    public interface IDownloadJournal
    {
        void Begin(string serverAddress, byte[] transactionId);
        void End();
    }

    /// <summary>
    /// The profile download procedure (SGP.22 3.1.3, SGP.32 3.2): GetEUICCChallenge/Info1 →
    /// InitiateAuthentication → AuthenticateServer → AuthenticateClient → PrepareDownload →
    /// GetBoundProfilePackage streamed into LoadBoundProfilePackage. Direct (ES9+ to the SM-DP+) or
    /// indirect (ESipa, relayed by the eIM). The ES10 call order of each path follows the reference
    /// implementation of that path (lpac for ES9+, onomondo-ipa for ESipa).
    /// </summary>
    public sealed class ProfileDownload
    {
        private readonly Es10Channel _es10;

        public ProfileDownload(Es10Channel es10)
        {
            _es10 = es10;
        }

        /// <summary>deviceInfo sent in ctxParams1 (TAC, capabilities, IMEI).</summary>
        public DeviceInfo DeviceInfo;
        /// <summary>Confirmation code, when the order needs one (ccRequiredFlag).</summary>
        public string ConfirmationCode;
        /// <summary>SHA-256 for hashCc; only needed with a confirmation code.</summary>
        public ICryptoProvider Crypto;
        public IDownloadJournal Journal;
        public IBppProgress Progress;

        /// <summary>Direct download from <paramref name="smdpAddress"/> over ES9+; returns the BF37 ProfileInstallationResult.</summary>
        public byte[] Direct(Es9PlusClient es9, string smdpAddress, string matchingId)
        {
            byte[] challenge = Es10b.GetEuiccChallenge(_es10);
            byte[] info1 = Es10b.GetEuiccInfo1Raw(_es10);
            InitiateAuthenticationResponse ia;
            try { ia = es9.InitiateAuthentication(smdpAddress, challenge, info1); }
            catch (Es9PlusException e) { throw new DownloadException("initiateAuthentication failed: " + e.Message, e, e.IsTransient); }

            byte[] txId = Hex.Decode(ia.TransactionId);
            if (Journal != null) Journal.Begin(smdpAddress, txId);
            var sink = new Es10BppSink(_es10, Progress);
            try
            {
                var asReq = BuildAuthenticateServer(ia.ServerSigned1, StripEnvelope(ia.ServerSignature1, RspTags.Signature),
                    StripEnvelope(ia.EuiccCiPKIdToBeUsed, Tags.OctetString), ia.ServerCertificate, matchingId);
                AuthenticateServerResponse asResp;
                byte[] asRaw = Es10b.AuthenticateServer(_es10, asReq, out asResp);
                if (!asResp.IsOk) throw new DownloadException("the eUICC refused AuthenticateServer (error " + asResp.ErrorCode.ToString() + ")", null, false);

                var ac = es9.AuthenticateClient(smdpAddress, ia.TransactionId, asRaw);
                byte[] pdRaw = Prepare(ac.SmdpSigned2, StripEnvelope(ac.SmdpSignature2, RspTags.Signature), ac.SmdpCertificate, txId);

                byte[] pir = es9.GetBoundProfilePackage(smdpAddress, ia.TransactionId, pdRaw, sink);
                if (Journal != null) Journal.End();
                return pir;
            }
            catch (Exception e)
            {
                // SGP.22 3.1.3: a session that fails after AuthenticateServer is cancelled on the eUICC, and the
                // signed cancelSessionResponse is passed to the SM-DP+ so it can release the order.
                int reason = sink.Started ? CancelSessionReason.LoadBppExecutionError : CancelSessionReason.UndefinedReason;
                byte[] csr = TryCancelOnEuicc(txId, reason);
                if (csr != null)
                {
                    try { es9.CancelSession(smdpAddress, ia.TransactionId, csr); } catch (Es9PlusException) { }
                }
                if (Journal != null) Journal.End();
                throw Wrap(e);
            }
        }

        /// <summary>Indirect download: every server exchange relayed by the eIM over ESipa.</summary>
        public byte[] Indirect(EsipaClient esipa, string smdpAddress, string matchingId, byte[] eimTransactionId)
        {
            byte[] info1 = Es10b.GetEuiccInfo1Raw(_es10);
            byte[] challenge = Es10b.GetEuiccChallenge(_es10);
            InitiateAuthenticationResponseEsipa ia;
            try { ia = esipa.InitiateAuthentication(challenge, smdpAddress, info1, eimTransactionId); }
            catch (Es9PlusException e) { throw new DownloadException("InitiateAuthentication (ESipa) failed: " + e.Message, e, e.IsTransient); }

            byte[] txId = ia.TransactionId;
            if (txId == null) txId = ServerSigned1.Decode(ia.ServerSigned1).TransactionId;
            if (Journal != null) Journal.Begin(smdpAddress, txId);
            var sink = new Es10BppSink(_es10, Progress);
            try
            {
                string mid = ia.MatchingId != null ? ia.MatchingId : matchingId;
                var asReq = BuildAuthenticateServer(ia.ServerSigned1, ia.ServerSignature1, ia.EuiccCiPKIdToBeUsed, ia.ServerCertificate, mid);
                AuthenticateServerResponse asResp;
                byte[] asRaw = Es10b.AuthenticateServer(_es10, asReq, out asResp);
                if (!asResp.IsOk) throw new DownloadException("the eUICC refused AuthenticateServer (error " + asResp.ErrorCode.ToString() + ")", null, false);

                var ac = esipa.AuthenticateClient(txId, asRaw);
                if (ac.ResultKind != AuthenticateClientResponseEsipa.OkDp) throw new DownloadException("eIM answered AuthenticateClient without a download", null, false);
                byte[] pdRaw = Prepare(ac.SmdpSigned2, ac.SmdpSignature2, ac.SmdpCertificate, txId);

                byte[] pir = esipa.GetBoundProfilePackage(txId, pdRaw, sink);
                if (Journal != null) Journal.End();
                return pir;
            }
            catch (Exception e)
            {
                int reason = sink.Started ? CancelSessionReason.LoadBppExecutionError : CancelSessionReason.UndefinedReason;
                byte[] csr = TryCancelOnEuicc(txId, reason);
                if (csr != null)
                {
                    try { esipa.CancelSession(txId, csr); } catch (Es9PlusException) { }
                }
                if (Journal != null) Journal.End();
                throw Wrap(e);
            }
        }

        private AuthenticateServerRequest BuildAuthenticateServer(byte[] serverSigned1, byte[] serverSignature1, byte[] ciPkid, byte[] serverCert, string matchingId)
        {
            var req = new AuthenticateServerRequest();
            req.ServerSigned1 = ServerSigned1.Decode(serverSigned1);
            req.ServerSigned1.Raw = serverSigned1; // the eUICC verifies the signature over the bytes as sent
            req.ServerSignature1 = serverSignature1;
            req.EuiccCiPKIdToBeUsed = ciPkid;
            req.ServerCertificate = serverCert;
            req.CtxParams1 = new CtxParams1();
            req.CtxParams1.MatchingId = matchingId;
            req.CtxParams1.DeviceInfo = DeviceInfo != null ? DeviceInfo : DefaultDeviceInfo();
            return req;
        }

        private byte[] Prepare(byte[] smdpSigned2, byte[] smdpSignature2, byte[] smdpCertificate, byte[] txId)
        {
            var pd = new PrepareDownloadRequest();
            pd.SmdpSigned2 = SmdpSigned2.Decode(smdpSigned2);
            pd.SmdpSigned2.Raw = smdpSigned2;
            pd.SmdpSignature2 = smdpSignature2;
            pd.SmdpCertificate = smdpCertificate;
            if (pd.SmdpSigned2.CcRequiredFlag)
            {
                if (ConfirmationCode == null || Crypto == null) throw new DownloadException("the order needs a confirmation code", null, false);
                pd.HashCc = ActivationCode.HashCc(Crypto, ConfirmationCode, txId);
            }
            PrepareDownloadResponse resp;
            byte[] raw = Es10b.PrepareDownload(_es10, pd, out resp);
            if (!resp.IsOk) throw new DownloadException("the eUICC refused PrepareDownload (error " + resp.ErrorCode.ToString() + ")", null, false);
            return raw;
        }

        private byte[] TryCancelOnEuicc(byte[] txId, int reason)
        {
            try
            {
                IotEsim.Rsp.Messages.CancelSessionResponse decoded;
                byte[] raw = Es10b.CancelSession(_es10, txId, reason, out decoded);
                return decoded.IsOk ? raw : null;
            }
            catch (Exception)
            {
                return null; // the card may be gone; the journal entry lets the next boot try again
            }
        }

        private static Exception Wrap(Exception e)
        {
            if (e is DownloadException) return e;
            var re = e as Es9PlusException;
            if (re != null) return new DownloadException(re.Message, re, re.IsTransient);
            return new DownloadException(e.Message, e, e is Es10Exception);
        }

        /// <summary>ES9+ carries serverSignature1 / smdpSignature2 / euiccCiPKIdToBeUsed as complete TLVs
        /// (5F37 40 .., 04 14 ..); ES10b wants the values.</summary>
        public static byte[] StripEnvelope(byte[] tlv, int tag)
        {
            if (tlv == null) return null;
            try
            {
                var t = TlvReader.Parse(tlv);
                if (t.Tag == tag) return t.Value();
            }
            catch (DerException) { }
            return tlv;
        }

        /// <summary>A minimal deviceInfo (TAC 35290611, no capabilities) for callers that configure none.</summary>
        public static DeviceInfo DefaultDeviceInfo()
        {
            var d = new DeviceInfo();
            d.Tac = new byte[] { 0x35, 0x29, 0x06, 0x11 };
            return d;
        }
    }
}
