using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;

namespace IotEsim.Rsp.Bsp
{
    /// <summary>
    /// One direction of the BPP protection protocol (SGP.22 2.5.3 / 2.6.4, SCP03t): segment counter,
    /// MAC chaining value and the current key pair (S-ENC/S-MAC, or PPK-ENC/PPK-MAC after
    /// ReplaceSessionKeys). The eUICC uses the Unwrap/Verify side, a (test) SM-DP+ the Protect side.
    ///
    /// Works one segment at a time on (offset, count) ranges: a segment is at most about 1 KB, so the
    /// eUICC never needs the whole profile in memory.
    ///
    /// Per segment i (counter from 1): IV = AES(S-ENC, i as 16-byte big-endian); data padded 80 00..
    /// and AES-CBC encrypted (87/86) or left clear (88); C-MAC = CMAC(S-MAC, MCV || tag || length ||
    /// data) where length already counts the 8 MAC bytes; the first 8 bytes are appended and the full
    /// 16 become the next MCV. MAC-only segments advance the counter too.
    /// </summary>
    public sealed class BspSession
    {
        /// <summary>ConfigureISDP / ReplaceSessionKeys segments (firstSequenceOf87, sequenceOf87).</summary>
        public const int TagEncrypted = 0x87;
        /// <summary>Profile (UPP) segments, encrypted.</summary>
        public const int TagProfileEncrypted = 0x86;
        /// <summary>StoreMetadata segments, MAC only.</summary>
        public const int TagMacOnly = 0x88;

        /// <summary>SGP.22 2.5.3: a protected segment is at most 1020 bytes including tag, length and MAC.</summary>
        public const int MaxSegmentLength = 1020;

        private const int MacLength = 8;

        private readonly ICryptoProvider _crypto;
        private byte[] _enc;
        private byte[] _mac;
        private readonly byte[] _mcv = new byte[16];
        private uint _counter;

        public BspSession(ICryptoProvider crypto, BspSessionKeys keys)
            : this(crypto, keys.SEnc, keys.SMac, keys.InitialMacChainingValue) { }

        public BspSession(ICryptoProvider crypto, byte[] encKey, byte[] macKey, byte[] initialMacChainingValue)
        {
            if (crypto == null) throw new ArgumentNullException("crypto");
            _crypto = crypto;
            ReplaceSessionKeys(encKey, macKey, initialMacChainingValue);
        }

        /// <summary>Counter of the next segment (1 for a fresh key set).</summary>
        public uint BlockCounter { get { return _counter; } }

        /// <summary>Copy of the current MAC chaining value.</summary>
        public byte[] MacChainingValue
        {
            get { var r = new byte[16]; Array.Copy(_mcv, r, 16); return r; }
        }

        /// <summary>
        /// ReplaceSessionKeys (BF26 {80 initialMacChainingValue, 81 ppkEnc, 82 ppkCmac}): the profile
        /// segments that follow use the PPKs, with the counter restarting at 1 and the given MCV.
        /// </summary>
        public void ReplaceSessionKeys(byte[] encKey, byte[] macKey, byte[] initialMacChainingValue)
        {
            if (encKey == null || encKey.Length != 16 || macKey == null || macKey.Length != 16
                || initialMacChainingValue == null || initialMacChainingValue.Length != 16)
                throw new CryptoException("BSP keys and chaining value must be 16 bytes each");
            _enc = Copy(encKey);
            _mac = Copy(macKey);
            Array.Copy(initialMacChainingValue, _mcv, 16);
            _counter = 1;
        }

        private static byte[] Copy(byte[] b)
        {
            var r = new byte[b.Length];
            Array.Copy(b, r, b.Length);
            return r;
        }

        // ------------------------------------------------------------------ eUICC side

