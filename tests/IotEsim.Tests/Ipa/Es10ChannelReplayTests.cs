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

namespace IotEsim.Tests.Ipa
{
    [TestClass]
    public class LoadBoundProfilePackageReplayTests
    {
        /// <summary>The BPP captured from osmo-smdpp, streamed from its bytes, must produce exactly
        /// lpac's LoadBoundProfilePackage APDUs (lines 49-276 of the capture) and return its BF37.</summary>
        [TestMethod]
        public void StreamsTheCapturedBppAsLpacDid()
        {
            var capture = ApduCapture.Load("es9plus-download/apdus.txt");
            var exchanges = capture.Es10Exchanges();
            int firstBpp = exchanges[4].First;
            var transport = new ReplayTransport(capture, 0, 1);
            var es10 = new IotEsim.Ipa.Es10.Es10Channel(transport, new IotEsim.Ipa.Es10.Es10Options { SegmentSize = 120, GetResponseClass = 0x80, SendTerminalCapability = false });
            es10.Open();
            transport.Seek(firstBpp);
            var progress = new Progress();
            using var bpp = System.IO.File.OpenRead(TestData.Path("bsp/es9plus-download-session/bpp.der"));
            var result = IotEsim.Ipa.Download.LoadBoundProfilePackage.Execute(es10, bpp, progress);
            Assert.AreEqual(exchanges[21].First + exchanges[21].Count, transport.Position);
            Assert.AreEqual(Hex.Encode(exchanges[21].Response), Hex.Encode(result));
            Assert.AreEqual("BF37", Hex.Encode(result, 0, 2));
            Assert.AreEqual(12550L, progress.Total);
            Assert.AreEqual(12550L, progress.Last);
            Assert.AreEqual(18, progress.Calls);
        }

        [TestMethod]
        public void TruncatedOrForeignPackagesStopWithTypedErrors()
        {
            var bppBytes = TestData.Bytes("bsp/es9plus-download-session/bpp.der");
            foreach (int cut in new[] { 3, 40, 300, 5000, bppBytes.Length - 1 })
            {
                var card = new CountingTransport();
                var es10 = new IotEsim.Ipa.Es10.Es10Channel(card, new IotEsim.Ipa.Es10.Es10Options { SendTerminalCapability = false });
                es10.Open();
                var stream = new System.IO.MemoryStream(bppBytes, 0, cut);
                var e = Assert.ThrowsExactly<IotEsim.Rsp.Asn1.DerException>(() => IotEsim.Ipa.Download.LoadBoundProfilePackage.Execute(es10, stream, null));
                Assert.AreEqual(IotEsim.Rsp.Asn1.DerError.Truncated, e.Error, "cut at " + cut);
            }
            var foreign = Hex.Decode("BF2E03800100");
            var es = new IotEsim.Ipa.Es10.Es10Channel(new CountingTransport(), new IotEsim.Ipa.Es10.Es10Options { SendTerminalCapability = false });
            es.Open();
            var ue = Assert.ThrowsExactly<IotEsim.Rsp.Asn1.DerException>(() => IotEsim.Ipa.Download.LoadBoundProfilePackage.Execute(es, new System.IO.MemoryStream(foreign), null));
            Assert.AreEqual(IotEsim.Rsp.Asn1.DerError.UnexpectedTag, ue.Error);
        }

        private sealed class Progress : IotEsim.Ipa.Download.IBppProgress
        {
            public long Last, Total;
            public int Calls;
            public void Loaded(long sent, long total) { Last = sent; Total = total; Calls++; }
        }

        /// <summary>A card that accepts every STORE DATA with 9000 and never answers data.</summary>
        private sealed class CountingTransport : IotEsim.Rsp.Apdu.IApduTransport
        {
            public int Apdus;
            public void Connect() { }
            public void Disconnect() { }
            public int OpenLogicalChannel(byte[] aid) { return 1; }
            public void CloseLogicalChannel(int channel) { }
            public byte[] Transmit(byte[] command) { Apdus++; return new byte[] { 0x90, 0x00 }; }
        }
    }
}
