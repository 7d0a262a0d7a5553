using System;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Asn1
{
    /// <summary>Tag helpers and the universal tags. RSP-specific tags live in <c>IotEsim.Rsp.Messages.RspTags</c>.</summary>
    public static class Tags
    {
        public const int Boolean = 0x01;
        public const int Integer = 0x02;
        public const int BitString = 0x03;
        public const int OctetString = 0x04;
        public const int Null = 0x05;
        public const int ObjectIdentifier = 0x06;
        public const int Utf8String = 0x0C;
        public const int Sequence = 0x30;
        public const int Set = 0x31;
        public const int PrintableString = 0x13;
        public const int Ia5String = 0x16;
        public const int UtcTime = 0x17;
        public const int GeneralizedTime = 0x18;

        /// <summary>True when the tag's first byte has the constructed bit (0x20).</summary>
        public static bool IsConstructed(int tag)
        {
            return (FirstByte(tag) & 0x20) != 0;
        }

        public static int FirstByte(int tag)
        {
            int n = Der.TagSize(tag);
            return (tag >> (8 * (n - 1))) & 0xFF;
        }

        /// <summary>Hex form used in messages and traces, e.g. "BF22".</summary>
        public static string Name(int tag)
        {
            int n = Der.TagSize(tag);
            var b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte)(tag >> (8 * (n - 1 - i)));
            return Hex.Encode(b);
        }
    }
}
