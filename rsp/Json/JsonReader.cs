using System;
using System.IO;
using System.Text;

namespace IotEsim.Rsp.Json
{
    /// <summary>Token kinds reported by <see cref="JsonReader"/>.</summary>
    public enum JsonTokenType
    {
        None = 0,
        StartObject = 1,
        EndObject = 2,
        StartArray = 3,
        EndArray = 4,
        PropertyName = 5,
        String = 6,
        Number = 7,
        True = 8,
        False = 9,
        Null = 10,
    }

    /// <summary>
    /// Strict pull reader for one JSON document (RFC 8259) read as UTF-8 from a <see cref="Stream"/>,
    /// with bounded memory: a fixed input buffer, member names and numbers up to small limits, and
    /// string values that are only materialized on request. A string value can instead be handed out
    /// piecewise with <see cref="ReadStringChunk"/> (or as decoded base64 through
    /// <see cref="JsonBase64Stream"/>), so a multi-hundred-KB boundProfilePackage never has to be held.
    /// Anything malformed (truncation, bad escapes or UTF-8, raw control characters, trailing data,
    /// excessive nesting, numbers off the grammar) throws <see cref="JsonException"/> with the byte offset.
    /// </summary>
    public sealed class JsonReader
    {
        public const int DefaultBufferSize = 512;
        public const int DefaultMaxDepth = 32;
        public const int DefaultMaxStringLength = 1024 * 1024;
        public const int DefaultMaxNameLength = 256;
        private const int MaxNumberLength = 64;

        // Parser states between tokens.
        private const int StValue = 0;        // a value is due (document start, after ':' or ',' in an array)
        private const int StFirstInArray = 1; // after '[': a value or ']'
        private const int StFirstInObject = 2; // after '{': a name or '}'
        private const int StName = 3;         // after ',' in an object: a name
        private const int StAfterValue = 4;   // ',' or the container's end
        private const int StDone = 5;         // top-level value complete
        private const int StEnd = 6;          // end of input seen after the document

        private readonly Stream _s;
        private readonly byte[] _buf;
        private int _bpos, _blen;
        private long _base;
        private bool _eof;

        private readonly bool[] _isObject;
        private int _depth;
        private int _state;

        private JsonTokenType _token;
        private long _tokenPos;
        private string _name;
        private string _string;
        private bool _inString;      // a String token whose content is not consumed yet
        private bool _chunked;       // ReadStringChunk has taken part of it
        private int _pendingChar = -1; // low surrogate owed to the caller
        private readonly char[] _num = new char[MaxNumberLength];
        private int _numLen;
        private int _maxMaterialized;

        public JsonReader(Stream stream) : this(stream, DefaultBufferSize, DefaultMaxDepth) { }

        public JsonReader(Stream stream, int bufferSize, int maxDepth)
        {
            if (stream == null) throw new ArgumentNullException("stream");
            if (bufferSize < 16) throw new ArgumentException("bufferSize");
            if (maxDepth < 1) throw new ArgumentException("maxDepth");
            _s = stream;
            _buf = new byte[bufferSize];
            _isObject = new bool[maxDepth + 1];
            MaxStringLength = DefaultMaxStringLength;
            MaxNameLength = DefaultMaxNameLength;
        }

        public static JsonReader FromBytes(byte[] utf8)
        {
            return new JsonReader(new MemoryStream(utf8));
        }

        /// <summary>Longest string value (in UTF-16 chars) that <see cref="GetString"/> materializes.</summary>
        public int MaxStringLength { get; set; }
        /// <summary>Longest member name (in UTF-16 chars).</summary>
        public int MaxNameLength { get; set; }

        public JsonTokenType TokenType { get { return _token; } }
        /// <summary>Nesting depth: 1 inside the top-level object/array.</summary>
        public int Depth { get { return _depth; } }
        /// <summary>Bytes consumed from the input so far.</summary>
        public long Position { get { return _base + _bpos; } }
        /// <summary>Byte offset where the current token starts.</summary>
        public long TokenPosition { get { return _tokenPos; } }

        /// <summary>The most memory the reader held for input and materialized values at any time, in
        /// bytes (input buffer + number scratch + 2 bytes per materialized char).</summary>
        public int BufferHighWaterMark { get { return _buf.Length + 2 * MaxNumberLength + 2 * _maxMaterialized; } }

