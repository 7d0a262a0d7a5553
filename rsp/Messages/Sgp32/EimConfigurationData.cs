using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>
    /// EimConfigurationData (SGP.32 §2.11.1.1.1): <c>30 {80 eimId, [81 eimFqdn], [82 eimIdType],
    /// [83 counterValue], [84 associationToken], [A5 {A0 SPKI | A1 Certificate}], [A6 {A0 | A1}],
    /// [87 eimSupportedProtocol], [88 euiccCiPKId], [89 00 indirectProfileDownload (v1.2)]}</c>.
    /// The key alternatives are SubjectPublicKeyInfo / Certificate with their outer 30 replaced by
    /// A0 / A1 (automatic tags); the model holds them as ordinary DER (starting with 30).
    /// </summary>
    public sealed class EimConfigurationData
    {
        public const int TagEimId = 0x80;
        public const int TagEimFqdn = 0x81;
        public const int TagEimIdType = 0x82;
        public const int TagCounterValue = 0x83;
        public const int TagAssociationToken = 0x84;
        public const int TagEimPublicKeyData = 0xA5;
        public const int TagTrustedPublicKeyDataTls = 0xA6;
        public const int TagEimSupportedProtocol = 0x87;
        public const int TagEuiccCiPKId = 0x88;
        public const int TagIndirectProfileDownload = 0x89;

        public const int EimIdTypeOid = 1;
        public const int EimIdTypeFqdn = 2;
        public const int EimIdTypeProprietary = 3;

        /// <summary>Key alternatives inside A5 / A6.</summary>
        public const int KeyNone = 0;
        public const int KeySpki = 0xA0;
        public const int KeyCertificate = 0xA1;

        public string EimId;
        public string EimFqdn;
        /// <summary>-1 when absent.</summary>
        public int EimIdType = -1;
        public bool HasCounterValue;
        public long CounterValue;
        public bool HasAssociationToken;
        /// <summary>-1 (<c>84 01 FF</c>) asks the eUICC to generate one.</summary>
        public long AssociationToken;

        /// <summary><see cref="KeyNone"/>, <see cref="KeySpki"/> or <see cref="KeyCertificate"/>.</summary>
        public int EimPublicKeyKind;
        /// <summary>SubjectPublicKeyInfo or Certificate as DER with its usual 30 tag.</summary>
        public byte[] EimPublicKeyData;
        public int TrustedTlsKind;
        public byte[] TrustedTlsData;
        /// <summary>BIT STRING content (unused-bits byte first), null when absent.</summary>
        public byte[] EimSupportedProtocol;
        public byte[] EuiccCiPKId;
        /// <summary>v1.2 only; dropped when encoding for v1.0.</summary>
        public bool IndirectProfileDownload;

        /// <summary>The 65-byte uncompressed eIM public key from <see cref="EimPublicKeyData"/>, or null.</summary>
        public byte[] EimPublicKeyPoint()
        {
            if (EimPublicKeyKind == KeySpki) return PublicKeyInfo.PointFromSpki(EimPublicKeyData);
            if (EimPublicKeyKind == KeyCertificate) return PublicKeyInfo.PointFromCertificate(EimPublicKeyData);
            return null;
        }

        public void WriteTo(TlvWriter w, int tag, Sgp32Version version)
        {
            if (EimId == null) throw new InvalidOperationException("eimId is mandatory");
            w.Begin(tag);
            w.WriteUtf8(TagEimId, EimId);
            if (EimFqdn != null) w.WriteUtf8(TagEimFqdn, EimFqdn);
            if (EimIdType >= 0) w.WriteInteger(TagEimIdType, EimIdType);
            if (HasCounterValue) w.WriteInteger(TagCounterValue, CounterValue);
            if (HasAssociationToken) w.WriteInteger(TagAssociationToken, AssociationToken);
            WriteKey(w, TagEimPublicKeyData, EimPublicKeyKind, EimPublicKeyData);
            WriteKey(w, TagTrustedPublicKeyDataTls, TrustedTlsKind, TrustedTlsData);
            if (EimSupportedProtocol != null) w.Write(TagEimSupportedProtocol, EimSupportedProtocol);
            if (EuiccCiPKId != null) w.Write(TagEuiccCiPKId, EuiccCiPKId);
            if (IndirectProfileDownload && version != Sgp32Version.V1_0) w.WriteNull(TagIndirectProfileDownload);
            w.End();
        }

        public byte[] Encode() { return Encode(Sgp32Version.V1_2); }

        public byte[] Encode(Sgp32Version version)
        {
            var w = new TlvWriter();
            WriteTo(w, Tags.Sequence, version);
            return w.ToArray();
        }

        private static void WriteKey(TlvWriter w, int tag, int kind, byte[] der)
        {
            if (kind == KeyNone) return;
            if (der == null) throw new InvalidOperationException(Tags.Name(tag) + " without key data");
            var inner = TlvReader.Parse(der);
            w.Begin(tag);
            w.Write(kind, der, inner.ValueOffset, inner.Length);
            w.End();
        }

        public static EimConfigurationData Decode(byte[] data)
        {
            return Decode(Sgp32Der.Parse(data, Tags.Sequence));
        }

        /// <summary>Decodes the content of <paramref name="t"/> (whatever its own tag: 30, A8 addEim, AA updateEim).</summary>
        public static EimConfigurationData Decode(Tlv t)
        {
            var c = new EimConfigurationData();
            var r = t.Children();
            var x = r.ReadOptional(TagEimId);
            if (x == null) throw new DerException(DerError.MissingElement, t.ValueOffset, "eimId missing in EimConfigurationData");
            c.EimId = Sgp32Der.Utf8(x);
            if (c.EimId.Length == 0 || x.Length > 128) throw new DerException(DerError.InvalidValue, x.ValueOffset, "eimId must be 1..128 bytes");
            x = r.ReadOptional(TagEimFqdn); if (x != null) c.EimFqdn = Sgp32Der.Utf8(x);
            x = r.ReadOptional(TagEimIdType); if (x != null) c.EimIdType = x.AsInt();
            x = r.ReadOptional(TagCounterValue); if (x != null) { c.HasCounterValue = true; c.CounterValue = x.AsLong(); }
            x = r.ReadOptional(TagAssociationToken); if (x != null) { c.HasAssociationToken = true; c.AssociationToken = x.AsLong(); }
            x = r.ReadOptional(TagEimPublicKeyData);
            if (x != null) { var k = Sgp32Der.Single(x); c.EimPublicKeyKind = KeyKind(k); c.EimPublicKeyData = Der.Encode(Tags.Sequence, k.Value()); }
            x = r.ReadOptional(TagTrustedPublicKeyDataTls);
            if (x != null) { var k = Sgp32Der.Single(x); c.TrustedTlsKind = KeyKind(k); c.TrustedTlsData = Der.Encode(Tags.Sequence, k.Value()); }
            x = r.ReadOptional(TagEimSupportedProtocol);
            if (x != null) { if (x.Length == 0) throw new DerException(DerError.InvalidValue, x.ValueOffset, "empty BIT STRING"); c.EimSupportedProtocol = x.Value(); }
            x = r.ReadOptional(TagEuiccCiPKId); if (x != null) c.EuiccCiPKId = x.Value();
            x = r.ReadOptional(TagIndirectProfileDownload); if (x != null) { Sgp32Der.RequireNull(x); c.IndirectProfileDownload = true; }
            // EXTENSIBILITY IMPLIED: later additions are skipped, but a known element out of order is an error.
            while (r.HasMore)
            {
                var e = r.Read();
                if (e.Tag >= TagEimId && e.Tag <= TagIndirectProfileDownload || e.Tag == TagEimPublicKeyData || e.Tag == TagTrustedPublicKeyDataTls)
                    throw Sgp32Der.Unexpected(e, "EimConfigurationData (order)");
            }
            return c;
        }

        private static int KeyKind(Tlv k)
        {
            if (k.Tag != KeySpki && k.Tag != KeyCertificate) throw Sgp32Der.Unexpected(k, "eimPublicKeyData");
            return k.Tag;
        }
    }

    /// <summary>Finds the P-256 public key in a SubjectPublicKeyInfo or an X.509 certificate by walking the DER.</summary>
    public static class PublicKeyInfo
    {
        /// <summary><c>30 {30 AlgorithmIdentifier, 03 {00 04 X Y}}</c> -> 65-byte point.</summary>
        public static byte[] PointFromSpki(byte[] spki)
        {
            return PointFromSpki(TlvReader.ParseAndValidate(spki));
        }

        public static byte[] PointFromSpki(Tlv spki)
        {
            var r = spki.Children();
            r.Read().Expect(Tags.Sequence);
            var bits = r.Read().Expect(Tags.BitString);
            if (bits.Length != 66 || bits.Buffer[bits.ValueOffset] != 0 || bits.Buffer[bits.ValueOffset + 1] != 0x04)
                throw new DerException(DerError.InvalidValue, bits.ValueOffset, "not an uncompressed P-256 point");
            return Bytes.Slice(bits.Buffer, bits.ValueOffset + 1, 65);
        }

        /// <summary>Certificate -> tbsCertificate -> subjectPublicKeyInfo (7th field, counting the optional [0] version).</summary>
        public static byte[] PointFromCertificate(byte[] certificate)
        {
            var cert = TlvReader.ParseAndValidate(certificate).Expect(Tags.Sequence);
            var tbs = cert.Children().Read().Expect(Tags.Sequence);
            var r = tbs.Children();
            if (r.Peek().Tag == 0xA0) r.Read(); // version
            for (int i = 0; i < 5; i++) r.Read(); // serialNumber, signature, issuer, validity, subject
            return PointFromSpki(r.Read().Expect(Tags.Sequence));
        }
    }

    /// <summary>ES10b.AddInitialEim request (SGP.32 §5.9.4): <c>BF57 {A0 {EimConfigurationData...}}</c>.</summary>
    public sealed class AddInitialEimRequest
    {
        /// <summary>Items are <see cref="EimConfigurationData"/>.</summary>
        public ArrayList EimConfigurations = new ArrayList();

        public byte[] Encode() { return Encode(Sgp32Version.V1_2); }

        public byte[] Encode(Sgp32Version version)
        {
            var w = new TlvWriter();
            w.Begin(RspTags.AddInitialEim).Begin(0xA0);
            for (int i = 0; i < EimConfigurations.Count; i++) ((EimConfigurationData)EimConfigurations[i]).WriteTo(w, Tags.Sequence, version);
            w.End().End();
            return w.ToArray();
        }

        public static AddInitialEimRequest Decode(byte[] data)
        {
            var t = Sgp32Der.Parse(data, RspTags.AddInitialEim);
            var req = new AddInitialEimRequest();
            var list = t.Require(0xA0);
            var r = list.Children();
            while (r.HasMore) req.EimConfigurations.Add(EimConfigurationData.Decode(r.Read().Expect(Tags.Sequence)));
            return req;
        }
    }

    /// <summary>ES10b.AddInitialEim response: <c>BF57 {A0 {84 token | 05 00, ...}}</c> or <c>BF57 {81 error}</c>.</summary>
    public sealed class AddInitialEimResponse
    {
        public const int InsufficientMemory = 1;
        /// <summary>v1.2 associatedEimAlreadyExists; v1.0 unsignedEimConfigDisallowed.</summary>
        public const int AssociatedEimAlreadyExists = 2;
        public const int CiPKUnknown = 3;
        public const int InvalidAssociationToken = 5;
        public const int CounterValueOutOfRange = 6;
        public const int CommandError = 7;
        public const int UndefinedError = 127;

        /// <summary>-1 for addInitialEimOk, else the error code.</summary>
        public int ErrorCode = -1;
        /// <summary>One entry per eIM: a long token, or null for addOk.</summary>
        public ArrayList Results = new ArrayList();

        public bool IsOk { get { return ErrorCode < 0; } }

        public static AddInitialEimResponse Error(int code) { var r = new AddInitialEimResponse(); r.ErrorCode = code; return r; }

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.AddInitialEim);
            if (IsOk)
            {
                w.Begin(0xA0);
                for (int i = 0; i < Results.Count; i++)
                {
                    if (Results[i] == null) w.WriteNull(Tags.Null);
                    else w.WriteInteger(EimConfigurationData.TagAssociationToken, (long)Results[i]);
                }
                w.End();
            }
            else w.WriteInteger(0x81, ErrorCode);
            w.End();
            return w.ToArray();
        }

        public static AddInitialEimResponse Decode(byte[] data)
        {
            var t = Sgp32Der.Parse(data, RspTags.AddInitialEim);
            var c = Sgp32Der.Single(t);
            var resp = new AddInitialEimResponse();
            if (c.Tag == 0x81) { resp.ErrorCode = c.AsInt(); return resp; }
            c.Expect(0xA0);
            var r = c.Children();
            while (r.HasMore)
            {
                var e = r.Read();
                if (e.Tag == EimConfigurationData.TagAssociationToken) resp.Results.Add(e.AsLong());
                else if (e.Tag == Tags.Null) { Sgp32Der.RequireNull(e); resp.Results.Add(null); }
                else throw Sgp32Der.Unexpected(e, "addInitialEimOk");
            }
            return resp;
        }
    }

    /// <summary>ES10b.GetEimConfigurationData request: v1.2 <c>BF55 {[A0 {80 eimId}]}</c>; <c>BF55 00</c> asks for all (the only v1.0 form).</summary>
    public sealed class GetEimConfigurationDataRequest
    {
        /// <summary>null = all eIMs.</summary>
        public string EimId;

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.GetEimConfigurationData);
            if (EimId != null) { w.Begin(0xA0); w.WriteUtf8(0x80, EimId); w.End(); }
            w.End();
            return w.ToArray();
        }

        public static GetEimConfigurationDataRequest Decode(byte[] data)
        {
            var t = Sgp32Der.Parse(data, RspTags.GetEimConfigurationData);
            var req = new GetEimConfigurationDataRequest();
            var a = t.Find(0xA0);
            if (a != null) req.EimId = Sgp32Der.Utf8(Sgp32Der.Single(a).Expect(0x80));
            return req;
        }
    }

    /// <summary>ES10b.GetEimConfigurationData response: <c>BF55 {A0 {EimConfigurationData...}}</c>.</summary>
    public sealed class GetEimConfigurationDataResponse
    {
        public ArrayList EimConfigurations = new ArrayList();

        public byte[] Encode() { return Encode(Sgp32Version.V1_2); }

        public byte[] Encode(Sgp32Version version)
        {
            var w = new TlvWriter();
            w.Begin(RspTags.GetEimConfigurationData).Begin(0xA0);
            for (int i = 0; i < EimConfigurations.Count; i++) ((EimConfigurationData)EimConfigurations[i]).WriteTo(w, Tags.Sequence, version);
            w.End().End();
            return w.ToArray();
        }

        public static GetEimConfigurationDataResponse Decode(byte[] data)
        {
            var t = Sgp32Der.Parse(data, RspTags.GetEimConfigurationData);
            var resp = new GetEimConfigurationDataResponse();
            var r = t.Require(0xA0).Children();
            while (r.HasMore) resp.EimConfigurations.Add(EimConfigurationData.Decode(r.Read().Expect(Tags.Sequence)));
            return resp;
        }
    }
}
