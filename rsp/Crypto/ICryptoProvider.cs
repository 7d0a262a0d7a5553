using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>
    /// The cryptography RSP needs, behind one interface with two implementations:
    /// <c>PortableCryptoProvider</c> (pure C#, runs on nanoFramework) and
    /// <c>IotEsim.Rsp.Desktop.BclCryptoProvider</c> (System.Security.Cryptography, desktop speed).
    /// Both pass the same known-answer tests.
    ///
    /// Conventions: P-256 (secp256r1) only; private keys are 32-byte big-endian scalars; public
    /// keys are 65-byte uncompressed points (04 || X || Y); signatures are raw r||s, 64 bytes
    /// (BSI TR-03111, as GSMA RSP carries them inside 5F37 40). AES keys are 16 bytes.
    /// </summary>
    public interface ICryptoProvider
    {
        /// <summary>Short name for traces and benchmarks ("portable", "bcl").</summary>
        string Name { get; }

        byte[] Sha256(byte[] data, int offset, int count);

        /// <summary>Incremental SHA-256 for data that arrives in pieces.</summary>
        IHash CreateSha256();

        /// <summary>AES-128-ECB without padding; count must be a multiple of 16.</summary>
        byte[] AesEcbEncrypt(byte[] key, byte[] data, int offset, int count);

        /// <summary>AES-128-CBC without padding; count must be a multiple of 16.</summary>
        byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count);

        /// <summary>AES-128-CBC decryption without padding removal.</summary>
        byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count);

        /// <summary>AES-CMAC (RFC 4493), full 16-byte tag.</summary>
        byte[] AesCmac(byte[] key, byte[] data, int offset, int count);

        /// <summary>Fresh P-256 key pair from the provider's random source.</summary>
        EcKeyPair GenerateKeyPair();

        /// <summary>Public key (65 bytes) for a private scalar.</summary>
        byte[] DerivePublicKey(byte[] privateKey);

        /// <summary>ECDSA signature over a 32-byte SHA-256 digest; returns r||s.</summary>
        byte[] EcdsaSignHash(byte[] privateKey, byte[] hash);

        /// <summary>Verifies an r||s signature over a 32-byte digest. False for any malformed input.</summary>
        bool EcdsaVerifyHash(byte[] publicKey, byte[] hash, byte[] signature);

        /// <summary>ECKA-DH (BSI TR-03111): the 32-byte X coordinate of privateKey x peerPublicKey.
        /// Throws <see cref="CryptoException"/> when the peer key is not a valid point on the curve.</summary>
        byte[] Ecdh(byte[] privateKey, byte[] peerPublicKey);

        /// <summary>Bytes from a cryptographically secure source.</summary>
        byte[] RandomBytes(int count);
    }

    /// <summary>Incremental hash.</summary>
    public interface IHash
    {
        void Update(byte[] data, int offset, int count);
        /// <summary>Returns the digest and resets the instance.</summary>
        byte[] Final();
    }

    /// <summary>A P-256 key pair: 32-byte private scalar, 65-byte uncompressed public point.</summary>
    public sealed class EcKeyPair
    {
        public readonly byte[] PrivateKey;
        public readonly byte[] PublicKey;

        public EcKeyPair(byte[] privateKey, byte[] publicKey)
        {
            PrivateKey = privateKey;
            PublicKey = publicKey;
        }
    }

    /// <summary>Invalid key, point or parameter given to a crypto operation.</summary>
    public class CryptoException : Exception
    {
        public CryptoException(string message) : base(message) { }
    }
}
