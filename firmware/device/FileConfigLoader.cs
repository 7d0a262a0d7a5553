using System;
using System.IO;
using IotEsim.Firmware.Runtime;

namespace IotEsim.Firmware.Device
{
    /// <summary>Reads the config from the internal flash file system (I:\ = LittleFS config partition),
    /// where nanoff --filedeployment puts it (tools/flash/deploy.json).</summary>
    public class FileConfigLoader : IConfigSource
    {
        public const string DefaultPath = "I:\\iotesim.conf";

        private readonly string _path;

        public FileConfigLoader(string path)
        {
            _path = path == null ? DefaultPath : path;
        }

        public string Load()
        {
            if (!File.Exists(_path)) return null;
            return File.ReadAllText(_path);
        }

        /// <summary>Certificate file from I:\ (PEM or DER bytes), or null.</summary>
        public static byte[] LoadCertificate(string name)
        {
            string path = "I:\\" + name;
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
    }
}
