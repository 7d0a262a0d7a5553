using System;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.Messages
{
    /// <summary>
    /// NotificationMetadata <c>BF2F {80 seqNumber, 81 profileManagementOperation, 0C notificationAddress, [5A iccid]}</c>.
    /// The operation BIT STRING is kept as sent: the reference eUICC of the capture writes install as
    /// <c>81 02 04 80</c> (4 unused bits) instead of DER <c>81 02 07 80</c>, and signatures cover those bytes.
    /// </summary>
    public sealed class NotificationMetadata
    {
        private static readonly int[] Schema = { 0x80, 0x81, Tags.Utf8String, RspTags.Iccid };

        public int SeqNumber;
        public BitString ProfileManagementOperation;
        public string NotificationAddress;
        public byte[] Iccid;   // 10 bytes, optional
        public ExtensionList Extensions = new ExtensionList();
        /// <summary>The BF2F TLV as received (what OtherSignedNotification signatures cover).</summary>
        public byte[] Raw;

        /// <summary>The one operation bit (<see cref="NotificationEvent"/>), or -1.</summary>
        public int Operation { get { return ProfileManagementOperation == null ? -1 : ProfileManagementOperation.FirstSetBit(); } }

        public static NotificationMetadata Create(int seqNumber, int operation, string address, byte[] iccid)
        {
            var m = new NotificationMetadata();
            m.SeqNumber = seqNumber;
            m.ProfileManagementOperation = BitString.FromBit(operation);
            m.NotificationAddress = address;
            m.Iccid = iccid;
            return m;
        }

        public void Write(TlvWriter w)
        {
            if (ProfileManagementOperation == null || NotificationAddress == null) throw RspDer.Missing("NotificationMetadata element");
            w.Begin(RspTags.NotificationMetadata);
            Extensions.WriteAfter(w, 0);
            w.WriteInteger(0x80, SeqNumber);
            Extensions.WriteAfter(w, 0x80);
            ProfileManagementOperation.Write(w, 0x81);
            Extensions.WriteAfter(w, 0x81);
            w.WriteUtf8(Tags.Utf8String, NotificationAddress);
            Extensions.WriteAfter(w, Tags.Utf8String);
            if (Iccid != null) w.Write(RspTags.Iccid, Iccid);
            Extensions.WriteAfter(w, RspTags.Iccid);
            w.End();
        }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            Write(w);
            Raw = w.ToArray();
            return Raw;
        }

        public static NotificationMetadata Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.NotificationMetadata)); }

        public static NotificationMetadata Decode(Tlv t)
        {
            t.Expect(RspTags.NotificationMetadata);
            var f = new SequenceFields(t, Schema);
            var r = new NotificationMetadata();
            r.SeqNumber = RspDer.Int(f.Require(0x80));
            r.ProfileManagementOperation = BitString.Decode(f.Require(0x81));
            r.NotificationAddress = RspDer.Utf8(f.Require(Tags.Utf8String));
            var i = f.Optional(RspTags.Iccid);
            if (i != null) r.Iccid = RspDer.Octets(i, 10);
            r.Extensions = f.Extensions();
            r.Raw = t.Encoded();
            return r;
        }
    }

    /// <summary>
    /// ProfileInstallationResultData <c>BF27 {80 txId, BF2F notificationMetadata, [06 smdpOid],
    /// A2 {A0 {4F aid, 04 simaResponse} | A1 {80 bppCommandId, 81 errorReason, [82 simaResponse]}}}</c>.
    /// </summary>
    public sealed class ProfileInstallationResultData
    {
        private static readonly int[] Schema = { 0x80, RspTags.NotificationMetadata, Tags.ObjectIdentifier, 0xA2 };

        public byte[] TransactionId;
        public NotificationMetadata NotificationMetadata;
        /// <summary>Content octets of the OBJECT IDENTIFIER (no tag/length), optional.</summary>
        public byte[] SmdpOid;
        public bool Success;
        public byte[] Aid;              // success
        public byte[] SimaResponse;     // success (mandatory) / error (optional)
        public int BppCommandId = -1;   // error
        public int ErrorReason = -1;    // error
        /// <summary>The BF27 TLV as received or last encoded: what euiccSignPIR covers.</summary>
        public byte[] Raw;

        public void Write(TlvWriter w)
        {
            if (TransactionId == null || NotificationMetadata == null) throw RspDer.Missing("ProfileInstallationResultData element");
            w.Begin(RspTags.ProfileInstallationResultData);
            w.Write(0x80, TransactionId);
            if (NotificationMetadata.Raw != null) w.WriteRaw(NotificationMetadata.Raw); else NotificationMetadata.Write(w);
            if (SmdpOid != null) w.Write(Tags.ObjectIdentifier, SmdpOid);
            w.Begin(0xA2);
            if (Success)
            {
                if (Aid == null || SimaResponse == null) throw RspDer.Missing("SuccessResult element");
                w.Begin(0xA0).Write(RspTags.IsdpAid, Aid).Write(Tags.OctetString, SimaResponse).End();
            }
            else
            {
                if (BppCommandId < 0 || ErrorReason < 0) throw RspDer.Missing("ErrorResult element");
                w.Begin(0xA1).WriteInteger(0x80, BppCommandId).WriteInteger(0x81, ErrorReason);
                if (SimaResponse != null) w.Write(0x82, SimaResponse);
                w.End();
            }
            w.End();
            w.End();
        }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            Write(w);
            Raw = w.ToArray();
            return Raw;
        }

        public static ProfileInstallationResultData Decode(Tlv t)
        {
            t.Expect(RspTags.ProfileInstallationResultData);
            var f = new SequenceFields(t, Schema);
            var r = new ProfileInstallationResultData();
            r.TransactionId = RspDer.Octets(f.Require(0x80), 1, 16);
            r.NotificationMetadata = NotificationMetadata.Decode(f.Require(RspTags.NotificationMetadata));
            var o = f.Optional(Tags.ObjectIdentifier);
            if (o != null) r.SmdpOid = RspDer.Octets(o, 0);
            var fr = RspDer.Single(f.Require(0xA2));
            if (fr.Tag == 0xA0)
            {
                var s = new SequenceFields(fr, new int[] { RspTags.IsdpAid, Tags.OctetString });
                r.Success = true;
                r.Aid = RspDer.Octets(s.Require(RspTags.IsdpAid), 5, 16);
                r.SimaResponse = RspDer.Octets(s.Require(Tags.OctetString), 0);
            }
            else if (fr.Tag == 0xA1)
            {
                var e = new SequenceFields(fr, new int[] { 0x80, 0x81, 0x82 });
                r.BppCommandId = RspDer.Int(e.Require(0x80));
                r.ErrorReason = RspDer.Int(e.Require(0x81));
                var sr = e.Optional(0x82);
                if (sr != null) r.SimaResponse = RspDer.Octets(sr, 0);
            }
            else throw RspDer.Unexpected(fr, "finalResult");
            r.Raw = t.Encoded();
            return r;
        }
    }

    /// <summary>ES10b.LoadBoundProfilePackage result (SGP.22 §5.7.6): <c>BF37 {BF27 data, 5F37 euiccSignPIR}</c>.
    /// Also a PendingNotification alternative of RetrieveNotificationsList / HandleNotification.</summary>
    public sealed class ProfileInstallationResult
    {
        public ProfileInstallationResultData Data;
        public byte[] EuiccSignPir;   // 64 bytes r||s

        /// <summary>The bytes euiccSignPIR covers (the BF27 TLV).</summary>
        public byte[] SignedData() { return Data.Raw != null ? Data.Raw : Data.Encode(); }

        public void Write(TlvWriter w)
        {
            if (Data == null || EuiccSignPir == null) throw RspDer.Missing("ProfileInstallationResult element");
            w.Begin(RspTags.ProfileInstallationResult);
            w.WriteRaw(SignedData());
            w.Write(RspTags.Signature, EuiccSignPir);
            w.End();
        }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            Write(w);
            return w.ToArray();
        }

        public static ProfileInstallationResult Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.ProfileInstallationResult)); }

        public static ProfileInstallationResult Decode(Tlv t)
        {
            t.Expect(RspTags.ProfileInstallationResult);
            var f = new SequenceFields(t, new int[] { RspTags.ProfileInstallationResultData, RspTags.Signature });
            var r = new ProfileInstallationResult();
            r.Data = ProfileInstallationResultData.Decode(f.Require(RspTags.ProfileInstallationResultData));
            r.EuiccSignPir = RspDer.Octets(f.Require(RspTags.Signature), 0);
            return r;
        }
    }
}
