using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace IotEsim.Tests.Build
{
    /// <summary>
    /// Just enough MSBuild evaluation for the drift tests: walks the tree like
    /// build/sync-solution.py, follows shared-project imports and expands Compile globs.
    /// </summary>
    public static class ProjectTree
    {
        private static readonly HashSet<string> Skip = new HashSet<string>(StringComparer.Ordinal) { "artifacts", ".git", "bin", "obj", "node_modules" };

        /// <summary>Repository-relative paths ('/' separated) of files with the extension, skipping what sync-solution.py skips.</summary>
        public static List<string> Find(string extension)
        {
            var found = new List<string>();
            Walk(TestData.RepoRoot, extension, found);
            found.Sort(StringComparer.Ordinal);
            return found;
        }

        private static void Walk(string dir, string ext, List<string> found)
        {
            foreach (var f in Directory.GetFiles(dir))
                if (string.Equals(Path.GetExtension(f), ext, StringComparison.Ordinal)) found.Add(Rel(f));
            foreach (var d in Directory.GetDirectories(dir))
            {
                var n = Path.GetFileName(d);
                if (Skip.Contains(n) || n.StartsWith(".", StringComparison.Ordinal)) continue;
                Walk(d, ext, found);
            }
        }

        public static string Rel(string full)
        {
            return Path.GetRelativePath(TestData.RepoRoot, full).Replace('\\', '/');
        }

        public static string Abs(string rel) { return Path.GetFullPath(Path.Combine(TestData.RepoRoot, rel)); }

        private static string Local(string msbuildPath) { return msbuildPath.Replace('\\', '/'); }

        public static XDocument Load(string rel) { return XDocument.Load(Abs(rel)); }

        private static IEnumerable<XElement> Elements(XDocument doc, string name)
        {
            return doc.Descendants().Where(e => e.Name.LocalName == name);
        }

        /// <summary>The .projitems files a project imports (repo-relative).</summary>
        public static List<string> SharedImports(string projectRel)
        {
            var dir = Path.GetDirectoryName(Abs(projectRel));
            return Elements(Load(projectRel), "Import")
                .Select(e => (string)e.Attribute("Project"))
                .Where(p => p != null && p.EndsWith(".projitems", StringComparison.OrdinalIgnoreCase))
                .Select(p => Rel(Path.GetFullPath(Path.Combine(dir, Local(p)))))
                .ToList();
        }

        /// <summary>Like <see cref="SharedImports"/>, but a project that is not well-formed XML (being edited) imports nothing.</summary>
        public static List<string> TrySharedImports(string projectRel)
        {
            try { return SharedImports(projectRel); }
            catch (System.Xml.XmlException) { return new List<string>(); }
        }

        /// <summary>Repo-relative .cs files the Compile items of one project file (not its imports) select.</summary>
        public static SortedSet<string> CompileItems(string fileRel)
        {
            var full = Abs(fileRel);
            var dir = Path.GetDirectoryName(full) + "/";
            var set = new SortedSet<string>(StringComparer.Ordinal);
            var removed = new List<string>();
            foreach (var c in Elements(Load(fileRel), "Compile"))
            {
                var inc = (string)c.Attribute("Include");
                var exc = (string)c.Attribute("Exclude");
                var rem = (string)c.Attribute("Remove");
                if (rem != null) removed.AddRange(Split(rem, dir));
                if (inc == null) continue;
                var excludes = exc == null ? new List<string>() : Split(exc, dir);
                foreach (var pattern in Split(inc, dir))
                    foreach (var f in Glob(pattern))
                        if (!excludes.Any(x => Matches(x, f))) set.Add(Rel(f));
            }
            set.RemoveWhere(f => removed.Any(r => Matches(r, Abs(f))));
            return set;
        }

        private static List<string> Split(string spec, string dir)
        {
            return spec.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0)
                .Select(s => Local(s.Replace("$(MSBuildThisFileDirectory)", dir).Replace("$(MSBuildProjectDirectory)", dir.TrimEnd('/'))))
                .Select(s => Path.IsPathRooted(s) ? s : dir + s)
                .Select(s => s.Replace("//", "/"))
                .ToList();
        }

        /// <summary>MSBuild-style glob: ** spans directories, * and ? stay within one name.</summary>
        public static Regex GlobRegex(string pattern)
        {
            var rx = "^";
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/') { i++; rx += "(?:.*/)?"; }
                    else rx += ".*";
                }
                else if (c == '*') rx += "[^/]*";
                else if (c == '?') rx += "[^/]";
                else rx += Regex.Escape(c.ToString());
            }
            return new Regex(rx + "$");
        }

        public static bool Matches(string pattern, string fullPath)
        {
            return GlobRegex(Path.GetFullPath(pattern).Replace('\\', '/')).IsMatch(Path.GetFullPath(fullPath).Replace('\\', '/'));
        }

        private static IEnumerable<string> Glob(string pattern)
        {
            int wild = pattern.IndexOfAny(new[] { '*', '?' });
            if (wild < 0) return File.Exists(pattern) ? new[] { Path.GetFullPath(pattern) } : new string[0];
            var root = pattern.Substring(0, pattern.LastIndexOf('/', wild) + 1);
            if (!Directory.Exists(root)) return new string[0];
            return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetFullPath(f).Replace('\\', '/'))
                .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
                .Where(f => Matches(pattern, f));
        }

        /// <summary>
        /// Sources a project compiles: its own Compile items, its imported .projitems and, for SDK
        /// projects that keep default items on, every .cs below the project folder.
        /// </summary>
        public static SortedSet<string> Sources(string projectRel, bool includeDefaultGlob)
        {
            var set = CompileItems(projectRel);
            foreach (var pi in SharedImports(projectRel)) set.UnionWith(CompileItems(pi));
            if (includeDefaultGlob)
            {
                var dir = Path.GetDirectoryName(Abs(projectRel)).Replace('\\', '/') + "/";
                foreach (var f in Glob(dir + "**/*.cs")) set.Add(Rel(f));
            }
            return set;
        }

        /// <summary>True when an SDK project globs its folder (Portable.props and EnableDefaultCompileItems=false turn it off).</summary>
        public static bool UsesDefaultGlob(string csprojRel)
        {
            var doc = Load(csprojRel);
            if (Elements(doc, "EnableDefaultCompileItems").Any(e => e.Value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase))) return false;
            if (Elements(doc, "Import").Any(e => ((string)e.Attribute("Project") ?? "").EndsWith("Portable.props", StringComparison.OrdinalIgnoreCase))) return false;
            return true;
        }

        public static List<(string Id, string Version)> Packages(string packagesConfigRel)
        {
            return Load(packagesConfigRel).Root.Elements("package")
                .Select(e => ((string)e.Attribute("id"), (string)e.Attribute("version"))).ToList();
        }

        public static List<string> HintPaths(string nfprojRel)
        {
            return Elements(Load(nfprojRel), "HintPath").Select(e => e.Value.Trim()).ToList();
        }
    }
}
