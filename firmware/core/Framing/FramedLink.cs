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
    /// frame keep a 255-byte STORE DATA exchange at about 1.05 UART bytes per APDU byte.
    /// </summary>
    public static class FramedLink
    {
        public const byte Sof = 0xA5;
        public const int HeaderLength = 4;
        public const int Overhead = 6;

        /// <summary>Largest payload: a short command APDU is at most 5 + 255 + 1 = 261 bytes, a response 256 + 2;
        /// the margin leaves room for ATR and error text.</summary>
        public const int MaxPayload = 300;

        // Host to card
        public const int KindApdu = 0x1;
        public const int KindReset = 0x2;
        public const int KindPing = 0x3;
        // Card to host
        public const int KindApduResponse = 0x9;
        public const int KindAtr = 0xA;
        public const int KindPong = 0xB;
        public const int KindError = 0xF;

        // ERROR payload byte 0
        public const int ErrorTooLong = 1;
        public const int ErrorUnknownKind = 2;
        public const int ErrorCardFault = 3;

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
