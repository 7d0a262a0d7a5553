using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>
    /// One Profile State Management Operation (SGP.32 §2.11.1.1.3). <see cref="Kind"/> is the
    /// alternative's tag: A3 enable {5A iccid, [05 00 rollbackFlag]}, A4 disable {5A}, A5 delete {5A},
    /// BF2D listProfileInfo (an SGP.22 ProfileInfoListRequest, kept raw), A6 getRAT {}, A7
    /// configureImmediateEnable (v1.0 configureAutoEnable) {[80 00], [81 oid], [82 address]},
    /// A8 setFallbackAttribute {5A}, A9 unsetFallbackAttribute {}, BF65 setDefaultDpAddress {80 address}.
    /// </summary>
    public sealed class Psmo
    {
        public const int Enable = Sgp32Tags.PsmoEnable;
        public const int Disable = Sgp32Tags.PsmoDisable;
        public const int Delete = Sgp32Tags.PsmoDelete;
        public const int ListProfileInfo = Sgp32Tags.PsmoListProfileInfo;
        public const int GetRat = Sgp32Tags.PsmoGetRat;
        public const int ConfigureImmediateEnable = Sgp32Tags.PsmoConfigureImmediateEnable;
        public const int SetFallbackAttribute = Sgp32Tags.PsmoSetFallbackAttribute;
        public const int UnsetFallbackAttribute = Sgp32Tags.PsmoUnsetFallbackAttribute;
        public const int SetDefaultDpAddress = Sgp32Tags.PsmoSetDefaultDpAddress;

        public int Kind;
        /// <summary>10-byte ICCID (enable, disable, delete, setFallbackAttribute).</summary>
        public byte[] Iccid;
        public bool RollbackFlag;
        /// <summary>listProfileInfo: the complete BF2D TLV (SGP.22 GetProfilesInfo request), e.g. BF2D00.</summary>
        public byte[] ProfileInfoListRequest;
        public bool ImmediateEnableFlag;
        /// <summary>OBJECT IDENTIFIER content bytes, or null.</summary>
        public byte[] DefaultSmdpOid;
        public string DefaultSmdpAddress;

        public static Psmo NewEnable(byte[] iccid, bool rollback) { var p = new Psmo(); p.Kind = Enable; p.Iccid = iccid; p.RollbackFlag = rollback; return p; }
        public static Psmo NewDisable(byte[] iccid) { var p = new Psmo(); p.Kind = Disable; p.Iccid = iccid; return p; }
        public static Psmo NewDelete(byte[] iccid) { var p = new Psmo(); p.Kind = Delete; p.Iccid = iccid; return p; }
        public static Psmo NewListProfileInfo(byte[] bf2d) { var p = new Psmo(); p.Kind = ListProfileInfo; p.ProfileInfoListRequest = bf2d; return p; }
        public static Psmo NewGetRat() { var p = new Psmo(); p.Kind = GetRat; return p; }
        public static Psmo NewSetFallbackAttribute(byte[] iccid) { var p = new Psmo(); p.Kind = SetFallbackAttribute; p.Iccid = iccid; return p; }
        public static Psmo NewUnsetFallbackAttribute() { var p = new Psmo(); p.Kind = UnsetFallbackAttribute; return p; }
        public static Psmo NewSetDefaultDpAddress(string address) { var p = new Psmo(); p.Kind = SetDefaultDpAddress; p.DefaultSmdpAddress = address; return p; }

        public static string Name(int kind)
        {
            switch (kind)
            {
                case Enable: return "enable";
                case Disable: return "disable";
                case Delete: return "delete";
                case ListProfileInfo: return "listProfileInfo";
                case GetRat: return "getRAT";
                case ConfigureImmediateEnable: return "configureImmediateEnable";
                case SetFallbackAttribute: return "setFallbackAttribute";
                case UnsetFallbackAttribute: return "unsetFallbackAttribute";
                case SetDefaultDpAddress: return "setDefaultDpAddress";
                default: return Tags.Name(kind);
            }
        }

        public void WriteTo(TlvWriter w)
        {
            switch (Kind)
            {
                case Enable:
                    w.Begin(Kind).Write(RspTags.Eid, Iccid);
                    if (RollbackFlag) w.WriteNull(Tags.Null);
                    w.End();
                    break;
                case Disable:
                case Delete:
                case SetFallbackAttribute:
                    w.Begin(Kind).Write(RspTags.Eid, Iccid).End();
                    break;
                case ListProfileInfo:
                    w.WriteRaw(ProfileInfoListRequest != null ? ProfileInfoListRequest : new byte[] { 0xBF, 0x2D, 0x00 });
                    break;
                case GetRat:
                case UnsetFallbackAttribute:
                    w.WriteNull(Kind);
                    break;
                case ConfigureImmediateEnable:
                    w.Begin(Kind);
                    if (ImmediateEnableFlag) w.WriteNull(0x80);
                    if (DefaultSmdpOid != null) w.Write(0x81, DefaultSmdpOid);
                    if (DefaultSmdpAddress != null) w.WriteUtf8(0x82, DefaultSmdpAddress);
                    w.End();
                    break;
                case SetDefaultDpAddress:
                    w.Begin(Kind).WriteUtf8(0x80, DefaultSmdpAddress == null ? "" : DefaultSmdpAddress).End();
                    break;
                default:
                    throw new InvalidOperationException("unknown PSMO " + Tags.Name(Kind));
            }
        }

        public static Psmo Decode(Tlv t)
        {
            var p = new Psmo();
            p.Kind = t.Tag;
            switch (t.Tag)
            {
                case Enable:
                    {
                        var r = t.Children();
                        var i = r.ReadOptional(RspTags.Eid);
                        if (i == null) throw new DerException(DerError.MissingElement, t.ValueOffset, "iccid missing in enable");
                        p.Iccid = Sgp32Der.Octets(i, 10);
                        var f = r.ReadOptional(Tags.Null);
                        if (f != null) { Sgp32Der.RequireNull(f); p.RollbackFlag = true; }
                        break;
                    }
                case Disable:
                case Delete:
                case SetFallbackAttribute:
                    p.Iccid = Sgp32Der.Octets(t.Require(RspTags.Eid), 10);
                    break;
                case ListProfileInfo:
                    p.ProfileInfoListRequest = t.Encoded();
                    break;
                case GetRat:
                case UnsetFallbackAttribute:
                    break;
                case ConfigureImmediateEnable:
                    {
                        var x = t.Find(0x80); if (x != null) { Sgp32Der.RequireNull(x); p.ImmediateEnableFlag = true; }
                        x = t.Find(0x81); if (x != null) p.DefaultSmdpOid = x.Value();
                        x = t.Find(0x82); if (x != null) p.DefaultSmdpAddress = Sgp32Der.Utf8(x);
                        break;
                    }
                case SetDefaultDpAddress:
                    p.DefaultSmdpAddress = Sgp32Der.Utf8(t.Require(0x80));
                    break;
                default:
                    throw Sgp32Der.Unexpected(t, "psmoList");
            }
            return p;
        }
    }

    /// <summary>One eIM Configuration Operation (SGP.32 §2.11.1.1.2): A8 addEim (EimConfigurationData),
    /// A9 deleteEim {80 eimId}, AA updateEim (EimConfigurationData), AB listEim {}.</summary>
    public sealed class Eco
    {
        public const int AddEim = Sgp32Tags.EcoAddEim;
        public const int DeleteEim = Sgp32Tags.EcoDeleteEim;
        public const int UpdateEim = Sgp32Tags.EcoUpdateEim;
        public const int ListEim = Sgp32Tags.EcoListEim;

        public int Kind;
        public EimConfigurationData Configuration;
        public string EimId;

        public static Eco NewAddEim(EimConfigurationData c) { var e = new Eco(); e.Kind = AddEim; e.Configuration = c; return e; }
        public static Eco NewUpdateEim(EimConfigurationData c) { var e = new Eco(); e.Kind = UpdateEim; e.Configuration = c; return e; }
        public static Eco NewDeleteEim(string eimId) { var e = new Eco(); e.Kind = DeleteEim; e.EimId = eimId; return e; }
        public static Eco NewListEim() { var e = new Eco(); e.Kind = ListEim; return e; }

        public void WriteTo(TlvWriter w, Sgp32Version version)
        {
            switch (Kind)
            {
                case AddEim:
                case UpdateEim:
                    Configuration.WriteTo(w, Kind, version);
                    break;
                case DeleteEim:
                    w.Begin(Kind).WriteUtf8(0x80, EimId).End();
                    break;
                case ListEim:
                    w.WriteNull(Kind);
                    break;
                default:
                    throw new InvalidOperationException("unknown eCO " + Tags.Name(Kind));
            }
        }

        public static Eco Decode(Tlv t)
        {
            var e = new Eco();
            e.Kind = t.Tag;
            switch (t.Tag)
            {
                case AddEim:
                case UpdateEim:
                    e.Configuration = EimConfigurationData.Decode(t);
                    break;
                case DeleteEim:
                    e.EimId = Sgp32Der.Utf8(t.Require(0x80));
                    break;
                case ListEim:
                    break;
                default:
                    throw Sgp32Der.Unexpected(t, "ecoList");
            }
            return e;
        }
    }

    /// <summary>
    /// ES10b.LoadEuiccPackage input / ESipa package (SGP.32 §2.11.1.1):
    /// <c>BF51 {30 EuiccPackageSigned {80 eimId, 5A EID, 81 counterValue, [82 eimTransactionId],
    /// A0 psmoList | A1 ecoList}, 5F37 eimSignature}</c>. (v1.0 names field 82 transactionId; same bytes.)
    /// </summary>
    public sealed class EuiccPackageRequest : Sgp32Encodable
    {
        public const int TagPsmoList = 0xA0;
        public const int TagEcoList = 0xA1;

        public string EimId;
        public byte[] Eid;
        public long CounterValue;
        /// <summary>null when absent.</summary>
        public byte[] EimTransactionId;
        /// <summary>Items are <see cref="Psmo"/>; used when <see cref="IsEcoList"/> is false.</summary>
        public ArrayList Psmos = new ArrayList();
        /// <summary>Items are <see cref="Eco"/>.</summary>
        public ArrayList Ecos = new ArrayList();
        public bool IsEcoList;
        /// <summary>Raw r||s (64 bytes); null before signing.</summary>
        public byte[] EimSignature;

        /// <summary>The EuiccPackageSigned TLV exactly as received (signature input); null for a built request.</summary>
        public byte[] ReceivedSigned;

        /// <summary>DER of EuiccPackageSigned: the received bytes when decoded, otherwise freshly encoded.</summary>
        public byte[] EncodeSigned()
        {
            if (ReceivedSigned != null) return ReceivedSigned;
            return EncodeSigned(Sgp32Version.V1_2);
        }

        public byte[] EncodeSigned(Sgp32Version version)
        {
            var w = new TlvWriter();
            WriteSigned(w, version);
            return w.ToArray();
        }

        private void WriteSigned(TlvWriter w, Sgp32Version version)
        {
            w.Begin(Tags.Sequence);
            w.WriteUtf8(0x80, EimId);
            w.Write(RspTags.Eid, Eid);
            w.WriteInteger(0x81, CounterValue);
            if (EimTransactionId != null) w.Write(0x82, EimTransactionId);
            if (IsEcoList)
            {
                w.Begin(TagEcoList);
                for (int i = 0; i < Ecos.Count; i++) ((Eco)Ecos[i]).WriteTo(w, version);
                w.End();
            }
            else
            {
                w.Begin(TagPsmoList);
                for (int i = 0; i < Psmos.Count; i++) ((Psmo)Psmos[i]).WriteTo(w);
                w.End();
            }
            w.End();
        }

        /// <summary>
        /// The bytes eimSignature covers (SGP.32 §2.11.1.1; docs digest 9.2): DER(EuiccPackageSigned)
        /// followed by the associationToken data object <c>84 L token</c>.
        /// </summary>
        public byte[] SignedDataToVerify(long associationToken)
        {
            return Sgp32Der.WithAssociationToken(EncodeSigned(), associationToken);
        }

        /// <summary>Signature input when the eIM configuration holds no associationToken: <c>84 01 00</c>.</summary>
        public byte[] SignedDataToVerify()
        {
            return SignedDataToVerify(0);
        }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            if (EimSignature == null) throw new InvalidOperationException("EuiccPackageRequest not signed");
            w.Begin(RspTags.EuiccPackage);
            if (ReceivedSigned != null) w.WriteRaw(ReceivedSigned);
            else WriteSigned(w, version);
            w.Write(RspTags.Signature, EimSignature);
            w.End();
        }

        public static EuiccPackageRequest Decode(byte[] data)
        {
            return Decode(Sgp32Der.Parse(data, RspTags.EuiccPackage));
        }

        public static EuiccPackageRequest Decode(Tlv t)
        {
            t.Expect(RspTags.EuiccPackage);
            var req = new EuiccPackageRequest();
            var r = t.Children();
            if (!r.HasMore) throw new DerException(DerError.MissingElement, t.ValueOffset, "EuiccPackageSigned missing");
            var s = r.Read().Expect(Tags.Sequence);
            req.ReceivedSigned = s.Encoded();
            var sf = new Sgp32Fields(s);
            req.EimId = Sgp32Der.Utf8(sf.Required(0x80, "eimId"));
            req.Eid = Sgp32Der.Octets(sf.Required(RspTags.Eid, "eidValue"), 16);
            req.CounterValue = sf.Required(0x81, "counterValue").AsLong();
            var tx = sf.Optional(0x82);
            if (tx != null) req.EimTransactionId = Sgp32Der.TransactionId(tx);
            var pkg = sf.Next("euiccPackage");
            var pr = pkg.Children();
            if (pkg.Tag == TagPsmoList) { while (pr.HasMore) req.Psmos.Add(Psmo.Decode(pr.Read())); }
            else if (pkg.Tag == TagEcoList) { req.IsEcoList = true; while (pr.HasMore) req.Ecos.Add(Eco.Decode(pr.Read())); }
            else throw Sgp32Der.Unexpected(pkg, "EuiccPackageSigned");
            var sig = r.ReadOptional(RspTags.Signature);
            if (sig == null) throw new DerException(DerError.MissingElement, t.ValueOffset, "eimSignature missing");
            req.EimSignature = sig.Value();
            if (r.HasMore) throw new DerException(DerError.TrailingData, r.Position, "data after eimSignature");
            return req;
        }
    }
}
