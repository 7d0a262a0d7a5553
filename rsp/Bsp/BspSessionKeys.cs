using System;
using IotEsim.Rsp.Crypto;

namespace IotEsim.Rsp.Bsp
{
    /// <summary>
    /// The BSP (SGP.22 2.6.4.2, formerly SCP03t) session key set: initial MAC chaining value,
    /// S-ENC and S-MAC, derived from the ECKA shared secret with the X9.63 KDF.
    /// </summary>
    public sealed class BspSessionKeys
    {
        /// <summary>keyType of the CRT in InitialiseSecureChannel: 88 = AES (SGP.22 2.5.3).</summary>
        public const byte KeyTypeAes = 0x88;
        /// <summary>keyLength of the CRT: 16 bytes (AES-128).</summary>
        public const byte KeyLength16 = 0x10;

        public readonly byte[] InitialMacChainingValue;
        public readonly byte[] SEnc;
        public readonly byte[] SMac;

        public BspSessionKeys(byte[] initialMacChainingValue, byte[] sEnc, byte[] sMac)
        {
            if (initialMacChainingValue == null || initialMacChainingValue.Length != 16 || sEnc == null || sEnc.Length != 16 || sMac == null || sMac.Length != 16)
                throw new CryptoException("BSP keys and chaining value must be 16 bytes each");
            InitialMacChainingValue = initialMacChainingValue;
            SEnc = sEnc;
            SMac = sMac;
        }

        /// <summary>sharedInfo = keyType || keyLength || len(hostId) || hostId || len(EID) || EID.</summary>
        public static byte[] BuildSharedInfo(byte keyType, byte keyLength, byte[] hostId, byte[] eid)
        {
            if (hostId == null || eid == null || hostId.Length > 255 || eid.Length > 255)
                throw new CryptoException("BSP sharedInfo: hostId and EID must be present and shorter than 256 bytes");
            var si = new byte[4 + hostId.Length + eid.Length];
            si[0] = keyType;
            si[1] = keyLength;
            si[2] = (byte)hostId.Length;
            Array.Copy(hostId, 0, si, 3, hostId.Length);
            si[3 + hostId.Length] = (byte)eid.Length;
            Array.Copy(eid, 0, si, 4 + hostId.Length, eid.Length);
            return si;
        }

        /// <summary>
        /// KDF(Z, sharedInfo) -> 48 bytes split as initial MCV || S-ENC || S-MAC. The MAC chaining value
        /// comes first: that is the order the pySim vectors and the captured session confirm.
        /// </summary>
        public static BspSessionKeys Derive(ICryptoProvider crypto, byte[] sharedSecret, byte[] hostId, byte[] eid)
        {
            return Derive(crypto, sharedSecret, BuildSharedInfo(KeyTypeAes, KeyLength16, hostId, eid));
        }

        public static BspSessionKeys Derive(ICryptoProvider crypto, byte[] sharedSecret, byte[] sharedInfo)
        {
            if (sharedSecret == null || sharedSecret.Length != 32) throw new CryptoException("BSP: shared secret must be 32 bytes");
            byte[] k = X963Kdf.Derive(crypto, sharedSecret, sharedInfo, 48);
            var mcv = new byte[16];
            var enc = new byte[16];
            var mac = new byte[16];
            Array.Copy(k, 0, mcv, 0, 16);
            Array.Copy(k, 16, enc, 0, 16);
            Array.Copy(k, 32, mac, 0, 16);
            Array.Clear(k, 0, k.Length);
            return new BspSessionKeys(mcv, enc, mac);
        }
    }
}
