using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Servers.Eim.Fleet;
using IotEsim.Servers.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Servers
{
    /// <summary>The eIM fleet API over real Kestrel (127.0.0.1, port 0) and a real SQLite file.</summary>
    [TestClass]
    public class FleetApiTests
    {
        private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

        private static Task<HttpResponseMessage> Post(HttpClient c, string path, object body) => c.PostAsJsonAsync(path, body);

        [TestMethod]
        public async Task ApiKey_IsRequired_RevokedKeyIs401_OpenApiIsPublic()
        {
            await using var h = await TestEimHost.StartAsync();
            using var anon = h.Client();
            var r = await anon.GetAsync("/api/v1/devices");
            Assert.AreEqual(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.AreEqual("application/problem+json", r.Content.Headers.ContentType.MediaType);
            Assert.AreEqual(401, (await Json(r)).GetProperty("status").GetInt32());

            using var wrong = h.Client("iek_" + new string('x', 43));
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/jobs")).StatusCode);

            using var admin = h.Client(h.AdminKey);
            Assert.AreEqual(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/devices")).StatusCode);
            using var viaHeader = h.Client(h.AdminKey, apiKeyHeader: true);
            Assert.AreEqual(HttpStatusCode.OK, (await viaHeader.GetAsync("/api/v1/jobs")).StatusCode);

            var created = await Json(await Post(admin, "/api/v1/keys", new { name = "ci" }));
            var key = created.GetProperty("key").GetString();
            using var ci = h.Client(key);
            Assert.AreEqual(HttpStatusCode.OK, (await ci.GetAsync("/api/v1/jobs")).StatusCode);
            Assert.AreEqual(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/keys/" + created.GetProperty("id").GetString())).StatusCode);
            var revoked = await ci.GetAsync("/api/v1/jobs");
            Assert.AreEqual(HttpStatusCode.Unauthorized, revoked.StatusCode);
            StringAssert.Contains((await Json(revoked)).GetProperty("detail").GetString(), "revoked");

            var doc = await anon.GetAsync("/openapi/v1.json");
            Assert.AreEqual(HttpStatusCode.OK, doc.StatusCode);
            var paths = (await Json(doc)).GetProperty("paths");
            foreach (var p in new[] { "/api/v1/devices", "/api/v1/devices/{eid}", "/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/webhooks" })
                Assert.IsTrue(paths.TryGetProperty(p, out _), "OpenAPI lacks " + p);
        }

        [TestMethod]
        public async Task RateLimit_PerKey_Answers429()
        {
            await using var h = await TestEimHost.StartAsync(o => { o.RateLimitPermits = 5; o.RateLimitWindow = TimeSpan.FromMinutes(5); });
            var (_, other) = await h.Get<ApiKeyStore>().CreateAsync("other");
            using var admin = h.Client(h.AdminKey);
            for (int i = 0; i < 5; i++) Assert.AreEqual(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/jobs")).StatusCode, "request " + i);
            var r = await admin.GetAsync("/api/v1/jobs");
            Assert.AreEqual((HttpStatusCode)429, r.StatusCode);
            Assert.AreEqual("application/problem+json", r.Content.Headers.ContentType.MediaType);
            Assert.IsTrue(r.Headers.Contains("Retry-After"));
            using var second = h.Client(other);
            Assert.AreEqual(HttpStatusCode.OK, (await second.GetAsync("/api/v1/jobs")).StatusCode, "limits are per key");
        }

        [TestMethod]
        public async Task DeviceRegistration_ValidatesInput()
        {
            await using var h = await TestEimHost.StartAsync();
            using var c = h.Client(h.AdminKey);
            foreach (var bad in new[] { "8904903200000000000000000000001", "8904903200000000000000000000001X", "", "890490320000000000000000000000011" })
            {
                var r = await Post(c, "/api/v1/devices", new { eid = bad });
                Assert.AreEqual(HttpStatusCode.BadRequest, r.StatusCode, bad);
                Assert.AreEqual("application/problem+json", r.Content.Headers.ContentType.MediaType);
                Assert.IsTrue((await Json(r)).GetProperty("errors").TryGetProperty("eid", out _));
            }
            var badTag = await Json(await Post(c, "/api/v1/devices", new { eid = Eids.Make(1), tags = new[] { "has space" } }));
            Assert.IsTrue(badTag.GetProperty("errors").TryGetProperty("tags", out _));

            var ok = await Post(c, "/api/v1/devices", new { eid = Eids.Make(1), eimId = "eim-lab", tags = new[] { "lab" }, group = "g1", associationToken = "t0k" });
            Assert.AreEqual(HttpStatusCode.Created, ok.StatusCode);
            Assert.AreEqual("/api/v1/devices/" + Eids.Make(1), ok.Headers.Location.OriginalString);
            Assert.AreEqual(HttpStatusCode.Conflict, (await Post(c, "/api/v1/devices", new { eid = Eids.Make(1) })).StatusCode);
            var got = await Json(await c.GetAsync("/api/v1/devices/" + Eids.Make(1)));
            Assert.AreEqual("eim-lab", got.GetProperty("device").GetProperty("eimId").GetString());
            Assert.IsTrue(got.GetProperty("device").GetProperty("hasAssociationToken").GetBoolean());
            Assert.AreEqual(HttpStatusCode.NotFound, (await c.GetAsync("/api/v1/devices/" + Eids.Make(2))).StatusCode);
            Assert.AreEqual(HttpStatusCode.BadRequest, (await c.GetAsync("/api/v1/devices/123")).StatusCode);

            // Job parameter checks.
            var target = new { eids = new[] { Eids.Make(1) } };
            var e1 = await Json(await Post(c, "/api/v1/jobs", new { kind = "enable", parameters = new { iccid = "12345" }, target }));
            Assert.IsTrue(e1.GetProperty("errors").TryGetProperty("parameters.iccid", out _));
            var e2 = await Json(await Post(c, "/api/v1/jobs", new { kind = "download", parameters = new { activationCode = "smdp.example.com" }, target }));
            Assert.IsTrue(e2.GetProperty("errors").TryGetProperty("parameters.activationCode", out _));
            var e3 = await Json(await Post(c, "/api/v1/jobs", new { kind = "reboot", target }));
            Assert.IsTrue(e3.GetProperty("errors").TryGetProperty("kind", out _));
            var e4 = await Json(await Post(c, "/api/v1/jobs", new { kind = "listProfiles", target = new { tag = "lab", group = "g1" } }));
            Assert.IsTrue(e4.GetProperty("errors").TryGetProperty("target", out _));
            var e5 = await Json(await Post(c, "/api/v1/jobs", new { kind = "listProfiles", target = new { eids = new[] { Eids.Make(1), Eids.Make(5) } } }));
            StringAssert.Contains(e5.GetProperty("errors").GetProperty("target.eids")[0].GetString(), Eids.Make(5));
            var e6 = await Json(await Post(c, "/api/v1/jobs", new { kind = "eco", parameters = new { operation = "addEim" }, target }));
            Assert.IsTrue(e6.GetProperty("errors").TryGetProperty("parameters.eimId", out _));
            var ok2 = await Post(c, "/api/v1/jobs", new { kind = "download", parameters = new { activationCode = "LPA:1$smdp.example.com:8443$MATCH-1" }, target });
            Assert.AreEqual(HttpStatusCode.Created, ok2.StatusCode);
            var bodyless = await c.PostAsync("/api/v1/jobs", new StringContent("{not json", Encoding.UTF8, "application/json"));
            Assert.AreEqual(HttpStatusCode.BadRequest, bodyless.StatusCode);
        }

        [TestMethod]
        public async Task BulkJobByTag_CreatesOneItemPerDevice()
        {
            await using var h = await TestEimHost.StartAsync();
            using var c = h.Client(h.AdminKey);
            for (int i = 0; i < 7; i++)
                Assert.AreEqual(HttpStatusCode.Created, (await Post(c, "/api/v1/devices",
                    new { eid = Eids.Make(i), tags = i < 5 ? new[] { "fleet-a", "all" } : new[] { "all" }, group = i % 2 == 0 ? "even" : "odd" })).StatusCode);
            var r = await Post(c, "/api/v1/jobs", new { kind = "enable", parameters = new { iccid = "89440000000000000012", rollback = true }, target = new { tag = "fleet-a" } });
            Assert.AreEqual(HttpStatusCode.Created, r.StatusCode);
            var job = await Json(r);
            Assert.AreEqual(5, job.GetProperty("total").GetInt32());
            Assert.IsTrue(job.GetProperty("parameters").GetProperty("rollback").GetBoolean());
            var detail = await Json(await c.GetAsync("/api/v1/jobs/" + job.GetProperty("id").GetString()));
            var items = detail.GetProperty("items").EnumerateArray().ToList();
            CollectionAssert.AreEqual(Enumerable.Range(0, 5).Select(Eids.Make).ToList(), items.Select(i => i.GetProperty("eid").GetString()).ToList());
            Assert.IsTrue(items.All(i => i.GetProperty("state").GetString() == "pending"));
            Assert.AreEqual(5, detail.GetProperty("itemStates").GetProperty("pending").GetInt32());

            var byGroup = await Json(await Post(c, "/api/v1/jobs", new { kind = "listProfiles", target = new { group = "odd" } }));
            Assert.AreEqual(3, byGroup.GetProperty("total").GetInt32());
            var none = await Post(c, "/api/v1/jobs", new { kind = "listProfiles", target = new { tag = "nobody" } });
            Assert.AreEqual(HttpStatusCode.BadRequest, none.StatusCode);
            var list = await Json(await c.GetAsync("/api/v1/jobs"));
            Assert.AreEqual(2, list.GetProperty("items").GetArrayLength());
            var devs = await Json(await c.GetAsync("/api/v1/devices?tag=fleet-a"));
            Assert.AreEqual(5, devs.GetProperty("items").GetArrayLength());
            // The ESipa side claims the item for one device; the API shows it per device.
            var claimed = await h.Get<JobStore>().ClaimNextItemAsync("esipa-1", TimeSpan.FromMinutes(1), Eids.Make(3));
            Assert.AreEqual(job.GetProperty("id").GetString(), claimed.JobId);
            var dev = await Json(await c.GetAsync("/api/v1/devices/" + Eids.Make(3)));
            var mine = dev.GetProperty("recentJobItems").EnumerateArray().Single(i => i.GetProperty("jobId").GetString() == claimed.JobId);
            Assert.AreEqual("claimed", mine.GetProperty("state").GetString());
            Assert.AreEqual("esipa-1", mine.GetProperty("claimedBy").GetString());
        }

        [TestMethod]
        public async Task Webhook_DeliveredOnJobCompletion_WithValidSignature_AfterRetry()
        {
            // Receiver: a second Kestrel app that fails the first delivery, then accepts.
            var received = new ConcurrentQueue<(string Body, string Signature, string Event)>();
            var got = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            int calls = 0;
            var rb = WebApplication.CreateBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
            rb.WebHost.UseUrls("http://127.0.0.1:0");
            rb.Logging.ClearProviders();
            await using var receiver = rb.Build();
            receiver.MapPost("/hook", async (HttpContext ctx) =>
            {
                var body = await new System.IO.StreamReader(ctx.Request.Body).ReadToEndAsync();
                if (System.Threading.Interlocked.Increment(ref calls) == 1) return Results.StatusCode(500);
                received.Enqueue((body, ctx.Request.Headers[WebhookSignature.Header].ToString(), ctx.Request.Headers["X-IotEsim-Event"].ToString()));
                got.TrySetResult(true);
                return Results.Ok();
            });
            await receiver.StartAsync();

            await using var h = await TestEimHost.StartAsync();
            using var c = h.Client(h.AdminKey);
            const string secret = "s3cret-for-the-test-0123456789";
            var hook = await Post(c, "/api/v1/webhooks", new { url = receiver.Urls.First() + "/hook", secret, events = new[] { "job.completed" } });
            Assert.AreEqual(HttpStatusCode.Created, hook.StatusCode);
            var hookId = (await Json(hook)).GetProperty("id").GetString();
            Assert.AreEqual(HttpStatusCode.BadRequest, (await Post(c, "/api/v1/webhooks", new { url = "ftp://x" })).StatusCode);
            for (int i = 0; i < 2; i++) await Post(c, "/api/v1/devices", new { eid = Eids.Make(i), tags = new[] { "w" } });
            var job = await Json(await Post(c, "/api/v1/jobs", new { kind = "disable", parameters = new { iccid = "894400000000000001" }, target = new { tag = "w" } }));
            var jobId = job.GetProperty("id").GetString();

            var jobs = h.Get<JobStore>();
            for (int i = 0; i < 2; i++)
            {
                var item = await jobs.ClaimNextItemAsync("esipa", TimeSpan.FromMinutes(1), Eids.Make(i));
                Assert.IsTrue(await jobs.MarkSentAsync(item.ItemId, "esipa"));
                Assert.IsTrue(await jobs.CompleteItemAsync(item.ItemId, i == 0, "{\"resultCode\":0}", i == 0 ? null : "profileNotInDisabledState"));
            }
            Assert.IsTrue(await Task.WhenAny(got.Task, Task.Delay(TimeSpan.FromSeconds(20))) == got.Task, "webhook not delivered");
            Assert.IsTrue(received.TryDequeue(out var d));
            Assert.AreEqual("job.completed", d.Event);
            // Independent check of the documented scheme: HMAC-SHA256(secret, "<t>." + body).
            var parts = d.Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(parts["t"] + "." + d.Body));
            Assert.AreEqual(Convert.ToHexStringLower(mac), parts["v1"]);
            Assert.IsTrue(WebhookSignature.Verify(secret, d.Signature, d.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.IsFalse(WebhookSignature.Verify("other-secret-0123456789", d.Signature, d.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            var payload = JsonDocument.Parse(d.Body).RootElement.GetProperty("job");
            Assert.AreEqual(jobId, payload.GetProperty("id").GetString());
            Assert.AreEqual(1, payload.GetProperty("done").GetInt32());
            Assert.AreEqual(1, payload.GetProperty("failed").GetInt32());

            var status = await Json(await c.GetAsync("/api/v1/jobs/" + jobId));
            Assert.AreEqual("completed", status.GetProperty("job").GetProperty("state").GetString());
            Assert.AreEqual("profileNotInDisabledState", status.GetProperty("items")[1].GetProperty("error").GetString());
            JsonElement delivery = default;
            for (int i = 0; i < 50; i++)
            {
                delivery = (await Json(await c.GetAsync("/api/v1/webhooks/" + hookId + "/deliveries")))[0];
                if (delivery.GetProperty("state").GetString() == "delivered") break;
                await Task.Delay(100);
            }
            Assert.AreEqual("delivered", delivery.GetProperty("state").GetString());
            Assert.AreEqual(2, delivery.GetProperty("attempts").GetInt32(), "first attempt got HTTP 500 and was retried");
            await receiver.StopAsync();
        }
    }
}
