using System;

namespace IotEsim.Rsp.Apdu
{
    /// <summary>
    /// The IPA's view of a card reader (lpac's "APDU driver"): PC/SC, a serial AT modem,
    /// TCP, the in-process C# eUICC. Transports that can only send raw APDUs derive from
    /// <see cref="RawApduTransport"/>, which opens logical channels with MANAGE CHANNEL + SELECT;
    /// transports with their own channel commands (AT+CCHO/AT+CGLA) implement them directly.
    /// </summary>
    public interface IApduTransport
    {
        void Connect();
        void Disconnect();

        /// <summary>Sends one command APDU (channel in the CLA byte) and returns response data followed by SW1 SW2.
        /// Throws <see cref="ApduTransportException"/> when the link fails (not for error status words).</summary>
        byte[] Transmit(byte[] command);

        /// <summary>Opens a logical channel and selects <paramref name="aid"/> on it; returns the channel number (1..19).
        /// Throws <see cref="ApduTransportException"/> with the status word when the card refuses.</summary>
        int OpenLogicalChannel(byte[] aid);

        void CloseLogicalChannel(int channel);
    }

    /// <summary>The card side of an APDU link: what the C# eUICC exposes to hosts (in-process, TCP, vpcd, UART).</summary>
    public interface ISmartCard
    {
        /// <summary>Answer To Reset bytes.</summary>
        byte[] Atr { get; }

        /// <summary>Cold/warm reset: closes logical channels and drops volatile session state.</summary>
        void Reset();

        /// <summary>Processes one command APDU; returns response data followed by SW1 SW2. Never throws for bad input.</summary>
        byte[] ProcessApdu(byte[] command);
    }

    public class ApduTransportException : Exception
    {
        /// <summary>Status word that caused the failure, or 0 for link errors.</summary>
        public int StatusWord { get; private set; }

        public ApduTransportException(string message) : base(message) { }

        public ApduTransportException(string message, int statusWord) : base(message)
        {
            StatusWord = statusWord;
        }
    }
}
