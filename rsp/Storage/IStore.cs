using System;
using System.IO;

namespace IotEsim.Rsp.Storage
{
    /// <summary>
    /// Persistent key/value storage for the eUICC and the IPA. Keys are short relative names
    /// ("profiles/0001/meta"); '/' separates levels. Implementations: MemoryStore (tests),
    /// a desktop file store (write-new, flush, rename) and a nanoFramework one on the I: drive.
    ///
    /// Contract: each <see cref="Write"/>, <see cref="Delete"/> and <see cref="IStoreWriter.Commit"/>
    /// is atomic. After a power cut at any point, a key holds either its old or its new value, never a mix;
    /// a streamed value that was not committed is invisible.
    /// </summary>
    public interface IStore
    {
        bool Exists(string key);

        /// <summary>The value, or null when the key does not exist.</summary>
        byte[] Read(string key);

        /// <summary>Atomically replaces (or creates) the value.</summary>
        void Write(string key, byte[] value);

        /// <summary>Removes the key; no error if it does not exist.</summary>
        void Delete(string key);

        /// <summary>Keys that start with <paramref name="prefix"/>, in ordinal order.</summary>
        string[] List(string prefix);

        /// <summary>Starts a large value written in pieces (a profile image); nothing is visible until Commit.</summary>
        IStoreWriter BeginWrite(string key);

        /// <summary>Reads a value as a stream, or null when the key does not exist.</summary>
        Stream OpenRead(string key);
    }

    public interface IStoreWriter : IDisposable
    {
        long Length { get; }
        void Write(byte[] data, int offset, int count);
        /// <summary>Makes the value visible atomically (replacing any previous value).</summary>
        void Commit();
        /// <summary>Discards what was written; also what Dispose does when Commit was not called.</summary>
        void Abort();
    }
}
