using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Notifications;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Provisioning;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Ipa
{
    /// <summary>
    /// Interop replay of the lpac ⇄ osmo-smdpp capture (es9plus-download): with no server and no card,
    /// our download procedure and notification process must send the same ES9+ requests (same member
    /// names, order and values) and the same 144 APDUs as lpac did.
    /// </summary>
    [TestClass]
    public class Es9PlusDownloadReplayTests
    {
        private const string Dir = "es9plus-download/";
        private const string Base = "http://testsmdpplus1.example.com/gsma/rsp2/es9plus/";

        internal static Dictionary<string, string> Es9Headers() => new Dictionary<string, string>
        {
            { "User-Agent", "gsma-rsp-lpad" }, { "X-Admin-Protocol", "gsma/rsp/v2.2.2" }, { "Content-Type", "application/json" },
        };

        internal static ScriptedHttpTransport.Step Exchange(string fn, string prefix, int status, bool hasResponse)
        {
            string expected = TestData.Text(Dir + prefix + "-" + fn + ".request.json");
            return new ScriptedHttpTransport.Step
            {
                Url = Base + fn,
                ExpectedHeaders = Es9Headers(),
                CheckBody = body => ScriptedHttpTransport.AssertSameJson(expected, body),
                Status = status,
                ResponseBody = hasResponse ? TestData.Bytes(Dir + prefix + "-" + fn + ".response.json") : new byte[0],
            };
        }

        internal static DeviceInfo CapturedDeviceInfo(ApduCapture capture)
        {
            var ex = capture.Es10Exchanges();
            return AuthenticateServerRequest.Decode(ex[2].Request).CtxParams1.DeviceInfo;
        }

        /// <summary>Watches the APDUs; records how much of the HTTP body had been read when the first BPP command went out.</summary>
        private sealed class WatchingTransport : IApduTransport
        {
            public ReplayTransport Inner;
            public ScriptedHttpTransport Http;
            public long BodyReadAtFirstBppApdu = -1;
            public void Connect() => Inner.Connect();
            public void Disconnect() => Inner.Disconnect();
            public int OpenLogicalChannel(byte[] aid) => Inner.OpenLogicalChannel(aid);
            public void CloseLogicalChannel(int channel) => Inner.CloseLogicalChannel(channel);
            public byte[] Transmit(byte[] command)
            {
                if (BodyReadAtFirstBppApdu < 0 && command.Length > 7 && command[1] == 0xE2 && command[5] == 0xBF && command[6] == 0x36)
                    BodyReadAtFirstBppApdu = Http.LastBody.Position;
                return Inner.Transmit(command);
            }
        }

        [TestMethod]
        public void FullActivationCodeDownloadAndNotificationAsCaptured()
        {
            var capture = ApduCapture.Load(Dir + "apdus.txt");
            var http = new ScriptedHttpTransport()
                .Add(Exchange("initiateAuthentication", "01", 200, true))
                .Add(Exchange("authenticateClient", "02", 200, true))
                .Add(Exchange("getBoundProfilePackage", "03", 200, true))
                .Add(Exchange("handleNotification", "04", 204, false));
            var apdu = new WatchingTransport { Inner = new ReplayTransport(capture, 0, 1), Http = http };
            var es10 = new Es10Channel(apdu, new Es10Options { SegmentSize = 120, GetResponseClass = 0x80, SendTerminalCapability = false });
            es10.Open();

            var ac = ActivationCode.Parse("1$testsmdpplus1.example.com$TS48V1-A-UNIQUE");
            var es9 = new Es9PlusClient(http, "http");
            var download = new ProfileDownload(es10) { DeviceInfo = CapturedDeviceInfo(capture) };
            byte[] pir = download.Direct(es9, ac.SmdpAddress, ac.MatchingId);

            var result = ProfileInstallationResult.Decode(pir);
            Assert.IsTrue(result.Data.Success);
            Assert.AreEqual("8949449999999990023", Iccid.FromBytes(result.Data.NotificationMetadata.Iccid));
            Assert.AreEqual(3, http.Next, "three ES9+ calls for the download");
            Assert.IsTrue(apdu.BodyReadAtFirstBppApdu >= 0 && apdu.BodyReadAtFirstBppApdu < 2000,
                "BPP must be streamed: " + apdu.BodyReadAtFirstBppApdu + " bytes of the 16 KB body read before the first LoadBoundProfilePackage APDU");

            var store = new MemoryStore();
            var delivery = new NotificationDelivery(es10, store) { Es9 = es9 };
            delivery.Run();
            Assert.AreEqual(1, delivery.Delivered);
            Assert.IsTrue(http.Done, "handleNotification sent");
            Assert.AreEqual(capture.Commands.Count, apdu.Inner.Position, "every captured APDU replayed, nothing more");
            Assert.AreEqual(0, store.List("ipa/").Length, "nothing left in the store after removal");
        }
    }
}
