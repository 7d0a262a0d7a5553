using System;
using System.IO;
using IotEsim.Firmware.Sim;
using IotEsim.Firmware.Storage;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Tests.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Firmware
{
    /// <summary>
    /// The shared IStore contract against <see cref="FlashStore"/> (the board's and the IPA's store on I:\) over a temp
    /// directory, plus power cuts between the individual file operations (the cuts the IStore wrapper cannot reach).
    /// </summary>
    [TestClass]
    public class FlashStoreTests : StoreContractTests
    {
        private string _dir;
        private int _n;

        [TestInitialize]
        public void MakeDir()
        {
            _dir = Path.Combine(Path.GetTempPath(), "iotesim-flashstore-" + Guid.NewGuid().ToString("N"));
        }

        [TestCleanup]
        public void RemoveDir()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        private sealed class Opened : FlashStore
        {
            public readonly string Dir;
            public Opened(string dir, DirectoryFlashFiles fs) : base(fs) { Dir = dir; }
        }

        protected override IStore Create()
        {
            string d = Path.Combine(_dir, (_n++).ToString());
            return new Opened(d, new DirectoryFlashFiles(d));
        }

        protected override IStore Reopen(IStore store)
        {
            string d = ((Opened)store).Dir;
            return new Opened(d, new DirectoryFlashFiles(d));
        }

        /// <summary>Writes "old" values, then a new value for one key (plain and streamed), cut at every file
        /// operation; after the "reboot" the key holds exactly the old or the new value and no helper file is left.</summary>
        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void CutAtEveryFileOperationLeavesOldOrNew(bool streamed)
        {
            var oldValue = new byte[] { 1, 2, 3 };
            var newValue = new byte[300];
            for (int i = 0; i < newValue.Length; i++) newValue[i] = (byte)(i * 13);
            int sawOld = 0, sawNew = 0;
            for (int cut = 1; cut < 20; cut++)
            {
                string d = Path.Combine(_dir, "cut" + cut.ToString() + (streamed ? "s" : ""));
                var fs = new DirectoryFlashFiles(d);
                var s = new FlashStore(fs);
                s.Write("profiles/0001/image", oldValue);
                s.Write("index", new byte[] { 7 });
                fs.CutAt = fs.Mutations + cut;
                bool finished = false;
                try
                {
                    if (streamed)
                    {
                        using var w = s.BeginWrite("profiles/0001/image");
                        w.Write(newValue, 0, 100);
                        w.Write(newValue, 100, 200);
                        w.Commit();
                    }
                    else s.Write("profiles/0001/image", newValue);
                    finished = true;
                }
                catch (IOException) { }
                var after = new FlashStore(new DirectoryFlashFiles(d));
                string v = Hex.Encode(after.Read("profiles/0001/image"));
                Assert.IsTrue(v == Hex.Encode(oldValue) || v == Hex.Encode(newValue), "cut " + cut + ": " + v);
                if (finished) Assert.AreEqual(Hex.Encode(newValue), v, "finished write lost");
                if (v == Hex.Encode(oldValue)) sawOld++; else sawNew++;
                Assert.AreEqual("07", Hex.Encode(after.Read("index")), "other key touched");
                CollectionAssert.AreEqual(new[] { "index", "profiles/0001/image" }, after.List(""));
                foreach (var f in Directory.GetFiles(d)) Assert.IsFalse(f.Contains("~"), "helper file left: " + f);
                if (finished) break;
            }
            Assert.IsTrue(sawOld > 0 && sawNew > 0, "both outcomes reached (old " + sawOld + ", new " + sawNew + ")");
        }

        [TestMethod]
        public void KeysAreFlatFileNames()
        {
            var s = (Opened)Create();
            s.Write("a/b/c", new byte[] { 1 });
            Assert.IsTrue(File.Exists(Path.Combine(s.Dir, "a+b+c")));
            Assert.AreEqual("a+b+c", FlashStore.FileName("a/b/c"));
            Assert.ThrowsException(typeof(ArgumentException), () => FlashStore.FileName("a+b"));
        }
    }
}
