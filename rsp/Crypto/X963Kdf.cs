using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>
    /// ANSI X9.63 KDF with SHA-256 (BSI TR-03111 4.3.3, used by SGP.22 2.6.4.2 for the BSP session keys):
    /// output = H(Z || 00000001 || sharedInfo) || H(Z || 00000002 || sharedInfo) || ..., truncated.
    /// </summary>
    public static class X963Kdf
    {
        public static byte[] Derive(ICryptoProvider crypto, byte[] z, byte[] sharedInfo, int length)
        {
            return Derive(crypto.CreateSha256(), z, sharedInfo, length);
        }

        /// <summary>Same, on the portable SHA-256.</summary>
        public static byte[] Derive(byte[] z, byte[] sharedInfo, int length)
        {
            return Derive(new Sha256(), z, sharedInfo, length);
        }

        private static byte[] Derive(IHash h, byte[] z, byte[] sharedInfo, int length)
        {
            if (z == null || length < 0) throw new CryptoException("X9.63 KDF: bad arguments");
            var result = new byte[length];
            var ctr = new byte[4];
            uint counter = 1;
            int done = 0;
            while (done < length)
            {
                ctr[0] = (byte)(counter >> 24); ctr[1] = (byte)(counter >> 16); ctr[2] = (byte)(counter >> 8); ctr[3] = (byte)counter;
                h.Update(z, 0, z.Length);
                h.Update(ctr, 0, 4);
                if (sharedInfo != null) h.Update(sharedInfo, 0, sharedInfo.Length);
                byte[] block = h.Final();
                int take = length - done;
                if (take > block.Length) take = block.Length;
                Array.Copy(block, 0, result, done, take);
                done += take;
                counter++;
            }
            return result;
        }
    }
}