        /// <summary>
        /// Verifies and decrypts one 87/86 segment (the complete TLV at buffer[offset..offset+count)).
        /// Returns the plaintext without padding. On failure throws <see cref="BspException"/> and
        /// leaves counter and MCV untouched.
        /// </summary>
        public byte[] UnwrapEncrypted(byte[] buffer, int offset, int count)
        {
            int valueOffset, valueLength;
            int tag = ParseSegment(buffer, offset, count, out valueOffset, out valueLength);
            if (tag != TagEncrypted && tag != TagProfileEncrypted)
                throw new BspException(BspError.UnexpectedTag, "BSP: expected an 86/87 segment");
            int cipherLength = valueLength - MacLength;
            if (cipherLength < 16 || (cipherLength & 15) != 0)
                throw new BspException(BspError.BadPadding, "BSP: ciphertext is not a whole number of AES blocks");
            byte[] fullMac = CheckMac(buffer, offset, count);

            byte[] plain = _crypto.AesCbcDecrypt(_enc, Iv(_counter), buffer, valueOffset, cipherLength);
            int end = plain.Length - 1;
            while (end >= 0 && plain[end] == 0) end--;
            if (end < 0 || plain[end] != 0x80 || plain.Length - end > 16)
                throw new BspException(BspError.BadPadding, "BSP: 80 00.. padding missing");
            var result = new byte[end];
            Array.Copy(plain, result, end);
            Array.Clear(plain, 0, plain.Length);
            Advance(fullMac);
            return result;
        }

        /// <summary>Verifies one 88 (MAC-only) segment and returns its data (the StoreMetadata bytes).</summary>
        public byte[] VerifyMacOnly(byte[] buffer, int offset, int count)
        {
            int valueOffset, valueLength;
            int tag = ParseSegment(buffer, offset, count, out valueOffset, out valueLength);
            if (tag != TagMacOnly) throw new BspException(BspError.UnexpectedTag, "BSP: expected an 88 segment");
            byte[] fullMac = CheckMac(buffer, offset, count);
            var data = new byte[valueLength - MacLength];
            Array.Copy(buffer, valueOffset, data, 0, data.Length);
            Advance(fullMac);
            return data;
        }

        private static int ParseSegment(byte[] buffer, int offset, int count, out int valueOffset, out int valueLength)
        {
            if (buffer == null || offset < 0 || count < 2 || offset + count > buffer.Length)
                throw new BspException(BspError.Malformed, "BSP: segment range invalid");
            Tlv t;
            // Lenient length parsing: the MAC covers the length bytes as sent, whatever their form.
            try { t = TlvReader.Parse(buffer, offset, count, false); }
            catch (DerException e) { throw new BspException(BspError.Malformed, "BSP: " + e.Message); }
            if (t.Tag > 0xFF) throw new BspException(BspError.UnexpectedTag, "BSP: segment tag must be one byte");
            if (t.TotalLength != count) throw new BspException(BspError.Malformed, "BSP: segment length does not match its range");
            if (t.Length < MacLength) throw new BspException(BspError.Malformed, "BSP: segment shorter than its MAC");
            valueOffset = t.ValueOffset;
            valueLength = t.Length;
            return t.Tag;
        }

        /// <summary>Recomputes the C-MAC over MCV || segment-without-MAC and compares the first 8 bytes in fixed time.</summary>
        private byte[] CheckMac(byte[] buffer, int offset, int count)
        {
            byte[] full = ComputeMac(buffer, offset, count - MacLength);
            if (!Util.Bytes.FixedTimeEqual(full, 0, buffer, offset + count - MacLength, MacLength))
                throw new BspException(BspError.MacMismatch, "BSP: C-MAC mismatch");
            return full;
        }

        private byte[] ComputeMac(byte[] buffer, int offset, int count)
        {
            var input = new byte[16 + count];
            Array.Copy(_mcv, input, 16);
            Array.Copy(buffer, offset, input, 16, count);
            return _crypto.AesCmac(_mac, input, 0, input.Length);
        }

        private void Advance(byte[] fullMac)
        {
            Array.Copy(fullMac, _mcv, 16);
            _counter++;
        }

