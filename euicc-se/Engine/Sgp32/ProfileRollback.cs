using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;

namespace IotEsim.Euicc.Engine.Sgp32
{
    public sealed partial class Sgp32Functions
    {
        internal const string KeyRollback = KeyPrefix + "rollback";
        const int TagRollbackRecord = 0xE1;

        /// <summary>Remembers the package whose enable carried the rollbackFlag (one write):
        /// <c>E1 {80 eimId, 81 counterValue, [82 eimTransactionId], 30 {results up to the enable}}</c>.</summary>
        void SaveRollbackContext(string eimId, long counter, byte[] txId, ArrayList results)
        {
            var w = new TlvWriter(256);
            w.Begin(TagRollbackRecord).WriteUtf8(0x80, eimId).WriteInteger(0x81, counter);
            if (txId != null) w.Write(0x82, txId);
            w.Begin(Tags.Sequence);
            for (int i = 0; i < results.Count; i++) ((EuiccResultItem)results[i]).WriteTo(w);
            w.End().End();
            _store.Write(KeyRollback, w.ToArray());
        }

        /// <summary>
        /// ES10b.ProfileRollback (SGP.32 §5.9.16, BF58 {80 refreshFlag}): the IPA found the profile enabled
        /// with rollbackFlag unusable and returns to the previous one. The answer carries the
        /// EuiccPackageResult of the enabling package, now ending with rollbackResult, signed for its eIM and
        /// queued, so the eIM learns about the rollback through the normal result path.
        /// </summary>
        byte[] ProfileRollback(byte[] data)
        {
            RefreshFlag(data, RspTags.ProfileRollback);
            var resp = new ProfileRollbackResponse();
            var ctxData = _store.Read(KeyRollback);
            if (ctxData == null)
            {
                resp.CmdResult = ProfileRollbackResponse.RollbackNotAllowed;
                return resp.Encode();
            }
            int code = _profiles.Rollback();
            resp.CmdResult = MapRollbackResult(code);
            if (resp.CmdResult == ProfileRollbackResponse.Ok)
            {
                var t = TlvReader.ParseAndValidate(ctxData).Expect(TagRollbackRecord);
                string eimId = Sgp32Der.Utf8(t.Require(0x80));
                long counter = t.Require(0x81).AsLong();
                var tx = t.Find(0x82);
                var results = new ArrayList();
                var rr = t.Require(Tags.Sequence).Children();
                while (rr.HasMore) results.Add(EuiccResultItem.Decode(rr.Read()));
                results.Add(EuiccResultItem.Simple(EuiccResultItem.RollbackResult, EuiccResultCode.Ok));
                var eim = EimConfigurationStore.Load(_store).Find(eimId);
                var res = NewSignedResult(eimId, counter, tx == null ? null : tx.Value(), results);
                QueueAndEncode(res, EimConfigurationStore.SignatureToken(eim));
                // Deleted after queueing: a cut in between may offer the rollback result twice, never lose it.
                _store.Delete(KeyRollback);
                resp.EuiccPackageResult = res;
            }
            return resp.Encode();
        }

        static int MapRollbackResult(int code)
        {
            switch (code)
            {
                case EuiccResultCode.Ok: return ProfileRollbackResponse.Ok;
                case EuiccResultCode.CatBusy: return ProfileRollbackResponse.CatBusy;
                case EuiccResultCode.CommandError: return ProfileRollbackResponse.CommandError;
                case EuiccResultCode.UndefinedError: return ProfileRollbackResponse.UndefinedError;
                default: return ProfileRollbackResponse.RollbackNotAllowed;
            }
        }
    }
}
