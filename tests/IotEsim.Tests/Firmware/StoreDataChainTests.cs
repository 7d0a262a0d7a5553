using System;
using System.Collections.Generic;
using IotEsim.Firmware.Framing;
using IotEsim.Firmware.Sim;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Firmware
{
    /// <summary>
    /// STORE-DATA-CHAIN frames (hardware/uart-framing.md): the IPA's ES10 client (<see cref="Es10Channel"/>) over the
    /// framed link; the card must see exactly the APDUs it would see without chaining, refusals keep their status
    /// word, repeats are not executed twice, and an old board without the frame type still works.
    /// </summary>
    [TestClass]
    public class StoreDataChainTests
    {
        private static readonly byte[] Aid = Hex.Decode("A0000005591010FFFFFFFF8900000100");

        /// <summary>ES10 rules (SGP.22 5.7.2): 9000 to each non-final STORE DATA block, the response to the final one.
        /// Records every APDU; can refuse one block.</summary>
        private sealed class Es10Card : ISmartCard
        {
            public readonly List<string> Seen = new List<string>();
            public int RefuseBlock = -1;
            public int RefuseSw = 0x6A80;
            private int _total;
            public byte[] Atr => new byte[] { 0x3B, 0x00 };
            public void Reset() { Seen.Clear(); }
            public byte[] ProcessApdu(byte[] c)
            {
                Seen.Add(Hex.Encode(c));
                if (c[1] == 0x70) return c[2] == 0 ? new byte[] { 0x01, 0x90, 0x00 } : StatusWord.Only(StatusWord.Ok);
                if (c[1] == 0xA4 || c[1] == 0xAA) return StatusWord.Only(StatusWord.Ok);
                if (c[1] != 0xE2) return StatusWord.Only(StatusWord.InsNotSupported);
                if (c[3] == RefuseBlock) { _total = 0; return StatusWord.Only(RefuseSw); }
                if (c[3] == 0) _total = 0;
                _total += c[4];
                if (c[2] == 0x11) return StatusWord.Only(StatusWord.Ok);
                // The answer names how many bytes the request had and its last byte.
                var r = new byte[] { 0x80, 0x03, (byte)(_total >> 8), (byte)_total, c[c.Length - 1], 0x90, 0x00 };
                _total = 0;
                return r;
            }
        }

        private sealed class Rig
        {
            public VirtualClock Clock = new VirtualClock();
            public SerialPipe Pipe;
            public Es10Card Card = new Es10Card();
            public FramedLinkServer Server;
            public FramedLinkTransport Transport;
            public Es10Channel Es10;
        }

        private static Rig Build(bool chain)
        {
            var r = new Rig();
            r.Pipe = new SerialPipe(r.Clock);
            r.Server = new FramedLinkServer(r.Pipe.B, r.Card, r.Clock);
            r.Pipe.B.DataArrived = () => r.Server.Poll(0);
            r.Transport = new FramedLinkTransport(r.Pipe.A, r.Clock) { ChainStoreData = chain };
            r.Es10 = new Es10Channel(r.Transport);
            r.Es10.Open();
            return r;
        }

        private static byte[] Request(int length, int seed)
        {
            var b = new byte[length];
            new Random(seed).NextBytes(b);
            return b;
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(255)]
        [DataRow(256)]
        [DataRow(1020)]
        [DataRow(1036)]
        [DataRow(2500)]
        public void CardSeesTheSameApdusAndTheAnswerIsTheSame(int length)
        {
            var plain = Build(false);
            var chained = Build(true);
            byte[] req = Request(length, length);
            string a = Hex.Encode(plain.Es10.Transceive(req));
            long plainUart = plain.Pipe.A.BytesWritten + plain.Pipe.B.BytesWritten;
            string b = Hex.Encode(chained.Es10.Transceive(req));
            long chainedUart = chained.Pipe.A.BytesWritten + chained.Pipe.B.BytesWritten;
            Assert.AreEqual(a, b);
            Assert.AreEqual(string.Join(",", plain.Card.Seen), string.Join(",", chained.Card.Seen), "APDUs at the card");
            Assert.AreEqual(0, chained.Transport.Retransmissions);
            if (length > 255)
            {
                Assert.IsTrue(chained.Transport.ChainsSent > 0);
                Assert.IsTrue(chainedUart < plainUart, chainedUart + " vs " + plainUart);
            }
            else Assert.AreEqual(0, chained.Transport.ChainsSent);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(3)]
        [DataRow(5)]
        public void ARefusedBlockFailsTheRequestWithTheCardsStatusWord(int block)
        {
            var rig = Build(true);
            rig.Card.RefuseBlock = block;
            Es10Exception e = null;
            try { rig.Es10.Transceive(Request(1500, 9)); }
            catch (Es10Exception x) { e = x; }
            Assert.IsNotNull(e, "request not refused");
            Assert.AreEqual(0x6A80, e.StatusWord);
            // Nothing after the refused block reached the card.
            string last = rig.Card.Seen[rig.Card.Seen.Count - 1];
            Assert.AreEqual(block, Convert.ToInt32(last.Substring(6, 2), 16));
            // The link is fine afterwards: the next request goes through.
            rig.Card.RefuseBlock = -1;
            Assert.AreEqual(7 - 2, rig.Es10.Transceive(Request(600, 10)).Length);
        }

        [TestMethod]
        public void ALostChainAnswerIsRepeatedFromTheCacheNotExecutedTwice()
        {
            var rig = Build(true);
            bool dropped = false;
            rig.Pipe.B.Tamper = data =>
            {
                // Drop the board's first answer to a chain frame (the card has executed it).
                if (!dropped && rig.Server.ChainsProcessed == 1) { dropped = true; return null; }
                return data;
            };
            byte[] req = Request(1020, 4);
            byte[] r = rig.Es10.Transceive(req);
            Assert.IsTrue(dropped);
            Assert.AreEqual(1, rig.Transport.Retransmissions);
            Assert.AreEqual(1, rig.Server.ChainsProcessed, "the repeat came from the cache");
            Assert.AreEqual(1020 >> 8, r[2]);
            Assert.AreEqual(1020 & 0xFF, r[3]);
            Assert.AreEqual(4, rig.Card.Seen.FindAll(s => s.StartsWith("81E2")).Count);
        }

        [TestMethod]
        public void AnOldBoardWithoutChainsGetsTheBlocksOneByOne()
        {
            var clock = new VirtualClock();
            var pipe = new SerialPipe(clock);
            var card = new Es10Card();
            // A board from before STORE-DATA-CHAIN: answers APDU frames, ERROR 2 (unknown kind) to anything else.
            var decoder = new FrameDecoder();
            var buf = new byte[2048];
            pipe.B.DataArrived = () =>
            {
                int n;
                while ((n = pipe.B.Read(buf, 0, buf.Length, 0)) > 0) decoder.Feed(buf, 0, n);
                while (decoder.Next())
                {
                    byte[] answer = decoder.Kind == FramedLink.KindApdu
                        ? FramedLink.Encode(decoder.Seq, FramedLink.KindApduResponse, card.ProcessApdu(decoder.Payload))
                        : decoder.Kind == FramedLink.KindReset ? FramedLink.Encode(decoder.Seq, FramedLink.KindAtr, card.Atr)
                        : FramedLink.Encode(decoder.Seq, FramedLink.KindError, new byte[] { FramedLink.ErrorUnknownKind });
                    pipe.B.Write(answer, 0, answer.Length);
                }
            };
            var t = new FramedLinkTransport(pipe.A, clock);
            var es10 = new Es10Channel(t);
            es10.Open();
            byte[] r = es10.Transceive(Request(1020, 5));
            Assert.AreEqual(1020 >> 8, r[2]);
            Assert.IsFalse(t.ChainStoreData, "chaining switched off");
            Assert.AreEqual(4, card.Seen.FindAll(s => s.StartsWith("81E2")).Count);
            r = es10.Transceive(Request(700, 6));
            Assert.AreEqual(700 & 0xFF, r[3]);
        }

        [TestMethod]
        public void MalformedChainIsAnsweredWithError4AndNothingExecuted()
        {
            var clock = new VirtualClock();
            var pipe = new SerialPipe(clock);
            var card = new Es10Card();
            var server = new FramedLinkServer(pipe.B, card, clock);
            var got = new List<byte[]>();
            var decoder = new FrameDecoder();
            pipe.A.DataArrived = () =>
            {
                var buf = new byte[64];
                int n;
                while ((n = pipe.A.Read(buf, 0, buf.Length, 0)) > 0) decoder.Feed(buf, 0, n);
                while (decoder.Next()) got.Add(decoder.Payload);
            };
            // N = 0; P1 neither 11 nor 91; five blocks; P2 overflowing 255.
            byte[][] bad =
            {
                Hex.Decode("819100" + "00" + "AABB"),
                Hex.Decode("812200" + "02" + "AABB"),
                Prefix(Hex.Decode("81910001"), new byte[5]),
                Prefix(Hex.Decode("8191FF01"), new byte[2]),
            };
            for (int i = 0; i < bad.Length; i++)
            {
                var f = FramedLink.Encode(i + 1, FramedLink.KindStoreDataChain, bad[i]);
                pipe.A.Write(f, 0, f.Length);
                server.Poll(0);
            }
            Assert.AreEqual(bad.Length, got.Count);
            foreach (var p in got) Assert.AreEqual("04", Hex.Encode(p));
            Assert.AreEqual(0, card.Seen.Count);
        }

        private static byte[] Prefix(byte[] a, byte[] b)
        {
            var r = new byte[a.Length + b.Length];
            Array.Copy(a, r, a.Length);
            Array.Copy(b, 0, r, a.Length, b.Length);
            return r;
        }
    }
}
