using System;
using System.IO;
using IotEsim.Firmware.Storage;

namespace IotEsim.Firmware.Sim
{
    /// <summary>
    /// <see cref="IFlashFiles"/> (and the board's credential reader) over a desktop directory, standing in for the I: drive. <see cref="CutAt"/> simulates
    /// a power cut: the n-th mutating operation (Create, a write to a created file, Delete, Move; counted from 1)
    /// throws <see cref="IOException"/> before it happens, and every operation after it too, until a new instance
    /// ("after the reboot") is made over the same directory.
    /// </summary>
    public sealed class DirectoryFlashFiles : IFlashFiles, IotEsim.Euicc.Board.ICredentialFiles
    {
        private readonly string _dir;
        private bool _dead;

        public DirectoryFlashFiles(string directory)
        {
            _dir = directory;
            Directory.CreateDirectory(directory);
        }

        public int CutAt { get; set; }
        public int Mutations { get; private set; }
        public bool PoweredOff => _dead;

        private void Alive()
        {
            if (_dead) throw new IOException("device is off");
        }

        private void Mutate(string what)
        {
            Alive();
            Mutations++;
            if (CutAt > 0 && Mutations == CutAt)
            {
                _dead = true;
                throw new IOException("power cut at " + what);
            }
        }

        private string PathOf(string name) => Path.Combine(_dir, name);

        public bool Exists(string name) { Alive(); return File.Exists(PathOf(name)); }

        public byte[] ReadAll(string name) { Alive(); return File.Exists(PathOf(name)) ? File.ReadAllBytes(PathOf(name)) : null; }

        public Stream OpenRead(string name) { Alive(); return File.Exists(PathOf(name)) ? File.OpenRead(PathOf(name)) : null; }

        public Stream Create(string name)
        {
            Mutate("create " + name);
            return new CutStream(this, File.Create(PathOf(name)), name);
        }

        public void Delete(string name) { Mutate("delete " + name); File.Delete(PathOf(name)); }

        public void Move(string from, string to) { Mutate("move " + from); File.Move(PathOf(from), PathOf(to)); }

        public string[] List()
        {
            Alive();
            var files = Directory.GetFiles(_dir);
            var names = new string[files.Length];
            for (int i = 0; i < files.Length; i++) names[i] = Path.GetFileName(files[i]);
            return names;
        }

        /// <summary>A file being written: each Write is a mutation (a cut leaves a partial file behind).</summary>
        private sealed class CutStream : Stream
        {
            private readonly DirectoryFlashFiles _fs;
            private readonly FileStream _inner;
            private readonly string _name;

            public CutStream(DirectoryFlashFiles fs, FileStream inner, string name) { _fs = fs; _inner = inner; _name = name; }

            public override void Write(byte[] buffer, int offset, int count)
            {
                try { _fs.Mutate("write " + _name); }
                catch (IOException)
                {
                    // Half of the data reached the flash.
                    _inner.Write(buffer, offset, count / 2);
                    _inner.Flush();
                    throw;
                }
                _inner.Write(buffer, offset, count);
            }

            public override void Flush() { _fs.Alive(); _inner.Flush(); }
            protected override void Dispose(bool disposing) { if (disposing) _inner.Dispose(); base.Dispose(disposing); }
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => _inner.Length;
            public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
