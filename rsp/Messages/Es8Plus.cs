using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages
{
    /// <summary>
    /// ES8+.InitialiseSecureChannel (SGP.22 §5.5.1), first element of the BPP:
    /// <c>BF23 {82 remoteOpId, 80 txId, A6 {80 keyType, 81 keyLen, 84 hostId}, 5F49 smdpOtpk, 5F37 smdpSign}</c>.
    /// </summary>
    public sealed class InitialiseSecureChannelRequest
    {
        public const int InstallBoundProfilePackage = 1;
        public const int KeyTypeAes = 0x88;

        public int RemoteOpId = InstallBoundProfilePackage;
        public byte[] TransactionId;
        public int KeyType = KeyTypeAes;
        public int KeyLength = 16;
        public byte[] HostId;
        public byte[] SmdpOtpk;     // 65-byte uncompressed point
        public byte[] SmdpSign;     // 64 bytes r||s
        /// <summary>The elements before smdpSign (82 .. 5F49) as received or last encoded.</summary>
        private byte[] _signedPart;

        /// <summary>The bytes smdpSign covers: <c>82 remoteOpId || 80 txId || A6 CRT || 5F49 smdpOtpk || 5F49 euiccOtpk</c>
        /// (§5.5.1; the euiccOtpk is the one the eUICC returned in PrepareDownload).</summary>
        public byte[] SignedData(byte[] euiccOtpk)
        {
            if (_signedPart == null) _signedPart = EncodeSignedPart();
            return Bytes.Concat(_signedPart, Der.Encode(RspTags.OneTimePublicKey, euiccOtpk));
        }

        private byte[] EncodeSignedPart()
        {
            if (TransactionId == null || HostId == null || SmdpOtpk == null) throw RspDer.Missing("InitialiseSecureChannelRequest element");
            var w = new TlvWriter();
            w.WriteInteger(RspTags.RemoteOpId, RemoteOpId);
            w.Write(0x80, TransactionId);
            w.Begin(RspTags.ControlReferenceTemplate)
                .Write(0x80, new byte[] { (byte)KeyType }).Write(0x81, new byte[] { (byte)KeyLength }).Write(0x84, HostId).End();
            w.Write(RspTags.OneTimePublicKey, SmdpOtpk);
            return w.ToArray();
        }

        public byte[] Encode()
        {
            if (SmdpSign == null) throw RspDer.Missing("smdpSign");
            if (_signedPart == null) _signedPart = EncodeSignedPart();
            var w = new TlvWriter(256);
            return w.Begin(RspTags.InitialiseSecureChannel).WriteRaw(_signedPart).Write(RspTags.Signature, SmdpSign).End().ToArray();
        }

        /// <summary>Drops the cached encoding after fields were changed.</summary>
        public void Invalidate() { _signedPart = null; }

        public static InitialiseSecureChannelRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.InitialiseSecureChannel)); }

        public static InitialiseSecureChannelRequest Decode(Tlv t)
        {
            t.Expect(RspTags.InitialiseSecureChannel);
            var f = new SequenceFields(t, new int[] { RspTags.RemoteOpId, 0x80, RspTags.ControlReferenceTemplate, RspTags.OneTimePublicKey, RspTags.Signature });
            var r = new InitialiseSecureChannelRequest();
            r.RemoteOpId = RspDer.Int(f.Require(RspTags.RemoteOpId));
            r.TransactionId = RspDer.Octets(f.Require(0x80), 1, 16);
            var crt = new SequenceFields(f.Require(RspTags.ControlReferenceTemplate), new int[] { 0x80, 0x81, 0x84 });
            r.KeyType = RspDer.Octets(crt.Require(0x80), 1)[0];
            r.KeyLength = RspDer.Octets(crt.Require(0x81), 1)[0];
            r.HostId = RspDer.Octets(crt.Require(0x84), 1, 16);
            var otpk = f.Require(RspTags.OneTimePublicKey);
            r.SmdpOtpk = RspDer.Octets(otpk, 0);
            var sig = f.Require(RspTags.Signature);
            r.SmdpSign = RspDer.Octets(sig, 0);
            // Signed part: everything from the first element up to the signature, as received.
            r._signedPart = Bytes.Slice(t.Buffer, t.ValueOffset, sig.Offset - t.ValueOffset);
            return r;
        }
    }

    /// <summary>ES8+.ConfigureISDP (§5.5.2): <c>BF24 {[B8 dpProprietaryData]}</c>.</summary>
    public sealed class ConfigureIsdpRequest
    {
        /// <summary>Content of B8 (<c>06 dpOid ...</c>), or null.</summary>
        public byte[] DpProprietaryData;

        public byte[] Encode()
        {
            var w = new TlvWriter();
            w.Begin(RspTags.ConfigureIsdp);
            if (DpProprietaryData != null) w.Write(RspTags.DpProprietaryData, DpProprietaryData);
            return w.End().ToArray();
        }

        public static ConfigureIsdpRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.ConfigureIsdp)); }

        public static ConfigureIsdpRequest Decode(Tlv t)
        {
            t.Expect(RspTags.ConfigureIsdp);
            var f = new SequenceFields(t, new int[] { RspTags.DpProprietaryData });
            var r = new ConfigureIsdpRequest();
            var d = f.Optional(RspTags.DpProprietaryData);
            if (d != null)
            {
                if (!d.IsConstructed) throw new DerException(DerError.UnexpectedTag, d.Offset, "dpProprietaryData must be constructed");
                r.DpProprietaryData = d.Value();
            }
            return r;
        }
    }

    /// <summary>ES8+.StoreMetadata (§5.5.3), also ES9+ profileMetadata: <c>BF25 {5A iccid, 91 spName, 92 profileName,
    /// [93 iconType], [94 icon], [95 profileClass], [B6 notificationConfigurationInfo], [B7 profileOwner], [99 ppr]}</c>.
    /// Unknown elements (later versions add e.g. B8) are kept raw in place.</summary>
    public sealed class StoreMetadataRequest
    {
        private static readonly int[] Schema =
        {
            RspTags.Iccid, RspTags.ServiceProviderName, RspTags.ProfileName, RspTags.IconType, RspTags.Icon,
            RspTags.ProfileClass, RspTags.NotificationConfigurationInfo, RspTags.ProfileOwner, RspTags.ProfilePolicyRules,
        };

        public byte[] Iccid;
        public string ServiceProviderName;
        public string ProfileName;
        public int IconType = -1;
        public byte[] Icon;
        /// <summary>-1 = absent (operational).</summary>
        public int ProfileClass = -1;
        /// <summary>ArrayList of <see cref="NotificationConfigurationInfo"/>, or null.</summary>
        public ArrayList NotificationConfigurationInfo;
        public OperatorId ProfileOwner;
        public BitString ProfilePolicyRules;
        public ExtensionList Extensions = new ExtensionList();

        public byte[] Encode()
        {
            if (Iccid == null || ServiceProviderName == null || ProfileName == null) throw RspDer.Missing("StoreMetadataRequest element");
            var w = new TlvWriter(256);
            w.Begin(RspTags.StoreMetadata);
            Extensions.WriteAfter(w, 0);
            for (int i = 0; i < Schema.Length; i++)
            {
                int tag = Schema[i];
                switch (tag)
                {
                    case RspTags.Iccid: w.Write(tag, Iccid); break;
                    case RspTags.ServiceProviderName: w.WriteUtf8(tag, ServiceProviderName); break;
                    case RspTags.ProfileName: w.WriteUtf8(tag, ProfileName); break;
                    case RspTags.IconType: if (IconType >= 0) w.WriteInteger(tag, IconType); break;
                    case RspTags.Icon: if (Icon != null) w.Write(tag, Icon); break;
                    case RspTags.ProfileClass: if (ProfileClass >= 0) w.WriteInteger(tag, ProfileClass); break;
                    case RspTags.NotificationConfigurationInfo: if (NotificationConfigurationInfo != null) Messages.NotificationConfigurationInfo.WriteList(w, tag, NotificationConfigurationInfo); break;
                    case RspTags.ProfileOwner: if (ProfileOwner != null) ProfileOwner.Write(w, tag); break;
                    case RspTags.ProfilePolicyRules: if (ProfilePolicyRules != null) ProfilePolicyRules.Write(w, tag); break;
                }
                Extensions.WriteAfter(w, tag);
            }
            Extensions.WriteOrphans(w, Schema);
            return w.End().ToArray();
        }

        public static StoreMetadataRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.StoreMetadata)); }

        public static StoreMetadataRequest Decode(Tlv t)
        {
            t.Expect(RspTags.StoreMetadata);
            var f = new SequenceFields(t, Schema);
            var r = new StoreMetadataRequest();
            r.Iccid = RspDer.Octets(f.Require(RspTags.Iccid), 10);
            r.ServiceProviderName = RspDer.Utf8(f.Require(RspTags.ServiceProviderName));
            r.ProfileName = RspDer.Utf8(f.Require(RspTags.ProfileName));
            var x = f.Optional(RspTags.IconType); if (x != null) r.IconType = RspDer.Int(x);
            x = f.Optional(RspTags.Icon); if (x != null) r.Icon = RspDer.Octets(x, 0, 1024);
            x = f.Optional(RspTags.ProfileClass); if (x != null) r.ProfileClass = RspDer.Int(x);
            x = f.Optional(RspTags.NotificationConfigurationInfo); if (x != null) r.NotificationConfigurationInfo = Messages.NotificationConfigurationInfo.DecodeList(x);
            x = f.Optional(RspTags.ProfileOwner); if (x != null) r.ProfileOwner = OperatorId.Decode(x);
            x = f.Optional(RspTags.ProfilePolicyRules); if (x != null) r.ProfilePolicyRules = BitString.Decode(x);
            r.Extensions = f.Extensions();
            return r;
        }
    }

    /// <summary>ES8+.ReplaceSessionKeys (§5.5.4): <c>BF26 {80 initialMacChainingValue, 81 ppkEnc, 82 ppkCmac}</c>.</summary>
    public sealed class ReplaceSessionKeysRequest
    {
        public byte[] InitialMacChainingValue;
        public byte[] PpkEnc;
        public byte[] PpkCmac;

        public byte[] Encode()
        {
            if (InitialMacChainingValue == null || PpkEnc == null || PpkCmac == null) throw RspDer.Missing("ReplaceSessionKeysRequest element");
            var w = new TlvWriter();
            return w.Begin(RspTags.ReplaceSessionKeys).Write(0x80, InitialMacChainingValue).Write(0x81, PpkEnc).Write(0x82, PpkCmac).End().ToArray();
        }

        public static ReplaceSessionKeysRequest Decode(byte[] data) { return Decode(RspDer.Parse(data, RspTags.ReplaceSessionKeys)); }

        public static ReplaceSessionKeysRequest Decode(Tlv t)
        {
            t.Expect(RspTags.ReplaceSessionKeys);
            var f = new SequenceFields(t, new int[] { 0x80, 0x81, 0x82 });
            var r = new ReplaceSessionKeysRequest();
            r.InitialMacChainingValue = RspDer.Octets(f.Require(0x80), 16);
            r.PpkEnc = RspDer.Octets(f.Require(0x81), 16);
            r.PpkCmac = RspDer.Octets(f.Require(0x82), 16);
            return r;
        }
    }

    /// <summary>
    /// Assembles a BoundProfilePackage (SGP.22 §2.5.4, §5.5) for the test SM-DP+ from already protected
    /// segments: <c>BF36 {BF23, A0 {87..}, A1 {88..}, [A2 {87..}], A3 {86..}}</c>. Segments are complete TLVs
    /// (tag 87/88/86, length, ciphertext+MAC) as produced by the BSP layer. Also cuts a BPP into the ES10
    /// LoadBoundProfilePackage requests the way LPAs send it (§2.5.5; see the es9plus-download capture).
    /// </summary>
    public sealed class BoundProfilePackageBuilder
    {
        public byte[] InitialiseSecureChannel;       // complete BF23 TLV
        public ArrayList FirstSequenceOf87 = new ArrayList();   // byte[] 87 TLVs (ConfigureISDP)
        public ArrayList SequenceOf88 = new ArrayList();        // byte[] 88 TLVs (StoreMetadata)
        /// <summary>byte[] 87 TLVs (ReplaceSessionKeys); null = no A2.</summary>
        public ArrayList SecondSequenceOf87;
        public ArrayList SequenceOf86 = new ArrayList();        // byte[] 86 TLVs (profile data)

        public byte[] Build()
        {
            if (InitialiseSecureChannel == null) throw RspDer.Missing("InitialiseSecureChannelRequest");
            int size = InitialiseSecureChannel.Length + Total(FirstSequenceOf87) + Total(SequenceOf88) + Total(SecondSequenceOf87) + Total(SequenceOf86) + 32;
            var w = new TlvWriter(size);
            w.Begin(RspTags.BoundProfilePackage);
            w.WriteRaw(InitialiseSecureChannel);
            WriteSeq(w, RspTags.BppFirstSequenceOf87, FirstSequenceOf87, RspTags.BspEncryptedAndMac);
            WriteSeq(w, RspTags.BppSequenceOf88, SequenceOf88, RspTags.BspMacOnly);
            if (SecondSequenceOf87 != null) WriteSeq(w, RspTags.BppSecondSequenceOf87, SecondSequenceOf87, RspTags.BspEncryptedAndMac);
            WriteSeq(w, RspTags.BppSequenceOf86, SequenceOf86, RspTags.BspProfileSegment);
            return w.End().ToArray();
        }

        private static int Total(ArrayList l)
        {
            int n = 0;
            if (l != null) for (int i = 0; i < l.Count; i++) n += ((byte[])l[i]).Length;
            return n;
        }

        private static void WriteSeq(TlvWriter w, int tag, ArrayList segs, int segTag)
        {
            w.Begin(tag);
            for (int i = 0; i < segs.Count; i++)
            {
                var s = (byte[])segs[i];
                var t = TlvReader.Parse(s);
                if (t.Tag != segTag) throw new DerException(DerError.UnexpectedTag, 0, "segment " + Tags.Name(t.Tag) + " in " + Tags.Name(tag));
                w.WriteRaw(s);
            }
            w.End();
        }

        /// <summary>
        /// The ES10 LoadBoundProfilePackage requests for a complete BPP, in order: BF36 header with the whole BF23;
        /// the whole A0; the A1 header; each 88; the whole A2 (if any); the A3 header; each 86. Each is then sent
        /// as its own STORE DATA sequence.
        /// </summary>
        public static byte[][] Es10Requests(byte[] bpp)
        {
            var root = RspDer.Parse(bpp, RspTags.BoundProfilePackage);
            var parts = new ArrayList();
            var r = root.Children();
            var isc = AuthenticateServerRequest.Next(r, root, RspTags.InitialiseSecureChannel);
            parts.Add(Bytes.Slice(bpp, root.Offset, isc.End - root.Offset));
            parts.Add(AuthenticateServerRequest.Next(r, root, RspTags.BppFirstSequenceOf87).Encoded());
            AddHeaderAndItems(parts, AuthenticateServerRequest.Next(r, root, RspTags.BppSequenceOf88), RspTags.BspMacOnly);
            var next = AuthenticateServerRequest.Next(r, root, PeekTag(r));
            if (next.Tag == RspTags.BppSecondSequenceOf87)
            {
                parts.Add(next.Encoded());
                next = AuthenticateServerRequest.Next(r, root, RspTags.BppSequenceOf86);
            }
            next.Expect(RspTags.BppSequenceOf86);
            AddHeaderAndItems(parts, next, RspTags.BspProfileSegment);
            if (r.HasMore) throw new DerException(DerError.TrailingData, r.Position, "element after A3 in BF36");
            var a = new byte[parts.Count][];
            for (int i = 0; i < a.Length; i++) a[i] = (byte[])parts[i];
            return a;
        }

        private static int PeekTag(TlvReader r)
        {
            return r.HasMore ? r.Peek().Tag : RspTags.BppSequenceOf86;
        }

        private static void AddHeaderAndItems(ArrayList parts, Tlv seq, int itemTag)
        {
            parts.Add(Bytes.Slice(seq.Buffer, seq.Offset, seq.HeaderLength));
            var items = RspDer.SequenceOf(seq, itemTag);
            for (int i = 0; i < items.Length; i++) parts.Add(items[i].Encoded());
        }
    }
}
