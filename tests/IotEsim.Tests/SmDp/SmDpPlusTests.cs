using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Es11;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.X509;
using IotEsim.Servers.SmDp;
using IotEsim.Servers.SmDs;
using IotEsim.Servers.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.SmDp
{
    [TestClass]
    public class SmDpPlusTests
    {
        private static SmDpTestServer S;
        private static readonly byte[] Upp = File.ReadAllBytes(TestData.Path("upp/TS48V1-A-UNIQUE.der"));
        private static int _iccidSeq;

        [ClassInitialize]
        public static async Task Init(TestContext _) { S = await SmDpTestServer.StartAsync(); }

        [ClassCleanup]
        public static async Task Cleanup() { if (S != null) await S.DisposeAsync(); }

        private static string Es9(string f) => Es9PlusHttp.Path(f);

        /// <summary>A fresh inventory profile (same UPP bytes, own ICCID) ordered and released through ES2+.</summary>
        private static async Task<(string Iccid, string MatchingId)> OrderAsync(string eid = null, string cc = null, string smds = null)
        {
            var iccid = "89000000000000" + System.Threading.Interlocked.Increment(ref _iccidSeq).ToString("D5");
            Assert.IsTrue(await S.Store.AddProfileAsync(iccid, "t-" + iccid, Upp, "IotEsim SP", "Test " + iccid, 2));
            var (st, _, body) = await S.PostAsync("/gsma/rsp2/es2plus/downloadOrder", JsonSerializer.Serialize(new { eid, profileType = "t-" + iccid }));
            Assert.AreEqual(200, st);
            StringAssert.Contains(body, "\"iccid\":\"" + iccid + "\"");
            (st, _, body) = await S.PostAsync("/gsma/rsp2/es2plus/confirmOrder", JsonSerializer.Serialize(new { iccid, eid, confirmationCode = cc, smdsAddress = smds, releaseFlag = true }));
            Assert.AreEqual(200, st, body);
            StringAssert.Contains(body, "Executed-Success");
            var mid = JsonDocument.Parse(body).RootElement.GetProperty("matchingId").GetString();
            return (iccid, mid);
        }

        private static void AssertFailed(string body, Es9StatusCode code)
        {
            var h = Es9ErrorResponse.Parse(body).Header;
            Assert.AreEqual(ExecutionStatus.Failed, h.Status, body);
            Assert.AreEqual(code.SubjectCode, h.StatusCodeData.SubjectCode, body);
            Assert.AreEqual(code.ReasonCode, h.StatusCodeData.ReasonCode, body);
        }

        private static async Task<InitiateAuthenticationResponse> InitiateAsync(TestEuicc e, string address = SmDpTestServer.SmdpAddress)
        {
            var (st, resp, body) = await S.PostAsync(Es9(Es9PlusHttp.InitiateAuthentication), e.InitiateAuthenticationJson(address));
            Assert.AreEqual(200, st);
            Assert.AreEqual("gsma/rsp/v2.1.0", resp.Headers.GetValues("X-Admin-Protocol").Single());
            return InitiateAuthenticationResponse.Parse(body);
        }

        private static async Task<(InitiateAuthenticationResponse Init, byte[] Asr, string Body)> AuthenticateAsync(TestEuicc e, string matchingId, bool corrupt = false)
        {
            var init = await InitiateAsync(e);
            var asr = e.AuthenticateServer(init, matchingId, corrupt);
            var (_, _, body) = await S.PostAsync(Es9(Es9PlusHttp.AuthenticateClient), new AuthenticateClientRequest(init.TransactionId, asr).ToJson());
            return (init, asr, body);
        }

        private static async Task<string> OrderStateAsync(string iccid) => (await S.Store.GetOrderByIccidAsync(iccid)).State;
        private static async Task<string> SessionStateAsync(string tx) => (await S.Store.GetSessionAsync(tx)).State;

        [TestMethod]
        public async Task FullDownload_BppDecryptsToInventoryUpp_NotificationRecorded()
        {
            var (iccid, mid) = await OrderAsync(SmDpTestServer.TestEid);
            var e = S.Euicc();
            var (init, asr, body) = await AuthenticateAsync(e, mid);
            var ac = AuthenticateClientResponse.Parse(body);
            Assert.IsTrue(ac.IsExecuted, body);
            var meta = StoreMetadataRequest.Decode(ac.ProfileMetadata);
            Assert.AreEqual(iccid, Iccid.FromBytes(meta.Iccid));
            Assert.IsFalse(SmdpSigned2.Decode(ac.SmdpSigned2).CcRequiredFlag);
            Assert.AreEqual(OrderStates.Downloading, await OrderStateAsync(iccid));

            var sig1 = AuthenticateServerResponse.Decode(asr).EuiccSignature1;
            var pdr = e.PrepareDownload(ac, sig1, null);
            var (st, _, bppBody) = await S.PostAsync(Es9(Es9PlusHttp.GetBoundProfilePackage), new GetBoundProfilePackageRequest(init.TransactionId, pdr).ToJson());
            Assert.AreEqual(200, st);
            var bpp = GetBoundProfilePackageResponse.Parse(bppBody);
            Assert.IsTrue(bpp.IsExecuted, bppBody);
            var upp = e.LoadBoundProfilePackage(bpp.BoundProfilePackage, out var bppMeta, out int max86);
            Assert.AreEqual(Convert.ToHexString(Upp), Convert.ToHexString(upp));
            Assert.AreEqual(iccid, Iccid.FromBytes(bppMeta.Iccid));
            Assert.IsTrue(max86 <= 1020, "segment " + max86);
            Assert.AreEqual(OrderStates.Downloaded, await OrderStateAsync(iccid));
            Assert.AreEqual("downloaded", (await S.Store.GetProfileAsync(iccid)).State);

            var pir = e.ProfileInstallationResult(e.LastTransactionId, SmDpTestServer.SmdpAddress, iccid);
            var (nst, nresp, nbody) = await S.PostAsync(Es9(Es9PlusHttp.HandleNotification), new HandleNotificationRequest(pir).ToJson());
            Assert.AreEqual(204, nst, nbody);
            Assert.AreEqual("", nbody);
            Assert.AreEqual(OrderStates.Installed, await OrderStateAsync(iccid));
            Assert.AreEqual(1, await S.Store.CountNotificationsAsync(init.TransactionId));
            Assert.AreEqual(SessionStates.Done, await SessionStateAsync(init.TransactionId));

            // The matching ID is spent.
            var (_, _, again) = await AuthenticateAsync(S.Euicc(), mid);
            AssertFailed(again, Es9StatusCodes.MatchingIdRefused);
        }

        [TestMethod]
        public async Task HandleNotification_BadSignature_Refused_NothingRecorded()
        {
            var (iccid, mid) = await OrderAsync();
            var e = S.Euicc();
            var (init, _, body) = await AuthenticateAsync(e, mid);
            Assert.IsTrue(AuthenticateClientResponse.Parse(body).IsExecuted);
            var (st, _, nb) = await S.PostAsync(Es9(Es9PlusHttp.HandleNotification),
                new HandleNotificationRequest(e.ProfileInstallationResult(e.LastTransactionId, "x", iccid, corrupt: true)).ToJson());
            AssertFailed(nb, Es9StatusCodes.EuiccVerificationFailed);
            Assert.AreEqual(0, await S.Store.CountNotificationsAsync(init.TransactionId));
        }

        [TestMethod]
        public async Task CancelSession_AfterAuthentication_ReleasesOrderAgain()
        {
            var (iccid, mid) = await OrderAsync();
            var e = S.Euicc();
            var (init, _, body) = await AuthenticateAsync(e, mid);
            Assert.IsTrue(AuthenticateClientResponse.Parse(body).IsExecuted);
            var (st, _, cb) = await S.PostAsync(Es9(Es9PlusHttp.CancelSession), new IotEsim.Rsp.Es9Plus.CancelSessionRequest(init.TransactionId, e.CancelSession(e.LastTransactionId, 1)).ToJson());
            Assert.AreEqual(200, st);
            Assert.IsTrue(IotEsim.Rsp.Es9Plus.CancelSessionResponse.Parse(cb).IsExecuted, cb);
            Assert.AreEqual(SessionStates.Cancelled, await SessionStateAsync(init.TransactionId));
            Assert.AreEqual(OrderStates.Released, await OrderStateAsync(iccid));
            // Cancelled twice: the transaction is gone.
            var (_, _, cb2) = await S.PostAsync(Es9(Es9PlusHttp.CancelSession), new IotEsim.Rsp.Es9Plus.CancelSessionRequest(init.TransactionId, e.CancelSession(e.LastTransactionId, 1)).ToJson());
            AssertFailed(cb2, Es9StatusCodes.TransactionIdUnknown);
        }

        [TestMethod]
        public async Task MalformedJson_And_WrongBase64_AreFunctionInvalid()
        {
            var (st, resp, body) = await S.PostAsync(Es9(Es9PlusHttp.InitiateAuthentication), "{\"smdpAddress\": ");
            Assert.AreEqual(200, st);
            Assert.AreEqual("application/json;charset=UTF-8", resp.Content.Headers.ContentType.ToString().Replace(" ", ""));
            AssertFailed(body, Es9StatusCodes.FunctionInvalid);
            (_, _, body) = await S.PostAsync(Es9(Es9PlusHttp.InitiateAuthentication),
                "{\"smdpAddress\":\"testsmdpplus1.example.com\",\"euiccChallenge\":\"@@not base64@@\",\"euiccInfo1\":\"vyAA\"}");
            AssertFailed(body, Es9StatusCodes.FunctionInvalid);
            (_, _, body) = await S.PostAsync(Es9(Es9PlusHttp.AuthenticateClient), "{\"transactionId\":\"00\"}");
            AssertFailed(body, Es9StatusCodes.FunctionMandatoryElementMissing);
        }

        [TestMethod]
        public async Task UnknownTransactionId_IsRefused()
        {
            var (_, _, body) = await S.PostAsync(Es9(Es9PlusHttp.AuthenticateClient), new AuthenticateClientRequest("0102030405060708", new byte[] { 0xBF, 0x38, 0x00 }).ToJson());
            AssertFailed(body, Es9StatusCodes.TransactionIdUnknown);
            (_, _, body) = await S.PostAsync(Es9(Es9PlusHttp.GetBoundProfilePackage), new GetBoundProfilePackageRequest("0A0B", new byte[] { 0xBF, 0x21, 0x00 }).ToJson());
            AssertFailed(body, Es9StatusCodes.TransactionIdUnknown);
        }

        [TestMethod]
        public async Task ReplayedAuthenticateClient_IsRefused_OrderUntouched()
        {
            var (iccid, mid) = await OrderAsync();
            var e = S.Euicc();
            var (init, asr, body) = await AuthenticateAsync(e, mid);
            Assert.IsTrue(AuthenticateClientResponse.Parse(body).IsExecuted);
            var (_, _, replay) = await S.PostAsync(Es9(Es9PlusHttp.AuthenticateClient), new AuthenticateClientRequest(init.TransactionId, asr).ToJson());
            AssertFailed(replay, Es9StatusCodes.TransactionIdUnknown);
            Assert.AreEqual(OrderStates.Downloading, await OrderStateAsync(iccid));
            Assert.AreEqual(SessionStates.Authenticated, await SessionStateAsync(init.TransactionId));
        }

        [TestMethod]
        public async Task WrongMatchingId_IsRefused_NoStateChange()
        {
            var (iccid, _) = await OrderAsync();
            var (init, _, body) = await AuthenticateAsync(S.Euicc(), "NO-SUCH-MATCHING-ID");
            AssertFailed(body, Es9StatusCodes.MatchingIdRefused);
            Assert.AreEqual(SessionStates.Initiated, await SessionStateAsync(init.TransactionId));
            Assert.AreEqual(OrderStates.Released, await OrderStateAsync(iccid));
        }

        [TestMethod]
        public async Task WrongServerAddress_And_ForeignCi_InEuiccInfo1()
        {
            var (_, _, body) = await S.PostAsync(Es9(Es9PlusHttp.InitiateAuthentication), S.Euicc().InitiateAuthenticationJson("other.example.com"));
            AssertFailed(body, Es9StatusCodes.SmdpAddressRefused);
            var foreign = S.Euicc();
            foreign.CiPkId = new byte[20];
            (_, _, body) = await S.PostAsync(Es9(Es9PlusHttp.InitiateAuthentication), foreign.InitiateAuthenticationJson(SmDpTestServer.SmdpAddress));
            AssertFailed(body, Es9StatusCodes.SecurityConfigurationNotSupported);
        }

        [TestMethod]
        public async Task BadEuiccSignature_IsRefused_NoStateChange()
        {
            var (iccid, mid) = await OrderAsync();
            var (init, _, body) = await AuthenticateAsync(S.Euicc(), mid, corrupt: true);
            AssertFailed(body, Es9StatusCodes.EuiccVerificationFailed);
            Assert.AreEqual(SessionStates.Initiated, await SessionStateAsync(init.TransactionId));
            Assert.AreEqual(OrderStates.Released, await OrderStateAsync(iccid));
        }

        [TestMethod]
        public async Task EuiccChainFromForeignCi_IsUnknownCi()
        {
            var (iccid, mid) = await OrderAsync();
            var other = TestPki.Create(Path.Combine(S.Dir, "foreign-" + Guid.NewGuid().ToString("N")[..6]), SmDpTestServer.TestEid, new[] { "x.example.com" }, DateTime.UtcNow.AddDays(-1));
            // euiccInfo1 names our CI, but the certificates come from another CI.
            var e = new TestEuicc(other.Euicc.PrivateKey, other.Euicc.CertificateDer, other.Eum.CertificateDer, S.Pki.CiPkId);
            var (_, _, body) = await AuthenticateAsync(e, mid);
            AssertFailed(body, Es9StatusCodes.CiPublicKeyUnknown);
            Assert.AreEqual(OrderStates.Released, await OrderStateAsync(iccid));
        }

        [TestMethod]
        public async Task EidOutsideEumRange_IsEuiccCertificateInvalid()
        {
            var (iccid, mid) = await OrderAsync();
            var (cert, key) = ForeignEidCertificate.Issue(S.Pki, "89001012012341234012345678901224");
            var e = new TestEuicc(key, cert, S.Pki.Eum.CertificateDer, S.Pki.CiPkId);
            var (_, _, body) = await AuthenticateAsync(e, mid);
            AssertFailed(body, Es9StatusCodes.EuiccCertificateVerificationFailed);
            Assert.AreEqual(OrderStates.Released, await OrderStateAsync(iccid));
        }

        [TestMethod]
        public async Task OrderBoundToOtherEid_IsEidRefused()
        {
            var (iccid, mid) = await OrderAsync("89049032123451234512345678909999");
            var (_, _, body) = await AuthenticateAsync(S.Euicc(), mid);
            AssertFailed(body, Es9StatusCodes.EidRefused);
            Assert.AreEqual(OrderStates.Released, await OrderStateAsync(iccid));
        }

        [TestMethod]
        public async Task ExpiredOrder_IsRefused_NoStateChange()
        {
            var (iccid, mid) = await OrderAsync();
            await S.Store.Db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx, "UPDATE smdp_orders SET expires = 1 WHERE iccid = @i", ("@i", iccid)));
            var (init, _, body) = await AuthenticateAsync(S.Euicc(), mid);
            AssertFailed(body, Es9StatusCodes.DownloadOrderExpired);
            Assert.AreEqual(OrderStates.Released, await OrderStateAsync(iccid));
            Assert.AreEqual(SessionStates.Initiated, await SessionStateAsync(init.TransactionId));
        }

        [TestMethod]
        public async Task ConfirmationCode_Missing_Wrong3x_Locks_ThenRight_WouldHaveWorked()
        {
            var (iccid, mid) = await OrderAsync(cc: "1234");
            var e = S.Euicc();
            var (init, asr, body) = await AuthenticateAsync(e, mid);
            var ac = AuthenticateClientResponse.Parse(body);
            Assert.IsTrue(SmdpSigned2.Decode(ac.SmdpSigned2).CcRequiredFlag);
            var sig1 = AuthenticateServerResponse.Decode(asr).EuiccSignature1;
            async Task<string> Bpp(string cc) => (await S.PostAsync(Es9(Es9PlusHttp.GetBoundProfilePackage),
                new GetBoundProfilePackageRequest(init.TransactionId, e.PrepareDownload(ac, sig1, cc)).ToJson())).Body;
            AssertFailed(await Bpp(null), Es9StatusCodes.ConfirmationCodeMissing);
            AssertFailed(await Bpp("0000"), Es9StatusCodes.ConfirmationCodeRefused);
            AssertFailed(await Bpp("1111"), Es9StatusCodes.ConfirmationCodeRefused);
            Assert.AreEqual(OrderStates.Downloading, await OrderStateAsync(iccid));
            AssertFailed(await Bpp("2222"), Es9StatusCodes.ConfirmationCodeRetriesExceeded);
            Assert.AreEqual(OrderStates.Locked, await OrderStateAsync(iccid));
            Assert.AreEqual(3L, (await S.Store.GetOrderByIccidAsync(iccid)).CcAttempts);
            // Locked: even the right code gets nothing now.
            AssertFailed(await Bpp("1234"), Es9StatusCodes.TransactionIdUnknown);
        }

        [TestMethod]
        public async Task ConfirmationCode_Right_DeliversBpp()
        {
            var (iccid, mid) = await OrderAsync(cc: "987654");
            var e = S.Euicc();
            var (init, asr, body) = await AuthenticateAsync(e, mid);
            var ac = AuthenticateClientResponse.Parse(body);
            var pdr = e.PrepareDownload(ac, AuthenticateServerResponse.Decode(asr).EuiccSignature1, "987654");
            var (_, _, bb) = await S.PostAsync(Es9(Es9PlusHttp.GetBoundProfilePackage), new GetBoundProfilePackageRequest(init.TransactionId, pdr).ToJson());
            var upp = e.LoadBoundProfilePackage(GetBoundProfilePackageResponse.Parse(bb).BoundProfilePackage, out _, out _);
            Assert.AreEqual(Convert.ToHexString(Upp), Convert.ToHexString(upp));
        }

        [TestMethod]
        public async Task AdminProtocolV1_IsRefused()
        {
            var (_, _, body) = await S.PostAsync(Es9(Es9PlusHttp.InitiateAuthentication), S.Euicc().InitiateAuthenticationJson(SmDpTestServer.SmdpAddress), "gsma/rsp/v1.0.0");
            AssertFailed(body, Es9StatusCodes.SpecificationVersionNotSupported);
        }

        [TestMethod]
        public async Task SmDs_EventFromEs2PlusOrder_IsDiscoveredOverEs11()
        {
            S.App.Services.GetRequiredService<SmDsOptions>().AdditionalAddresses.Add(S.HostPort);
            var (_, mid) = await OrderAsync(SmDpTestServer.TestEid, smds: S.HostPort);
            foreach (var (path, member) in new[] { (Es11Http.FallbackPath("{0}"), "smdpAddress"), (Es11Http.Path("{0}"), "smdsAddress") })
            {
                var e = S.Euicc();
                var (st, _, body) = await S.PostAsync(string.Format(path, Es11Http.InitiateAuthentication), e.InitiateAuthenticationJson(SmDpTestServer.SmdsAddress, member));
                var init = InitiateAuthenticationResponse.Parse(body);
                Assert.IsTrue(init.IsExecuted, body);
                // Signed with CERT.DSauth, not CERT.DPauth.
                Assert.AreEqual(Convert.ToHexString(S.Pki.DsAuth.CertificateDer), Convert.ToHexString(init.ServerCertificate));
                var asr = e.AuthenticateServer(init, null);
                (st, _, body) = await S.PostAsync(string.Format(path, Es11Http.AuthenticateClient), new AuthenticateClientRequest(init.TransactionId, asr).ToJson());
                var r = Es11AuthenticateClientResponse.Parse(body);
                Assert.IsTrue(r.IsExecuted, body);
                var ev = r.EventEntries.Single(x => x.EventId == mid);
                Assert.AreEqual(SmDpTestServer.SmdpAddress, ev.RspServerAddress);
            }
            // The matching ID from the event downloads at the SM-DP+.
            var (_, _, dp) = await AuthenticateAsync(S.Euicc(), mid);
            Assert.IsTrue(AuthenticateClientResponse.Parse(dp).IsExecuted, dp);
        }

        [TestMethod]
        public async Task ActivationCode_Text_Png_Svg()
        {
            var (_, mid) = await OrderAsync(cc: "1");
            var txt = await S.Http.GetStringAsync("/smdp/activation-code/" + mid);
            Assert.AreEqual("LPA:1$" + SmDpTestServer.SmdpAddress + "$" + mid + "$$1", txt);
            var png = await S.Http.GetByteArrayAsync("/smdp/activation-code/" + mid + ".png");
            Assert.AreEqual("89504E470D0A1A0A", Convert.ToHexString(png, 0, 8));
            var svg = await S.Http.GetStringAsync("/smdp/activation-code/" + mid + ".svg");
            StringAssert.Contains(svg, "<svg");
        }

        [TestMethod]
        public async Task Tls_WithDpTlsCertificate_ServesEs9Plus()
        {
            await using var t = await SmDpTestServer.StartAsync(tls: true);
            StringAssert.StartsWith(t.BaseUrl, "https://");
            var (st, _, body) = await t.PostAsync(Es9(Es9PlusHttp.InitiateAuthentication), t.Euicc().InitiateAuthenticationJson(SmDpTestServer.SmdpAddress));
            Assert.AreEqual(200, st);
            Assert.IsTrue(InitiateAuthenticationResponse.Parse(body).IsExecuted, body);
        }

        [TestMethod]
        public async Task Interop_CapturedLpacInitiateAuthentication()
        {
            // Serve the capture's CI (f6f2..) with our DPauth key: the capture holds no DPauth private key, and the point
            // here is the request parsing, the answer's members/order/headers and a signature that verifies.
            var cap = File.ReadAllText(TestData.Path("es9plus-download/01-initiateAuthentication.request.json"));
            var ciPkId = Convert.FromHexString("f6f2635b4397b8bd12df81a97c94254319520867");
            if (!S.SmDp.Credentials.Any(c => c.CiPkId.AsSpan().SequenceEqual(ciPkId)))
                S.SmDp.Credentials.Add(new RspCredentialSet { CiPkId = ciPkId, AuthCertificate = S.Pki.DpAuth.CertificateDer, AuthPrivateKey = S.Pki.DpAuth.PrivateKey,
                    PbCertificate = S.Pki.DpPb.CertificateDer, PbPrivateKey = S.Pki.DpPb.PrivateKey });
            var (st, resp, body) = await S.PostAsync(Es9(Es9PlusHttp.InitiateAuthentication), cap);
            Assert.AreEqual(200, st);
            Assert.AreEqual("gsma/rsp/v2.1.0", resp.Headers.GetValues("X-Admin-Protocol").Single());
            Assert.AreEqual("application/json;charset=UTF-8", string.Join(";", resp.Content.Headers.GetValues("Content-Type")).Replace(" ", ""));
            var expected = JsonDocument.Parse(File.ReadAllText(TestData.Path("es9plus-download/01-initiateAuthentication.response.json"))).RootElement;
            var actual = JsonDocument.Parse(body).RootElement;
            CollectionAssert.AreEqual(expected.EnumerateObject().Select(p => p.Name).ToArray(), actual.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.AreEqual(expected.GetProperty("header").GetRawText().Replace(" ", "").Replace("\n", ""), actual.GetProperty("header").GetRawText());
            Assert.AreEqual(expected.GetProperty("euiccCiPKIdToBeUsed").GetString(), actual.GetProperty("euiccCiPKIdToBeUsed").GetString());
            var r = InitiateAuthenticationResponse.Parse(body);
            var s1 = ServerSigned1.Decode(r.ServerSigned1);
            var req = JsonDocument.Parse(cap).RootElement;
            Assert.AreEqual(req.GetProperty("euiccChallenge").GetString(), Convert.ToBase64String(s1.EuiccChallenge));
            Assert.AreEqual("testsmdpplus1.example.com", s1.ServerAddress);
            Assert.AreEqual(r.TransactionId, Convert.ToHexString(s1.TransactionId));
            Assert.AreEqual(16, s1.TransactionId.Length);
            Assert.AreEqual(67, r.ServerSignature1.Length);
            Assert.IsTrue(S.Euicc().VerifyTlvSignature(X509Certificate.Parse(S.Pki.DpAuth.CertificateDer).PublicKey, r.ServerSigned1, r.ServerSignature1));
        }
    }
}
