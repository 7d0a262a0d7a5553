using System;

namespace IotEsim.Firmware.Framing
{
    /// <summary>
    /// Constants and encoder of the ESP32 &lt;-&gt; eUICC-board UART framing (spec: hardware/uart-framing.md).
    /// <code>
    /// SOF(0xA5) | CTRL | LEN_HI | LEN_LO | PAYLOAD(LEN) | CRC_HI | CRC_LO
    /// CTRL = SEQ(bits 7-4) | KIND(bits 3-0); KIND bit 3 set = card-to-host.
    /// CRC = CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over CTRL, LEN and PAYLOAD.
    /// </code>
    /// No byte stuffing: the receiver finds frames by SOF and accepts one only when LEN is in range and
    /// the CRC matches, otherwise it rescans from the byte after the false SOF. 6 bytes of overhead per
    /// frame; STORE-DATA-CHAIN frames carry up to four STORE DATA blocks of one ES10 request under one
    /// 4-byte header, so a 1020-byte BPP segment crosses the UART as 1030 + 8 bytes (1.02 per BPP byte).
    /// </summary>
    public static class FramedLink
    {
        public const byte Sof = 0xA5;
        public const int HeaderLength = 4;
        public const int Overhead = 6;

        /// <summary>Largest APDU / APDU-RESPONSE payload: a short command APDU is at most 5 + 255 + 1 = 261 bytes,
        /// a response 256 + 2; the margin leaves room for ATR and error text.</summary>
        public const int MaxApduPayload = 300;

        /// <summary>STORE DATA blocks one STORE-DATA-CHAIN frame carries at most (4 x 255 = one 1020-byte BPP segment).</summary>
        public const int MaxChainBlocks = 4;

        /// <summary>CLA, P1 of the final block, P2 of the first block, block length.</summary>
        public const int ChainHeaderLength = 4;

        /// <summary>Largest payload of any frame (a full STORE-DATA-CHAIN); LEN above it marks a false SOF.</summary>
        public const int MaxPayload = ChainHeaderLength + MaxChainBlocks * 255;

        // Host to card
        public const int KindApdu = 0x1;
        public const int KindReset = 0x2;
        public const int KindPing = 0x3;
        /// <summary>Consecutive STORE DATA blocks of one ES10 request (hardware/uart-framing.md); answered with APDU-RESPONSE.</summary>
        public const int KindStoreDataChain = 0x4;
        // Card to host
        public const int KindApduResponse = 0x9;
        public const int KindAtr = 0xA;
        public const int KindPong = 0xB;
        public const int KindError = 0xF;

        // ERROR payload byte 0
        public const int ErrorTooLong = 1;
        public const int ErrorUnknownKind = 2;
        public const int ErrorCardFault = 3;
        public const int ErrorMalformedChain = 4;

        public static int Ctrl(int seq, int kind)
        {
            return ((seq & 0x0F) << 4) | (kind & 0x0F);
        }

        /// <summary>CRC-16/CCITT-FALSE; check value of "123456789" is 0x29B1.</summary>
        public static int Crc16(byte[] data, int offset, int count, int crc)
        {
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i] << 8;
                for (int b = 0; b < 8; b++)
                {
                    if ((crc & 0x8000) != 0) crc = ((crc << 1) ^ 0x1021) & 0xFFFF;
                    else crc = (crc << 1) & 0xFFFF;
                }
            }
            return crc;
        }

        public static int Crc16(byte[] data, int offset, int count)
        {
            return Crc16(data, offset, count, 0xFFFF);
        }

        /// <summary>
        /// The STORE DATA command APDUs a STORE-DATA-CHAIN payload stands for, or null when it is malformed.
        /// Payload: CLA | P1 of the final block | P2 of the first block | N | data. Every block but the last carries
        /// N bytes, the last the rest (1..N); P1 is 0x11 (more blocks) except on the final block, P2 counts up.
        /// </summary>
        public static byte[][] ChainBlocks(byte[] payload)
        {
            if (payload == null || payload.Length <= ChainHeaderLength) return null;
            int cla = payload[0], p1Last = payload[1], p2 = payload[2], n = payload[3];
            if (n == 0 || (p1Last != 0x11 && p1Last != 0x91)) return null;
            int data = payload.Length - ChainHeaderLength;
            int blocks = (data + n - 1) / n;
            if (blocks > MaxChainBlocks || p2 + blocks - 1 > 255) return null;
            var r = new byte[blocks][];
            int pos = ChainHeaderLength;
            for (int b = 0; b < blocks; b++)
            {
                int lc = b < blocks - 1 ? n : payload.Length - pos;
                var apdu = new byte[5 + lc];
                apdu[0] = (byte)cla;
                apdu[1] = 0xE2;
                apdu[2] = b < blocks - 1 ? (byte)0x11 : (byte)p1Last;
                apdu[3] = (byte)(p2 + b);
                apdu[4] = (byte)lc;
                Array.Copy(payload, pos, apdu, 5, lc);
                pos += lc;
                r[b] = apdu;
            }
            return r;
        }

        /// <summary>One complete frame as bytes.</summary>
        public static byte[] Encode(int seq, int kind, byte[] payload, int offset, int count)
        {
            if (count > MaxPayload) throw new ArgumentException("payload longer than " + MaxPayload.ToString());
            var f = new byte[Overhead + count];
            f[0] = Sof;
            f[1] = (byte)Ctrl(seq, kind);
            f[2] = (byte)(count >> 8);
            f[3] = (byte)count;
            if (count > 0) Array.Copy(payload, offset, f, HeaderLength, count);
            int crc = Crc16(f, 1, 3 + count);
            f[HeaderLength + count] = (byte)(crc >> 8);
            f[HeaderLength + count + 1] = (byte)crc;
            return f;
        }

        public static byte[] Encode(int seq, int kind, byte[] payload)
        {
            return Encode(seq, kind, payload, 0, payload == null ? 0 : payload.Length);
        }
    }
}
