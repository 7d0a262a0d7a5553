using System;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Ipa
{
    /// <summary>
    /// Our ES10 link must put the same bytes on the wire as independent IPAs/LPAs when configured
    /// like them: lpac (120-byte blocks, GET RESPONSE CLA 8x) and onomondo-ipa (255-byte blocks,
    /// GET RESPONSE CLA 0x). Every ES10 request of the captures is re-sent through Es10Channel.
    /// </summary>
    [TestClass]
    public class Es10ChannelReplayTests
    {
        [TestMethod]
        public void ReproducesLpacApdusForEveryEs10RequestOfTheDownload()
        {
            var capture = ApduCapture.Load("es9plus-download/apdus.txt");
            var exchanges = capture.Es10Exchanges();
            // 4 ES10 calls before the BPP, 6 + 12 BPP sequences (see the capture README), 3 notification calls.
            Assert.AreEqual(25, exchanges.Count, "ES10 sequences in the lpac capture");
            var transport = new ReplayTransport(capture, 0, 1);
            var es10 = new Es10Channel(transport, new Es10Options { SegmentSize = 120, GetResponseClass = 0x80, SendTerminalCapability = false });
            es10.Open();
            Assert.AreEqual(1, es10.Channel);
            foreach (var ex in exchanges)
            {
                transport.Seek(ex.First);
                var response = es10.Transceive(ex.Request);
                Assert.AreEqual(ex.First + ex.Count, transport.Position, "APDUs used for request at " + ex.First);
                Assert.AreEqual(Hex.Encode(ex.Response), Hex.Encode(response));
            }
        }

        [TestMethod]
        public void ReproducesOnomondoIpaApdusWith255ByteBlocks()
        {
            foreach (var file in new[] { "esipa-v1.0/download/apdus.txt", "esipa-v1.0/psmo-listProfileInfo/apdus.txt" })
            {
                var capture = ApduCapture.Load(file);
                var exchanges = capture.Es10Exchanges();
                Assert.IsTrue(exchanges.Count >= 5, file);
                var transport = new ReplayTransport(capture, 0, 1);
                var es10 = new Es10Channel(transport, new Es10Options { SegmentSize = 255, GetResponseClass = 0x00, SendTerminalCapability = false });
                es10.Open();
                foreach (var ex in exchanges)
                {
                    transport.Seek(ex.First);
                    var response = es10.Transceive(ex.Request);
                    Assert.AreEqual(ex.First + ex.Count, transport.Position, file + ": APDUs used for request at " + ex.First);
                    Assert.AreEqual(Hex.Encode(ex.Response), Hex.Encode(response));
                }
            }
        }
    }
}
