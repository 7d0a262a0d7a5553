using System;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Apdu
{
    /// <summary>
    /// Base for transports that only move raw APDUs. Opens a logical channel with
    /// MANAGE CHANNEL (00 70 00 00 01, the card assigns the number) and selects the AID on it
    /// (P2 = 04 "return FCP" is what IoT IPAs send; a 61xx answer is fetched with GET RESPONSE).
    /// </summary>
    public abstract class RawApduTransport : IApduTransport
    {
        public abstract void Connect();
        public abstract void Disconnect();
        public abstract byte[] Transmit(byte[] command);

        public virtual int OpenLogicalChannel(byte[] aid)
        {
            var r = Transmit(new byte[] { 0x00, 0x70, 0x00, 0x00, 0x01 });
            int sw = StatusWord.Of(r);
            if (sw != StatusWord.Ok || r.Length != 3)
                throw new ApduTransportException("MANAGE CHANNEL open refused: " + StatusWord.ToHex(sw), sw);
            int channel = r[0];
            if (channel < 1 || channel > 19) throw new ApduTransportException("card assigned invalid channel " + channel.ToString());
            var select = new byte[5 + aid.Length + 1];
            select[0] = ApduCommand.ClassForChannel(0x00, channel);
            select[1] = 0xA4; select[2] = 0x04; select[3] = 0x04; select[4] = (byte)aid.Length;
            Array.Copy(aid, 0, select, 5, aid.Length);
            select[5 + aid.Length] = 0x00;
            r = Transmit(select);
            sw = StatusWord.Of(r);
            // Drain the FCI so the card is not left with pending response data.
            while ((sw & 0xFF00) == 0x6100)
            {
                r = Transmit(new byte[] { ApduCommand.ClassForChannel(0x00, channel), 0xC0, 0x00, 0x00, (byte)(sw & 0xFF) });
                sw = StatusWord.Of(r);
            }
            if (sw != StatusWord.Ok)
            {
                try { CloseLogicalChannel(channel); } catch (ApduTransportException) { }
                throw new ApduTransportException("SELECT " + Hex.Encode(aid) + " refused: " + StatusWord.ToHex(sw), sw);
            }
            return channel;
        }

        public virtual void CloseLogicalChannel(int channel)
        {
            var r = Transmit(new byte[] { 0x00, 0x70, 0x80, (byte)channel, 0x00 });
            int sw = StatusWord.Of(r);
            if (sw != StatusWord.Ok) throw new ApduTransportException("MANAGE CHANNEL close refused: " + StatusWord.ToHex(sw), sw);
        }
    }
}