        /// <summary>Advances to the next token. Returns false after the end of the document (only
        /// whitespace may follow the top-level value). An unconsumed string value is skipped.</summary>
        public bool Read()
        {
            if (_inString) SkipStringRest();
            _string = null;
            if (_state == StEnd) return false;
            int c = SkipWhitespace();
            if (_state == StDone)
            {
                if (c >= 0) throw Error(JsonError.TrailingData, "data after the top-level value");
                _state = StEnd;
                _token = JsonTokenType.None;
                return false;
            }
            if (c < 0) throw Error(JsonError.Truncated, _depth == 0 && _state == StValue ? "empty document" : "document ends early");
            _tokenPos = Position;

            if (_state == StAfterValue)
            {
                if (c == ',')
                {
                    _bpos++;
                    _state = _isObject[_depth] ? StName : StValue;
                    c = SkipWhitespace();
                    if (c < 0) throw Error(JsonError.Truncated, "document ends after ','");
                    _tokenPos = Position;
                }
                else if (c == '}' || c == ']') return CloseContainer(c);
                else throw Error(JsonError.UnexpectedCharacter, "expected ',' or the end of the " + (_isObject[_depth] ? "object" : "array"));
            }
            else if (_state == StFirstInObject || _state == StFirstInArray)
            {
                if ((c == '}' && _state == StFirstInObject) || (c == ']' && _state == StFirstInArray)) return CloseContainer(c);
            }

            if (_state == StFirstInObject || _state == StName)
            {
                if (c != '"') throw Error(JsonError.UnexpectedCharacter, "expected a member name");
                _bpos++;
                _name = ReadWholeString(MaxNameLength, "member name");
                c = SkipWhitespace();
                if (c < 0) throw Error(JsonError.Truncated, "document ends after a member name");
                if (c != ':') throw Error(JsonError.UnexpectedCharacter, "expected ':' after a member name");
                _bpos++;
                _state = StValue;
                _token = JsonTokenType.PropertyName;
                return true;
            }

            // A value.
            switch (c)
            {
                case '{': _bpos++; Push(true); _state = StFirstInObject; _token = JsonTokenType.StartObject; return true;
                case '[': _bpos++; Push(false); _state = StFirstInArray; _token = JsonTokenType.StartArray; return true;
                case '"':
                    _bpos++;
                    _inString = true;
                    _chunked = false;
                    _pendingChar = -1;
                    _token = JsonTokenType.String;
                    ValueDone();
                    return true;
                case 't': Literal("true"); _token = JsonTokenType.True; ValueDone(); return true;
                case 'f': Literal("false"); _token = JsonTokenType.False; ValueDone(); return true;
                case 'n': Literal("null"); _token = JsonTokenType.Null; ValueDone(); return true;
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        ReadNumber();
                        _token = JsonTokenType.Number;
                        ValueDone();
                        return true;
                    }
                    throw Error(JsonError.UnexpectedCharacter, "unexpected character 0x" + IotEsim.Rsp.Util.Hex.Encode(new byte[] { (byte)c }));
            }
        }

        /// <summary>Member name of the current PropertyName token.</summary>
        public string GetPropertyName()
        {
            if (_token != JsonTokenType.PropertyName) throw WrongToken("a member name");
            return _name;
        }

        /// <summary>The whole current string value (at most <see cref="MaxStringLength"/> chars).</summary>
        public string GetString()
        {
            if (_token == JsonTokenType.PropertyName) return _name;
            if (_token != JsonTokenType.String) throw WrongToken("a string");
            if (_string != null) return _string;
            if (_chunked) throw new InvalidOperationException("string value already partly read in chunks");
            _string = ReadWholeString(MaxStringLength, "string value");
            _inString = false;
            return _string;
        }

        /// <summary>Copies the next part of the current string value (unescaped UTF-16) into
        /// <paramref name="buffer"/>; returns the number of chars, 0 once the value is exhausted.</summary>
        public int ReadStringChunk(char[] buffer, int offset, int count)
        {
            if (_token != JsonTokenType.String) throw WrongToken("a string");
            if (buffer == null) throw new ArgumentNullException("buffer");
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException("count");
            if (!_inString)
            {
                if (_string != null && !_chunked) throw new InvalidOperationException("string value already read whole");
                return 0;
            }
            _chunked = true;
            int n = 0;
            while (n < count)
            {
                int ch = NextStringChar();
                if (ch < 0) { _inString = false; break; }
                buffer[offset + n++] = (char)ch;
            }
            return n;
        }

        /// <summary>True while the current String token still has unread content.</summary>
        public bool HasUnreadString { get { return _inString; } }

