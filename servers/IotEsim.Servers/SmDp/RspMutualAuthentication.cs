using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.X509;

namespace IotEsim.Servers.SmDp;

/// <summary>What AuthenticateClient established about the eUICC (SGP.22 §3.1.2 steps 10-14 on the server side).</summary>
public sealed record AuthenticatedEuicc(RspSessionRecord Session, RspCredentialSet Credentials, string Eid, EuiccSigned1 EuiccSigned1,
    byte[] EuiccSignature1, byte[] EuiccCertificate, X509Certificate EuiccCert);

/// <summary>
/// Common mutual authentication of the SM-DP+ (ES9+) and the SM-DS (ES11): InitiateAuthentication signs
/// serverSigned1 with the role's authentication key for a CI the eUICC trusts; AuthenticateClient checks
/// the eUICC chain (CI → EUM → eUICC, EID in the EUM range), euiccSignature1 and the echoed session values.
/// Session state lives in the database, so any instance can continue a session.
/// </summary>
public sealed class RspMutualAuthentication(ICryptoProvider crypto, SmDpStore store, RspServerOptions options, string role)
{
    private readonly CertificateChainValidator _validator = CertificateChainValidator.FromDer(crypto, options.TrustedCis.ToArray());

    public RspServerOptions Options => options;

    public byte[] Sign(byte[] privateKey, byte[] data) => crypto.EcdsaSignHash(privateKey, crypto.Sha256(data, 0, data.Length));

    public bool Verify(byte[] publicKey, byte[] data, byte[] signature)
        => signature.Length == 64 && crypto.EcdsaVerifyHash(publicKey, crypto.Sha256(data, 0, data.Length), signature);

    /// <summary>5F37 40 || r||s, the form serverSignature1 / smdpSignature2 take on the wire and inside signed data.</summary>
    public static byte[] SignatureTlv(byte[] raw) => new TlvWriter(70).Write(RspTags.Signature, raw).ToArray();

    public async Task<InitiateAuthenticationResponse> InitiateAsync(string serverAddress, byte[] euiccChallenge, byte[] euiccInfo1Der)
    {
        if (!options.Serves(serverAddress))
            throw new RspFunctionException(Es9StatusCodes.SmdpAddressRefused, serverAddress);
        var info1 = EuiccInfo1.Decode(euiccInfo1Der);
        // The eUICC verifies our certificate with a CI from its verification list (§3.1.2: "euiccCiPKIdListForVerification").
        var cred = options.Credentials.FirstOrDefault(c => EuiccInfo2.Contains(info1.CiPKIdListForVerification, c.CiPkId))
            ?? throw new RspFunctionException(Es9StatusCodes.SecurityConfigurationNotSupported, "no common CI");
        byte[] txId = crypto.RandomBytes(16), serverChallenge = crypto.RandomBytes(16);
        var signed = new ServerSigned1 { TransactionId = txId, EuiccChallenge = euiccChallenge, ServerAddress = serverAddress, ServerChallenge = serverChallenge };
        var signedDer = signed.Encode();
        var signature = SignatureTlv(Sign(cred.AuthPrivateKey, signedDer));
        var txHex = RspHttp.Hex(txId);
        await store.InsertSessionAsync(txHex, role, serverAddress, euiccChallenge, serverChallenge, cred.CiPkId,
            store.Db.NowMs + (long)options.SessionTtl.TotalMilliseconds);
        var pkid = new TlvWriter(24).Write(Tags.OctetString, cred.CiPkId).ToArray();
        return new InitiateAuthenticationResponse(txHex, signedDer, signature, pkid, cred.AuthCertificate);
    }

    /// <summary>A live session of this role in the given state, else 8.10.1/3.9 (unknown, expired, or already used: replay).</summary>
    public async Task<RspSessionRecord> RequireSessionAsync(string txId, params string[] states)
    {
        var s = await store.GetSessionAsync(txId.ToUpperInvariant());
        if (s is null || s.Role != role || s.Expires < store.Db.NowMs || !states.Contains(s.State))
            throw new RspFunctionException(Es9StatusCodes.TransactionIdUnknown, txId);
        return s;
    }

    /// <summary>Verifies an AuthenticateServerResponse for a session in state initiated. Changes nothing.</summary>
    public async Task<AuthenticatedEuicc> AuthenticateAsync(string txId, byte[] authenticateServerResponse)
    {
        var session = await RequireSessionAsync(txId, SessionStates.Initiated);
        var asr = AuthenticateServerResponse.Decode(authenticateServerResponse);
        if (!asr.IsOk) throw new RspFunctionException(Es9StatusCodes.EuiccRefused, "authenticateResponseError " + asr.ErrorCode);
        var s1 = asr.EuiccSigned1;
        if (RspHttp.Hex(s1.TransactionId) != session.TransactionId)
            throw new RspFunctionException(Es9StatusCodes.TransactionIdUnknown, "euiccSigned1.transactionId differs");
        var chain = _validator.ValidateEuicc(asr.EuiccCertificate, asr.EumCertificate, DateTime.UtcNow.Ticks);
        if (!chain.IsValid) throw new RspFunctionException(MapChainError(chain), chain.ToString());
        var leaf = chain.Leaf;
        if (!Verify(leaf.PublicKey, s1.Raw, asr.EuiccSignature1))
            throw new RspFunctionException(Es9StatusCodes.EuiccVerificationFailed, "euiccSignature1");
        if (!s1.ServerChallenge.AsSpan().SequenceEqual(session.ServerChallenge))
            throw new RspFunctionException(Es9StatusCodes.EuiccVerificationFailed, "serverChallenge differs");
        if (!string.Equals(s1.ServerAddress, session.ServerAddress, StringComparison.OrdinalIgnoreCase))
            throw new RspFunctionException(Es9StatusCodes.SmdpAddressRefused, s1.ServerAddress);
        var cred = options.Credentials.First(c => c.CiPkId.AsSpan().SequenceEqual(session.CiPkId));
        return new AuthenticatedEuicc(session, cred, leaf.Eid, s1, asr.EuiccSignature1, asr.EuiccCertificate, leaf);
    }

    /// <summary>Chain failures to SGP.22 codes: unknown CI 8.11.1/3.9; EUM (depth 1) 8.1.2; eUICC 8.1.3 (an EID outside the
    /// EUM's range makes the eUICC certificate invalid); expiry reason 6.3, anything else 6.1.</summary>
    public static Es9StatusCode MapChainError(ChainValidationResult r)
    {
        if (r.Error == ChainError.UnknownCi) return Es9StatusCodes.CiPublicKeyUnknown;
        bool expired = r.Error is ChainError.Expired or ChainError.NotYetValid;
        if (r.Depth == 1 && r.Error != ChainError.EidOutOfRange)
            return expired ? Es9StatusCodes.EumCertificateExpired : Es9StatusCodes.EumCertificateVerificationFailed;
        return expired ? Es9StatusCodes.EuiccCertificateExpired : Es9StatusCodes.EuiccCertificateVerificationFailed;
    }

    /// <summary>Validates a standalone eUICC chain (OtherSignedNotification); null when it is invalid.</summary>
    public X509Certificate? ValidateEuicc(byte[] euiccCert, byte[] eumCert)
    {
        var r = _validator.ValidateEuicc(euiccCert, eumCert, DateTime.UtcNow.Ticks);
        return r.IsValid ? r.Leaf : null;
    }
}
