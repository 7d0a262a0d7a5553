using System;

namespace IotEsim.Euicc.Card
{
    /// <summary>
    /// What the APDU front end (<see cref="IsdrApplet"/>) hands complete ES10 requests to: the ISD-R
    /// function dispatcher. Kept as an interface so the front end can be tested on its own and the
    /// engine without APDUs.
    /// </summary>
    public interface IEs10Processor
    {
        /// <summary>
        /// One complete ES10 request (a reassembled STORE DATA payload, LoadBoundProfilePackage excepted).
        /// Returns the response TLV, or an empty array when the function answers no data (plain 9000).
        /// Throws <see cref="Es10StatusException"/> for requests refused at APDU level.
        /// </summary>
        byte[] ProcessRequest(byte[] request);

        /// <summary>True while a LoadBoundProfilePackage is being received, i.e. the BF36 TLV is not complete yet.</summary>
        bool BppInProgress { get; }

        /// <summary>
        /// Pushes bytes of the BF36 BoundProfilePackage TLV as they arrive. IPAs split it over several
        /// STORE DATA sequences (lpac: BF36 header + BF23, then A0, A1 header, each 88, A2, A3 header,
        /// each 86) or send it as one; either way the engine sees one byte stream and never the whole BPP.
        /// </summary>
        void BppFeed(byte[] data, int offset, int count);

        /// <summary>
        /// End of a STORE DATA sequence (P1 = 91) during a BPP load: the ProfileInstallationResult (BF37)
        /// once the package is complete or has failed, otherwise null (the card answers 9000).
        /// </summary>
        byte[] BppEndOfSequence();

        /// <summary>True when a profile is enabled (reported in the FCI's SGP.32 E1 template).</summary>
        bool HasEnabledProfile { get; }

        /// <summary>Card reset: drop volatile session state (an unfinished download is cancelled).</summary>
        void OnReset();
    }

    /// <summary>An ES10 request refused with an ISO 7816 status word instead of a response TLV.</summary>
    public class Es10StatusException : Exception
    {
        public int StatusWord { get; private set; }

        public Es10StatusException(int statusWord, string message) : base(message)
        {
            StatusWord = statusWord;
        }
    }
}
