using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages
{
    /// <summary>ServerSigned1 <c>30 {80 txId, 81 euiccChallenge, 83 serverAddress, 84 serverChallenge}</c>.
    /// <see cref="Raw"/> keeps the bytes as received: serverSignature1 covers exactly them.</summary>
    public sealed class ServerSigned1
    {
        private static readonly int[] Schema = { 0x80, 0x81, 0x83, 0x84 };

        public byte[] TransactionId;
        public byte[] EuiccChallenge;
        public string ServerAddress;
        public byte[] ServerChallenge;
        /// <summary>Encoded TLV as received (null for a locally built value until <see cref="Encode"/>).</summary>
        public byte[] Raw;

        public byte[] Encode()
        {
            if (TransactionId == null || EuiccChallenge == null || ServerAddress == null || ServerChallenge == null)
                throw RspDer.Missing("ServerSigned1 element");
            var w = new TlvWriter();
            w.Begin(Tags.Sequence).Write(0x80, TransactionId).Write(0x81, EuiccChallenge)
                .WriteUtf8(0x83, ServerAddress).Write(0x84, ServerChallenge).End();
            Raw = w.ToArray();
            return Raw;
        }

        public static ServerSigned1 Decode(byte[] data) { return Decode(RspDer.Parse(data, Tags.Sequence)); }

        public static ServerSigned1 Decode(Tlv t)
        {
            t.Expect(Tags.Sequence);
            var f = new SequenceFields(t, Schema);
            var r = new ServerSigned1();
            r.TransactionId = RspDer.Octets(f.Require(0x80), 1, 16);
            r.EuiccChallenge = RspDer.Octets(f.Require(0x81), 16);
            r.ServerAddress = RspDer.Utf8(f.Require(0x83));
            r.ServerChallenge = RspDer.Octets(f.Require(0x84), 16);
            r.Raw = t.Encoded();
            return r;
        }
    }

    /// <summary>DeviceInfo <c>{80 tac, A1 deviceCapabilities, [82 imei]}</c>; the capabilities are kept raw
    /// (a list of optional VersionTypes that only the SM-DP+ policy reads).</summary>
    public sealed class DeviceInfo
    {
        public byte[] Tac;                    // 4 bytes
        /// <summary>Content of A1 (concatenated capability TLVs; empty = none).</summary>
        public byte[] DeviceCapabilities = new byte[0];
        public byte[] Imei;                   // 8 bytes, optional
        public ExtensionList Extensions = new ExtensionList();

        public void Write(TlvWriter w, int tag)
        {
            if (Tac == null) throw RspDer.Missing("tac");
            w.Begin(tag);
            w.Write(0x80, Tac);
            Extensions.WriteAfter(w, 0x80);
            w.Write(0xA1, DeviceCapabilities);
            Extensions.WriteAfter(w, 0xA1);
            if (Imei != null) w.Write(0x82, Imei);
            Extensions.WriteAfter(w, 0x82);
            w.End();
        }

        public static DeviceInfo Decode(Tlv t)
        {
            var f = new SequenceFields(t, new int[] { 0x80, 0xA1, 0x82 });
            var r = new DeviceInfo();
            r.Tac = RspDer.Octets(f.Require(0x80), 4);
            var c = f.Require(0xA1);
            if (!c.IsConstructed) throw new DerException(DerError.UnexpectedTag, c.Offset, "deviceCapabilities must be constructed");
            r.DeviceCapabilities = c.Value();
            var i = f.Optional(0x82);
            if (i != null) r.Imei = RspDer.Octets(i, 8);
            r.Extensions = f.Extensions();
            return r;
        }
    }

    /// <summary>CtxParams1, alternative ctxParamsForCommonAuthentication <c>A0 {[80 matchingId], A1 deviceInfo}</c>.</summary>
    public sealed class CtxParams1
    {
        /// <summary>Null when absent (empty string is sent as <c>80 00</c>).</summary>
        public string MatchingId;
        public DeviceInfo DeviceInfo;
        public ExtensionList Extensions = new ExtensionList();

        public void Write(TlvWriter w)
        {
            if (DeviceInfo == null) throw RspDer.Missing("deviceInfo");
            w.Begin(0xA0);
            if (MatchingId != null) w.WriteUtf8(0x80, MatchingId);
            Extensions.WriteAfter(w, 0x80);
            DeviceInfo.Write(w, 0xA1);
            Extensions.WriteAfter(w, 0xA1);
            w.End();
        }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            Write(w);
            return w.ToArray();
        }

        public static CtxParams1 Decode(Tlv t)
        {
            if (t.Tag != 0xA0) throw RspDer.Unexpected(t, "CtxParams1");
            var f = new SequenceFields(t, new int[] { 0x80, 0xA1 });
            var r = new CtxParams1();
            var m = f.Optional(0x80);
            if (m != null) r.MatchingId = RspDer.Utf8(m);
            r.DeviceInfo = DeviceInfo.Decode(f.Require(0xA1));
            r.Extensions = f.Extensions();
            return r;
        }
    }

    /// <summary>ES10b.AuthenticateServer request (SGP.22 §5.7.13):
    /// <c>BF38 {30 serverSigned1, 5F37 serverSignature1, 04 euiccCiPKIdToBeUsed, 30 serverCertificate, A0 ctxParams1}</c>.</summary>
    public sealed class AuthenticateServerRequest
    {
        public ServerSigned1 ServerSigned1;
        /// <summary>64-byte r||s (the value of 5F37).</summary>
        public byte[] ServerSignature1;
        public byte[] EuiccCiPKIdToBeUsed;
        /// <summary>Complete DER certificate (CERT.DPauth / CERT.DSauth).</summary>
        public byte[] ServerCertificate;
        public CtxParams1 CtxParams1;

        public byte[] Encode()
        {
            if (ServerSigned1 == null || ServerSignature1 == null || EuiccCiPKIdToBeUsed == null || ServerCertificate == null || CtxParams1 == null)
                throw RspDer.Missing("AuthenticateServerRequest element");
            var w = new TlvWriter(1024);
            w.Begin(RspTags.AuthenticateServer);
            w.WriteRaw(ServerSigned1.Raw != null ? ServerSigned1.Raw : ServerSigned1.Encode());
            w.Write(RspTags.Signature, ServerSignature1);
            w.Write(Tags.OctetString, EuiccCiPKIdToBeUsed);
            w.WriteRaw(ServerCertificate);
            CtxParams1.Write(w);
            return w.End().ToArray();
        }

        public static AuthenticateServerRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.AuthenticateServer)); }

        public static AuthenticateServerRequest Decode(Tlv t)
        {
            t.Expect(RspTags.AuthenticateServer);
            // Two untagged SEQUENCEs (serverSigned1, serverCertificate): read positionally.
            var r = t.Children();
            var m = new AuthenticateServerRequest();
            m.ServerSigned1 = ServerSigned1.Decode(Next(r, t, Tags.Sequence));
            m.ServerSignature1 = RspDer.Octets(Next(r, t, RspTags.Signature), 0);
            m.EuiccCiPKIdToBeUsed = RspDer.Octets(Next(r, t, Tags.OctetString), 0);
            m.ServerCertificate = Next(r, t, Tags.Sequence).Encoded();
            m.CtxParams1 = CtxParams1.Decode(Next(r, t, 0xA0));
            return m; // later elements: extension additions, ignored
        }

        internal static Tlv Next(TlvReader r, Tlv parent, int tag)
        {
            if (!r.HasMore) throw new DerException(DerError.MissingElement, parent.End, "element " + Tags.Name(tag) + " missing in " + Tags.Name(parent.Tag));
            return r.Read(tag);
        }
    }

    /// <summary>EuiccSigned1 <c>30 {80 txId, 83 serverAddress, 84 serverChallenge, BF22 euiccInfo2, A0 ctxParams1}</c>;
    /// <see cref="Raw"/> is what euiccSignature1 covers.</summary>
    public sealed class EuiccSigned1
    {
        private static readonly int[] Schema = { 0x80, 0x83, 0x84, RspTags.EuiccInfo2, 0xA0 };

        public byte[] TransactionId;
        public string ServerAddress;
        public byte[] ServerChallenge;
        public EuiccInfo2 EuiccInfo2;
        public CtxParams1 CtxParams1;
        public byte[] Raw;

        public byte[] Encode()
        {
            if (TransactionId == null || ServerAddress == null || ServerChallenge == null || EuiccInfo2 == null || CtxParams1 == null)
                throw RspDer.Missing("EuiccSigned1 element");
            var w = new TlvWriter(512);
            w.Begin(Tags.Sequence).Write(0x80, TransactionId).WriteUtf8(0x83, ServerAddress).Write(0x84, ServerChallenge);
            EuiccInfo2.Write(w);
            CtxParams1.Write(w);
            Raw = w.End().ToArray();
            return Raw;
        }

        public static EuiccSigned1 Decode(Tlv t)
        {
            t.Expect(Tags.Sequence);
            var f = new SequenceFields(t, Schema);
            var r = new EuiccSigned1();
            r.TransactionId = RspDer.Octets(f.Require(0x80), 1, 16);
            r.ServerAddress = RspDer.Utf8(f.Require(0x83));
            r.ServerChallenge = RspDer.Octets(f.Require(0x84), 16);
            r.EuiccInfo2 = EuiccInfo2.Decode(f.Require(RspTags.EuiccInfo2));
            r.CtxParams1 = CtxParams1.Decode(f.Require(0xA0));
            r.Raw = t.Encoded();
            return r;
        }
    }

    /// <summary>ES10b.AuthenticateServer response: <c>BF38 {A0 {30 euiccSigned1, 5F37 euiccSignature1,
    /// 30 euiccCertificate, 30 eumCertificate}}</c> or <c>BF38 {A1 {80 txId, 02 authenticateErrorCode}}</c>.</summary>
    public sealed class AuthenticateServerResponse
    {
        public bool IsOk { get { return EuiccSigned1 != null; } }

        public EuiccSigned1 EuiccSigned1;
        public byte[] EuiccSignature1;     // 64 bytes r||s
        public byte[] EuiccCertificate;    // complete DER
        public byte[] EumCertificate;

        /// <summary>Error alternative: the transaction id and <see cref="AuthenticateErrorCode"/>.</summary>
        public byte[] ErrorTransactionId;
        public int ErrorCode = -1;

        public static AuthenticateServerResponse Error(byte[] transactionId, int code)
        {
            var r = new AuthenticateServerResponse();
            r.ErrorTransactionId = transactionId;
            r.ErrorCode = code;
            return r;
        }

        public byte[] Encode()
        {
            var w = new TlvWriter(2048);
            w.Begin(RspTags.AuthenticateServer);
            if (IsOk)
            {
                if (EuiccSignature1 == null || EuiccCertificate == null || EumCertificate == null) throw RspDer.Missing("AuthenticateResponseOk element");
                w.Begin(0xA0);
                w.WriteRaw(EuiccSigned1.Raw != null ? EuiccSigned1.Raw : EuiccSigned1.Encode());
                w.Write(RspTags.Signature, EuiccSignature1);
                w.WriteRaw(EuiccCertificate);
                w.WriteRaw(EumCertificate);
                w.End();
            }
            else
            {
                if (ErrorTransactionId == null || ErrorCode < 0) throw RspDer.Missing("AuthenticateResponseError element");
                w.Begin(0xA1).Write(0x80, ErrorTransactionId).WriteInteger(Tags.Integer, ErrorCode).End();
            }
            return w.End().ToArray();
        }

        public static AuthenticateServerResponse Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.AuthenticateServer)); }

        public static AuthenticateServerResponse Decode(Tlv t)
        {
            t.Expect(RspTags.AuthenticateServer);
            var c = RspDer.Single(t);
            var m = new AuthenticateServerResponse();
            if (c.Tag == 0xA0)
            {
                var r = c.Children();
                m.EuiccSigned1 = EuiccSigned1.Decode(AuthenticateServerRequest.Next(r, c, Tags.Sequence));
                m.EuiccSignature1 = RspDer.Octets(AuthenticateServerRequest.Next(r, c, RspTags.Signature), 0);
                m.EuiccCertificate = AuthenticateServerRequest.Next(r, c, Tags.Sequence).Encoded();
                m.EumCertificate = AuthenticateServerRequest.Next(r, c, Tags.Sequence).Encoded();
            }
            else if (c.Tag == 0xA1)
            {
                var f = new SequenceFields(c, new int[] { 0x80, Tags.Integer });
                m.ErrorTransactionId = RspDer.Octets(f.Require(0x80), 1, 16);
                m.ErrorCode = RspDer.Int(f.Require(Tags.Integer));
            }
            else throw RspDer.Unexpected(c, "AuthenticateServerResponse");
            return m;
        }
    }
}
