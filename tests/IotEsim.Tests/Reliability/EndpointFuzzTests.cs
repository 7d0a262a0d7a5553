using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Rsp.Es11;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Json;
using IotEsim.Rsp.Messages;
using IotEsim.Servers.Storage;
using IotEsim.Tests.Eim;
using IotEsim.Tests.SmDp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Reliability
{
    /// <summary>
    /// Server endpoint fuzzing over real HTTP (Kestrel, SQLite): seeded mutations (bit flips, truncation, DER length edits,
    /// insertions, byte swaps; <see cref="Mutator"/>) of valid request bodies for ES9+ (initiateAuthentication,
    /// authenticateClient, getBoundProfilePackage, handleNotification, cancelSession), ES11, ES2+ and ESipa
    /// (POST /gsma/rsp2/asn1, application/x-gsma-rsp-asn1).
    /// Every answer must be the binding's own form: ES9+/ES11/ES2+ HTTP 200 with header.functionExecutionStatus (Failed with
    /// subjectCode/reasonCode) or 204 for handleNotification; ESipa 200 with an eIM message that decodes, 204/200-empty, or
    /// 400 for a body that is not an ESipa request (403/404 for a rejected v1.0 message, which has no error alternative). Never a 500, never a hang (30 s client timeout as the hang guard).
    /// A rejected request must leave the database byte-for-byte as it was (hash of every row of every table).
    /// Seeds are fixed and printed; IOTESIM_SOAK=1 multiplies the counts by 50.
    /// </summary>
    [TestClass]
    public class EndpointFuzzTests
    {
        public TestContext TestContext { get; set; }
        private const int Seed = 20261122;
        private static int PerSeed => 40 * Mutator.SoakFactor;

        /// <summary>SHA-256 over every row of every table (SQLite), in a stable order.</summary>
        private static async Task<string> DbHashAsync(IServerDatabase db)
        {
            await using var c = await db.OpenAsync();
            var tables = await Sql.QueryAsync(c, null, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", r => r.GetString(0));
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var t in tables)
            {
                var rows = await Sql.QueryAsync(c, null, "SELECT * FROM \"" + t + "\"", r =>
                {
                    var sb = new StringBuilder();
                    for (int i = 0; i < r.FieldCount; i++) sb.Append(r.IsDBNull(i) ? "\u0000" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\u0001');
                    return sb.ToString();
                });
                rows.Sort(StringComparer.Ordinal);
                sha.AppendData(Encoding.UTF8.GetBytes(t + "\u0002" + string.Join("\u0003", rows)));
            }
            return Convert.ToHexString(sha.GetHashAndReset());
        }

        private static async Task<(int Status, byte[] Body)> PostAsync(HttpClient http, string path, byte[] body, string contentType, string admin)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            using var msg = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            msg.Headers.TryAddWithoutValidation("X-Admin-Protocol", admin);
            try
            {
                using var r = await http.SendAsync(msg, cts.Token);
                return ((int)r.StatusCode, await r.Content.ReadAsByteArrayAsync(cts.Token));
            }
            catch (OperationCanceledException) { throw new AssertFailedException("no answer within 30 s (hang) for " + path); }
        }

        /// <summary>True when the answer says Executed-Success; fails the test when it is not the ES9+ JSON form.</summary>
        private static bool CheckJsonAnswer(string what, int status, byte[] body)
        {
            if (status == 204 && body.Length == 0) return true;
            Assert.AreEqual(200, status, what + ": HTTP status; body " + Encoding.UTF8.GetString(body));
            ResponseHeader h;
            try { h = Es9ErrorResponse.Parse(Encoding.UTF8.GetString(body)).Header; }
            catch (Exception x) { throw new AssertFailedException(what + ": 200 without an ES9+ header: " + x.Message + " " + Encoding.UTF8.GetString(body)); }
            if (h.Status == ExecutionStatus.ExecutedSuccess || h.Status == ExecutionStatus.ExecutedWithWarning) return true;
            Assert.AreEqual(ExecutionStatus.Failed, h.Status, what);
            Assert.IsNotNull(h.StatusCodeData, what + ": Failed without statusCodeData");
            Assert.IsFalse(string.IsNullOrEmpty(h.StatusCodeData.SubjectCode), what + ": subjectCode");
            Assert.IsFalse(string.IsNullOrEmpty(h.StatusCodeData.ReasonCode), what + ": reasonCode");
            return false;
        }

        private sealed class Tally
        {
            public readonly SortedDictionary<string, int> Counts = new SortedDictionary<string, int>();
            public void Add(string k) => Counts[k] = Counts.TryGetValue(k, out int n) ? n + 1 : 1;
            public override string ToString() => string.Join(", ", Counts);
        }

        [TestMethod]
        public async Task Es9PlusEs11Es2Plus_MutatedJson_AnsweredInTheRspForm_StateUnchangedWhenRejected()
        {
            await using var s = await SmDpTestServer.StartAsync();
            // Seeds: one real order and a real session up to authenticateClient, so every body is valid in shape.
            var upp = File.ReadAllBytes(s.UppPath);
            await s.Store.AddProfileAsync("8988000000000000017", "fz", upp, "SP", "Fuzz", 2);
            await s.Store.AddProfileAsync("8988000000000000025", "fz", upp, "SP", "Fuzz", 2);
            var (_, _, ob) = await s.PostAsync("/gsma/rsp2/es2plus/downloadOrder", JsonSerializer.Serialize(new { eid = SmDpTestServer.TestEid, profileType = "fz" }));
            StringAssert.Contains(ob, "Executed-Success");
            var (_, _, cb) = await s.PostAsync("/gsma/rsp2/es2plus/confirmOrder", JsonSerializer.Serialize(new { iccid = "8988000000000000017", eid = SmDpTestServer.TestEid, releaseFlag = true }));
            string mid = JsonDocument.Parse(cb).RootElement.GetProperty("matchingId").GetString();
            var e = s.Euicc();
            string iaJson = e.InitiateAuthenticationJson(SmDpTestServer.SmdpAddress);
            var (_, _, ib) = await s.PostAsync(Es9PlusHttp.Path(Es9PlusHttp.InitiateAuthentication), iaJson);
            var init = InitiateAuthenticationResponse.Parse(ib);
            var asr = e.AuthenticateServer(init, mid);
            string acJson = new AuthenticateClientRequest(init.TransactionId, asr).ToJson();
            var (_, _, acb) = await s.PostAsync(Es9PlusHttp.Path(Es9PlusHttp.AuthenticateClient), acJson);
            var ac = AuthenticateClientResponse.Parse(acb);
            Assert.IsTrue(ac.IsExecuted, acb);
            var pdr = e.PrepareDownload(ac, AuthenticateServerResponse.Decode(asr).EuiccSignature1, null);
            string gbJson = new GetBoundProfilePackageRequest(init.TransactionId, pdr).ToJson();
            string hnJson = new HandleNotificationRequest(e.ProfileInstallationResult(e.LastTransactionId, SmDpTestServer.SmdpAddress, "8988000000000000017")).ToJson();
            string csJson = new IotEsim.Rsp.Es9Plus.CancelSessionRequest(init.TransactionId, e.CancelSession(e.LastTransactionId, CancelSessionReason.EndUserRejection)).ToJson();
            string es11Json = new TestEuicc(e.PrivateKey, e.EuiccCertificate, e.EumCertificate, e.CiPkId).InitiateAuthenticationJson(SmDpTestServer.SmdsAddress, "smdsAddress");
            string doJson = JsonSerializer.Serialize(new { eid = SmDpTestServer.TestEid, profileType = "fz" });
            string coJson = JsonSerializer.Serialize(new { iccid = "8988000000000000025", eid = SmDpTestServer.TestEid, confirmationCode = "1234", releaseFlag = false });

            var targets = new (string Name, string Path, string Json)[]
            {
                ("es9+ initiateAuthentication", Es9PlusHttp.Path(Es9PlusHttp.InitiateAuthentication), iaJson),
                ("es9+ authenticateClient", Es9PlusHttp.Path(Es9PlusHttp.AuthenticateClient), acJson),
                ("es9+ getBoundProfilePackage", Es9PlusHttp.Path(Es9PlusHttp.GetBoundProfilePackage), gbJson),
                ("es9+ handleNotification", Es9PlusHttp.Path(Es9PlusHttp.HandleNotification), hnJson),
                ("es9+ cancelSession", Es9PlusHttp.Path(Es9PlusHttp.CancelSession), csJson),
                ("es11 initiateAuthentication", Es11Http.Path(Es11Http.InitiateAuthentication), es11Json),
                ("es11 authenticateClient", Es11Http.Path(Es11Http.AuthenticateClient), acJson),
                ("es2+ downloadOrder", "/gsma/rsp2/es2plus/downloadOrder", doJson),
                ("es2+ confirmOrder", "/gsma/rsp2/es2plus/confirmOrder", coJson),
            };
            var tally = new Tally();
            string state = await DbHashAsync(s.Store.Db);
            try
            {
                for (int t = 0; t < targets.Length; t++)
                {
                    var (name, path, json) = targets[t];
                    var seedBytes = Encoding.UTF8.GetBytes(json);
                    var m = new Mutator(Seed + t);
                    for (int i = 0; i < PerSeed; i++)
                    {
                        byte[] body = m.Mutate(seedBytes, null);
                        string what = name + " #" + i + " (seed " + (Seed + t) + ") body " + Convert.ToBase64String(body);
                        var (st, answer) = await PostAsync(s.Http, path, body, "application/json", "gsma/rsp/v2.2.2");
                        bool accepted = CheckJsonAnswer(what, st, answer);
                        tally.Add(name + (accepted ? " accepted" : " rejected"));
                        string now = await DbHashAsync(s.Store.Db);
                        if (!accepted) Assert.AreEqual(state, now, what + ": a rejected request changed the database");
                        state = now;
                    }
                }
            }
            finally { TestContext.WriteLine("inputs tried (seed " + Seed + "+i, " + PerSeed + " per function): " + tally); }
        }

        [TestMethod]
        public async Task Esipa_MutatedAsn1_AnsweredInTheEsipaForm_StateUnchangedWhenRejected()
        {
            await using var smdp = await SmDpTestServer.StartAsync();
            await using var h = await EsipaTestHost.StartAsync(o => o.Es9BaseAddressOverride = new Uri(smdp.BaseUrl));
            await h.Get<DeviceStore>().RegisterAsync(new NewDevice(EsipaTestHost.CapturedEid, "eIM", "1", null, Array.Empty<string>()));
            using var c = h.Client();
            string[] seeds =
            {
                "esipa-v1.0/download/01-GetEimPackageRequest.der",
                "esipa-v1.0/download/03-InitiateAuthenticationRequestEsipa.der",
                "esipa-v1.0/download/05-AuthenticateClientRequestEsipa.der",
                "esipa-v1.0/download/07-GetBoundProfilePackageRequestEsipa.der",
                "esipa-v1.0/download/09-HandleNotificationEsipa.der",
                "esipa-v1.0/psmo-listProfileInfo/03-ProvideEimPackageResult.der",
            };
            var db = h.Get<IServerDatabase>();
            var tally = new Tally();
            string state = await DbHashAsync(db);
            try
            {
                for (int t = 0; t < seeds.Length; t++)
                {
                    var seedBytes = TestData.Bytes(seeds[t]);
                    var lengths = Mutator.LengthOffsets(seedBytes);
                    var m = new Mutator(Seed + 100 + t);
                    string name = Path.GetFileNameWithoutExtension(seeds[t]);
                    for (int i = 0; i < PerSeed; i++)
                    {
                        byte[] body = m.Mutate(seedBytes, lengths);
                        string what = name + " #" + i + " (seed " + (Seed + 100 + t) + ") body " + Convert.ToHexString(body);
                        var (st, answer) = await PostAsync(c, EsipaHttp.Asn1Path, body, EsipaHttp.Asn1ContentType, "gsma/rsp/v2.1.0");
                        bool accepted;
                        if (st == 200 && answer.Length > 0)
                        {
                            try { EsipaCodec.DecodeFromEim(answer); }
                            catch (Exception x) { throw new AssertFailedException(what + ": 200 with an undecodable eIM message: " + x.Message); }
                            accepted = true;
                        }
                        else if (st == 200 || st == 204) accepted = true;
                        else
                        {
                            // 400 for a body that is no ESipa request; 403/404 without a body are the eIM's rejections of
                            // v1.0 messages, whose response types have no error alternative (EimPackageService).
                            Assert.IsTrue(st == 400 || st == 403 || st == 404, what + ": HTTP status " + st);
                            accepted = false;
                        }
                        tally.Add(name + " " + st);
                        string now = await DbHashAsync(db);
                        if (!accepted) Assert.AreEqual(state, now, what + ": a rejected request changed the database");
                        state = now;
                    }
                }
                // Wrong content type and wrong admin protocol: the documented HTTP statuses, no state change.
                var (s415, _) = await PostAsync(c, EsipaHttp.Asn1Path, TestData.Bytes(seeds[0]), "application/json", "gsma/rsp/v2.1.0");
                Assert.AreEqual(415, s415);
                var (s400, _) = await PostAsync(c, EsipaHttp.Asn1Path, TestData.Bytes(seeds[0]), EsipaHttp.Asn1ContentType, "bogus");
                Assert.AreEqual(400, s400);
                Assert.AreEqual(state, await DbHashAsync(db));
            }
            finally { TestContext.WriteLine("inputs tried (seed " + (Seed + 100) + "+i, " + PerSeed + " per message): " + tally); }
        }
    }
}
