using System;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;

namespace IotEsim.Ipa.Es10
{
    /// <summary>Receives every APDU exchanged, for --trace output and byte counting.</summary>
    public interface IApduTrace
    {
        void Exchange(byte[] command, byte[] response);
    }

    /// <summary>
    /// The ES10 link to the ISD-R (SGP.22 5.7.2): opens a logical channel, cuts each ES10 request into
    /// STORE DATA blocks (P1 11 more / 91 last, P2 block number) and collects the response through
    /// 61xx + GET RESPONSE. Tolerates the card quirks seen in the field: 9000 with data instead of 61xx,
    /// 6Cxx asking for another Le, cards that need smaller blocks, vendor ISD-R AIDs.
    /// </summary>
    public sealed class Es10Channel
    {
        private readonly IApduTransport _transport;
        private readonly Es10Options _options;
        private int _channel = -1;
        private int _segment;
        private byte[] _aid;

        public Es10Channel(IApduTransport transport) : this(transport, new Es10Options()) { }

        public Es10Channel(IApduTransport transport, Es10Options options)
        {
            if (transport == null) throw new ArgumentNullException("transport");
            _transport = transport;
            _options = options;
            _segment = options.SegmentSize;
        }

        public IApduTrace Trace;

        /// <summary>Logical channel in use (0 = basic), -1 when closed.</summary>
        public int Channel { get { return _channel; } }

        public bool IsOpen { get { return _channel >= 0; } }

        /// <summary>The ISD-R AID the card accepted.</summary>
        public byte[] SelectedAid { get { return _aid; } }

        /// <summary>Block size currently used (drops to the fallback after a 6700).</summary>
        public int SegmentSize { get { return _segment; } }

        /// <summary>Connects and selects the ISD-R, trying each configured AID.</summary>
        public void Open()
        {
            if (IsOpen) return;
            _transport.Connect();
            if (_options.SendTerminalCapability)
            {
                // Terminal capability: A9 { 83 01 07 (eUICC-related functions supported),
                // 84 01 01 (IPAd supported) } as the IoT IPA sends it.
                Exchange(Hex.Decode("80AA000008A906830107840101"));
            }
            ApduTransportException last = null;
            for (int i = 0; i < _options.IsdrAids.Length; i++)
            {
                try
                {
                    if (_options.UseLogicalChannel)
                    {
                        _channel = _transport.OpenLogicalChannel(_options.IsdrAids[i]);
                    }
                    else
                    {
                        SelectOnBasicChannel(_options.IsdrAids[i]);
                        _channel = 0;
                    }
                    _aid = _options.IsdrAids[i];
                    return;
                }
                catch (ApduTransportException e)
                {
                    last = e;
                    // Only "not found" means try the next AID; anything else is a real failure.
                    if (e.StatusWord != StatusWord.FileNotFound && e.StatusWord != StatusWord.IncorrectData) break;
                }
            }
            throw new Es10Exception("ISD-R not found: " + (last == null ? "no AID configured" : last.Message), last == null ? 0 : last.StatusWord);
        }

        public void Close()
        {
            if (!IsOpen) return;
            try
            {
                if (_channel > 0) _transport.CloseLogicalChannel(_channel);
            }
            catch (ApduTransportException) { }
            _channel = -1;
            _transport.Disconnect();
        }

        /// <summary>Sends one complete ES10 request and returns its response (empty when the card answered 9000 without data).</summary>
        public byte[] Transceive(byte[] request)
        {
            return Transceive(request, 0, request.Length);
        }

        public byte[] Transceive(byte[] request, int offset, int count)
        {
            if (!IsOpen) throw new Es10Exception("ES10 channel not open", 0);
            try
            {
                return SendBlocks(request, offset, count);
            }
            catch (Es10Exception e)
            {
                // A card that takes only smaller blocks says 6700 on the first one; retry once smaller.
                if (e.StatusWord == StatusWord.WrongLength && _segment > _options.FallbackSegmentSize && count > _options.FallbackSegmentSize)
                {
                    _segment = _options.FallbackSegmentSize;
                    return SendBlocks(request, offset, count);
                }
                throw;
            }
        }