        /// <summary>Number text exactly as written.</summary>
        public string GetNumberText()
        {
            if (_token != JsonTokenType.Number) throw WrongToken("a number");
            return new string(_num, 0, _numLen);
        }

        public long GetInt64()
        {
            if (_token != JsonTokenType.Number) throw WrongToken("a number");
            return ParseInt64(_num, _numLen, _tokenPos);
        }

        public int GetInt32()
        {
            long v = GetInt64();
            if (v < int.MinValue || v > int.MaxValue) throw new JsonException(JsonError.NumberOutOfRange, _tokenPos, "number does not fit 32 bits");
            return (int)v;
        }

        public double GetDouble()
        {
            if (_token != JsonTokenType.Number) throw WrongToken("a number");
            return ParseDouble(_num, _numLen, _tokenPos);
        }

        public bool GetBoolean()
        {
            if (_token == JsonTokenType.True) return true;
            if (_token == JsonTokenType.False) return false;
            throw WrongToken("true or false");
        }

        /// <summary>Skips the current value: for StartObject/StartArray the whole container, for a
        /// PropertyName its value, for a string its unread content.</summary>
        public void Skip()
        {
            if (_token == JsonTokenType.PropertyName) { Read(); }
            if (_token == JsonTokenType.StartObject || _token == JsonTokenType.StartArray)
            {
                int target = _depth - 1;
                while (_depth > target)
                    if (!Read()) throw Error(JsonError.Truncated, "document ends inside a container");
            }
            else if (_token == JsonTokenType.String && _inString) SkipStringRest();
        }

        /// <summary>Reads until the end of the document, checking that nothing follows it.</summary>
        public void ReadToEnd()
        {
            while (Read()) { }
        }

        // ----- internals -----

        private bool CloseContainer(int c)
        {
            bool obj = c == '}';
            if (_depth == 0 || _isObject[_depth] != obj) throw Error(JsonError.UnexpectedCharacter, string.Concat("unbalanced '", ((char)c).ToString(), "'"));
            _bpos++;
            _depth--;
            _token = obj ? JsonTokenType.EndObject : JsonTokenType.EndArray;
            ValueDone();
            return true;
        }

        private void ValueDone()
        {
            _state = _depth == 0 ? StDone : StAfterValue;
        }

        private void Push(bool isObject)
        {
            if (_depth + 1 >= _isObject.Length) throw new JsonException(JsonError.NestingTooDeep, _tokenPos, "nesting deeper than " + (_isObject.Length - 1).ToString());
            _depth++;
            _isObject[_depth] = isObject;
        }

        private int PeekByte()
        {
            if (_bpos < _blen) return _buf[_bpos];
            if (_eof) return -1;
            _base += _blen;
            _bpos = 0;
            _blen = 0;
            while (_blen == 0)
            {
                int n = _s.Read(_buf, 0, _buf.Length);
                if (n <= 0) { _eof = true; return -1; }
                _blen = n;
            }
            return _buf[0];
        }

        private int NextByte()
        {
            int b = PeekByte();
            if (b >= 0) _bpos++;
            return b;
        }

        private int SkipWhitespace()
        {
            while (true)
            {
                int c = PeekByte();
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { _bpos++; continue; }
                return c;
            }
        }

        private void Literal(string word)
        {
            for (int i = 0; i < word.Length; i++)
            {
                int b = NextByte();
                if (b < 0) throw Error(JsonError.Truncated, "document ends inside '" + word + "'");
                if (b != word[i]) throw new JsonException(JsonError.UnexpectedCharacter, Position - 1, "bad literal, expected '" + word + "'");
            }
            int after = PeekByte();
            if (after >= 0 && IsWordChar(after)) throw Error(JsonError.UnexpectedCharacter, "bad literal, expected '" + word + "'");
        }

        private static bool IsWordChar(int b)
        {
            return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '.' || b == '-' || b == '+' || b >= 0x80;
        }

