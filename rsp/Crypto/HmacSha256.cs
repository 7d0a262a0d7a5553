using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>HMAC-SHA256 (RFC 2104), needed for RFC 6979 deterministic ECDSA nonces.</summary>
    public sealed class HmacSha256
    {
        private readonly byte[] _ipad = new byte[64];
        private readonly byte[] _opad = new byte[64];
        private readonly Sha256 _inner = new Sha256();

        public HmacSha256(byte[] key)
        {
            byte[] k = key;
            // Keys longer than the block are hashed first, as RFC 2104 requires.
            if (k.Length > 64) k = Sha256.Hash(k, 0, k.Length);
            for (int i = 0; i < 64; i++)
            {
                byte b = i < k.Length ? k[i] : (byte)0;
                _ipad[i] = (byte)(b ^ 0x36);
                _opad[i] = (byte)(b ^ 0x5c);
            }
            _inner.Update(_ipad, 0, 64);
        }

        public void Update(byte[] data, int offset, int count) { _inner.Update(data, offset, count); }

        /// <summary>Returns the tag and resets for another message under the same key.</summary>
        public byte[] Final()
        {
            byte[] ih = _inner.Final();
            var outer = new Sha256();
            outer.Update(_opad, 0, 64);
            outer.Update(ih, 0, 32);
            _inner.Update(_ipad, 0, 64);
            return outer.Final();
        }

        public static byte[] Compute(byte[] key, byte[] data, int offset, int count)
        {
            var h = new HmacSha256(key);
            h.Update(data, offset, count);
            return h.Final();
        }
    }
}
