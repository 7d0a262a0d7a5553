using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Ipa.Desktop;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Servers.SmDp;
using IotEsim.Servers.Storage;
using IotEsim.Tests.Euicc;
using IotEsim.Tests.Servers;
using IotEsim.Tests.SmDp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Security
{
    /// <summary>
    /// The security checks of the stack in one place. Every case is refused with the spec's error and leaves no state change
    /// (eUICC index bytes, SM-DP+ order/session rows, fleet device rows compared before/after):
    /// <list type="bullet">
    /// <item>eIM packages at the eUICC: replayed package (replayError, counter kept), package for another EID (invalidEid)
    ///   — also covered on captures by EuiccSgp32Desktop.Sgp32CaptureTests;</item>
    /// <item>foreign CI: a server chain from another CI at the eUICC (ciPKUnknown); an eUICC chain from another CI at the
    ///   SM-DP+ (8.11.1/3.9 CI Public Key unknown, order untouched);</item>
    /// <item>expired CERT.DPauth at the eUICC (invalidCertificate); wrong policy: CERT.DPpb offered where CERT.DPauth is
    ///   required (invalidOid);</item>
    /// <item>tampered BPP segment MAC: signed error PIR, nothing installed — also Euicc.EuiccBppErrorTests;</item>
    /// <item>fleet API without a key, with an unknown key and with a revoked key: 401 problem+json (docs/fleet-api.md has no
    ///   403: keys carry no scopes), nothing created;</item>
    /// <item>TLS: HttpClientTransport refuses an SM-DP+ whose certificate does not chain to the configured CA;</item>
    /// <item>ES9+: unknown transactionId (8.10.1/3.9), a matching ID bound to another eUICC's session and a spent matching
    ///   ID (8.2.6/3.8); confirmation code retries exhausted (8.2.7/3.8 then 8.2.7/6.4, order locked).</item>
    /// </list>
    /// </summary>
    [TestClass]
    public class SecuritySuiteTests
    {
        // ---------------- eUICC side ----------------

        private static EimConfigurationData EimConfig(TestPki pki)
        {
            var cfg = new EimConfigurationData();
            cfg.EimId = "eim.security";
            cfg.HasAssociationToken = true;
            cfg.AssociationToken = -1;
            cfg.EimPublicKeyKind = EimConfigurationData.KeyCertificate;
            cfg.EimPublicKeyData = pki.Eim.CertificateDer;
            return cfg;
        }

        private static byte[] SignedPackage(TestPki pki, byte[] eid, long counter, Psmo psmo)
        {
            var c = BclCryptoProvider.Instance;
            var p = new EuiccPackageRequest();
            p.EimId = "eim.security";
            p.Eid = eid;
            p.CounterValue = counter;
            p.Psmos.Add(psmo);
            var input = p.SignedDataToVerify(1);
            p.EimSignature = c.EcdsaSignHash(pki.Eim.PrivateKey, c.Sha256(input, 0, input.Length));
            return p.Encode();
        }

        private static EuiccBed BedWithEimAndProfile(out byte[] iccid)
        {
            var bed = EuiccBed.New();
            var add = new AddInitialEimRequest();
            add.EimConfigurations.Add(EimConfig(EuiccPki.Main));
            Es10bIot.AddInitialEim(bed.Es10, add);
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, null);
            Assert.IsTrue(o.Pir.Data.Success);
            iccid = Iccid.ToBytes(TestSmdp.Iccid);
            return bed;
        }

        [TestMethod]
        public void EimPackage_Replayed_IsReplayError_NothingExecuted()
        {
            var bed = BedWithEimAndProfile(out var iccid);
            byte[] pkg = SignedPackage(EuiccPki.Main, bed.Engine.Context.Identity.Eid, 1, Psmo.NewEnable(iccid, false));
            var first = EuiccPackageResult.Decode(Es10bIot.LoadEuiccPackage(bed.Es10, pkg));
            Assert.AreEqual(EuiccPackageResult.ResultSigned, first.Kind);
            Assert.AreEqual(ProfileValues.StateEnabled, bed.Find(iccid).ProfileState);
            // Put the card back where a replay would make a difference.
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.DisableProfile(bed.Es10, iccid, false));
            string before = bed.IndexHex;

            var replay = EuiccPackageResult.Decode(Es10bIot.LoadEuiccPackage(bed.Es10, pkg));
            Assert.AreEqual(EuiccPackageResult.ErrorSigned, replay.Kind);
            Assert.AreEqual(EuiccPackageErrorCode.ReplayError, replay.ErrorCode);
            Assert.AreEqual(ProfileValues.StateDisabled, bed.Find(iccid).ProfileState, "not executed again");
            var counter = ((EimConfigurationData)Es10bIot.GetEimConfigurationData(bed.Es10).EimConfigurations[0]).CounterValue;
            Assert.AreEqual(1L, counter, "counter kept");
            Assert.AreEqual(before, bed.IndexHex, "no state change");
        }

        [TestMethod]
        public void EimPackage_ForAnotherEid_IsInvalidEid_NothingExecuted()
        {
            var bed = BedWithEimAndProfile(out var iccid);
            string before = bed.IndexHex;
            var otherEid = Hex.Decode("89049032123451234512345678901299");
            var r = EuiccPackageResult.Decode(Es10bIot.LoadEuiccPackage(bed.Es10, SignedPackage(EuiccPki.Main, otherEid, 1, Psmo.NewEnable(iccid, false))));
            Assert.AreEqual(EuiccPackageResult.ErrorSigned, r.Kind);
            Assert.AreEqual(EuiccPackageErrorCode.InvalidEid, r.ErrorCode);
            Assert.AreEqual(ProfileValues.StateDisabled, bed.Find(iccid).ProfileState);
            Assert.AreEqual(before, bed.IndexHex, "no state change");
        }

        private static int AuthenticateServerError(Es10Channel es10, AuthenticateServerRequest req)
        {
            Es10b.AuthenticateServer(es10, req, out var resp);
            Assert.IsFalse(resp.IsOk, "AuthenticateServer accepted");
            return resp.ErrorCode;
        }

        [TestMethod]
        public void ServerChainFromAnotherCi_IsRefusedByTheEuicc()
        {
            var bed = EuiccBed.New();
            string before = bed.IndexHex;
            var foreign = new TestSmdp(EuiccPki.Other);
            // Names our CI but presents a DPauth certificate issued by the other CI ...
            var req = foreign.AuthRequest(Es10b.GetEuiccChallenge(bed.Es10), BclCryptoProvider.Instance.RandomBytes(16));
            Assert.AreEqual(AuthenticateErrorCode.CiPKUnknown, AuthenticateServerError(bed.Es10, req));
            // ... or names the other CI outright.
            req = foreign.AuthRequest(Es10b.GetEuiccChallenge(bed.Es10), BclCryptoProvider.Instance.RandomBytes(16));
            req.EuiccCiPKIdToBeUsed = EuiccPki.Other.CiPkId;
            Assert.AreEqual(AuthenticateErrorCode.CiPKUnknown, AuthenticateServerError(bed.Es10, req));
            Assert.AreEqual(before, bed.IndexHex);
            Assert.AreEqual(0, bed.Profiles().Profiles.Count);
        }

        [TestMethod]
        public void WrongPolicy_DpPbWhereDpAuthIsRequired_IsInvalidOid()
        {
            var bed = EuiccBed.New();
            var smdp = new TestSmdp();
            var req = smdp.AuthRequest(Es10b.GetEuiccChallenge(bed.Es10), BclCryptoProvider.Instance.RandomBytes(16));
            req.ServerCertificate = EuiccPki.Main.DpPb.CertificateDer;
            req.ServerSignature1 = TestSmdp.Sign(EuiccPki.Main.DpPb.PrivateKey, req.ServerSigned1.Raw);
            Assert.AreEqual(AuthenticateErrorCode.InvalidOid, AuthenticateServerError(bed.Es10, req));
        }

        [TestMethod]
        public void ExpiredDpAuth_IsInvalidCertificate()
        {
            string dir = Path.Combine(Path.GetTempPath(), "iotesim-sec-old-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                // Issued 11 years ago: CI/EUM still valid, DPauth (10 years) expired.
                var old = TestPki.Create(dir, EuiccPki.Eid, new[] { TestSmdp.Address }, DateTime.UtcNow.AddYears(-11));
                var store = new MemoryStore();
                var engine = new EuiccEngine(EuiccPki.Identity(old), BclCryptoProvider.Instance, store,
                    new EuiccOptions { Clock = new FixedClock(DateTime.UtcNow.Ticks) });
                var es10 = new Es10Channel(new CardTransport(new IsdrApplet(engine)));
                es10.Open();
                var req = new TestSmdp(old).AuthRequest(Es10b.GetEuiccChallenge(es10), BclCryptoProvider.Instance.RandomBytes(16));
                req.EuiccCiPKIdToBeUsed = old.CiPkId;
                Assert.AreEqual(AuthenticateErrorCode.InvalidCertificate, AuthenticateServerError(es10, req));
                Assert.AreEqual(0, Es10c.GetProfilesInfo(es10, null).Profiles.Count);
            }
            finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
        }

        [TestMethod]
        public void TamperedBppMac_SignedErrorPir_NothingInstalled()
        {
            var bed = EuiccBed.New();
            var o = new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, new DownloadPlan { TamperSegmentMac = true });
            // Download() verified euiccSignPIR with CERT.EUICC: the error PIR is signed.
            Assert.IsFalse(o.Pir.Data.Success);
            Assert.AreEqual(0, bed.Profiles().Profiles.Count, "nothing installed");
            Assert.AreEqual(0, bed.Inner.List("euicc/profile/").Length, "no profile image stored");
        }

        // ---------------- SM-DP+ side ----------------

        private static async Task<(string Iccid, string MatchingId)> OrderAsync(SmDpTestServer s, string eid, string cc = null)
        {
            var iccid = "8988" + Random.Shared.Next(100000, 999999).ToString() + Random.Shared.Next(100000000, 999999999).ToString();
            Assert.IsTrue(await s.Store.AddProfileAsync(iccid, "sec-" + iccid, File.ReadAllBytes(s.UppPath), "SP", "Sec", 2));
            var (st, _, body) = await s.PostAsync("/gsma/rsp2/es2plus/downloadOrder", JsonSerializer.Serialize(new { eid, profileType = "sec-" + iccid }));
            Assert.AreEqual(200, st, body);
            (st, _, body) = await s.PostAsync("/gsma/rsp2/es2plus/confirmOrder", JsonSerializer.Serialize(new { iccid, eid, confirmationCode = cc, releaseFlag = true }));
            StringAssert.Contains(body, "Executed-Success");
            return (iccid, JsonDocument.Parse(body).RootElement.GetProperty("matchingId").GetString());
        }

        private static void AssertFailed(string body, Es9StatusCode code)
        {
            var h = Es9ErrorResponse.Parse(body).Header;
            Assert.AreEqual(ExecutionStatus.Failed, h.Status, body);
            Assert.AreEqual(code.SubjectCode + "/" + code.ReasonCode, h.StatusCodeData.SubjectCode + "/" + h.StatusCodeData.ReasonCode, body);
        }

        private static string P(string f) => Es9PlusHttp.Path(f);

        private static async Task<(InitiateAuthenticationResponse Init, byte[] Asr, string Body)> AuthenticateAsync(SmDpTestServer s, TestEuicc e, string mid)
        {
            var (_, _, ib) = await s.PostAsync(P(Es9PlusHttp.InitiateAuthentication), e.InitiateAuthenticationJson(SmDpTestServer.SmdpAddress));
            var init = InitiateAuthenticationResponse.Parse(ib);
            var asr = e.AuthenticateServer(init, mid);
            var (_, _, body) = await s.PostAsync(P(Es9PlusHttp.AuthenticateClient), new AuthenticateClientRequest(init.TransactionId, asr).ToJson());
            return (init, asr, body);
        }

        private static TestEuicc EuiccWithEid(SmDpTestServer s, string eid)
        {
            var (cert, key) = ForeignEidCertificate.Issue(s.Pki, eid);
            var k = new byte[32];
            Array.Copy(key, 0, k, 32 - key.Length, key.Length);
            return new TestEuicc(k, cert, s.Pki.Eum.CertificateDer, s.Pki.CiPkId);
        }

        [TestMethod]
        public async Task EuiccChainFromAnotherCi_IsRefusedByTheSmDp_OrderUntouched()
        {
            await using var s = await SmDpTestServer.StartAsync();
            var (iccid, mid) = await OrderAsync(s, null);
            string dir = Path.Combine(Path.GetTempPath(), "iotesim-sec-ci-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                var other = TestPki.Create(dir, SmDpTestServer.TestEid, new[] { SmDpTestServer.SmdpAddress }, DateTime.UtcNow.AddDays(-1));
                // The foreign eUICC lists our CI (to get a session) but its chain ends at its own CI.
                var e = new TestEuicc(other.Euicc.PrivateKey, other.Euicc.CertificateDer, other.Eum.CertificateDer, s.Pki.CiPkId);
                var (_, _, body) = await AuthenticateAsync(s, e, mid);
                // SGP.22 §5.6.2: the CI of the eUICC's chain is not one the SM-DP+ trusts.
                AssertFailed(body, Es9StatusCodes.CiPublicKeyUnknown);
                Assert.AreEqual(OrderStates.Released, (await s.Store.GetOrderByIccidAsync(iccid)).State, "order untouched");
            }
            finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
        }

        [TestMethod]
        public async Task UnknownTransactionId_IsRefused()
        {
            await using var s = await SmDpTestServer.StartAsync();
            var e = s.Euicc();
            var (_, _, ib) = await s.PostAsync(P(Es9PlusHttp.InitiateAuthentication), e.InitiateAuthenticationJson(SmDpTestServer.SmdpAddress));
            var init = InitiateAuthenticationResponse.Parse(ib);
            var asr = e.AuthenticateServer(init, "X");
            string bogus = "00112233445566778899AABBCCDDEEFF";
            var (_, _, body) = await s.PostAsync(P(Es9PlusHttp.AuthenticateClient), new AuthenticateClientRequest(bogus, asr).ToJson());
            AssertFailed(body, Es9StatusCodes.TransactionIdUnknown);
            (_, _, body) = await s.PostAsync(P(Es9PlusHttp.GetBoundProfilePackage), new GetBoundProfilePackageRequest(bogus, new byte[] { 0xBF, 0x21, 0x00 }).ToJson());
            AssertFailed(body, Es9StatusCodes.TransactionIdUnknown);
            Assert.IsNull(await s.Store.GetSessionAsync(bogus), "no session created");
            Assert.AreEqual(SessionStates.Initiated, (await s.Store.GetSessionAsync(init.TransactionId)).State, "the real session untouched");
        }

        [TestMethod]
        public async Task MatchingId_IsSingleUse()
        {
            await using var s = await SmDpTestServer.StartAsync();
            var (iccid, mid) = await OrderAsync(s, null);
            var a = s.Euicc();
            var (init, asr, body) = await AuthenticateAsync(s, a, mid);
            var ac = AuthenticateClientResponse.Parse(body);
            Assert.IsTrue(ac.IsExecuted, body);

            // Another eUICC (same EUM, other EID) with the same matching ID while A's session holds it.
            var eve = EuiccWithEid(s, "89049032000000000000000000009999");
            var (_, _, eveBody) = await AuthenticateAsync(s, eve, mid);
            AssertFailed(eveBody, Es9StatusCodes.MatchingIdRefused);
            var order = await s.Store.GetOrderByIccidAsync(iccid);
            Assert.AreEqual(OrderStates.Downloading, order.State);
            Assert.AreEqual(init.TransactionId, order.TransactionId, "still bound to A's session");

            // A completes; afterwards the matching ID is spent for everyone, A included.
            var pdr = a.PrepareDownload(ac, AuthenticateServerResponse.Decode(asr).EuiccSignature1, null);
            var (_, _, bppBody) = await s.PostAsync(P(Es9PlusHttp.GetBoundProfilePackage), new GetBoundProfilePackageRequest(init.TransactionId, pdr).ToJson());
            Assert.IsTrue(GetBoundProfilePackageResponse.Parse(bppBody).IsExecuted, bppBody);
            var pir = a.ProfileInstallationResult(a.LastTransactionId, SmDpTestServer.SmdpAddress, iccid);
            var (nst, _, _) = await s.PostAsync(P(Es9PlusHttp.HandleNotification), new HandleNotificationRequest(pir).ToJson());
            Assert.AreEqual(204, nst);
            Assert.AreEqual(OrderStates.Installed, (await s.Store.GetOrderByIccidAsync(iccid)).State);
            var (_, _, again) = await AuthenticateAsync(s, s.Euicc(), mid);
            AssertFailed(again, Es9StatusCodes.MatchingIdRefused);
            Assert.AreEqual(OrderStates.Installed, (await s.Store.GetOrderByIccidAsync(iccid)).State);
        }

        [TestMethod]
        public async Task ConfirmationCodeRetriesExhausted_LocksTheOrder()
        {
            await using var s = await SmDpTestServer.StartAsync();
            var (iccid, mid) = await OrderAsync(s, SmDpTestServer.TestEid, cc: "4711");
            var e = s.Euicc();
            var (init, asr, body) = await AuthenticateAsync(s, e, mid);
            var ac = AuthenticateClientResponse.Parse(body);
            Assert.IsTrue(SmdpSigned2.Decode(ac.SmdpSigned2).CcRequiredFlag);
            var sig1 = AuthenticateServerResponse.Decode(asr).EuiccSignature1;
            int limit = s.SmDp.ConfirmationCodeRetryLimit;
            for (int i = 1; i <= limit; i++)
            {
                var pdr = e.PrepareDownload(ac, sig1, "0000");
                var (_, _, b) = await s.PostAsync(P(Es9PlusHttp.GetBoundProfilePackage), new GetBoundProfilePackageRequest(init.TransactionId, pdr).ToJson());
                AssertFailed(b, i < limit ? Es9StatusCodes.ConfirmationCodeRefused : Es9StatusCodes.ConfirmationCodeRetriesExceeded);
            }
            Assert.AreEqual(OrderStates.Locked, (await s.Store.GetOrderByIccidAsync(iccid)).State);
            Assert.AreEqual(ProfileStates.Allocated, (await s.Store.GetProfileAsync(iccid)).State, "no BPP left the SM-DP+");
            // Even the right code no longer helps, neither in the old session nor in a new one.
            var right = e.PrepareDownload(ac, sig1, "4711");
            var (_, _, late) = await s.PostAsync(P(Es9PlusHttp.GetBoundProfilePackage), new GetBoundProfilePackageRequest(init.TransactionId, right).ToJson());
            Assert.AreEqual(ExecutionStatus.Failed, Es9ErrorResponse.Parse(late).Header.Status, late);
            var (_, _, fresh) = await AuthenticateAsync(s, s.Euicc(), mid);
            AssertFailed(fresh, Es9StatusCodes.ConfirmationCodeRetriesExceeded);
            Assert.AreEqual(OrderStates.Locked, (await s.Store.GetOrderByIccidAsync(iccid)).State);
        }

        // ---------------- transport and fleet API ----------------

        [TestMethod]
        public async Task Tls_UntrustedServerCertificate_IsRefusedWithAClearError()
        {
            await using var s = await SmDpTestServer.StartAsync(tls: true);
            int port = new Uri(s.BaseUrl).Port;
            string url = "https://" + SmDpTestServer.SmdpAddress + ":" + port + P(Es9PlusHttp.InitiateAuthentication);
            string[] resolve = { SmDpTestServer.SmdpAddress + ":" + port + ":127.0.0.1" };
            var body = Encoding.UTF8.GetBytes(s.Euicc().InitiateAuthenticationJson(SmDpTestServer.SmdpAddress));
            string[] hn = { "Content-Type", "X-Admin-Protocol" }, hv = { "application/json", "gsma/rsp/v2.2.2" };

            using (var untrusting = new HttpClientTransport(new[] { EuiccPki.Other.Ci.CertificatePemPath }, resolve, TimeSpan.FromSeconds(20)))
            {
                HttpTransportException e = null;
                try { untrusting.Post(url, hn, hv, body).Dispose(); }
                catch (HttpTransportException t) { e = t; }
                Assert.IsNotNull(e, "the untrusted server was accepted");
                StringAssert.Contains(e.Message, SmDpTestServer.SmdpAddress);
                Exception x = e;
                bool tls = false;
                for (; x != null; x = x.InnerException) tls |= x is System.Security.Authentication.AuthenticationException;
                Assert.IsTrue(tls, "the cause is the TLS authentication: " + e);
            }
            // Control: the same request with the server's CI trusted goes through.
            using var trusting = new HttpClientTransport(new[] { s.Pki.Ci.CertificatePemPath }, resolve, TimeSpan.FromSeconds(20));
            using var ok = trusting.Post(url, hn, hv, body);
            Assert.AreEqual(200, ok.StatusCode);
        }

        [TestMethod]
        public async Task FleetApi_NoKeyUnknownKeyRevokedKey_Are401_NothingCreated()
        {
            await using var h = await TestEimHost.StartAsync();
            using var admin = h.Client(h.AdminKey);
            var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/v1/keys", new { name = "to-revoke" })).Content.ReadAsStringAsync()).RootElement;
            string revokedKey = created.GetProperty("key").GetString();
            Assert.AreEqual(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/keys/" + created.GetProperty("id").GetString())).StatusCode);

            string eid = Eids.Make(4242);
            var clients = new[]
            {
                ("no key", h.Client()),
                ("unknown bearer key", h.Client(ApiKeyStore.KeyPrefix + "0000000000000000000000000000")),
                ("unknown X-Api-Key", h.Client("not-a-key", apiKeyHeader: true)),
                ("revoked key", h.Client(revokedKey)),
            };
            foreach (var (what, c) in clients)
            {
                using (c)
                {
                    var r = await c.PostAsJsonAsync("/api/v1/devices", new { eid });
                    Assert.AreEqual(HttpStatusCode.Unauthorized, r.StatusCode, what);
                    Assert.AreEqual("application/problem+json", r.Content.Headers.ContentType?.MediaType, what);
                    Assert.AreEqual(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/v1/devices")).StatusCode, what);
                }
            }
            Assert.AreEqual(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/devices/" + eid)).StatusCode, "nothing created");
        }
    }
}
