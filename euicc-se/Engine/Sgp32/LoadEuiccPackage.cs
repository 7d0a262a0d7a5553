using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;

namespace IotEsim.Euicc.Engine.Sgp32
{
    public sealed partial class Sgp32Functions
    {
        /// <summary>
        /// ES10b.LoadEuiccPackage (SGP.32 §5.9.1, BF51 EuiccPackageRequest). Order of checks:
        /// known eIM and eimSignature (else the unsigned error: nothing proves who asked), then EID
        /// (invalidEid), counterValue range (counterValueOutOfRange) and strict increase (replayError),
        /// all answered with signed errors. The new counter is persisted before the first operation runs,
        /// so a power cut during execution can never lead to the same package being executed again.
        /// </summary>
        byte[] LoadEuiccPackage(Tlv request)
        {
            // The header is read by hand rather than with EuiccPackageRequest.Decode so that an unknown or
            // damaged operation in the list is answered per operation (processingTerminated) instead of
            // rejecting the whole package before its signature was even checked.
            var r = request.Children();
            if (!r.HasMore) throw BadRequest("EuiccPackageSigned missing");
            var signed = r.Read();
            if (signed.Tag != Tags.Sequence) throw BadRequest("EuiccPackageSigned missing");
            var sigTlv = r.ReadOptional(RspTags.Signature);
            var sr = signed.Children();
            var eimIdTlv = sr.ReadOptional(0x80);
            if (eimIdTlv == null) throw BadRequest("eimId missing");
            string eimId = Sgp32Der.Utf8(eimIdTlv);
            var eidTlv = sr.ReadOptional(RspTags.Eid);
            var counterTlv = sr.ReadOptional(0x81);
            var txTlv = sr.ReadOptional(0x82);
            byte[] txId = txTlv == null ? null : txTlv.Value();
            Tlv list = sr.HasMore ? sr.Read() : null;

            var cfg = EimConfigurationStore.Load(_store);
            var eim = cfg.Find(eimId);
            if (eim == null) return UnsignedError(eimId, txId, null);
            if (sigTlv == null || r.HasMore || !VerifyEimSignature(eim, signed, sigTlv)) return UnsignedError(eimId, txId, eim);

            long token = EimConfigurationStore.SignatureToken(eim);
            // From here the eIM is authenticated: every answer is signed for it.
            long counter = 0;
            bool counterOk = counterTlv != null && TryLong(counterTlv, out counter);
            if (eidTlv == null || !counterOk || list == null || (list.Tag != EuiccPackageRequest.TagPsmoList && list.Tag != EuiccPackageRequest.TagEcoList) || sr.HasMore)
                return SignedError(eimId, counter, txId, EuiccPackageErrorCode.UndefinedError, token);
            if (!Bytes.Equal(eidTlv.Value(), _eid))
                return SignedError(eimId, counter, txId, EuiccPackageErrorCode.InvalidEid, token);
            if (counter < 0 || counter > EimConfigurationStore.MaxValue)
                return SignedError(eimId, counter, txId, EuiccPackageErrorCode.CounterValueOutOfRange, token);
            if (counter <= eim.CounterValue)
                return SignedError(eimId, counter, txId, EuiccPackageErrorCode.ReplayError, token);

            eim.CounterValue = counter;
            cfg.Save();

            var ctx = new PackageContext();
            ctx.EimId = eimId;
            ctx.Counter = counter;
            ctx.TxId = txId;
            ctx.Token = token;
            ctx.Config = cfg;
            ctx.IsEcoList = list.Tag == EuiccPackageRequest.TagEcoList;
            ExecuteOperations(list, ctx);

            var result = NewSignedResult(eimId, counter, txId, ctx.Results);
            return QueueAndEncode(result, token);
        }

        /// <summary>State of one package while its operations run.</summary>
        sealed class PackageContext
        {
            internal string EimId;
            internal long Counter;
            internal byte[] TxId;
            internal long Token;
            internal EimConfigurationStore Config;
            internal bool IsEcoList;
            /// <summary><see cref="EuiccResultItem"/>s so far.</summary>
            internal ArrayList Results = new ArrayList();
        }

