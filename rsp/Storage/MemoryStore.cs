using System;
using System.Collections;
using System.IO;

namespace IotEsim.Rsp.Storage
{
    /// <summary>
    /// <see cref="IStore"/> held in RAM (tests, and the simulated eUICC when nothing must survive a
    /// restart). Values are copied in and out, so callers cannot change stored bytes behind its back.
    /// Every mutation replaces one Hashtable slot, which is what makes it atomic.
    /// </summary>
    public sealed class MemoryStore : IStore
    {
        private readonly Hashtable _values = new Hashtable();

        public int Count { get { return _values.Count; } }

        public bool Exists(string key)
        {
            StoreKeys.Validate(key);
            return _values.Contains(key);
        }

        public byte[] Read(string key)
        {
            StoreKeys.Validate(key);
            var v = (byte[])_values[key];
            return v == null ? null : Copy(v, 0, v.Length);
        }

        public void Write(string key, byte[] value)
        {
            StoreKeys.Validate(key);
            if (value == null) throw new ArgumentNullException("value");
            _values[key] = Copy(value, 0, value.Length);
        }

        public void Delete(string key)
        {
            StoreKeys.Validate(key);
            _values.Remove(key);
        }

        public string[] List(string prefix)
        {
            if (prefix == null) throw new ArgumentNullException("prefix");
            var found = new ArrayList();
            // Keys, not the Hashtable itself: on the desktop Hashtable.GetEnumerator returns
            // IDictionaryEnumerator, which nanoFramework's Hashtable does not have.
            foreach (object o in _values.Keys)
            {
                var k = (string)o;
                if (k.StartsWith(prefix)) found.Add(k);
            }
            var r = new string[found.Count];
            for (int i = 0; i < r.Length; i++) r[i] = (string)found[i];
            StoreKeys.SortOrdinal(r);
            return r;
        }

        public IStoreWriter BeginWrite(string key)
        {
            StoreKeys.Validate(key);
            return new Writer(this, key);
        }

        public Stream OpenRead(string key)
        {
            StoreKeys.Validate(key);
            var v = (byte[])_values[key];
            return v == null ? null : new MemoryStream(Copy(v, 0, v.Length), false);
        }

        private static byte[] Copy(byte[] src, int offset, int count)
        {
            var r = new byte[count];
            Array.Copy(src, offset, r, 0, count);
            return r;
        }

        private sealed class Writer : IStoreWriter
        {
            private readonly MemoryStore _store;
            private readonly string _key;
            private MemoryStream _buf = new MemoryStream();

            public Writer(MemoryStore store, string key)
            {
                _store = store;
                _key = key;
            }

            public long Length
            {
                get
                {
                    if (_buf == null) throw new ObjectDisposedException("IStoreWriter");
                    return _buf.Length;
                }
            }

            public void Write(byte[] data, int offset, int count)
            {
                if (_buf == null) throw new ObjectDisposedException("IStoreWriter");
                _buf.Write(data, offset, count);
            }

            public void Commit()
            {
                if (_buf == null) throw new ObjectDisposedException("IStoreWriter");
                _store._values[_key] = _buf.ToArray();
                _buf = null;
            }

            public void Abort()
            {
                _buf = null;
            }

            public void Dispose()
            {
                Abort();
            }
        }
    }
}
