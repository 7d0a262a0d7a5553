using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;

namespace IotEsim.Euicc.Engine
{
    /// <summary>ES10b.PrepareDownload (SGP.22 §5.7.5).</summary>
    public static class PrepareDownload
    {
        public static byte[] Process(EuiccContext ctx, EuiccEngine engine, byte[] request)
        {
            var req = PrepareDownloadRequest.Decode(request);
            byte[] txId = req.SmdpSigned2.TransactionId;
            var s = engine.Session;
            if (s == null || s.Stage != DownloadSession.StageAuthenticated)
                return PrepareDownloadResponse.Error(txId, DownloadErrorCode.NoSessionContext).Encode();
            if (!Bytes.Equal(txId, s.TransactionId))
                return PrepareDownloadResponse.Error(txId, DownloadErrorCode.InvalidTransactionId).Encode();

            var chain = ctx.Validator.Validate(req.SmdpCertificate, null, RspRole.DpPb, ctx.ValidationTicks);
            if (!chain.IsValid)
            {
                int code = chain.Error == ChainError.UnsupportedCurve || chain.Error == ChainError.UnsupportedAlgorithm
                    ? DownloadErrorCode.UnsupportedCurve : DownloadErrorCode.InvalidCertificate;
                return Fail(engine, txId, code);
            }
            // smdpSignature2 covers smdpSigned2 || 5F37 40 euiccSignature1 (§5.7.5).
            byte[] signed = Bytes.Concat(req.SmdpSigned2.Raw, Der.Encode(RspTags.Signature, s.EuiccSignature1));
            if (!ctx.Verify(chain.Leaf.Curve, chain.Leaf.PublicKey, signed, 0, signed.Length, req.SmdpSignature2))
                return Fail(engine, txId, DownloadErrorCode.InvalidSignature);
            // With ccRequiredFlag the IPA must have supplied hashCc (the SM-DP+ verifies it); without, it is not sent on.
            if (req.SmdpSigned2.CcRequiredFlag && req.HashCc == null)
                return Fail(engine, txId, DownloadErrorCode.UndefinedError);

            // otPK.EUICC.ECKA on the curve of CERT.DPpb (docs/decisions.md, brainpoolP256r1).
            EcKeyPair otk = ctx.NewOneTimeKey(chain.Leaf.Curve);
            var es2 = new EuiccSigned2();
            es2.TransactionId = txId;
            es2.EuiccOtpk = otk.PublicKey;
            es2.HashCc = req.SmdpSigned2.CcRequiredFlag ? req.HashCc : null;
            byte[] es2Bytes = es2.Encode();
            byte[] sig = ctx.Sign(es2Bytes, Der.Encode(RspTags.Signature, req.SmdpSignature2));

            s.DpPbPublicKey = chain.Leaf.PublicKey;
            s.DpPbCurve = chain.Leaf.Curve;
            s.OneTimeKey = otk;
            s.Stage = DownloadSession.StagePrepared;

            var resp = new PrepareDownloadResponse();
            resp.EuiccSigned2 = es2;
            resp.EuiccSignature2 = sig;
            return resp.Encode();
        }

        private static byte[] Fail(EuiccEngine engine, byte[] txId, int code)
        {
            engine.Session = null;
            return PrepareDownloadResponse.Error(txId, code).Encode();
        }
    }

    /// <summary>ES10b.CancelSession (§5.7.14): signed EuiccCancelSessionSigned, ends the session.</summary>
    public static class CancelSession
    {
        public static byte[] Process(EuiccContext ctx, EuiccEngine engine, byte[] request)
        {
            var req = CancelSessionRequest.Decode(request);
            var s = engine.Session;
            var resp = new CancelSessionResponse();
            if (s == null || s.TransactionId == null || !Bytes.Equal(s.TransactionId, req.TransactionId))
            {
                resp.Error = CancelSessionError.InvalidTransactionId;
                return resp.Encode();
            }
            resp.TransactionId = req.TransactionId;
            resp.SmdpOid = s.SmdpOid == null ? new byte[0] : s.SmdpOid;
            resp.Reason = req.Reason;
            byte[] signed = resp.EncodeSigned();
            resp.Signature = ctx.Sign(signed);
            engine.AbortDownload();
            engine.Session = null;
            return resp.Encode();
        }
    }
}