        /// <summary>
        /// Runs the operations in order. The first failing one ends the package: each operation after it is
        /// answered processingTerminated (interruption), so results stay one per requested operation and the
        /// eIM can tell which ones never ran.
        /// </summary>
        void ExecuteOperations(Tlv list, PackageContext ctx)
        {
            var lr = list.Children();
            bool stopped = false;
            while (lr.HasMore)
            {
                Tlv op;
                try { op = lr.Read(); }
                catch (DerException) { ctx.Results.Add(EuiccResultItem.Simple(EuiccResultItem.ProcessingTerminated, EuiccResultCode.UnknownOrDamagedCommand)); break; }
                if (stopped)
                {
                    ctx.Results.Add(EuiccResultItem.Simple(EuiccResultItem.ProcessingTerminated, EuiccResultCode.Interruption));
                    continue;
                }
                EuiccResultItem item = null;
                bool ok = false;
                try
                {
                    if (ctx.IsEcoList) { var e = Eco.Decode(op); item = ExecuteEco(e, ctx, out ok); }
                    else { var p = Psmo.Decode(op); item = ExecutePsmo(p, ctx, out ok); }
                }
                catch (DerException)
                {
                    item = EuiccResultItem.Simple(EuiccResultItem.ProcessingTerminated, EuiccResultCode.UnknownOrDamagedCommand);
                    ok = false;
                }
                ctx.Results.Add(item);
                if (!ok) stopped = true;
            }
        }

        bool VerifyEimSignature(EimConfigurationData eim, Tlv signed, Tlv sig)
        {
            byte[] key;
            try { key = eim.EimPublicKeyPoint(); }
            catch (DerException) { return false; }
            if (key == null || sig.Length != 64) return false;
            // Coverage (digest 9.2): DER(EuiccPackageSigned) exactly as received || 84 L associationToken.
            byte[] input = Bytes.Concat(signed.Encoded(), Sgp32Der.IntegerObject(0x84, EimConfigurationStore.SignatureToken(eim)));
            return _crypto.EcdsaVerifyHash(key, _crypto.Sha256(input, 0, input.Length), sig.Value());
        }

        static bool TryLong(Tlv t, out long value)
        {
            value = 0;
            if (t.IsConstructed || t.Length == 0 || t.Length > 8) return false;
            try { value = t.AsLong(); return true; }
            catch (DerException) { return false; }
        }

        byte[] UnsignedError(string eimId, byte[] txId, EimConfigurationData eim)
        {
            var res = new EuiccPackageResult();
            res.Kind = EuiccPackageResult.ErrorUnsigned;
            res.EimId = eimId;
            res.EimTransactionId = txId;
            // The token lets the eIM tell which of its associations the eUICC knows it by.
            if (eim != null && eim.HasAssociationToken) { res.HasAssociationToken = true; res.AssociationToken = eim.AssociationToken; }
            return res.Encode();
        }

        byte[] SignedError(string eimId, long counter, byte[] txId, int code, long token)
        {
            var res = new EuiccPackageResult();
            res.Kind = EuiccPackageResult.ErrorSigned;
            res.EimId = eimId;
            res.CounterValue = counter;
            res.EimTransactionId = txId;
            res.ErrorCode = code;
            res.Sign(_crypto, _euiccPrivateKey, token);
            return res.Encode();
        }

        EuiccPackageResult NewSignedResult(string eimId, long counter, byte[] txId, ArrayList results)
        {
            var res = new EuiccPackageResult();
            res.Kind = EuiccPackageResult.ResultSigned;
            res.EimId = eimId;
            res.CounterValue = counter;
            res.EimTransactionId = txId;
            for (int i = 0; i < results.Count; i++) res.Results.Add(results[i]);
            return res;
        }

        /// <summary>Numbers, signs (euiccSignEPR over data || 84 token) and queues a result so that
        /// RetrieveNotificationsList keeps offering it until RemoveNotificationFromList.</summary>
        byte[] QueueAndEncode(EuiccPackageResult res, long token)
        {
            res.SeqNumber = _notifications.NextSequenceNumber();
            res.Sign(_crypto, _euiccPrivateKey, token);
            byte[] encoded = res.Encode();
            _notifications.Add((int)res.SeqNumber, NotificationKindEuiccPackageResult, encoded);
            return encoded;
        }
    }
}
