using System;
using System.IO;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Esipa;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Ipa
{
    /// <summary>
    /// Interop replay of the onomondo-ipa ⇄ onomondo-eim capture (esipa-v1.0/download): the engine,
    /// configured with the capture's eIM, must run the eIM-triggered indirect download exactly as
    /// captured: same ESipa requests (byte-exact, or same decoded fields where v1.2 encodes differently)
    /// and the same APDUs after channel set-up.
    /// </summary>
    [TestClass]
    public class EsipaDownloadReplayTests
    {
        private const string Dir = "esipa-v1.0/download/";
        private const string Url = "http://127.0.0.1:8000/gsma/rsp2/asn1";

        private static ScriptedHttpTransport.Step Exchange(string request, string response)
        {
            byte[] expected = TestData.Bytes(Dir + request);
            return new ScriptedHttpTransport.Step
            {
                Url = Url,
                ExpectedHeaders = new System.Collections.Generic.Dictionary<string, string>
                {
                    { "User-Agent", "gsma-rsp-ipad" }, { "X-Admin-Protocol", "gsma/rsp/v2.1.0" }, { "Content-Type", "application/x-gsma-rsp-asn1" },
                },
                CheckBody = body => AssertSameMessage(request, expected, body),
                ResponseBody = response == null ? new byte[0] : TestData.Bytes(Dir + response),
                ContentType = "application/x-gsma-rsp-asn1",
            };
        }

        /// <summary>Byte-exact where v1.0 and v1.2 agree; otherwise the decoded messages must match.</summary>
        private static void AssertSameMessage(string name, byte[] expected, byte[] actual)
        {
            if (Hex.Encode(expected) == Hex.Encode(actual)) return;
            var e = EsipaCodec.DecodeFromIpa(expected, Sgp32Version.V1_0);
            var a = EsipaCodec.DecodeFromIpa(actual, Sgp32Version.V1_2);
            Assert.AreEqual(e.Kind, a.Kind, name);
            Assert.AreEqual(Hex.Encode(e.Encode(Sgp32Version.V1_2)), Hex.Encode(a.Encode(Sgp32Version.V1_2)), name + " (decoded)");
        }

        [TestMethod]
        public void EimTriggeredIndirectDownloadAsCaptured()
        {
            var capture = ApduCapture.Load(Dir + "apdus.txt");
            var deviceInfo = AuthenticateServerRequest.Decode(capture.Es10Exchanges()[4].Request).CtxParams1.DeviceInfo;
            var http = new ScriptedHttpTransport()
                .Add(Exchange("01-GetEimPackageRequest.der", "02-GetEimPackageResponse-profileDownloadTriggerRequest.der"))
                .Add(Exchange("03-InitiateAuthenticationRequestEsipa.der", "04-InitiateAuthenticationResponseEsipa.der"))
                .Add(Exchange("05-AuthenticateClientRequestEsipa.der", "06-AuthenticateClientResponseEsipa.der"))
                .Add(Exchange("07-GetBoundProfilePackageRequestEsipa.der", "08-GetBoundProfilePackageResponseEsipa.der"))
                .Add(Exchange("09-HandleNotificationEsipa.der", null))
                .Add(Exchange("10-GetEimPackageRequest.der", "11-GetEimPackageResponse-eimPackageError.der"));
            // Lines 1-6 (TERMINAL CAPABILITY, MANAGE CHANNEL, SELECT) belong to the APDU layer, not to the engine.
            var card = new ReplayTransport(capture, 3, 1);
            var cfg = new IpaConfig
            {
                EimFqdn = "127.0.0.1:8000", EimId = "eIM", Scheme = "http", DeviceInfo = deviceInfo,
                Es10 = new Es10Options { SegmentSize = 255, GetResponseClass = 0x00, SendTerminalCapability = false },
            };
            var store = new MemoryStore();
            var engine = new ProvisioningEngine(cfg, card, http, store, null, null);
            var r = engine.RunUntilWait(20);

            Assert.AreEqual(StepResult.KindIdle, r.Kind, engine.LastError);
            Assert.IsTrue(http.Done, "all six ESipa exchanges");
            Assert.AreEqual(capture.Commands.Count - 1, card.Position, "every APDU up to MANAGE CHANNEL close");
            Assert.IsTrue(engine.ProfileChanged);
            Assert.AreEqual("89049032123451234512345678901235", Hex.Encode(engine.Eid));
            Assert.AreEqual(0, store.List("ipa/").Length);
        }
    }
}
