using System;
using System.Collections;
using System.IO;
using IotEsim.Rsp.Storage;

namespace IotEsim.Firmware.Storage
{
    /// <summary>
    /// <see cref="IStore"/> on a flash file system (the eUICC board's and the IPA's state on I:\), atomic per the
    /// IStore contract without relying on rename-over-existing (which nanoFramework's File.Move does not promise):
    /// <code>
    /// write:  name~t (data, flushed)  →  rename name~t → name~n  →  delete name  →  rename name~n → name
    /// </code>
    /// The rename to ~n is the commit point. <see cref="Recover"/> (run by the constructor) finishes or undoes what a
    /// power cut interrupted: a ~t is an unfinished write and is deleted; a ~n is a committed one and replaces the
    /// old file. Keys map to flat file names with '/' → '+' ('+' and '~' never occur in keys, see
    /// <see cref="StoreKeys"/>), so the store needs one directory and no directory operations.
    /// </summary>
    public class FlashStore : IStore
    {
        public const string TempSuffix = "~t";
        public const string CommittedSuffix = "~n";

        private readonly IFlashFiles _fs;

        public FlashStore(IFlashFiles files)
        {
            if (files == null) throw new ArgumentNullException("files");
            _fs = files;
            Recover();
        }

        /// <summary>Files repaired by the last <see cref="Recover"/> (unfinished writes removed + committed ones completed).</summary>
        public int Repaired { get; private set; }

        public static string FileName(string key)
        {
            StoreKeys.Validate(key);
            return Swap(key, '/', '+');
        }

        public void Recover()
        {
            Repaired = 0;
            string[] names = _fs.List();
            for (int i = 0; i < names.Length; i++)
            {
                string n = names[i];
                if (EndsWith(n, TempSuffix))
                {
                    _fs.Delete(n);
                    Repaired++;
                }
            }
            for (int i = 0; i < names.Length; i++)
            {
                string n = names[i];
                if (!EndsWith(n, CommittedSuffix)) continue;
                string target = n.Substring(0, n.Length - CommittedSuffix.Length);
                _fs.Delete(target);
                _fs.Move(n, target);
                Repaired++;
            }
        }

        public bool Exists(string key)
        {
            return _fs.Exists(FileName(key));
        }

        public byte[] Read(string key)
        {
            return _fs.ReadAll(FileName(key));
        }

        public void Write(string key, byte[] value)
        {
            if (value == null) throw new ArgumentNullException("value");
            string name = FileName(key);
            Stream s = _fs.Create(name + TempSuffix);
            try
            {
                s.Write(value, 0, value.Length);
                s.Flush();
            }
            finally { s.Dispose(); }
            Commit(name);
        }

        /// <summary>~t → ~n (commit point) → replace the old file.</summary>
        private void Commit(string name)
        {
            _fs.Delete(name + CommittedSuffix);
            _fs.Move(name + TempSuffix, name + CommittedSuffix);
            _fs.Delete(name);
            _fs.Move(name + CommittedSuffix, name);
        }

        public void Delete(string key)
        {
            string name = FileName(key);
            // A committed-but-unrenamed value would come back at the next Recover: drop it first.
            _fs.Delete(name + CommittedSuffix);
            _fs.Delete(name);
        }

        public string[] List(string prefix)
        {
            string[] names = _fs.List();
            var found = new ArrayList();
            for (int i = 0; i < names.Length; i++)
            {
                string n = names[i];
                if (n.IndexOf('~') >= 0) continue;
                string key = Swap(n, '+', '/');
                if (prefix == null || key.Length >= prefix.Length && key.Substring(0, prefix.Length) == prefix) found.Add(key);
            }
            var r = new string[found.Count];
            for (int i = 0; i < r.Length; i++) r[i] = (string)found[i];
            StoreKeys.SortOrdinal(r);
            return r;
        }

        public IStoreWriter BeginWrite(string key)
        {
            string name = FileName(key);
            return new Writer(this, name, _fs.Create(name + TempSuffix));
        }

        public Stream OpenRead(string key)
        {
            return _fs.OpenRead(FileName(key));
        }

        /// <summary>Character replacement (string.Replace is not on nanoFramework 1.x).</summary>
        private static string Swap(string s, char from, char to)
        {
            char[] c = s.ToCharArray();
            for (int i = 0; i < c.Length; i++) if (c[i] == from) c[i] = to;
            return new string(c);
        }

        private static bool EndsWith(string s, string suffix)
        {
            return s.Length >= suffix.Length && s.Substring(s.Length - suffix.Length) == suffix;
        }

        private class Writer : IStoreWriter
        {
            private readonly FlashStore _store;
            private readonly string _name;
            private Stream _s;
            private long _length;
            private bool _done;

            public Writer(FlashStore store, string name, Stream s)
            {
                _store = store;
                _name = name;
                _s = s;
            }

            public long Length
            {
                get { return _length; }
            }

            public void Write(byte[] data, int offset, int count)
            {
                if (_done) throw new InvalidOperationException("writer closed");
                _s.Write(data, offset, count);
                _length += count;
            }

            public void Commit()
            {
                if (_done) throw new InvalidOperationException("writer closed");
                _s.Flush();
                _s.Dispose();
                _s = null;
                _done = true;
                _store.Commit(_name);
            }

            public void Abort()
            {
                if (_done) return;
                _done = true;
                if (_s != null) { _s.Dispose(); _s = null; }
                _store._fs.Delete(_name + TempSuffix);
            }

            public void Dispose()
            {
                Abort();
            }
        }
    }
}
