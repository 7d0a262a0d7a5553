using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Guard
{
    [TestClass]
    public class ListingParserTests
    {
        private static ApiListing Parse(params string[] lines)
        {
            var l = new ApiListing();
            l.AddListing("nanoFramework.Test", new[] { "# nanoFramework.Test 1.0.0 (source: x@y)" }.Concat(lines));
            return l;
        }

        [TestMethod]
        public void ParsesTypesWithBasesAndImplicitBases()
        {
            var l = Parse("T System.Foo : class : System.Object", "T System.Foo+Inner : struct", "T System.E : enum",
                "T System.D : delegate", "T System.I : interface");
            Assert.AreEqual("System.Object", l.GetType("System.Foo").BaseType);
            Assert.AreEqual("System.ValueType", l.GetType("System.Foo+Inner").BaseType);
            Assert.AreEqual("System.Enum", l.GetType("System.E").BaseType);
            Assert.AreEqual("System.MulticastDelegate", l.GetType("System.D").BaseType);
            Assert.IsNull(l.GetType("System.I").BaseType);
            Assert.AreEqual("nanoFramework.Test", l.GetType("System.Foo").Package);
        }

        [TestMethod]
        public void StripsOptAndParamsMarkers()
        {
            var l = Parse("C System.IO.StreamReader::.ctor(System.IO.Stream,[opt]System.Boolean)",
                "M System.String::Format(System.String,[params]System.Object[]) : System.String static");
            Assert.IsTrue(l.HasMemberKey(ApiListing.MethodKey("System.IO.StreamReader", ".ctor", "System.IO.Stream,System.Boolean", "System.Void")));
            Assert.IsTrue(l.HasMemberKey(ApiListing.MethodKey("System.String", "Format", "System.String,System.Object[]", "System.String")));
            Assert.AreEqual("A,B[]", ApiListing.StripMarkers("[opt]A,[params]B[]"));
        }

        [TestMethod]
        public void ExpandsPropertiesIndexersAndEventsToAccessors()
        {
            var l = Parse("P System.Collections.Hashtable::Item[System.Object] : System.Object get set",
                "P System.Foo::Count : System.Int32 get",
                "P System.Foo::Now : System.Int64 get set static",
                "E System.Foo::Changed : System.EventHandler");
            Assert.IsTrue(l.HasMemberKey(ApiListing.MethodKey("System.Collections.Hashtable", "get_Item", "System.Object", "System.Object")));
            Assert.IsTrue(l.HasMemberKey(ApiListing.MethodKey("System.Collections.Hashtable", "set_Item", "System.Object,System.Object", "System.Void")));
            Assert.IsTrue(l.HasMemberKey(ApiListing.MethodKey("System.Foo", "get_Count", "", "System.Int32")));
            Assert.IsFalse(l.HasMemberKey(ApiListing.MethodKey("System.Foo", "set_Count", "System.Int32", "System.Void")));
            Assert.IsTrue(l.HasMemberKey(ApiListing.MethodKey("System.Foo", "set_Now", "System.Int64", "System.Void")));
            Assert.IsTrue(l.HasMemberKey(ApiListing.MethodKey("System.Foo", "add_Changed", "System.EventHandler", "System.Void")));
            Assert.IsTrue(l.HasMemberKey(ApiListing.MethodKey("System.Foo", "remove_Changed", "System.EventHandler", "System.Void")));
        }

        [TestMethod]
        public void ParsesFieldsOperatorsAndByRef()
        {
            var l = Parse("F System.Int32::MaxValue : System.Int32 static const",
                "M System.String::op_Equality(System.String,System.String) : System.Boolean static",
                "M System.Int32::TryParse(System.String,System.Int32&) : System.Boolean static");
            Assert.IsTrue(l.HasMemberKey(ApiListing.FieldKey("System.Int32", "MaxValue", "System.Int32")));
            Assert.IsTrue(l.HasMemberKey(ApiListing.MethodKey("System.String", "op_Equality", "System.String,System.String", "System.Boolean")));
            Assert.IsTrue(l.HasMemberKey(ApiListing.MethodKey("System.Int32", "TryParse", "System.String,System.Int32&", "System.Boolean")));
        }

        [TestMethod]
        public void FindsMembersThroughBaseClassesAndInterfaces()
        {
            var l = Parse("T System.Object : class", "M System.Object::ToString() : System.String",
                "T System.Exception : class : System.Object", "T System.MyEx : class : System.Exception",
                "T System.IDisposable : interface", "M System.IDisposable::Dispose() : System.Void",
                "T System.IO.Stream : class : System.Object");
            l.AddInterfaces(new[] { "# nanoFramework.Test 1.0.0", "I System.IO.Stream : System.IDisposable", "# other 1.0", "I System.Object : System.IFoo" });
            Assert.IsTrue(l.HasMember("System.MyEx", t => ApiListing.MethodKey(t, "ToString", "", "System.String")));
            Assert.IsTrue(l.HasMember("System.IO.Stream", t => ApiListing.MethodKey(t, "Dispose", "", "System.Void")));
            Assert.IsFalse(l.HasMember("System.MyEx", t => ApiListing.MethodKey(t, "ToString", "System.String", "System.String")));
        }

        [TestMethod]
        public void RejectsMalformedLines()
        {
            Assert.ThrowsException(typeof(FormatException), () => Parse("X System.Foo"));
            Assert.ThrowsException(typeof(FormatException), () => Parse("M System.Foo::Bar"));
        }

        [TestMethod]
        public void LoadsEveryRealListing()
        {
            var dir = Path.Combine(TestData.SharedRoot, "nanoframework-api");
            var all = ApiListing.LoadAll(dir);
            Assert.IsTrue(all.HasType("System.Collections.Hashtable"));
            Assert.IsTrue(all.HasMemberKey(ApiListing.MethodKey("System.Collections.Hashtable", "get_Item", "System.Object", "System.Object")));
            Assert.IsTrue(all.HasMemberKey(ApiListing.MethodKey("System.String", "Concat", "System.String,System.String", "System.String")));
            Assert.IsTrue(all.HasType("System.Diagnostics.DebuggableAttribute+DebuggingModes"));
            Assert.IsTrue(all.HasMember("System.Collections.ArrayList", t => ApiListing.MethodKey(t, "GetHashCode", "", "System.Int32")));
        }
    }

    /// <summary>The signature formatter against signatures this test assembly itself compiles.</summary>
    [TestClass]
    public class SignatureFormatterTests
    {
        public struct Inner { public int X; }

#pragma warning disable IDE0060, CS0649
        public static int Sample(ref int a, byte[] b, int[,] c, string s, out long d, Inner e, object[][] f, char g) { d = 0; return 0; }
        public static unsafe void Pointers(int* p) { }
        public static System.Collections.Generic.List<string> Generic() { return null; }
#pragma warning restore IDE0060, CS0649

        private static (MetadataReader md, PEReader pe) Open()
        {
            var pe = new PEReader(File.OpenRead(typeof(SignatureFormatterTests).Assembly.Location));
            return (pe.GetMetadataReader(), pe);
        }

        private static string Decode(string method, ListingTypeNameProvider p)
        {
            var (md, pe) = Open();
            using (pe)
            {
                foreach (var h in md.MethodDefinitions)
                {
                    var m = md.GetMethodDefinition(h);
                    if (md.GetString(m.Name) != method) continue;
                    var t = ListingTypeNameProvider.TypeDefinitionName(md, m.GetDeclaringType());
                    if (t != typeof(SignatureFormatterTests).FullName) continue;
                    return ListingTypeNameProvider.FormatMethod(method, m.DecodeSignature(p, null));
                }
            }
            throw new InvalidOperationException(method + " not found");
        }

        [TestMethod]
        public void FormatsLikeTheListing()
        {
            var p = new ListingTypeNameProvider();
            Assert.AreEqual("Sample(System.Int32&,System.Byte[],System.Int32[,],System.String,System.Int64&,IotEsim.Tests.Guard.SignatureFormatterTests+Inner,System.Object[][],System.Char) : System.Int32",
                Decode("Sample", p));
            Assert.IsTrue(p.Problems.Contains("multidimensional array System.Int32[,]"), string.Join("|", p.Problems));
            Assert.AreEqual(1, p.Problems.Count, string.Join("|", p.Problems));
        }

        [TestMethod]
        public void FlagsPointersAndGenerics()
        {
            var p = new ListingTypeNameProvider();
            Assert.AreEqual("Pointers(System.Int32*) : System.Void", Decode("Pointers", p));
            Assert.AreEqual("pointer System.Int32*", p.Problems.Single());
            p.Problems.Clear();
            Assert.AreEqual("Generic() : System.Collections.Generic.List`1<System.String>", Decode("Generic", p));
            Assert.AreEqual("generic instantiation System.Collections.Generic.List`1<System.String>", p.Problems.Single());
        }

        [TestMethod]
        public void NamesNestedTypeReferencesWithPlus()
        {
            // DebuggableAttribute+DebuggingModes is referenced by every assembly built in Debug.
            var (md, pe) = Open();
            using (pe)
            {
                var names = md.TypeReferences.Select(h => ListingTypeNameProvider.TypeReferenceName(md, h)).ToList();
                Assert.IsTrue(names.Any(n => n.Contains("+")), string.Join(", ", names.Take(20)));
                Assert.IsTrue(names.All(n => !n.Contains("/")));
            }
        }
    }
}
