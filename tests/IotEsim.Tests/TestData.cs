using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using IotEsim.Tests.Messages;

namespace IotEsim.Tests
{
    /// <summary>Locates the repository and the shared golden captures (../shared/testdata beside the checkout).</summary>
    public static class TestData
    {
        private static string _root;

        /// <summary>The repository root (the folder holding IotEsim.sln).</summary>
        public static string RepoRoot
        {
            get
            {
                if (_root != null) return _root;
                // Recorded at build time (the build output may live outside the tree, e.g. with -p:ArtifactsPath).
                foreach (var a in typeof(TestData).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false))
                {
                    var m = (System.Reflection.AssemblyMetadataAttribute)a;
                    if (m.Key == "IotEsimRoot" && File.Exists(System.IO.Path.Combine(m.Value, "IotEsim.sln")))
                        return _root = System.IO.Path.GetFullPath(m.Value);
                }
                var d = new DirectoryInfo(AppContext.BaseDirectory);
                while (d != null && !File.Exists(System.IO.Path.Combine(d.FullName, "IotEsim.sln"))) d = d.Parent;
                if (d == null) throw new InvalidOperationException("IotEsim.sln not found above " + AppContext.BaseDirectory);
                return _root = d.FullName;
            }
        }

        /// <summary>../shared beside the repository (CI clones the repo with shared/ next to it).</summary>
        public static string SharedRoot { get { return System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared")); } }

        /// <summary>Absolute path of a file under ../shared/testdata.</summary>
        public static string Path(string relative) { return System.IO.Path.Combine(SharedRoot, "testdata", relative); }

        public static byte[] Bytes(string relative) { return File.ReadAllBytes(Path(relative)); }

        public static string Text(string relative) { return File.ReadAllText(Path(relative)); }

        /// <summary>A capture file's bytes as upper-case hex, the form the tests compare byte arrays in.</summary>
        public static string HexOf(string relative) { return IotEsim.Rsp.Util.Hex.Encode(Bytes(relative)); }

        /// <summary>
        /// A pretty-printed JSON capture without its formatting whitespace (outside strings): the bytes the
        /// sender actually put on the wire (lpac sends compact JSON; the files are indented for reading).
        /// </summary>
        public static string CompactJson(string relative) { return Compact(Text(relative)); }

        /// <summary>Removes JSON formatting whitespace outside string literals.</summary>
        public static string Compact(string json)
        {
            var sb = new StringBuilder(json.Length);
            bool inStr = false, esc = false;
            foreach (char c in json)
            {
                if (inStr)
                {
                    sb.Append(c);
                    if (esc) esc = false;
                    else if (c == '\\') esc = true;
                    else if (c == '"') inStr = false;
                    continue;
                }
                if (c == '"') { inStr = true; sb.Append(c); continue; }
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
                sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>A top-level string member of a JSON capture (read with System.Text.Json, independent of rsp/Json).</summary>
        public static string JsonString(string relative, string member)
        {
            using (var d = JsonDocument.Parse(Text(relative)))
                return d.RootElement.GetProperty(member).GetString();
        }

        /// <summary>A top-level base64 member of a JSON capture, decoded (the ES9+ TLV fields).</summary>
        public static byte[] JsonBase64(string relative, string member)
        {
            return Convert.FromBase64String(JsonString(relative, member));
        }

        /// <summary>The ES10 calls of an apdus.txt capture (see <see cref="Es10Capture"/>).</summary>
        public static List<Es10Exchange> Es10Exchanges(string relative) { return Es10Capture.Load(Path(relative)); }
    }
}
