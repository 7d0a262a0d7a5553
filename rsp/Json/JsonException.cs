using System;

namespace IotEsim.Rsp.Json
{
    /// <summary>Why a JSON text (or a JSON message binding) was rejected.</summary>
    public enum JsonError
    {
        /// <summary>The input ends inside a value or before the document is complete.</summary>
        Truncated = 1,
        /// <summary>A character that cannot start or continue a token at this place.</summary>
        UnexpectedCharacter = 2,
        /// <summary>An unknown escape, a bad \u sequence or an unpaired surrogate escape.</summary>
        BadEscape = 3,
        /// <summary>A raw control character (below U+0020) inside a string.</summary>
        ControlCharacter = 4,
        /// <summary>Bytes that are not well-formed UTF-8.</summary>
        InvalidUtf8 = 5,
        /// <summary>Non-whitespace after the top-level value.</summary>
        TrailingData = 6,
        /// <summary>Objects/arrays nested deeper than the reader's limit.</summary>
        NestingTooDeep = 7,
        /// <summary>A number that does not follow the JSON grammar.</summary>
        InvalidNumber = 8,
        /// <summary>A number that does not fit the requested type.</summary>
        NumberOutOfRange = 9,
        /// <summary>A string or number longer than the configured limit for materialized values.</summary>
        ValueTooLong = 10,
        /// <summary>The same member name twice in one object.</summary>
        DuplicateProperty = 11,
        /// <summary>A method was called on a token of another type.</summary>
        WrongTokenType = 12,
        /// <summary>A member the binding requires is absent.</summary>
        MissingProperty = 13,
        /// <summary>A member has a JSON type or value the binding does not accept.</summary>
        InvalidValue = 14,
        /// <summary>A member that must hold base64 does not.</summary>
        InvalidBase64 = 15,
    }

    /// <summary>Malformed JSON, or JSON that does not fit a message binding. <see cref="Position"/> is
    /// the byte offset in the input where the problem was found (-1 when it is about a member of an
    /// already parsed object; then <see cref="Property"/> names it).</summary>
    public class JsonException : Exception
    {
        public JsonError Error { get; private set; }
        public long Position { get; private set; }
        public string Property { get; private set; }

        public JsonException(JsonError error, long position, string message)
            : base(message + " (" + ErrorName(error) + " at byte " + position.ToString() + ")")
        {
            Error = error;
            Position = position;
        }

        public JsonException(JsonError error, string property, string message)
            : base(message + " (" + ErrorName(error) + ", member '" + property + "')")
        {
            Error = error;
            Position = -1;
            Property = property;
        }

        public JsonException(JsonError error, string property, string message, Exception inner)
            : base(message + " (" + ErrorName(error) + ", member '" + property + "')", inner)
        {
            Error = error;
            Position = -1;
            Property = property;
        }

        /// <summary>Readable name of an error code (Enum.ToString gives the number on the device).</summary>
        public static string ErrorName(JsonError e)
        {
            switch (e)
            {
                case JsonError.Truncated: return "Truncated";
                case JsonError.UnexpectedCharacter: return "UnexpectedCharacter";
                case JsonError.BadEscape: return "BadEscape";
                case JsonError.ControlCharacter: return "ControlCharacter";
                case JsonError.InvalidUtf8: return "InvalidUtf8";
                case JsonError.TrailingData: return "TrailingData";
                case JsonError.NestingTooDeep: return "NestingTooDeep";
                case JsonError.InvalidNumber: return "InvalidNumber";
                case JsonError.NumberOutOfRange: return "NumberOutOfRange";
                case JsonError.ValueTooLong: return "ValueTooLong";
                case JsonError.DuplicateProperty: return "DuplicateProperty";
                case JsonError.WrongTokenType: return "WrongTokenType";
                case JsonError.MissingProperty: return "MissingProperty";
                case JsonError.InvalidValue: return "InvalidValue";
                case JsonError.InvalidBase64: return "InvalidBase64";
                default: return "JsonError" + ((int)e).ToString();
            }
        }
    }
}
