using System;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.Messages
{
    /// <summary>ES10b.CancelSession request (SGP.22 §5.7.14): <c>BF41 {80 transactionId, 81 reason}</c>
    /// (<see cref="CancelSessionReason"/>).</summary>
    public sealed class CancelSessionRequest
    {
        public byte[] TransactionId;
        public int Reason;

        public byte[] Encode()
        {
            if (TransactionId == null) throw RspDer.Missing("transactionId");
            var w = new TlvWriter();
            return w.Begin(RspTags.CancelSession).Write(0x80, TransactionId).WriteInteger(0x81, Reason).End().ToArray();
        }

        public static CancelSessionRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.CancelSession)); }

        public static CancelSessionRequest Decode(Tlv t)
        {
            t.Expect(RspTags.CancelSession);
            var f = new SequenceFields(t, new int[] { 0x80, 0x81 });
            var r = new CancelSessionRequest();
            r.TransactionId = RspDer.Octets(f.Require(0x80), 1, 16);
            r.Reason = RspDer.Int(f.Require(0x81));
            return r;
        }
    }

    /// <summary>ES10b.CancelSession response: <c>BF41 {A0 {30 {80 txId, 81 smdpOid, 82 reason}, 5F37 signature}}</c>
    /// or <c>BF41 {81 error}</c> (<see cref="CancelSessionError"/>).</summary>
    public sealed class CancelSessionResponse
    {
        public byte[] TransactionId;
        /// <summary>OBJECT IDENTIFIER content octets.</summary>
        public byte[] SmdpOid;
        public int Reason;
        public byte[] Signature;
        /// <summary>euiccCancelSessionSigned as received/encoded (what <see cref="Signature"/> covers).</summary>
        public byte[] SignedRaw;
        public int Error = -1;

        public bool IsOk { get { return Error < 0; } }

        /// <summary>Builds (and remembers) euiccCancelSessionSigned, the bytes to sign.</summary>
        public byte[] EncodeSigned()
        {
            if (TransactionId == null || SmdpOid == null) throw RspDer.Missing("EuiccCancelSessionSigned element");
            var w = new TlvWriter();
            SignedRaw = w.Begin(Tags.Sequence).Write(0x80, TransactionId).Write(0x81, SmdpOid).WriteInteger(0x82, Reason).End().ToArray();
            return SignedRaw;
        }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.CancelSession);
            if (Error >= 0) w.WriteInteger(0x81, Error);
            else
            {
                if (Signature == null) throw RspDer.Missing("euiccCancelSessionSignature");
                w.Begin(0xA0).WriteRaw(SignedRaw != null ? SignedRaw : EncodeSigned()).Write(RspTags.Signature, Signature).End();
            }
            return w.End().ToArray();
        }

        public static CancelSessionResponse Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.CancelSession)); }

        public static CancelSessionResponse Decode(Tlv t)
        {
            t.Expect(RspTags.CancelSession);
            var c = RspDer.Single(t);
            var r = new CancelSessionResponse();
            if (c.Tag == 0x81) { r.Error = RspDer.Int(c); return r; }
            if (c.Tag != 0xA0) throw RspDer.Unexpected(c, "CancelSessionResponse");
            var f = new SequenceFields(c, new int[] { Tags.Sequence, RspTags.Signature });
            var s = f.Require(Tags.Sequence);
            var sf = new SequenceFields(s, new int[] { 0x80, 0x81, 0x82 });
            r.TransactionId = RspDer.Octets(sf.Require(0x80), 1, 16);
            r.SmdpOid = RspDer.Octets(sf.Require(0x81), 0);
            r.Reason = RspDer.Int(sf.Require(0x82));
            r.SignedRaw = s.Encoded();
            r.Signature = RspDer.Octets(f.Require(RspTags.Signature), 0);
            return r;
        }
    }
}