        private byte[] Iv(uint counter)
        {
            var block = new byte[16];
            block[12] = (byte)(counter >> 24); block[13] = (byte)(counter >> 16); block[14] = (byte)(counter >> 8); block[15] = (byte)counter;
            return _crypto.AesEcbEncrypt(_enc, block, 0, 16);
        }

        // ------------------------------------------------------------------ SM-DP+ side

        /// <summary>Pads, encrypts and MACs data[offset..offset+count) into one 86/87 segment TLV.</summary>
        public byte[] ProtectEncrypted(int tag, byte[] data, int offset, int count)
        {
            if (tag != TagEncrypted && tag != TagProfileEncrypted) throw new CryptoException("BSP: encrypted segments use tag 86 or 87");
            int padded = (count / 16 + 1) * 16;     // 80 00.. padding is always present
            var plain = new byte[padded];
            Array.Copy(data, offset, plain, 0, count);
            plain[count] = 0x80;
            byte[] cipher = _crypto.AesCbcEncrypt(_enc, Iv(_counter), plain, 0, padded);
            Array.Clear(plain, 0, padded);
            return Seal(tag, cipher, 0, cipher.Length);
        }

        /// <summary>MACs data[offset..offset+count) into one 88 segment TLV (data stays in clear).</summary>
        public byte[] ProtectMacOnly(int tag, byte[] data, int offset, int count)
        {
            if (tag != TagMacOnly) throw new CryptoException("BSP: MAC-only segments use tag 88");
            return Seal(tag, data, offset, count);
        }

        private byte[] Seal(int tag, byte[] data, int offset, int count)
        {
            int len = count + MacLength;
            int lenBytes = len < 0x80 ? 1 : (len < 0x100 ? 2 : (len < 0x10000 ? 3 : 4));
            var seg = new byte[1 + lenBytes + len];
            seg[0] = (byte)tag;
            if (lenBytes == 1) seg[1] = (byte)len;
            else
            {
                seg[1] = (byte)(0x80 | (lenBytes - 1));
                for (int i = 0; i < lenBytes - 1; i++) seg[2 + i] = (byte)(len >> (8 * (lenBytes - 2 - i)));
            }
            int hdr = 1 + lenBytes;
            Array.Copy(data, offset, seg, hdr, count);
            byte[] mac = ComputeMac(seg, 0, hdr + count);
            Array.Copy(mac, 0, seg, hdr + count, MacLength);
            Advance(mac);
            return seg;
        }

        /// <summary>
        /// Most plaintext bytes one segment can carry while staying within <see cref="MaxSegmentLength"/>:
        /// 1007 for encrypted segments (padding always adds at least one byte), 1008 for MAC-only.
        /// </summary>
        public static int MaxPlaintextPerSegment(bool encrypted)
        {
            // tag (1) + 82 LL LL (3) + MAC (8) leave 1008 bytes of value.
            int room = MaxSegmentLength - 1 - 3 - MacLength;
            return encrypted ? (room / 16) * 16 - 1 : room;
        }

        /// <summary>
        /// Cuts data[offset..offset+count) into segments of at most maxPlaintext bytes and protects each
        /// (encrypted for 86/87, MAC-only for 88). Pass <see cref="MaxPlaintextPerSegment"/> for
        /// spec-sized segments, or another size to reproduce a particular SM-DP+.
        /// </summary>
        public byte[][] ProtectSegments(int tag, byte[] data, int offset, int count, int maxPlaintext)
        {
            if (maxPlaintext < 1) throw new CryptoException("BSP: segment size must be positive");
            int n = count == 0 ? 1 : (count + maxPlaintext - 1) / maxPlaintext;
            var segs = new byte[n][];
            for (int i = 0; i < n; i++)
            {
                int start = offset + i * maxPlaintext;
                int len = count - i * maxPlaintext;
                if (len > maxPlaintext) len = maxPlaintext;
                segs[i] = tag == TagMacOnly ? ProtectMacOnly(tag, data, start, len) : ProtectEncrypted(tag, data, start, len);
            }
            return segs;
        }
    }
}
