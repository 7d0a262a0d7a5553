using System;
using System.Collections;
using System.IO;
using System.Text;

namespace IotEsim.Rsp.Json
{
    /// <summary>A JSON number kept as its text (exact round trip), converted on request.</summary>
    public sealed class JsonNumber
    {
        public JsonNumber(string text)
        {
            if (!JsonReader.IsValidNumberText(text)) throw new ArgumentException("not a JSON number: " + text);
            Text = text;
        }

        public JsonNumber(long value) { Text = value.ToString(); }

        public string Text { get; private set; }

        public long ToInt64() { return JsonReader.ParseInt64(Text.ToCharArray(), Text.Length, -1); }

        public double ToDouble() { return JsonReader.ParseDouble(Text.ToCharArray(), Text.Length, -1); }

        public override string ToString() { return Text; }
    }

    /// <summary>A JSON array of values (string, JsonNumber, bool, null, JsonObject, JsonArray).</summary>
    public sealed class JsonArray
    {
        private readonly ArrayList _items = new ArrayList();

        public int Count { get { return _items.Count; } }
        public object this[int index] { get { return _items[index]; } }
        public void Add(object value) { _items.Add(JsonObject.CheckValue(value)); }

        public JsonObject GetObject(int index)
        {
            var o = _items[index] as JsonObject;
            if (o == null) throw new JsonException(JsonError.InvalidValue, "[" + index.ToString() + "]", "array element is not an object");
            return o;
        }

        public void WriteTo(JsonWriter w)
        {
            w.WriteStartArray();
            for (int i = 0; i < _items.Count; i++) JsonObject.WriteValue(w, _items[i]);
            w.WriteEndArray();
        }
    }

    /// <summary>
    /// Small DOM for ES9+/ES11 messages: members in document order (Hashtable for lookup, ArrayList
    /// for order), duplicate names rejected. Values: string, <see cref="JsonNumber"/>, bool (boxed),
    /// null, <see cref="JsonObject"/>, <see cref="JsonArray"/>. Large binary members should be
    /// streamed with <see cref="JsonReader"/> instead (see <see cref="JsonBase64Stream"/>).
    /// </summary>
    public sealed class JsonObject
    {
        private readonly Hashtable _map = new Hashtable();
        private readonly ArrayList _names = new ArrayList();

        public int Count { get { return _names.Count; } }

        /// <summary>Member names in document (or insertion) order.</summary>
        public string[] Names
        {
            get
            {
                var r = new string[_names.Count];
                for (int i = 0; i < r.Length; i++) r[i] = (string)_names[i];
                return r;
            }
        }

        public bool Contains(string name) { return _map.Contains(name); }

        /// <summary>The raw member value, or null when absent (use <see cref="Contains"/> to tell a JSON null).</summary>
        public object Get(string name) { return _map.Contains(name) ? _map[name] : null; }

        /// <summary>Adds or replaces a member; a new member goes to the end.</summary>
        public void Set(string name, object value)
        {
            if (name == null) throw new ArgumentNullException("name");
            value = CheckValue(value);
            if (!_map.Contains(name)) _names.Add(name);
            _map[name] = value;
        }

        public void Remove(string name)
        {
            if (!_map.Contains(name)) return;
            _map.Remove(name);
            _names.Remove(name);
        }

        /// <summary>String member, or null when absent or JSON null; other types are InvalidValue.</summary>
        public string GetString(string name)
        {
            object v = Get(name);
            if (v == null) return null;
            var s = v as string;
            if (s == null) throw new JsonException(JsonError.InvalidValue, name, "member is not a string");
            return s;
        }

        public string RequireString(string name)
        {
            string s = GetString(name);
            if (s == null) throw new JsonException(JsonError.MissingProperty, name, "required member missing");
            return s;
        }

        /// <summary>Base64 member decoded, or null when absent.</summary>
        public byte[] GetBytes(string name)
        {
            string s = GetString(name);
            if (s == null) return null;
            try
            {
                return Base64StreamDecoder.DecodeString(s);
            }
            catch (Base64Exception e)
            {
                throw new JsonException(JsonError.InvalidBase64, name, "member is not valid base64: " + e.Message, e);
            }
        }

        public byte[] RequireBytes(string name)
        {
            byte[] b = GetBytes(name);
            if (b == null) throw new JsonException(JsonError.MissingProperty, name, "required member missing");
            return b;
        }

        public JsonObject GetObject(string name)
        {
            object v = Get(name);
            if (v == null) return null;
            var o = v as JsonObject;
            if (o == null) throw new JsonException(JsonError.InvalidValue, name, "member is not an object");
            return o;
        }

        public JsonObject RequireObject(string name)
        {
            var o = GetObject(name);
            if (o == null) throw new JsonException(JsonError.MissingProperty, name, "required member missing");
            return o;
        }

