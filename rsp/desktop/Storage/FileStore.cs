using System;
using System.Collections.Generic;
using System.IO;
using IotEsim.Rsp.Storage;

namespace IotEsim.Rsp.Desktop.Storage
{
    /// <summary>
    /// <see cref="IStore"/> on a directory: one file per key. A write goes to a temp file in the
    /// same directory, is flushed to the disk (<c>Flush(true)</c>, i.e. fsync) and then renamed over
    /// the old file; the rename is atomic on POSIX file systems and NTFS, so after a crash a key holds
    /// either the old or the new bytes. Crash leftovers (temp files) are invisible to reads and lists
    /// and are removed when the store is opened.
    ///
    /// Layout: key "a/b" is the file root/a/b~v. The '~' cannot occur in a key (see
    /// <see cref="StoreKeys"/>), so value files never clash with the directories of longer keys
    /// ("a" and "a/b" can coexist), and temp files (…~t…) never clash with values.
    /// </summary>
    public sealed class FileStore : IStore
    {
        private const string ValueSuffix = "~v";
        private const string TempMarker = "~t";
        private readonly string _root;

        public FileStore(string root)
        {
            if (root == null) throw new ArgumentNullException(nameof(root));
            _root = Path.GetFullPath(root);
            Directory.CreateDirectory(_root);
            RemovedTempFiles = CleanTempFiles();
        }

        public string Root { get { return _root; } }

        /// <summary>How many crash leftovers the constructor removed.</summary>
        public int RemovedTempFiles { get; private set; }

        private int CleanTempFiles()
        {
            int n = 0;
            foreach (var f in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
            {
                if (Path.GetFileName(f).Contains(TempMarker, StringComparison.Ordinal))
                {
                    File.Delete(f);
                    n++;
                }
            }
            return n;
        }

        /// <summary>The value file of a key; the key check keeps it under the root.</summary>
        private string PathOf(string key)
        {
            StoreKeys.Validate(key);
            var p = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar) + ValueSuffix));
            if (!p.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new ArgumentException("key escapes the store root: " + key, nameof(key));
            return p;
        }

        private static string TempPathFor(string valuePath)
        {
            return valuePath.Substring(0, valuePath.Length - ValueSuffix.Length) + TempMarker + Guid.NewGuid().ToString("N");
        }

        public bool Exists(string key) { return File.Exists(PathOf(key)); }

        public byte[] Read(string key)
        {
            var p = PathOf(key);
            try
            {
                return File.ReadAllBytes(p);
            }
            catch (FileNotFoundException) { return null; }
            catch (DirectoryNotFoundException) { return null; }
        }

        public void Write(string key, byte[] value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            var p = PathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(p));
            var tmp = TempPathFor(p);
            try
            {
                using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    fs.Write(value, 0, value.Length);
                    fs.Flush(true);
                }
                File.Move(tmp, p, true);
            }
            catch
            {
                TryDelete(tmp);
                throw;
            }
        }

        public void Delete(string key)
        {
            var p = PathOf(key);
            if (File.Exists(p)) File.Delete(p);
        }

        public string[] List(string prefix)
        {
            if (prefix == null) throw new ArgumentNullException(nameof(prefix));
            var keys = new List<string>();
            foreach (var f in Directory.EnumerateFiles(_root, "*" + ValueSuffix, SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/');
                var key = rel.Substring(0, rel.Length - ValueSuffix.Length);
                if (key.StartsWith(prefix, StringComparison.Ordinal)) keys.Add(key);
            }
            keys.Sort(StringComparer.Ordinal);
            return keys.ToArray();
        }

        public IStoreWriter BeginWrite(string key)
        {
            var p = PathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(p));
            return new Writer(p, TempPathFor(p));
        }

        public Stream OpenRead(string key)
        {
            var p = PathOf(key);
            try
            {
                // FileShare.Delete: a later Write may rename over the file while a reader still holds it.
                return new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            }
            catch (FileNotFoundException) { return null; }
            catch (DirectoryNotFoundException) { return null; }
        }

        private static void TryDelete(string path)
        {
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private sealed class Writer : IStoreWriter
        {
            private readonly string _final;
            private readonly string _tmp;
            private FileStream _fs;

            public Writer(string final, string tmp)
            {
                _final = final;
                _tmp = tmp;
                _fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            }

            private FileStream Open()
            {
                if (_fs == null) throw new ObjectDisposedException(nameof(IStoreWriter));
                return _fs;
            }

            public long Length { get { return Open().Length; } }

            public void Write(byte[] data, int offset, int count) { Open().Write(data, offset, count); }

            public void Commit()
            {
                var fs = Open();
                fs.Flush(true);
                fs.Dispose();
                _fs = null;
                try
                {
                    File.Move(_tmp, _final, true);
                }
                catch
                {
                    TryDelete(_tmp);
                    throw;
                }
            }

            public void Abort()
            {
                if (_fs == null) return;
                _fs.Dispose();
                _fs = null;
                TryDelete(_tmp);
            }

            public void Dispose() { Abort(); }
        }
    }
}
