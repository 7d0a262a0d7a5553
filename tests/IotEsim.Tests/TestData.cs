using System;
using System.IO;

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
    }
}
