using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Guard
{
    /// <summary>
    /// Runs the nanoFramework guard over the desktop builds of the portable parts. Each part may use
    /// only the packages its packages.config (beside its .nfproj) lists.
    /// </summary>
    [TestClass]
    public class NanoGuardTests
    {
        private static string ApiDir { get { return Path.Combine(TestData.SharedRoot, "nanoframework-api"); } }

        private static void AssertPortable(string assemblyPath, string partFolder)
        {
            Assert.IsTrue(File.Exists(assemblyPath), "assembly not built: " + assemblyPath);
            var config = Path.Combine(TestData.RepoRoot, partFolder, "packages.config");
            var guard = NanoGuard.ForPackagesConfig(config, ApiDir);
            var violations = guard.Check(assemblyPath);
            var text = string.Join(Environment.NewLine, violations.Select(v => v.ToString()));
            Console.WriteLine(violations.Count + " violation(s) in " + Path.GetFileName(assemblyPath));
            Console.WriteLine(text);
            Assert.AreEqual(0, violations.Count,
                violations.Count + " use(s) of API outside nanoFramework 1.x (" + string.Join(", ", NanoGuard.ReadPackageIds(config)) + "):" + Environment.NewLine + text);
        }

        private static string BesideTests(string file)
        {
            return Path.Combine(Path.GetDirectoryName(typeof(IotEsim.Rsp.Asn1.Tlv).Assembly.Location), file);
        }

        [TestMethod]
        public void RspIsPortable()
        {
            AssertPortable(typeof(IotEsim.Rsp.Asn1.Tlv).Assembly.Location, "rsp");
        }

        [TestMethod]
        public void EuiccIsPortable()
        {
            AssertPortable(typeof(IotEsim.Euicc.Card.IsdrApplet).Assembly.Location, "euicc-se");
        }

        [TestMethod]
        public void IpaIsPortable()
        {
            AssertPortable(BesideTests("IotEsim.Ipa.dll"), "ipa");
        }

        /// <summary>
        /// Every other portable part (a .csproj importing build/Portable.props, e.g. firmware/core)
        /// is guarded too when its desktop build sits in the same artifacts tree as these tests.
        /// </summary>
        [TestMethod]
        public void OtherPortablePartsArePortableWhenBuilt()
        {
            var testDir = Path.GetDirectoryName(typeof(IotEsim.Rsp.Asn1.Tlv).Assembly.Location);
            var binRoot = Path.GetFullPath(Path.Combine(testDir, "..", ".."));
            var config = Path.GetFileName(testDir);
            var all = new List<string>();
            var skipped = new List<string>();
            foreach (var csproj in Build.ProjectTree.Find(".csproj"))
            {
                var text = File.ReadAllText(Build.ProjectTree.Abs(csproj));
                if (!text.Contains("Portable.props")) continue;
                var dir = Path.GetDirectoryName(csproj);
                if (dir == "rsp" || dir == "euicc-se" || dir == "ipa") continue; // the tests above
                var asmName = System.Text.RegularExpressions.Regex.Match(text, "<AssemblyName>([^<]+)</AssemblyName>");
                var name = asmName.Success ? asmName.Groups[1].Value : Path.GetFileNameWithoutExtension(csproj);
                var dll = Path.Combine(testDir, name + ".dll");
                if (!File.Exists(dll)) dll = Path.Combine(binRoot, Path.GetFileNameWithoutExtension(csproj), config, name + ".dll");
                if (!File.Exists(dll)) { skipped.Add(csproj); continue; }
                var guard = NanoGuard.ForPackagesConfig(Path.Combine(TestData.RepoRoot, dir, "packages.config"), ApiDir);
                all.AddRange(guard.Check(dll).Select(v => v.ToString()));
            }
            if (skipped.Count > 0) Console.WriteLine("not built, not guarded: " + string.Join(", ", skipped));
            Assert.AreEqual(0, all.Count, string.Join(Environment.NewLine, all));
        }

        [TestMethod]
        public void GuardRejectsNonPortableFixture()
        {
            var guard = NanoGuard.ForPackagesConfig(Path.Combine(TestData.RepoRoot, "rsp", "packages.config"), ApiDir);
            var violations = guard.Check(BesideTests("GuardFixture.dll"));
            var text = string.Join(Environment.NewLine, violations.Select(v => v.ToString()));
            Console.WriteLine(text);
            Assert.IsTrue(violations.Count > 0, "the guard passed non-portable code");
            Func<string, bool> named = s => violations.Any(v => v.Subject.Contains(s) || v.Reason.Contains(s));
            Assert.IsTrue(named("System.Collections.Generic.List`1"), "List`1 not reported:\n" + text);
            Assert.IsTrue(named("DefaultInterpolatedStringHandler"), "interpolation not reported:\n" + text);
            Assert.IsTrue(named("System.ValueTuple`2"), "tuple not reported:\n" + text);
            Assert.IsTrue(named("AsyncStateMachineAttribute") && named("System.Threading.Tasks.Task`1"), "async not reported:\n" + text);
            Assert.IsTrue(named("System.ReadOnlySpan`1"), "span not reported:\n" + text);
            Assert.IsTrue(named("System.Nullable`1"), "Nullable not reported:\n" + text);
            Assert.IsTrue(named("multidimensional array System.Int32[,]"), "int[,] not reported:\n" + text);
            Assert.IsTrue(violations.Any(v => v.Reason.StartsWith("generic instantiation")), "generic instantiation not reported:\n" + text);
            // Violations name their users, so a report leads to the offending method.
            Assert.IsTrue(violations.Any(v => v.UsedBy.Contains("GuardFixture.NotPortable::SumList")), "users not tracked:\n" + text);
            // The allowed compiler-emitted assembly attributes never show up.
            Assert.IsFalse(named("CompilationRelaxationsAttribute") || named("RuntimeCompatibilityAttribute"), text);
        }

        [TestMethod]
        public void GuardNamesThePackageAMissingTypeWouldNeed()
        {
            // Hashtable lives in System.Collections: with CoreLibrary alone, the guard must point there.
            var only = ApiListing.Load(ApiDir, new[] { "nanoFramework.CoreLibrary" });
            var guard = new NanoGuard(only, ApiListing.LoadAll(ApiDir));
            var violations = guard.Check(typeof(IotEsim.Rsp.Asn1.Tlv).Assembly.Location);
            // Rsp may or may not use Hashtable today; the check is on the message format when it does.
            foreach (var v in violations.Where(v => v.Subject == "System.Collections.Hashtable"))
                Assert.AreEqual("type only in nanoFramework.System.Collections, which packages.config does not list", v.Reason);
            foreach (var v in violations)
                Assert.IsTrue(v.ToString().StartsWith("IotEsim.Rsp: ", StringComparison.Ordinal), v.ToString());
        }
    }
}
