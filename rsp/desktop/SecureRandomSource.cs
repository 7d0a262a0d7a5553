using System.Security.Cryptography;
using IotEsim.Rsp.Crypto;

namespace IotEsim.Rsp.Desktop
{
    /// <summary>
    /// Cryptographically secure <see cref="IRandomSource"/> for the desktop (OS CSPRNG via
    /// RandomNumberGenerator). Pass this to <see cref="PortableCryptoProvider"/> off-device, where
    /// System.Random is not secure.
    /// </summary>
    public sealed class SecureRandomSource : IRandomSource
    {
        public static readonly SecureRandomSource Instance = new SecureRandomSource();

        public void GetBytes(byte[] buffer)
        {
            RandomNumberGenerator.Fill(buffer);
        }
    }
}
