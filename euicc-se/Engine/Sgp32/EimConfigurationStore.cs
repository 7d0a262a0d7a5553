using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Storage;

namespace IotEsim.Euicc.Engine.Sgp32
{
    /// <summary>
    /// The eIM configurations of this eUICC (SGP.32 §2.11.1.1.1): per eIM its EimConfigurationData with
    /// the current counterValue (replay protection of eIM packages) and the associationToken the eUICC
    /// assigned. All eIMs plus the next token to hand out are one record, so adding several eIMs,
    /// bumping a counter and allocating a token are each one atomic write: after a power cut either
    /// the whole change is there or none of it.
    ///
    /// Record: <c>E0 {80 nextAssociationToken, A0 {30 EimConfigurationData ...}}</c>; counterValue (83)
    /// is always present in a stored configuration.
    /// </summary>
    internal sealed class EimConfigurationStore
    {
        internal const string Key = Sgp32Functions.KeyPrefix + "eim-config";
        const int TagRecord = 0xE0;

        /// <summary>Largest counterValue / associationToken this eUICC accepts: the values stay positive
        /// 4-byte INTEGERs (SGP.32 gives no smaller bound in the public ASN.1).</summary>
        internal const long MaxValue = 0x7FFFFFFF;

        readonly IStore _store;
        readonly ArrayList _eims = new ArrayList();
        long _nextToken = 1;

        EimConfigurationStore(IStore store) { _store = store; }

        internal static EimConfigurationStore Load(IStore store)
        {
            var s = new EimConfigurationStore(store);
            var data = store.Read(Key);
            if (data == null) return s;
            // Written only by Save, atomically: a decode failure means foreign data; surface it rather
            // than silently forgetting every eIM (which would re-open AddInitialEim).
            var t = TlvReader.ParseAndValidate(data).Expect(TagRecord);
            s._nextToken = t.Require(0x80).AsLong();
            var r = t.Require(0xA0).Children();
            while (r.HasMore) s._eims.Add(EimConfigurationData.Decode(r.Read().Expect(Tags.Sequence)));
            return s;
        }

        internal void Save()
        {
            var w = new TlvWriter(512);
            w.Begin(TagRecord).WriteInteger(0x80, _nextToken).Begin(0xA0);
            for (int i = 0; i < _eims.Count; i++) ((EimConfigurationData)_eims[i]).WriteTo(w, Tags.Sequence, Sgp32Version.V1_2);
            w.End().End();
            _store.Write(Key, w.ToArray());
        }

        internal int Count { get { return _eims.Count; } }

        internal EimConfigurationData Get(int i) { return (EimConfigurationData)_eims[i]; }

        internal EimConfigurationData Find(string eimId)
        {
            for (int i = 0; i < _eims.Count; i++)
            {
                var c = (EimConfigurationData)_eims[i];
                if (c.EimId == eimId) return c;
            }
            return null;
        }

        internal void Add(EimConfigurationData c) { _eims.Add(c); }

        internal bool Remove(string eimId)
        {
            for (int i = 0; i < _eims.Count; i++)
            {
                if (((EimConfigurationData)_eims[i]).EimId == eimId) { _eims.RemoveAt(i); return true; }
            }
            return false;
        }

        internal void Clear() { _eims.Clear(); }

        /// <summary>Next associationToken (1, 2, ...); becomes persistent with the next <see cref="Save"/>.
        /// Tokens are never reused, also not after an eIM is deleted, so an old eIM cannot pass as a new one.</summary>
        internal long AllocateToken()
        {
            return _nextToken++;
        }

        internal bool TokensExhausted { get { return _nextToken > MaxValue; } }

        /// <summary>The token that enters signatures for this eIM: its associationToken, or 0 (<c>84 01 00</c>)
        /// when it has none (digest 9.2).</summary>
        internal static long SignatureToken(EimConfigurationData c)
        {
            return c != null && c.HasAssociationToken ? c.AssociationToken : 0;
        }

        /// <summary>
        /// Checks a configuration received in AddInitialEim or an addEim/updateEim eCO and puts it into
        /// stored form. Returns 0 or an AddInitialEim error code (the addEim result uses the same numbers).
        /// <paramref name="generatedToken"/> is true when the eIM asked for a token (<c>84 01 FF</c>).
        /// </summary>
        internal int Prepare(EimConfigurationData c, out bool wantsToken)
        {
            wantsToken = false;
            if (c.HasCounterValue && (c.CounterValue < 0 || c.CounterValue > MaxValue)) return AddInitialEimResponse.CounterValueOutOfRange;
            if (!c.HasCounterValue) { c.HasCounterValue = true; c.CounterValue = 0; }
            if (c.HasAssociationToken)
            {
                // Only the eUICC hands out tokens (-1 asks for one); any other value cannot be proven unique.
                if (c.AssociationToken != -1) return AddInitialEimResponse.InvalidAssociationToken;
                wantsToken = true;
                c.HasAssociationToken = false;
            }
            if (c.EimPublicKeyKind != EimConfigurationData.KeyNone)
            {
                // A key we cannot use would make every later package fail verification: refuse it now.
                byte[] point;
                try { point = c.EimPublicKeyPoint(); }
                catch (DerException) { point = null; }
                if (point == null) return AddInitialEimResponse.CommandError;
            }
            return 0;
        }
    }
}
