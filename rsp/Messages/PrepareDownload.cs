using System;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.Messages
{
    /// <summary>SmdpSigned2 <c>30 {80 txId, 01 ccRequiredFlag, [5F49 bppEuiccOtpk]}</c>; <see cref="Raw"/> is the signed input.</summary>
    public sealed class SmdpSigned2
    {
        public byte[] TransactionId;
        public bool CcRequiredFlag;
        public byte[] BppEuiccOtpk;   // optional, retry with an already used otPK.EUICC.ECKA
        public byte[] Raw;

        public byte[] Encode()
        {
            if (TransactionId == null) throw RspDer.Missing("transactionId");
            var w = new TlvWriter();
            w.Begin(Tags.Sequence).Write(0x80, TransactionId).WriteBoolean(Tags.Boolean, CcRequiredFlag);
            if (BppEuiccOtpk != null) w.Write(RspTags.OneTimePublicKey, BppEuiccOtpk);
            Raw = w.End().ToArray();
            return Raw;
        }

        public static SmdpSigned2 Decode(byte[] data) { return Decode(RspDer.Parse(data, Tags.Sequence)); }

        public static SmdpSigned2 Decode(Tlv t)
        {
            t.Expect(Tags.Sequence);
            var f = new SequenceFields(t, new int[] { 0x80, Tags.Boolean, RspTags.OneTimePublicKey });
            var r = new SmdpSigned2();
            r.TransactionId = RspDer.Octets(f.Require(0x80), 1, 16);
            r.CcRequiredFlag = RspDer.Boolean(f.Require(Tags.Boolean));
            var k = f.Optional(RspTags.OneTimePublicKey);
            if (k != null) r.BppEuiccOtpk = RspDer.Octets(k, 0);
            r.Raw = t.Encoded();
            return r;
        }
    }

    /// <summary>ES10b.PrepareDownload request (SGP.22 §5.7.5):
    /// <c>BF21 {30 smdpSigned2, 5F37 smdpSignature2, [04 hashCc], 30 smdpCertificate}</c>.</summary>
    public sealed class PrepareDownloadRequest
    {
        public SmdpSigned2 SmdpSigned2;
        public byte[] SmdpSignature2;   // 64 bytes r||s
        public byte[] HashCc;           // 32 bytes, optional
        public byte[] SmdpCertificate;  // complete DER CERT.DPpb

        public byte[] Encode()
        {
            if (SmdpSigned2 == null || SmdpSignature2 == null || SmdpCertificate == null) throw RspDer.Missing("PrepareDownloadRequest element");
            var w = new TlvWriter(1024);
            w.Begin(RspTags.PrepareDownload);
            w.WriteRaw(SmdpSigned2.Raw != null ? SmdpSigned2.Raw : SmdpSigned2.Encode());
            w.Write(RspTags.Signature, SmdpSignature2);
            if (HashCc != null) w.Write(Tags.OctetString, HashCc);
            w.WriteRaw(SmdpCertificate);
            return w.End().ToArray();
        }

        public static PrepareDownloadRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.PrepareDownload)); }

        public static PrepareDownloadRequest Decode(Tlv t)
        {
            t.Expect(RspTags.PrepareDownload);
            var r = t.Children();
            var m = new PrepareDownloadRequest();
            m.SmdpSigned2 = SmdpSigned2.Decode(AuthenticateServerRequest.Next(r, t, Tags.Sequence));
            m.SmdpSignature2 = RspDer.Octets(AuthenticateServerRequest.Next(r, t, RspTags.Signature), 0);
            var h = r.ReadOptional(Tags.OctetString);
            if (h != null) m.HashCc = RspDer.Octets(h, 32);
            m.SmdpCertificate = AuthenticateServerRequest.Next(r, t, Tags.Sequence).Encoded();
            return m;
        }
    }

    /// <summary>EUICCSigned2 <c>30 {80 txId, 5F49 euiccOtpk, [04 hashCc]}</c>.</summary>
    public sealed class EuiccSigned2
    {
        public byte[] TransactionId;
        public byte[] EuiccOtpk;   // 65-byte uncompressed point
        public byte[] HashCc;
        public byte[] Raw;

        public byte[] Encode()
        {
            if (TransactionId == null || EuiccOtpk == null) throw RspDer.Missing("EUICCSigned2 element");
            var w = new TlvWriter();
            w.Begin(Tags.Sequence).Write(0x80, TransactionId).Write(RspTags.OneTimePublicKey, EuiccOtpk);
            if (HashCc != null) w.Write(Tags.OctetString, HashCc);
            Raw = w.End().ToArray();
            return Raw;
        }

        public static EuiccSigned2 Decode(Tlv t)
        {
            t.Expect(Tags.Sequence);
            var f = new SequenceFields(t, new int[] { 0x80, RspTags.OneTimePublicKey, Tags.OctetString });
            var r = new EuiccSigned2();
            r.TransactionId = RspDer.Octets(f.Require(0x80), 1, 16);
            r.EuiccOtpk = RspDer.Octets(f.Require(RspTags.OneTimePublicKey), 0);
            var h = f.Optional(Tags.OctetString);
            if (h != null) r.HashCc = RspDer.Octets(h, 32);
            r.Raw = t.Encoded();
            return r;
        }
    }

    /// <summary>ES10b.PrepareDownload response: <c>BF21 {A0 {30 euiccSigned2, 5F37 euiccSignature2}}</c> or
    /// <c>BF21 {A1 {80 txId, 02 downloadErrorCode}}</c>.</summary>
    public sealed class PrepareDownloadResponse
    {
        public EuiccSigned2 EuiccSigned2;
        public byte[] EuiccSignature2;
        public byte[] ErrorTransactionId;
        public int ErrorCode = -1;

        public bool IsOk { get { return EuiccSigned2 != null; } }

        public static PrepareDownloadResponse Error(byte[] transactionId, int code)
        {
            var r = new PrepareDownloadResponse();
            r.ErrorTransactionId = transactionId;
            r.ErrorCode = code;
            return r;
        }

        public byte[] Encode()
        {
            var w = new TlvWriter(256);
            w.Begin(RspTags.PrepareDownload);
            if (IsOk)
            {
                if (EuiccSignature2 == null) throw RspDer.Missing("euiccSignature2");
                w.Begin(0xA0).WriteRaw(EuiccSigned2.Raw != null ? EuiccSigned2.Raw : EuiccSigned2.Encode())
                    .Write(RspTags.Signature, EuiccSignature2).End();
            }
            else
            {
                if (ErrorTransactionId == null || ErrorCode < 0) throw RspDer.Missing("PrepareDownloadResponseError element");
                w.Begin(0xA1).Write(0x80, ErrorTransactionId).WriteInteger(Tags.Integer, ErrorCode).End();
            }
            return w.End().ToArray();
        }

        public static PrepareDownloadResponse Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.PrepareDownload)); }

        public static PrepareDownloadResponse Decode(Tlv t)
        {
            t.Expect(RspTags.PrepareDownload);
            var c = RspDer.Single(t);
            var m = new PrepareDownloadResponse();
            if (c.Tag == 0xA0)
            {
                var f = new SequenceFields(c, new int[] { Tags.Sequence, RspTags.Signature });
                m.EuiccSigned2 = EuiccSigned2.Decode(f.Require(Tags.Sequence));
                m.EuiccSignature2 = RspDer.Octets(f.Require(RspTags.Signature), 0);
            }
            else if (c.Tag == 0xA1)
            {
                var f = new SequenceFields(c, new int[] { 0x80, Tags.Integer });
                m.ErrorTransactionId = RspDer.Octets(f.Require(0x80), 1, 16);
                m.ErrorCode = RspDer.Int(f.Require(Tags.Integer));
            }
            else throw RspDer.Unexpected(c, "PrepareDownloadResponse");
            return m;
        }
    }
}
