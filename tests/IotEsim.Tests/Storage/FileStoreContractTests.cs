using System;
using System.IO;
using IotEsim.Rsp.Desktop.Storage;
using IotEsim.Rsp.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Storage
{
    /// <summary>The shared IStore contract against <see cref="FileStore"/> on a temp directory, plus file-specific crash cases.</summary>
    [TestClass]
    public class FileStoreContractTests : StoreContractTests
    {
        private string _dir;

        [TestInitialize]
        public void MakeDir()
        {
            _dir = Path.Combine(Path.GetTempPath(), "iotesim-filestore-" + Guid.NewGuid().ToString("N"));
        }

        [TestCleanup]
        public void RemoveDir()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        private int _n;

        protected override IStore Create() { return new FileStore(Path.Combine(_dir, (_n++).ToString())); }

        protected override IStore Reopen(IStore store) { return new FileStore(((FileStore)store).Root); }

        [TestMethod]
        public void LeftoverTempFileFromACrashIsIgnoredAndCleanedOnOpen()
        {
            var s = (FileStore)Create();
            s.Write("profiles/p1", new byte[] { 1 });
            // What a crash between "write temp" and "rename" leaves behind: a temp file beside the value.
            var leftover = Path.Combine(s.Root, "profiles", "p1~t" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(leftover, new byte[] { 9, 9 });
            Assert.AreEqual(1, s.List("").Length);
            Assert.AreEqual("01", IotEsim.Rsp.Util.Hex.Encode(s.Read("profiles/p1")));

            var reopened = new FileStore(s.Root);
            Assert.AreEqual(1, reopened.RemovedTempFiles);
            Assert.IsFalse(File.Exists(leftover));
            Assert.AreEqual("01", IotEsim.Rsp.Util.Hex.Encode(reopened.Read("profiles/p1")));
            CollectionAssert.AreEqual(new[] { "profiles/p1" }, reopened.List(""));
        }

        [TestMethod]
        public void UncommittedWriterLeavesOnlyATempFile()
        {
            var s = (FileStore)Create();
            var w = s.BeginWrite("bpp");
            w.Write(new byte[] { 1, 2, 3 }, 0, 3);
            Assert.AreEqual(1, Directory.GetFiles(s.Root, "*~t*").Length);
            Assert.IsFalse(s.Exists("bpp"));
            w.Dispose();
            Assert.AreEqual(0, Directory.GetFiles(s.Root, "*~t*").Length);
        }

        [TestMethod]
        public void OneFilePerKeyUnderTheRoot()
        {
            var s = (FileStore)Create();
            s.Write("a", new byte[] { 1 });
            s.Write("a/b", new byte[] { 2 });
            Assert.IsTrue(File.Exists(Path.Combine(s.Root, "a~v")));
            Assert.IsTrue(File.Exists(Path.Combine(s.Root, "a", "b~v")));
            Assert.AreEqual(0, Directory.GetFiles(s.Root, "*~t*", SearchOption.AllDirectories).Length);
        }

        [TestMethod]
        public void AbsoluteAndParentPathsAreRejected()
        {
            var s = (FileStore)Create();
            string[] bad = { "/etc/passwd", "../outside", "a/../../outside", "C:/x", "\\\\server\\share" };
            foreach (var k in bad)
                Assert.ThrowsException(typeof(ArgumentException), () => s.Write(k, new byte[] { 1 }), k);
            Assert.IsFalse(File.Exists(Path.Combine(Path.GetDirectoryName(s.Root), "outside~v")));
            Assert.AreEqual(0, Directory.GetFiles(s.Root, "*", SearchOption.AllDirectories).Length);
        }
    }
}
