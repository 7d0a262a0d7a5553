using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Text;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Bsp;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Provisioning;
using IotEsim.Rsp.X509;
using IotEsim.Tests.Ipa;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Reliability
{
    /// <summary>
    /// Mutational fuzzing of every parser over the captured inputs in ../shared/testdata: only the typed
    /// exceptions may escape. Seeds are fixed, so a failure names the seed, mutation index and input hex to
    /// replay. Bounded counts (a few seconds each); IOTESIM_SOAK=1 runs 50x more.
    /// </summary>
    [TestClass]
    public class ParserFuzzTests
    {
        private static readonly Type[] Typed =
        {
            typeof(DerException), typeof(JsonException), typeof(Base64Exception), typeof(ActivationCodeException),
            typeof(CryptoException), typeof(BspException),
        };

        public TestContext TestContext { get; set; }

        private delegate void Target(byte[] input);

        internal static bool IsTyped(Exception e)
        {
            foreach (var t in Typed) if (t.IsInstanceOfType(e)) return true;
            return false;
        }

        /// <summary>Runs <paramref name="count"/> mutations of each seed through the target; returns inputs tried.</summary>
        private static long Fuzz(string name, Target target, List<byte[]> seeds, int count, int seed, List<string> escapes)
        {
            long tried = 0;
            for (int s = 0; s < seeds.Count; s++)
            {
                var m = new Mutator(seed * 7919 + s);
                int[] lens = Mutator.LengthOffsets(seeds[s]);
                for (int i = 0; i < count; i++)
                {
                    byte[] input = m.Mutate(seeds[s], lens);
                    tried++;
                    try { target(input); }
                    catch (Exception e)
                    {
                        if (e is TargetInvocationException && e.InnerException != null) e = e.InnerException;
                        if (!IsTyped(e) && escapes.Count < 20)
                            escapes.Add(name + " seed#" + s + " mutation#" + i + ": " + e.GetType().Name + ": " + e.Message
                                + " input=" + Hex(input, 160) + " at " + FirstFrame(e));
                    }
                }
            }
            return tried;
        }

        private static string FirstFrame(Exception e)
        {
            var st = e.StackTrace ?? "";
            int nl = st.IndexOf('\n');
            return (nl > 0 ? st.Substring(0, nl) : st).Trim();
        }

        private static string Hex(byte[] b, int max)
        {
            var s = Convert.ToHexString(b, 0, Math.Min(b.Length, max));
            return b.Length > max ? s + "...(" + b.Length + " bytes)" : s;
        }

        private void Report(string what, long tried, Stopwatch sw, List<string> escapes)
        {
            string line = what + ": " + tried + " inputs tried in " + sw.Elapsed.TotalSeconds.ToString("0.0") + " s, " + escapes.Count + " untyped exceptions";
            Console.WriteLine(line);
            foreach (var e in escapes) Console.WriteLine("  " + e);
            Assert.AreEqual(0, escapes.Count, line + "\n" + string.Join("\n", escapes));
        }

        // ---- seeds ----

        internal static List<byte[]> DerSeeds()
        {
            var list = new List<byte[]>();
            foreach (var f in Directory.GetFiles(TestData.Path(""), "*.der", SearchOption.AllDirectories))
            {
                var b = File.ReadAllBytes(f);
                if (b.Length <= 20000) list.Add(b);
            }
            list.Add(File.ReadAllBytes(TestData.Path("esipa-v1.0/add-initial-eim/sample_eim_cfg.ber")));
            foreach (var cap in new[] { "es9plus-download/apdus.txt", "esipa-v1.0/download/apdus.txt", "esipa-v1.0/add-initial-eim/apdus.txt" })
            {
                if (!File.Exists(TestData.Path(cap))) continue;
                foreach (var ex in ApduCapture.Load(cap).Es10Exchanges())
                {
                    if (ex.Request.Length > 0 && ex.Request.Length <= 4096) list.Add(ex.Request);
                    if (ex.Response.Length > 0 && ex.Response.Length <= 4096) list.Add(ex.Response);
                }
            }
            return Dedup(list);
        }

        private static List<byte[]> Dedup(List<byte[]> list)
        {
            var seen = new HashSet<string>();
            var r = new List<byte[]>();
            foreach (var b in list) if (seen.Add(Convert.ToHexString(b))) r.Add(b);
            return r;
        }

        internal static List<byte[]> JsonSeeds()
        {
            var list = new List<byte[]>();
            foreach (var f in Directory.GetFiles(TestData.Path(""), "*.json", SearchOption.AllDirectories))
            {
                if (f.EndsWith("index.json") || f.Contains("pysim-unittest")) continue;
                list.Add(File.ReadAllBytes(f));
            }
            return list;
        }

        private static List<byte[]> CertSeeds()
        {
            var list = new List<byte[]>();
            foreach (var f in Directory.GetFiles(TestData.Path("es9plus-download/certs"), "CERT_*.der")) list.Add(File.ReadAllBytes(f));
            list.Add(TestData.Bytes("esipa-v1.0/eim_cert_nist.der"));
            return list;
        }

        // ---- decoder discovery ----

        private sealed class Decoder
        {
            public string Name;
            public MethodInfo Method;
        }

        /// <summary>Public static Decode*/Parse methods of rsp/Messages and rsp/Esipa taking byte[] or Tlv first.</summary>
        private static List<Decoder> DerDecoders()
        {
            var list = new List<Decoder>();
            foreach (var t in typeof(TlvReader).Assembly.GetTypes())
            {
                if (!t.IsPublic || t.Namespace == null) continue;
                if (!t.Namespace.StartsWith("IotEsim.Rsp.Messages") && !t.Namespace.StartsWith("IotEsim.Rsp.Esipa")) continue;
                foreach (var m in t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    if (!m.Name.StartsWith("Decode") && m.Name != "Parse") continue;
                    var ps = m.GetParameters();
                    if (ps.Length == 0 || (ps[0].ParameterType != typeof(byte[]) && ps[0].ParameterType != typeof(Tlv))) continue;
                    bool ok = true;
                    for (int i = 1; i < ps.Length; i++)
                    {
                        var pt = ps[i].ParameterType.IsByRef ? ps[i].ParameterType.GetElementType() : ps[i].ParameterType;
                        if (pt != typeof(int) && pt != typeof(bool) && pt != typeof(Sgp32Version)) ok = false;
                    }
                    if (ok) list.Add(new Decoder { Name = t.Name + "." + m.Name + "(" + ps[0].ParameterType.Name + ")", Method = m });
                }
            }
            return list;
        }

        private static object[] Args(MethodInfo m, byte[] input, int tag)
        {
            var ps = m.GetParameters();
            var a = new object[ps.Length];
            a[0] = ps[0].ParameterType == typeof(Tlv) ? (object)TlvReader.ParseAndValidate(input) : input;
            for (int i = 1; i < ps.Length; i++)
            {
                var pt = ps[i].ParameterType.IsByRef ? ps[i].ParameterType.GetElementType() : ps[i].ParameterType;
                if (pt == typeof(int)) a[i] = tag;
                else if (pt == typeof(bool)) a[i] = false;
                else a[i] = Sgp32Version.V1_2;
            }
            return a;
        }

        private static int OuterTag(byte[] seed)
        {
            try { return TlvReader.ParseAndValidate(seed).Tag; } catch (DerException) { return 0; }
        }

        // ---- tests ----

        [TestMethod]
        public void DerReaderAndStreamWalkerRejectMutationsWithDerExceptionOnly()
        {
            var seeds = DerSeeds();
            var escapes = new List<string>();
            var sw = Stopwatch.StartNew();
            long tried = Fuzz("TlvReader.ParseAndValidate", b => TlvReader.ParseAndValidate(b), seeds, 150 * Mutator.SoakFactor, 1, escapes);
            tried += Fuzz("TlvStreamReader walk", StreamWalk, seeds, 150 * Mutator.SoakFactor, 2, escapes);
            Report("DER reader + stream walker over " + seeds.Count + " seeds", tried, sw, escapes);
        }

        /// <summary>Descends into every constructed element and reads every primitive value, streaming.</summary>
        private static void StreamWalk(byte[] input)
        {
            var r = new TlvStreamReader(new MemoryStream(input, false));
            var ends = new Stack<long>();
            var buf = new byte[64];
            while (true)
            {
                while (ends.Count > 0 && r.Position >= ends.Peek()) ends.Pop();
                if (!r.ReadHeader()) break;
                if ((r.HeaderBytes()[0] & 0x20) != 0) { ends.Push(r.Position + r.Length); continue; }
                if (r.Length > 4096) r.SkipValue();
                else r.ReadValueBytes(4096);
            }
        }

        [TestMethod]
        public void EveryMessageDecoderRejectsMutationsWithTypedExceptionsOnly()
        {
            var seeds = DerSeeds();
            var decoders = DerDecoders();
            var escapes = new List<string>();
            var sw = Stopwatch.StartNew();
            long tried = 0;
            int pairs = 0;
            var used = new HashSet<string>();
            int count = 40 * Mutator.SoakFactor;
            foreach (var d in decoders)
            {
                for (int s = 0; s < seeds.Count; s++)
                {
                    int tag = OuterTag(seeds[s]);
                    try { d.Method.Invoke(null, Args(d.Method, seeds[s], tag)); }
                    catch (Exception) { continue; } // the seed is not this decoder's message
                    pairs++;
                    used.Add(d.Name);
                    var m = d.Method;
                    tried += Fuzz(d.Name, b => m.Invoke(null, Args(m, b, tag)), new List<byte[]> { seeds[s] }, count, pairs, escapes);
                }
            }
            Console.WriteLine(decoders.Count + " decoders found, " + used.Count + " accept a captured seed (" + pairs + " decoder/seed pairs)");
            Assert.IsTrue(used.Count >= 10, "too few decoders matched the captured seeds: " + used.Count);
            Report("rsp/Messages + rsp/Esipa decoders", tried, sw, escapes);
        }

        [TestMethod]
        public void EsipaCodecRejectsMutationsWithTypedExceptionsOnly()
        {
            var seeds = new List<byte[]>();
            foreach (var f in Directory.GetFiles(TestData.Path("esipa-v1.0"), "*.der", SearchOption.AllDirectories)) seeds.Add(File.ReadAllBytes(f));
            var escapes = new List<string>();
            var sw = Stopwatch.StartNew();
            long tried = Fuzz("EsipaCodec.DecodeFromIpa", b => IotEsim.Rsp.Esipa.EsipaCodec.DecodeFromIpa(b), seeds, 200 * Mutator.SoakFactor, 3, escapes);
            tried += Fuzz("EsipaCodec.DecodeFromEim", b => IotEsim.Rsp.Esipa.EsipaCodec.DecodeFromEim(b), seeds, 200 * Mutator.SoakFactor, 4, escapes);
            Report("ESipa codec over " + seeds.Count + " seeds", tried, sw, escapes);
        }

        [TestMethod]
        public void JsonReaderAndEs9PlusParsersRejectMutationsWithTypedExceptionsOnly()
        {
            var seeds = JsonSeeds();
            var parsers = new List<MethodInfo>();
            foreach (var t in typeof(Es9Message).Assembly.GetTypes())
            {
                if (!t.IsPublic || t.Namespace != "IotEsim.Rsp.Es9Plus") continue;
                var m = t.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly, null, new[] { typeof(byte[]) }, null);
                if (m != null) parsers.Add(m);
            }
            Assert.IsTrue(parsers.Count >= 5, "ES9+ parsers found: " + parsers.Count);
            var escapes = new List<string>();
            var sw = Stopwatch.StartNew();
            int count = 60 * Mutator.SoakFactor;
            long tried = Fuzz("JsonReader walk", JsonWalk, seeds, count, 5, escapes);
            tried += Fuzz("JsonObject.Parse", b => JsonObject.Parse(b), seeds, count, 6, escapes);
            tried += Fuzz("GetBoundProfilePackageResponseReader stream", BppStream, seeds, count, 7, escapes);
            int k = 8;
            foreach (var p in parsers)
            {
                var m = p;
                tried += Fuzz(p.DeclaringType.Name + ".Parse", b => m.Invoke(null, new object[] { b }), seeds, count / 3 + 1, k++, escapes);
            }
            Report("JSON reader + " + parsers.Count + " ES9+ parsers over " + seeds.Count + " seeds", tried, sw, escapes);
        }

        private static void JsonWalk(byte[] input)
        {
            var r = new JsonReader(new MemoryStream(input, false), 64, 16);
            var chunk = new char[37];
            while (r.Read())
            {
                if (r.TokenType == JsonTokenType.String) { while (r.ReadStringChunk(chunk, 0, chunk.Length) > 0) { } }
                else if (r.TokenType == JsonTokenType.Number) r.GetNumberText();
            }
        }

        private static void BppStream(byte[] input)
        {
            var reader = new GetBoundProfilePackageResponseReader(new MemoryStream(input, false));
            if (reader.MoveToBoundProfilePackage())
            {
                var s = reader.OpenBoundProfilePackage();
                var t = new TlvStreamReader(s);
                while (t.ReadHeader()) { if (t.Tag == 0xBF36 || t.Tag == 0xA1 || t.Tag == 0xA3) continue; t.SkipValue(); }
            }
            reader.Finish();
        }

        [TestMethod]
        public void ActivationCodeAndCertificateParsersRejectMutationsWithTypedExceptionsOnly()
        {
            var codes = new List<byte[]>();
            foreach (var s in new[]
            {
                "LPA:1$testsmdpplus1.example.com$TS48V1-A-UNIQUE",
                "LPA:1$testsmdpplus1.example.com$TS48V1-A-UNIQUE$1.2.3$1$F6F2635B4397B8BD12DF81A97C94254319520867",
                "1$rsp.example.com$$$1",
                "LPA:1$smdp.io$QR-G-5C-1LS-1W1Z9P7",
            }) codes.Add(Encoding.UTF8.GetBytes(s));
            var certs = CertSeeds();
            var escapes = new List<string>();
            var sw = Stopwatch.StartNew();
            long tried = Fuzz("ActivationCode.Parse", b => ActivationCode.Parse(Encoding.UTF8.GetString(b)), codes, 1000 * Mutator.SoakFactor, 20, escapes);
            tried += Fuzz("X509Certificate.Parse", b => X509Certificate.Parse(b), certs, 300 * Mutator.SoakFactor, 21, escapes);
            Report("ActivationCode (" + codes.Count + " seeds) + X509Certificate (" + certs.Count + " seeds)", tried, sw, escapes);
        }
    }
}
