using System;

namespace IotEsim.Rsp.Bsp
{
    /// <summary>Why a protected segment was rejected; the ES8+ handler maps these to BPP error reasons.</summary>
    public enum BspError
    {
        /// <summary>Not a well-formed 86/87/88 TLV, or the length does not fit the segment.</summary>
        Malformed = 1,
        /// <summary>The C-MAC does not match (wrong keys, reordered or tampered segment).</summary>
        MacMismatch = 2,
        /// <summary>Ciphertext not a whole number of blocks, or the 80 00.. padding is missing.</summary>
        BadPadding = 3,
        /// <summary>The segment carries a different tag than the caller expects.</summary>
        UnexpectedTag = 4
    }

    /// <summary>A BSP segment failed verification or decryption. The session state is left unchanged.</summary>
    public class BspException : Exception
    {
        public readonly BspError Error;

        public BspException(BspError error, string message) : base(message)
        {
            Error = error;
        }
    }
}
