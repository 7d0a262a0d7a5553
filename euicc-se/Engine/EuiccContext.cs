using System;
using System.Collections;
using IotEsim.Euicc.Identity;
using IotEsim.Euicc.State;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.X509;

namespace IotEsim.Euicc.Engine
{
    /// <summary>Source of the validation time for certificate checks (DateTime ticks, UTC).</summary>
    public interface IEuiccClock
    {
        long UtcNowTicks { get; }
    }

    /// <summary>A clock pinned to one instant (tests, or a device without a trusted time source).</summary>
    public sealed class FixedClock : IEuiccClock
    {
        private readonly long _ticks;
        public FixedClock(long ticks) { _ticks = ticks; }
        public long UtcNowTicks { get { return _ticks; } }
    }

    public sealed class SystemClock : IEuiccClock
    {
        public long UtcNowTicks { get { return DateTime.UtcNow.Ticks; } }
    }

    /// <summary>Configuration of the eUICC engine: static card data reported in EUICCInfo1/2 and the addresses set at manufacture.</summary>
    public sealed class EuiccOptions
    {
        /// <summary>SGP.22 version supported (svn), v2.5.0.</summary>
        public byte[] Svn = new byte[] { 2, 5, 0 };
        public byte[] ProfileVersion = new byte[] { 2, 3, 1 };
        public byte[] FirmwareVersion = new byte[] { 1, 0, 0 };
        public byte[] PpVersion = new byte[] { 0, 0, 1 };
        public string SasAccreditationNumber = "IOTESIM-TEST";
        public string RootDsAddress = "lpa.ds.gsma.com";
        public string DefaultDpAddress;
        /// <summary>Complete EUICCInfo2 to report instead of the built one (CI lists are still ours); null = build.</summary>
        public EuiccInfo2 EuiccInfo2Override;
        /// <summary>SGP.32 ipaMode (90): 0 IPAd, 1 IPAe.</summary>
        public int IpaMode = 0;
        /// <summary>Validation time source; null = no time check (a card without a clock).</summary>
        public IEuiccClock Clock;
        /// <summary>Free non-volatile memory reported in extCardResource (bytes).</summary>
        public int FreeNvm = 1024 * 1024;
        /// <summary>Rules Authorisation Table set at manufacture (SGP.22 §2.9.2.2): ArrayList of
        /// ProfilePolicyAuthorisationRule. Empty = no operator may install a profile carrying PPR1/PPR2.</summary>
        public ArrayList RulesAuthorisationTable = new ArrayList();
    }

    /// <summary>Test hooks that make a session reproducible against a captured transcript.</summary>
    public sealed class EuiccTestHooks
    {
        /// <summary>Used (once) as the next euiccChallenge.</summary>
        public byte[] NextEuiccChallenge;
        /// <summary>Used (once) as the next otSK.EUICC.ECKA.</summary>
        public byte[] NextOneTimePrivateKey;
    }

    /// <summary>Everything the function families share: identity, crypto, store and the committed state.</summary>
    public sealed class EuiccContext
    {
        public readonly EuiccIdentity Identity;
        public readonly ICryptoProvider Crypto;
        public readonly StateStore Store;
        public readonly EuiccOptions Options;
        public readonly CertificateChainValidator Validator;
        public readonly EuiccTestHooks Hooks = new EuiccTestHooks();
        /// <summary>Proactive-session state: catBusy and the REFRESH owed after a change with refreshFlag.</summary>
        public readonly ProactiveState Proactive = new ProactiveState();

        /// <summary>The last committed state; replaced only after a successful commit.</summary>
        public EuiccState State;

        public EuiccContext(EuiccIdentity identity, ICryptoProvider crypto, IStore store, EuiccOptions options)
        {
            if (identity == null) throw new ArgumentNullException("identity");
            if (crypto == null) throw new ArgumentNullException("crypto");
            Identity = identity;
            Crypto = crypto;
            Options = options == null ? new EuiccOptions() : options;
            Store = new StateStore(store);
            Validator = new CertificateChainValidator(crypto, identity.TrustedCis);
            State = Store.Open(Options.RootDsAddress, Options.DefaultDpAddress);
        }

        public long ValidationTicks
        {
            get { return Options.Clock == null ? CertificateChainValidator.NoTimeCheck : Options.Clock.UtcNowTicks; }
        }

        /// <summary>Makes <paramref name="next"/> the committed state (one IStore.Write) and only then the live one.</summary>
        public void Commit(EuiccState next)
        {
            Store.Commit(next);
            State = next;
        }

        /// <summary>ECDSA-SHA256 with SK.EUICC on its curve; r||s.</summary>
        public byte[] Sign(byte[] data)
        {
            return SignHash(Crypto.Sha256(data, 0, data.Length));
        }

        public byte[] Sign(byte[] a, byte[] b)
        {
            var h = Crypto.CreateSha256();
            h.Update(a, 0, a.Length);
            h.Update(b, 0, b.Length);
            return SignHash(h.Final());
        }

        private byte[] SignHash(byte[] hash)
        {
            // P-256 stays on the provider (BCL or the tuned portable code); brainpool goes to the portable curve.
            if (Identity.Curve == EcCurve.P256) return Crypto.EcdsaSignHash(Identity.EuiccPrivateKey, hash);
            return EcCurveKeys.SignHash(Crypto, Identity.Curve, Identity.EuiccPrivateKey, hash);
        }

