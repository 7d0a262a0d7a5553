using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;

namespace IotEsim.Euicc.Engine
{
    /// <summary>ES10b.GetEUICCChallenge (§5.7.7) and ES10b.AuthenticateServer (§5.7.13).</summary>
    public static class AuthenticateServer
    {
        public static byte[] GetEuiccChallenge(EuiccContext ctx, EuiccEngine engine, byte[] request)
        {
            IotEsim.Rsp.Messages.GetEuiccChallenge.DecodeRequest(request);
            var s = new DownloadSession();
            s.Stage = DownloadSession.StageChallenge;
            s.EuiccChallenge = ctx.NewChallenge();
            engine.Session = s;
            var r = new IotEsim.Rsp.Messages.GetEuiccChallenge();
            r.EuiccChallenge = s.EuiccChallenge;
            return r.Encode();
        }

        public static byte[] Process(EuiccContext ctx, EuiccEngine engine, byte[] request)
        {
            var root = RspDer.Parse(request, RspTags.AuthenticateServer);
            var req = AuthenticateServerRequest.Decode(root);
            byte[] txId = req.ServerSigned1.TransactionId;
            var session = engine.Session;
            if (session == null || session.Stage < DownloadSession.StageChallenge)
                return AuthenticateServerResponse.Error(txId, AuthenticateErrorCode.NoSessionContext).Encode();

            // CI to be used must be one of ours (§5.7.13 step: euiccCiPKIdToBeUsed).
            var ci = ctx.Validator.FindCi(req.EuiccCiPKIdToBeUsed);
            if (ci == null) return Fail(engine, txId, AuthenticateErrorCode.CiPKUnknown);
            // ... and one the eUICC holds a chain under (euiccCiPKIdListForSigning): in v2.5 one CI serves both
            // directions of a session, so a CI trusted only for verification cannot be used (docs/decisions.md).
            if (!Listed(ctx.Identity.SigningCiPkIds(), req.EuiccCiPKIdToBeUsed)) return Fail(engine, txId, AuthenticateErrorCode.CiPKUnknown);

            // CERT.XXauth: an SM-DP+ signs with CERT.DPauth, an SM-DS (ES11 event retrieval) with CERT.DSauth (§5.7.13).
            var chain = ctx.Validator.Validate(req.ServerCertificate, null, RspRole.DpAuth, ctx.ValidationTicks);
            if (!chain.IsValid && chain.Error == ChainError.WrongPolicy)
            {
                var ds = ctx.Validator.Validate(req.ServerCertificate, null, RspRole.DsAuth, ctx.ValidationTicks);
                if (ds.IsValid) chain = ds;
            }
            if (!chain.IsValid)
            {
                int code = AuthenticateErrorCode.InvalidCertificate;
                if (chain.Error == ChainError.UnsupportedCurve || chain.Error == ChainError.UnsupportedAlgorithm) code = AuthenticateErrorCode.UnsupportedCurve;
                else if (chain.Error == ChainError.UnknownCi) code = AuthenticateErrorCode.CiPKUnknown;
                else if (chain.Error == ChainError.WrongPolicy) code = AuthenticateErrorCode.InvalidOid;
                return Fail(engine, txId, code);
            }
            // CERT.DPauth must chain to the CI the server asked the eUICC to use.
            if (chain.Ci == null || !Bytes.Equal(chain.Ci.SubjectKeyIdentifier, req.EuiccCiPKIdToBeUsed))
                return Fail(engine, txId, AuthenticateErrorCode.InvalidCertificate);

            byte[] signed1 = req.ServerSigned1.Raw;
            if (!ctx.Verify(chain.Leaf.Curve, chain.Leaf.PublicKey, signed1, 0, signed1.Length, req.ServerSignature1))
                return Fail(engine, txId, AuthenticateErrorCode.InvalidSignature);
            if (!Bytes.Equal(req.ServerSigned1.EuiccChallenge, session.EuiccChallenge))
                return Fail(engine, txId, AuthenticateErrorCode.EuiccChallengeMismatch);

            // euiccSigned1 carries ctxParams1 exactly as the IPA sent it.
            var kids = root.ChildArray();
            byte[] ctxParams = kids[4].Encoded();
            var w = new TlvWriter(1024);
            w.Begin(Tags.Sequence).Write(0x80, txId).WriteUtf8(0x83, req.ServerSigned1.ServerAddress).Write(0x84, req.ServerSigned1.ServerChallenge);
            EuiccInformation.BuildInfo2(ctx).Write(w);
            w.WriteRaw(ctxParams);
            byte[] euiccSigned1 = w.End().ToArray();
            byte[] sig = ctx.Sign(euiccSigned1);

            session.TransactionId = txId;
            session.ServerAddress = req.ServerSigned1.ServerAddress;
            session.EuiccSignature1 = sig;
            session.CiPkId = req.EuiccCiPKIdToBeUsed;
            session.SmdpOid = OidOf(chain.Leaf);
            session.Stage = DownloadSession.StageAuthenticated;

            var r = new TlvWriter(2048);
            r.Begin(RspTags.AuthenticateServer).Begin(0xA0).WriteRaw(euiccSigned1).Write(RspTags.Signature, sig)
                .WriteRaw(ctx.Identity.EuiccCertificate).WriteRaw(ctx.Identity.EumCertificate).End();
            return r.End().ToArray();
        }

        private static bool Listed(byte[][] ids, byte[] id)
        {
            for (int i = 0; i < ids.Length; i++) if (Bytes.Equal(ids[i], id)) return true;
            return false;
        }

        private static byte[] Fail(EuiccEngine engine, byte[] txId, int code)
        {
            // A failed authentication ends the session (§3.1.3): a retry starts from a new challenge.
            engine.Session = null;
            return AuthenticateServerResponse.Error(txId, code).Encode();
        }

        /// <summary>Content octets of the SM-DP+ OID (registeredID in subjectAltName), or null.</summary>
        public static byte[] OidOf(X509Certificate cert)
        {
            if (cert.RegisteredIds == null || cert.RegisteredIds.Length == 0) return null;
            return Oid.Encode(cert.RegisteredIds[0]);
        }
    }
}
