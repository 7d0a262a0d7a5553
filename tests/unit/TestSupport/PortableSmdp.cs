using System;
using System.Collections;
using System.Text;
using IotEsim.Euicc.Engine;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Bsp;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;

namespace IotEsim.Tests.TestSupport
{
    /// <summary>One eUICC under test: the real engine over a MemoryStore with the portable crypto, reached only
    /// through ISD-R APDUs.</summary>
    public sealed class PortableEuicc
    {
        public static readonly ICryptoProvider Crypto = new PortableCryptoProvider();
        public readonly MemoryStore Store;
        public readonly EuiccEngine Engine;
        public readonly IsdrApduDriver Apdu;

        public PortableEuicc(IotEsim.Euicc.Identity.EuiccIdentity identity, EuiccOptions options, MemoryStore store)
        {
            Store = store == null ? new MemoryStore() : store;
            Engine = new EuiccEngine(identity, Crypto, Store, options);
            Apdu = new IsdrApduDriver(Engine);
        }

        /// <summary>The eUICC of the P-256 test PKI, fresh store, default options.</summary>
        public static PortableEuicc New() { return new PortableEuicc(PortableTestPki.P256.Identity(), null, null); }

        public PortableEuicc Reboot() { return new PortableEuicc(Engine.Context.Identity, Engine.Context.Options, Store); }

        public byte[] Send(byte[] request) { return Apdu.Send(request); }

        public ProfileInfoListResponse Profiles()
        {
            return ProfileInfoListResponse.Decode(Send(new ProfileInfoListRequest().Encode()));
        }

        public int ProfileOperation(int tag, byte[] iccid, bool refresh)
        {
            var r = new ProfileOperationRequest();
            r.Tag = tag; r.Iccid = iccid; r.RefreshFlag = refresh;
            var t = TlvReader.Parse(Send(r.Encode()));
            return (int)t.Find(0x80).AsInt();
        }
    }

    /// <summary>What to do differently from a clean download.</summary>
    public sealed class PortableDownloadPlan
    {
        public string Iccid = PortableSmdp.Iccid;
        public bool CcRequired;
        /// <summary>Confirmation code the user typed (hashCc sent); null = no hashCc.</summary>
        public string EnteredCode;
        public bool TamperSegmentMac;
        public bool TamperSmdpSignature2;
        /// <summary>otPK.DP.ECKA on this curve instead of CERT.DPpb's (Unknown = DPpb's).</summary>
        public EcCurve OtpkCurve = EcCurve.Unknown;
        public int ProfileClass = ProfileValues.ClassOperational;
    }

    public sealed class PortableDownloadOutcome
    {
        public byte[] TransactionId;
        public AuthenticateServerResponse Auth;
        public PrepareDownloadResponse Prepare;
        public byte[] PirBytes;
        public ProfileInstallationResult Pir;
        public int BppParts, BppPartsSent;
    }

    /// <summary>
    /// The SM-DP+ side of a download, played by the test with the portable protocol core on the PKI's curves:
    /// serverSigned1 + DPauth signature, smdpSigned2 + DPpb signature, BF23 with a fresh otPK.DP.ECKA, BSP keys from
    /// ECKA-DH + X9.63 KDF, a small UPP (header with the ICCID, one filler PE, end PE) in 86 segments; it checks
    /// every eUICC signature with CERT.EUICC on its curve.
    /// </summary>
    public sealed class PortableSmdp
    {
        public const string Address = "testsmdpplus1.example.com";
        public const string Iccid = "8949449999999990023";
        /// <summary>Filler PE size: the UPP then spans three 86 segments.</summary>
        public const int UppFiller = 2500;
        public static readonly byte[] HostId = Hex.Decode("01020304050607080910");
        private static readonly ICryptoProvider C = PortableEuicc.Crypto;

        public readonly PortableTestPki Pki;
        /// <summary>The CI the eUICC is asked to use (euiccCiPKIdToBeUsed); the PKI's own by default.</summary>
        public byte[] CiPkIdToBeUsed;

        public PortableSmdp(PortableTestPki pki) { Pki = pki; CiPkIdToBeUsed = pki.CiPkId; }

        public byte[] SignAuth(byte[] data) { return EcCurveKeys.Sign(C, Pki.DpCurve, Pki.DpAuthKey, data); }
        public byte[] SignPb(byte[] data) { return EcCurveKeys.Sign(C, Pki.DpCurve, Pki.DpPbKey, data); }

        /// <summary>Checks an eUICC signature with the public key and curve of <paramref name="euiccCertificate"/>.</summary>
        public static bool VerifyEuicc(byte[] euiccCertificate, byte[] data, byte[] signature)
        {
            var c = X509Certificate.Parse(euiccCertificate);
            return EcCurveKeys.Verify(C, c.Curve, c.PublicKey, data, signature);
        }

