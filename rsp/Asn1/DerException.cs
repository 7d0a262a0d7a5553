using System;

namespace IotEsim.Rsp.Asn1
{
    /// <summary>Why a BER/DER structure was rejected. Every parser in IotEsim reports malformed
    /// input through these codes; ES10 handlers map them to status words / spec error codes.</summary>
    public enum DerError
    {
        /// <summary>The input ends inside a tag, a length or a value.</summary>
        Truncated = 1,
        /// <summary>Length byte 0x80 (BER indefinite form): not allowed anywhere in RSP.</summary>
        IndefiniteLength = 2,
        /// <summary>A length (or tag) encoded in more bytes than needed (DER forbids it).</summary>
        NonMinimalLength = 3,
        /// <summary>A length that needs more than 4 bytes, or does not fit a signed 32-bit int.</summary>
        LengthTooLarge = 4,
        /// <summary>Bytes left after the single TLV that was expected.</summary>
        TrailingData = 5,
        /// <summary>A tag number longer than this implementation supports (3 tag bytes).</summary>
        InvalidTag = 6,
        /// <summary>Constructed values nested deeper than the configured limit.</summary>
        NestingTooDeep = 7,
        /// <summary>A different tag than the schema requires at this place.</summary>
        UnexpectedTag = 8,
        /// <summary>A mandatory element is absent.</summary>
        MissingElement = 9,
        /// <summary>The value of an element is not valid for its type (e.g. empty INTEGER, bad UTF-8, out of range).</summary>
        InvalidValue = 10,
    }

    /// <summary>Typed error for malformed BER/DER. <see cref="Offset"/> is relative to the start of the parsed buffer or stream.</summary>
    public class DerException : Exception
    {
        public DerError Error { get; private set; }
        public long Offset { get; private set; }

        public DerException(DerError error, long offset, string message)
            : base(message + " (" + Describe(error) + " at offset " + offset.ToString() + ")")
        {
            Error = error;
            Offset = offset;
        }

        public static string Describe(DerError e)
        {
            switch (e)
            {
                case DerError.Truncated: return "truncated";
                case DerError.IndefiniteLength: return "indefinite length";
                case DerError.NonMinimalLength: return "non-minimal encoding";
                case DerError.LengthTooLarge: return "length too large";
                case DerError.TrailingData: return "trailing data";
                case DerError.InvalidTag: return "invalid tag";
                case DerError.NestingTooDeep: return "nesting too deep";
                case DerError.UnexpectedTag: return "unexpected tag";
                case DerError.MissingElement: return "missing element";
                case DerError.InvalidValue: return "invalid value";
                default: return "error " + ((int)e).ToString();
            }
        }
    }
}
