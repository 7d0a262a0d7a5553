using System;
using System.IO;

namespace IotEsim.Firmware.Storage
{
    /// <summary>
    /// The few file operations <see cref="FlashStore"/> needs, on one flat directory (names, not paths). The device
    /// implements it over System.IO.File on the I: drive (LittleFS on the ESP32 config partition, where rename is
    /// atomic); tests implement it over a temp directory, with power cuts injected between operations.
    /// </summary>
    public interface IFlashFiles
    {
        bool Exists(string name);

        /// <summary>Whole file, or null when it does not exist.</summary>
        byte[] ReadAll(string name);

        /// <summary>Stream over the file, or null when it does not exist.</summary>
        Stream OpenRead(string name);

        /// <summary>Creates (truncates) the file for writing; the caller flushes and disposes it.</summary>
        Stream Create(string name);

        /// <summary>Removes the file; no error when it does not exist.</summary>
        void Delete(string name);

        /// <summary>Renames; <paramref name="to"/> does not exist (the store deletes it first).</summary>
        void Move(string from, string to);

        /// <summary>Names of the files in the directory.</summary>
        string[] List();
    }
}
