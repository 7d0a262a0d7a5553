using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Esipa
{
    /// <summary>
    /// IpaEuiccDataRequest (SGP.32 §2.11.1.2): <c>BF52 {5C tagList, [04 euiccCiPKIdentifierToBeUsed],
    /// [A1 {80 seqNumber | 81 pmo (| 82 00 v1.0)}], [A2 {80 seqNumber}] (v1.2), [83 eimTransactionId] (v1.2)}</c>.
    /// </summary>
    public sealed class IpaEuiccDataRequest
    {
        public byte[] TagList;
        public byte[] EuiccCiPKId;
        /// <summary>The TLV inside A1 (e.g. <c>80 01 05</c>), or null.</summary>
        public byte[] SearchCriteriaNotification;
        /// <summary>The TLV inside A2 (v1.2), or null.</summary>
        public byte[] SearchCriteriaEuiccPackageResult;
        public byte[] EimTransactionId;

        public void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.IpaEuiccData);
            w.Write(RspTags.TagList, TagList == null ? Bytes.Empty : TagList);
            if (EuiccCiPKId != null) w.Write(Tags.OctetString, EuiccCiPKId);
            if (SearchCriteriaNotification != null) w.Begin(0xA1).WriteRaw(SearchCriteriaNotification).End();
            if (version != Sgp32Version.V1_0)
            {
                if (SearchCriteriaEuiccPackageResult != null) w.Begin(0xA2).WriteRaw(SearchCriteriaEuiccPackageResult).End();
                if (EimTransactionId != null) w.Write(0x83, EimTransactionId);
            }
            w.End();
        }

        public static IpaEuiccDataRequest Decode(Tlv t, out bool v12Only)
        {
            t.Expect(RspTags.IpaEuiccData);
            v12Only = false;
            var q = new IpaEuiccDataRequest();
            var f = new Sgp32Fields(t);
            q.TagList = f.Value(RspTags.TagList);
            q.EuiccCiPKId = f.OptionalValue(Tags.OctetString);
            var x = f.Optional(0xA1); if (x != null) q.SearchCriteriaNotification = Sgp32Der.Single(x).Encoded();
            x = f.Optional(0xA2); if (x != null) { q.SearchCriteriaEuiccPackageResult = Sgp32Der.Single(x).Encoded(); v12Only = true; }
            q.EimTransactionId = f.OptionalValue(0x83);
            if (q.EimTransactionId != null) v12Only = true;
            return q;
        }
    }

    /// <summary>
    /// IpaEuiccDataResponse (SGP.32 §2.11.2.2). v1.2: <c>BF52 {A0 IpaEuiccData | A1 {[80 txId], 02 code}}</c>;
    /// v1.0: <c>BF52 {A0 IpaEuiccData | 81 code}</c>. The IpaEuiccData elements are kept as raw TLVs in
    /// their order because the two versions number them differently (v1.0 80 defaultSmdpAddress, BF2B
    /// notifications; v1.2 A0 notifications, 81 defaultSmdpAddress, A2 EPRs, 87 eimTransactionId).
    /// </summary>
    public sealed class IpaEuiccDataResponse
    {
        public const int IncorrectTagList = 1;
        public const int EuiccCiPKIdNotFound = 5;
        public const int EcallActive = 104;
        public const int UndefinedError = 127;

        /// <summary>Raw TLVs (byte[]) of IpaEuiccData.</summary>
        public ArrayList Elements = new ArrayList();
        /// <summary>-1 for ipaEuiccData.</summary>
        public int ErrorCode = -1;
        public byte[] ErrorTransactionId;

        public void Add(int tag, byte[] value) { Elements.Add(Der.Encode(tag, value)); }

        /// <summary>The first element with <paramref name="tag"/> (complete TLV), or null.</summary>
        public byte[] Element(int tag)
        {
            for (int i = 0; i < Elements.Count; i++)
            {
                var e = (byte[])Elements[i];
                if (TlvReader.Parse(e).Tag == tag) return e;
            }
            return null;
        }

        public string DefaultSmdpAddress(Sgp32Version version)
        {
            var e = Element(version == Sgp32Version.V1_0 ? 0x80 : 0x81);
            return e == null ? null : Sgp32Der.Utf8(TlvReader.Parse(e));
        }

        public void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.IpaEuiccData);
            if (ErrorCode < 0)
            {
                w.Begin(0xA0);
                for (int i = 0; i < Elements.Count; i++) w.WriteRaw((byte[])Elements[i]);
                w.End();
            }
            else if (version == Sgp32Version.V1_0) w.WriteInteger(0x81, ErrorCode);
            else
            {
                w.Begin(0xA1);
                if (ErrorTransactionId != null) w.Write(0x80, ErrorTransactionId);
                w.WriteInteger(Tags.Integer, ErrorCode);
                w.End();
            }
            w.End();
        }

        /// <summary><paramref name="detected"/> is set to the version the bytes prove, else left alone.</summary>
        public static IpaEuiccDataResponse Decode(Tlv t, ref Sgp32Version detected)
        {
            t.Expect(RspTags.IpaEuiccData);
            var c = Sgp32Der.Single(t);
            var resp = new IpaEuiccDataResponse();
            if (c.Tag == 0x81) { resp.ErrorCode = c.AsInt(); detected = Sgp32Version.V1_0; return resp; }
            if (c.Tag == 0xA1)
            {
                var x = c.Find(0x80); if (x != null) resp.ErrorTransactionId = x.Value();
                resp.ErrorCode = c.Require(Tags.Integer).AsInt();
                detected = Sgp32Version.V1_2;
                return resp;
            }
            c.Expect(0xA0);
            var r = c.Children();
            while (r.HasMore)
            {
                var e = r.Read();
                if (e.Tag == 0x80 || e.Tag == RspTags.RetrieveNotificationsList) detected = Sgp32Version.V1_0;
                else if (e.Tag == 0xA0 || e.Tag == 0x81 || e.Tag == 0xA2 || e.Tag == 0x87) detected = Sgp32Version.V1_2;
                resp.Elements.Add(e.Encoded());
            }
            return resp;
        }
    }

    /// <summary>
    /// ProfileDownloadTriggerRequest (SGP.32 §2.11.1.3): <c>BF54 {[A0 {80 activationCode | 81 00 contactDefaultSmdp |
    /// A2 {[80 smdsAddress]}}], [82 eimTransactionId]}</c>.
    /// </summary>
    public sealed class ProfileDownloadTriggerRequest
    {
        public const int DataNone = 0;
        public const int DataActivationCode = 0x80;
        public const int DataContactDefaultSmdp = 0x81;
        public const int DataContactSmds = 0xA2;

        public int DataKind;
        public string ActivationCode;
        public string SmdsAddress;
        public byte[] EimTransactionId;

        public static ProfileDownloadTriggerRequest ForActivationCode(string ac)
        {
            var r = new ProfileDownloadTriggerRequest(); r.DataKind = DataActivationCode; r.ActivationCode = ac; return r;
        }

        public void WriteTo(TlvWriter w)
        {
            w.Begin(RspTags.ProfileDownloadTrigger);
            if (DataKind != DataNone)
            {
                w.Begin(0xA0);
                if (DataKind == DataActivationCode) w.WriteUtf8(0x80, ActivationCode);
                else if (DataKind == DataContactDefaultSmdp) w.WriteNull(0x81);
                else { w.Begin(0xA2); if (SmdsAddress != null) w.WriteUtf8(0x80, SmdsAddress); w.End(); }
                w.End();
            }
            if (EimTransactionId != null) w.Write(0x82, EimTransactionId);
            w.End();
        }

        public static ProfileDownloadTriggerRequest Decode(Tlv t)
        {
            t.Expect(RspTags.ProfileDownloadTrigger);
            var q = new ProfileDownloadTriggerRequest();
            var r = t.Children();
            var a = r.ReadOptional(0xA0);
            if (a != null)
            {
                var d = Sgp32Der.Single(a);
                q.DataKind = d.Tag;
                if (d.Tag == DataActivationCode)
                {
                    if (d.Length > 255) throw new DerException(DerError.InvalidValue, d.ValueOffset, "activationCode longer than 255");
                    q.ActivationCode = Sgp32Der.Utf8(d);
                }
                else if (d.Tag == DataContactDefaultSmdp) Sgp32Der.RequireNull(d);
                else if (d.Tag == DataContactSmds) { var s = d.Find(0x80); if (s != null) q.SmdsAddress = Sgp32Der.Utf8(s); }
                else throw Sgp32Der.Unexpected(d, "ProfileDownloadData");
            }
            var x = r.ReadOptional(0x82); if (x != null) q.EimTransactionId = x.Value();
            return q;
        }
    }

    /// <summary>
    /// ProfileDownloadTriggerResult (SGP.32 §2.11.2.3): <c>BF54 {[82 eimTransactionId], BF37 ProfileInstallationResult |
    /// 30 profileDownloadError}</c>; the error is v1.2 <c>30 {80 reason, [04 errorResponse]}</c>, v1.0 <c>30 {[80 errorResponse]}</c>.
    /// </summary>
    public sealed class ProfileDownloadTriggerResult
    {
        public const int EcallActive = 104;
        public const int UndefinedError = 127;

        public byte[] EimTransactionId;
        /// <summary>Complete BF37 TLV, or null for profileDownloadError.</summary>
        public byte[] ProfileInstallationResult;
        /// <summary>v1.2 profileDownloadErrorReason; -1 when absent.</summary>
        public int ErrorReason = -1;
        public byte[] ErrorResponse;

        public void WriteTo(TlvWriter w, Sgp32Version version)
        {
            w.Begin(RspTags.ProfileDownloadTrigger);
            if (EimTransactionId != null) w.Write(0x82, EimTransactionId);
            if (ProfileInstallationResult != null) w.WriteRaw(ProfileInstallationResult);
            else
            {
                w.Begin(Tags.Sequence);
                if (version == Sgp32Version.V1_0) { if (ErrorResponse != null) w.Write(0x80, ErrorResponse); }
                else
                {
                    w.WriteInteger(0x80, ErrorReason < 0 ? UndefinedError : ErrorReason);
                    if (ErrorResponse != null) w.Write(Tags.OctetString, ErrorResponse);
                }
                w.End();
            }
            w.End();
        }

        public static ProfileDownloadTriggerResult Decode(Tlv t, ref Sgp32Version version)
        {
            t.Expect(RspTags.ProfileDownloadTrigger);
            var res = new ProfileDownloadTriggerResult();
            var r = t.Children();
            var x = r.ReadOptional(0x82); if (x != null) res.EimTransactionId = x.Value();
            if (!r.HasMore) throw new DerException(DerError.MissingElement, t.ValueOffset, "profileDownloadTriggerResultData missing");
            var d = r.Read();
            if (d.Tag == RspTags.ProfileInstallationResult) res.ProfileInstallationResult = d.Encoded();
            else if (d.Tag == Tags.Sequence)
            {
                var e = d.Find(Tags.OctetString);
                if (e != null) version = Sgp32Version.V1_2;
                var f = d.Find(0x80);
                if (version == Sgp32Version.V1_0) { if (f != null) res.ErrorResponse = f.Value(); }
                else
                {
                    if (f == null) throw new DerException(DerError.MissingElement, d.ValueOffset, "profileDownloadErrorReason missing");
                    res.ErrorReason = f.AsInt();
                    if (e != null) res.ErrorResponse = e.Value();
                }
            }
            else throw Sgp32Der.Unexpected(d, "ProfileDownloadTriggerResult");
            return res;
        }
    }

    /// <summary>EimAcknowledgements (SGP.32 §2.11.1.4): <c>BF53 {80 seqNumber ...}</c>.</summary>
    public sealed class EimAcknowledgements
    {
        /// <summary>long sequence numbers.</summary>
        public ArrayList SequenceNumbers = new ArrayList();

        public void WriteTo(TlvWriter w)
        {
            w.Begin(RspTags.EimAcknowledgements);
            for (int i = 0; i < SequenceNumbers.Count; i++) w.WriteInteger(0x80, (long)SequenceNumbers[i]);
            w.End();
        }

        public byte[] Encode() { var w = new TlvWriter(32); WriteTo(w); return w.ToArray(); }

        public static EimAcknowledgements Decode(Tlv t)
        {
            t.Expect(RspTags.EimAcknowledgements);
            var a = new EimAcknowledgements();
            var r = t.Children();
            while (r.HasMore) a.SequenceNumbers.Add(r.Read().Expect(0x80).AsLong());
            return a;
        }
    }

    /// <summary>
    /// EimPackageResult (SGP.32 §6.3.2.7), the part shared by ProvideEimPackageResult,
    /// TransferEimPackageResponse and (v1.0) HandleNotificationEsipa.
    /// <list type="bullet">
    /// <item>BF51 EuiccPackageResult</item>
    /// <item>30 ePRAndNotifications: v1.2 <c>{BF51, A0 {notifications}}</c>, v1.0 <c>{BF51, BF2B RetrieveNotificationsListResponse}</c></item>
    /// <item>BF52 IpaEuiccDataResponse, BF54 ProfileDownloadTriggerResult</item>
    /// <item>error: v1.2 ProvideEimPackageResult <c>A0 {[80 txId], 02 code}</c>; v1.0 and TransferEimPackageResponse <c>02 code</c></item>
    /// <item>05 00 eimPackageReceived (TransferEimPackageResponse only)</item>
    /// </list>
    /// </summary>
    public sealed class EimPackageResult
    {
        public const int KindEuiccPackageResult = 1;
        public const int KindEprAndNotifications = 2;
        public const int KindIpaEuiccDataResponse = 3;
        public const int KindProfileDownloadTriggerResult = 4;
        public const int KindError = 5;
        public const int KindEimPackageReceived = 6;

        public const int InvalidPackageFormat = 1;
        public const int UnknownPackage = 2;
        public const int UndefinedError = 127;

        public int Kind;
        public EuiccPackageResult EuiccPackageResult;
        /// <summary>Raw PendingNotification TLVs (byte[]) of ePRAndNotifications.</summary>
        public ArrayList Notifications = new ArrayList();
        /// <summary>v1.0: the BF2B content when it was not a plain notification list (kept for re-encoding).</summary>
        public Sgp32RetrieveNotificationsList V10NotificationsList;
        public IpaEuiccDataResponse IpaEuiccDataResponse;
        public ProfileDownloadTriggerResult ProfileDownloadTriggerResult;
        public int ErrorCode;
        public byte[] ErrorTransactionId;

        public void WriteTo(TlvWriter w, Sgp32Version version, bool transferResponse)
        {
            switch (Kind)
            {
                case KindEuiccPackageResult: EuiccPackageResult.WriteTo(w, version); break;
                case KindEprAndNotifications:
                    w.Begin(Tags.Sequence);
                    EuiccPackageResult.WriteTo(w, version);
                    if (version == Sgp32Version.V1_0)
                    {
                        var l = V10NotificationsList;
                        if (l == null) { l = new Sgp32RetrieveNotificationsList(); l.Notifications = Notifications; }
                        l.WriteTo(w, version);
                    }
                    else
                    {
                        w.Begin(0xA0);
                        for (int i = 0; i < Notifications.Count; i++) w.WriteRaw((byte[])Notifications[i]);
                        w.End();
                    }
                    w.End();
                    break;
                case KindIpaEuiccDataResponse: IpaEuiccDataResponse.WriteTo(w, version); break;
                case KindProfileDownloadTriggerResult: ProfileDownloadTriggerResult.WriteTo(w, version); break;
                case KindEimPackageReceived: w.WriteNull(Tags.Null); break;
                case KindError:
                    if (transferResponse || version == Sgp32Version.V1_0) w.WriteInteger(Tags.Integer, ErrorCode);
                    else
                    {
                        w.Begin(0xA0);
                        if (ErrorTransactionId != null) w.Write(0x80, ErrorTransactionId);
                        w.WriteInteger(Tags.Integer, ErrorCode);
                        w.End();
                    }
                    break;
                default: throw new InvalidOperationException("EimPackageResult kind " + Kind.ToString());
            }
        }

        /// <summary>Decodes one alternative; updates <paramref name="version"/> when the bytes are version-specific.</summary>
        public static EimPackageResult Decode(Tlv c, bool transferResponse, ref Sgp32Version version)
        {
            var res = new EimPackageResult();
            switch (c.Tag)
            {
                case RspTags.EuiccPackage:
                    res.Kind = KindEuiccPackageResult;
                    res.EuiccPackageResult = EsipaDecode.EuiccPackageResultOf(c, ref version);
                    break;
                case Tags.Sequence:
                    {
                        res.Kind = KindEprAndNotifications;
                        var r = c.Children();
                        var epr = r.ReadOptional(RspTags.EuiccPackage);
                        if (epr == null) throw new DerException(DerError.MissingElement, c.ValueOffset, "euiccPackageResult missing in ePRAndNotifications");
                        res.EuiccPackageResult = EsipaDecode.EuiccPackageResultOf(epr, ref version);
                        if (!r.HasMore) throw new DerException(DerError.MissingElement, c.ValueOffset, "notificationList missing");
                        var n = r.Read();
                        if (n.Tag == RspTags.RetrieveNotificationsList)
                        {
                            version = Sgp32Version.V1_0;
                            var l = Sgp32RetrieveNotificationsList.Decode(n);
                            if (l.Kind == Sgp32RetrieveNotificationsList.NotificationList) res.Notifications = l.Notifications;
                            else res.V10NotificationsList = l;
                        }
                        else if (n.Tag == 0xA0)
                        {
                            version = Sgp32Version.V1_2;
                            Sgp32RetrieveNotificationsList.ReadNotifications(n, res.Notifications);
                        }
                        else throw Sgp32Der.Unexpected(n, "ePRAndNotifications");
                        break;
                    }
                case RspTags.IpaEuiccData:
                    res.Kind = KindIpaEuiccDataResponse;
                    res.IpaEuiccDataResponse = IpaEuiccDataResponse.Decode(c, ref version);
                    break;
                case RspTags.ProfileDownloadTrigger:
                    res.Kind = KindProfileDownloadTriggerResult;
                    res.ProfileDownloadTriggerResult = ProfileDownloadTriggerResult.Decode(c, ref version);
                    break;
                case Tags.Null:
                    if (!transferResponse) throw Sgp32Der.Unexpected(c, "EimPackageResult");
                    Sgp32Der.RequireNull(c);
                    res.Kind = KindEimPackageReceived;
                    break;
                case Tags.Integer:
                    res.Kind = KindError;
                    res.ErrorCode = c.AsInt();
                    if (!transferResponse) version = Sgp32Version.V1_0;
                    break;
                case 0xA0:
                    if (transferResponse) throw Sgp32Der.Unexpected(c, "TransferEimPackageResponse");
                    res.Kind = KindError;
                    var tx = c.Find(0x80); if (tx != null) res.ErrorTransactionId = tx.Value();
                    res.ErrorCode = c.Require(Tags.Integer).AsInt();
                    version = Sgp32Version.V1_2;
                    break;
                default: throw Sgp32Der.Unexpected(c, "EimPackageResult");
            }
            return res;
        }
    }

    internal static class EsipaDecode
    {
        /// <summary>EuiccPackageResult plus version evidence (82 in the unsigned error exists only in v1.2).</summary>
        internal static EuiccPackageResult EuiccPackageResultOf(Tlv t, ref Sgp32Version version)
        {
            var r = EuiccPackageResult.Decode(t);
            if (r.Kind == EuiccPackageResult.ErrorUnsigned && r.EimTransactionId != null) version = Sgp32Version.V1_2;
            return r;
        }
    }
}
