using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Servers.Storage;
using IotEsim.Tests.Servers;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Eim
{
    /// <summary>The eIM's ESipa ASN.1 binding over real Kestrel and SQLite, driven by the captured onomondo-ipa requests.</summary>
    [TestClass]
    public class EsipaEndpointTests
    {
        private static readonly BclCryptoProvider Crypto = new BclCryptoProvider();
        private const string CapturedTx = "A851CF86F73EFBC08B7C443B6979FB30";

        private static byte[] Psmo(string file) => File.ReadAllBytes(TestData.Path("esipa-v1.0/psmo-listProfileInfo/" + file));

        private static async Task<TestEimHost> CapturedPsmoHostAsync(bool consumerEmulation)
        {
            var h = await EsipaTestHost.StartAsync(o => o.NewTransactionId = _ => Hex.Decode(CapturedTx));
            await h.Get<DeviceStore>().RegisterAsync(new NewDevice(EsipaTestHost.CapturedEid, "eIM", "1", null,
                consumerEmulation ? new[] { "consumer-euicc-emulation" } : Array.Empty<string>()));
            // A real IoT eUICC's results are checked with its certificate (here the test PKI's, which the placeholder cannot match).
            if (!consumerEmulation)
                await h.Get<EsipaStore>().MergeStateAsync(EsipaTestHost.CapturedEid, s => s["euiccCertificate"] = Convert.ToBase64String(EsipaTestHost.Pki.Euicc.CertificateDer));
            await h.Get<JobStore>().CreateAsync("listProfiles", "{}", "{\"eids\":[\"" + EsipaTestHost.CapturedEid + "\"]}", "test", new[] { EsipaTestHost.CapturedEid });
            return h;
        }

        [TestMethod]
        public async Task Interop_CapturedListProfileInfo_SignedPackage_StoredProfiles_Ack_ThenNoPackage()
        {
            await using var h = await CapturedPsmoHostAsync(consumerEmulation: true);
            using var c = h.Client();

            var (st, body, resp) = await EsipaTestHost.PostAsync(c, Psmo("01-GetEimPackageRequest.der"));
            Assert.AreEqual(200, st);
            Assert.AreEqual("application/x-gsma-rsp-asn1", resp.Content.Headers.ContentType.MediaType);
            Assert.AreEqual("gsma/rsp/v2.1.0", resp.Headers.GetValues("X-Admin-Protocol").Single());
            Assert.AreEqual(0xBF, body[0]); Assert.AreEqual(0x4F, body[1]);
            var gr = (GetEimPackageResponse)EsipaCodec.DecodeFromEim(body);
            var pkg = gr.EuiccPackageRequest;
            Assert.IsNotNull(pkg, "BF4F{BF51} expected");
            Assert.AreEqual("eIM", pkg.EimId);
            Assert.AreEqual(2L, pkg.CounterValue, "configuration installed counterValue 1, so the first package carries 2");
            // Same EuiccPackageSigned bytes as onomondo-eim produced (README: signed data ... a003bf2d00).
            var captured = ((GetEimPackageResponse)EsipaCodec.DecodeFromEim(Psmo("02-GetEimPackageResponse-euiccPackageRequest.der"))).EuiccPackageRequest;
            Assert.AreEqual(Hex.Encode(captured.EncodeSigned()), Hex.Encode(pkg.EncodeSigned()));
            // eimSignature over DER(EuiccPackageSigned) || 84 01 01, checked with the eIM public key.
            var signed = pkg.SignedDataToVerify(1);
            Assert.AreEqual(Hex.Encode(pkg.EncodeSigned()) + "840101", Hex.Encode(signed));
            Assert.IsTrue(Crypto.EcdsaVerifyHash(EsipaTestHost.Pki.Eim.PublicKey, Crypto.Sha256(signed, 0, signed.Length), pkg.EimSignature));

            (st, body, _) = await EsipaTestHost.PostAsync(c, Psmo("03-ProvideEimPackageResult.der"));
            Assert.AreEqual(200, st);
            // v1.0 ProvideEimPackageResultResponse: BF50 {BF53 {80 01 00}} acknowledging the EPR's seqNumber 0.
            Assert.AreEqual("BF5006BF5303800100", Hex.Encode(body).ToUpperInvariant());
            var dev = await h.Get<DeviceStore>().GetAsync(EsipaTestHost.CapturedEid);
            Assert.AreEqual(1, dev.Profiles.Count);
            Assert.AreEqual("8949449999999990023", dev.Profiles[0].Iccid);
            Assert.AreEqual("disabled", dev.Profiles[0].State);
            StringAssert.Contains(dev.StateJson, "\"esipaVersion\":\"1.0\"");
            var items = await h.Get<JobStore>().ListItemsForDeviceAsync(EsipaTestHost.CapturedEid, 10);
            Assert.AreEqual(ItemStates.Done, items.Single().State);
            StringAssert.Contains(items.Single().ResultJson, "8949449999999990023");

            (st, body, _) = await EsipaTestHost.PostAsync(c, Psmo("05-GetEimPackageRequest.der"));
            Assert.AreEqual(200, st);
            Assert.AreEqual(Hex.Encode(Psmo("06-GetEimPackageResponse-eimPackageError.der")), Hex.Encode(body));
            Assert.AreEqual("BF4F03020101", Hex.Encode(body).ToUpperInvariant());
        }

        [TestMethod]
        public async Task PlaceholderSignature_IsRejected_ForADeviceNotFlaggedAsConsumerEmulation()
        {
            await using var h = await CapturedPsmoHostAsync(consumerEmulation: false);
            using var c = h.Client();
            Assert.AreEqual(200, (await EsipaTestHost.PostAsync(c, Psmo("01-GetEimPackageRequest.der"))).Status);
            var (st, body, _) = await EsipaTestHost.PostAsync(c, Psmo("03-ProvideEimPackageResult.der"));
            Assert.AreEqual(403, st, "v1.0 has no error alternative; the result is refused at HTTP level");
            Assert.AreEqual(0, body.Length);
            var dev = await h.Get<DeviceStore>().GetAsync(EsipaTestHost.CapturedEid);
            Assert.AreEqual(0, dev.Profiles.Count);
            Assert.AreEqual(ItemStates.Sent, (await h.Get<JobStore>().ListItemsForDeviceAsync(EsipaTestHost.CapturedEid, 10)).Single().State);
        }

        private static byte[] GetPackageRequest(string eid)
            => new GetEimPackageRequest { Eid = Hex.Decode(eid) }.Encode(Sgp32Version.V1_2);

        [TestMethod]
        public async Task Malformed_Unknown_Unauthorised_Replayed_AnswerErrors_WithoutStateChange()
        {
            await using var h = await EsipaTestHost.StartAsync();
            var pki = EsipaTestHost.Pki;
            var eid = EsipaTestHost.CapturedEid;
            var devices = h.Get<DeviceStore>();
            await devices.RegisterAsync(new NewDevice(eid, "eIM", "7", null, Array.Empty<string>()));
            await h.Get<EsipaStore>().MergeStateAsync(eid, s => s["euiccCertificate"] = Convert.ToBase64String(pki.Euicc.CertificateDer));
            await devices.UpsertProfileAsync(eid, "8949449999999990023", "enabled", null, null);
            await h.Get<JobStore>().CreateAsync("disable", "{\"iccid\":\"8949449999999990023\"}", "{}", "test", new[] { eid });
            using var c = h.Client();

            // Transport and syntax errors: HTTP status, nothing claimed.
            var good = GetPackageRequest(eid);
            Assert.AreEqual(415, (await EsipaTestHost.PostAsync(c, good, contentType: "application/json")).Status);
            Assert.AreEqual(400, (await EsipaTestHost.PostAsync(c, good, adminProtocol: null)).Status);
            Assert.AreEqual(400, (await EsipaTestHost.PostAsync(c, good, adminProtocol: "gsma/other")).Status);
            Assert.AreEqual(400, (await EsipaTestHost.PostAsync(c, good.Take(good.Length - 3).ToArray())).Status);
            Assert.AreEqual(400, (await EsipaTestHost.PostAsync(c, new byte[] { 0xBF, 0x4F, 0x81, 0xFF, 0x00 })).Status);
            Assert.AreEqual(400, (await EsipaTestHost.PostAsync(c, new byte[0])).Status);
            Assert.AreEqual(400, (await EsipaTestHost.PostAsync(c, Hex.Decode("BF99020500"))).Status);
            Assert.AreEqual(ItemStates.Pending, (await h.Get<JobStore>().ListItemsForDeviceAsync(eid, 10)).Single().State);

            // Unknown EID: eimPackageError eidNotFound(2).
            var (st, body, _) = await EsipaTestHost.PostAsync(c, GetPackageRequest("89049032000000000000000000000999"));
            Assert.AreEqual(200, st);
            Assert.AreEqual("BF4F03020102", Hex.Encode(body).ToUpperInvariant());

            (st, body, _) = await EsipaTestHost.PostAsync(c, good);
            var pkg = ((GetEimPackageResponse)EsipaCodec.DecodeFromEim(body)).EuiccPackageRequest;
            Assert.AreEqual(2L, pkg.CounterValue);
            Assert.AreEqual(Psmo_Disable, ((Psmo)pkg.Psmos[0]).Kind);
            var signed = pkg.SignedDataToVerify(7);
            Assert.IsTrue(Crypto.EcdsaVerifyHash(pki.Eim.PublicKey, Crypto.Sha256(signed, 0, signed.Length), pkg.EimSignature));

            EuiccPackageResult Result(long counter, byte[] tx)
            {
                var r = new EuiccPackageResult { EimId = "eIM", CounterValue = counter, EimTransactionId = tx, SeqNumber = 5 };
                r.Results.Add(EuiccResultItem.Simple(EuiccResultItem.DisableResult, EuiccResultCode.Ok));
                r.Sign(Crypto, pki.Euicc.PrivateKey, 7);
                return r;
            }
            byte[] Provide(EuiccPackageResult r) => new ProvideEimPackageResult
            {
                Eid = Hex.Decode(eid), Result = new EimPackageResult { Kind = EimPackageResult.KindEuiccPackageResult, EuiccPackageResult = r },
            }.Encode(Sgp32Version.V1_2);

            // Forged signature (signed with the eIM key, not the eUICC's): undefinedError, nothing stored.
            var forged = new EuiccPackageResult { EimId = "eIM", CounterValue = 2, EimTransactionId = pkg.EimTransactionId, SeqNumber = 5 };
            forged.Results.Add(EuiccResultItem.Simple(EuiccResultItem.DisableResult, EuiccResultCode.Ok));
            forged.Sign(Crypto, pki.Eim.PrivateKey, 7);
            (st, body, _) = await EsipaTestHost.PostAsync(c, Provide(forged));
            Assert.AreEqual("BF500302017F", Hex.Encode(body).ToUpperInvariant());
            // Wrong counter for the transaction: refused too.
            (st, body, _) = await EsipaTestHost.PostAsync(c, Provide(Result(3, pkg.EimTransactionId)));
            Assert.AreEqual("BF500302017F", Hex.Encode(body).ToUpperInvariant());
            // Unknown transaction: refused.
            (st, body, _) = await EsipaTestHost.PostAsync(c, Provide(Result(2, new byte[16])));
            Assert.AreEqual("BF500302017F", Hex.Encode(body).ToUpperInvariant());
            // Unknown EID in a v1.2 result: eidNotFound.
            var other = new ProvideEimPackageResult { Eid = Hex.Decode("89049032000000000000000000000999"),
                Result = new EimPackageResult { Kind = EimPackageResult.KindEuiccPackageResult, EuiccPackageResult = Result(2, pkg.EimTransactionId) } };
            (st, body, _) = await EsipaTestHost.PostAsync(c, other.Encode(Sgp32Version.V1_2));
            Assert.AreEqual("BF5003020102", Hex.Encode(body).ToUpperInvariant());
            Assert.AreEqual("enabled", (await devices.GetAsync(eid)).Profiles.Single().State);
            Assert.AreEqual(ItemStates.Sent, (await h.Get<JobStore>().ListItemsForDeviceAsync(eid, 10)).Single().State);

            // The genuine result: acknowledged (BF53 {80 01 05}), profile disabled, item done.
            var genuine = Provide(Result(2, pkg.EimTransactionId));
            (st, body, _) = await EsipaTestHost.PostAsync(c, genuine);
            Assert.AreEqual("BF5006BF5303800105", Hex.Encode(body).ToUpperInvariant());
            Assert.AreEqual("disabled", (await devices.GetAsync(eid)).Profiles.Single().State);
            var job = (await h.Get<JobStore>().ListItemsForDeviceAsync(eid, 10)).Single();
            Assert.AreEqual(ItemStates.Done, job.State);

            // Replay of the same result: acknowledged again, nothing changes (job counted once).
            await devices.UpsertProfileAsync(eid, "8949449999999990023", "enabled", null, null);
            (st, body, _) = await EsipaTestHost.PostAsync(c, genuine);
            Assert.AreEqual("BF5006BF5303800105", Hex.Encode(body).ToUpperInvariant());
            Assert.AreEqual("enabled", (await devices.GetAsync(eid)).Profiles.Single().State);
            var j = await h.Get<JobStore>().GetAsync(job.JobId);
            Assert.AreEqual(1L, j.Done);
            Assert.AreEqual(0L, j.Failed);

            // Nothing left: v1.2 noEimPackageAvailable.
            (st, body, _) = await EsipaTestHost.PostAsync(c, good);
            Assert.AreEqual("BF4F03020101", Hex.Encode(body).ToUpperInvariant());
        }

        private const int Psmo_Disable = 0xA4;

        [TestMethod]
        public async Task Counters_StrictlyIncrease_Across50Jobs_TwoInstancesOneSqliteFile_NoPackageTwice()
        {
            var db = await TestDatabase.CreateAsync("sqlite");
            try
            {
                await using var a = await EsipaTestHost.StartAsync(db: db);
                await using var b = await EsipaTestHost.StartAsync(db: db);
                var eid = Eids.Make(42);
                await a.Get<DeviceStore>().RegisterAsync(new NewDevice(eid, "eIM", "1", null, new[] { "consumer-euicc-emulation" }));
                var jobs = new List<string>();
                for (int i = 0; i < 50; i++)
                    jobs.Add((await a.Get<JobStore>().CreateAsync(i % 2 == 0 ? "listProfiles" : "disable",
                        i % 2 == 0 ? "{}" : "{\"iccid\":\"894944999999999" + i.ToString("D4") + "\"}", "{}", "test", new[] { eid })).Id);

                var got = new ConcurrentBag<(long Counter, string Tx, string Signed)>();
                var req = GetPackageRequest(eid);
                async Task Poller(TestEimHost first, TestEimHost second)
                {
                    using var c1 = first.Client();
                    using var c2 = second.Client();
                    for (int n = 0; n < 200; n++)
                    {
                        var (st, body, _) = await EsipaTestHost.PostAsync(n % 2 == 0 ? c1 : c2, req);
                        Assert.AreEqual(200, st);
                        var r = (GetEimPackageResponse)EsipaCodec.DecodeFromEim(body);
                        if (r.EuiccPackageRequest == null) { Assert.AreEqual(1, r.EimPackageError); return; }
                        var p = r.EuiccPackageRequest;
                        var s = p.SignedDataToVerify(1);
                        Assert.IsTrue(Crypto.EcdsaVerifyHash(EsipaTestHost.Pki.Eim.PublicKey, Crypto.Sha256(s, 0, s.Length), p.EimSignature));
                        got.Add((p.CounterValue, Hex.Encode(p.EimTransactionId), Hex.Encode(p.EncodeSigned())));
                    }
                    Assert.Fail("poller did not drain the queue");
                }
                await Task.WhenAll(Poller(a, b), Poller(b, a), Poller(a, b));

                Assert.AreEqual(50, got.Count);
                Assert.AreEqual(50, got.Select(x => x.Counter).Distinct().Count(), "a counterValue was reused");
                Assert.AreEqual(50, got.Select(x => x.Tx).Distinct().Count(), "a package was sent twice");
                CollectionAssert.AreEqual(Enumerable.Range(2, 50).Select(x => (long)x).ToList(), got.Select(x => x.Counter).OrderBy(x => x).ToList());
                // Counter order is queue order: job k (creation order) got counter k + 2.
                var items = new List<JobItemRecord>();
                foreach (var id in jobs) items.AddRange(await a.Get<JobStore>().ListItemsAsync(id, 10, 0));
                Assert.IsTrue(items.All(i => i.State == ItemStates.Sent && i.Attempts == 1));
                var store = a.Get<EsipaStore>();
                for (int k = 0; k < 50; k++)
                {
                    var p = await store.FindByCounterAsync(eid, k + 2);
                    Assert.AreEqual(items[k].Id, p.JobItemId, "counter " + (k + 2) + " belongs to job " + k);
                }
            }
            finally { await db.DisposeAsync(); }
        }
    }
}
