using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>EuiccPackageErrorCode (SGP.32 §2.11.2.1); ecallActive is v1.2.</summary>
    public static class EuiccPackageErrorCode
    {
        public const int InvalidEid = 3;
        public const int ReplayError = 4;
        public const int CounterValueOutOfRange = 6;
        public const int SizeOverflow = 15;
        public const int EcallActive = 104;
        public const int UndefinedError = 127;
    }

    /// <summary>Result codes of the individual PSMO / eCO results.</summary>
    public static class EuiccResultCode
    {
        public const int Ok = 0;
        public const int IccidOrAidNotFound = 1;
        public const int ProfileNotInDisabledState = 2;
        public const int ProfileNotInEnabledState = 2;
        public const int DisallowedByPolicy = 3;
        public const int CatBusy = 5;
        public const int CommandError = 7;
        public const int RollbackNotAvailable = 20;
        public const int ReturnFallbackProfile = 21;
        public const int UndefinedError = 127;
        // processingTerminated
        public const int ResultSizeOverflow = 1;
        public const int UnknownOrDamagedCommand = 2;
        public const int Interruption = 3;
        // deleteEim
        public const int EimNotFound = 1;
        public const int LastEimDeleted = 2;
    }

    /// <summary>
    /// One EuiccResultData item. <see cref="Kind"/> is its tag: 83 enable, 84 disable, 85 delete,
    /// BF2D listProfileInfo, A6 getRAT, 87 configureImmediateEnable, A8 addEim {84 token | 02 code},
    /// 89 deleteEim, 8A updateEim, AB listEim, 8C rollback, 8D setFallbackAttribute,
    /// 8E unsetFallbackAttribute, 02 processingTerminated, BF65 setDefaultDpAddress {80 result}.
    /// INTEGER results are held in <see cref="Code"/>; constructed ones as raw TLV in <see cref="Raw"/>.
    /// </summary>
    public sealed class EuiccResultItem
    {
        public const int EnableResult = 0x83;
        public const int DisableResult = 0x84;
        public const int DeleteResult = 0x85;
        public const int ListProfileInfoResult = 0xBF2D;
        public const int GetRatResult = 0xA6;
        public const int ConfigureImmediateEnableResult = 0x87;
        public const int AddEimResult = 0xA8;
        public const int DeleteEimResult = 0x89;
        public const int UpdateEimResult = 0x8A;
        public const int ListEimResult = 0xAB;
        public const int RollbackResult = 0x8C;
        public const int SetFallbackAttributeResult = 0x8D;
        public const int UnsetFallbackAttributeResult = 0x8E;
        public const int ProcessingTerminated = 0x02;
        public const int SetDefaultDpAddressResult = 0xBF65;

        public int Kind;
        public int Code;
        /// <summary>Complete TLV of a constructed result (BF2D, A6, A8, AB, BF65).</summary>
        public byte[] Raw;

        public static EuiccResultItem Simple(int kind, int code) { var i = new EuiccResultItem(); i.Kind = kind; i.Code = code; return i; }

        public static EuiccResultItem Constructed(byte[] tlv)
        {
            var t = TlvReader.ParseAndValidate(tlv);
            var i = new EuiccResultItem(); i.Kind = t.Tag; i.Raw = tlv; return i;
        }

        /// <summary>addEim result with an associationToken: <c>A8 {84 token}</c>.</summary>
        public static EuiccResultItem AddEimToken(long token)
        {
            return Constructed(Der.Encode(AddEimResult, Sgp32Der.IntegerObject(0x84, token)));
        }

        /// <summary>addEim result code: <c>A8 {02 code}</c>.</summary>
        public static EuiccResultItem AddEimCode(int code)
        {
            return Constructed(Der.Encode(AddEimResult, Sgp32Der.IntegerObject(Tags.Integer, code)));
        }

        public static EuiccResultItem SetDefaultDpAddress(int result)
        {
            return Constructed(Der.Encode(SetDefaultDpAddressResult, Sgp32Der.IntegerObject(0x80, result)));
        }

        public bool IsConstructed { get { return Raw != null; } }

        /// <summary>addEim: true with the token when the item is <c>A8 {84 ..}</c>.</summary>
        public bool TryGetAssociationToken(out long token)
        {
            token = 0;
            if (Kind != AddEimResult || Raw == null) return false;
            var c = Sgp32Der.Single(TlvReader.Parse(Raw));
            if (c.Tag != 0x84) return false;
            token = c.AsLong();
            return true;
        }

        /// <summary>The INTEGER result: <see cref="Code"/> for simple items, the inner code of A8 {02} and BF65 {80}.</summary>
        public int ResultCode()
        {
            if (Raw == null) return Code;
            var t = TlvReader.Parse(Raw);
            if (Kind == AddEimResult) { var c = Sgp32Der.Single(t); return c.Tag == Tags.Integer ? c.AsInt() : EuiccResultCode.Ok; }
            if (Kind == SetDefaultDpAddressResult) return t.Require(0x80).AsInt();
            if (Kind == ListEimResult) { var c = Sgp32Der.Single(t); return c.Tag == 0x81 ? c.AsInt() : EuiccResultCode.Ok; }
            if (Kind == ListProfileInfoResult) { var c = Sgp32Der.Single(t); return c.Tag == 0x81 ? c.AsInt() : EuiccResultCode.Ok; }
            return EuiccResultCode.Ok;
        }

        /// <summary>listProfileInfo: the ProfileInfo (E3) TLVs of profileInfoListOk (<c>BF2D {A0 {E3..}}</c>).</summary>
        public byte[][] ProfileInfos()
        {
            if (Kind != ListProfileInfoResult) return null;
            var a = TlvReader.Parse(Raw).Find(0xA0);
            if (a == null) return new byte[0][];
            var ch = a.ChildArray();
            var r = new byte[ch.Length][];
            for (int i = 0; i < ch.Length; i++) r[i] = ch[i].Encoded();
            return r;
        }

        public void WriteTo(TlvWriter w)
        {
            if (Raw != null) w.WriteRaw(Raw);
            else w.WriteInteger(Kind, Code);
        }

        public static EuiccResultItem Decode(Tlv t)
        {
            switch (t.Tag)
            {
                case EnableResult:
                case DisableResult:
                case DeleteResult:
                case ConfigureImmediateEnableResult:
                case DeleteEimResult:
                case UpdateEimResult:
                case RollbackResult:
                case SetFallbackAttributeResult:
                case UnsetFallbackAttributeResult:
                case ProcessingTerminated:
                    return Simple(t.Tag, t.AsInt());
                case ListProfileInfoResult:
                case GetRatResult:
                case AddEimResult:
                case ListEimResult:
                case SetDefaultDpAddressResult:
                    {
                        var i = new EuiccResultItem(); i.Kind = t.Tag; i.Raw = t.Encoded();
                        if (t.Tag == AddEimResult || t.Tag == ListEimResult) Sgp32Der.Single(t);
                        if (t.Tag == SetDefaultDpAddressResult) t.Require(0x80).AsInt();
                        return i;
                    }
                default:
                    throw Sgp32Der.Unexpected(t, "euiccResult");
            }
        }
    }

    /// <summary>
    /// ES10b.LoadEuiccPackage output (SGP.32 §2.11.2.1), <c>BF51</c> with one of
    /// A0 euiccPackageResultSigned <c>{30 {80 eimId, 81 counterValue, [82 eimTransactionId], 83 seqNumber, 30 euiccResult}, 5F37 euiccSignEPR}</c>,
    /// A1 euiccPackageErrorSigned <c>{30 {80, 81, [82], 02 errorCode}, 5F37 euiccSignEPE}</c>,
    /// A2 euiccPackageErrorUnsigned <c>{80 eimId, [82 eimTransactionId (v1.2)], [84 associationToken]}</c>.
    /// </summary>
    public sealed class EuiccPackageResult : Sgp32Encodable
    {
        public const int ResultSigned = 0xA0;
        public const int ErrorSigned = 0xA1;
        public const int ErrorUnsigned = 0xA2;

        public int Kind = ResultSigned;
        public string EimId;
        public long CounterValue;
        public byte[] EimTransactionId;
        public long SeqNumber;
        /// <summary>Items are <see cref="EuiccResultItem"/>.</summary>
        public ArrayList Results = new ArrayList();
        public int ErrorCode;
        public bool HasAssociationToken;
        public long AssociationToken;
        /// <summary>euiccSignEPR / euiccSignEPE (64 bytes r||s).</summary>
        public byte[] Signature;
        /// <summary>The signed data TLV (30 ...) as received; null for a built result.</summary>
        public byte[] ReceivedSignedData;

        /// <summary>DER(EuiccPackageResultDataSigned or EuiccPackageErrorDataSigned).</summary>
        public byte[] EncodeSignedData()
        {
            if (ReceivedSignedData != null) return ReceivedSignedData;
            var w = new TlvWriter();
            WriteSignedData(w);
            return w.ToArray();
        }

        private void WriteSignedData(TlvWriter w)
        {
            w.Begin(Tags.Sequence);
            w.WriteUtf8(0x80, EimId);
            w.WriteInteger(0x81, CounterValue);
            if (EimTransactionId != null) w.Write(0x82, EimTransactionId);
            if (Kind == ResultSigned)
            {
                w.WriteInteger(0x83, SeqNumber);
                w.Begin(Tags.Sequence);
                for (int i = 0; i < Results.Count; i++) ((EuiccResultItem)Results[i]).WriteTo(w);
                w.End();
            }
            else w.WriteInteger(Tags.Integer, ErrorCode);
            w.End();
        }

        /// <summary>Signature input per docs digest 9.2 (decision): DER(signed data) || <c>84 L associationToken</c>
        /// (<c>84 01 00</c> when the eIM has no token: pass 0).</summary>
        public byte[] SignedDataWithToken(long associationToken)
        {
            return Sgp32Der.WithAssociationToken(EncodeSignedData(), associationToken);
        }

        /// <summary>The v1.0 text's coverage: DER(signed data) || <c>5F37 40 eimSignature</c>.</summary>
        public byte[] SignedDataWithEimSignature(byte[] eimSignature)
        {
            return Bytes.Concat(EncodeSignedData(), Der.Encode(RspTags.Signature, eimSignature));
        }

        /// <summary>Verifies euiccSignEPR/EPE against either coverage (the public sources disagree, digest 9.2).
        /// <paramref name="eimSignature"/> may be null to check only the token form.</summary>
        public bool VerifySignature(ICryptoProvider crypto, byte[] euiccPublicKey, long associationToken, byte[] eimSignature)
        {
            if (Kind == ErrorUnsigned || Signature == null) return false;
            var a = SignedDataWithToken(associationToken);
            if (crypto.EcdsaVerifyHash(euiccPublicKey, crypto.Sha256(a, 0, a.Length), Signature)) return true;
            if (eimSignature == null) return false;
            var b = SignedDataWithEimSignature(eimSignature);
            return crypto.EcdsaVerifyHash(euiccPublicKey, crypto.Sha256(b, 0, b.Length), Signature);
        }

        /// <summary>Signs with the token coverage (what the test eUICC does, digest 9.2).</summary>
        public void Sign(ICryptoProvider crypto, byte[] euiccPrivateKey, long associationToken)
        {
            ReceivedSignedData = null;
            var a = SignedDataWithToken(associationToken);
            Signature = crypto.EcdsaSignHash(euiccPrivateKey, crypto.Sha256(a, 0, a.Length));
        }

        public override void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.EuiccPackage);
            w.Begin(Kind);
            if (Kind == ErrorUnsigned)
            {
                w.WriteUtf8(0x80, EimId);
                if (EimTransactionId != null && version != Sgp32Version.V1_0) w.Write(0x82, EimTransactionId);
                if (HasAssociationToken) w.WriteInteger(0x84, AssociationToken);
            }
            else
            {
                if (ReceivedSignedData != null) w.WriteRaw(ReceivedSignedData);
                else WriteSignedData(w);
                if (Signature == null) throw new InvalidOperationException("EuiccPackageResult not signed");
                w.Write(RspTags.Signature, Signature);
            }
            w.End();
            w.End();
        }

        public static EuiccPackageResult Decode(byte[] data)
        {
            return Decode(Sgp32Der.Parse(data, RspTags.EuiccPackage));
        }

        public static EuiccPackageResult Decode(Tlv t)
        {
            t.Expect(RspTags.EuiccPackage);
            var alt = Sgp32Der.Single(t);
            var res = new EuiccPackageResult();
            res.Kind = alt.Tag;
            if (alt.Tag == ErrorUnsigned)
            {
                var f = new Sgp32Fields(alt);
                res.EimId = Sgp32Der.Utf8(f.Required(0x80, "eimId"));
                var x = f.Optional(0x82); if (x != null) res.EimTransactionId = Sgp32Der.TransactionId(x);
                x = f.Optional(0x84); if (x != null) { res.HasAssociationToken = true; res.AssociationToken = x.AsLong(); }
                return res;
            }
            if (alt.Tag != ResultSigned && alt.Tag != ErrorSigned) throw Sgp32Der.Unexpected(alt, "EuiccPackageResult");
            var ar = alt.Children();
            if (!ar.HasMore) throw new DerException(DerError.MissingElement, alt.ValueOffset, "signed data missing");
            var s = ar.Read().Expect(Tags.Sequence);
            res.ReceivedSignedData = s.Encoded();
            var sf = new Sgp32Fields(s);
            res.EimId = Sgp32Der.Utf8(sf.Required(0x80, "eimId"));
            res.CounterValue = sf.Required(0x81, "counterValue").AsLong();
            var tx = sf.Optional(0x82); if (tx != null) res.EimTransactionId = Sgp32Der.TransactionId(tx);
            if (alt.Tag == ResultSigned)
            {
                res.SeqNumber = sf.Required(0x83, "seqNumber").AsLong();
                var list = sf.Required(Tags.Sequence, "euiccResult");
                var lr = list.Children();
                while (lr.HasMore) res.Results.Add(EuiccResultItem.Decode(lr.Read()));
            }
            else res.ErrorCode = sf.Required(Tags.Integer, "euiccPackageErrorCode").AsInt();
            var sig = ar.ReadOptional(RspTags.Signature);
            if (sig == null) throw new DerException(DerError.MissingElement, alt.ValueOffset, "euiccSignEPR/EPE missing");
            res.Signature = sig.Value();
            return res;
        }
    }
}
