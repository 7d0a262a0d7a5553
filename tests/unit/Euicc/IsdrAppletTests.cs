using System;
using IotEsim.Euicc.Card;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Euicc
{
    /// <summary>APDU-level behaviour of the ISD-R front end, with a recording fake behind it.</summary>
    [TestClass]
    public class IsdrAppletTests
    {
        private const string Aid = "A0000005591010FFFFFFFF8900000100";

        private sealed class FakeProcessor : IEs10Processor
        {
            public byte[] LastRequest;
            public byte[] Reply = new byte[0];
            public int BppBytes;
            public int BppSequences;
            public bool Enabled;
            public int Resets;

            public byte[] ProcessRequest(byte[] request) { LastRequest = request; return Reply; }
            public bool BppInProgress { get { return BppBytes > 0 && BppSequences < 3; } }
            public void BppFeed(byte[] data, int offset, int count) { BppBytes += count; }
            public byte[] BppEndOfSequence()
            {
                BppSequences++;
                return BppSequences == 3 ? Hex.Decode("BF3703800101") : null;
            }
            public bool HasEnabledProfile { get { return Enabled; } }
            public void OnReset() { Resets++; }
        }

        private static string Send(IsdrApplet card, string apduHex)
        {
            return Hex.Encode(card.ProcessApdu(Hex.Decode(apduHex)));
        }

        private static IsdrApplet OpenAndSelect(FakeProcessor p, out int channel)
        {
            var card = new IsdrApplet(p);
            var r = Send(card, "0070000001");
            Assert.AreEqual("019000", r);
            channel = 1;
            Assert.AreEqual("6119", Send(card, "01A4040410" + Aid + "00"));
            Assert.AreEqual("6F178410" + Aid + "E103800100" + "9000", Send(card, "01C0000019"));
            return card;
        }

        [TestMethod]
        public void SelectAnswers61xxAndServesFciWithIotTemplate()
        {
            var p = new FakeProcessor();
            int ch;
            OpenAndSelect(p, out ch);
            p.Enabled = true;
            var card = new IsdrApplet(p);
            Assert.AreEqual("611A", Send(card, "00A4040010" + Aid));
            // GET RESPONSE with CLA 8x and Le 00 (= 256) returns what is there.
            Assert.AreEqual("6F18841" + "0" + Aid + "E10480020640" + "9000", Send(card, "80C0000000"));
        }

        [TestMethod]
        public void StoreDataChainingReassemblesAndAnswersThroughGetResponse()
        {
            var p = new FakeProcessor();
            int ch;
            var card = OpenAndSelect(p, out ch);
            p.Reply = new byte[300];
            p.Reply[0] = 0xBF; p.Reply[299] = 0x77;
            Assert.AreEqual("9000", Send(card, "81E2110003BF2E00"));
            Assert.AreEqual("6100", Send(card, "81E29101020102"));
            Assert.AreEqual("BF2E000102", Hex.Encode(p.LastRequest));
            var first = card.ProcessApdu(Hex.Decode("81C0000000"));
            Assert.AreEqual(258, first.Length);
            Assert.AreEqual("612C", Hex.Encode(first, 256, 2));
            var rest = card.ProcessApdu(Hex.Decode("01C000002C"));
            Assert.AreEqual("779000", Hex.Encode(rest, rest.Length - 3, 3));
            Assert.AreEqual("6985", Send(card, "81C0000000"));
        }

        [TestMethod]
        public void MalformedAndOutOfOrderCommandsGetStatusWordsAndChangeNothing()
        {
            var p = new FakeProcessor();
            int ch;
            var card = OpenAndSelect(p, out ch);
            Assert.AreEqual("6700", Send(card, "81E2"));                    // too short
            Assert.AreEqual("6700", Send(card, "81E2910002BF"));            // Lc says 2, 1 byte sent
            Assert.AreEqual("6A86", Send(card, "81E2910103BF2E00"));        // block 1 before block 0
            Assert.AreEqual("6A86", Send(card, "81E2120003BF2E00"));        // bad P1
            Assert.AreEqual("6D00", Send(card, "81FF000000"));              // unknown INS
            Assert.AreEqual("6E00", Send(card, "01E2910003BF2E00"));        // STORE DATA needs CLA 8x
            Assert.AreEqual("6E00", Send(card, "FFA4040000"));
            Assert.AreEqual("6881", Send(card, "82E2910003BF2E00"));        // channel 2 not open
            Assert.AreEqual("6A82", Send(card, "01A404000AA000000559101000000000"));
            Assert.AreEqual("6985", Send(card, "80E2910003BF2E00"));        // basic channel: nothing selected
            Assert.IsNull(p.LastRequest);
            // The channel still works after all of that, starting at block 0.
            p.Reply = Hex.Decode("BF2E03800100");
            Assert.AreEqual("6106", Send(card, "81E2910003BF2E00"));
            Assert.AreEqual("BF2E038001009000", Send(card, "81C0000006"));
        }

        [TestMethod]
        public void ManageChannelOpensThreeAndRefusesAFourth()
        {
            var card = new IsdrApplet(new FakeProcessor());
            Assert.AreEqual("019000", Send(card, "0070000001"));
            Assert.AreEqual("029000", Send(card, "0070000001"));
            Assert.AreEqual("039000", Send(card, "0070000001"));
            Assert.AreEqual("6A81", Send(card, "0070000001"));
            Assert.AreEqual("9000", Send(card, "0070800200"));
            Assert.AreEqual("029000", Send(card, "0070000001"));
            Assert.AreEqual("6A86", Send(card, "0070800000"));               // the basic channel cannot be closed
            Assert.AreEqual("6A86", Send(card, "0070000100"));               // channel 1 is already open
            Assert.AreEqual("9000", Send(card, "0070800100"));
            Assert.AreEqual("9000", Send(card, "0070000100"));               // explicit channel: no data (onomondo-ipa style)
            Assert.AreEqual("9000", Send(card, "80AA000008A906830107840101")); // TERMINAL CAPABILITY
        }

        [TestMethod]
        public void BoundProfilePackageIsStreamedAcrossSequences()
        {
            var p = new FakeProcessor();
            int ch;
            var card = OpenAndSelect(p, out ch);
            Assert.AreEqual("9000", Send(card, "81E2110004BF368200"));
            Assert.AreEqual("9000", Send(card, "81E2910102A000"));
            Assert.AreEqual("9000", Send(card, "81E2910002A100"));   // continues the BPP: no tag check
            Assert.AreEqual("6106", Send(card, "81E2910002A300"));
            Assert.AreEqual(10, p.BppBytes);
            Assert.IsNull(p.LastRequest);
            Assert.AreEqual("BF37038001019000", Send(card, "81C0000000"));
        }

        [TestMethod]
        public void ResetClosesChannelsAndTellsTheEngine()
        {
            var p = new FakeProcessor();
            int ch;
            var card = OpenAndSelect(p, out ch);
            card.Reset();
            Assert.AreEqual(1, p.Resets);
            Assert.AreEqual("6881", Send(card, "81E2910003BF2E00"));
            Assert.AreEqual(13, card.Atr.Length);
            Assert.AreEqual("3B888001", Hex.Encode(card.Atr, 0, 4));
        }
    }
}