        public AuthenticateServerRequest AuthRequest(byte[] euiccChallenge, byte[] txId)
        {
            var s1 = new ServerSigned1();
            s1.TransactionId = txId;
            s1.EuiccChallenge = euiccChallenge;
            s1.ServerAddress = Address;
            s1.ServerChallenge = Hex.Decode("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF");
            s1.Encode();
            var r = new AuthenticateServerRequest();
            r.ServerSigned1 = s1;
            r.ServerSignature1 = SignAuth(s1.Raw);
            r.EuiccCiPKIdToBeUsed = CiPkIdToBeUsed;
            r.ServerCertificate = Pki.DpAuth;
            var ctx = new CtxParams1();
            ctx.MatchingId = "EUICC-TEST";
            ctx.DeviceInfo = new DeviceInfo();
            ctx.DeviceInfo.Tac = new byte[] { 0x35, 0x29, 0x06, 0x11 };
            r.CtxParams1 = ctx;
            return r;
        }

        public PrepareDownloadRequest PrepareRequest(byte[] txId, byte[] euiccSignature1, bool ccRequired, byte[] hashCc)
        {
            var s2 = new SmdpSigned2();
            s2.TransactionId = txId;
            s2.CcRequiredFlag = ccRequired;
            s2.Encode();
            var r = new PrepareDownloadRequest();
            r.SmdpSigned2 = s2;
            r.SmdpSignature2 = SignPb(Bytes.Concat(s2.Raw, Der.Encode(RspTags.Signature, euiccSignature1)));
            r.HashCc = hashCc;
            r.SmdpCertificate = Pki.DpPb;
            return r;
        }

        /// <summary>hashCc = SHA256(SHA256(code) || transactionId) (docs/decisions.md).</summary>
        public static byte[] HashCc(string code, byte[] txId)
        {
            byte[] b = Encoding.UTF8.GetBytes(code);
            byte[] both = Bytes.Concat(C.Sha256(b, 0, b.Length), txId);
            return C.Sha256(both, 0, both.Length);
        }

        /// <summary>A small UPP: ProfileHeader (ICCID in natural digit order, F-padded), a filler PE of
        /// <paramref name="fillerBytes"/> and the end PE (PE_Definitions tags A0, A1, AA).</summary>
        public static byte[] Upp(string iccid, int fillerBytes)
        {
            var w = new TlvWriter(fillerBytes + 128);
            w.Begin(0xA0).Write(0x80, new byte[] { 2 }).Write(0x81, new byte[] { 3 }).WriteUtf8(0x82, "IotEsim unit")
                .Write(0x83, Hex.Decode(iccid.Length % 2 == 1 ? iccid + "F" : iccid)).End();
            var filler = new byte[fillerBytes];
            for (int i = 0; i < filler.Length; i++) filler[i] = (byte)(i * 7);
            w.Begin(0xA1).Write(0x04, filler).End();
            w.Begin(0xAA).Write(0x80, new byte[] { 0 }).End();
            return w.ToArray();
        }

        public static StoreMetadataRequest Metadata(byte[] iccid, int profileClass)
        {
            var m = new StoreMetadataRequest();
            m.Iccid = iccid;
            m.ServiceProviderName = "IotEsim Test";
            m.ProfileName = "Unit profile";
            m.ProfileClass = profileClass;
            m.NotificationConfigurationInfo = new ArrayList();
            m.NotificationConfigurationInfo.Add(new NotificationConfigurationInfo(NotificationEvent.Enable, Address));
            m.NotificationConfigurationInfo.Add(new NotificationConfigurationInfo(NotificationEvent.Disable, Address));
            m.NotificationConfigurationInfo.Add(new NotificationConfigurationInfo(NotificationEvent.Delete, Address));
            return m;
        }

