using System;
using System.Collections;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Engine.Sgp32;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.EuiccSgp32
{
    /// <summary>Profile manager stand-in: keeps profile states in memory (it plays the persistent profile
    /// store, so it survives simulated restarts) and counts state changes so tests can see double execution.</summary>
    public sealed class FakeProfiles : IProfileOperations
    {
        /// <summary>ICCID hex -> int[] {state (0 disabled, 1 enabled), class}.</summary>
        public Hashtable Profiles = new Hashtable();
        public ArrayList Order = new ArrayList();
        public string Enabled;
        public string RollbackTo;
        public string Fallback;
        /// <summary>Every call that changed state, e.g. "enable:98...".</summary>
        public ArrayList Log = new ArrayList();
        public int ListCalls;

        public void AddProfile(string iccidHex, int profileClass, bool enabled)
        {
            Profiles[iccidHex] = new int[] { enabled ? 1 : 0, profileClass };
            Order.Add(iccidHex);
            if (enabled) Enabled = iccidHex;
        }

        public int Enable(byte[] iccid, bool rollback)
        {
            string k = Hex.Encode(iccid);
            if (!Profiles.Contains(k)) return 1;
            if (k == Enabled) return 2;
            if (Enabled != null) ((int[])Profiles[Enabled])[0] = 0;
            RollbackTo = rollback ? Enabled : null;
            ((int[])Profiles[k])[0] = 1;
            Enabled = k;
            Log.Add("enable:" + k);
            return 0;
        }

        public int Enable(byte[] iccid, bool rollback, bool refreshFlag) { return Enable(iccid, rollback); }

        public int Disable(byte[] iccid, bool refreshFlag) { return Disable(iccid); }

        public ArrayList RulesAuthorisationTable { get { return new ArrayList(); } }

        public int Disable(byte[] iccid)
        {
            string k = Hex.Encode(iccid);
            if (!Profiles.Contains(k)) return 1;
            if (k != Enabled) return 2;
            ((int[])Profiles[k])[0] = 0;
            Enabled = null;
            Log.Add("disable:" + k);
            return 0;
        }

        public int Delete(byte[] iccid)
        {
            string k = Hex.Encode(iccid);
            if (!Profiles.Contains(k)) return 1;
            if (k == Enabled) return 2;
            Profiles.Remove(k);
            Order.Remove(k);
            Log.Add("delete:" + k);
            return 0;
        }

        public int Rollback()
        {
            if (RollbackTo == null) return 1;
            string to = RollbackTo;
            RollbackTo = null;
            int r = Enable(Hex.Decode(to), false);
            if (r == 0) Log.Add("rollback:" + to);
            return r;
        }

        public int SetFallbackAttribute(byte[] iccid)
        {
            string k = Hex.Encode(iccid);
            if (!Profiles.Contains(k)) return 1;
            Fallback = k;
            Log.Add("fallback:" + k);
            return 0;
        }

        public int UnsetFallbackAttribute()
        {
            Fallback = null;
            Log.Add("unsetfallback");
            return 0;
        }

        public byte[] GetProfilesInfo(byte[] request)
        {
            ListCalls++;
            var w = new TlvWriter();
            w.Begin(RspTags.ProfileInfoList).Begin(0xA0);
            for (int i = 0; i < Order.Count; i++)
            {
                string k = (string)Order[i];
                var s = (int[])Profiles[k];
                w.Begin(RspTags.ProfileInfo).Write(RspTags.Iccid, Hex.Decode(k)).WriteInteger(RspTags.ProfileState, s[0]).WriteInteger(0x95, s[1]).End();
            }
            w.End().End();
            return w.ToArray();
        }

        public byte[] EnabledIccid { get { return Enabled == null ? null : Hex.Decode(Enabled); } }
    }

    public sealed class FakeQueue : INotificationQueue
    {
        public int Seq;
        /// <summary>seq (int) -> byte[] notification.</summary>
        public Hashtable Items = new Hashtable();
        public Hashtable Kinds = new Hashtable();

        public int NextSequenceNumber() { return ++Seq; }

        public void Add(int seqNumber, int kind, byte[] notification)
        {
            Items[seqNumber] = notification;
            Kinds[seqNumber] = kind;
        }

        public bool Remove(int seqNumber)
        {
            if (!Items.Contains(seqNumber)) return false;
            Items.Remove(seqNumber);
            Kinds.Remove(seqNumber);
            return true;
        }
    }

    /// <summary>An eUICC (fresh P-256 key) with its SGP.32 functions, a test eIM key, and helpers to sign packages.</summary>
    public sealed class Sgp32TestRig
    {
        public const string EidHex = "89049032123451234512345678901235";
        public const string EimId = "eim-test";
        public const string Iccid1 = "98001032547698103214";
        public const string Iccid2 = "98001032547698103225";
        public const string Iccid3 = "98001032547698103236";

        static ICryptoProvider _crypto;
        static EcKeyPair _euiccKey;
        static EcKeyPair _eimKey;
        static EcKeyPair _otherKey;

        public ICryptoProvider Crypto { get { return _crypto; } }
        public EcKeyPair EuiccKey { get { return _euiccKey; } }
        public EcKeyPair EimKey { get { return _eimKey; } }
        public EcKeyPair OtherKey { get { return _otherKey; } }
        public byte[] Eid = Hex.Decode(EidHex);
        public MemoryStore Store = new MemoryStore();
        public FakeProfiles Profiles = new FakeProfiles();
        public FakeQueue Queue = new FakeQueue();
        public Sgp32Functions Functions;

        // Key generation dominates the cost of these tests: the keys are shared by all rigs.
        public Sgp32TestRig()
        {
            if (_crypto == null)
            {
                _crypto = new PortableCryptoProvider();
                _euiccKey = _crypto.GenerateKeyPair();
                _eimKey = _crypto.GenerateKeyPair();
                _otherKey = _crypto.GenerateKeyPair();
            }
            Functions = NewInstance(Store);
        }

        /// <summary>A new eUICC instance on <paramref name="store"/> (a restart), keeping profiles and queue.</summary>
        public Sgp32Functions NewInstance(IStore store)
        {
            return new Sgp32Functions(Eid, _euiccKey.PrivateKey, new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 },
                new byte[] { 0x30, 0x03, 0x02, 0x01, 0x02 }, _crypto, store, Profiles, Queue);
        }

        public static byte[] Spki(byte[] point)
        {
            return Hex.Decode("3059301306072A8648CE3D020106082A8648CE3D030107034200" + Hex.Encode(point));
        }

        public static EimConfigurationData Config(string eimId, byte[] point, bool wantToken, long counter)
        {
            var c = new EimConfigurationData();
            c.EimId = eimId;
            c.EimFqdn = "eim.example.com";
            c.EimIdType = EimConfigurationData.EimIdTypeFqdn;
            c.HasCounterValue = true;
            c.CounterValue = counter;
            if (wantToken) { c.HasAssociationToken = true; c.AssociationToken = -1; }
            c.EimPublicKeyKind = EimConfigurationData.KeySpki;
            c.EimPublicKeyData = Spki(point);
            return c;
        }

        public byte[] Call(byte[] request) { return Call(Functions, request); }

        public static byte[] Call(Sgp32Functions f, byte[] request)
        {
            var t = TlvReader.ParseAndValidate(request);
            Assert.IsTrue(f.Handles(t.Tag));
            return f.Process(t);
        }

        /// <summary>AddInitialEim of the test eIM (token requested); returns the assigned token.</summary>
        public long AddTestEim()
        {
            var req = new AddInitialEimRequest();
            req.EimConfigurations.Add(Config(EimId, _eimKey.PublicKey, true, 0));
            var resp = AddInitialEimResponse.Decode(Call(req.Encode()));
            Assert.IsTrue(resp.IsOk);
            return (long)resp.Results[0];
        }

        public EuiccPackageRequest NewPackage(long counter)
        {
            var p = new EuiccPackageRequest();
            p.EimId = EimId;
            p.Eid = Eid;
            p.CounterValue = counter;
            p.EimTransactionId = Hex.Decode("0102030405060708");
            return p;
        }

        public byte[] Sign(EuiccPackageRequest p, long token) { return Sign(p, token, _eimKey.PrivateKey); }

        public byte[] Sign(EuiccPackageRequest p, long token, byte[] privateKey)
        {
            var input = p.SignedDataToVerify(token);
            p.EimSignature = _crypto.EcdsaSignHash(privateKey, _crypto.Sha256(input, 0, input.Length));
            return p.Encode();
        }

        /// <summary>Decodes a BF51 answer and checks its euiccSignEPR/EPE with the eUICC public key.</summary>
        public EuiccPackageResult Verified(byte[] response, long token)
        {
            var r = EuiccPackageResult.Decode(response);
            Assert.IsTrue(r.VerifySignature(_crypto, _euiccKey.PublicKey, token, null), "euiccSign over data || 84 token");
            return r;
        }

        public long StoredCounter(IStore store, string eimId)
        {
            var f = NewInstance(store);
            var req = new GetEimConfigurationDataRequest();
            req.EimId = eimId;
            var resp = GetEimConfigurationDataResponse.Decode(Call(f, req.Encode()));
            if (resp.EimConfigurations.Count == 0) return -1;
            return ((EimConfigurationData)resp.EimConfigurations[0]).CounterValue;
        }
    }
}
