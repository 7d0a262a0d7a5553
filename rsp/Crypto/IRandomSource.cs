using System;

namespace IotEsim.Rsp.Crypto
{
    /// <summary>Entropy for key generation and challenges, injected so each platform can supply its best source.</summary>
    public interface IRandomSource
    {
        /// <summary>Fills the whole buffer with random bytes.</summary>
        void GetBytes(byte[] buffer);
    }

    /// <summary>
    /// <see cref="IRandomSource"/> over <see cref="System.Random"/>. On nanoFramework/ESP32 System.Random is fed by
    /// the hardware RNG, which is why this is the device default. On the desktop System.Random is a PRNG and
    /// NOT suitable for keys: desktop code must pass <c>IotEsim.Rsp.Desktop.SecureRandomSource</c> instead.
    /// </summary>
    public sealed class SystemRandomSource : IRandomSource
    {
        private readonly Random _random = new Random();

        public void GetBytes(byte[] buffer)
        {
            _random.NextBytes(buffer);
        }
    }
}
