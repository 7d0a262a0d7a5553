using System;
using System.IO;

namespace IotEsim.Rsp.Storage
{
    /// <summary>
    /// Test wrapper that simulates a power cut: the <see cref="CutAt"/>-th mutating operation
    /// (Write, Delete, a streamed writer's Write or Commit, counted from 1) throws
    /// <see cref="PowerCutException"/>, and so does every call after it, as if the device were off.
    /// The inner store is left as the atomicity contract of <see cref="IStore"/> promises: the cut
    /// operation either did not happen (default) or fully happened (<see cref="CutAfterApplying"/>),
    /// and uncommitted streamed values stay invisible. Tests then "reboot" by using the inner store.
    /// </summary>
    public sealed class FaultInjectingStore : IStore
    {
        private readonly IStore _inner;
        private int _count;
        private bool _dead;

        /// <param name="cutAt">1-based index of the mutating operation that loses power; 0 = never.</param>
        public FaultInjectingStore(IStore inner, int cutAt)
        {
            if (inner == null) throw new ArgumentNullException("inner");
            _inner = inner;
            CutAt = cutAt;
        }

        public IStore Inner { get { return _inner; } }
        public int CutAt { get; set; }
        /// <summary>When true the cut operation completes in the inner store before the exception (the caller never learns it succeeded).</summary>
        public bool CutAfterApplying { get; set; }
        /// <summary>Mutating operations attempted so far.</summary>
        public int MutationCount { get { return _count; } }
        public bool PoweredOff { get { return _dead; } }

        private void Alive()
        {
            if (_dead) throw new PowerCutException("device is off");
        }

        /// <summary>Counts one mutation; true when this one is the cut.</summary>
        private bool Mutation()
        {
            Alive();
            _count++;
            if (CutAt > 0 && _count == CutAt)
            {
                _dead = true;
                return true;
            }
            return false;
        }

        private void Cut(string what)
        {
            throw new PowerCutException("power cut at mutation " + _count.ToString() + " (" + what + ")");
        }

        public bool Exists(string key) { Alive(); return _inner.Exists(key); }

        public byte[] Read(string key) { Alive(); return _inner.Read(key); }

        public string[] List(string prefix) { Alive(); return _inner.List(prefix); }

        public Stream OpenRead(string key) { Alive(); return _inner.OpenRead(key); }

        public void Write(string key, byte[] value)
        {
            if (Mutation())
            {
                if (CutAfterApplying) _inner.Write(key, value);
                Cut("Write " + key);
            }
            _inner.Write(key, value);
        }

        public void Delete(string key)
        {
            if (Mutation())
            {
                if (CutAfterApplying) _inner.Delete(key);
                Cut("Delete " + key);
            }
            _inner.Delete(key);
        }

        public IStoreWriter BeginWrite(string key)
        {
            Alive();
            return new Writer(this, _inner.BeginWrite(key), key);
        }

        private sealed class Writer : IStoreWriter
        {
            private readonly FaultInjectingStore _owner;
            private readonly IStoreWriter _w;
            private readonly string _key;

            public Writer(FaultInjectingStore owner, IStoreWriter w, string key)
            {
                _owner = owner;
                _w = w;
                _key = key;
            }

            public long Length { get { _owner.Alive(); return _w.Length; } }

            public void Write(byte[] data, int offset, int count)
            {
                if (_owner.Mutation())
                {
                    // Pieces written before the cut were never committed: the inner store drops them.
                    _w.Abort();
                    _owner.Cut("streamed Write " + _key);
                }
                _w.Write(data, offset, count);
            }

            public void Commit()
            {
                if (_owner.Mutation())
                {
                    if (_owner.CutAfterApplying) _w.Commit(); else _w.Abort();
                    _owner.Cut("Commit " + _key);
                }
                _w.Commit();
            }

            public void Abort() { _w.Abort(); }

            public void Dispose() { _w.Dispose(); }
        }
    }
}
