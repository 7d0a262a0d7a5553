using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using IotEsim.Servers.Eim.Esipa;
using IotEsim.Servers.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Servers
{
    /// <summary>
    /// The eIM's ESipa queries (EsipaStore over job_items, eim_counters, eim_packages, devices.state) on SQLite and
    /// PostgreSQL, with two instances on one database as two eIM processes would be.
    /// </summary>
    [TestClass]
    public class EsipaStorageTests
    {
        private static async Task<(ServiceProvider A, ServiceProvider B)> InstancesAsync(TestDatabase db)
        {
            var a = db.NewInstance();
            var b = db.NewInstance();
            await a.GetRequiredService<IServerDatabase>().MigrateAsync();
            return (a, b);
        }

        private static EsipaStore Esipa(ServiceProvider p) => new EsipaStore(p.GetRequiredService<IServerDatabase>());

        [TestMethod]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        public async Task Claims_PerEidQueue_CountersStrictlyIncrease_SkipLocked_NoItemTwice(string dialect)
        {
            await using var db = await TestDatabase.CreateAsync(dialect);
            var (a, b) = await InstancesAsync(db);
            using var _a = a; using var _b = b;
            var jobs = a.GetRequiredService<JobStore>();
            string e1 = Eids.Make(1), e2 = Eids.Make(2);
            foreach (var e in new[] { e1, e2 }) await a.GetRequiredService<DeviceStore>().RegisterAsync(new NewDevice(e, "eIM", null, null, Array.Empty<string>()));
            var created = new List<string>();
            for (int i = 0; i < 12; i++)
                created.Add((await jobs.CreateAsync(JobKinds.Disable, "{\"iccid\":\"89000000000000000" + i.ToString("D2") + "\"}", "{}", "t", new[] { e1 })).Id);
            await jobs.CreateAsync(JobKinds.ListProfiles, "{}", "{}", "t", new[] { e2 });

            // Six claimers on two instances race for e1's queue (FOR UPDATE SKIP LOCKED on PostgreSQL, one writer on SQLite).
            var stores = new[] { Esipa(a), Esipa(b) };
            var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
            {
                var mine = new List<ClaimedPackageSlot>();
                while (await stores[i % 2].ClaimNextAsync(e1, 1, "c" + i, TimeSpan.FromMinutes(1)) is { } s) mine.Add(s);
                return mine;
            })));
            var all = claims.SelectMany(x => x).ToList();
            Assert.AreEqual(12, all.Count);
            Assert.AreEqual(12, all.Select(x => x.ItemId).Distinct().Count(), "an item was claimed twice");
            foreach (var mine in claims)
                for (int k = 1; k < mine.Count; k++) Assert.IsTrue(mine[k].CounterValue > mine[k - 1].CounterValue, "counter went backwards");
            // Counter order is queue order: the k-th job got counter k + 2 (configured initial value 1).
            var byCounter = all.OrderBy(x => x.CounterValue).ToList();
            CollectionAssert.AreEqual(Enumerable.Range(2, 12).Select(x => (long)x).ToList(), byCounter.Select(x => x.CounterValue).ToList());
            CollectionAssert.AreEqual(created, byCounter.Select(x => x.JobId).ToList());
            Assert.IsFalse(await stores[0].HasClaimableWorkAsync(e1, JobKinds.Download));

            // Counters are per EID; the other EID's queue is untouched.
            Assert.IsTrue(await stores[1].HasClaimableWorkAsync(e2, JobKinds.Download));
            Assert.IsFalse(await stores[1].HasClaimableWorkAsync(e2, JobKinds.ListProfiles), "only work of other kinds counts");
            var s2 = await stores[1].ClaimNextAsync(e2, 1, "x", TimeSpan.FromSeconds(-1));
            Assert.AreEqual(2L, s2.CounterValue);
            // An expired lease is claimed again, with a new, larger counter value.
            var again = await stores[0].ClaimNextAsync(e2, 1, "y", TimeSpan.FromMinutes(1));
            Assert.AreEqual(s2.ItemId, again.ItemId);
            Assert.AreEqual(3L, again.CounterValue);
            Assert.IsNull(await stores[1].ClaimNextAsync(e2, 1, "x", TimeSpan.FromMinutes(1)));
        }

        [TestMethod]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        public async Task SentPackages_FindByTransactionCounterOpen_CompleteOnce_Unverified(string dialect)
        {
            await using var db = await TestDatabase.CreateAsync(dialect);
            var (a, b) = await InstancesAsync(db);
            using var _a = a; using var _b = b;
            var sa = Esipa(a);
            var sb = Esipa(b);
            var eid = Eids.Make(5);
            await a.GetRequiredService<DeviceStore>().RegisterAsync(new NewDevice(eid, "eIM", null, null, Array.Empty<string>()));
            var id = await sa.RecordSentAsync(eid, null, 7, EimPackageService.KindEuiccPackage, "A1B2", new JsonObject { ["jobId"] = "j1", ["eimTransactionId"] = "ignored" });
            await sa.RecordSentAsync(eid, null, 0, EimPackageService.KindEuiccData, "C3D4", new JsonObject());
            await sa.RecordSentAsync(Eids.Make(6), null, 7, EimPackageService.KindEuiccPackage, "A1B2FF", new JsonObject());

            var p = await sb.FindByTransactionIdAsync("A1B2");
            Assert.AreEqual(id, p.Id);
            Assert.AreEqual("A1B2", p.Payload["eimTransactionId"]!.GetValue<string>(), "the payload begins with the transaction id, given ones are replaced");
            Assert.AreEqual("j1", p.Payload["jobId"]!.GetValue<string>());
            Assert.AreEqual(id, (await sb.FindByCounterAsync(eid, 7)).Id);
            Assert.AreEqual(id, (await sb.FindOpenAsync(eid, EimPackageService.KindEuiccPackage)).Id);
            Assert.AreEqual(1L, await sb.CountOpenAsync(eid, EimPackageService.KindEuiccData));

            // A result held for later verification.
            var held = (JsonObject)p.Payload.DeepClone();
            held[EsipaStore.UnverifiedResultKey] = "AAAA";
            await sb.UpdatePayloadAsync(p, held);
            Assert.AreEqual(id, (await sa.ListUnverifiedAsync(eid)).Single().Id);
            Assert.AreEqual(p.Id, (await sa.FindByTransactionIdAsync("A1B2")).Id, "still found by transaction id after the update");

            // Completed once, whichever instance is first (two concurrent completions).
            var done = await Task.WhenAll(sa.CompleteAsync(id, true, "{}"), sb.CompleteAsync(id, false, "{}"));
            Assert.AreEqual(1, done.Count(x => x));
            Assert.IsNull(await sa.FindOpenAsync(eid, EimPackageService.KindEuiccPackage));
            Assert.AreEqual(0, (await sa.ListUnverifiedAsync(eid)).Count, "only open packages hold results");
        }

        [TestMethod]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        public async Task DeviceState_ConcurrentMerges_FromTwoInstances_LoseNothing(string dialect)
        {
            await using var db = await TestDatabase.CreateAsync(dialect);
            var (a, b) = await InstancesAsync(db);
            using var _a = a; using var _b = b;
            var eid = Eids.Make(9);
            await a.GetRequiredService<DeviceStore>().RegisterAsync(new NewDevice(eid, "eIM", null, null, Array.Empty<string>(), "{\"seed\":1}"));
            var stores = new[] { Esipa(a), Esipa(b) };
            await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => stores[i % 2].MergeStateAsync(eid, s => s["k" + i] = i))));
            var state = EsipaStore.StateOf(await b.GetRequiredService<DeviceStore>().GetAsync(eid));
            Assert.AreEqual(1, state["seed"]!.GetValue<int>());
            for (int i = 0; i < 24; i++) Assert.AreEqual(i, state["k" + i]?.GetValue<int>(), "merge " + i + " was lost");
        }
    }
}
