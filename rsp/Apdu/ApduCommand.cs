using System;

namespace IotEsim.Rsp.Apdu
{
    /// <summary>Helpers for command APDU headers.</summary>
    public static class ApduCommand
    {
        /// <summary>Puts a logical channel number into a CLA byte (ISO 7816-4: channels 0-3 in
        /// bits 1-2 of first-interindustry CLA, 4-19 in further-interindustry CLA 0x40 | (n-4)).</summary>
        public static byte ClassForChannel(byte cla, int channel)
        {
            if (channel < 4) return (byte)((cla & 0xFC) | channel);
            return (byte)((cla & 0x80) | 0x40 | ((channel - 4) & 0x0F));
        }

        /// <summary>Logical channel encoded in a CLA byte.</summary>
        public static int ChannelOf(byte cla)
        {
            if ((cla & 0x40) != 0) return 4 + (cla & 0x0F);
            return cla & 0x03;
        }
    }
}
