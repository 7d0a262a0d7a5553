using System;
using IotEsim.Rsp.Crypto;

namespace IotEsim.Rsp.X509
{
    /// <summary>
    /// ECDSA-SHA256 verification on either curve SGP.22 allows for RSP certificates (§2.6.5: NIST P-256 and
    /// brainpoolP256r1): P-256 through the crypto provider (BCL or portable), brainpoolP256r1 through the portable
    /// <see cref="BrainpoolP256r1"/> on every platform.
    /// </summary>
    public static class EcCurves
    {
        /// <summary>True for the curves this stack computes with.</summary>
        public static bool IsSupported(EcCurve curve)
        {
            return curve == EcCurve.P256 || curve == EcCurve.BrainpoolP256r1;
        }

        /// <summary>Verifies r||s over a 32-byte digest with a 65-byte key on <paramref name="curve"/>; false for
        /// any malformed input or an unsupported curve.</summary>
        public static bool VerifyHash(ICryptoProvider crypto, EcCurve curve, byte[] publicKey, byte[] hash, byte[] signature)
        {
            try
            {
                if (curve == EcCurve.P256) return crypto.EcdsaVerifyHash(publicKey, hash, signature);
                if (curve == EcCurve.BrainpoolP256r1) return BrainpoolP256r1.VerifyHash(publicKey, hash, signature);
            }
            catch (CryptoException) { }
            catch (ArgumentException) { }
            return false;
        }

        /// <summary>Name for messages and EUICCInfo-style listings.</summary>
        public static string Name(EcCurve curve)
        {
            switch (curve)
            {
                case EcCurve.P256: return "P-256";
                case EcCurve.BrainpoolP256r1: return "brainpoolP256r1";
                default: return "unknown";
            }
        }
    }
}
