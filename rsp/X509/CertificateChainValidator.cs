using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.X509
{
    /// <summary>Why a certificate chain was rejected. ES10b handlers map these to the eUICC error
    /// codes (e.g. invalidCertificate, ciPKUnknown), SM-DP+/SM-DS code to subject/reason codes
    /// (e.g. 8.1.2 / 6.1 "certificate verification failed", 8.11.1 / 3.9 "unknown CI").</summary>
    public enum ChainError
    {
        None = 0,
        /// <summary>A certificate does not parse (DER error, wrong structure).</summary>
        Malformed = 1,
        /// <summary>Signature algorithm other than ecdsa-with-SHA256.</summary>
        UnsupportedAlgorithm = 2,
        /// <summary>Key on a curve this stack cannot compute with (e.g. brainpoolP256r1).</summary>
        UnsupportedCurve = 3,
        /// <summary>The issuer's key does not verify the signature (or the signature value is malformed).</summary>
        InvalidSignature = 4,
        /// <summary>Validation time after notAfter.</summary>
        Expired = 5,
        /// <summary>Validation time before notBefore.</summary>
        NotYetValid = 6,
        /// <summary>The certificate lacks the certificatePolicies OID of its role.</summary>
        WrongPolicy = 7,
        /// <summary>The chain does not end at one of the trusted CI certificates.</summary>
        UnknownCi = 8,
        /// <summary>The issuer found by key identifier has a different subject name than the certificate's issuer name.</summary>
        IssuerMismatch = 9,
        /// <summary>An issuing certificate is not a CA (basicConstraints) or may not sign certificates (keyUsage).</summary>
        NotCa = 10,
        /// <summary>More intermediates than a CA's pathLenConstraint (or this validator's limit) allows.</summary>
        PathTooLong = 11,
        /// <summary>The end-entity keyUsage does not allow digitalSignature.</summary>
        WrongKeyUsage = 12,
        /// <summary>The eUICC's EID is not within the EUM certificate's permitted EIDs.</summary>
        EidOutOfRange = 13,
        /// <summary>CERT.EUICC has no usable EID (subject serialNumber of 32 digits).</summary>
        MissingEid = 14,
        /// <summary>A critical extension this implementation does not understand (RFC 5280 4.2).</summary>
        UnsupportedCriticalExtension = 15,
    }

    /// <summary>Outcome of a chain validation.</summary>
    public sealed class ChainValidationResult
    {
        public readonly ChainError Error;
        /// <summary>Position of the offending certificate: 0 = leaf, 1.. = intermediates upward, then the CI; -1 when not tied to one.</summary>
        public readonly int Depth;
        public readonly string Message;
        /// <summary>The parsed leaf (null when it did not parse).</summary>
        public readonly X509Certificate Leaf;
        /// <summary>The trusted CI the chain ended at (on success).</summary>
        public readonly X509Certificate Ci;

        public ChainValidationResult(ChainError error, int depth, string message, X509Certificate leaf, X509Certificate ci)
        {
            Error = error;
            Depth = depth;
            Message = message;
            Leaf = leaf;
            Ci = ci;
        }

        public bool IsValid { get { return Error == ChainError.None; } }

        public override string ToString()
        {
            return IsValid ? "valid" : ErrorName(Error) + " at depth " + Depth.ToString() + ": " + Message;
        }

        /// <summary>Name of an error for logs (Enum.ToString is a number on nanoFramework).</summary>
        public static string ErrorName(ChainError e)
        {
            switch (e)
            {
                case ChainError.None: return "None";
                case ChainError.Malformed: return "Malformed";
                case ChainError.UnsupportedAlgorithm: return "UnsupportedAlgorithm";
                case ChainError.UnsupportedCurve: return "UnsupportedCurve";
                case ChainError.InvalidSignature: return "InvalidSignature";
                case ChainError.Expired: return "Expired";
                case ChainError.NotYetValid: return "NotYetValid";
                case ChainError.WrongPolicy: return "WrongPolicy";
                case ChainError.UnknownCi: return "UnknownCi";
                case ChainError.IssuerMismatch: return "IssuerMismatch";
                case ChainError.NotCa: return "NotCa";
                case ChainError.PathTooLong: return "PathTooLong";
                case ChainError.WrongKeyUsage: return "WrongKeyUsage";
                case ChainError.EidOutOfRange: return "EidOutOfRange";
                case ChainError.MissingEid: return "MissingEid";
                case ChainError.UnsupportedCriticalExtension: return "UnsupportedCriticalExtension";
                default: return "ChainError?";
            }
        }
    }

    /// <summary>
    /// Verifies RSP certificate chains (SGP.22 4.5.2, 5.7.x): leaf -&gt; intermediates -&gt; one of
    /// the trusted CI certificates. Per certificate: known critical extensions only,
    /// ecdsa-with-SHA256 on P-256, validity at the given time, issuer found by AKI == SKI (by
    /// name when there is no AKI, as in CI roots), matching issuer name, signature over the
    /// tbsCertificate with the issuer key, CA flag + keyCertSign + pathLen for issuers. Per role:
    /// the leaf's certificatePolicies OID, digitalSignature key usage, and for CERT.EUICC an EUM
    /// issuer whose permitted range holds the EID. Never throws for bad certificates.
    /// </summary>
    public sealed class CertificateChainValidator
    {
        /// <summary>Pass as the time to skip validity checks (an eUICC without a trusted clock).</summary>
        public const long NoTimeCheck = long.MinValue;
        /// <summary>Most intermediates accepted (SGP.22 v3 allows an SM-DP+/SM-DS SubCA; eUICC chains have the EUM, optionally an EUM SubCA).</summary>
        public const int MaxIntermediates = 3;

        private readonly ICryptoProvider _crypto;
        private readonly X509Certificate[] _cis;

        public CertificateChainValidator(ICryptoProvider crypto, X509Certificate[] trustedCis)
        {
            if (crypto == null) throw new ArgumentNullException("crypto");
            if (trustedCis == null) throw new ArgumentNullException("trustedCis");
            _crypto = crypto;
            _cis = trustedCis;
        }

        /// <summary>Validator over DER CI certificates; throws <see cref="DerException"/> if one does not parse (configuration error).</summary>
        public static CertificateChainValidator FromDer(ICryptoProvider crypto, byte[][] trustedCiDer)
        {
            var cis = new X509Certificate[trustedCiDer.Length];
            for (int i = 0; i < cis.Length; i++) cis[i] = X509Certificate.Parse(trustedCiDer[i]);
            return new CertificateChainValidator(crypto, cis);
        }

        public X509Certificate[] TrustedCis { get { return _cis; } }

        /// <summary>The trusted CI whose SubjectKeyIdentifier is <paramref name="ciPkId"/> (euiccCiPKId), or null.</summary>
        public X509Certificate FindCi(byte[] ciPkId)
        {
            for (int i = 0; i < _cis.Length; i++)
                if (_cis[i].SubjectKeyIdentifier != null && Bytes.Equal(_cis[i].SubjectKeyIdentifier, ciPkId)) return _cis[i];
            return null;
        }

        /// <summary>Parses and validates; DER errors become <see cref="ChainError.Malformed"/>.</summary>
        public ChainValidationResult Validate(byte[] leafDer, byte[][] intermediatesDer, RspRole role, long atTicks)
        {
            X509Certificate leaf;
            X509Certificate[] inter = new X509Certificate[intermediatesDer == null ? 0 : intermediatesDer.Length];
            int depth = 0;
            try
            {
                leaf = X509Certificate.Parse(leafDer);
                for (depth = 1; depth <= inter.Length; depth++) inter[depth - 1] = X509Certificate.Parse(intermediatesDer[depth - 1]);
            }
            catch (DerException e)
            {
                return Fail(ChainError.Malformed, depth, e.Message, null);
            }
            catch (ArgumentException e)
            {
                return Fail(ChainError.Malformed, depth, e.Message, null);
            }
            return Validate(leaf, inter, role, atTicks);
        }

        /// <summary>CERT.EUICC -&gt; CERT.EUM -&gt; CI with the EID range check (SGP.22 5.6.2 / 5.6.3 checks on the SM-DP+ side).</summary>
        public ChainValidationResult ValidateEuicc(byte[] euiccDer, byte[] eumDer, long atTicks)
        {
            return Validate(euiccDer, new byte[][] { eumDer }, RspRole.Euicc, atTicks);
        }

        public ChainValidationResult Validate(X509Certificate leaf, X509Certificate[] intermediates, RspRole role, long atTicks)
        {
            if (leaf == null) return Fail(ChainError.Malformed, 0, "no certificate", null);
            if (intermediates == null) intermediates = new X509Certificate[0];

            // Leaf profile.
            var r = CheckCommon(leaf, 0, atTicks, leaf);
            if (r != null) return r;
            if (role != RspRole.Ci)
            {
                if (!RspCertificatePolicy.Matches(leaf, role))
                    return Fail(ChainError.WrongPolicy, 0, "certificate lacks the " + RspCertificatePolicy.Name(role) + " policy", leaf);
                if (role == RspRole.Eum)
                {
                    // Validating an EUM on its own (e.g. when it is cached): it must be able to issue eUICC certificates.
                    if (!leaf.IsCa || (leaf.HasKeyUsage && (leaf.KeyUsage & X509Certificate.KeyUsageKeyCertSign) == 0))
                        return Fail(ChainError.NotCa, 0, "EUM certificate is not a CA", leaf);
                }
                else if (leaf.HasKeyUsage && (leaf.KeyUsage & X509Certificate.KeyUsageDigitalSignature) == 0)
                    return Fail(ChainError.WrongKeyUsage, 0, "keyUsage lacks digitalSignature", leaf);
            }
            if (role == RspRole.Euicc && !IsEid(leaf.Eid))
                return Fail(ChainError.MissingEid, 0, "subject serialNumber is not an EID", leaf);

            var used = new bool[intermediates.Length];
            var cert = leaf;
            int depth = 0;
            while (true)
            {
                var ci = FindIssuer(cert, _cis, null);
                if (ci != null)
                {
                    r = CheckLink(cert, ci, depth, depth + 1, atTicks, leaf);
                    if (r != null) return r;
                    r = CheckCommon(ci, depth + 1, atTicks, leaf);
                    if (r != null) return r;
                    if (role == RspRole.Euicc && depth == 0)
                        return Fail(ChainError.WrongPolicy, 1, "CERT.EUICC must be issued by an EUM, not by the CI", leaf);
                    return new ChainValidationResult(ChainError.None, -1, "", leaf, ci);
                }
                var issuer = FindIssuer(cert, intermediates, used);
                if (issuer == null)
                    return Fail(ChainError.UnknownCi, depth, "issuer of " + cert.Subject.ToString() + " is neither a trusted CI nor a given intermediate", leaf);
                if (depth + 1 > MaxIntermediates) return Fail(ChainError.PathTooLong, depth + 1, "too many intermediates", leaf);
                for (int i = 0; i < intermediates.Length; i++) if (intermediates[i] == issuer) used[i] = true;

                r = CheckLink(cert, issuer, depth, depth + 1, atTicks, leaf);
                if (r != null) return r;
                r = CheckCommon(issuer, depth + 1, atTicks, leaf);
                if (r != null) return r;
                // pathLenConstraint counts the intermediates below this CA (RFC 5280 4.2.1.9).
                if (issuer.PathLength >= 0 && depth > issuer.PathLength)
                    return Fail(ChainError.PathTooLong, depth + 1, "pathLenConstraint exceeded", leaf);
                if (role == RspRole.Euicc && depth == 0)
                {
                    if (!RspCertificatePolicy.Matches(issuer, RspRole.Eum))
                        return Fail(ChainError.WrongPolicy, 1, "issuer of CERT.EUICC lacks the EUM policy", leaf);
                    if (!EidInEumRange(leaf.Eid, issuer, leaf))
                        return Fail(ChainError.EidOutOfRange, 0, "EID " + leaf.Eid + " outside the EUM's permitted range", leaf);
                }
                cert = issuer;
                depth++;
            }
        }

        /// <summary>Checks that apply to every certificate in the path, the CI included.</summary>
        private static ChainValidationResult CheckCommon(X509Certificate c, int depth, long atTicks, X509Certificate leaf)
        {
            if (c.UnknownCriticalExtension != null)
                return Fail(ChainError.UnsupportedCriticalExtension, depth, "critical extension " + c.UnknownCriticalExtension, leaf);
            if (c.PublicKeyAlgorithmOid != Oid.EcPublicKey)
                return Fail(ChainError.UnsupportedAlgorithm, depth, "public key algorithm " + c.PublicKeyAlgorithmOid, leaf);
            if (!EcCurves.IsSupported(c.Curve))
                return Fail(ChainError.UnsupportedCurve, depth, "curve " + (c.CurveOid == null ? "?" : c.CurveOid), leaf);
            if (atTicks != NoTimeCheck)
            {
                if (atTicks < c.NotBeforeTicks) return Fail(ChainError.NotYetValid, depth, "before notBefore", leaf);
                if (atTicks > c.NotAfterTicks) return Fail(ChainError.Expired, depth, "after notAfter", leaf);
            }
            return null;
        }

        /// <summary>Issuer-to-subject checks: names, CA-ness, signature.</summary>
        private ChainValidationResult CheckLink(X509Certificate c, X509Certificate issuer, int depth, int issuerDepth, long atTicks, X509Certificate leaf)
        {
            if (!c.Issuer.EqualsDer(issuer.Subject))
                return Fail(ChainError.IssuerMismatch, depth, "issuer name differs from the issuing certificate's subject", leaf);
            if (!issuer.HasBasicConstraints || !issuer.IsCa)
                return Fail(ChainError.NotCa, issuerDepth, "issuer is not a CA", leaf);
            if (issuer.HasKeyUsage && (issuer.KeyUsage & X509Certificate.KeyUsageKeyCertSign) == 0)
                return Fail(ChainError.NotCa, issuerDepth, "issuer keyUsage lacks keyCertSign", leaf);
            if (c.SignatureAlgorithmOid != Oid.EcdsaWithSha256)
                return Fail(ChainError.UnsupportedAlgorithm, depth, "signature algorithm " + c.SignatureAlgorithmOid, leaf);
            if (!EcCurves.IsSupported(issuer.Curve))
                return Fail(ChainError.UnsupportedCurve, issuerDepth, "issuer key on an unsupported curve", leaf);
            if (!VerifySignature(c, issuer.Curve, issuer.PublicKey))
                return Fail(ChainError.InvalidSignature, depth, "signature does not verify with the issuer key", leaf);
            return null;
        }

        /// <summary>ECDSA-SHA256 check of <paramref name="cert"/>'s signature with the issuer's key on its curve
        /// (P-256 or brainpoolP256r1; a brainpool CI may sign a brainpool EUM, and so on down the chain).</summary>
        public bool VerifySignature(X509Certificate cert, EcCurve issuerCurve, byte[] issuerPublicKey)
        {
            if (issuerCurve == EcCurve.P256) return VerifySignature(cert, issuerPublicKey);
            if (cert.RawSignature == null || cert.SignatureAlgorithmOid != Oid.EcdsaWithSha256) return false;
            byte[] hash = _crypto.Sha256(cert.Encoded, cert.TbsOffset, cert.TbsLength);
            return EcCurves.VerifyHash(_crypto, issuerCurve, issuerPublicKey, hash, cert.RawSignature);
        }

        /// <summary>ECDSA-SHA256 check of <paramref name="cert"/>'s signature with a 65-byte P-256 public key.</summary>
        public bool VerifySignature(X509Certificate cert, byte[] issuerPublicKey)
        {
            if (cert.RawSignature == null || cert.SignatureAlgorithmOid != Oid.EcdsaWithSha256) return false;
            byte[] hash = _crypto.Sha256(cert.Encoded, cert.TbsOffset, cert.TbsLength);
            try { return _crypto.EcdsaVerifyHash(issuerPublicKey, hash, cert.RawSignature); }
            catch (CryptoException) { return false; }
            catch (ArgumentException) { return false; }
        }

        /// <summary>The candidate whose SKI equals <paramref name="c"/>'s AKI; without an AKI, the one
        /// whose subject equals <paramref name="c"/>'s issuer name. Skips used candidates.</summary>
        private static X509Certificate FindIssuer(X509Certificate c, X509Certificate[] candidates, bool[] used)
        {
            for (int i = 0; i < candidates.Length; i++)
            {
                if (used != null && used[i]) continue;
                var k = candidates[i];
                if (k == null) continue;
                if (c.AuthorityKeyIdentifier != null)
                {
                    if (k.SubjectKeyIdentifier != null && Bytes.Equal(k.SubjectKeyIdentifier, c.AuthorityKeyIdentifier)) return k;
                }
                else if (c.Issuer.EqualsDer(k.Subject)) return k;
            }
            return null;
        }

        /// <summary>
        /// Is <paramref name="eid"/> within the range <paramref name="eum"/> may issue? Two encodings exist:
        /// SGP.22 v3 variants A/B/C carry a permittedEins extension (EID prefixes); SGP.22 v2 / v3
        /// variant O EUMs carry nameConstraints with a directoryName holding O and serialNumber = EID
        /// prefix (e.g. "89049032"), and the eUICC subject's O must match (SGP.22 4.5.2.1.0.2). The
        /// match is attribute-wise, not the RFC 5280 RDN-prefix rule, since the eUICC subject starts
        /// with C while the constraint starts with O. pySim's osmo-smdpp checks only the serialNumber
        /// prefix; we also check O when the constraint names one. No constraint at all = not in range
        /// (as osmo-smdpp does).
        /// </summary>
        public static bool EidInEumRange(string eid, X509Certificate eum, X509Certificate euicc)
        {
            if (!IsEid(eid)) return false;
            if (eum.PermittedEins != null)
            {
                for (int i = 0; i < eum.PermittedEins.Length; i++)
                    if (StartsWithIgnoreCase(eid, eum.PermittedEins[i])) return true;
            }
            var names = eum.PermittedDirectoryNames;
            for (int i = 0; i < names.Length; i++)
            {
                string prefix = names[i].SerialNumber;
                if (prefix == null || !StartsWithIgnoreCase(eid, prefix)) continue;
                string o = names[i].Organization;
                if (o != null && (euicc == null || o != euicc.Subject.Organization)) continue;
                return true;
            }
            return false;
        }

        /// <summary>32 decimal digits (SGP.29 EIDs are numeric).</summary>
        public static bool IsEid(string eid)
        {
            if (eid == null || eid.Length != 32) return false;
            for (int i = 0; i < eid.Length; i++) if (eid[i] < '0' || eid[i] > '9') return false;
            return true;
        }

        private static bool StartsWithIgnoreCase(string s, string prefix)
        {
            if (prefix.Length == 0 || prefix.Length > s.Length) return false;
            for (int i = 0; i < prefix.Length; i++)
            {
                char a = s[i], b = prefix[i];
                if (a >= 'a' && a <= 'z') a = (char)(a - 32);
                if (b >= 'a' && b <= 'z') b = (char)(b - 32);
                if (a != b) return false;
            }
            return true;
        }

        private static ChainValidationResult Fail(ChainError e, int depth, string msg, X509Certificate leaf)
        {
            return new ChainValidationResult(e, depth, msg, leaf, null);
        }
    }
}
