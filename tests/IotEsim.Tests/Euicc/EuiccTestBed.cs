using System;
using System.Collections;
using System.IO;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Euicc.Identity;
using IotEsim.Euicc.State;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Bsp;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Euicc
{
    /// <summary>Test PKIs shared by the eUICC tests (created once per run, valid from yesterday).</summary>
    internal static class EuiccPki
    {
        public const string Eid = "89049032123451234512345678901235";
        private static readonly Lazy<TestPki> _main = new Lazy<TestPki>(() => Make("main"));
        private static readonly Lazy<TestPki> _other = new Lazy<TestPki>(() => Make("other"));

        /// <summary>The PKI the eUICC trusts.</summary>
        public static TestPki Main { get { return _main.Value; } }
        /// <summary>An unrelated PKI (its CI is unknown to the eUICC).</summary>
        public static TestPki Other { get { return _other.Value; } }

        private static TestPki Make(string name)
        {
            string dir = Path.Combine(Path.GetTempPath(), "iotesim-euicc-pki-" + name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            return TestPki.Create(dir, Eid, new[] { TestSmdp.Address }, DateTime.UtcNow.AddDays(-1));
        }

        public static EuiccIdentity Identity(TestPki pki)
        {
            return new EuiccIdentity(pki.Euicc.CertificateDer, pki.Euicc.PrivateKey, pki.Eum.CertificateDer, new[] { pki.Ci.CertificateDer }, null);
        }
    }

    /// <summary>One eUICC (engine + ISD-R applet + IPA-side ES10 channel) over a store.</summary>
    internal sealed class EuiccBed
    {
        public readonly MemoryStore Inner;
        public readonly IStore Store;
        public readonly EuiccEngine Engine;
        public readonly IsdrApplet Card;
        public readonly Es10Channel Es10;

        public EuiccBed(MemoryStore inner, IStore store, EuiccOptions options)
        {
            Inner = inner;
            Store = store;
            if (options == null) options = new EuiccOptions();
            if (options.Clock == null) options.Clock = new FixedClock(DateTime.UtcNow.Ticks);
            Engine = new EuiccEngine(EuiccPki.Identity(EuiccPki.Main), BclCryptoProvider.Instance, store, options);
            Card = new IsdrApplet(Engine);
            Es10 = new Es10Channel(new CardTransport(Card));
            Es10.Open();
        }

        public static EuiccBed New() { var m = new MemoryStore(); return new EuiccBed(m, m, null); }

        public static EuiccBed New(EuiccOptions o) { var m = new MemoryStore(); return new EuiccBed(m, m, o); }

        /// <summary>A fresh engine over the same persistent bytes (a reboot).</summary>
        public EuiccBed Reboot() { return new EuiccBed(Inner, Inner, null); }

        public string IndexHex
        {
            get { var b = Inner.Read(StateStore.IndexKey); return b == null ? "" : Hex.Encode(b); }
        }

        public ProfileInfoListResponse Profiles() { return Es10c.GetProfilesInfo(Es10, null); }

        public ProfileInfo Find(byte[] iccid)
        {
            var l = Profiles();
            for (int i = 0; i < l.Profiles.Count; i++) if (Bytes.Equal(l.Get(i).Iccid, iccid)) return l.Get(i);
            return null;
        }

        /// <summary>Every profile has its image, every notification its body, and no blob is unreferenced.</summary>
        public static void AssertConsistent(IStore store) { AssertConsistent(store, false); }

        /// <param name="orphansAllowed">true right after a power cut: unreferenced blobs are removed at start-up.</param>
        public static void AssertConsistent(IStore store, bool orphansAllowed)
        {
            var idx = store.Read(StateStore.IndexKey);
            var s = idx == null ? new EuiccState() : EuiccState.Decode(idx);
            var referenced = new Hashtable();
            for (int i = 0; i < s.Profiles.Count; i++)
            {
                Assert.IsNotNull(store.Read(s.Profile(i).ImageKey), "profile without image " + s.Profile(i).ImageKey);
                referenced[s.Profile(i).ImageKey] = true;
            }
            for (int i = 0; i < s.Notifications.Count; i++)
            {
                Assert.IsNotNull(store.Read(s.Notification(i).BodyKey), "notification without body");
                referenced[s.Notification(i).BodyKey] = true;
            }
            if (orphansAllowed) return;
            foreach (var prefix in new[] { StateStore.ProfilePrefix, StateStore.NotificationPrefix })
                foreach (var k in store.List(prefix)) Assert.IsTrue(referenced.Contains(k), "orphan " + k);
        }
    }

    /// <summary>What to do differently from a clean download.</summary>
    internal sealed class DownloadPlan
    {
        public bool CcRequired;
        /// <summary>Confirmation code the user typed (hashCc is computed from it); null = no hashCc sent.</summary>
        public string EnteredCode;
        /// <summary>Confirmation code of the order on the SM-DP+.</summary>
        public string OrderCode;
        public byte[] MetadataIccid;
        public bool TamperSegmentMac;
        public bool TamperSmdpSign;
        /// <summary>Number of ES10 LoadBoundProfilePackage requests to send before stopping (-1 = all).</summary>
        public int StopAfterRequests = -1;
        public int ProfileClass = ProfileValues.ClassOperational;
        public bool SendPartsDirectly;
        /// <summary>ICCID of the profile (metadata and UPP header); null = <see cref="TestSmdp.Iccid"/>.</summary>
        public string Iccid;
        /// <summary>profilePolicyRules (pprIds) and profileOwner in StoreMetadata; null = none.</summary>
        public BitString Ppr;
        public OperatorId Owner;
        /// <summary>Extra notificationConfigurationInfo entries (to make StoreMetadata large).</summary>
        public int ExtraNotificationAddresses;
    }

    internal sealed class DownloadOutcome
    {
        public byte[] TransactionId;
        public AuthenticateServerResponse Auth;
        public PrepareDownloadResponse Prepare;
        /// <summary>Set when the test SM-DP+ refused to go on (e.g. wrong hashCc).</summary>
        public string Refused;
        public byte[] PirBytes;
        public ProfileInstallationResult Pir;
        /// <summary>How much of the BPP the IPA read before the PIR came back, and the BPP's size.</summary>
        public long BppBytesRead, BppLength;
    }

    /// <summary>
    /// An SM-DP+ played by the test with the protocol core: serverSigned1 + DPauth signature, smdpSigned2 +
    /// DPpb signature, BF23 with a fresh otPK.DP, BSP session keys from ECDH + KDF, the UPP in ≤1020-byte 86 segments.
    /// </summary>
    internal sealed class TestSmdp
    {
        public const string Address = "testsmdpplus1.example.com";
        public const string Iccid = "8949449999999990023";
        public static readonly byte[] HostId = Hex.Decode("01020304050607080910");

        public static byte[] Upp { get { return TestData.Bytes("upp/TS48V1-A-UNIQUE.der"); } }

        /// <summary>The TS.48 UPP with its ProfileHeader ICCID (natural digit order, F-padded) replaced.</summary>
        public static byte[] UppFor(string iccid)
        {
            byte[] upp = Upp;
            if (iccid == Iccid) return upp;
            byte[] from = Hex.Decode(Iccid + "F"), to = Hex.Decode(iccid.Length % 2 == 1 ? iccid + "F" : iccid);
            Assert.AreEqual(from.Length, to.Length);
            int at = -1;
            for (int i = 0; i + from.Length <= upp.Length && at < 0; i++)
                if (Bytes.Equal(Bytes.Slice(upp, i, from.Length), from)) at = i;
            Assert.IsTrue(at > 0 && at < 200, "header ICCID not found");
            Array.Copy(to, 0, upp, at, to.Length);
            return upp;
        }

        private static readonly ICryptoProvider C = BclCryptoProvider.Instance;
        public readonly TestPki Pki;

        public TestSmdp() : this(EuiccPki.Main) { }
        public TestSmdp(TestPki pki) { Pki = pki; }

        public static byte[] Sign(byte[] key, byte[] data) { return C.EcdsaSignHash(key, C.Sha256(data, 0, data.Length)); }

        public static bool Verify(byte[] pk, byte[] data, byte[] sig) { return C.EcdsaVerifyHash(pk, C.Sha256(data, 0, data.Length), sig); }

        public static CtxParams1 Ctx()
        {
            var c = new CtxParams1();
            c.MatchingId = "EUICC-TEST";
            c.DeviceInfo = new DeviceInfo();
            c.DeviceInfo.Tac = new byte[] { 0x35, 0x29, 0x06, 0x11 };
            return c;
        }

        /// <summary>AuthenticateServerRequest answering <paramref name="euiccChallenge"/>, signed with DPauth.</summary>
        public AuthenticateServerRequest AuthRequest(byte[] euiccChallenge, byte[] txId)
        {
            var s1 = new ServerSigned1();
            s1.TransactionId = txId;
            s1.EuiccChallenge = euiccChallenge;
            s1.ServerAddress = Address;
            s1.ServerChallenge = C.RandomBytes(16);
            s1.Encode();
            var r = new AuthenticateServerRequest();
            r.ServerSigned1 = s1;
            r.ServerSignature1 = Sign(Pki.DpAuth.PrivateKey, s1.Raw);
            r.EuiccCiPKIdToBeUsed = EuiccPki.Main.CiPkId;
            r.ServerCertificate = Pki.DpAuth.CertificateDer;
            r.CtxParams1 = Ctx();
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
            r.SmdpSignature2 = Sign(Pki.DpPb.PrivateKey, Bytes.Concat(s2.Raw, Der.Encode(RspTags.Signature, euiccSignature1)));
            r.HashCc = hashCc;
            r.SmdpCertificate = Pki.DpPb.CertificateDer;
            return r;
        }

        public static byte[] HashCc(string code, byte[] txId)
        {
            byte[] inner = C.Sha256(System.Text.Encoding.ASCII.GetBytes(code), 0, code.Length);
            byte[] both = Bytes.Concat(inner, txId);
            return C.Sha256(both, 0, both.Length);
        }

        public static StoreMetadataRequest Metadata(byte[] iccid, int profileClass)
        {
            var m = new StoreMetadataRequest();
            m.Iccid = iccid;
            m.ServiceProviderName = "IotEsim Test";
            m.ProfileName = "TS48 v1 A";
            m.ProfileClass = profileClass;
            m.NotificationConfigurationInfo = new ArrayList();
            m.NotificationConfigurationInfo.Add(new NotificationConfigurationInfo(NotificationEvent.Enable, Address));
            m.NotificationConfigurationInfo.Add(new NotificationConfigurationInfo(NotificationEvent.Disable, Address));
            m.NotificationConfigurationInfo.Add(new NotificationConfigurationInfo(NotificationEvent.Delete, Address));
            return m;
        }

        /// <summary>The BPP bound to <paramref name="euiccOtpk"/>, with the plan's tampering applied.</summary>
        public byte[] BuildBpp(byte[] txId, byte[] euiccOtpk, byte[] eid, DownloadPlan plan)
        {
            var ot = C.GenerateKeyPair();
            byte[] shs = C.Ecdh(ot.PrivateKey, euiccOtpk);
            var bsp = new BspSession(C, BspSessionKeys.Derive(C, shs, HostId, eid));
            var isc = new InitialiseSecureChannelRequest();
            isc.TransactionId = txId;
            isc.HostId = HostId;
            isc.SmdpOtpk = ot.PublicKey;
            isc.SmdpSign = Sign(Pki.DpPb.PrivateKey, isc.SignedData(euiccOtpk));
            if (plan.TamperSmdpSign) isc.SmdpSign[10] ^= 0x01;
            var b = new BoundProfilePackageBuilder();
            b.InitialiseSecureChannel = isc.Encode();
            byte[] cfg = new ConfigureIsdpRequest().Encode();
            b.FirstSequenceOf87.AddRange(bsp.ProtectSegments(BspSession.TagEncrypted, cfg, 0, cfg.Length, BspSession.MaxPlaintextPerSegment(true)));
            string iccid = plan.Iccid != null ? plan.Iccid : Iccid;
            var md = Metadata(plan.MetadataIccid != null ? plan.MetadataIccid : Rsp.Messages.Iccid.ToBytes(iccid), plan.ProfileClass);
            md.ProfilePolicyRules = plan.Ppr;
            md.ProfileOwner = plan.Owner;
            for (int i = 0; i < plan.ExtraNotificationAddresses; i++)
                md.NotificationConfigurationInfo.Add(new NotificationConfigurationInfo(NotificationEvent.Enable, "notifications-" + i.ToString() + ".example.com"));
            byte[] meta = md.Encode();
            b.SequenceOf88.AddRange(bsp.ProtectSegments(BspSession.TagMacOnly, meta, 0, meta.Length, BspSession.MaxPlaintextPerSegment(false)));
            byte[] upp = UppFor(iccid);
            var segs = bsp.ProtectSegments(BspSession.TagProfileEncrypted, upp, 0, upp.Length, BspSession.MaxPlaintextPerSegment(true));
            foreach (var s in segs) Assert.IsTrue(s.Length <= 1020, "segment of " + s.Length.ToString() + " bytes");
            if (plan.TamperSegmentMac) segs[1][segs[1].Length - 1] ^= 0x01;
            b.SequenceOf86.AddRange(segs);
            return b.Build();
        }

        /// <summary>Plays the whole download through the IPA's ES10 client against <paramref name="es10"/>.</summary>
        public DownloadOutcome Download(Es10Channel es10, byte[] eid, DownloadPlan plan)
        {
            if (plan == null) plan = new DownloadPlan();
            var o = new DownloadOutcome();
            byte[] challenge = Es10b.GetEuiccChallenge(es10);
            Assert.AreEqual(16, challenge.Length);
            o.TransactionId = C.RandomBytes(16);
            Es10b.AuthenticateServer(es10, AuthRequest(challenge, o.TransactionId), out o.Auth);
            Assert.IsTrue(o.Auth.IsOk, "AuthenticateServer error " + o.Auth.ErrorCode.ToString());
            // The SM-DP+ checks euiccSignature1 with CERT.EUICC (ES9+.AuthenticateClient).
            var euiccPk = X509Certificate.Parse(o.Auth.EuiccCertificate).PublicKey;
            Assert.IsTrue(Verify(euiccPk, o.Auth.EuiccSigned1.Raw, o.Auth.EuiccSignature1), "euiccSignature1");
            Assert.AreEqual(Hex.Encode(o.TransactionId), Hex.Encode(o.Auth.EuiccSigned1.TransactionId));
            Assert.AreEqual(Address, o.Auth.EuiccSigned1.ServerAddress);
            Assert.AreEqual("EUICC-TEST", o.Auth.EuiccSigned1.CtxParams1.MatchingId);

            byte[] hashCc = plan.EnteredCode == null ? null : HashCc(plan.EnteredCode, o.TransactionId);
            var pdReq = PrepareRequest(o.TransactionId, o.Auth.EuiccSignature1, plan.CcRequired, hashCc);
            Es10b.PrepareDownload(es10, pdReq, out o.Prepare);
            if (!o.Prepare.IsOk) { o.Refused = "prepareDownload " + o.Prepare.ErrorCode.ToString(); return o; }
            // ES9+.GetBoundProfilePackage: euiccSignature2 over euiccSigned2 || 5F37 smdpSignature2, then hashCc.
            Assert.IsTrue(Verify(euiccPk, Bytes.Concat(o.Prepare.EuiccSigned2.Raw, Der.Encode(RspTags.Signature, pdReq.SmdpSignature2)), o.Prepare.EuiccSignature2), "euiccSignature2");
            if (plan.CcRequired)
            {
                byte[] expected = HashCc(plan.OrderCode, o.TransactionId);
                if (o.Prepare.EuiccSigned2.HashCc == null || !Bytes.Equal(expected, o.Prepare.EuiccSigned2.HashCc))
                {
                    o.Refused = "confirmation code refused";
                    CancelSessionResponse cancel;
                    Es10b.CancelSession(es10, o.TransactionId, CancelSessionReason.EndUserRejection, out cancel);
                    return o;
                }
            }
            byte[] bpp = BuildBpp(o.TransactionId, o.Prepare.EuiccSigned2.EuiccOtpk, eid, plan);
            if (plan.StopAfterRequests >= 0)
            {
                var reqs = BoundProfilePackageBuilder.Es10Requests(bpp);
                for (int i = 0; i < plan.StopAfterRequests; i++) Assert.AreEqual(0, es10.Transceive(reqs[i]).Length, "early answer to part " + i.ToString());
                return o;
            }
            if (plan.SendPartsDirectly)
            {
                // Part by part without the IPA (a test of the card's own early answer).
                var reqs = BoundProfilePackageBuilder.Es10Requests(bpp);
                for (int i = 0; i < reqs.Length && o.PirBytes == null; i++)
                {
                    byte[] r = es10.Transceive(reqs[i]);
                    if (r.Length > 0) o.PirBytes = r;
                }
                Assert.IsNotNull(o.PirBytes, "no PIR after the last part");
            }
            else
            {
                // The real IPA client: it stops at the eUICC's early error PIR (sent in answer to a segment in the
                // middle of a sequence) and returns it instead of sending the rest.
                var stream = new MemoryStream(bpp, false);
                o.PirBytes = LoadBoundProfilePackage.Execute(es10, stream, null);
                o.BppBytesRead = stream.Position;
                o.BppLength = bpp.Length;
            }
            o.Pir = ProfileInstallationResult.Decode(o.PirBytes);
            byte[] signed = o.Pir.SignedData();
            Assert.IsTrue(Verify(euiccPk, signed, o.Pir.EuiccSignPir), "euiccSignPIR");
            Assert.AreEqual(Hex.Encode(o.TransactionId), Hex.Encode(o.Pir.Data.TransactionId));
            return o;
        }
    }
}