        /// <summary>ECDSA-SHA256 check with a P-256 key.</summary>
        public bool Verify(byte[] publicKey, byte[] data, int offset, int count, byte[] signature)
        {
            return Verify(EcCurve.P256, publicKey, data, offset, count, signature);
        }

        /// <summary>ECDSA-SHA256 check with a key on <paramref name="curve"/> (the curve of the certificate it came from).</summary>
        public bool Verify(EcCurve curve, byte[] publicKey, byte[] data, int offset, int count, byte[] signature)
        {
            if (signature == null || signature.Length != 64) return false;
            byte[] hash = Crypto.Sha256(data, offset, count);
            if (curve == EcCurve.P256) return Crypto.EcdsaVerifyHash(publicKey, hash, signature);
            return EcCurves.VerifyHash(Crypto, curve, publicKey, hash, signature);
        }

        /// <summary>A provider whose EcdsaSignHash works on SK.EUICC's curve, for code that signs with the eUICC key
        /// through an ICryptoProvider (the SGP.32 functions); the provider itself when SK.EUICC is on P-256.</summary>
        public ICryptoProvider IdentityCrypto
        {
            get
            {
                if (Identity.Curve == EcCurve.P256) return Crypto;
                if (_identityCrypto == null) _identityCrypto = new CurveSigningCrypto(Crypto, Identity.Curve);
                return _identityCrypto;
            }
        }

        private ICryptoProvider _identityCrypto;

        public byte[] NewChallenge()
        {
            var c = Hooks.NextEuiccChallenge;
            Hooks.NextEuiccChallenge = null;
            return c != null ? c : Crypto.RandomBytes(16);
        }

        /// <summary>otPK/otSK.EUICC.ECKA on P-256.</summary>
        public EcKeyPair NewOneTimeKey()
        {
            return NewOneTimeKey(EcCurve.P256);
        }

        /// <summary>otPK/otSK.EUICC.ECKA on <paramref name="curve"/>: the curve of CERT.DPpb, so that the SM-DP+'s
        /// one-time key and this one meet on one curve (docs/decisions.md, brainpoolP256r1).</summary>
        public EcKeyPair NewOneTimeKey(EcCurve curve)
        {
            var k = Hooks.NextOneTimePrivateKey;
            Hooks.NextOneTimePrivateKey = null;
            if (curve == EcCurve.P256)
            {
                if (k != null) return new EcKeyPair(k, Crypto.DerivePublicKey(k));
                return Crypto.GenerateKeyPair();
            }
            if (k != null) return new EcKeyPair(k, EcCurveKeys.DerivePublicKey(Crypto, curve, k));
            return EcCurveKeys.GenerateKeyPair(Crypto, curve);
        }

        /// <summary>ECKA-DH on <paramref name="curve"/>; CryptoException when the peer key is not on it.</summary>
        public byte[] Ecdh(EcCurve curve, byte[] privateKey, byte[] peerPublicKey)
        {
            if (curve == EcCurve.P256) return Crypto.Ecdh(privateKey, peerPublicKey);
            return EcCurveKeys.Ecdh(Crypto, curve, privateKey, peerPublicKey);
        }
    }

    /// <summary>Delegates to a provider but signs on another curve (see <see cref="EuiccContext.IdentityCrypto"/>);
    /// verification, ECDH and key generation stay P-256 as the interface promises.</summary>
    internal sealed class CurveSigningCrypto : ICryptoProvider
    {
        private readonly ICryptoProvider _inner;
        private readonly EcCurve _curve;

        public CurveSigningCrypto(ICryptoProvider inner, EcCurve curve) { _inner = inner; _curve = curve; }

        public string Name { get { return _inner.Name + "+" + EcCurves.Name(_curve) + " signing"; } }
        public byte[] Sha256(byte[] data, int offset, int count) { return _inner.Sha256(data, offset, count); }
        public IHash CreateSha256() { return _inner.CreateSha256(); }
        public byte[] AesEcbEncrypt(byte[] key, byte[] data, int offset, int count) { return _inner.AesEcbEncrypt(key, data, offset, count); }
        public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) { return _inner.AesCbcEncrypt(key, iv, data, offset, count); }
        public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) { return _inner.AesCbcDecrypt(key, iv, data, offset, count); }
        public byte[] AesCmac(byte[] key, byte[] data, int offset, int count) { return _inner.AesCmac(key, data, offset, count); }
        public EcKeyPair GenerateKeyPair() { return _inner.GenerateKeyPair(); }
        public byte[] DerivePublicKey(byte[] privateKey) { return _inner.DerivePublicKey(privateKey); }
        public byte[] EcdsaSignHash(byte[] privateKey, byte[] hash) { return EcCurveKeys.SignHash(_inner, _curve, privateKey, hash); }
        public bool EcdsaVerifyHash(byte[] publicKey, byte[] hash, byte[] signature) { return _inner.EcdsaVerifyHash(publicKey, hash, signature); }
        public byte[] Ecdh(byte[] privateKey, byte[] peerPublicKey) { return _inner.Ecdh(privateKey, peerPublicKey); }
        public byte[] RandomBytes(int count) { return _inner.RandomBytes(count); }
    }
}
