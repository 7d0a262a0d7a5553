using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Build
{
    /// <summary>
    /// Keeps the desktop and nanoFramework builds of each portable part in step: same sources,
    /// package references that match packages.config, one version per package, an API listing
    /// for every package, and solution files that list exactly the projects in the tree.
    /// </summary>
    [TestClass]
    public class ProjectDriftTests
    {
        /// <summary>The desktop project that builds the same shared sources as an .nfproj.</summary>
        private static string DesktopTwin(string nfprojRel, out bool sameName)
        {
            var sibling = Path.ChangeExtension(nfprojRel, ".csproj");
            sameName = File.Exists(ProjectTree.Abs(sibling));
            if (sameName) return sibling;
            // NFUnitTest.nfproj has no same-named twin: the desktop test host imports its projitems.
            var imports = ProjectTree.SharedImports(nfprojRel);
            return ProjectTree.Find(".csproj").FirstOrDefault(c => ProjectTree.TrySharedImports(c).Intersect(imports).Any());
        }

        [TestMethod]
        public void EachNfprojCompilesTheSameFilesAsItsDesktopTwin()
        {
            var problems = new List<string>();
            var nfprojs = ProjectTree.Find(".nfproj");
            Assert.IsTrue(nfprojs.Count > 0, "no .nfproj found under " + TestData.RepoRoot);
            foreach (var nf in nfprojs)
            {
                var twin = DesktopTwin(nf, out var sameName);
                if (twin == null) twin = "(no desktop project)";
                var nfSet = ProjectTree.Sources(nf, false);
                SortedSet<string> deskSet;
                if (sameName)
                {
                    deskSet = ProjectTree.Sources(twin, ProjectTree.UsesDefaultGlob(twin));
                }
                else
                {
                    // No same-named twin: NFUnitTest (the desktop test host imports its projitems) or a
                    // device-only program (firmware, board) that adds its own device-only projitems.
                    // Compare the shared projects that a desktop project also builds; the .nfproj must
                    // not compile sources of its own outside them.
                    var shared = ProjectTree.SharedImports(nf).Where(pi => ProjectTree.Find(".csproj").Any(c => ProjectTree.TrySharedImports(c).Contains(pi))).ToList();
                    deskSet = new SortedSet<string>(StringComparer.Ordinal);
                    nfSet = ProjectTree.CompileItems(nf);
                    foreach (var pi in shared)
                    {
                        deskSet.UnionWith(ProjectTree.CompileItems(pi));
                        nfSet.UnionWith(ProjectTree.CompileItems(pi));
                    }
                    var deviceOnly = ProjectTree.SharedImports(nf).Except(shared).ToList();
                    if (deviceOnly.Count > 0) Console.WriteLine(nf + ": device-only shared projects " + string.Join(", ", deviceOnly));
                }
                foreach (var f in nfSet.Except(deskSet)) problems.Add(nf + " compiles " + f + " but " + twin + " does not");
                foreach (var f in deskSet.Except(nfSet)) problems.Add(twin + " compiles " + f + " but " + nf + " does not");
                if (nfSet.Count == 0 && ProjectTree.SharedImports(nf).Count == 0) problems.Add(nf + ": imports no shared project");
            }
            Assert.AreEqual(0, problems.Count, string.Join(Environment.NewLine, problems));
        }

        private static readonly Regex HintPath = new Regex(@"^((?:\.\.\\)+)packages\\(?<pkg>[^\\]+?)\.(?<ver>\d+(?:\.\d+){2,3})\\lib\\[^\\]+\.dll$");

        [TestMethod]
        public void NfprojReferencesMatchPackagesConfig()
        {
            var problems = new List<string>();
            foreach (var nf in ProjectTree.Find(".nfproj"))
            {
                var config = Path.Combine(Path.GetDirectoryName(nf), "packages.config").Replace('\\', '/');
                if (!File.Exists(ProjectTree.Abs(config))) { problems.Add(nf + ": no packages.config beside it"); continue; }
                var packages = ProjectTree.Packages(config);
                var refs = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var hp in ProjectTree.HintPaths(nf))
                {
                    var m = HintPath.Match(hp);
                    if (!m.Success) { problems.Add(nf + ": HintPath " + hp + " is not ..\\packages\\<id>.<version>\\lib\\<asm>.dll"); continue; }
                    var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ProjectTree.Abs(nf)), m.Groups[1].Value.Replace('\\', '/')));
                    if (root.TrimEnd('/', '\\') != TestData.RepoRoot.TrimEnd('/', '\\'))
                        problems.Add(nf + ": HintPath " + hp + " does not lead to the repository's packages folder");
                    refs[m.Groups["pkg"].Value] = m.Groups["ver"].Value;
                }
                foreach (var (id, ver) in packages)
                {
                    if (!refs.TryGetValue(id, out var rv)) problems.Add(nf + ": packages.config has " + id + " " + ver + " but no Reference HintPath for it");
                    else if (rv != ver) problems.Add(nf + ": " + id + " is " + ver + " in packages.config but " + rv + " in the HintPath");
                }
                foreach (var id in refs.Keys.Except(packages.Select(p => p.Id)))
                    problems.Add(nf + ": references " + id + " " + refs[id] + " which packages.config does not list");
            }
            Assert.AreEqual(0, problems.Count, string.Join(Environment.NewLine, problems));
        }

        [TestMethod]
        public void EachPackageHasOneVersionAcrossTheTree()
        {
            var seen = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var cfg in ProjectTree.Find(".config").Where(p => Path.GetFileName(p) == "packages.config"))
                foreach (var (id, ver) in ProjectTree.Packages(cfg))
                {
                    if (!seen.TryGetValue(id, out var l)) seen[id] = l = new List<string>();
                    l.Add(ver + " (" + cfg + ")");
                }
            var problems = seen.Where(kv => kv.Value.Select(v => v.Split(' ')[0]).Distinct().Count() > 1)
                .Select(kv => kv.Key + ": " + string.Join(", ", kv.Value)).ToList();
            Assert.AreEqual(0, problems.Count, string.Join(Environment.NewLine, problems));
        }

        [TestMethod]
        public void EachPackageHasAnApiListing()
        {
            var api = Path.Combine(TestData.SharedRoot, "nanoframework-api");
            var missing = ProjectTree.Find(".config").Where(p => Path.GetFileName(p) == "packages.config")
                .SelectMany(cfg => ProjectTree.Packages(cfg).Select(p => (cfg, p.Id)))
                .Where(x => !File.Exists(Path.Combine(api, x.Id + ".txt")))
                .Select(x => x.cfg + ": " + x.Id + " has no listing in " + api).ToList();
            Assert.AreEqual(0, missing.Count, string.Join(Environment.NewLine, missing));
        }

        private static readonly Regex SlnProject = new Regex("^Project\\(\"\\{(?<kind>[0-9A-F-]+)\\}\"\\) = \"[^\"]*\", \"(?<path>[^\"]+)\"", RegexOptions.Multiline);
        private const string SolutionFolderKind = "2150E333-8FDC-42A3-9474-1A3956D46DE8";

        [TestMethod]
        public void SolutionListsExactlyTheProjectsInTheTree()
        {
            var text = File.ReadAllText(Path.Combine(TestData.RepoRoot, "IotEsim.sln"));
            var inSln = SlnProject.Matches(text).Cast<Match>()
                .Where(m => !m.Groups["kind"].Value.Equals(SolutionFolderKind, StringComparison.OrdinalIgnoreCase))
                .Select(m => m.Groups["path"].Value.Replace('\\', '/')).ToList();
            var inTree = ProjectTree.Find(".csproj").Concat(ProjectTree.Find(".nfproj")).Concat(ProjectTree.Find(".shproj")).ToList();
            var problems = inTree.Except(inSln).Select(p => "IotEsim.sln lacks " + p)
                .Concat(inSln.Except(inTree).Select(p => "IotEsim.sln lists " + p + " which is not in the tree"))
                .Concat(inSln.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => "IotEsim.sln lists " + g.Key + " twice")).ToList();
            Assert.AreEqual(0, problems.Count, "run python3 build/sync-solution.py" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        [TestMethod]
        public void DesktopFilterListsExactlyTheCsprojs()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "IotEsim.Desktop.slnf")));
            var sol = doc.RootElement.GetProperty("solution");
            Assert.AreEqual("IotEsim.sln", sol.GetProperty("path").GetString());
            var listed = sol.GetProperty("projects").EnumerateArray().Select(e => e.GetString().Replace('\\', '/')).ToList();
            var inTree = ProjectTree.Find(".csproj");
            var problems = inTree.Except(listed).Select(p => "IotEsim.Desktop.slnf lacks " + p)
                .Concat(listed.Except(inTree).Select(p => "IotEsim.Desktop.slnf lists " + p + " which is not a .csproj in the tree")).ToList();
            Assert.AreEqual(0, problems.Count, "run python3 build/sync-solution.py" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        [TestMethod]
        public void GlobMatchesLikeMsbuild()
        {
            Assert.IsTrue(ProjectTree.GlobRegex("/r/**/*.cs").IsMatch("/r/a.cs"));
            Assert.IsTrue(ProjectTree.GlobRegex("/r/**/*.cs").IsMatch("/r/x/y/a.cs"));
            Assert.IsFalse(ProjectTree.GlobRegex("/r/*.cs").IsMatch("/r/x/a.cs"));
            Assert.IsTrue(ProjectTree.GlobRegex("/r/desktop/**").IsMatch("/r/desktop/Storage/FileStore.cs"));
            Assert.IsFalse(ProjectTree.GlobRegex("/r/desktop/**").IsMatch("/r/desktopish/a.cs"));
            Assert.IsFalse(ProjectTree.GlobRegex("/r/**/*.cs").IsMatch("/r/a.csx"));
        }

        [TestMethod]
        public void RspSharedProjectLeavesDesktopFolderOut()
        {
            var files = ProjectTree.CompileItems("rsp/IotEsim.Rsp.projitems");
            Assert.IsTrue(files.Contains("rsp/Asn1/TlvReader.cs"), string.Join(", ", files));
            Assert.IsFalse(files.Any(f => f.StartsWith("rsp/desktop/", StringComparison.Ordinal)), string.Join(", ", files));
        }
    }
}
