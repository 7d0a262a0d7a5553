using System;
using System.Collections.Generic;
using System.Text;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Http;
using IotEsim.Ipa.Notifications;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Ipa
{
    /// <summary>Malformed server answers, reboots during notification delivery, backoff.</summary>
    [TestClass]
    public class IpaRobustnessTests
    {
        private const string Dir = "es9plus-download/";
        private const string Base = "http://testsmdpplus1.example.com/gsma/rsp2/es9plus/";

        /// <summary>Replays the lpac capture; an ES10b.CancelSession (not in the capture) is answered by a
        /// stand-in eUICC with a signed-looking BF41 and recorded.</summary>
        private sealed class CancelAwareCard : IApduTransport
        {
            public ReplayTransport Replay;
            public List<byte[]> Cancels = new List<byte[]>();
            public byte[] CancelAnswer;
            public void Connect() { }
            public void Disconnect() { }
            public int OpenLogicalChannel(byte[] aid) => 1;
            public void CloseLogicalChannel(int channel) { }
            public byte[] Transmit(byte[] c)
            {
                if (c[1] == 0xE2 && c[3] == 0 && c.Length > 6 && c[5] == 0xBF && c[6] == 0x41)
                {
                    Cancels.Add(Bytes.Slice(c, 5, c[4]));
                    return Bytes.Concat(CancelAnswer, new byte[] { 0x90, 0x00 });
                }
                return Replay.Transmit(c);
            }
        }

        private static byte[] SignedCancelAnswer(int reason)
        {
            var r = new CancelSessionResponse
            {
                TransactionId = Hex.Decode("064FF977B76C4C49909E1F2C65E806DA"),
                SmdpOid = Hex.Decode("88370A"),
                Reason = reason,
                Signature = new byte[64],
            };
            return r.Encode();
        }

        private static (DownloadException error, CancelAwareCard card, ScriptedHttpTransport http) RunDownload(
            Func<byte[], byte[]> mutateBpp, int bppStatus, string failAt, byte[] failBody, int failStatus, int cancelReason)
        {
            var capture = ApduCapture.Load(Dir + "apdus.txt");
            var http = new ScriptedHttpTransport();
            string[] fns = { "initiateAuthentication", "authenticateClient", "getBoundProfilePackage" };
            for (int i = 0; i < fns.Length; i++)
            {
                var step = Es9PlusDownloadReplayTests.Exchange(fns[i], "0" + (i + 1), 200, true);
                if (fns[i] == failAt) { step.ResponseBody = failBody; step.Status = failStatus; }
                if (fns[i] == "getBoundProfilePackage" && mutateBpp != null) step.ResponseBody = mutateBpp(step.ResponseBody);
                http.Add(step);
                if (fns[i] == failAt) break;
            }
            bool expectCancel = failAt == "authenticateClient" || failAt == "getBoundProfilePackage" || mutateBpp != null;
            if (expectCancel)
                http.Add(new ScriptedHttpTransport.Step
                {
                    Url = Base + "cancelSession",
                    CheckBody = body =>
                    {
                        var req = IotEsim.Rsp.Es9Plus.CancelSessionRequest.Parse(body);
                        Assert.AreEqual("064FF977B76C4C49909E1F2C65E806DA", req.TransactionId);
                        Assert.AreEqual(Hex.Encode(SignedCancelAnswer(cancelReason)), Hex.Encode(req.CancelSessionResponse));
                    },
                    ResponseBody = Encoding.UTF8.GetBytes("{\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}}}"),
                });
            var card = new CancelAwareCard { Replay = new ReplayTransport(capture, 0, 1), CancelAnswer = SignedCancelAnswer(cancelReason) };
            var es10 = new Es10Channel(card, new Es10Options { SegmentSize = 120, GetResponseClass = 0x80, SendTerminalCapability = false });
            es10.Open();
            var dl = new ProfileDownload(es10) { DeviceInfo = Es9PlusDownloadReplayTests.CapturedDeviceInfo(capture) };
            var e = Catch<DownloadException>(() => dl.Direct(new Es9PlusClient(http, "http"), "testsmdpplus1.example.com", "TS48V1-A-UNIQUE"));
            Assert.IsTrue(http.Done, "every expected HTTP exchange (incl. cancelSession) happened");
            return (e, card, http);
        }

        private static T Catch<T>(Action a) where T : Exception
        {
            try { a(); }
            catch (T e) { return e; }
            throw new AssertFailedException("expected " + typeof(T).Name);
        }

        private static Es9PlusException Remote(DownloadException e) => (Es9PlusException)e.InnerException;

        [TestMethod]
        public void BadJsonFromInitiateAuthenticationIsAMalformedError()
        {
            var (e, card, _) = RunDownload(null, 200, "initiateAuthentication", Encoding.UTF8.GetBytes("{\"transactionId\": \"06"), 200, 0);
            Assert.AreEqual(RemoteErrorKind.Malformed, Remote(e).Kind);
            Assert.AreEqual(0, card.Cancels.Count, "no session on the eUICC yet: nothing to cancel");
            Assert.AreEqual(4, card.Replay.Position, "only GetEUICCChallenge and GetEUICCInfo1 reached the card");
        }

        [TestMethod]
        public void Http500IsATransientHttpError()
        {
            var (e, _, _) = RunDownload(null, 200, "initiateAuthentication", Encoding.UTF8.GetBytes("oops"), 500, 0);
            Assert.AreEqual(RemoteErrorKind.HttpStatus, Remote(e).Kind);
            Assert.AreEqual(500, Remote(e).HttpStatusCode);
            Assert.IsTrue(e.IsTransient);
        }

        [TestMethod]
        public void StatusCodeDataSurfacesSubjectAndReasonAndCancelsTheSession()
        {
            string failed = "{\"header\":{\"functionExecutionStatus\":{\"status\":\"Failed\",\"statusCodeData\":{\"subjectCode\":\"8.1\",\"reasonCode\":\"6.1\",\"message\":\"eUICC signature invalid\"}}}}";
            var (e, card, _) = RunDownload(null, 200, "authenticateClient", Encoding.UTF8.GetBytes(failed), 200, CancelSessionReason.UndefinedReason);
            var r = Remote(e);
            Assert.AreEqual(RemoteErrorKind.FunctionFailed, r.Kind);
            Assert.AreEqual("8.1", r.SubjectCode);
            Assert.AreEqual("6.1", r.ReasonCode);
            StringAssert.Contains(e.Message, "eUICC signature invalid");
            Assert.IsFalse(e.IsTransient);
            Assert.AreEqual(1, card.Cancels.Count);
            Assert.AreEqual("BF4115801006" + "4FF977B76C4C49909E1F2C65E806DA" + "81017F", Hex.Encode(card.Cancels[0]));
        }

        [TestMethod]
        public void TruncatedBppCancelsWithLoadBppExecutionError()
        {
            var (e, card, _) = RunDownload(b => Bytes.Slice(b, 0, 6000), 200, null, null, 200, CancelSessionReason.LoadBppExecutionError);
            Assert.AreEqual(RemoteErrorKind.Malformed, Remote(e).Kind);
            Assert.AreEqual(1, card.Cancels.Count);
            StringAssert.EndsWith(Hex.Encode(card.Cancels[0]), "810105");
        }

        [TestMethod]
        public void WrongBase64InTheBppCancelsTheSession()
        {
            var (e, card, _) = RunDownload(b =>
            {
                var s = Encoding.UTF8.GetString(b);
                int i = s.IndexOf("boundProfilePackage") + 5000;
                return Encoding.UTF8.GetBytes(s.Substring(0, i) + "*" + s.Substring(i + 1));
            }, 200, null, null, 200, CancelSessionReason.LoadBppExecutionError);
            Assert.AreEqual(RemoteErrorKind.Malformed, Remote(e).Kind);
            Assert.AreEqual(1, card.Cancels.Count);
        }

        // ---- (d) reboot during notification delivery ----

        /// <summary>A card that answers the notification commands of the lpac capture by lookup, and can
        /// "lose power" when it sees a given command.</summary>
        private sealed class NotificationCard : IApduTransport
        {
            private readonly Dictionary<string, byte[]> _answers = new Dictionary<string, byte[]>();
            public string PowerCutOn;
            public List<string> Seen = new List<string>();
            public NotificationCard(ApduCapture c, int first, int last)
            {
                for (int i = first; i <= last; i++) _answers[Hex.Encode(c.Commands[i])] = c.Responses[i];
            }
            public void Connect() { }
            public void Disconnect() { }
            public int OpenLogicalChannel(byte[] aid) => 1;
            public void CloseLogicalChannel(int channel) { }
            public byte[] Transmit(byte[] c)
            {
                string h = Hex.Encode(c);
                Seen.Add(h);
                if (PowerCutOn != null && h == PowerCutOn) throw new PowerCutException("power cut");
                return _answers[h];
            }
        }

        [TestMethod]
        public void RebootBetweenDeliveryAndRemovalDeliversExactlyOnce()
        {
            var capture = ApduCapture.Load(Dir + "apdus.txt");
            int first = capture.Commands.Count - 6;
            var store = new MemoryStore();
            int sent = 0;
            var http = new CountingHttp(() => sent++);
            var opts = new Es10Options { SegmentSize = 120, GetResponseClass = 0x80, SendTerminalCapability = false };

            var card1 = new NotificationCard(capture, first, first + 5) { PowerCutOn = "81E2910006BF3003800101" };
            var es10a = new Es10Channel(card1, opts); es10a.Open();
            Catch<PowerCutException>(() => new NotificationDelivery(es10a, store) { Es9 = new Es9PlusClient(http, "http") }.Run());
            Assert.AreEqual(1, sent);
            Assert.AreEqual(1, new NotificationDelivery(es10a, store).PendingInStore(), "delivered-but-not-removed is on record");

            // Reboot: a new delivery object over the same store and the same (unchanged) card.
            var card2 = new NotificationCard(capture, first, first + 5);
            var es10b = new Es10Channel(card2, opts); es10b.Open();
            var d2 = new NotificationDelivery(es10b, store) { Es9 = new Es9PlusClient(http, "http") };
            d2.Run();
            Assert.AreEqual(1, sent, "not sent a second time");
            Assert.AreEqual(0, d2.Delivered);
            Assert.IsTrue(card2.Seen.Contains("81E2910006BF3003800101"), "removed from the eUICC after the reboot");
            Assert.IsFalse(card2.Seen.Contains("81E2910008BF2B05A003800101"), "not even retrieved again");
            Assert.AreEqual(0, store.List("ipa/").Length);
        }

        [TestMethod]
        public void RebootBeforeSendingDeliversFromTheStoredCopy()
        {
            var capture = ApduCapture.Load(Dir + "apdus.txt");
            int first = capture.Commands.Count - 6;
            var store = new MemoryStore();
            int sent = 0;
            var opts = new Es10Options { SegmentSize = 120, GetResponseClass = 0x80, SendTerminalCapability = false };
            var card1 = new NotificationCard(capture, first, first + 5);
            var es10a = new Es10Channel(card1, opts); es10a.Open();
            var failing = new CountingHttp(() => throw new HttpTransportException("network down", true));
            Catch<Es9PlusException>(() => new NotificationDelivery(es10a, store) { Es9 = new Es9PlusClient(failing, "http") }.Run());

            var card2 = new NotificationCard(capture, first, first + 5);
            var es10b = new Es10Channel(card2, opts); es10b.Open();
            var d2 = new NotificationDelivery(es10b, store) { Es9 = new Es9PlusClient(new CountingHttp(() => sent++), "http") };
            d2.Run();
            Assert.AreEqual(1, sent);
            Assert.AreEqual(0, store.List("ipa/").Length);
        }

        private sealed class CountingHttp : IHttpTransport
        {
            private readonly Action _onPost;
            public CountingHttp(Action onPost) { _onPost = onPost; }
            public HttpResponse Post(string url, string[] n, string[] v, byte[] body)
            {
                Assert.AreEqual(Base + "handleNotification", url);
                ScriptedHttpTransport.AssertSameJson(TestData.Text(Dir + "04-handleNotification.request.json"), body);
                _onPost();
                return new HttpResponse(204, null, null, new System.IO.MemoryStream(), null);
            }
        }

        // ---- (e) backoff ----

        private sealed class FixedJitter : IJitter
        {
            public bool Max;
            public int Next(int maxExclusive) => Max ? maxExclusive - 1 : 0;
        }

        private sealed class FakeClock : IClock { public long NowMs { get; set; } = 1000; }

        [TestMethod]
        public void BackoffDoublesUpToTheCeilingWithBoundedJitter()
        {
            var low = new Backoff(1000, 8000, new FixedJitter());
            var high = new Backoff(1000, 8000, new FixedJitter { Max = true });
            int[] lows = new int[6], highs = new int[6];
            for (int i = 0; i < 6; i++) { lows[i] = low.NextDelay(); highs[i] = high.NextDelay(); }
            CollectionAssert.AreEqual(new[] { 500, 1000, 2000, 4000, 4000, 4000 }, lows);
            CollectionAssert.AreEqual(new[] { 1000, 2000, 4000, 8000, 8000, 8000 }, highs);
            low.Reset();
            Assert.AreEqual(500, low.NextDelay());
        }

        /// <summary>A card that knows GetEID and an empty notification list.</summary>
        private sealed class TinyCard : IApduTransport
        {
            public int Transmits;
            public void Connect() { }
            public void Disconnect() { }
            public int OpenLogicalChannel(byte[] aid) => 1;
            public void CloseLogicalChannel(int channel) { }
            public byte[] Transmit(byte[] c)
            {
                Transmits++;
                string data = Hex.Encode(Bytes.Slice(c, 5, c[4]));
                if (data == "BF3E035C015A") return Hex.Decode("BF3E125A10890490321234512345123456789012359000");
                if (data == "BF2B00") return Hex.Decode("BF2B02A0009000");
                throw new AssertFailedException("unexpected ES10 " + data);
            }
        }

        [TestMethod]
        public void EngineBacksOffOnNetworkFailureAndWaitsForItsDeadline()
        {
            var clock = new FakeClock();
            var card = new TinyCard();
            var http = new CountingHttp2();
            var cfg = new IpaConfig { EimFqdn = "eim.example", Scheme = "http", BackoffBaseMs = 1000, BackoffMaxMs = 4000,
                Es10 = new Es10Options { SendTerminalCapability = false } };
            var engine = new ProvisioningEngine(cfg, card, http, new MemoryStore(), clock, new FixedJitter { Max = true });
            Assert.AreEqual(StepResult.KindAgain, engine.Step().Kind);   // boot
            Assert.AreEqual(StepResult.KindAgain, engine.Step().Kind);   // notifications
            var r = engine.Step();                                       // GetEimPackage fails
            Assert.AreEqual(StepResult.KindAgainLater, r.Kind);
            Assert.AreEqual(1000, r.DelayMs);
            int before = card.Transmits;
            clock.NowMs += 400;
            r = engine.Step();
            Assert.AreEqual(StepResult.KindAgainLater, r.Kind, "too early: nothing is done");
            Assert.AreEqual(600, r.DelayMs);
            Assert.AreEqual(before, card.Transmits);
            clock.NowMs += 600;
            Assert.AreEqual(StepResult.KindAgain, engine.Step().Kind);   // notifications again
            r = engine.Step();
            Assert.AreEqual(2000, r.DelayMs);
            clock.NowMs += 2000; engine.Step(); r = engine.Step();
            Assert.AreEqual(4000, r.DelayMs);
            clock.NowMs += 4000; engine.Step(); r = engine.Step();
            Assert.AreEqual(4000, r.DelayMs, "capped");
            Assert.AreEqual(4, engine.Failures);
            StringAssert.Contains(engine.LastError, "connection refused");
        }

        [TestMethod]
        public void EngineWaitsForTheNetworkWhenOffline()
        {
            var cfg = new IpaConfig { EimFqdn = "eim.example", Scheme = "http", Es10 = new Es10Options { SendTerminalCapability = false } };
            var engine = new ProvisioningEngine(cfg, new TinyCard(), new CountingHttp2(), new MemoryStore(), new FakeClock(), null)
            { Connectivity = new Offline() };
            Assert.AreEqual(StepResult.KindAgain, engine.Step().Kind);
            Assert.AreEqual(StepResult.KindAgainWhenOnline, engine.Step().Kind);
        }

        private sealed class Offline : IConnectivity { public bool IsOnline => false; }

        private sealed class CountingHttp2 : IHttpTransport
        {
            public HttpResponse Post(string url, string[] n, string[] v, byte[] body) => throw new HttpTransportException("connection refused", false);
        }
    }
}
