using System;
using IotEsim.Firmware.Serial;
using IotEsim.Rsp.Apdu;

namespace IotEsim.Firmware.Framing
{
    /// <summary>
    /// IPA side of the framed UART link to the C# eUICC board: a raw APDU transport (channels are opened
    /// with MANAGE CHANNEL by <see cref="RawApduTransport"/>). Every request carries a 4-bit sequence
    /// number; when no valid answer with that number arrives within <see cref="AttemptTimeoutMs"/> the same
    /// frame is sent again, and the card answers a repeated number from its cache instead of executing the
    /// APDU twice. After <see cref="TotalTimeoutMs"/> the exchange fails with <see cref="ApduTransportException"/>.
    /// <para>STORE DATA chaining (<see cref="ChainStoreData"/>): a STORE DATA block that announces more blocks (P1 11) is
    /// held back and answered 9000 at once; the held blocks travel with the next block of the same ES10 request in one
    /// STORE-DATA-CHAIN frame (up to <see cref="FramedLink.MaxChainBlocks"/> blocks), which the board splits into the
    /// same ISO 7816 APDUs. The 9000 is what SGP.22 5.7.2 has the ISD-R answer to every non-final block; a block the
    /// card would refuse ends the chain on the board, and its status word becomes the answer to the block that
    /// released the chain, so the ES10 request still fails with the card's status word, one block later. A board
    /// that does not know the frame type answers ERROR 2; the transport then sends the held blocks one by one and
    /// stops chaining.</para>
    /// </summary>
    public class FramedLinkTransport : RawApduTransport
    {
        private readonly ISerialLink _link;
        private readonly IClock _clock;
        private readonly FrameDecoder _decoder = new FrameDecoder();
        private readonly byte[] _rx = new byte[128];
        private int _seq;

        // Held-back STORE DATA blocks of the current ES10 request (STORE-DATA-CHAIN payload being built).
        private readonly byte[] _chain = new byte[FramedLink.MaxPayload];
        private int _chainLength;
        private int _chainBlocks;
        private int _chainNextP2;
        private bool _chainShort; // the last held block was shorter than N: a chain cannot continue after it

        public FramedLinkTransport(ISerialLink link, IClock clock)
        {
            _link = link;
            _clock = clock == null ? (IClock)SystemClock.Instance : clock;
            AttemptTimeoutMs = 2000;
            TotalTimeoutMs = 60000;
            FrameTimeoutMs = 200;
            ChainStoreData = true;
        }

        /// <summary>Wait for an answer before repeating the request. Must exceed the card's longest silent processing only
        /// for efficiency: a repeat while the card is busy is answered from its cache.</summary>
        public int AttemptTimeoutMs { get; set; }

        /// <summary>Give up on an exchange after this long (profile installation steps on the board can take seconds).</summary>
        public int TotalTimeoutMs { get; set; }

        /// <summary>A started frame must complete within this time (a 306-byte frame takes 27 ms at 115200 baud).</summary>
        public int FrameTimeoutMs { get; set; }

        public byte[] Atr { get; private set; }

        public int Retransmissions { get; private set; }

        /// <summary>Send consecutive STORE DATA blocks as STORE-DATA-CHAIN frames (default on; off after a board answered
        /// ERROR 2 to one).</summary>
        public bool ChainStoreData { get; set; }

        /// <summary>STORE-DATA-CHAIN frames sent.</summary>
        public int ChainsSent { get; private set; }

        public FrameDecoder Decoder
        {
            get { return _decoder; }
        }

        /// <summary>Resets the card and reads its ATR.</summary>
        public override void Connect()
        {
            _link.DiscardInput();
            _decoder.Clear();
            DropChain();
            Atr = Exchange(FramedLink.KindReset, new byte[0], FramedLink.KindAtr);
        }

        public override void Disconnect()
        {
            DropChain();
        }

        /// <summary>Link check: true when the card answers PING.</summary>
        public bool Ping()
        {
            try
            {
                Exchange(FramedLink.KindPing, new byte[0], FramedLink.KindPong);
                return true;
            }
            catch (ApduTransportException) { return false; }
        }

        public override byte[] Transmit(byte[] command)
        {
            if (command == null || command.Length < 4) throw new ApduTransportException("command APDU shorter than 4 bytes");
            if (command.Length > FramedLink.MaxApduPayload) throw new ApduTransportException("command APDU too long for the framed link");
            if (ChainStoreData && IsChainableStoreData(command)) return ChainBlock(command);
            if (_chainBlocks > 0)
            {
                // Something else arrives while blocks are held (not what an ES10 client does): deliver them first, and
                // since they were already acknowledged, a refusal can only be reported as a link failure.
                byte[] held = FlushChain(0x11);
                if (StatusWord.Of(held) != StatusWord.Ok)
                    throw new ApduTransportException("held STORE DATA block refused with " + StatusWord.ToHex(StatusWord.Of(held)), StatusWord.Of(held));
            }
            return Single(command);
        }

        private byte[] Single(byte[] command)
        {
            byte[] r = Exchange(FramedLink.KindApdu, command, FramedLink.KindApduResponse);
            if (r.Length < 2) throw new ApduTransportException("card answered fewer than 2 bytes");
            return r;
        }

