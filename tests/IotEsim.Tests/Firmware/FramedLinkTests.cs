using System;
using IotEsim.Firmware.Framing;
using IotEsim.Firmware.Sim;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Firmware
{
    /// <summary>FramedLinkTransport (ESP32) against FramedLinkServer (eUICC board) over the simulated UART.</summary>
    [TestClass]
    public class FramedLinkTests
    {
        internal sealed class Rig
        {
            public VirtualClock Clock = new VirtualClock();
            public SerialPipe Pipe;
            public TestCard Card = new TestCard();
            public FramedLinkServer Server;
            public FramedLinkTransport Transport;
        }

        internal static Rig Build()
        {
            var r = new Rig();
            r.Pipe = new SerialPipe(r.Clock);
            r.Server = new FramedLinkServer(r.Pipe.B, r.Card, r.Clock);
            r.Pipe.B.DataArrived = () => r.Server.Poll(0);
            r.Transport = new FramedLinkTransport(r.Pipe.A, r.Clock);
            return r;
        }

        [TestMethod]
        public void ConnectReturnsAtrAndFiftyApdusRoundTrip()
        {
            var rig = Build();
            // TestCard echoes every STORE DATA block (not the ES10 rule of 9000 until the last): one frame per APDU.
            rig.Transport.ChainStoreData = false;
            rig.Transport.Connect();
            Assert.AreEqual(Hex.Encode(rig.Card.Atr), Hex.Encode(rig.Transport.Atr));
            Assert.AreEqual(1, rig.Card.Resets);
            int ch = rig.Transport.OpenLogicalChannel(TestCard.IsdrAid);
            var rng = new Random(3);
            for (int i = 0; i < 50; i++)
            {
                if (i % 5 == 4)
                {
                    byte[] r = rig.Transport.Transmit(new byte[] { ApduCommand.ClassForChannel(0x80, ch), 0xB0, 0, 0, 0 });
                    Assert.AreEqual(258, r.Length);
                    continue;
                }
                var data = new byte[i % 3 == 0 ? 255 : 1 + rng.Next(255)];
                rng.NextBytes(data);
                Assert.AreEqual(Hex.Encode(data), Hex.Encode(TestCard.StoreDataRoundTrip(rig.Transport, ch, data, false, i)));
            }
            rig.Transport.CloseLogicalChannel(ch);
            Assert.AreEqual(0, rig.Transport.Retransmissions);
            Assert.IsTrue(rig.Transport.Ping());
        }

        [TestMethod]
        public void CorruptedCommandFrameIsDroppedAndRepeated()
        {
            var rig = Build();
            rig.Transport.Connect();
            int corrupt = 1;
            rig.Pipe.A.Tamper = d => { if (corrupt-- > 0) d[d.Length / 2] ^= 0x55; return d; };
            int before = rig.Card.Processed;
            byte[] r = rig.Transport.Transmit(new byte[] { 0x80, 0xB0, 0, 0, 8 });
            Assert.AreEqual(10, r.Length);
            Assert.AreEqual(1, rig.Transport.Retransmissions);
            Assert.AreEqual(1, rig.Server.Decoder.CrcErrors);
            Assert.AreEqual(before + 1, rig.Card.Processed);
        }

        [TestMethod]
        public void CorruptedAnswerIsRecoveredFromTheCardCacheWithoutReexecuting()
        {
            var rig = Build();
            rig.Transport.Connect();
            int corrupt = 1;
            rig.Pipe.B.Tamper = d => { if (corrupt-- > 0) d[5] ^= 0x01; return d; };
            int before = rig.Card.Processed;
            byte[] r = rig.Transport.Transmit(new byte[] { 0x80, 0xB0, 0, 0, 8 });
            Assert.AreEqual("030A11181F262D34" + "9000", Hex.Encode(r));
            Assert.AreEqual(before + 1, rig.Card.Processed, "a repeated request must not run the APDU twice");
            Assert.AreEqual(1, rig.Server.RepeatsAnswered);
            Assert.AreEqual(1, rig.Transport.Decoder.CrcErrors);
        }

        [TestMethod]
        public void GarbageAndFalseStartBytesAreSkipped()
        {
            var rig = Build();
            rig.Transport.Connect();
            var rng = new Random(11);
            // Noise full of SOF bytes in front of every answer and every request.
            rig.Pipe.B.Tamper = d => Prefix(Noise(rng), d);
            rig.Pipe.A.Tamper = d => Prefix(Noise(rng), d);
            for (int i = 0; i < 20; i++)
            {
                byte[] r = rig.Transport.Transmit(new byte[] { 0x80, 0xB0, 0, 0, (byte)(i + 1) });
                Assert.AreEqual(i + 3, r.Length);
            }
            Assert.IsTrue(rig.Transport.Decoder.DiscardedBytes > 0);
            Assert.AreEqual(20, rig.Card.Processed, "each APDU runs once even when a request is repeated");
        }

        [TestMethod]
        public void FrameSplitIntoSingleBytesIsReassembled()
        {
            var clock = new VirtualClock();
            var pipe = new SerialPipe(clock);
            var card = new TestCard();
            var server = new FramedLinkServer(pipe.B, card, clock);
            byte[] frame = FramedLink.Encode(1, FramedLink.KindApdu, new byte[] { 0x00, 0xB0, 0, 0, 2 });
            for (int i = 0; i < frame.Length; i++)
            {
                pipe.A.Write(frame, i, 1);
                server.Poll(0);
            }
            var dec = new FrameDecoder();
            var buf = new byte[64];
            int n = pipe.A.Read(buf, 0, buf.Length, 0);
            dec.Feed(buf, 0, n);
            Assert.IsTrue(dec.Next());
            Assert.AreEqual(FramedLink.KindApduResponse, dec.Kind);
            Assert.AreEqual(1, dec.Seq);
            Assert.AreEqual("03" + "0A" + "9000", Hex.Encode(dec.Payload));
        }

        [TestMethod]
        public void TruncatedFrameExpiresAndTheNextFrameIsServed()
        {
            var clock = new VirtualClock();
            var pipe = new SerialPipe(clock);
            var card = new TestCard();
            var server = new FramedLinkServer(pipe.B, card, clock);
            byte[] frame = FramedLink.Encode(2, FramedLink.KindApdu, new byte[] { 0x00, 0xB0, 0, 0, 2 });
            pipe.A.Write(frame, 0, 7); // cut off mid-frame
            server.Poll(0);
            clock.Advance(server.FrameTimeoutMs + 1);
            server.Poll(0);
            Assert.AreEqual(0, card.Processed);
            byte[] next = FramedLink.Encode(3, FramedLink.KindApdu, new byte[] { 0x00, 0xB0, 0, 0, 2 });
            pipe.A.Write(next, 0, next.Length);
            Assert.AreEqual(1, server.Poll(0));
            Assert.AreEqual(1, card.Processed);
        }

        [TestMethod]
        public void MaximumSizeApdusPass()
        {
            var rig = Build();
            rig.Transport.Connect();
            int ch = rig.Transport.OpenLogicalChannel(TestCard.IsdrAid);
            var cmd = new byte[261];
            cmd[0] = ApduCommand.ClassForChannel(0x80, ch); cmd[1] = 0xE2; cmd[2] = 0x91; cmd[3] = 0; cmd[4] = 255;
            byte[] r = rig.Transport.Transmit(cmd); // Lc 255 + Le: 261 bytes
            Assert.AreEqual(0x61FF, StatusWord.Of(r));
            Assert.ThrowsException(typeof(ApduTransportException), () => rig.Transport.Transmit(new byte[FramedLink.MaxPayload + 1]));
        }

        [TestMethod]
        public void SilentBoardTimesOutWithTransportException()
        {
            var clock = new VirtualClock();
            var pipe = new SerialPipe(clock);
            var t = new FramedLinkTransport(pipe.A, clock) { AttemptTimeoutMs = 1000, TotalTimeoutMs = 5000 };
            Assert.ThrowsException(typeof(ApduTransportException), () => t.Transmit(new byte[] { 0x80, 0xB0, 0, 0, 1 }));
            Assert.IsTrue(clock.NowMs >= 5000 && clock.NowMs < 6000, clock.NowMs.ToString());
            Assert.AreEqual(4, t.Retransmissions);
        }

        [TestMethod]
        public void CardFaultAnswers6F00()
        {
            var clock = new VirtualClock();
            var pipe = new SerialPipe(clock);
            var server = new FramedLinkServer(pipe.B, new ThrowingCard(), clock);
            pipe.B.DataArrived = () => server.Poll(0);
            var t = new FramedLinkTransport(pipe.A, clock);
            Assert.AreEqual("6F00", Hex.Encode(t.Transmit(new byte[] { 0x80, 0xCA, 0, 0, 0 })));
        }

        private sealed class ThrowingCard : ISmartCard
        {
            public byte[] Atr => new byte[] { 0x3B, 0x00 };
            public void Reset() { }
            public byte[] ProcessApdu(byte[] command) { throw new InvalidOperationException("boom"); }
        }

        private static byte[] Noise(Random rng)
        {
            var n = new byte[rng.Next(12)];
            rng.NextBytes(n);
            for (int i = 0; i < n.Length; i += 3) n[i] = FramedLink.Sof;
            return n;
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
