using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>
    /// AES-128 (FIPS-197) with 32-bit table lookups, plus ECB/CBC helpers without padding.
    /// The S-box and round tables are computed once from the GF(2^8) definition instead of being
    /// typed in, which keeps the source short and the flash image small.
    /// Table lookups are not constant time; acceptable for the BSP where keys are per-session.
    /// </summary>
    public sealed class Aes128
    {
        private static readonly byte[] SBox = new byte[256];
        private static readonly byte[] InvSBox = new byte[256];
        private static readonly uint[] Te = new uint[256]; // (2s, s, s, 3s)
        private static readonly uint[] Td = new uint[256]; // (14i, 9i, 13i, 11i), i = InvS

        static Aes128()
        {
            // exp/log tables over generator 3 give the multiplicative inverse for the S-box.
            var exp = new byte[256];
            var log = new byte[256];
            int x = 1;
            for (int i = 0; i < 255; i++)
            {
                exp[i] = (byte)x;
                log[x] = (byte)i;
                x ^= Xtime(x); // x * 3
                x &= 0xff;
            }
            for (int i = 0; i < 256; i++)
            {
                int inv = i == 0 ? 0 : exp[(255 - log[i]) % 255];
                int s = inv ^ Rotl8(inv, 1) ^ Rotl8(inv, 2) ^ Rotl8(inv, 3) ^ Rotl8(inv, 4) ^ 0x63;
                SBox[i] = (byte)s;
                InvSBox[s] = (byte)i;
            }
            for (int i = 0; i < 256; i++)
            {
                int s = SBox[i];
                int s2 = Xtime(s);
                int s3 = s2 ^ s;
                Te[i] = ((uint)s2 << 24) | ((uint)s << 16) | ((uint)s << 8) | (uint)s3;
                int v = InvSBox[i];
                Td[i] = ((uint)Mul(v, 14) << 24) | ((uint)Mul(v, 9) << 16) | ((uint)Mul(v, 13) << 8) | (uint)Mul(v, 11);
            }
        }

        private static int Xtime(int v) { v <<= 1; if ((v & 0x100) != 0) v ^= 0x11b; return v; }
        private static int Rotl8(int v, int n) { return ((v << n) | (v >> (8 - n))) & 0xff; }
        private static int Mul(int a, int b)
        {
            int r = 0;
            while (b != 0) { if ((b & 1) != 0) r ^= a; a = Xtime(a); b >>= 1; }
            return r;
        }
        private static uint Ror(uint v, int n) { return (v >> n) | (v << (32 - n)); }

        private readonly uint[] _ek = new uint[44];
        private readonly uint[] _dk = new uint[44];

        public Aes128(byte[] key)
        {
            if (key == null || key.Length != 16) throw new CryptoException("AES-128 key must be 16 bytes");
            for (int i = 0; i < 4; i++)
                _ek[i] = ((uint)key[4 * i] << 24) | ((uint)key[4 * i + 1] << 16) | ((uint)key[4 * i + 2] << 8) | key[4 * i + 3];
            uint rcon = 1;
            for (int i = 4; i < 44; i++)
            {
                uint t = _ek[i - 1];
                if ((i & 3) == 0)
                {
                    t = (t << 8) | (t >> 24);
                    t = SubWord(t) ^ (rcon << 24);
                    rcon = (uint)Xtime((int)rcon);
                }
                _ek[i] = _ek[i - 4] ^ t;
            }
            // Equivalent inverse cipher (FIPS-197 5.3.5): reversed round keys, InvMixColumns on the middle ones.
            for (int r = 0; r <= 10; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    uint w = _ek[4 * (10 - r) + c];
                    if (r != 0 && r != 10)
                        w = Td[SBox[w >> 24]] ^ Ror(Td[SBox[(w >> 16) & 0xff]], 8) ^ Ror(Td[SBox[(w >> 8) & 0xff]], 16) ^ Ror(Td[SBox[w & 0xff]], 24);
                    _dk[4 * r + c] = w;
                }
            }
        }

        private static uint SubWord(uint w)
        {
            return ((uint)SBox[w >> 24] << 24) | ((uint)SBox[(w >> 16) & 0xff] << 16) | ((uint)SBox[(w >> 8) & 0xff] << 8) | SBox[w & 0xff];
        }

        private static uint Load(byte[] b, int o)
        {
            return ((uint)b[o] << 24) | ((uint)b[o + 1] << 16) | ((uint)b[o + 2] << 8) | b[o + 3];
        }

        private static void Store(uint v, byte[] b, int o)
        {
            b[o] = (byte)(v >> 24); b[o + 1] = (byte)(v >> 16); b[o + 2] = (byte)(v >> 8); b[o + 3] = (byte)v;
        }

        /// <summary>Encrypts one block; input and output may overlap.</summary>
        public void EncryptBlock(byte[] input, int inOff, byte[] output, int outOff)
        {
            uint[] k = _ek;
            uint s0 = Load(input, inOff) ^ k[0], s1 = Load(input, inOff + 4) ^ k[1];
            uint s2 = Load(input, inOff + 8) ^ k[2], s3 = Load(input, inOff + 12) ^ k[3];
            int ki = 4;
            for (int round = 1; round < 10; round++)
            {
                uint t0 = Te[s0 >> 24] ^ Ror(Te[(s1 >> 16) & 0xff], 8) ^ Ror(Te[(s2 >> 8) & 0xff], 16) ^ Ror(Te[s3 & 0xff], 24) ^ k[ki];
                uint t1 = Te[s1 >> 24] ^ Ror(Te[(s2 >> 16) & 0xff], 8) ^ Ror(Te[(s3 >> 8) & 0xff], 16) ^ Ror(Te[s0 & 0xff], 24) ^ k[ki + 1];
                uint t2 = Te[s2 >> 24] ^ Ror(Te[(s3 >> 16) & 0xff], 8) ^ Ror(Te[(s0 >> 8) & 0xff], 16) ^ Ror(Te[s1 & 0xff], 24) ^ k[ki + 2];
                uint t3 = Te[s3 >> 24] ^ Ror(Te[(s0 >> 16) & 0xff], 8) ^ Ror(Te[(s1 >> 8) & 0xff], 16) ^ Ror(Te[s2 & 0xff], 24) ^ k[ki + 3];
                s0 = t0; s1 = t1; s2 = t2; s3 = t3;
                ki += 4;
            }
            Store(Last(SBox, s0, s1, s2, s3) ^ k[40], output, outOff);
            Store(Last(SBox, s1, s2, s3, s0) ^ k[41], output, outOff + 4);
            Store(Last(SBox, s2, s3, s0, s1) ^ k[42], output, outOff + 8);
            Store(Last(SBox, s3, s0, s1, s2) ^ k[43], output, outOff + 12);
        }

        /// <summary>Decrypts one block; input and output may overlap.</summary>
        public void DecryptBlock(byte[] input, int inOff, byte[] output, int outOff)
        {
            uint[] k = _dk;
            uint s0 = Load(input, inOff) ^ k[0], s1 = Load(input, inOff + 4) ^ k[1];
            uint s2 = Load(input, inOff + 8) ^ k[2], s3 = Load(input, inOff + 12) ^ k[3];
            int ki = 4;
            for (int round = 1; round < 10; round++)
            {
                uint t0 = Td[s0 >> 24] ^ Ror(Td[(s3 >> 16) & 0xff], 8) ^ Ror(Td[(s2 >> 8) & 0xff], 16) ^ Ror(Td[s1 & 0xff], 24) ^ k[ki];
                uint t1 = Td[s1 >> 24] ^ Ror(Td[(s0 >> 16) & 0xff], 8) ^ Ror(Td[(s3 >> 8) & 0xff], 16) ^ Ror(Td[s2 & 0xff], 24) ^ k[ki + 1];
                uint t2 = Td[s2 >> 24] ^ Ror(Td[(s1 >> 16) & 0xff], 8) ^ Ror(Td[(s0 >> 8) & 0xff], 16) ^ Ror(Td[s3 & 0xff], 24) ^ k[ki + 2];
                uint t3 = Td[s3 >> 24] ^ Ror(Td[(s2 >> 16) & 0xff], 8) ^ Ror(Td[(s1 >> 8) & 0xff], 16) ^ Ror(Td[s0 & 0xff], 24) ^ k[ki + 3];
                s0 = t0; s1 = t1; s2 = t2; s3 = t3;
                ki += 4;
            }
            Store(Last(InvSBox, s0, s3, s2, s1) ^ k[40], output, outOff);
            Store(Last(InvSBox, s1, s0, s3, s2) ^ k[41], output, outOff + 4);
            Store(Last(InvSBox, s2, s1, s0, s3) ^ k[42], output, outOff + 8);
            Store(Last(InvSBox, s3, s2, s1, s0) ^ k[43], output, outOff + 12);
        }

        // Final round: substitution and row shift only (row r taken from column a, b, c, d respectively).
        private static uint Last(byte[] box, uint a, uint b, uint c, uint d)
        {
            return ((uint)box[a >> 24] << 24) | ((uint)box[(b >> 16) & 0xff] << 16) | ((uint)box[(c >> 8) & 0xff] << 8) | box[d & 0xff];
        }

        private static void CheckBlocks(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
                throw new CryptoException("AES: bad range");
            if ((count & 15) != 0) throw new CryptoException("AES: length must be a multiple of 16");
        }

        public static byte[] EcbEncrypt(byte[] key, byte[] data, int offset, int count)
        {
            CheckBlocks(data, offset, count);
            var aes = new Aes128(key);
            var r = new byte[count];
            for (int i = 0; i < count; i += 16) aes.EncryptBlock(data, offset + i, r, i);
            return r;
        }

        public static byte[] CbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            CheckBlocks(data, offset, count);
            if (iv == null || iv.Length != 16) throw new CryptoException("AES-CBC: IV must be 16 bytes");
            var aes = new Aes128(key);
            var r = new byte[count];
            var chain = new byte[16];
            Array.Copy(iv, chain, 16);
            for (int i = 0; i < count; i += 16)
            {
                for (int j = 0; j < 16; j++) chain[j] ^= data[offset + i + j];
                aes.EncryptBlock(chain, 0, chain, 0);
                Array.Copy(chain, 0, r, i, 16);
            }
            return r;
        }

        public static byte[] CbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            CheckBlocks(data, offset, count);
            if (iv == null || iv.Length != 16) throw new CryptoException("AES-CBC: IV must be 16 bytes");
            var aes = new Aes128(key);
            var r = new byte[count];
            for (int i = 0; i < count; i += 16)
            {
                aes.DecryptBlock(data, offset + i, r, i);
                if (i == 0) for (int j = 0; j < 16; j++) r[j] ^= iv[j];
                else for (int j = 0; j < 16; j++) r[i + j] ^= data[offset + i - 16 + j];
            }
            return r;
        }
    }
}
