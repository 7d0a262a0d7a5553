using System;
using IotEsim.Rsp.Crypto;

namespace IotEsim.Rsp.X509
{
    /// <summary>
    /// Private-key operations on the curve a key or certificate names (SGP.22 §2.6.5 allows NIST P-256 and
    /// brainpoolP256r1): ECDSA-SHA256 signing, public key derivation, ECKA-DH and key generation. P-256 goes to the
    /// crypto provider unchanged (BCL on the desktop, the tuned portable code on the device); brainpoolP256r1 to the
    /// portable <see cref="BrainpoolP256r1"/>. Verification lives in <see cref="EcCurves"/>.
    /// </summary>
    public static class EcCurveKeys
    {
        /// <summary>The curve an id-ecPublicKey namedCurve OID stands for; <see cref="EcCurve.Unknown"/> otherwise.</summary>
        public static EcCurve FromOid(string curveOid)
        {
            if (curveOid == Oid.Prime256v1) return EcCurve.P256;
            if (curveOid == Oid.BrainpoolP256r1) return EcCurve.BrainpoolP256r1;
            return EcCurve.Unknown;
        }

        /// <summary>The namedCurve OID of <paramref name="curve"/>, or null.</summary>
        public static string OidOf(EcCurve curve)
        {
            if (curve == EcCurve.P256) return Oid.Prime256v1;
            if (curve == EcCurve.BrainpoolP256r1) return Oid.BrainpoolP256r1;
            return null;
        }

        /// <summary>ECDSA over a 32-byte digest; raw r||s.</summary>
        public static byte[] SignHash(ICryptoProvider crypto, EcCurve curve, byte[] privateKey, byte[] hash)
        {
            if (curve == EcCurve.P256) return crypto.EcdsaSignHash(privateKey, hash);
            if (curve == EcCurve.BrainpoolP256r1) return BrainpoolP256r1.SignHash(privateKey, hash);
            throw new CryptoException("ECDSA: unsupported curve " + EcCurves.Name(curve));
        }

        /// <summary>ECDSA-SHA256 over <paramref name="data"/>; raw r||s.</summary>
        public static byte[] Sign(ICryptoProvider crypto, EcCurve curve, byte[] privateKey, byte[] data)
        {
            return SignHash(crypto, curve, privateKey, crypto.Sha256(data, 0, data.Length));
        }

        /// <summary>ECDSA-SHA256 check over <paramref name="data"/>; false for malformed input or another curve's key.</summary>
        public static bool Verify(ICryptoProvider crypto, EcCurve curve, byte[] publicKey, byte[] data, byte[] signature)
        {
            if (data == null) return false;
            return EcCurves.VerifyHash(crypto, curve, publicKey, crypto.Sha256(data, 0, data.Length), signature);
        }

        public static byte[] DerivePublicKey(ICryptoProvider crypto, EcCurve curve, byte[] privateKey)
        {
            if (curve == EcCurve.P256) return crypto.DerivePublicKey(privateKey);
            if (curve == EcCurve.BrainpoolP256r1) return BrainpoolP256r1.DerivePublicKey(privateKey);
            throw new CryptoException("unsupported curve " + EcCurves.Name(curve));
        }

        /// <summary>ECKA-DH (BSI TR-03111): the shared x coordinate; throws CryptoException when the peer key is not
        /// a point of <paramref name="curve"/>.</summary>
        public static byte[] Ecdh(ICryptoProvider crypto, EcCurve curve, byte[] privateKey, byte[] peerPublicKey)
        {
            if (curve == EcCurve.P256) return crypto.Ecdh(privateKey, peerPublicKey);
            if (curve == EcCurve.BrainpoolP256r1) return BrainpoolP256r1.Ecdh(privateKey, peerPublicKey);
            throw new CryptoException("ECDH: unsupported curve " + EcCurves.Name(curve));
        }

        /// <summary>A fresh key pair on <paramref name="curve"/> from the provider's random source.</summary>
        public static EcKeyPair GenerateKeyPair(ICryptoProvider crypto, EcCurve curve)
        {
            if (curve == EcCurve.P256) return crypto.GenerateKeyPair();
            if (curve == EcCurve.BrainpoolP256r1) return BrainpoolP256r1.GenerateKeyPair(new ProviderRandom(crypto));
            throw new CryptoException("unsupported curve " + EcCurves.Name(curve));
        }

        /// <summary>The provider's RandomBytes as an <see cref="IRandomSource"/>.</summary>
        private sealed class ProviderRandom : IRandomSource
        {
            private readonly ICryptoProvider _crypto;
            public ProviderRandom(ICryptoProvider crypto) { _crypto = crypto; }
            public void GetBytes(byte[] buffer)
            {
                byte[] r = _crypto.RandomBytes(buffer.Length);
                Array.Copy(r, buffer, buffer.Length);
            }
        }
    }
}
