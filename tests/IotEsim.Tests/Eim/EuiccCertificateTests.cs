using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Servers.Storage;
using IotEsim.Tests.EndToEnd;
using IotEsim.Tests.Servers;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Eim
{
    /// <summary>
    /// How the eIM learns PK.EUICC for devices that download directly (SGP.32 §2.11): at registration through the fleet
    /// API, or by an IpaEuiccDataRequest for the EUM and eUICC certificates before the first eUICC package (or when a
    /// result arrives it cannot verify yet). Runs the real IPA engine against the C# eUICC and the eIM on loopback.
    /// </summary>
    [TestClass]
    public class EuiccCertificateTests
    {
        [TestMethod]
        [Timeout(240000)]
        public async Task DirectDownload_ThenEnable_EimAsksForCertificates_VerifiesChain_ThenSendsPackage()
        {
            await using var lab = await LoopbackLab.StartAsync(tls: false);
            await using var eim = await StartEimAsync(lab);
            await eim.Get<DeviceStore>().RegisterAsync(new NewDevice(lab.Eid, "eIM", null, null, Array.Empty<string>()));
            var iccid = await InstallDirectlyAsync(lab, eim);
            var state = await StateAsync(eim, lab.Eid);
            Assert.IsNull(state["euiccCertificate"], "a direct download shows the eIM no certificate");

            await eim.Get<JobStore>().CreateAsync(JobKinds.Enable, JsonSerializer.Serialize(new { iccid }), "{}", "test", new[] { lab.Eid });
            using var http = lab.Http();
            var wire = new RecordingHttp(http);
            RunToIdle(lab, wire);

            Assert.AreEqual(1, lab.Profiles().Get(0).ProfileState, "the enable PSMO ran");
            var item = (await eim.Get<JobStore>().ListItemsForDeviceAsync(lab.Eid, 1)).Single();
            Assert.AreEqual(ItemStates.Done, item.State, item.Error);
            Assert.AreEqual(0, lab.PendingNotifications(), "the signed result was verified and acknowledged");

            // On the wire: BF4F{BF52 {5C A5A6, 83 tx}} first, the IPA's certificates, and only then BF4F{BF51}.
            var answers = wire.EimAnswers();
            int dataReq = answers.FindIndex(a => a is GetEimPackageResponse g && g.IpaEuiccDataRequest != null);
            int pkg = answers.FindIndex(a => a is GetEimPackageResponse g && g.EuiccPackageRequest != null);
            Assert.IsTrue(dataReq >= 0 && pkg > dataReq, "IpaEuiccDataRequest precedes the eUICC package");
            var ied = ((GetEimPackageResponse)answers[dataReq]).IpaEuiccDataRequest;
            Assert.AreEqual("A5A6", Hex.Encode(ied.TagList).ToUpperInvariant());
            Assert.IsNotNull(ied.EimTransactionId);
            var provided = wire.IpaResults().Single(r => r.Result.Kind == EimPackageResult.KindIpaEuiccDataResponse).Result.IpaEuiccDataResponse;
            Assert.IsNotNull(provided.Element(0xA5));
            Assert.IsNotNull(provided.Element(0xA6));

            state = await StateAsync(eim, lab.Eid);
            Assert.AreEqual(Convert.ToBase64String(lab.Dp.Pki.Euicc.CertificateDer), state["euiccCertificate"]?.GetValue<string>());
            Assert.AreEqual(Convert.ToBase64String(lab.Dp.Pki.Eum.CertificateDer), state["eumCertificate"]?.GetValue<string>());
            var request = await eim.Get<EsipaStore>().FindOpenAsync(lab.Eid, EimPackageService.KindEuiccData);
            Assert.IsNull(request, "the certificate request was answered");

            // Known now: the next package goes out without asking again.
            await eim.Get<JobStore>().CreateAsync(JobKinds.Disable, JsonSerializer.Serialize(new { iccid }), "{}", "test", new[] { lab.Eid });
            wire.Clear();
            RunToIdle(lab, wire);
            Assert.AreEqual(0, lab.Profiles().Get(0).ProfileState);
            Assert.IsFalse(wire.EimAnswers().Any(a => a is GetEimPackageResponse g && g.IpaEuiccDataRequest != null));
        }

        /// <summary>
        /// A result the eIM cannot verify yet (its package went out while PK.EUICC was known, the record was lost since) is
        /// held unacknowledged; the next GetEimPackage asks for the certificates, and their answer verifies, applies and
        /// acknowledges the held result. Raw ESipa: our IPA cannot leave an EPR unacknowledged in the eUICC's list today
        /// (its notification listing refuses BF51 entries), so the eUICC side is the test PKI's key.
        /// </summary>
        [TestMethod]
        public async Task ResultWithoutCertificate_IsHeldUnacknowledged_ThenVerifiedAfterIpaEuiccData()
        {
            await using var eim = await EsipaTestHost.StartAsync();
            var pki = EsipaTestHost.Pki;
            var eid = pki.Eid;
            var store = eim.Get<EsipaStore>();
            await eim.Get<DeviceStore>().RegisterAsync(new NewDevice(eid, "eIM", "1", null, Array.Empty<string>()));
            await eim.Get<EimPackageService>().RecordEuiccCertificateAsync(eid, pki.Euicc.CertificateDer, default);
            const string iccid = "8949449999999990023";
            await eim.Get<JobStore>().CreateAsync(JobKinds.Enable, JsonSerializer.Serialize(new { iccid }), "{}", "test", new[] { eid });
            using var c = eim.Client();
            var poll = new GetEimPackageRequest { Eid = Hex.Decode(eid) }.Encode(Sgp32Version.V1_2);

            var (st, body, _) = await EsipaTestHost.PostAsync(c, poll);
            var pkg = ((GetEimPackageResponse)EsipaCodec.DecodeFromEim(body)).EuiccPackageRequest;
            Assert.IsNotNull(pkg);
            await store.MergeStateAsync(eid, s => s.Remove("euiccCertificate"));

            var epr = new EuiccPackageResult { EimId = "eIM", CounterValue = pkg.CounterValue, EimTransactionId = pkg.EimTransactionId, SeqNumber = 5 };
            epr.Results.Add(EuiccResultItem.Simple(EuiccResultItem.EnableResult, 0));
            epr.Sign(Crypto, pki.Euicc.PrivateKey, 1);
            var provide = new ProvideEimPackageResult { Eid = Hex.Decode(eid), Result = new EimPackageResult { Kind = EimPackageResult.KindEuiccPackageResult, EuiccPackageResult = epr } };
            (st, body, _) = await EsipaTestHost.PostAsync(c, provide.Encode(Sgp32Version.V1_2));
            Assert.AreEqual(200, st);
            var held = (ProvideEimPackageResultResponse)EsipaCodec.DecodeFromEim(body);
            Assert.IsTrue(held.IsEmpty, "an unverified result is neither refused nor acknowledged");
            Assert.AreEqual(1, (await store.ListUnverifiedAsync(eid)).Count);
            Assert.AreEqual(ItemStates.Sent, (await eim.Get<JobStore>().ListItemsForDeviceAsync(eid, 1)).Single().State);

            (st, body, _) = await EsipaTestHost.PostAsync(c, poll);
            var ask = ((GetEimPackageResponse)EsipaCodec.DecodeFromEim(body)).IpaEuiccDataRequest;
            Assert.IsNotNull(ask, "the eIM asks for the certificates");
            Assert.AreEqual("A5A6", Hex.Encode(ask.TagList).ToUpperInvariant());

            // IpaEuiccData: eumCertificate [5] and euiccCertificate [6], implicitly tagged (the Certificate's 30 becomes A5/A6).
            var data = new IpaEuiccDataResponse();
            data.Add(0xA5, Value(pki.Eum.CertificateDer));
            data.Add(0xA6, Value(pki.Euicc.CertificateDer));
            data.Add(0x87, ask.EimTransactionId);
            provide = new ProvideEimPackageResult { Eid = Hex.Decode(eid), Result = new EimPackageResult { Kind = EimPackageResult.KindIpaEuiccDataResponse, IpaEuiccDataResponse = data } };
            (st, body, _) = await EsipaTestHost.PostAsync(c, provide.Encode(Sgp32Version.V1_2));
            Assert.AreEqual(200, st);
            var acked = (ProvideEimPackageResultResponse)EsipaCodec.DecodeFromEim(body);
            CollectionAssert.AreEqual(new object[] { 5L }, acked.Acknowledgements.SequenceNumbers.ToArray(), "the held result is acknowledged once verified");

            var item = (await eim.Get<JobStore>().ListItemsForDeviceAsync(eid, 1)).Single();
            Assert.AreEqual(ItemStates.Done, item.State, item.Error);
            Assert.AreEqual("enabled", (await eim.Get<DeviceStore>().GetAsync(eid)).Profiles.Single(p => p.Iccid == iccid).State);
            Assert.AreEqual(0, (await store.ListUnverifiedAsync(eid)).Count);
            Assert.AreEqual(Convert.ToBase64String(pki.Euicc.CertificateDer), (await StateAsync(eim, eid))["euiccCertificate"]?.GetValue<string>());

            // The same certificate answer again matches no open request: refused, nothing changes.
            (st, body, _) = await EsipaTestHost.PostAsync(c, provide.Encode(Sgp32Version.V1_2));
            Assert.AreEqual(127, ((ProvideEimPackageResultResponse)EsipaCodec.DecodeFromEim(body)).ErrorCode);
            (st, body, _) = await EsipaTestHost.PostAsync(c, poll);
            Assert.AreEqual(1, ((GetEimPackageResponse)EsipaCodec.DecodeFromEim(body)).EimPackageError);
        }

        private static readonly IotEsim.Rsp.Desktop.BclCryptoProvider Crypto = new IotEsim.Rsp.Desktop.BclCryptoProvider();

        private static byte[] Value(byte[] tlv) => IotEsim.Rsp.Asn1.TlvReader.Parse(tlv).Value();

        [TestMethod]
        [Timeout(240000)]
        public async Task CertificatesFromAnUntrustedCi_FailTheJob_WithTheReason_AndNothingIsSent()
        {
            await using var lab = await LoopbackLab.StartAsync(tls: false);
            // This eIM trusts another CI than the one that issued the eUICC's EUM.
            await using var eim = await StartEimAsync(lab, o => { o.TrustedCis.Clear(); o.TrustedCis.Add(EsipaTestHost.Pki.Ci.CertificateDer); });
            await eim.Get<DeviceStore>().RegisterAsync(new NewDevice(lab.Eid, "eIM", null, null, Array.Empty<string>()));
            var iccid = await InstallDirectlyAsync(lab, eim);
            await eim.Get<JobStore>().CreateAsync(JobKinds.Enable, JsonSerializer.Serialize(new { iccid }), "{}", "test", new[] { lab.Eid });
            using var http = lab.Http();
            var wire = new RecordingHttp(http);
            RunToIdle(lab, wire);

            Assert.AreEqual(0, lab.Profiles().Get(0).ProfileState, "no package reached the eUICC");
            Assert.IsFalse(wire.EimAnswers().Any(a => a is GetEimPackageResponse g && g.EuiccPackageRequest != null));
            var item = (await eim.Get<JobStore>().ListItemsForDeviceAsync(lab.Eid, 1)).Single();
            Assert.AreEqual(ItemStates.Failed, item.State);
            StringAssert.Contains(item.Error, "eUICC certificate");
            StringAssert.Contains((await StateAsync(eim, lab.Eid))["euiccCertificateError"]?.GetValue<string>(), "does not verify");
            Assert.IsNull((await StateAsync(eim, lab.Eid))["euiccCertificate"]);
        }

        [TestMethod]
        public async Task FleetRegistration_WithCertificate_VerifiesChainAndEid()
        {
            await using var eim = await EsipaTestHost.StartAsync();
            var pki = EsipaTestHost.Pki;
            using var api = eim.Client(eim.AdminKey);
            string der = Convert.ToBase64String(pki.Euicc.CertificateDer), eum = Convert.ToBase64String(pki.Eum.CertificateDer);
            var other = pki.IssueEuicc(pki.NewEid(777));

            async Task<(int Status, string Body)> Register(object body)
            {
                var r = await api.PostAsJsonAsync("/api/v1/devices", body);
                return ((int)r.StatusCode, await r.Content.ReadAsStringAsync());
            }

            // Refusals (400 problem+json naming the field); nothing is registered.
            var (st, text) = await Register(new { eid = pki.Eid, euiccCertificate = der });
            Assert.AreEqual(400, st); StringAssert.Contains(text, "EUM certificate");
            (st, text) = await Register(new { eid = other.Certificate.Eid, euiccCertificate = der, eumCertificate = eum });
            Assert.AreEqual(400, st); StringAssert.Contains(text, "names EID " + pki.Eid);
            (st, text) = await Register(new { eid = pki.Eid, euiccCertificate = "not a certificate", eumCertificate = eum });
            Assert.AreEqual(400, st); StringAssert.Contains(text, "euiccCertificate");
            (st, text) = await Register(new { eid = pki.Eid, euiccCertificate = der, eumCertificate = Convert.ToBase64String(pki.DpAuth.CertificateDer) });
            Assert.AreEqual(400, st); StringAssert.Contains(text, "does not verify");
            (st, text) = await Register(new { eid = pki.Eid, eumCertificate = eum });
            Assert.AreEqual(400, st); StringAssert.Contains(text, "euiccCertificate is required");
            Assert.AreEqual(0, await eim.Get<DeviceStore>().CountAsync());

            // Base64 DER with the EUM beside it, and a PEM chain (EUM first): both stored for result verification.
            (st, text) = await Register(new { eid = pki.Eid, euiccCertificate = der, eumCertificate = eum });
            Assert.AreEqual(201, st, text);
            var pem = File.ReadAllText(pki.Eum.CertificatePemPath) + File.ReadAllText(other.CertificatePemPath);
            (st, text) = await Register(new { eid = other.Certificate.Eid, euiccCertificate = pem });
            Assert.AreEqual(201, st, text);
            Assert.AreEqual(der, (await StateAsync(eim, pki.Eid))["euiccCertificate"]?.GetValue<string>());
            Assert.AreEqual(Convert.ToBase64String(other.CertificateDer), (await StateAsync(eim, other.Certificate.Eid))["euiccCertificate"]?.GetValue<string>());
            Assert.AreEqual(eum, (await StateAsync(eim, other.Certificate.Eid))["eumCertificate"]?.GetValue<string>());
        }

        // ---- helpers ----

        private static Task<TestEimHost> StartEimAsync(LoopbackLab lab, Action<EsipaOptions> more = null)
            => EsipaTestHost.StartAsync(o =>
            {
                o.UseTestPki(lab.Dp.Pki);                            // the eUICC trusts this eIM certificate
                o.Es9BaseAddressOverride = new Uri(lab.Dp.BaseUrl);  // notification forwarding reaches our SM-DP+
                more?.Invoke(o);
            });

        private static async Task<string> InstallDirectlyAsync(LoopbackLab lab, TestEimHost eim)
        {
            EimDevice.AddEim(lab, eim);
            return await EimDevice.InstallDirectlyAsync(lab, eim);
        }

        private static void RunToIdle(LoopbackLab lab, IHttpTransport http) => EimDevice.RunToIdle(lab, http);

        private static async Task<System.Text.Json.Nodes.JsonObject> StateAsync(TestEimHost eim, string eid)
            => EsipaStore.StateOf(await eim.Get<DeviceStore>().GetAsync(eid));

        private static EimPackageResult Decode(byte[] provide) => ((ProvideEimPackageResult)EsipaCodec.DecodeFromIpa(provide)).Result;

        /// <summary>The IPA's real HTTP, with every ESipa request and answer kept for assertions.</summary>
        private sealed class RecordingHttp : IHttpTransport
        {
            private readonly IHttpTransport _inner;
            private readonly List<(byte[] Request, byte[] Answer)> _esipa = new List<(byte[], byte[])>();

            public RecordingHttp(IHttpTransport inner) { _inner = inner; }

            public HttpResponse Post(string url, string[] headerNames, string[] headerValues, byte[] body)
            {
                bool esipa = url.EndsWith("/gsma/rsp2/asn1", StringComparison.Ordinal);
                var r = _inner.Post(url, headerNames, headerValues, body);
                if (!esipa) return r;
                var answer = FaultyHttp.ReadAll(r);
                _esipa.Add((body, answer));
                var copy = new HttpResponse(r.StatusCode, new[] { "Content-Type", "X-Admin-Protocol" },
                    new[] { "application/x-gsma-rsp-asn1", "gsma/rsp/v2.1.0" }, new MemoryStream(answer), null);
                r.Dispose();
                return copy;
            }

            public void Clear() => _esipa.Clear();

            public List<EsipaMessage> EimAnswers()
                => _esipa.Where(x => x.Answer.Length > 0).Select(x => EsipaCodec.DecodeFromEim(x.Answer)).ToList();

            /// <summary>Every ProvideEimPackageResult the IPA sent, with the eIM's answer, in order.</summary>
            public List<(EimPackageResult Result, ProvideEimPackageResultResponse Answer)> IpaResults()
                => _esipa.Where(x => x.Request[0] == 0xBF && x.Request[1] == 0x50)
                    .Select(x => (Decode(x.Request), (ProvideEimPackageResultResponse)EsipaCodec.DecodeFromEim(x.Answer))).ToList();
        }
    }
}
