using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;
using IotEsim.Servers.SmDp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.SmDp
{
    /// <summary>
    /// ES2+ over raw HTTP (SGP.22 §5.3, §6.5.2): malformed requests, unknown ICCIDs and replayed calls are answered with
    /// header.functionExecutionStatus Failed and the spec's subject/reason code, and change nothing in the SM-DP+.
    /// </summary>
    [TestClass]
    public class Es2PlusHttpTests
    {
        private static SmDpTestServer S;
        private static readonly byte[] Upp = File.ReadAllBytes(TestData.Path("upp/TS48V1-A-UNIQUE.der"));
        private static int _seq;

        [ClassInitialize]
        public static async Task Init(TestContext _) { S = await SmDpTestServer.StartAsync(); }

        [ClassCleanup]
        public static async Task Cleanup() { if (S != null) await S.DisposeAsync(); }

        private static async Task<string> NewProfileAsync()
        {
            var iccid = "89000000000001" + System.Threading.Interlocked.Increment(ref _seq).ToString("D5");
            Assert.IsTrue(await S.Store.AddProfileAsync(iccid, "es2-" + iccid, Upp, "IotEsim SP", "ES2+ " + iccid, 2));
            return iccid;
        }

        private static Task<(int Status, HttpResponseMessage Response, string Body)> Es2(string function, object body, string adminProtocol = "gsma/rsp/v2.2.2")
            => S.PostAsync("/gsma/rsp2/es2plus/" + function, body as string ?? JsonSerializer.Serialize(body), adminProtocol);

        private static void AssertFailed((int Status, HttpResponseMessage Response, string Body) r, Es9StatusCode code)
        {
            Assert.AreEqual(200, r.Status, "ES2+ errors are function results, not HTTP errors: " + r.Body);
            var h = Es9ErrorResponse.Parse(r.Body).Header;
            Assert.AreEqual(ExecutionStatus.Failed, h.Status, r.Body);
            Assert.AreEqual(code.SubjectCode, h.StatusCodeData.SubjectCode, r.Body);
            Assert.AreEqual(code.ReasonCode, h.StatusCodeData.ReasonCode, r.Body);
        }

        private static void AssertExecuted((int Status, HttpResponseMessage Response, string Body) r)
        {
            Assert.AreEqual(200, r.Status, r.Body);
            StringAssert.Contains(r.Body, "Executed-Success");
        }

        [TestMethod]
        public async Task Malformed_AnswerFunctionInvalidOrMissingElement_NothingChanges()
        {
            var iccid = await NewProfileAsync();
            AssertFailed(await Es2("downloadOrder", "{not json"), Es9StatusCodes.FunctionInvalid);
            AssertFailed(await Es2("downloadOrder", ""), Es9StatusCodes.FunctionInvalid);
            AssertFailed(await Es2("downloadOrder", "[1,2]"), Es9StatusCodes.FunctionInvalid);
            AssertFailed(await Es2("downloadOrder", new { eid = SmDpTestServer.TestEid }), Es9StatusCodes.FunctionMandatoryElementMissing);
            AssertFailed(await Es2("downloadOrder", new { iccid }, adminProtocol: "gsma/rsp/v1.0.0"), Es9StatusCodes.SpecificationVersionNotSupported);
            Assert.AreEqual(ProfileStates.Available, (await S.Store.GetProfileAsync(iccid)).State, "no malformed call allocated the profile");
            Assert.IsNull(await S.Store.GetOrderByIccidAsync(iccid));

            AssertExecuted(await Es2("downloadOrder", new { iccid }));
            AssertFailed(await Es2("confirmOrder", new { releaseFlag = true }), Es9StatusCodes.FunctionMandatoryElementMissing);
            AssertFailed(await Es2("confirmOrder", new { iccid }), Es9StatusCodes.FunctionMandatoryElementMissing);
            AssertFailed(await Es2("confirmOrder", "{\"iccid\":\"" + iccid + "\",\"releaseFlag\":\"yes\"}"), Es9StatusCodes.FunctionInvalid);
            AssertFailed(await Es2("cancelOrder", new { }), Es9StatusCodes.FunctionMandatoryElementMissing);
            var order = await S.Store.GetOrderByIccidAsync(iccid);
            Assert.AreEqual(OrderStates.Reserved, order.State);
            Assert.IsNull(order.MatchingId);
        }

        [TestMethod]
        public async Task UnknownIccid_And_UnknownProfileType_AreRefused()
        {
            AssertFailed(await Es2("downloadOrder", new { iccid = "8900000000009999999" }), Es2PlusStatusCodes.IccidUnknown);
            AssertFailed(await Es2("downloadOrder", new { profileType = "no-such-type" }), Es2PlusStatusCodes.ProfileTypeUnavailable);
            AssertFailed(await Es2("confirmOrder", new { iccid = "8900000000009999999", releaseFlag = true }), Es2PlusStatusCodes.IccidUnknown);
            AssertFailed(await Es2("releaseProfile", new { iccid = "8900000000009999999" }), Es2PlusStatusCodes.OrderStateInvalid);
        }

        [TestMethod]
        public async Task Replayed_DownloadConfirmReleaseCancel_AreRefused_AndChangeNothing()
        {
            var iccid = await NewProfileAsync();
            AssertExecuted(await Es2("downloadOrder", new { iccid, eid = SmDpTestServer.TestEid }));
            // The same DownloadOrder again: the profile is taken, no second order.
            AssertFailed(await Es2("downloadOrder", new { iccid, eid = SmDpTestServer.TestEid }), Es2PlusStatusCodes.IccidNotAvailable);
            Assert.AreEqual(ProfileStates.Allocated, (await S.Store.GetProfileAsync(iccid)).State);

            var confirm = await Es2("confirmOrder", new { iccid, eid = SmDpTestServer.TestEid, matchingId = "REPLAY-" + iccid, releaseFlag = false });
            AssertExecuted(confirm);
            var before = await S.Store.GetOrderByIccidAsync(iccid);
            Assert.AreEqual(OrderStates.Confirmed, before.State);
            // ConfirmOrder replayed (same body, or with another matching ID): the order is no longer reserved.
            AssertFailed(await Es2("confirmOrder", new { iccid, eid = SmDpTestServer.TestEid, matchingId = "REPLAY-" + iccid, releaseFlag = false }), Es2PlusStatusCodes.IccidUnknown);
            AssertFailed(await Es2("confirmOrder", new { iccid, eid = SmDpTestServer.TestEid, releaseFlag = true }), Es2PlusStatusCodes.IccidUnknown);
            var after = await S.Store.GetOrderByIccidAsync(iccid);
            Assert.AreEqual(before, after, "a replayed ConfirmOrder changes nothing");

            AssertExecuted(await Es2("releaseProfile", new { iccid }));
            AssertFailed(await Es2("releaseProfile", new { iccid }), Es2PlusStatusCodes.OrderStateInvalid);
            Assert.AreEqual(OrderStates.Released, (await S.Store.GetOrderByIccidAsync(iccid)).State);

            // A matching ID in use cannot be given to another order.
            var other = await NewProfileAsync();
            AssertExecuted(await Es2("downloadOrder", new { iccid = other }));
            AssertFailed(await Es2("confirmOrder", new { iccid = other, matchingId = "REPLAY-" + iccid, releaseFlag = true }), Es2PlusStatusCodes.MatchingIdAlreadyInUse);
            Assert.AreEqual(OrderStates.Reserved, (await S.Store.GetOrderByIccidAsync(other)).State);

            AssertExecuted(await Es2("cancelOrder", new { iccid, finalProfileStatusIndicator = "Available" }));
            AssertFailed(await Es2("cancelOrder", new { iccid, finalProfileStatusIndicator = "Available" }), Es2PlusStatusCodes.OrderStateInvalid);
            Assert.AreEqual(OrderStates.Cancelled, (await S.Store.GetOrderByIccidAsync(iccid)).State);
            Assert.AreEqual(ProfileStates.Available, (await S.Store.GetProfileAsync(iccid)).State);
        }
    }
}
