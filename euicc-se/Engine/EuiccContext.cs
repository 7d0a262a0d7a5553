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

        /// <summary>ECDSA-SHA256 with SK.EUICC; r||s.</summary>
        public byte[] Sign(byte[] data)
        {
            return Crypto.EcdsaSignHash(Identity.EuiccPrivateKey, Crypto.Sha256(data, 0, data.Length));
        }

        public byte[] Sign(byte[] a, byte[] b)
        {
            var h = Crypto.CreateSha256();
            h.Update(a, 0, a.Length);
            h.Update(b, 0, b.Length);
            return Crypto.EcdsaSignHash(Identity.EuiccPrivateKey, h.Final());
        }

        public bool Verify(byte[] publicKey, byte[] data, int offset, int count, byte[] signature)
        {
            if (signature == null || signature.Length != 64) return false;
            return Crypto.EcdsaVerifyHash(publicKey, Crypto.Sha256(data, offset, count), signature);
        }

        public byte[] NewChallenge()
        {
            var c = Hooks.NextEuiccChallenge;
            Hooks.NextEuiccChallenge = null;
            return c != null ? c : Crypto.RandomBytes(16);
        }

        public EcKeyPair NewOneTimeKey()
        {
            var k = Hooks.NextOneTimePrivateKey;
            Hooks.NextOneTimePrivateKey = null;
            if (k != null) return new EcKeyPair(k, Crypto.DerivePublicKey(k));
            return Crypto.GenerateKeyPair();
        }
    }
}