        /// <summary>The BPP bound to <paramref name="euiccOtpk"/>: BF23 signed with DPpb, ConfigureISDP (87),
        /// StoreMetadata (88), the UPP (86 segments).</summary>
        public byte[] BuildBpp(byte[] txId, byte[] euiccOtpk, byte[] eid, PortableDownloadPlan plan)
        {
            EcCurve otCurve = plan.OtpkCurve == EcCurve.Unknown ? Pki.DpCurve : plan.OtpkCurve;
            var ot = EcCurveKeys.GenerateKeyPair(C, otCurve);
            // The SM-DP+ agrees on its own curve (DPpb's); with a wrong-curve otPK.DP it cannot reach the same secret,
            // which is exactly what the eUICC must notice.
            byte[] shs = otCurve == Pki.DpCurve ? EcCurveKeys.Ecdh(C, Pki.DpCurve, ot.PrivateKey, euiccOtpk) : new byte[32];
            var bsp = new BspSession(C, BspSessionKeys.Derive(C, shs, HostId, eid));
            var isc = new InitialiseSecureChannelRequest();
            isc.TransactionId = txId;
            isc.HostId = HostId;
            isc.SmdpOtpk = ot.PublicKey;
            isc.SmdpSign = SignPb(isc.SignedData(euiccOtpk));
            var b = new BoundProfilePackageBuilder();
            b.InitialiseSecureChannel = isc.Encode();
            byte[] cfg = new ConfigureIsdpRequest().Encode();
            AddAll(b.FirstSequenceOf87, bsp.ProtectSegments(BspSession.TagEncrypted, cfg, 0, cfg.Length, BspSession.MaxPlaintextPerSegment(true)));
            byte[] meta = Metadata(IotEsim.Rsp.Messages.Iccid.ToBytes(plan.Iccid), plan.ProfileClass).Encode();
            AddAll(b.SequenceOf88, bsp.ProtectSegments(BspSession.TagMacOnly, meta, 0, meta.Length, BspSession.MaxPlaintextPerSegment(false)));
            byte[] upp = Upp(plan.Iccid, UppFiller);
            byte[][] segs = bsp.ProtectSegments(BspSession.TagProfileEncrypted, upp, 0, upp.Length, BspSession.MaxPlaintextPerSegment(true));
            if (plan.TamperSegmentMac) segs[1][segs[1].Length - 1] ^= 0x01;
            AddAll(b.SequenceOf86, segs);
            return b.Build();
        }

        private static void AddAll(ArrayList to, byte[][] items)
        {
            for (int i = 0; i < items.Length; i++) to.Add(items[i]);
        }

        /// <summary>GetEuiccChallenge + AuthenticateServer through the APDUs; the response is checked as ES9+
        /// AuthenticateClient would (euiccSignature1 with CERT.EUICC).</summary>
        public AuthenticateServerResponse Authenticate(PortableEuicc e, byte[] txId)
        {
            byte[] challenge = GetEuiccChallenge.Decode(e.Send(GetEuiccChallenge.EncodeRequest())).EuiccChallenge;
            var auth = AuthenticateServerResponse.Decode(e.Send(AuthRequest(challenge, txId).Encode()));
            if (auth.IsOk && !VerifyEuicc(auth.EuiccCertificate, auth.EuiccSigned1.Raw, auth.EuiccSignature1))
                throw new InvalidOperationException("euiccSignature1 does not verify");
            return auth;
        }

        /// <summary>The whole download through the ISD-R APDUs; stops early when a step answers an error.</summary>
        public PortableDownloadOutcome Download(PortableEuicc e, PortableDownloadPlan plan)
        {
            if (plan == null) plan = new PortableDownloadPlan();
            var o = new PortableDownloadOutcome();
            o.TransactionId = C.RandomBytes(16);
            o.Auth = Authenticate(e, o.TransactionId);
            if (!o.Auth.IsOk) return o;
            byte[] hashCc = plan.EnteredCode == null ? null : HashCc(plan.EnteredCode, o.TransactionId);
            var pd = PrepareRequest(o.TransactionId, o.Auth.EuiccSignature1, plan.CcRequired, hashCc);
            if (plan.TamperSmdpSignature2) pd.SmdpSignature2[5] ^= 0x01;
            o.Prepare = PrepareDownloadResponse.Decode(e.Send(pd.Encode()));
            if (!o.Prepare.IsOk) return o;
            byte[] signed2 = Bytes.Concat(o.Prepare.EuiccSigned2.Raw, Der.Encode(RspTags.Signature, pd.SmdpSignature2));
            if (!VerifyEuicc(o.Auth.EuiccCertificate, signed2, o.Prepare.EuiccSignature2))
                throw new InvalidOperationException("euiccSignature2 does not verify");
            byte[] bpp = BuildBpp(o.TransactionId, o.Prepare.EuiccSigned2.EuiccOtpk, e.Engine.Context.Identity.Eid, plan);
            o.BppParts = BoundProfilePackageBuilder.Es10Requests(bpp).Length;
            o.PirBytes = e.Apdu.LoadBoundProfilePackage(bpp);
            o.BppPartsSent = e.Apdu.PartsSent;
            if (o.PirBytes == null) return o;
            o.Pir = ProfileInstallationResult.Decode(o.PirBytes);
            if (!VerifyEuicc(o.Auth.EuiccCertificate, o.Pir.SignedData(), o.Pir.EuiccSignPir))
                throw new InvalidOperationException("euiccSignPIR does not verify");
            return o;
        }
    }
}
