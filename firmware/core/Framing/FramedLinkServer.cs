using System;
using IotEsim.Firmware.Serial;
using IotEsim.Rsp.Apdu;

namespace IotEsim.Firmware.Framing
{
    /// <summary>
    /// Card side of the framed UART link, run by the eUICC board (and by the desktop simulator): reads frames
    /// from an <see cref="ISerialLink"/>, hands APDUs to an <see cref="ISmartCard"/> and writes the answers.
    /// A STORE-DATA-CHAIN frame is split back into its ISO 7816 STORE DATA blocks here, so the card sees exactly
    /// the APDUs the IPA produced.
    /// A request whose sequence number equals the last one executed is a repeat (the host lost the answer or
    /// timed out while the card was busy) and gets the cached answer without touching the card again.
    /// Garbage, truncated frames and CRC failures are dropped silently; the host repeats the request.
    /// Poll-style: call <see cref="Poll"/> from the board's main loop.
    /// </summary>
    public class FramedLinkServer
    {
        private readonly ISerialLink _link;
        private readonly ISmartCard _card;
        private readonly IClock _clock;
        private readonly FrameDecoder _decoder = new FrameDecoder();
        private readonly byte[] _rx = new byte[128];
        private int _lastSeq = -1;
        private int _lastKind;
        private byte[] _lastAnswer;
        private long _frameStart = -1;

        public FramedLinkServer(ISerialLink link, ISmartCard card, IClock clock)
        {
            _link = link;
            _card = card;
            _clock = clock == null ? (IClock)SystemClock.Instance : clock;
            FrameTimeoutMs = 200;
        }

        public int FrameTimeoutMs { get; set; }

        public int ApdusProcessed { get; private set; }
        public int RepeatsAnswered { get; private set; }
        public int ChainsProcessed { get; private set; }

        public FrameDecoder Decoder
        {
            get { return _decoder; }
        }

        /// <summary>Waits up to timeoutMs for input and serves every complete frame; returns the number of frames served.</summary>
        public int Poll(int timeoutMs)
        {
            int served = ServeBuffered();
            int wait = served > 0 ? 0 : timeoutMs;
            // Drain what the UART holds (a frame spans several reads), then serve.
            for (int reads = 0; reads < 64; reads++)
            {
                int n = _link.Read(_rx, 0, _rx.Length, wait);
                if (n <= 0) break;
                wait = 0;
                int used = 0;
                while (used < n)
                {
                    int k = _decoder.Feed(_rx, used, n - used);
                    if (k == 0) _decoder.Expire();
                    used += k;
                    served += ServeBuffered();
                }
            }
            if (_decoder.InFrame)
            {
                long now = _clock.NowMs;
                if (_frameStart < 0) _frameStart = now;
                else if (now - _frameStart > FrameTimeoutMs)
                {
                    _decoder.Expire();
                    _frameStart = -1;
                    served += ServeBuffered();
                }
            }
            else _frameStart = -1;
            return served;
        }

        private int ServeBuffered()
        {
            int served = 0;
            while (_decoder.Next())
            {
                Serve(_decoder.Seq, _decoder.Kind, _decoder.Payload);
                served++;
                _frameStart = -1;
            }
            return served;
        }

        private void Serve(int seq, int kind, byte[] payload)
        {
            bool executes = kind == FramedLink.KindApdu || kind == FramedLink.KindStoreDataChain;
            if (executes && seq == _lastSeq && _lastKind == kind && _lastAnswer != null)
            {
                RepeatsAnswered++;
                _link.Write(_lastAnswer, 0, _lastAnswer.Length);
                return;
            }
            byte[] answer;
            if (kind == FramedLink.KindApdu && payload.Length > FramedLink.MaxApduPayload)
            {
                answer = FramedLink.Encode(seq, FramedLink.KindError, new byte[] { (byte)FramedLink.ErrorTooLong });
            }
            else if (kind == FramedLink.KindApdu)
            {
                ApdusProcessed++;
                answer = FramedLink.Encode(seq, FramedLink.KindApduResponse, Process(payload));
            }
            else if (kind == FramedLink.KindStoreDataChain)
            {
                byte[][] blocks = FramedLink.ChainBlocks(payload);
                if (blocks == null) answer = FramedLink.Encode(seq, FramedLink.KindError, new byte[] { (byte)FramedLink.ErrorMalformedChain });
                else
                {
                    // Block by block, as the card would have seen them one frame each; a block other than the final one
                    // that is not answered 9000 ends the chain, and its answer is the chain's answer.
                    byte[] r = null;
                    for (int b = 0; b < blocks.Length; b++)
                    {
                        ApdusProcessed++;
                        r = Process(blocks[b]);
                        if (b < blocks.Length - 1 && StatusWord.Of(r) != StatusWord.Ok) break;
                    }
                    ChainsProcessed++;
                    answer = FramedLink.Encode(seq, FramedLink.KindApduResponse, r);
                }
            }
            else if (kind == FramedLink.KindReset)
            {
                try { _card.Reset(); }
                catch (Exception) { }
                byte[] atr = _card.Atr == null ? new byte[0] : _card.Atr;
                answer = FramedLink.Encode(seq, FramedLink.KindAtr, atr);
                // A reset starts a new session: the host numbers its requests afresh (repeated resets are harmless).
            }
            else if (kind == FramedLink.KindPing)
            {
                answer = FramedLink.Encode(seq, FramedLink.KindPong, new byte[0]);
            }
            else
            {
                answer = FramedLink.Encode(seq, FramedLink.KindError, new byte[] { (byte)FramedLink.ErrorUnknownKind });
            }
            _lastSeq = seq;
            _lastKind = kind;
            _lastAnswer = answer;
            _link.Write(answer, 0, answer.Length);
        }

        private byte[] Process(byte[] apdu)
        {
            byte[] r;
            try { r = _card.ProcessApdu(apdu); }
            catch (Exception) { r = null; }
            if (r == null || r.Length < 2 || r.Length > FramedLink.MaxApduPayload) r = StatusWord.Only(StatusWord.NoPreciseDiagnosis);
            return r;
        }
    }
}
