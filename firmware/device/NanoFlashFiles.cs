using System;
using System.IO;
using IotEsim.Firmware.Storage;

namespace IotEsim.Firmware.Device
{
    /// <summary>
    /// <see cref="IFlashFiles"/> over nanoFramework's System.IO.FileSystem in one directory of the internal flash
    /// (I:\ on the ESP32: the LittleFS partition nanoff --filedeployment writes to). Shared with the eUICC board
    /// (linked into IotEsim.Euicc.Board.nfproj). Every Create is flushed by <see cref="FlashStore"/> before the rename
    /// that commits it.
    /// </summary>
    public class NanoFlashFiles : IFlashFiles
    {
        private readonly string _dir;

        /// <param name="directory">"I:\\" or a folder below it ("I:\\euicc"); created when missing.</param>
        public NanoFlashFiles(string directory)
        {
            _dir = directory.EndsWith("\\") ? directory : directory + "\\";
            if (_dir.Length > 3 && !Directory.Exists(_dir)) Directory.CreateDirectory(_dir);
        }

        private string PathOf(string name)
        {
            return _dir + name;
        }

        public bool Exists(string name)
        {
            return File.Exists(PathOf(name));
        }

        public byte[] ReadAll(string name)
        {
            string p = PathOf(name);
            return File.Exists(p) ? File.ReadAllBytes(p) : null;
        }

        public Stream OpenRead(string name)
        {
            string p = PathOf(name);
            return File.Exists(p) ? new FileStream(p, FileMode.Open, FileAccess.Read) : null;
        }

        public Stream Create(string name)
        {
            return new FileStream(PathOf(name), FileMode.Create, FileAccess.Write);
        }

        public void Delete(string name)
        {
            string p = PathOf(name);
            if (File.Exists(p)) File.Delete(p);
        }

        public void Move(string from, string to)
        {
            File.Move(PathOf(from), PathOf(to));
        }

        public string[] List()
        {
            string[] paths = Directory.GetFiles(_dir);
            var names = new string[paths.Length];
            for (int i = 0; i < paths.Length; i++)
            {
                string p = paths[i];
                int slash = p.LastIndexOf('\\');
                names[i] = slash >= 0 ? p.Substring(slash + 1) : p;
            }
            return names;
        }
    }
}
