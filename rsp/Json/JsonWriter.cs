using System;
using System.Text;

namespace IotEsim.Rsp.Json
{
    /// <summary>
    /// Compact JSON writer over a <see cref="StringBuilder"/> (no whitespace between tokens, as lpac
    /// sends ES9+ bodies). Commas are inserted automatically; misuse (a value where a member name is
    /// due, unbalanced ends) throws <see cref="InvalidOperationException"/> because it is a
    /// programming error, not bad input. Strings are escaped per RFC 8259: quote, backslash and the
    /// short forms \b \f \n \r \t; other control characters as \u00XX; '/' and non-ASCII are written
    /// as they are (the output is meant to be sent as UTF-8).
    /// </summary>
    public sealed class JsonWriter
    {
        private const string HexDigits = "0123456789abcdef";
        private readonly StringBuilder _sb;
        // Per nesting level: 1 = object, 2 = array. _count[d] = values written at that level.
        private byte[] _kind = new byte[16];
        private int[] _count = new int[16];
        private int _depth;
        private bool _afterName;
        private bool _rootDone;

        public JsonWriter() : this(new StringBuilder(256)) { }

        public JsonWriter(StringBuilder target)
        {
            if (target == null) throw new ArgumentNullException("target");
            _sb = target;
        }

        /// <summary>Current nesting depth (0 at top level).</summary>
        public int Depth { get { return _depth; } }

        public void WriteStartObject() { BeforeValue(); Push(1); _sb.Append('{'); }

        public void WriteEndObject() { Pop(1); _sb.Append('}'); }

        public void WriteStartArray() { BeforeValue(); Push(2); _sb.Append('['); }

        public void WriteEndArray() { Pop(2); _sb.Append(']'); }

        public void WritePropertyName(string name)
        {
            if (name == null) throw new ArgumentNullException("name");
            if (_depth == 0 || _kind[_depth] != 1 || _afterName)
                throw new InvalidOperationException("member name outside an object");
            if (_count[_depth] > 0) _sb.Append(',');
            _count[_depth]++;
            AppendQuoted(name);
            _sb.Append(':');
            _afterName = true;
        }

        public void WriteString(string value)
        {
            if (value == null) { WriteNull(); return; }
            BeforeValue();
            AppendQuoted(value);
        }

        /// <summary>Writes the base64 (RFC 4648, padded) text of the bytes as a string value.</summary>
        public void WriteBase64(byte[] value)
        {
            if (value == null) { WriteNull(); return; }
            BeforeValue();
            _sb.Append('"');
            _sb.Append(Convert.ToBase64String(value));
            _sb.Append('"');
        }

        public void WriteNumber(long value)
        {
            BeforeValue();
            _sb.Append(value.ToString());
        }

        /// <summary>Writes a number given as JSON number text (validated against the grammar).</summary>
        public void WriteRawNumber(string numberText)
        {
            if (!JsonReader.IsValidNumberText(numberText))
                throw new ArgumentException("not a JSON number: " + numberText);
            BeforeValue();
            _sb.Append(numberText);
        }

        public void WriteBoolean(bool value)
        {
            BeforeValue();
            _sb.Append(value ? "true" : "false");
        }

        public void WriteNull()
        {
            BeforeValue();
            _sb.Append("null");
        }

        // Convenience member writers.
        public void WriteString(string name, string value) { WritePropertyName(name); WriteString(value); }
        public void WriteBase64(string name, byte[] value) { WritePropertyName(name); WriteBase64(value); }
        public void WriteNumber(string name, long value) { WritePropertyName(name); WriteNumber(value); }
        public void WriteBoolean(string name, bool value) { WritePropertyName(name); WriteBoolean(value); }

        /// <summary>The JSON text written so far.</summary>
        public override string ToString() { return _sb.ToString(); }

        /// <summary>UTF-8 bytes of the JSON text; the document must be complete.</summary>
        public byte[] ToUtf8Bytes()
        {
            if (_depth != 0 || !_rootDone) throw new InvalidOperationException("JSON document not complete");
            return Encoding.UTF8.GetBytes(_sb.ToString());
        }

        /// <summary>Escapes a string as a complete JSON string literal (with quotes).</summary>
        public static string Quote(string value)
        {
            var w = new JsonWriter();
            w.WriteString(value);
            return w.ToString();
        }

        private void BeforeValue()
        {
            if (_depth == 0)
            {
                if (_rootDone) throw new InvalidOperationException("a JSON document holds one top-level value");
                _rootDone = true;
                return;
            }
            if (_kind[_depth] == 1)
            {
                if (!_afterName) throw new InvalidOperationException("value in an object without a member name");
                _afterName = false;
                return;
            }
            if (_count[_depth] > 0) _sb.Append(',');
            _count[_depth]++;
        }

        private void Push(byte kind)
        {
            _depth++;
            if (_depth >= _kind.Length)
            {
                var k = new byte[_kind.Length * 2];
                Array.Copy(_kind, k, _kind.Length);
                _kind = k;
                var c = new int[_count.Length * 2];
                Array.Copy(_count, c, _count.Length);
                _count = c;
            }
            _kind[_depth] = kind;
            _count[_depth] = 0;
        }

        private void Pop(byte kind)
        {
            if (_depth == 0 || _kind[_depth] != kind || _afterName)
                throw new InvalidOperationException(kind == 1 ? "no object to end" : "no array to end");
            _depth--;
        }

        private void AppendQuoted(string s)
        {
            _sb.Append('"');
            int runStart = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                string shortForm = null;
                bool escape = false;
                if (c == '"') shortForm = "\\\"";
                else if (c == '\\') shortForm = "\\\\";
                else if (c == '\n') shortForm = "\\n";
                else if (c == '\r') shortForm = "\\r";
                else if (c == '\t') shortForm = "\\t";
                else if (c == '\b') shortForm = "\\b";
                else if (c == '\f') shortForm = "\\f";
                else if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') escape = true;
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    // A well-formed pair is written as is; a lone surrogate only survives as an escape.
                    bool paired = c <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF;
                    if (paired) { i++; continue; }
                    escape = true;
                }
                if (shortForm == null && !escape) continue;
                if (i > runStart) _sb.Append(s, runStart, i - runStart);
                if (shortForm != null) _sb.Append(shortForm);
                else
                {
                    _sb.Append("\\u");
                    _sb.Append(HexDigits[(c >> 12) & 0xF]);
                    _sb.Append(HexDigits[(c >> 8) & 0xF]);
                    _sb.Append(HexDigits[(c >> 4) & 0xF]);
                    _sb.Append(HexDigits[c & 0xF]);
                }
                runStart = i + 1;
            }
            if (s.Length > runStart) _sb.Append(s, runStart, s.Length - runStart);
            _sb.Append('"');
        }
    }
}