        private byte[] SendBlocks(byte[] request, int offset, int count)
        {
            if (count == 0) throw new ArgumentException("empty ES10 request");
            int blocks = (count + _segment - 1) / _segment;
            if (blocks > 256) throw new Es10Exception("ES10 request too long for 256 STORE DATA blocks", 0);
            byte cla = ApduCommand.ClassForChannel(0x80, _channel);
            byte[] response = null;
            for (int b = 0; b < blocks; b++)
            {
                int start = offset + b * _segment;
                int n = count - b * _segment;
                if (n > _segment) n = _segment;
                bool last = b == blocks - 1;
                var apdu = new byte[5 + n + (_options.StoreDataWithLe ? 1 : 0)];
                apdu[0] = cla; apdu[1] = 0xE2; apdu[2] = last ? (byte)0x91 : (byte)0x11; apdu[3] = (byte)b; apdu[4] = (byte)n;
                Array.Copy(request, start, apdu, 5, n);
                var r = Exchange(apdu);
                int sw = StatusWord.Of(r);
                if (!last)
                {
                    if (sw != StatusWord.Ok) throw new Es10Exception("STORE DATA block " + b.ToString() + " refused", sw);
                    continue;
                }
                response = CollectResponse(r);
            }
            return response;
        }

        /// <summary>Gathers data from the final answer: inline data with 9000, or 61xx followed by GET RESPONSE rounds.</summary>
        private byte[] CollectResponse(byte[] first)
        {
            int sw = StatusWord.Of(first);
            var acc = new ResponseBuffer();
            acc.Add(first, 0, first.Length - 2);
            while (true)
            {
                if (sw == StatusWord.Ok) return acc.ToArray();
                if ((sw & 0xFF00) == 0x6100 || (sw & 0xFF00) == 0x6C00)
                {
                    // 6Cxx asks to repeat GET RESPONSE with Le = xx; 61xx announces xx bytes (00 = 256).
                    var gr = new byte[] { ApduCommand.ClassForChannel(_options.GetResponseClass, _channel), 0xC0, 0x00, 0x00, (byte)(sw & 0xFF) };
                    var r = Exchange(gr);
                    sw = StatusWord.Of(r);
                    if (r.Length < 2) throw new Es10Exception("empty GET RESPONSE answer", 0);
                    acc.Add(r, 0, r.Length - 2);
                    if (acc.Length > _options.MaxResponseLength) throw new Es10Exception("ES10 response longer than " + _options.MaxResponseLength.ToString() + " bytes", sw);
                    continue;
                }
                throw new Es10Exception("ES10 request refused", sw);
            }
        }

        private void SelectOnBasicChannel(byte[] aid)
        {
            var select = new byte[5 + aid.Length];
            select[0] = 0x00; select[1] = 0xA4; select[2] = 0x04; select[3] = 0x04; select[4] = (byte)aid.Length;
            Array.Copy(aid, 0, select, 5, aid.Length);
            var r = Exchange(select);
            int sw = StatusWord.Of(r);
            while ((sw & 0xFF00) == 0x6100)
            {
                r = Exchange(new byte[] { 0x00, 0xC0, 0x00, 0x00, (byte)(sw & 0xFF) });
                sw = StatusWord.Of(r);
            }
            if (sw != StatusWord.Ok) throw new ApduTransportException("SELECT " + Hex.Encode(aid) + " refused", sw);
        }

        private byte[] Exchange(byte[] command)
        {
            var r = _transport.Transmit(command);
            if (r == null || r.Length < 2) throw new Es10Exception("card answered fewer than 2 bytes", 0);
            if (Trace != null) Trace.Exchange(command, r);
            return r;
        }

        /// <summary>Growable byte accumulator (no List&lt;byte&gt; on nanoFramework).</summary>
        private sealed class ResponseBuffer
        {
            private byte[] _b = new byte[256];
            private int _n;
            public int Length { get { return _n; } }
            public void Add(byte[] src, int off, int count)
            {
                if (count <= 0) return;
                if (_n + count > _b.Length)
                {
                    int cap = _b.Length * 2;
                    while (cap < _n + count) cap *= 2;
                    var nb = new byte[cap];
                    Array.Copy(_b, nb, _n);
                    _b = nb;
                }
                Array.Copy(src, off, _b, _n, count);
                _n += count;
            }
            public byte[] ToArray() { return Bytes.Slice(_b, 0, _n); }
        }
    }
}
