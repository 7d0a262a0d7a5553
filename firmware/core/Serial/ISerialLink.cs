using System;

namespace IotEsim.Firmware.Serial
{
    /// <summary>
    /// A byte pipe to a UART peer (cellular modem, eUICC board, host). The firmware wraps
    /// System.IO.Ports.SerialPort in it; tests wrap an in-memory pipe, so the AT and framing
    /// logic runs unchanged on the desktop.
    /// </summary>
    public interface ISerialLink
    {
        /// <summary>Writes count bytes; returns when they are queued for transmission.</summary>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>Reads up to count bytes. Waits at most timeoutMs for the first byte and returns
        /// what is available then; 0 means nothing arrived in time (never blocks longer).</summary>
        int Read(byte[] buffer, int offset, int count, int timeoutMs);

        /// <summary>Drops whatever has been received but not read yet.</summary>
        void DiscardInput();
    }

    /// <summary>Millisecond time source. The device uses <see cref="SystemClock"/>; tests use a
    /// virtual clock that the simulated link advances, so timeouts cost no wall time.</summary>
    public interface IClock
    {
        long NowMs { get; }
    }

    public class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();

        public long NowMs
        {
            get { return DateTime.UtcNow.Ticks / 10000; }
        }
    }
}