        private void ReadNumber()
        {
            _numLen = 0;
            while (true)
            {
                int b = PeekByte();
                if (!((b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E')) break;
                if (_numLen == MaxNumberLength) throw Error(JsonError.ValueTooLong, "number longer than " + MaxNumberLength.ToString() + " characters");
                _num[_numLen++] = (char)b;
                _bpos++;
            }
            int next = PeekByte();
            if (next >= 0 && IsWordChar(next)) throw Error(JsonError.InvalidNumber, "bad character after a number");
            if (!IsValidNumber(_num, _numLen)) throw new JsonException(JsonError.InvalidNumber, _tokenPos, "not a JSON number: " + new string(_num, 0, _numLen));
        }

        /// <summary>True when the text follows the JSON number grammar.</summary>
        public static bool IsValidNumberText(string text)
        {
            if (text == null || text.Length == 0 || text.Length > MaxNumberLength) return false;
            return IsValidNumber(text.ToCharArray(), text.Length);
        }

        private static bool IsValidNumber(char[] s, int n)
        {
            // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
            int i = 0;
            if (i < n && s[i] == '-') i++;
            if (i >= n) return false;
            if (s[i] == '0') i++;
            else if (s[i] >= '1' && s[i] <= '9') { while (i < n && s[i] >= '0' && s[i] <= '9') i++; }
            else return false;
            if (i < n && s[i] == '.')
            {
                i++;
                int d = i;
                while (i < n && s[i] >= '0' && s[i] <= '9') i++;
                if (i == d) return false;
            }
            if (i < n && (s[i] == 'e' || s[i] == 'E'))
            {
                i++;
                if (i < n && (s[i] == '+' || s[i] == '-')) i++;
                int d = i;
                while (i < n && s[i] >= '0' && s[i] <= '9') i++;
                if (i == d) return false;
            }
            return i == n;
        }

        internal static long ParseInt64(char[] s, int n, long pos)
        {
            int i = 0;
            bool neg = false;
            if (n > 0 && s[0] == '-') { neg = true; i = 1; }
            // Accumulate negatively so long.MinValue fits.
            long v = 0;
            for (; i < n; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9') throw new JsonException(JsonError.NumberOutOfRange, pos, "number is not an integer");
                int d = c - '0';
                if (v < (long.MinValue + d) / 10) throw new JsonException(JsonError.NumberOutOfRange, pos, "integer does not fit 64 bits");
                v = v * 10 - d;
            }
            if (!neg)
            {
                if (v == long.MinValue) throw new JsonException(JsonError.NumberOutOfRange, pos, "integer does not fit 64 bits");
                v = -v;
            }
            return v;
        }

        internal static double ParseDouble(char[] s, int n, long pos)
        {
            // Own parser: double.Parse is culture dependent on the desktop. Up to 18 significant digits
            // are kept exactly, the rest only move the exponent.
            int i = 0;
            bool neg = false;
            if (s[0] == '-') { neg = true; i = 1; }
            long mant = 0;
            int digits = 0;
            int exp10 = 0;
            bool frac = false;
            for (; i < n; i++)
            {
                char c = s[i];
                if (c == '.') { frac = true; continue; }
                if (c == 'e' || c == 'E') break;
                if (mant == 0 && c == '0') { if (frac) exp10--; continue; }
                if (digits < 18) { mant = mant * 10 + (c - '0'); digits++; if (frac) exp10--; }
                else if (!frac) exp10++;
            }
            if (i < n)
            {
                i++;
                bool eneg = false;
                if (s[i] == '+') i++;
                else if (s[i] == '-') { eneg = true; i++; }
                int e = 0;
                for (; i < n; i++)
                {
                    if (e < 100000) e = e * 10 + (s[i] - '0');
                }
                exp10 += eneg ? -e : e;
            }
            double v = mant;
            if (mant != 0)
            {
                if (exp10 > 0) v = v * Math.Pow(10, exp10);
                else if (exp10 < 0)
                {
                    // Divide in two steps so 1e-320-style values do not underflow the power first.
                    if (exp10 < -300) { v = v / Math.Pow(10, 300); exp10 += 300; }
                    v = v / Math.Pow(10, -exp10);
                }
            }
            if (double.IsInfinity(v)) throw new JsonException(JsonError.NumberOutOfRange, pos, "number exceeds the double range");
            return neg ? -v : v;
        }

        private string ReadWholeString(int limit, string what)
        {
            var sb = new StringBuilder();
            while (true)
            {
                int ch = NextStringChar();
                if (ch < 0) break;
                if (sb.Length >= limit) throw new JsonException(JsonError.ValueTooLong, _tokenPos, what + " longer than " + limit.ToString() + " characters");
                sb.Append((char)ch);
                if (sb.Length > _maxMaterialized) _maxMaterialized = sb.Length;
            }
            return sb.ToString();
        }

        private void SkipStringRest()
        {
            while (NextStringChar() >= 0) { }
            _inString = false;
        }

        /// <summary>Next UTF-16 unit of the string being read, -1 after its closing quote.</summary>
        private int NextStringChar()
        {
            if (_pendingChar >= 0)
            {
                int p = _pendingChar;
                _pendingChar = -1;
                return p;
            }
            int b = NextByte();
            if (b < 0) throw Error(JsonError.Truncated, "document ends inside a string");
            if (b == '"') return -1;
            if (b == '\\') return ReadEscape();
            if (b < 0x20) throw new JsonException(JsonError.ControlCharacter, Position - 1, "raw control character in a string");
            if (b < 0x80) return b;
            return ReadUtf8(b);
        }

        private int ReadEscape()
        {
            long at = Position - 1;
            int e = NextByte();
            switch (e)
            {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u':
                    int u = ReadHex4(at);
                    if (u >= 0xDC00 && u <= 0xDFFF) throw new JsonException(JsonError.BadEscape, at, "unpaired low surrogate escape");
                    if (u >= 0xD800 && u <= 0xDBFF)
                    {
                        if (NextByte() != '\\' || NextByte() != 'u') throw new JsonException(JsonError.BadEscape, at, "high surrogate escape without a low surrogate");
                        int lo = ReadHex4(at);
                        if (lo < 0xDC00 || lo > 0xDFFF) throw new JsonException(JsonError.BadEscape, at, "high surrogate escape without a low surrogate");
                        _pendingChar = lo;
                    }
                    return u;
                case -1: throw Error(JsonError.Truncated, "document ends inside an escape");
                default: throw new JsonException(JsonError.BadEscape, at, string.Concat("unknown escape '\\", ((char)e).ToString(), "'"));
            }
        }

        private int ReadHex4(long at)
        {
            int v = 0;
            for (int i = 0; i < 4; i++)
            {
                int h = NextByte();
                int d;
                if (h >= '0' && h <= '9') d = h - '0';
                else if (h >= 'a' && h <= 'f') d = h - 'a' + 10;
                else if (h >= 'A' && h <= 'F') d = h - 'A' + 10;
                else if (h < 0) throw Error(JsonError.Truncated, "document ends inside a \\u escape");
                else throw new JsonException(JsonError.BadEscape, at, "\\u needs four hex digits");
                v = (v << 4) | d;
            }
            return v;
        }

        private int ReadUtf8(int b0)
        {
            long at = Position - 1;
            int need, cp, min;
            if (b0 >= 0xC2 && b0 <= 0xDF) { need = 1; cp = b0 & 0x1F; min = 0x80; }
            else if (b0 >= 0xE0 && b0 <= 0xEF) { need = 2; cp = b0 & 0x0F; min = 0x800; }
            else if (b0 >= 0xF0 && b0 <= 0xF4) { need = 3; cp = b0 & 0x07; min = 0x10000; }
            else throw new JsonException(JsonError.InvalidUtf8, at, "invalid UTF-8 lead byte");
            for (int i = 0; i < need; i++)
            {
                int b = NextByte();
                if (b < 0) throw Error(JsonError.Truncated, "document ends inside a UTF-8 sequence");
                if ((b & 0xC0) != 0x80) throw new JsonException(JsonError.InvalidUtf8, at, "invalid UTF-8 continuation byte");
                cp = (cp << 6) | (b & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                throw new JsonException(JsonError.InvalidUtf8, at, "overlong or out-of-range UTF-8 sequence");
            if (cp < 0x10000) return cp;
            cp -= 0x10000;
            _pendingChar = 0xDC00 | (cp & 0x3FF);
            return 0xD800 | (cp >> 10);
        }

        private JsonException Error(JsonError e, string message)
        {
            return new JsonException(e, Position, message);
        }

        private JsonException WrongToken(string expected)
        {
            return new JsonException(JsonError.WrongTokenType, _tokenPos, "expected " + expected + " but the token is " + TokenName(_token));
        }

        /// <summary>Readable token type name.</summary>
        public static string TokenName(JsonTokenType t)
        {
            switch (t)
            {
                case JsonTokenType.StartObject: return "StartObject";
                case JsonTokenType.EndObject: return "EndObject";
                case JsonTokenType.StartArray: return "StartArray";
                case JsonTokenType.EndArray: return "EndArray";
                case JsonTokenType.PropertyName: return "PropertyName";
                case JsonTokenType.String: return "String";
                case JsonTokenType.Number: return "Number";
                case JsonTokenType.True: return "True";
                case JsonTokenType.False: return "False";
                case JsonTokenType.Null: return "Null";
                default: return "None";
            }
        }
    }
}
