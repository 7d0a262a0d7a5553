using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace IotEsim.Tests.Guard
{
    /// <summary>
    /// The nanoFramework 1.x API surface read from the listing files in ../shared/nanoframework-api
    /// (format in that folder's README). Members are indexed under the keys the guard builds from
    /// metadata: <c>M Type::Name(P1,P2) : Ret</c> for methods, constructors and accessors, and
    /// <c>F Type::Name : Type</c> for fields. P and E lines are expanded into their accessor methods
    /// (get_X/set_X, add_X/remove_X), because that is what compiled code references.
    /// </summary>
    public sealed class ApiListing
    {
        public sealed class TypeEntry
        {
            public string Name;
            public string Kind;
            /// <summary>Base class from the T line, or the implicit base for structs, enums and delegates; null for Object and interfaces.</summary>
            public string BaseType;
            public string Package;
        }

        private readonly Dictionary<string, TypeEntry> _types = new Dictionary<string, TypeEntry>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _members = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _interfaces = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly List<string> _packages = new List<string>();

        public IReadOnlyList<string> Packages { get { return _packages; } }
        public int TypeCount { get { return _types.Count; } }
        public int MemberCount { get { return _members.Count; } }

        /// <summary>Loads <c>&lt;id&gt;.txt</c> for each package id, plus their part of interfaces.txt.</summary>
        public static ApiListing Load(string apiDirectory, IEnumerable<string> packageIds)
        {
            var l = new ApiListing();
            foreach (var id in packageIds)
            {
                var path = Path.Combine(apiDirectory, id + ".txt");
                if (!File.Exists(path)) throw new FileNotFoundException("no API listing for package " + id, path);
                l.AddListing(id, File.ReadLines(path));
            }
            var ifaces = Path.Combine(apiDirectory, "interfaces.txt");
            if (File.Exists(ifaces)) l.AddInterfaces(File.ReadLines(ifaces));
            return l;
        }

        /// <summary>Every listing file in the folder (used to say where a missing type would come from).</summary>
        public static ApiListing LoadAll(string apiDirectory)
        {
            var ids = Directory.GetFiles(apiDirectory, "nanoFramework.*.txt")
                .Select(p => Path.GetFileNameWithoutExtension(p))
                .OrderBy(s => s, StringComparer.Ordinal);
            return Load(apiDirectory, ids);
        }

        /// <summary>Removes the <c>[opt]</c> and <c>[params]</c> markers: what is left is the metadata signature.</summary>
        public static string StripMarkers(string s)
        {
            return s.Replace("[opt]", "").Replace("[params]", "");
        }

        public static string MethodKey(string type, string name, string parameters, string returnType)
        {
            return "M " + type + "::" + name + "(" + parameters + ") : " + returnType;
        }

        public static string FieldKey(string type, string name, string fieldType)
        {
            return "F " + type + "::" + name + " : " + fieldType;
        }

        public void AddListing(string package, IEnumerable<string> lines)
        {
            if (!_packages.Contains(package)) _packages.Add(package);
            foreach (var raw in lines)
            {
                var line = raw.TrimEnd();
                if (line.Length < 3 || line[0] == '#') continue;
                if (line[1] != ' ') throw new FormatException("bad listing line: " + line);
                ParseLine(package, line[0], line.Substring(2));
            }
        }

        /// <summary>interfaces.txt: <c>I Type : Interface</c> lines under <c># package</c> headers; only loaded packages count.</summary>
        public void AddInterfaces(IEnumerable<string> lines)
        {
            bool on = false;
            foreach (var line in lines)
            {
                if (line.StartsWith("# ", StringComparison.Ordinal))
                {
                    var parts = line.Substring(2).Split(' ');
                    on = _packages.Contains(parts[0]);
                    continue;
                }
                if (!on || !line.StartsWith("I ", StringComparison.Ordinal)) continue;
                int sep = line.IndexOf(" : ", StringComparison.Ordinal);
                if (sep < 0) continue;
                var t = line.Substring(2, sep - 2);
                var i = line.Substring(sep + 3).Trim();
                if (!_interfaces.TryGetValue(t, out var list)) _interfaces[t] = list = new List<string>();
                if (!list.Contains(i)) list.Add(i);
            }
        }

        private void ParseLine(string package, char kind, string rest)
        {
            switch (kind)
            {
                case 'T':
                {
                    var parts = rest.Split(new[] { " : " }, StringSplitOptions.None);
                    if (parts.Length < 2) throw new FormatException("bad T line: " + rest);
                    var e = new TypeEntry { Name = parts[0].Trim(), Kind = parts[1].Trim(), Package = package };
                    if (parts.Length > 2) e.BaseType = parts[2].Trim();
                    else if (e.Kind == "struct") e.BaseType = "System.ValueType";
                    else if (e.Kind == "enum") e.BaseType = "System.Enum";
                    else if (e.Kind == "delegate") e.BaseType = "System.MulticastDelegate";
                    if (!_types.ContainsKey(e.Name)) _types[e.Name] = e;
                    break;
                }
                case 'C':
                case 'M':
                {
                    SplitMember(rest, out var type, out var after);
                    int open = after.IndexOf('(');
                    int close = after.IndexOf(')', open + 1);
                    if (open < 0 || close < 0) throw new FormatException("bad method line: " + rest);
                    var name = after.Substring(0, open);
                    var ps = StripMarkers(after.Substring(open + 1, close - open - 1));
                    string ret = "System.Void";
                    if (kind == 'M')
                    {
                        var tail = after.Substring(close + 1);
                        if (!tail.StartsWith(" : ", StringComparison.Ordinal)) throw new FormatException("bad method line: " + rest);
                        ret = FirstToken(tail.Substring(3));
                    }
                    AddMember(package, MethodKey(type, name, ps, ret), type, name);
                    break;
                }
                case 'P':
                {
                    SplitMember(rest, out var type, out var after);
                    int sep = after.IndexOf(" : ", StringComparison.Ordinal);
                    if (sep < 0) throw new FormatException("bad P line: " + rest);
                    var head = after.Substring(0, sep);
                    var tail = after.Substring(sep + 3).Split(' ');
                    var propType = tail[0];
                    string name = head, idx = "";
                    int br = head.IndexOf('[');
                    if (br >= 0)
                    {
                        name = head.Substring(0, br);
                        idx = StripMarkers(head.Substring(br + 1, head.Length - br - 2));
                    }
                    if (tail.Contains("get")) AddMember(package, MethodKey(type, "get_" + name, idx, propType), type, "get_" + name);
                    if (tail.Contains("set")) AddMember(package, MethodKey(type, "set_" + name, idx.Length == 0 ? propType : idx + "," + propType, "System.Void"), type, "set_" + name);
                    break;
                }
                case 'F':
                {
                    SplitMember(rest, out var type, out var after);
                    int sep = after.IndexOf(" : ", StringComparison.Ordinal);
                    if (sep < 0) throw new FormatException("bad F line: " + rest);
                    var name = after.Substring(0, sep);
                    AddMember(package, FieldKey(type, name, FirstToken(after.Substring(sep + 3))), type, name);
                    break;
                }
                case 'E':
                {
                    SplitMember(rest, out var type, out var after);
                    int sep = after.IndexOf(" : ", StringComparison.Ordinal);
                    if (sep < 0) throw new FormatException("bad E line: " + rest);
                    var name = after.Substring(0, sep);
                    var del = FirstToken(after.Substring(sep + 3));
                    AddMember(package, MethodKey(type, "add_" + name, del, "System.Void"), type, "add_" + name);
                    AddMember(package, MethodKey(type, "remove_" + name, del, "System.Void"), type, "remove_" + name);
                    break;
                }
                default:
                    throw new FormatException("unknown listing line kind '" + kind + "': " + rest);
            }
        }

        private static void SplitMember(string rest, out string type, out string after)
        {
            int c = rest.IndexOf("::", StringComparison.Ordinal);
            if (c < 0) throw new FormatException("member line without '::': " + rest);
            type = rest.Substring(0, c);
            after = rest.Substring(c + 2);
        }

        private static string FirstToken(string s)
        {
            int sp = s.IndexOf(' ');
            return sp < 0 ? s : s.Substring(0, sp);
        }

        private void AddMember(string package, string key, string type, string name)
        {
            if (!_members.ContainsKey(key)) _members[key] = package;
            var n = type + "::" + name;
            if (!_byName.TryGetValue(n, out var list)) _byName[n] = list = new List<string>();
            list.Add(key);
        }

        public bool HasType(string fullName) { return _types.ContainsKey(fullName); }

        public TypeEntry GetType(string fullName)
        {
            _types.TryGetValue(fullName, out var e);
            return e;
        }

        public bool HasMemberKey(string key) { return _members.ContainsKey(key); }

        /// <summary>
        /// True when <paramref name="type"/> or one of its base classes (T line base, implicit for
        /// value types) or, for interfaces, one of its listed interfaces declares the member.
        /// <paramref name="makeKey"/> builds the key for a given declaring type.
        /// </summary>
        public bool HasMember(string type, Func<string, string> makeKey)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            queue.Enqueue(type);
            while (queue.Count > 0)
            {
                var t = queue.Dequeue();
                if (t == null || !seen.Add(t)) continue;
                if (_members.ContainsKey(makeKey(t))) return true;
                var e = GetType(t);
                if (e != null && e.BaseType != null) queue.Enqueue(e.BaseType);
                if (_interfaces.TryGetValue(t, out var ifs)) foreach (var i in ifs) queue.Enqueue(i);
                // Interfaces have no T-line base, but their members can be called on an object reference.
                if (e != null && e.Kind == "interface") queue.Enqueue("System.Object");
            }
            return false;
        }

        /// <summary>The listed overloads of Type::Name (for hints in violation messages).</summary>
        public IReadOnlyList<string> Overloads(string type, string name)
        {
            return _byName.TryGetValue(type + "::" + name, out var l) ? l : (IReadOnlyList<string>)Array.Empty<string>();
        }
    }
}
