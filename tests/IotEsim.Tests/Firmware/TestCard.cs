using System;
using IotEsim.Rsp.Apdu;

namespace IotEsim.Tests.Firmware
{
    /// <summary>
    /// Minimal ISmartCard for the transport tests until the C# eUICC is plugged in: MANAGE CHANNEL,
    /// SELECT of one AID (FCI through 61xx / GET RESPONSE), STORE DATA echoed through 61xx / GET RESPONSE,
    /// and INS B0 answering Le bytes directly (Le 00 = 256) to exercise 256-byte responses.
    /// </summary>
    public sealed class TestCard : ISmartCard
    {
        public static readonly byte[] IsdrAid = { 0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00 };

        private readonly bool[] _open = new bool[4];
        private byte[] _pending = new byte[0];

        public byte[] Atr { get; } = { 0x3B, 0x9F, 0x96, 0x80, 0x1F, 0xC7, 0x80, 0x31, 0xE0, 0x73, 0xFE, 0x21, 0x1B, 0x63, 0x3A, 0x20, 0x4E, 0x83, 0x00, 0x90, 0x00, 0x31 };

        /// <summary>STORE DATA answers 9000 without echo (for byte-ratio measurements of the command direction).</summary>
        public bool StoreDataSilent { get; set; }

        public int Processed { get; private set; }
        public int Resets { get; private set; }

        public void Reset()
        {
            Array.Clear(_open, 0, _open.Length);
            _pending = new byte[0];
            Resets++;
        }

        public byte[] ProcessApdu(byte[] c)
        {
            Processed++;
            if (c == null || c.Length < 4) return StatusWord.Only(StatusWord.WrongLength);
            int ch = ApduCommand.ChannelOf(c[0]);
            if (ch >= 4 || (ch > 0 && !_open[ch])) return StatusWord.Only(StatusWord.LogicalChannelNotSupported);
            byte ins = c[1];
            int lc = c.Length > 5 ? c[4] : 0;
            switch (ins)
            {
                case 0x70:
                    if (c[2] == 0x00)
                    {
                        for (int i = 1; i < 4; i++)
                            if (!_open[i]) { _open[i] = true; return new byte[] { (byte)i, 0x90, 0x00 }; }
                        return StatusWord.Only(StatusWord.FunctionNotSupported);
                    }
                    if (c[2] == 0x80 && c[3] > 0 && c[3] < 4 && _open[c[3]]) { _open[c[3]] = false; return StatusWord.Only(StatusWord.Ok); }
                    return StatusWord.Only(StatusWord.IncorrectP1P2);
                case 0xA4:
                    if (lc != IsdrAid.Length) return StatusWord.Only(StatusWord.FileNotFound);
                    for (int i = 0; i < lc; i++) if (c[5 + i] != IsdrAid[i]) return StatusWord.Only(StatusWord.FileNotFound);
                    var fci = new byte[] { 0x6F, 0x14, 0x84, 0x10 };
                    _pending = new byte[fci.Length + IsdrAid.Length + 2];
                    Array.Copy(fci, _pending, fci.Length);
                    Array.Copy(IsdrAid, 0, _pending, fci.Length, IsdrAid.Length);
                    _pending[_pending.Length - 2] = 0xE1; _pending[_pending.Length - 1] = 0x00;
                    return Pending();
                case 0xC0:
                    {
                        int le = c.Length > 4 ? (c[4] == 0 ? 256 : c[4]) : 256;
                        int n = Math.Min(le, _pending.Length);
                        var rest = new byte[_pending.Length - n];
                        Array.Copy(_pending, n, rest, 0, rest.Length);
                        var chunk = new byte[n];
                        Array.Copy(_pending, chunk, n);
                        _pending = rest;
                        int sw = rest.Length == 0 ? StatusWord.Ok : 0x6100 | (rest.Length > 255 ? 0 : rest.Length);
                        return StatusWord.Append(chunk, 0, n, sw);
                    }
                case 0xE2:
                    if (StoreDataSilent) return StatusWord.Only(StatusWord.Ok);
                    _pending = new byte[lc];
                    Array.Copy(c, 5, _pending, 0, lc);
                    return Pending();
                case 0xB0:
                    {
                        int le = c.Length == 5 ? (c[4] == 0 ? 256 : c[4]) : 0;
                        var data = new byte[le];
                        for (int i = 0; i < le; i++) data[i] = (byte)(i * 7 + 3);
                        return StatusWord.Append(data, 0, le, StatusWord.Ok);
                    }
                default:
                    return StatusWord.Only(StatusWord.InsNotSupported);
            }
        }

        private byte[] Pending()
        {
            if (_pending.Length == 0) return StatusWord.Only(StatusWord.Ok);
            return StatusWord.Only(0x6100 | (_pending.Length > 255 ? 0 : _pending.Length));
        }

        /// <summary>STORE DATA then GET RESPONSE until 9000, as the IPA does; returns the reassembled data.</summary>
        public static byte[] StoreDataRoundTrip(IApduTransport t, int channel, byte[] data, bool last, int block)
        {
            var cmd = new byte[5 + data.Length];
            cmd[0] = ApduCommand.ClassForChannel(0x80, channel);
            cmd[1] = 0xE2; cmd[2] = (byte)(last ? 0x91 : 0x11); cmd[3] = (byte)block; cmd[4] = (byte)data.Length;
            Array.Copy(data, 0, cmd, 5, data.Length);
            byte[] r = t.Transmit(cmd);
            var acc = new System.IO.MemoryStream();
            int sw = StatusWord.Of(r);
            acc.Write(r, 0, r.Length - 2);
            while ((sw & 0xFF00) == 0x6100)
            {
                r = t.Transmit(new byte[] { ApduCommand.ClassForChannel(0x80, channel), 0xC0, 0x00, 0x00, (byte)sw });
                sw = StatusWord.Of(r);
                acc.Write(r, 0, r.Length - 2);
            }
            Assert9000(sw);
            return acc.ToArray();
        }

        private static void Assert9000(int sw)
        {
            if (sw != StatusWord.Ok) throw new InvalidOperationException("SW " + StatusWord.ToHex(sw));
        }
    }
}
