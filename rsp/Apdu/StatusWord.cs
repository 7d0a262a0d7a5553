using System;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Apdu
{
    /// <summary>ISO 7816-4 / GlobalPlatform status words used by the ISD-R and its clients.</summary>
    public static class StatusWord
    {
        public const int Ok = 0x9000;
        /// <summary>61xx: xx more bytes available with GET RESPONSE (00 = 256).</summary>
        public const int BytesAvailable = 0x6100;
        public const int WrongLength = 0x6700;
        public const int LogicalChannelNotSupported = 0x6881;
        public const int SecureMessagingNotSupported = 0x6882;
        public const int SecurityStatusNotSatisfied = 0x6982;
        public const int ConditionsNotSatisfied = 0x6985;
        public const int CommandNotAllowed = 0x6986;
        public const int IncorrectData = 0x6A80;
        public const int FunctionNotSupported = 0x6A81;
        public const int FileNotFound = 0x6A82;
        public const int NotEnoughMemory = 0x6A84;
        public const int IncorrectP1P2 = 0x6A86;
        public const int ReferencedDataNotFound = 0x6A88;
        public const int WrongP1P2 = 0x6B00;
        public const int InsNotSupported = 0x6D00;
        public const int ClaNotSupported = 0x6E00;
        public const int NoPreciseDiagnosis = 0x6F00;

        /// <summary>Last two bytes of a response APDU as an int; 0 when the response is shorter than 2 bytes.</summary>
        public static int Of(byte[] response)
        {
            if (response == null || response.Length < 2) return 0;
            return (response[response.Length - 2] << 8) | response[response.Length - 1];
        }

        public static string ToHex(int sw)
        {
            return Hex.Encode(new byte[] { (byte)(sw >> 8), (byte)sw });
        }

        /// <summary>Response APDU = data || SW1 SW2.</summary>
        public static byte[] Append(byte[] data, int offset, int count, int sw)
        {
            var r = new byte[count + 2];
            if (count > 0) Array.Copy(data, offset, r, 0, count);
            r[count] = (byte)(sw >> 8);
            r[count + 1] = (byte)sw;
            return r;
        }

        public static byte[] Only(int sw)
        {
            return new byte[] { (byte)(sw >> 8), (byte)sw };
        }
    }
}
