using System;
using System.IO;
using System.Text;
using IotEsim.Rsp.Es11;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Es9Plus
{
    [TestClass]
    public class Es9PlusModelTests
    {
        private static readonly byte[] Challenge = Hex.Decode("4EE52782B22B02D0BA3F60A652D47B68");

        [TestMethod]
        public void InitiateAuthenticationRequestWireForm()
        {
            var req = new InitiateAuthenticationRequest("smdp.example.com", Challenge, Hex.Decode("BF2003820102"));
            Assert.AreEqual("{\"smdpAddress\":\"smdp.example.com\",\"euiccChallenge\":\"TuUngrIrAtC6P2CmUtR7aA==\",\"euiccInfo1\":\"vyADggEC\"}", req.ToJson());
            var back = InitiateAuthenticationRequest.Parse(req.ToJsonBytes());
            Assert.AreEqual("smdp.example.com", back.SmdpAddress);
            Assert.AreEqual(Hex.Encode(Challenge), Hex.Encode(back.EuiccChallenge));
            Assert.IsNull(back.Header);

            req.Header = new RequestHeader("eIM", "call-1");
            Assert.AreEqual("{\"header\":{\"functionRequesterIdentifier\":\"eIM\",\"functionCallIdentifier\":\"call-1\"},\"smdpAddress\":\"smdp.example.com\",\"euiccChallenge\":\"TuUngrIrAtC6P2CmUtR7aA==\",\"euiccInfo1\":\"vyADggEC\"}", req.ToJson());
            Assert.AreEqual("call-1", InitiateAuthenticationRequest.Parse(req.ToJson()).Header.FunctionCallIdentifier);
        }

        [TestMethod]
        public void RequestValidation()
        {
            AssertJsonError(JsonError.InvalidValue, "euiccChallenge", "{\"smdpAddress\":\"a\",\"euiccChallenge\":\"AAAA\",\"euiccInfo1\":\"vyA=\"}", 1);
            AssertJsonError(JsonError.MissingProperty, "smdpAddress", "{\"euiccChallenge\":\"TuUngrIrAtC6P2CmUtR7aA==\",\"euiccInfo1\":\"vyA=\"}", 1);
            AssertJsonError(JsonError.InvalidBase64, "euiccInfo1", "{\"smdpAddress\":\"a\",\"euiccChallenge\":\"TuUngrIrAtC6P2CmUtR7aA==\",\"euiccInfo1\":\"v!A=\"}", 1);
            AssertJsonError(JsonError.InvalidValue, "smdpAddress", "{\"smdpAddress\":5,\"euiccChallenge\":\"TuUngrIrAtC6P2CmUtR7aA==\",\"euiccInfo1\":\"vyA=\"}", 1);
            AssertJsonError(JsonError.InvalidValue, "transactionId", "{\"transactionId\":\"XYZ\",\"authenticateServerResponse\":\"vzg=\"}", 2);
            AssertJsonError(JsonError.InvalidValue, "transactionId", "{\"transactionId\":\"0\",\"authenticateServerResponse\":\"vzg=\"}", 2);
            AssertJsonError(JsonError.MissingProperty, "transactionId", "{\"prepareDownloadResponse\":\"vyE=\"}", 3);
            AssertJsonError(JsonError.MissingProperty, "pendingNotification", "{}", 4);
            AssertJsonError(JsonError.MissingProperty, "cancelSessionResponse", "{\"transactionId\":\"01\"}", 5);
        }

        private static void AssertJsonError(JsonError error, string member, string json, int kind)
        {
            try
            {
                if (kind == 1) InitiateAuthenticationRequest.Parse(json);
                else if (kind == 2) AuthenticateClientRequest.Parse(json);
                else if (kind == 3) GetBoundProfilePackageRequest.Parse(json);
                else if (kind == 4) HandleNotificationRequest.Parse(json);
                else CancelSessionRequest.Parse(json);
            }
            catch (JsonException e)
            {
                Assert.AreEqual((int)error, (int)e.Error, json + ": " + e.Message);
                Assert.AreEqual(member, e.Property);
                return;
            }
            Assert.IsTrue(false, "accepted " + json);
        }

        [TestMethod]
        public void OtherRequestsWireForm()
        {
            Assert.AreEqual("{\"transactionId\":\"0A1B\",\"authenticateServerResponse\":\"vzgA\"}",
                new AuthenticateClientRequest("0A1B", Hex.Decode("BF3800")).ToJson());
            Assert.AreEqual("{\"transactionId\":\"0A1B\",\"prepareDownloadResponse\":\"vyEA\"}",
                new GetBoundProfilePackageRequest("0A1B", Hex.Decode("BF2100")).ToJson());
            Assert.AreEqual("{\"pendingNotification\":\"vzcA\"}", new HandleNotificationRequest(Hex.Decode("BF3700")).ToJson());
            var cs = new CancelSessionRequest("0A1B", Hex.Decode("BF4100"));
            Assert.AreEqual("{\"transactionId\":\"0A1B\",\"cancelSessionResponse\":\"v0EA\"}", cs.ToJson());
            Assert.AreEqual("BF4100", Hex.Encode(CancelSessionRequest.Parse(cs.ToJson()).CancelSessionResponse));
        }

        [TestMethod]
        public void FailedResponseCarriesStatusCodeData()
        {
            // osmo-smdpp's ApiError('8.8.1', '3.8', 'Invalid SM-DP+ Address') body (json.dumps separators).
            string body = "{\"header\": {\"functionExecutionStatus\": {\"status\": \"Failed\", \"statusCodeData\": {\"subjectCode\": \"8.8.1\", \"reasonCode\": \"3.8\", \"message\": \"Invalid SM-DP+ Address\"}}}}";
            var r = InitiateAuthenticationResponse.Parse(body);
            Assert.IsFalse(r.IsExecuted);
            Assert.AreEqual(ExecutionStatus.Failed, r.Header.Status);
            Assert.IsNull(r.TransactionId);
            Assert.IsNull(r.ServerSigned1);
            var scd = r.Header.StatusCodeData;
            Assert.AreEqual("8.8.1", scd.SubjectCode);
            Assert.AreEqual("3.8", scd.ReasonCode);
            Assert.IsNull(scd.SubjectIdentifier);
            Assert.IsTrue(scd.Is(Es9StatusCodes.SmdpAddressRefused));
            Assert.AreEqual("8.8.1/3.8 SM-DP+ Address - Refused: Invalid SM-DP+ Address", scd.Describe());
            Assert.AreEqual("{\"header\":{\"functionExecutionStatus\":{\"status\":\"Failed\",\"statusCodeData\":{\"subjectCode\":\"8.8.1\",\"reasonCode\":\"3.8\",\"message\":\"Invalid SM-DP+ Address\"}}}}",
                Es9ErrorResponse.Parse(body).ToJson());

            var withId = new ResponseHeader(ExecutionStatus.Failed, new StatusCodeData("8.10.1", "3.9", "064F", "Unknown"));
            var e = new Es9ErrorResponse(withId);
            Assert.AreEqual("{\"header\":{\"functionExecutionStatus\":{\"status\":\"Failed\",\"statusCodeData\":{\"subjectCode\":\"8.10.1\",\"reasonCode\":\"3.9\",\"subjectIdentifier\":\"064F\",\"message\":\"Unknown\"}}}}", e.ToJson());
            Assert.AreEqual("064F", AuthenticateClientResponse.Parse(e.ToJson()).Header.StatusCodeData.SubjectIdentifier);
            Assert.AreEqual("Failed 8.10.1/3.9 TransactionId - Unknown [064F]: Unknown", e.Header.Describe());
        }

        [TestMethod]
        public void ResponseHeaderValidation()
        {
            // Executed: body members are mandatory.
            Assert.ThrowsException(typeof(JsonException), () => GetBoundProfilePackageResponse.Parse("{\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}}}"));
            // No header at all.
            Assert.ThrowsException(typeof(JsonException), () => GetBoundProfilePackageResponse.Parse("{\"transactionId\":\"01\",\"boundProfilePackage\":\"vzYA\"}"));
            // Unknown status.
            Assert.ThrowsException(typeof(JsonException), () => Es9ErrorResponse.Parse("{\"header\":{\"functionExecutionStatus\":{\"status\":\"Done\"}}}"));
            var warn = GetBoundProfilePackageResponse.Parse("{\"transactionId\":\"01\",\"boundProfilePackage\":\"vzYA\",\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-WithWarning\",\"statusCodeData\":{\"subjectCode\":\"8.2.5\",\"reasonCode\":\"4.3\"}}}}");
            Assert.IsTrue(warn.IsExecuted);
            Assert.AreEqual("BF3600", Hex.Encode(warn.BoundProfilePackage));
            Assert.AreEqual("Profile Type - Stopped on warning", Es9StatusCodes.Describe("8.2.5", "4.3"));
        }

        [TestMethod]
        public void StatusCodeTable()
        {
            Assert.AreEqual("eUICC - Verification failed", Es9StatusCodes.Describe("8.1", "6.1"));
            Assert.AreEqual("Confirmation Code - Mandatory element missing", Es9StatusCodes.Describe("8.2.7", "2.2"));
            Assert.AreEqual("Security configuration - Not supported", Es9StatusCodes.Describe("8.8.2", "3.1"));
            Assert.AreEqual("CI Public Key - Unknown", Es9StatusCodes.Describe("8.11.1", "3.9"));
            Assert.AreEqual("Profile ICCID - Refused", Es9StatusCodes.Describe("8.2.1", "3.8"));
            Assert.AreEqual("subject 9.9 - reason 9.9", Es9StatusCodes.Describe("9.9", "9.9"));
            var all = Es9StatusCodes.All;
            for (int i = 0; i < all.Length; i++)
            {
                Assert.IsTrue(all[i].Text.Length > 5);
                for (int j = i + 1; j < all.Length; j++)
                    Assert.IsFalse(all[i].Matches(all[j].SubjectCode, all[j].ReasonCode), "duplicate " + all[i].ToString());
            }
            Assert.AreEqual(ExecutionStatus.Failed, ResponseHeader.Failure(Es9StatusCodes.TransactionIdUnknown, null).Status);
        }

        [TestMethod]
        public void HttpBindingConstants()
        {
            Assert.AreEqual("/gsma/rsp2/es9plus/getBoundProfilePackage", Es9PlusHttp.Path(Es9PlusHttp.GetBoundProfilePackage));
            Assert.AreEqual("https://smdp.example.com/gsma/rsp2/es9plus/initiateAuthentication", Es9PlusHttp.Url("smdp.example.com", Es9PlusHttp.InitiateAuthentication));
            Assert.IsTrue(Es9PlusHttp.IsJsonContentType("application/json"));
            Assert.IsTrue(Es9PlusHttp.IsJsonContentType("application/json;charset=UTF-8"));
            Assert.IsTrue(Es9PlusHttp.IsJsonContentType("Application/JSON; charset=\"utf-8\""));
            Assert.IsFalse(Es9PlusHttp.IsJsonContentType("application/json;charset=ISO-8859-1"));
            Assert.IsFalse(Es9PlusHttp.IsJsonContentType("application/x-gsma-rsp-asn1"));
            Assert.IsFalse(Es9PlusHttp.IsJsonContentType(null));
            Assert.IsTrue(Es9PlusHttp.IsAdminProtocol("gsma/rsp/v2.1.0"));
            Assert.IsFalse(Es9PlusHttp.IsAdminProtocol("gsma/rsp/"));
            Assert.AreEqual("gsma-rsp-lpad", Es9PlusHttp.RequestHeaderValues()[0]);
            Assert.AreEqual("X-Admin-Protocol", Es9PlusHttp.RequestHeaderNames()[1]);
        }

        [TestMethod]
        public void Es11Bindings()
        {
            var paths = Es11Http.Paths(Es11Http.AuthenticateClient);
            Assert.AreEqual("/gsma/rsp2/es11/authenticateClient", paths[0]);
            Assert.AreEqual("/gsma/rsp2/es9plus/authenticateClient", paths[1]);
            string fn;
            Assert.IsTrue(Es11Http.MatchPath("/gsma/rsp2/es9plus/initiateAuthentication", out fn));
            Assert.AreEqual("initiateAuthentication", fn);
            Assert.IsFalse(Es11Http.MatchPath("/gsma/rsp2/es11/getBoundProfilePackage", out fn));

            var bySmds = Es11InitiateAuthenticationRequest.Parse("{\"smdsAddress\":\"lpa.ds.gsma.com\",\"euiccChallenge\":\"TuUngrIrAtC6P2CmUtR7aA==\",\"euiccInfo1\":\"vyA=\"}");
            Assert.AreEqual("lpa.ds.gsma.com", bySmds.SmdsAddress);
            Assert.AreEqual("smdsAddress", bySmds.AddressMember);
            Assert.AreEqual("{\"smdsAddress\":\"lpa.ds.gsma.com\",\"euiccChallenge\":\"TuUngrIrAtC6P2CmUtR7aA==\",\"euiccInfo1\":\"vyA=\"}", bySmds.ToJson());
            var bySmdp = Es11InitiateAuthenticationRequest.Parse("{\"smdpAddress\":\"lpa.ds.gsma.com\",\"euiccChallenge\":\"TuUngrIrAtC6P2CmUtR7aA==\",\"euiccInfo1\":\"vyA=\"}");
            Assert.AreEqual("smdpAddress", bySmdp.AddressMember);
            Assert.ThrowsException(typeof(JsonException), () => Es11InitiateAuthenticationRequest.Parse("{\"euiccChallenge\":\"TuUngrIrAtC6P2CmUtR7aA==\",\"euiccInfo1\":\"vyA=\"}"));

            var resp = new Es11AuthenticateClientResponse("0A", new Es11EventEntry[] { new Es11EventEntry("EV1", "smdp.example.com"), new Es11EventEntry("EV2", "other.example.com") });
            string json = resp.ToJson();
            Assert.AreEqual("{\"transactionId\":\"0A\",\"eventEntries\":[{\"eventId\":\"EV1\",\"rspServerAddress\":\"smdp.example.com\"},{\"eventId\":\"EV2\",\"rspServerAddress\":\"other.example.com\"}],\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}}}", json);
            var back = Es11AuthenticateClientResponse.Parse(json);
            Assert.AreEqual(2, back.EventEntries.Length);
            Assert.AreEqual("other.example.com", back.EventEntries[1].RspServerAddress);
            var none = Es11AuthenticateClientResponse.Parse("{\"transactionId\":\"0A\",\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}}}");
            Assert.AreEqual(0, none.EventEntries.Length);
            Assert.ThrowsException(typeof(JsonException), () => Es11AuthenticateClientResponse.Parse("{\"transactionId\":\"0A\",\"eventEntries\":[{\"eventId\":\"E\"}],\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}}}"));
        }

        [TestMethod]
        public void StreamingReaderHandlesHeaderOnlyAnswer()
        {
            string body = "{\"header\":{\"functionExecutionStatus\":{\"status\":\"Failed\",\"statusCodeData\":{\"subjectCode\":\"8.10.1\",\"reasonCode\":\"3.9\",\"message\":\"Unknown\"}}}}";
            var rd = new GetBoundProfilePackageResponseReader(new MemoryStream(Encoding.UTF8.GetBytes(body)));
            Assert.IsFalse(rd.MoveToBoundProfilePackage());
            rd.Finish();
            Assert.IsFalse(rd.Header.IsExecuted);
            Assert.IsTrue(rd.Header.StatusCodeData.Is(Es9StatusCodes.TransactionIdUnknown));
        }

        [TestMethod]
        public void StreamingReaderHeaderFirstOrLast()
        {
            string[] bodies = new string[]
            {
                "{\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}},\"transactionId\":\"0A\",\"boundProfilePackage\":\"vzYDgAEB\"}",
                "{\"transactionId\":\"0A\",\"boundProfilePackage\":\"vzYDgAEB\",\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}}}",
            };
            for (int i = 0; i < bodies.Length; i++)
            {
                var rd = new GetBoundProfilePackageResponseReader(new MemoryStream(Encoding.UTF8.GetBytes(bodies[i])));
                Assert.IsTrue(rd.MoveToBoundProfilePackage());
                var s = rd.OpenBoundProfilePackage();
                var buf = new byte[16];
                int n = s.Read(buf, 0, 16);
                Assert.AreEqual("BF36038001 01".Replace(" ", ""), Hex.Encode(buf, 0, n));
                rd.Finish();
                Assert.AreEqual("0A", rd.TransactionId);
                Assert.IsTrue(rd.Header.IsExecuted);
            }
            // Executed but no BPP, and trailing garbage.
            var missing = new GetBoundProfilePackageResponseReader(new MemoryStream(Encoding.UTF8.GetBytes("{\"transactionId\":\"0A\",\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}}}")));
            Assert.IsFalse(missing.MoveToBoundProfilePackage());
            Assert.ThrowsException(typeof(JsonException), () => missing.Finish());
            var trailing = new GetBoundProfilePackageResponseReader(new MemoryStream(Encoding.UTF8.GetBytes("{\"transactionId\":\"0A\",\"boundProfilePackage\":\"vzYA\",\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}}} x")));
            Assert.IsTrue(trailing.MoveToBoundProfilePackage());
            Assert.ThrowsException(typeof(JsonException), () => trailing.Finish());
        }
    }
}