        public JsonArray GetArray(string name)
        {
            object v = Get(name);
            if (v == null) return null;
            var a = v as JsonArray;
            if (a == null) throw new JsonException(JsonError.InvalidValue, name, "member is not an array");
            return a;
        }

        public JsonNumber GetNumber(string name)
        {
            object v = Get(name);
            if (v == null) return null;
            var n = v as JsonNumber;
            if (n == null) throw new JsonException(JsonError.InvalidValue, name, "member is not a number");
            return n;
        }

        /// <summary>Boolean member; <paramref name="fallback"/> when absent.</summary>
        public bool GetBoolean(string name, bool fallback)
        {
            object v = Get(name);
            if (v == null) return fallback;
            if (!(v is bool)) throw new JsonException(JsonError.InvalidValue, name, "member is not a boolean");
            return (bool)v;
        }

        public void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            for (int i = 0; i < _names.Count; i++)
            {
                var n = (string)_names[i];
                w.WritePropertyName(n);
                WriteValue(w, _map[n]);
            }
            w.WriteEndObject();
        }

        /// <summary>Compact JSON text.</summary>
        public string ToJson()
        {
            var w = new JsonWriter();
            WriteTo(w);
            return w.ToString();
        }

        public static JsonObject Parse(string json)
        {
            if (json == null) throw new ArgumentNullException("json");
            return Parse(Encoding.UTF8.GetBytes(json));
        }

        public static JsonObject Parse(byte[] utf8)
        {
            if (utf8 == null) throw new ArgumentNullException("utf8");
            return Parse(new MemoryStream(utf8));
        }

        /// <summary>Parses a complete document whose top-level value is an object.</summary>
        public static JsonObject Parse(Stream utf8)
        {
            var r = new JsonReader(utf8);
            if (!r.Read()) throw new JsonException(JsonError.Truncated, 0, "empty document");
            if (r.TokenType != JsonTokenType.StartObject)
                throw new JsonException(JsonError.InvalidValue, r.TokenPosition, "top-level value is not an object");
            var o = ReadObjectBody(r);
            r.ReadToEnd();
            return o;
        }

        /// <summary>Reads one value at the reader's current token (already read).</summary>
        public static object ReadValue(JsonReader r)
        {
            switch (r.TokenType)
            {
                case JsonTokenType.StartObject: return ReadObjectBody(r);
                case JsonTokenType.StartArray:
                    var a = new JsonArray();
                    while (true)
                    {
                        if (!r.Read()) throw new JsonException(JsonError.Truncated, r.Position, "document ends inside an array");
                        if (r.TokenType == JsonTokenType.EndArray) return a;
                        a.Add(ReadValue(r));
                    }
                case JsonTokenType.String: return r.GetString();
                case JsonTokenType.Number: return new JsonNumber(r.GetNumberText());
                case JsonTokenType.True: return true;
                case JsonTokenType.False: return false;
                case JsonTokenType.Null: return null;
                default: throw new JsonException(JsonError.WrongTokenType, r.TokenPosition, "not at a value");
            }
        }

        /// <summary>Reads the members of an object whose StartObject the reader is positioned at.</summary>
        public static JsonObject ReadObjectBody(JsonReader r)
        {
            if (r.TokenType != JsonTokenType.StartObject) throw new JsonException(JsonError.WrongTokenType, r.TokenPosition, "not at an object");
            var o = new JsonObject();
            while (true)
            {
                if (!r.Read()) throw new JsonException(JsonError.Truncated, r.Position, "document ends inside an object");
                if (r.TokenType == JsonTokenType.EndObject) return o;
                string name = r.GetPropertyName();
                long at = r.TokenPosition;
                if (o._map.Contains(name)) throw new JsonException(JsonError.DuplicateProperty, at, "member '" + name + "' appears twice");
                r.Read();
                o._names.Add(name);
                o._map[name] = ReadValue(r);
            }
        }

        internal static object CheckValue(object v)
        {
            if (v == null || v is string || v is bool || v is JsonNumber || v is JsonObject || v is JsonArray) return v;
            if (v is int) return new JsonNumber((long)(int)v);
            if (v is long) return new JsonNumber((long)v);
            if (v is byte[]) return Convert.ToBase64String((byte[])v);
            throw new ArgumentException("unsupported JSON value type");
        }

        internal static void WriteValue(JsonWriter w, object v)
        {
            if (v == null) w.WriteNull();
            else if (v is string) w.WriteString((string)v);
            else if (v is bool) w.WriteBoolean((bool)v);
            else if (v is JsonNumber) w.WriteRawNumber(((JsonNumber)v).Text);
            else if (v is JsonObject) ((JsonObject)v).WriteTo(w);
            else ((JsonArray)v).WriteTo(w);
        }
    }
}
