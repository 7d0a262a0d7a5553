using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Util;
using IotEsim.Servers.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Eim
{
    /// <summary>
    /// Indirect download: the captured IPA requests go through the eIM to a stub ES9+ server that
    /// answers the captured osmo-smdpp JSON; the eIM's ESipa answers must carry the captured values,
    /// with single (not doubled) 5F37 / 04 envelopes.
    /// </summary>
    [TestClass]
    public class EsipaRelayTests
    {
        private static byte[] Dl(string file) => File.ReadAllBytes(TestData.Path("esipa-v1.0/download/" + file));
        private static string Es9(string file) => File.ReadAllText(TestData.Path("esipa-v1.0/download/es9plus/" + file));

        [TestMethod]
        public async Task CapturedDownload_RelaysToEs9Plus_AndAnswersTheCapturedValues()
        {
            var received = new ConcurrentDictionary<string, JsonElement>();
            var sb = WebApplication.CreateBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
            sb.WebHost.UseUrls("http://127.0.0.1:0");
            sb.Logging.ClearProviders();
            await using var stub = sb.Build();
            var answers = new[] { ("initiateAuthentication", "01"), ("authenticateClient", "02"), ("getBoundProfilePackage", "03") };
            foreach (var (fn, n) in answers)
                stub.MapPost("/gsma/rsp2/es9plus/" + fn, async (HttpContext ctx) =>
                {
                    received[fn] = (await JsonDocument.ParseAsync(ctx.Request.Body)).RootElement.Clone();
                    return Results.Text(Es9(n + "-" + fn + ".response.json"), "application/json");
                });
            stub.MapPost("/gsma/rsp2/es9plus/handleNotification", async (HttpContext ctx) =>
            {
                received["handleNotification"] = (await JsonDocument.ParseAsync(ctx.Request.Body)).RootElement.Clone();
                return Results.NoContent();
            });
            await stub.StartAsync();

            await using var h = await EsipaTestHost.StartAsync(o => o.Es9BaseAddressOverride = new Uri(stub.Urls.First()));
            await h.Get<DeviceStore>().RegisterAsync(new NewDevice(EsipaTestHost.CapturedEid, "eIM", "1", null, Array.Empty<string>()));
            await h.Get<JobStore>().CreateAsync("download", "{\"activationCode\":\"1$testsmdpplus1.example.com$TS48V1-A-UNIQUE\"}", "{}", "test",
                new[] { EsipaTestHost.CapturedEid });
            using var c = h.Client();

            // 01 -> ProfileDownloadTriggerRequest with the activation code (v1.0 assumed only once proven; the
            // captured 02 has no eimTransactionId, ours as a v1.2 answer does).
            var (st, body, _) = await EsipaTestHost.PostAsync(c, Dl("01-GetEimPackageRequest.der"));
            Assert.AreEqual(200, st);
            var trig = ((GetEimPackageResponse)EsipaCodec.DecodeFromEim(body)).ProfileDownloadTriggerRequest;
            Assert.AreEqual("1$testsmdpplus1.example.com$TS48V1-A-UNIQUE", trig.ActivationCode);

            // 03 -> 04
            (st, body, _) = await EsipaTestHost.PostAsync(c, Dl("03-InitiateAuthenticationRequestEsipa.der"));
            Assert.AreEqual(200, st);
            var ia = (InitiateAuthenticationResponseEsipa)EsipaCodec.DecodeFromEim(body);
            var ia0 = (InitiateAuthenticationResponseEsipa)EsipaCodec.DecodeFromEim(Dl("04-InitiateAuthenticationResponseEsipa.der"));
            Assert.IsTrue(ia.IsOk);
            Assert.IsFalse(ia.HasDoubledEnvelope, "no doubled 5F37/04 envelope");
            Assert.IsTrue(ia0.HasDoubledEnvelope, "the captured eIM's quirk");
            Assert.AreEqual(Hex.Encode(ia0.TransactionId), Hex.Encode(ia.TransactionId));
            Assert.AreEqual(Hex.Encode(ia0.ServerSigned1), Hex.Encode(ia.ServerSigned1));
            Assert.AreEqual(Hex.Encode(ia0.ServerSignature1), Hex.Encode(ia.ServerSignature1Raw));
            Assert.AreEqual(64, ia.ServerSignature1Raw.Length);
            Assert.AreEqual(Hex.Encode(ia0.EuiccCiPKIdToBeUsed), Hex.Encode(ia.EuiccCiPKIdRaw));
            Assert.AreEqual(Hex.Encode(ia0.ServerCertificate), Hex.Encode(ia.ServerCertificate));
            var iaReq = JsonDocument.Parse(Es9("01-initiateAuthentication.request.json")).RootElement;
            foreach (var f in new[] { "smdpAddress", "euiccChallenge", "euiccInfo1" })
                Assert.AreEqual(iaReq.GetProperty(f).GetString(), received["initiateAuthentication"].GetProperty(f).GetString(), f);

            // 05 -> 06
            (st, body, _) = await EsipaTestHost.PostAsync(c, Dl("05-AuthenticateClientRequestEsipa.der"));
            Assert.AreEqual(200, st);
            var ac = (AuthenticateClientResponseEsipa)EsipaCodec.DecodeFromEim(body);
            var ac0 = (AuthenticateClientResponseEsipa)EsipaCodec.DecodeFromEim(Dl("06-AuthenticateClientResponseEsipa.der"));
            Assert.AreEqual(AuthenticateClientResponseEsipa.OkDp, ac.ResultKind);
            Assert.AreEqual(Hex.Encode(ac0.TransactionId), Hex.Encode(ac.TransactionId));
            Assert.AreEqual(Hex.Encode(ac0.SmdpSigned2), Hex.Encode(ac.SmdpSigned2));
            Assert.AreEqual(Hex.Encode(ac0.SmdpSignature2), Hex.Encode(ac.SmdpSignature2Raw));
            Assert.AreEqual(64, ac.SmdpSignature2Raw.Length);
            Assert.AreEqual(Hex.Encode(ac0.SmdpCertificate), Hex.Encode(ac.SmdpCertificate));
            // profileMetadata passes as the SM-DP+ sent it (the captured eIM re-encoded it and lost 95 01 02).
            var acJson = JsonDocument.Parse(Es9("02-authenticateClient.response.json")).RootElement;
            Assert.AreEqual(Hex.Encode(Convert.FromBase64String(acJson.GetProperty("profileMetadata").GetString())), Hex.Encode(ac.ProfileMetadata));
            var acReq = JsonDocument.Parse(Es9("02-authenticateClient.request.json")).RootElement;
            foreach (var f in new[] { "transactionId", "authenticateServerResponse" })
                Assert.AreEqual(acReq.GetProperty(f).GetString(), received["authenticateClient"].GetProperty(f).GetString(), f);
            StringAssert.Contains((await h.Get<DeviceStore>().GetAsync(EsipaTestHost.CapturedEid)).StateJson, "euiccCertificate");

            // 07 -> 08: BPP unchanged.
            (st, body, _) = await EsipaTestHost.PostAsync(c, Dl("07-GetBoundProfilePackageRequestEsipa.der"));
            Assert.AreEqual(200, st);
            var bpp = (GetBoundProfilePackageResponseEsipa)EsipaCodec.DecodeFromEim(body);
            var bpp0 = (GetBoundProfilePackageResponseEsipa)EsipaCodec.DecodeFromEim(Dl("08-GetBoundProfilePackageResponseEsipa.der"));
            Assert.AreEqual(Hex.Encode(bpp0.TransactionId), Hex.Encode(bpp.TransactionId));
            Assert.AreEqual(Hex.Encode(bpp0.BoundProfilePackage), Hex.Encode(bpp.BoundProfilePackage));
            Assert.AreEqual(Hex.Encode(Dl("08-GetBoundProfilePackageResponseEsipa.der")), Hex.Encode(body), "whole message equals the capture");
            var gbReq = JsonDocument.Parse(Es9("03-getBoundProfilePackage.request.json")).RootElement;
            foreach (var f in new[] { "transactionId", "prepareDownloadResponse" })
                Assert.AreEqual(gbReq.GetProperty(f).GetString(), received["getBoundProfilePackage"].GetProperty(f).GetString(), f);

            // 09: 200 empty; the install notification goes to the SM-DP+ byte-exact, the download job completes.
            (st, body, _) = await EsipaTestHost.PostAsync(c, Dl("09-HandleNotificationEsipa.der"));
            Assert.AreEqual(200, st);
            Assert.AreEqual(0, body.Length);
            var hn = (HandleNotificationEsipa)EsipaCodec.DecodeFromIpa(Dl("09-HandleNotificationEsipa.der"));
            Assert.AreEqual(Convert.ToBase64String(hn.PendingNotification), received["handleNotification"].GetProperty("pendingNotification").GetString());
            var dev = await h.Get<DeviceStore>().GetAsync(EsipaTestHost.CapturedEid);
            Assert.AreEqual("8949449999999990023", dev.Profiles.Single().Iccid);
            Assert.AreEqual(ItemStates.Done, (await h.Get<JobStore>().ListItemsForDeviceAsync(EsipaTestHost.CapturedEid, 5)).Single().State);

            (st, body, _) = await EsipaTestHost.PostAsync(c, Dl("10-GetEimPackageRequest.der"));
            Assert.AreEqual(Hex.Encode(Dl("11-GetEimPackageResponse-eimPackageError.der")), Hex.Encode(body));
            await stub.StopAsync();
        }
    }
}
