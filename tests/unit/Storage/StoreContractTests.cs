using System;
using System.IO;
using System.Text;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Storage
{
    /// <summary>
    /// The <see cref="IStore"/> contract, run against each implementation by a [TestClass] subclass
    /// (MemoryStore here, FileStore in the desktop tests). Power cuts are simulated with
    /// <see cref="FaultInjectingStore"/> around the store under test; "reboot" = <see cref="Reopen"/>.
    /// </summary>
    public abstract class StoreContractTests
    {
        /// <summary>A fresh, empty store.</summary>
        protected abstract IStore Create();

        /// <summary>The same storage as seen after a restart (a new instance for file stores).</summary>
        protected abstract IStore Reopen(IStore store);

        protected static byte[] B(string hex) { return Hex.Decode(hex); }

        protected static string ReadAll(Stream s)
        {
            var ms = new MemoryStream();
            var buf = new byte[7];
            int n;
            while ((n = s.Read(buf, 0, buf.Length)) > 0) ms.Write(buf, 0, n);
            s.Dispose();
            return Hex.Encode(ms.ToArray());
        }

        private static string Show(byte[] v) { return v == null ? "null" : Hex.Encode(v); }

        [TestMethod]
        public void WriteThenReadReturnsTheValue()
        {
            var s = Create();
            s.Write("profiles/0001/meta", B("0102"));
            Assert.IsTrue(s.Exists("profiles/0001/meta"));
            Assert.AreEqual("0102", Show(s.Read("profiles/0001/meta")));
            s.Write("profiles/0001/meta", B("030405"));
            Assert.AreEqual("030405", Show(Reopen(s).Read("profiles/0001/meta")));
        }

        [TestMethod]
        public void StoredBytesAreNotSharedWithTheCaller()
        {
            var s = Create();
            var v = B("AABB");
            s.Write("k", v);
            v[0] = 0;
            var r = s.Read("k");
            r[1] = 0;
            Assert.AreEqual("AABB", Show(s.Read("k")));
        }

        [TestMethod]
        public void MissingKeysReadAsNull()
        {
            var s = Create();
            Assert.IsFalse(s.Exists("nope"));
            Assert.IsNull(s.Read("nope"));
            Assert.IsNull(s.OpenRead("a/b/c"));
            s.Delete("nope");
            Assert.AreEqual(0, s.List("").Length);
        }

        [TestMethod]
        public void EmptyValueIsAValue()
        {
            var s = Create();
            s.Write("empty", new byte[0]);
            Assert.IsTrue(s.Exists("empty"));
            Assert.AreEqual(0, s.Read("empty").Length);
            Assert.AreEqual("", ReadAll(s.OpenRead("empty")));
        }

        [TestMethod]
        public void DeleteRemovesOnlyThatKey()
        {
            var s = Create();
            s.Write("a", B("01"));
            s.Write("a/b", B("02"));
            s.Delete("a");
            Assert.IsFalse(s.Exists("a"));
            Assert.AreEqual("02", Show(s.Read("a/b")));
            s.Delete("a");
        }

        [TestMethod]
        public void ListReturnsPrefixMatchesInOrdinalOrder()
        {
            var s = Create();
            s.Write("p/b", B("01"));
            s.Write("p/a/x", B("02"));
            s.Write("p/B", B("03"));
            s.Write("q/a", B("04"));
            s.Write("p", B("05"));
            var l = s.List("p/");
            Assert.AreEqual(3, l.Length);
            Assert.AreEqual("p/B", l[0]);
            Assert.AreEqual("p/a/x", l[1]);
            Assert.AreEqual("p/b", l[2]);
            Assert.AreEqual(5, s.List("").Length);
            Assert.AreEqual("p", s.List("")[0]);
            Assert.AreEqual(0, s.List("r").Length);
        }

        [TestMethod]
        public void RejectsKeysThatCouldEscapeOrAreMalformed()
        {
            var s = Create();
            string[] bad = { "", "/abs", "a/../b", "..", ".", "a//b", "a/", "a\\b", "C:x", "a b", "a~v" };
            for (int i = 0; i < bad.Length; i++)
            {
                var k = bad[i];
                Assert.ThrowsException(typeof(ArgumentException), () => s.Write(k, B("00")), "key '" + k + "'");
                Assert.ThrowsException(typeof(ArgumentException), () => s.Read(k), "key '" + k + "'");
            }
            Assert.ThrowsException(typeof(ArgumentNullException), () => s.Read(null));
            Assert.ThrowsException(typeof(ArgumentNullException), () => s.Write("k", null));
            Assert.AreEqual(0, s.List("").Length);
        }

        [TestMethod]
        public void StreamedValueIsInvisibleUntilCommit()
        {
            var s = Create();
            s.Write("bpp", B("01"));
            var w = s.BeginWrite("bpp");
            w.Write(B("AABBCCDD"), 1, 2);
            w.Write(B("EE"), 0, 1);
            Assert.AreEqual(3, (int)w.Length);
            Assert.AreEqual("01", Show(s.Read("bpp")));
            Assert.AreEqual(1, s.List("").Length);
            w.Commit();
            w.Dispose();
            Assert.AreEqual("BBCCEE", Show(s.Read("bpp")));
            Assert.AreEqual("BBCCEE", ReadAll(Reopen(s).OpenRead("bpp")));
        }

        [TestMethod]
        public void AbortOrDisposeWithoutCommitDiscards()
        {
            var s = Create();
            var w = s.BeginWrite("x");
            w.Write(B("0102"), 0, 2);
            w.Abort();
            Assert.IsFalse(s.Exists("x"));
            using (var w2 = s.BeginWrite("x"))
            {
                w2.Write(B("03"), 0, 1);
            }
            Assert.IsFalse(s.Exists("x"));
            Assert.AreEqual(0, Reopen(s).List("").Length);
        }

        [TestMethod]
        public void OpenReadStreamsLargeValues()
        {
            var s = Create();
            var big = new byte[5000];
            for (int i = 0; i < big.Length; i++) big[i] = (byte)(i * 7);
            using (var w = s.BeginWrite("big"))
            {
                for (int o = 0; o < big.Length; o += 333) w.Write(big, o, big.Length - o < 333 ? big.Length - o : 333);
                w.Commit();
            }
            Assert.AreEqual(Hex.Encode(big), ReadAll(s.OpenRead("big")));
        }

        [TestMethod]
        public void PowerCutDuringWriteKeepsTheOldValue()
        {
            var inner = Create();
            inner.Write("k", B("01"));
            var f = new FaultInjectingStore(inner, 1);
            Assert.ThrowsException(typeof(PowerCutException), () => f.Write("k", B("02")));
            Assert.ThrowsException(typeof(PowerCutException), () => f.Read("k"));
            Assert.AreEqual("01", Show(Reopen(inner).Read("k")));
        }

        [TestMethod]
        public void PowerCutAfterApplyingKeepsTheNewValue()
        {
            var inner = Create();
            inner.Write("k", B("01"));
            var f = new FaultInjectingStore(inner, 1);
            f.CutAfterApplying = true;
            Assert.ThrowsException(typeof(PowerCutException), () => f.Delete("k"));
            Assert.IsFalse(Reopen(inner).Exists("k"));
        }

        [TestMethod]
        public void PowerCutInsideAStreamedValueLeavesNothingVisible()
        {
            var inner = Create();
            inner.Write("bpp", B("0A"));
            var f = new FaultInjectingStore(inner, 2);
            var w = f.BeginWrite("bpp");
            w.Write(B("01"), 0, 1);
            Assert.ThrowsException(typeof(PowerCutException), () => w.Write(B("02"), 0, 1));
            var after = Reopen(inner);
            Assert.AreEqual("0A", Show(after.Read("bpp")));
            Assert.AreEqual(1, after.List("").Length);
        }

        /// <summary>
        /// Cuts the power at every mutation of a fixed script in turn, in both cut modes, and checks
        /// the restarted store equals the state before (or after) exactly that mutation.
        /// </summary>
        [TestMethod]
        public void EveryCutPointLeavesAConsistentState()
        {
            string[] before = null;
            int total = Script(new FaultInjectingStore(Create(), 0), null);
            Assert.AreEqual(9, total);
            for (int mode = 0; mode < 2; mode++)
            {
                for (int cut = 1; cut <= total; cut++)
                {
                    // Expected state: run the script on a clean store, snapshotting after each mutation.
                    var snaps = new string[total + 1];
                    Script(new FaultInjectingStore(Create(), 0), snaps);
                    var inner = Create();
                    var f = new FaultInjectingStore(inner, cut);
                    f.CutAfterApplying = mode == 1;
                    bool cutSeen = false;
                    try { Script(f, null); }
                    catch (PowerCutException) { cutSeen = true; }
                    Assert.IsTrue(cutSeen, "no cut at " + cut.ToString());
                    var expected = snaps[mode == 1 ? cut : cut - 1];
                    Assert.AreEqual(expected, Snapshot(Reopen(inner)), "cut at mutation " + cut.ToString() + (mode == 1 ? " (after applying)" : ""));
                    before = snaps;
                }
            }
            Assert.IsNotNull(before);
        }

        /// <summary>Nine mutations; returns how many ran. With <paramref name="snaps"/>, records the state after each.</summary>
        private static int Script(FaultInjectingStore f, string[] snaps)
        {
            int n = 0;
            if (snaps != null) snaps[0] = Snapshot(f.Inner);
            f.Write("a", B("01")); Snap(f, snaps, ref n);
            f.Write("b/x", B("02")); Snap(f, snaps, ref n);
            var w = f.BeginWrite("c");
            w.Write(B("0304"), 0, 2); Snap(f, snaps, ref n);
            w.Write(B("05"), 0, 1); Snap(f, snaps, ref n);
            w.Commit(); Snap(f, snaps, ref n);
            f.Delete("a"); Snap(f, snaps, ref n);
            f.Write("b/x", B("22")); Snap(f, snaps, ref n);
            var w2 = f.BeginWrite("b/x");
            w2.Write(B("FF"), 0, 1); Snap(f, snaps, ref n);
            w2.Commit(); Snap(f, snaps, ref n);
            return n;
        }

        private static void Snap(FaultInjectingStore f, string[] snaps, ref int n)
        {
            n++;
            if (snaps != null) snaps[n] = Snapshot(f.Inner);
        }

        private static string Snapshot(IStore s)
        {
            var sb = new StringBuilder();
            var keys = s.List("");
            for (int i = 0; i < keys.Length; i++)
            {
                sb.Append(keys[i]);
                sb.Append('=');
                sb.Append(Hex.Encode(s.Read(keys[i])));
                sb.Append(';');
            }
            return sb.ToString();
        }
    }

    [TestClass]
    public class MemoryStoreContractTests : StoreContractTests
    {
        protected override IStore Create() { return new MemoryStore(); }

        protected override IStore Reopen(IStore store) { return store; }

        [TestMethod]
        public void OrdinalSortHelper()
        {
            string[] k = { "b", "B", "a/b", "a", "" };
            StoreKeys.SortOrdinal(k);
            Assert.AreEqual("", k[0]);
            Assert.AreEqual("B", k[1]);
            Assert.AreEqual("a", k[2]);
            Assert.AreEqual("a/b", k[3]);
            Assert.AreEqual("b", k[4]);
        }
    }
}
