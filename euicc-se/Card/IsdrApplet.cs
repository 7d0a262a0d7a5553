using System;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Euicc.Card
{
    /// <summary>
    /// The ISD-R's APDU front end (ISO 7816-4 / GlobalPlatform behaviour that LPAs and IPAs rely on):
    /// SELECT by AID answering 61xx with the FCI served by GET RESPONSE; MANAGE CHANNEL with the basic
    /// channel plus <see cref="MaxLogicalChannels"/> logical channels; TERMINAL CAPABILITY; STORE DATA
    /// chaining (P1 11 more / 91 last, P2 block number) into complete ES10 requests; responses through
    /// 61xx + GET RESPONSE (CLA 0x and 8x both accepted, Le 00 = 256).
    ///
    /// Every malformed or out-of-order command gets its status word and leaves the channel state as it
    /// was: a command is fully validated before anything is changed.
    /// </summary>
    public sealed class IsdrApplet : ISmartCard
    {
        /// <summary>Default ISD-R AID (SGP.02/SGP.22).</summary>
        public static readonly byte[] DefaultIsdrAid = Hex.Decode("A0000005591010FFFFFFFF8900000100");

        public const int MaxLogicalChannels = 3;

        /// <summary>Largest ES10 request reassembled in RAM (the BPP is streamed instead). The biggest
        /// regular requests (AuthenticateServer with a certificate, an eIM package with a certificate)
        /// stay well under this.</summary>
        public const int MaxRequestLength = 8192;

        private const byte InsSelect = 0xA4, InsManageChannel = 0x70, InsGetResponse = 0xC0,
            InsStoreData = 0xE2, InsTerminalCapability = 0xAA;

        private readonly IEs10Processor _processor;
        private readonly byte[] _aid;
        private readonly byte[] _atr;
        private readonly Channel[] _channels = new Channel[MaxLogicalChannels + 1];

        public IsdrApplet(IEs10Processor processor) : this(processor, DefaultIsdrAid) { }

        public IsdrApplet(IEs10Processor processor, byte[] isdrAid)
        {
            if (processor == null) throw new ArgumentNullException("processor");
            _processor = processor;
            _aid = isdrAid;
            _atr = BuildAtr();
            for (int i = 0; i < _channels.Length; i++) _channels[i] = new Channel();
            _channels[0].Open = true;
        }

        public byte[] Atr { get { return _atr; } }

        public byte[] IsdrAid { get { return _aid; } }

        public void Reset()
        {
            for (int i = 0; i < _channels.Length; i++) _channels[i].Clear();
            _channels[0].Open = true;
            _processor.OnReset();
        }

        public byte[] ProcessApdu(byte[] apdu)
        {
            try
            {
                return Dispatch(apdu);
            }
            catch (Es10StatusException e)
            {
                return StatusWord.Only(e.StatusWord);
            }
            catch (Exception)
            {
                // Last line of defence: a card never lets an exception reach the reader.
                return StatusWord.Only(StatusWord.NoPreciseDiagnosis);
            }
        }

        private byte[] Dispatch(byte[] apdu)
        {
            if (apdu == null || apdu.Length < 4) return StatusWord.Only(StatusWord.WrongLength);
            byte cla = apdu[0], ins = apdu[1], p1 = apdu[2], p2 = apdu[3];
            // Only first- and further-interindustry (0x0X/0x4X) and their proprietary twins (0x8X/0xCX).
            if (cla == 0xFF || (cla & 0x20) != 0) return StatusWord.Only(StatusWord.ClaNotSupported);
            if ((cla & 0x40) == 0 && (cla & 0x0C) != 0) return StatusWord.Only(StatusWord.SecureMessagingNotSupported);

            int lc, dataOffset, le;
            if (!ParseCase(apdu, out lc, out dataOffset, out le)) return StatusWord.Only(StatusWord.WrongLength);

            int ch = ApduCommand.ChannelOf(cla);
            if (ch > MaxLogicalChannels || !_channels[ch].Open) return StatusWord.Only(StatusWord.LogicalChannelNotSupported);
            var channel = _channels[ch];
            bool proprietary = (cla & 0x80) != 0;

            // Any command except GET RESPONSE discards response data still pending on the channel.
            if (ins != InsGetResponse) channel.Pending = null;

            switch (ins)
            {
                case InsSelect:
                    if (proprietary) return StatusWord.Only(StatusWord.ClaNotSupported);
                    return Select(channel, p1, p2, apdu, dataOffset, lc);
                case InsManageChannel:
                    if (proprietary) return StatusWord.Only(StatusWord.ClaNotSupported);
                    return ManageChannel(ch, p1, p2, lc);
                case InsGetResponse:
                    return GetResponse(channel, p1, p2, lc, le);
                case InsStoreData:
                    if (!proprietary) return StatusWord.Only(StatusWord.ClaNotSupported);
                    return StoreData(channel, p1, p2, apdu, dataOffset, lc);
                case InsTerminalCapability:
                    if (!proprietary) return StatusWord.Only(StatusWord.ClaNotSupported);
                    if (p1 != 0 || p2 != 0) return StatusWord.Only(StatusWord.IncorrectP1P2);
                    // The terminal's capabilities (e.g. IPAd support) are noted; nothing here depends on them.
                    return StatusWord.Only(StatusWord.Ok);
                default:
                    return StatusWord.Only(StatusWord.InsNotSupported);
            }
        }

        /// <summary>Splits a short APDU into its ISO 7816-3 case. Extended lengths are not supported.</summary>
        private static bool ParseCase(byte[] a, out int lc, out int dataOffset, out int le)
        {
            lc = 0; dataOffset = 5; le = -1;
            if (a.Length == 4) return true;                       // case 1
            if (a.Length == 5) { le = a[4] == 0 ? 256 : a[4]; return true; } // case 2
            int n = a[4];
            if (n == 0) return false;                              // extended length: not supported
            if (a.Length == 5 + n) { lc = n; return true; }        // case 3
            if (a.Length == 6 + n) { lc = n; le = a[5 + n] == 0 ? 256 : a[5 + n]; return true; } // case 4
            return false;
        }

        private byte[] Select(Channel channel, byte p1, byte p2, byte[] apdu, int off, int lc)
        {
            if (p1 != 0x04) return StatusWord.Only(StatusWord.IncorrectP1P2);
            // P2: 00 = return FCI (first occurrence), 04 = return FCP, 0C = no response data.
            if (p2 != 0x00 && p2 != 0x04 && p2 != 0x0C) return StatusWord.Only(StatusWord.IncorrectP1P2);
            if (lc == 0) return StatusWord.Only(StatusWord.WrongLength);
            if (lc != _aid.Length || !Bytes.Equal(apdu, off, _aid, 0, lc))
                return StatusWord.Only(StatusWord.FileNotFound);
            channel.Selected = true;
            channel.ResetStoreData();
            if (p2 == 0x0C) return StatusWord.Only(StatusWord.Ok);
            return Respond(channel, BuildFci());
        }

        /// <summary>FCI template 6F { 84 ISD-R AID, E1 ISDRProprietaryApplicationTemplateIoT { 80 euiccConfiguration } }.
        /// euiccConfiguration bits (SGP.32 v1.2): ipaeSupported(0), enabledProfile(1). This eUICC has no IPAe.</summary>
        private byte[] BuildFci()
        {
            var w = new TlvWriter(48);
            w.Begin(0x6F);
            w.Write(0x84, _aid);
            w.Begin(0xE1);
            if (_processor.HasEnabledProfile) w.Write(0x80, new byte[] { 0x06, 0x40 });
            else w.Write(0x80, new byte[] { 0x00 });
            w.End();
            w.End();
            return w.ToArray();
        }

        private byte[] ManageChannel(int fromChannel, byte p1, byte p2, int lc)
        {
            if (lc != 0) return StatusWord.Only(StatusWord.WrongLength);
            if (p1 == 0x00)
            {
                int target = p2;
                if (target == 0)
                {
                    for (int i = 1; i <= MaxLogicalChannels; i++)
                        if (!_channels[i].Open) { target = i; break; }
                    if (target == 0) return StatusWord.Only(StatusWord.FunctionNotSupported);
                }
                else if (target > MaxLogicalChannels) return StatusWord.Only(StatusWord.IncorrectP1P2);
                else if (_channels[target].Open) return StatusWord.Only(StatusWord.IncorrectP1P2);
                _channels[target].Clear();
                _channels[target].Open = true;
                // ISO 7816-4: the channel number is returned only when the card chose it (P2 = 00).
                if (p2 != 0) return StatusWord.Only(StatusWord.Ok);
                return StatusWord.Append(new byte[] { (byte)target }, 0, 1, StatusWord.Ok);
            }
            if (p1 == 0x80)
            {
                int target = p2 == 0 ? fromChannel : p2;
                if (target == 0) return StatusWord.Only(StatusWord.IncorrectP1P2);
                if (target > MaxLogicalChannels || !_channels[target].Open) return StatusWord.Only(StatusWord.IncorrectP1P2);
                _channels[target].Clear();
                return StatusWord.Only(StatusWord.Ok);
            }
            return StatusWord.Only(StatusWord.IncorrectP1P2);
        }

        private byte[] GetResponse(Channel channel, byte p1, byte p2, int lc, int le)
        {
            if (p1 != 0 || p2 != 0) return StatusWord.Only(StatusWord.IncorrectP1P2);
            if (lc != 0) return StatusWord.Only(StatusWord.WrongLength);
            if (channel.Pending == null) return StatusWord.Only(StatusWord.ConditionsNotSatisfied);
            int available = channel.Pending.Length - channel.PendingOffset;
            int n = le < 0 ? 256 : le;
            if (n > available) n = available;
            int offset = channel.PendingOffset;
            var data = channel.Pending;
            channel.PendingOffset += n;
            int left = data.Length - channel.PendingOffset;
            if (left == 0)
            {
                channel.Pending = null;
                return StatusWord.Append(data, offset, n, StatusWord.Ok);
            }
            return StatusWord.Append(data, offset, n, StatusWord.BytesAvailable | (left > 255 ? 0 : left));
        }

        private byte[] StoreData(Channel channel, byte p1, byte p2, byte[] apdu, int off, int lc)
        {
            if (!channel.Selected) return StatusWord.Only(StatusWord.ConditionsNotSatisfied);
            if (p1 != 0x11 && p1 != 0x91) return StatusWord.Only(StatusWord.IncorrectP1P2);
            if (lc == 0) return StatusWord.Only(StatusWord.WrongLength);
            if (p2 != channel.NextBlock) return StatusWord.Only(StatusWord.IncorrectP1P2);
            bool last = p1 == 0x91;

            // First block of a sequence: decide between a buffered ES10 request and the streamed BPP.
            if (p2 == 0 && !channel.Streaming && channel.Buffered == 0)
            {
                bool bpp = _processor.BppInProgress || (lc >= 2 && apdu[off] == 0xBF && apdu[off + 1] == 0x36);
                channel.Streaming = bpp;
            }

            if (channel.Streaming)
            {
                _processor.BppFeed(apdu, off, lc);
                channel.NextBlock = last ? 0 : (p2 + 1) & 0xFF;
                if (!last) return StatusWord.Only(StatusWord.Ok);
                channel.Streaming = false;
                var result = _processor.BppEndOfSequence();
                if (result == null || result.Length == 0) return StatusWord.Only(StatusWord.Ok);
                return Respond(channel, result);
            }

            if (channel.Buffered + lc > MaxRequestLength)
            {
                channel.ResetStoreData();
                return StatusWord.Only(StatusWord.NotEnoughMemory);
            }
            channel.Append(apdu, off, lc);
            if (!last)
            {
                channel.NextBlock = (p2 + 1) & 0xFF;
                return StatusWord.Only(StatusWord.Ok);
            }
            var request = channel.TakeRequest();
            var response = _processor.ProcessRequest(request);
            if (response == null || response.Length == 0) return StatusWord.Only(StatusWord.Ok);
            return Respond(channel, response);
        }

        /// <summary>Queues response data and answers 61xx (xx = bytes available, 00 when 256 or more).</summary>
        private static byte[] Respond(Channel channel, byte[] data)
        {
            channel.Pending = data;
            channel.PendingOffset = 0;
            int n = data.Length > 255 ? 0 : data.Length;
            return StatusWord.Only(StatusWord.BytesAvailable | n);
        }

        /// <summary>T=0/T=1 ATR with historical bytes "IotEsim" and a correct TCK.</summary>
        private static byte[] BuildAtr()
        {
            // TS=3B direct; T0=8x: TD1 present, 8 historical bytes; TD1=80: TD2 present, T=0; TD2=01: T=1.
            var hist = new byte[] { 0x49, 0x6F, 0x74, 0x45, 0x73, 0x69, 0x6D, 0x00 };
            var atr = new byte[4 + hist.Length + 1];
            atr[0] = 0x3B; atr[1] = 0x88; atr[2] = 0x80; atr[3] = 0x01;
            Array.Copy(hist, 0, atr, 4, hist.Length);
            byte tck = 0;
            for (int i = 1; i < atr.Length - 1; i++) tck ^= atr[i];
            atr[atr.Length - 1] = tck;
            return atr;
        }

        /// <summary>Per-channel state: selection, STORE DATA reassembly, pending response.</summary>
        private sealed class Channel
        {
            public bool Open;
            public bool Selected;
            public int NextBlock;
            public bool Streaming;
            public byte[] Pending;
            public int PendingOffset;
            private byte[] _buf;
            private int _len;

            public int Buffered { get { return _len; } }

            public void Append(byte[] data, int off, int count)
            {
                if (_buf == null || _buf.Length < _len + count)
                {
                    int cap = _buf == null ? 512 : _buf.Length * 2;
                    while (cap < _len + count) cap *= 2;
                    if (cap > MaxRequestLength) cap = MaxRequestLength;
                    var n = new byte[cap];
                    if (_buf != null) Array.Copy(_buf, n, _len);
                    _buf = n;
                }
                Array.Copy(data, off, _buf, _len, count);
                _len += count;
            }

            public byte[] TakeRequest()
            {
                var r = Bytes.Slice(_buf, 0, _len);
                ResetStoreData();
                return r;
            }

            public void ResetStoreData()
            {
                _len = 0;
                NextBlock = 0;
                Streaming = false;
                // Keep small buffers for reuse; drop large ones to return RAM on the device.
                if (_buf != null && _buf.Length > 1024) _buf = null;
            }

            public void Clear()
            {
                Open = false;
                Selected = false;
                Pending = null;
                PendingOffset = 0;
                _buf = null;
                ResetStoreData();
            }
        }
    }
}
