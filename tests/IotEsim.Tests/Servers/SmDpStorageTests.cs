using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;
using IotEsim.Rsp.Messages;
using IotEsim.Servers.SmDp;
using IotEsim.Servers.SmDs;
using IotEsim.Servers.Storage;
using IotEsim.Tests.SmDp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Servers
{
    /// <summary>
    /// The SM-DP+ tables (orders, profiles, sessions, single-use matching IDs, confirmation-code retry counters,
    /// notifications) on SQLite and PostgreSQL: two SM-DP+ instances on one database serve a real ES2+ / ES9+ download
    /// to the test eUICC, with two eUICCs racing for one matching ID.
    /// </summary>
    [TestClass]
    public class SmDpStorageTests
    {
        private const string Address = "testsmdpplus1.example.com";
        private static readonly byte[] Upp = File.ReadAllBytes(TestData.Path("upp/TS48V1-A-UNIQUE.der"));
        private static TestPki _pki;
        private static readonly object PkiLock = new object();

        private static TestPki Pki
        {
            get
            {
                lock (PkiLock)
                {
                    _pki ??= TestPki.Create(Path.Combine(Path.GetTempPath(), "iotesim-smdpdb-pki-" + Guid.NewGuid().ToString("N")[..8]),
                        SmDpTestServer.TestEid, new[] { Address }, DateTime.UtcNow.AddDays(-1));
                    return _pki;
                }
            }
        }

        [ClassCleanup]
        public static void Cleanup()
        {
            if (_pki != null) try { Directory.Delete(_pki.Directory, true); } catch (IOException) { }
        }

        [TestMethod]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        [Timeout(180000)]
        public async Task OrdersProfilesSessions_SingleUseMatchingId_CcRetries_Notifications(string dialect)
        {
            await using var db = await TestDatabase.CreateAsync(dialect);
            await using var a = await Instance.StartAsync(db);
            await using var b = await Instance.StartAsync(db);
            var store = a.Store;

            // Inventory: an ICCID is added once.
            const string iccid = "8900000000000012345";
            Assert.IsTrue(await store.AddProfileAsync(iccid, "dbtest", Upp, "IotEsim SP", "DB test", 2));
            Assert.IsFalse(await b.Store.AddProfileAsync(iccid, "dbtest", Upp, "IotEsim SP", "DB test", 2), "same ICCID twice");
            Assert.AreEqual(ProfileStates.Available, (await store.GetProfileAsync(iccid)).State);

            // ES2+ on one instance, seen by the other: order reserved → released, profile allocated, confirmation code hashed.
            var (st, body) = await a.PostAsync("/gsma/rsp2/es2plus/downloadOrder", new { profileType = "dbtest" });
            Assert.AreEqual(200, st, body);
            (st, body) = await b.PostAsync("/gsma/rsp2/es2plus/confirmOrder", new { iccid, confirmationCode = "4711", releaseFlag = true });
            Assert.AreEqual(200, st, body);
            var mid = JsonDocument.Parse(body).RootElement.GetProperty("matchingId").GetString();
            var order = await store.GetOrderByIccidAsync(iccid);
            Assert.AreEqual(OrderStates.Released, order.State);
            Assert.IsNull(order.Eid, "an order without EID: any eUICC with the matching ID");
            Assert.IsNotNull(order.CcHash);
            Assert.AreEqual(ProfileStates.Allocated, (await b.Store.GetProfileAsync(iccid)).State);

            // Two eUICCs, one per instance, authenticate with the same matching ID at the same time: exactly one wins.
            var other = Pki.IssueEuicc(Pki.NewEid(4242));
            var e1 = new TestEuicc(Pki.Euicc.PrivateKey, Pki.Euicc.CertificateDer, Pki.Eum.CertificateDer, Pki.CiPkId);
            var e2 = new TestEuicc(other.PrivateKey, other.CertificateDer, Pki.Eum.CertificateDer, Pki.CiPkId);
            var init1 = await a.InitiateAsync(e1);
            var init2 = await b.InitiateAsync(e2);
            var asr1 = e1.AuthenticateServer(init1, mid);
            var asr2 = e2.AuthenticateServer(init2, mid);
            var both = await Task.WhenAll(
                a.PostAsync(Es9PlusHttp.Path(Es9PlusHttp.AuthenticateClient), new AuthenticateClientRequest(init1.TransactionId, asr1).ToJson()),
                b.PostAsync(Es9PlusHttp.Path(Es9PlusHttp.AuthenticateClient), new AuthenticateClientRequest(init2.TransactionId, asr2).ToJson()));
            var ok = both.Select(x => AuthenticateClientResponse.Parse(x.Body).IsExecuted).ToArray();
            Assert.AreEqual(1, ok.Count(x => x), "the matching ID is single-use: " + both[0].Body + " / " + both[1].Body);
            int win = ok[0] ? 0 : 1;
            var loser = Es9ErrorResponse.Parse(both[1 - win].Body).Header.StatusCodeData;
            Assert.AreEqual(Es9StatusCodes.MatchingIdRefused.SubjectCode, loser.SubjectCode);
            Assert.AreEqual(Es9StatusCodes.MatchingIdRefused.ReasonCode, loser.ReasonCode);
            var (e, init, asr, host, otherHost) = win == 0 ? (e1, init1, asr1, a, b) : (e2, init2, asr2, b, a);
            order = await store.GetOrderByIccidAsync(iccid);
            Assert.AreEqual(OrderStates.Downloading, order.State);
            Assert.AreEqual(win == 0 ? Pki.Eid : other.Certificate.Eid, order.Eid);
            Assert.AreEqual(init.TransactionId, order.TransactionId);
            Assert.AreEqual(SessionStates.Authenticated, (await store.GetSessionAsync(init.TransactionId)).State);
            Assert.AreEqual(SessionStates.Initiated, (await store.GetSessionAsync((win == 0 ? init2 : init1).TransactionId)).State, "the loser changed nothing");

            // Confirmation code: wrong twice (counter persisted across instances), then right.
            var ac = AuthenticateClientResponse.Parse(both[win].Body);
            var sig1 = AuthenticateServerResponse.Decode(asr).EuiccSignature1;
            async Task<string> Bpp(IPoster h, string cc) => (await h.PostAsync(Es9PlusHttp.Path(Es9PlusHttp.GetBoundProfilePackage),
                new GetBoundProfilePackageRequest(init.TransactionId, e.PrepareDownload(ac, sig1, cc)).ToJson())).Body;
            Assert.AreEqual(Es9StatusCodes.ConfirmationCodeRefused.ReasonCode, Es9ErrorResponse.Parse(await Bpp(host, "0000")).Header.StatusCodeData.ReasonCode);
            Assert.AreEqual(Es9StatusCodes.ConfirmationCodeRefused.ReasonCode, Es9ErrorResponse.Parse(await Bpp(otherHost, "1111")).Header.StatusCodeData.ReasonCode);
            Assert.AreEqual(2L, (await store.GetOrderByIccidAsync(iccid)).CcAttempts);
            var bpp = GetBoundProfilePackageResponse.Parse(await Bpp(otherHost, "4711"));
            Assert.IsTrue(bpp.IsExecuted);
            var upp = e.LoadBoundProfilePackage(bpp.BoundProfilePackage, out var meta, out _);
            Assert.AreEqual(Convert.ToHexString(Upp), Convert.ToHexString(upp));
            Assert.AreEqual(iccid, Iccid.FromBytes(meta.Iccid));
            Assert.AreEqual(OrderStates.Downloaded, (await store.GetOrderByIccidAsync(iccid)).State);
            Assert.AreEqual(ProfileStates.Downloaded, (await store.GetProfileAsync(iccid)).State);
            Assert.AreEqual(SessionStates.Bpp, (await store.GetSessionAsync(init.TransactionId)).State);

            // The install notification: recorded once, order installed, session done.
            var pir = e.ProfileInstallationResult(e.LastTransactionId, Address, iccid);
            (st, body) = await host.PostAsync(Es9PlusHttp.Path(Es9PlusHttp.HandleNotification), new HandleNotificationRequest(pir).ToJson());
            Assert.AreEqual(204, st, body);
            Assert.AreEqual(OrderStates.Installed, (await store.GetOrderByIccidAsync(iccid)).State);
            Assert.AreEqual(ProfileStates.Installed, (await store.GetProfileAsync(iccid)).State);
            Assert.AreEqual(SessionStates.Done, (await store.GetSessionAsync(init.TransactionId)).State);
            Assert.AreEqual(1L, await b.Store.CountNotificationsAsync(init.TransactionId));

            // Spent: the matching ID is refused from now on, on either instance.
            var e3 = new TestEuicc(Pki.Euicc.PrivateKey, Pki.Euicc.CertificateDer, Pki.Eum.CertificateDer, Pki.CiPkId);
            var init3 = await otherHost.InitiateAsync(e3);
            (_, body) = await otherHost.PostAsync(Es9PlusHttp.Path(Es9PlusHttp.AuthenticateClient),
                new AuthenticateClientRequest(init3.TransactionId, e3.AuthenticateServer(init3, mid)).ToJson());
            Assert.AreEqual(Es9StatusCodes.MatchingIdRefused.ReasonCode, Es9ErrorResponse.Parse(body).Header.StatusCodeData.ReasonCode);
        }

        [TestMethod]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        [Timeout(120000)]
        public async Task ConfirmationCode_ThirdWrongAttempt_LocksOrder(string dialect)
        {
            await using var db = await TestDatabase.CreateAsync(dialect);
            await using var a = await Instance.StartAsync(db);
            const string iccid = "8900000000000054321";
            Assert.IsTrue(await a.Store.AddProfileAsync(iccid, "lock", Upp, "IotEsim SP", "Lock", 2));
            var (st, body) = await a.PostAsync("/gsma/rsp2/es2plus/downloadOrder", new { eid = Pki.Eid, profileType = "lock" });
            Assert.AreEqual(200, st, body);
            (st, body) = await a.PostAsync("/gsma/rsp2/es2plus/confirmOrder", new { iccid, eid = Pki.Eid, confirmationCode = "1234", releaseFlag = true });
            var mid = JsonDocument.Parse(body).RootElement.GetProperty("matchingId").GetString();
            var e = new TestEuicc(Pki.Euicc.PrivateKey, Pki.Euicc.CertificateDer, Pki.Eum.CertificateDer, Pki.CiPkId);
            var init = await a.InitiateAsync(e);
            var asr = e.AuthenticateServer(init, mid);
            (_, body) = await a.PostAsync(Es9PlusHttp.Path(Es9PlusHttp.AuthenticateClient), new AuthenticateClientRequest(init.TransactionId, asr).ToJson());
            var ac = AuthenticateClientResponse.Parse(body);
            Assert.IsTrue(ac.IsExecuted, body);
            var sig1 = AuthenticateServerResponse.Decode(asr).EuiccSignature1;
            var codes = await Task.WhenAll(new[] { "0001", "0002", "0003" }.Select(cc => a.PostAsync(Es9PlusHttp.Path(Es9PlusHttp.GetBoundProfilePackage),
                new GetBoundProfilePackageRequest(init.TransactionId, e.PrepareDownload(ac, sig1, cc)).ToJson())));
            var reasons = codes.Select(x => Es9ErrorResponse.Parse(x.Body).Header.StatusCodeData.ReasonCode).OrderBy(x => x).ToArray();
            CollectionAssert.AreEquivalent(new[] { Es9StatusCodes.ConfirmationCodeRefused.ReasonCode, Es9StatusCodes.ConfirmationCodeRefused.ReasonCode,
                Es9StatusCodes.ConfirmationCodeRetriesExceeded.ReasonCode }.OrderBy(x => x).ToArray(), reasons, "three concurrent wrong codes count three times");
            var order = await a.Store.GetOrderByIccidAsync(iccid);
            Assert.AreEqual(OrderStates.Locked, order.State);
            Assert.AreEqual(3L, order.CcAttempts);
        }

        private interface IPoster
        {
            Task<(int Status, string Body)> PostAsync(string path, string json);
        }

        /// <summary>An SM-DP+ (with SM-DS) on real Kestrel over the test database.</summary>
        private sealed class Instance : IAsyncDisposable, IPoster
        {
            public WebApplication App;
            public HttpClient Http;
            public SmDpStore Store => App.Services.GetRequiredService<SmDpStore>();

            public static async Task<Instance> StartAsync(TestDatabase db)
            {
                var b = WebApplication.CreateSlimBuilder();
                b.Logging.ClearProviders();
                b.WebHost.UseSmDpKestrel(Pki.Directory, System.Net.IPAddress.Loopback, 0, plainHttp: true);
                b.Services.AddIotEsimStorage(o => db.Configure(o, migrateOnStart: true));
                b.Services.AddSmDpPlus(o => { o.ServerAddress = Address; o.UseTestPki(Pki); o.Es12Scheme = "http"; });
                b.Services.AddSmDs(o => { o.ServerAddress = "testsmds.example.com"; o.UseTestPki(Pki); });
                var i = new Instance { App = b.Build() };
                i.App.MapSmDpPlus();
                i.App.MapSmDs();
                await i.App.StartAsync();
                var addr = i.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First().Replace("0.0.0.0", "127.0.0.1");
                i.Http = new HttpClient { BaseAddress = new Uri(addr), Timeout = TimeSpan.FromSeconds(60) };
                return i;
            }

            public Task<(int Status, string Body)> PostAsync(string path, object body) => PostAsync(path, JsonSerializer.Serialize(body));

            public async Task<(int Status, string Body)> PostAsync(string path, string json)
            {
                using var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
                req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                req.Headers.TryAddWithoutValidation("User-Agent", "gsma-rsp-lpad");
                req.Headers.TryAddWithoutValidation("X-Admin-Protocol", "gsma/rsp/v2.2.2");
                using var resp = await Http.SendAsync(req);
                return ((int)resp.StatusCode, await resp.Content.ReadAsStringAsync());
            }

            public async Task<InitiateAuthenticationResponse> InitiateAsync(TestEuicc e)
            {
                var (st, body) = await PostAsync(Es9PlusHttp.Path(Es9PlusHttp.InitiateAuthentication), e.InitiateAuthenticationJson(Address));
                Assert.AreEqual(200, st, body);
                return InitiateAuthenticationResponse.Parse(body);
            }

            public async ValueTask DisposeAsync()
            {
                Http?.Dispose();
                await App.StopAsync();
                await App.DisposeAsync();
            }
        }
    }
}
