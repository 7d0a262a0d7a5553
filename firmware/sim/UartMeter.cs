using System;

namespace IotEsim.Firmware.Sim
{
    /// <summary>UART bytes in both directions per APDU payload byte (command + response, status words included).</summary>
    public sealed class UartMeter
    {
        private readonly SerialPipe _pipe;
        private long _startA, _startB;

        public UartMeter(SerialPipe pipe)
        {
            _pipe = pipe;
            Restart();
        }

        public long PayloadBytes { get; private set; }

        public void Restart()
        {
            _startA = _pipe.A.BytesWritten;
            _startB = _pipe.B.BytesWritten;
            PayloadBytes = 0;
        }

        /// <summary>Counts one exchange's APDU bytes.</summary>
        public void AddExchange(byte[] command, byte[] response)
        {
            PayloadBytes += command.Length + response.Length;
        }

        public long UartBytes
        {
            get { return (_pipe.A.BytesWritten - _startA) + (_pipe.B.BytesWritten - _startB); }
        }

        public double Ratio
        {
            get { return PayloadBytes == 0 ? 0 : (double)UartBytes / PayloadBytes; }
        }
    }
}
