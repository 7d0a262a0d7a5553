using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>SHA-256 (FIPS 180-4), incremental, no allocation per block.</summary>
    public sealed class Sha256 : IHash
    {
        // First 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4 4.2.2).
        private static readonly uint[] K = new uint[]
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
        };

        private readonly uint[] _h = new uint[8];
        private readonly uint[] _w = new uint[64];
        private readonly byte[] _buf = new byte[64];
        private int _bufLen;
        private long _total;

        public Sha256() { Reset(); }

        /// <summary>One-shot digest.</summary>
        public static byte[] Hash(byte[] data, int offset, int count)
        {
            var h = new Sha256();
            h.Update(data, offset, count);
            return h.Final();
        }

        public void Reset()
        {
            // Initial hash value: fractional parts of the square roots of the first 8 primes.
            _h[0] = 0x6a09e667; _h[1] = 0xbb67ae85; _h[2] = 0x3c6ef372; _h[3] = 0xa54ff53a;
            _h[4] = 0x510e527f; _h[5] = 0x9b05688c; _h[6] = 0x1f83d9ab; _h[7] = 0x5be0cd19;
            _bufLen = 0;
            _total = 0;
        }

        public void Update(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
                throw new CryptoException("SHA-256: bad range");
            _total += count;
            if (_bufLen > 0)
            {
                int take = 64 - _bufLen;
                if (take > count) take = count;
                Array.Copy(data, offset, _buf, _bufLen, take);
                _bufLen += take; offset += take; count -= take;
                if (_bufLen < 64) return;
                Compress(_buf, 0);
                _bufLen = 0;
            }
            while (count >= 64)
            {
                Compress(data, offset);
                offset += 64; count -= 64;
            }
            if (count > 0)
            {
                Array.Copy(data, offset, _buf, 0, count);
                _bufLen = count;
            }
        }

        public byte[] Final()
        {
            long bits = _total * 8;
            // Padding: 0x80, zeros to 56 mod 64, then the 64-bit big-endian bit length.
            _buf[_bufLen++] = 0x80;
            if (_bufLen > 56)
            {
                Array.Clear(_buf, _bufLen, 64 - _bufLen);
                Compress(_buf, 0);
                _bufLen = 0;
            }
            Array.Clear(_buf, _bufLen, 56 - _bufLen);
            for (int i = 0; i < 8; i++) _buf[56 + i] = (byte)(bits >> (56 - 8 * i));
            Compress(_buf, 0);
            var r = new byte[32];
            for (int i = 0; i < 8; i++)
            {
                r[4 * i] = (byte)(_h[i] >> 24); r[4 * i + 1] = (byte)(_h[i] >> 16);
                r[4 * i + 2] = (byte)(_h[i] >> 8); r[4 * i + 3] = (byte)_h[i];
            }
            Reset();
            return r;
        }

        private void Compress(byte[] block, int off)
        {
            uint[] w = _w;
            for (int i = 0; i < 16; i++)
            {
                int o = off + 4 * i;
                w[i] = ((uint)block[o] << 24) | ((uint)block[o + 1] << 16) | ((uint)block[o + 2] << 8) | block[o + 3];
            }
            for (int i = 16; i < 64; i++)
            {
                uint x = w[i - 15], y = w[i - 2];
                uint s0 = ((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3);
                uint s1 = ((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10);
                w[i] = w[i - 16] + s0 + w[i - 7] + s1;
            }
            uint a = _h[0], b = _h[1], c = _h[2], d = _h[3], e = _h[4], f = _h[5], g = _h[6], h = _h[7];
            for (int i = 0; i < 64; i++)
            {
                uint S1 = ((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7));
                uint ch = (e & f) ^ (~e & g);
                uint t1 = h + S1 + ch + K[i] + w[i];
                uint S0 = ((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10));
                uint maj = (a & b) ^ (a & c) ^ (b & c);
                uint t2 = S0 + maj;
                h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
            }
            _h[0] += a; _h[1] += b; _h[2] += c; _h[3] += d; _h[4] += e; _h[5] += f; _h[6] += g; _h[7] += h;
        }
    }
}
