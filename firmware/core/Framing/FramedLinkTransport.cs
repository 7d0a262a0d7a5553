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
    /// </summary>
    public class FramedLinkTransport : RawApduTransport
    {
        private readonly ISerialLink _link;
        private readonly IClock _clock;
        private readonly FrameDecoder _decoder = new FrameDecoder();
        private readonly byte[] _rx = new byte[128];
        private int _seq;

        public FramedLinkTransport(ISerialLink link, IClock clock)
        {
            _link = link;
            _clock = clock == null ? (IClock)SystemClock.Instance : clock;
            AttemptTimeoutMs = 2000;
            TotalTimeoutMs = 60000;
            FrameTimeoutMs = 200;
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

        public FrameDecoder Decoder
        {
            get { return _decoder; }
        }

        /// <summary>Resets the card and reads its ATR.</summary>
        public override void Connect()
        {
            _link.DiscardInput();
            _decoder.Clear();
            Atr = Exchange(FramedLink.KindReset, new byte[0], FramedLink.KindAtr);
        }

        public override void Disconnect()
        {
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
            if (command.Length > FramedLink.MaxPayload) throw new ApduTransportException("command APDU too long for the framed link");
            byte[] r = Exchange(FramedLink.KindApdu, command, FramedLink.KindApduResponse);
            if (r.Length < 2) throw new ApduTransportException("card answered fewer than 2 bytes");
            return r;
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
                            throw new ApduTransportException("eUICC board reported error " + code.ToString());
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
}