        /// <summary>Case 3 STORE DATA (INS E2, P1 11 or 91, Lc = data length, no Le).</summary>
        private static bool IsChainableStoreData(byte[] c)
        {
            return c.Length > 5 && c[1] == 0xE2 && (c[2] == 0x11 || c[2] == 0x91) && c[4] != 0 && c.Length == 5 + c[4];
        }

        private byte[] ChainBlock(byte[] c)
        {
            int lc = c[4];
            if (_chainBlocks > 0)
            {
                bool continues = c[0] == _chain[0] && c[3] == _chainNextP2 && !_chainShort && lc <= _chain[3];
                bool fits = continues && _chainBlocks < FramedLink.MaxChainBlocks;
                if (!fits)
                {
                    byte[] held = FlushChain(0x11);
                    // The held blocks were refused: that is this block's answer (the ES10 request fails here).
                    if (StatusWord.Of(held) != StatusWord.Ok) return held;
                }
            }
            if (_chainBlocks == 0)
            {
                _chain[0] = c[0];
                _chain[2] = c[3];
                _chain[3] = (byte)lc;
                _chainLength = FramedLink.ChainHeaderLength;
            }
            Array.Copy(c, 5, _chain, _chainLength, lc);
            _chainLength += lc;
            _chainBlocks++;
            _chainNextP2 = (c[3] + 1) & 0xFF;
            _chainShort = lc < _chain[3];
            if (c[2] == 0x11) return StatusWord.Only(StatusWord.Ok);
            return FlushChain(0x91);
        }

        /// <summary>Sends the held blocks (P1 of the final one = <paramref name="p1Last"/>) and returns the card's answer.</summary>
        private byte[] FlushChain(int p1Last)
        {
            if (_chainBlocks == 1)
            {
                // One block gains nothing from the chain header: send it as it came.
                int lc = _chainLength - FramedLink.ChainHeaderLength;
                var apdu = new byte[5 + lc];
                apdu[0] = _chain[0]; apdu[1] = 0xE2; apdu[2] = (byte)p1Last; apdu[3] = _chain[2]; apdu[4] = (byte)lc;
                Array.Copy(_chain, FramedLink.ChainHeaderLength, apdu, 5, lc);
                DropChain();
                return Single(apdu);
            }
            _chain[1] = (byte)p1Last;
            var payload = new byte[_chainLength];
            Array.Copy(_chain, payload, _chainLength);
            DropChain();
            try
            {
                byte[] r = Exchange(FramedLink.KindStoreDataChain, payload, FramedLink.KindApduResponse);
                ChainsSent++;
                if (r.Length < 2) throw new ApduTransportException("card answered fewer than 2 bytes");
                return r;
            }
            catch (BoardErrorException e)
            {
                if (e.Code != FramedLink.ErrorUnknownKind) throw;
                // An older board: no chains from now on, send the blocks one by one.
                ChainStoreData = false;
                byte[][] blocks = FramedLink.ChainBlocks(payload);
                byte[] r = null;
                for (int b = 0; b < blocks.Length; b++)
                {
                    r = Single(blocks[b]);
                    if (b < blocks.Length - 1 && StatusWord.Of(r) != StatusWord.Ok) break;
                }
                return r;
            }
        }

        private void DropChain()
        {
            _chainBlocks = 0;
            _chainLength = 0;
            _chainShort = false;
        }

        private byte[] Exchange(int kind, byte[] payload, int answerKind)
        {
            _seq = (_seq + 1) & 0x0F;
            byte[] frame = FramedLink.Encode(_seq, kind, payload);
            long start = _clock.NowMs;
            bool first = true;
            while (true)
            {
                long now = _clock.NowMs;
                if (now - start >= TotalTimeoutMs) throw new ApduTransportException("eUICC board did not answer within " + TotalTimeoutMs.ToString() + " ms");
                if (!first) Retransmissions++;
                first = false;
                _link.Write(frame, 0, frame.Length);
                long attemptEnd = now + AttemptTimeoutMs;
                if (attemptEnd > start + TotalTimeoutMs) attemptEnd = start + TotalTimeoutMs;
                long frameStart = -1;
                while (true)
                {
                    while (_decoder.Next())
                    {
                        if (_decoder.Seq != _seq) continue; // stale answer to an earlier request
                        if (_decoder.Kind == answerKind) return _decoder.Payload;
                        if (_decoder.Kind == FramedLink.KindError)
                        {
                            int code = _decoder.Payload.Length > 0 ? _decoder.Payload[0] : 0;
                            throw new BoardErrorException(code);
                        }
                    }
                    now = _clock.NowMs;
                    if (_decoder.InFrame)
                    {
                        if (frameStart < 0) frameStart = now;
                        else if (now - frameStart > FrameTimeoutMs) { _decoder.Expire(); frameStart = -1; continue; }
                    }
                    else frameStart = -1;
                    if (now >= attemptEnd) break;
                    long wait = attemptEnd - now;
                    int n = _link.Read(_rx, 0, _rx.Length, wait > 50 ? 50 : (int)wait);
                    int used = 0;
                    while (used < n)
                    {
                        int k = _decoder.Feed(_rx, used, n - used);
                        if (k == 0) _decoder.Expire();
                        used += k;
                    }
                }
            }
        }
    }

    /// <summary>The board answered with an ERROR frame (code per hardware/uart-framing.md).</summary>
    public class BoardErrorException : ApduTransportException
    {
        public BoardErrorException(int code) : base("eUICC board reported error " + code.ToString())
        {
            Code = code;
        }

        public int Code { get; private set; }
    }
}
