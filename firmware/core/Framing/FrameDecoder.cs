using System;

namespace IotEsim.Firmware.Framing
{
    /// <summary>
    /// Frame parser with resynchronisation. <see cref="Feed"/> appends received bytes; <see cref="Next"/>
    /// extracts the next valid frame into <see cref="Seq"/>, <see cref="Kind"/> and <see cref="Payload"/>.
    /// Bytes before a SOF are discarded; a candidate with an impossible length or a wrong CRC loses only
    /// its SOF byte and the bytes after it are scanned again, so a real frame behind a garbage SOF is found.
    /// </summary>
    public class FrameDecoder
    {
        private const int Capacity = 2 * (FramedLink.Overhead + FramedLink.MaxPayload);
        private readonly byte[] _in = new byte[Capacity];
        private int _len;
        private byte[] _payload = new byte[0];

        public int Seq { get; private set; }
        public int Kind { get; private set; }

        /// <summary>Payload of the last extracted frame (a fresh array per frame).</summary>
        public byte[] Payload
        {
            get { return _payload; }
        }

        public int CrcErrors { get; private set; }
        public int DiscardedBytes { get; private set; }
        public int Frames { get; private set; }

        /// <summary>True while bytes of an incomplete frame are buffered.</summary>
        public bool InFrame
        {
            get { return _len > 0; }
        }

        /// <summary>Appends up to count bytes; returns how many were taken (call <see cref="Next"/> to make room).</summary>
        public int Feed(byte[] data, int offset, int count)
        {
            int n = Capacity - _len;
            if (n > count) n = count;
            Array.Copy(data, offset, _in, _len, n);
            _len += n;
            return n;
        }

        /// <summary>Per-frame timeout expired: give up the partial frame at the head and rescan what follows it.</summary>
        public void Expire()
        {
            if (_len > 0) Drop(1);
        }

        /// <summary>Clears everything buffered.</summary>
        public void Clear()
        {
            DiscardedBytes += _len;
            _len = 0;
        }

        /// <summary>Extracts the next complete valid frame; false when more bytes are needed.</summary>
        public bool Next()
        {
            while (true)
            {
                int skip = 0;
                while (skip < _len && _in[skip] != FramedLink.Sof) skip++;
                if (skip > 0) Drop(skip);
                if (_len < FramedLink.HeaderLength) return false;
                int len = (_in[2] << 8) | _in[3];
                if (len > FramedLink.MaxPayload) { Drop(1); continue; }
                int total = FramedLink.Overhead + len;
                if (_len < total) return false;
                int crc = FramedLink.Crc16(_in, 1, 3 + len);
                int got = (_in[FramedLink.HeaderLength + len] << 8) | _in[FramedLink.HeaderLength + len + 1];
                if (crc != got) { CrcErrors++; Drop(1); continue; }
                Seq = (_in[1] >> 4) & 0x0F;
                Kind = _in[1] & 0x0F;
                _payload = new byte[len];
                Array.Copy(_in, FramedLink.HeaderLength, _payload, 0, len);
                Remove(total);
                Frames++;
                return true;
            }
        }

        private void Drop(int n)
        {
            DiscardedBytes += n;
            Remove(n);
        }

        private void Remove(int n)
        {
            if (n >= _len) { _len = 0; return; }
            Array.Copy(_in, n, _in, 0, _len - n);
            _len -= n;
        }
    }
}
