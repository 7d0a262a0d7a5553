using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>AES-CMAC (RFC 4493 / SP 800-38B) on the portable AES-128, full 16-byte tag.</summary>
    public static class AesCmac
    {
        public static byte[] Compute(byte[] key, byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
                throw new CryptoException("AES-CMAC: bad range");
            var aes = new Aes128(key);
            // Subkeys: L = AES(K, 0); K1 = dbl(L); K2 = dbl(K1) in GF(2^128).
            var k1 = new byte[16];
            aes.EncryptBlock(k1, 0, k1, 0);
            Double(k1);
            var k2 = new byte[16];
            Array.Copy(k1, k2, 16);
            Double(k2);

            var x = new byte[16];
            int blocks = count == 0 ? 1 : (count + 15) / 16;
            // Every block but the last is plain CBC-MAC.
            for (int b = 0; b < blocks - 1; b++)
            {
                int o = offset + 16 * b;
                for (int j = 0; j < 16; j++) x[j] ^= data[o + j];
                aes.EncryptBlock(x, 0, x, 0);
            }
            int lastOff = offset + 16 * (blocks - 1);
            int lastLen = count - 16 * (blocks - 1);
            if (lastLen == 16)
            {
                for (int j = 0; j < 16; j++) x[j] ^= (byte)(data[lastOff + j] ^ k1[j]);
            }
            else
            {
                // Incomplete (or empty) last block: pad with 80 00.. and use K2.
                for (int j = 0; j < 16; j++)
                {
                    byte m = j < lastLen ? data[lastOff + j] : (j == lastLen ? (byte)0x80 : (byte)0);
                    x[j] ^= (byte)(m ^ k2[j]);
                }
            }
            aes.EncryptBlock(x, 0, x, 0);
            return x;
        }

        private static void Double(byte[] b)
        {
            int msb = b[0] >> 7;
            for (int i = 0; i < 15; i++) b[i] = (byte)((b[i] << 1) | (b[i + 1] >> 7));
            b[15] = (byte)(b[15] << 1);
            if (msb != 0) b[15] ^= 0x87;
        }
    }
}
