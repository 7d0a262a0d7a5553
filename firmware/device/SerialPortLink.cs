using System;
using System.IO.Ports;
using System.Threading;
using IotEsim.Firmware.Serial;
using nanoFramework.Hardware.Esp32;

namespace IotEsim.Firmware.Device
{
    /// <summary>
    /// ISerialLink over nanoFramework's SerialPort. COMn is ESP32 UART(n-1); COM1 carries the debugger,
    /// so the modem / eUICC board uses COM2 (UART1) or COM3 (UART2) on pins routed with
    /// Configuration.SetPinFunction. The driver's receive buffer defaults to 256 bytes, less than one
    /// AT+CSIM answer for a 256-byte response (~540 bytes), so it is raised before Open.
    /// </summary>
    public class SerialPortLink : ISerialLink
    {
        /// <summary>Two full AT answers, or four maximum frames, fit in the driver buffer.</summary>
        public const int ReceiveBufferSize = 2048;
        private const int PollMs = 2;

        private readonly SerialPort _port;

        public SerialPortLink(string portName, int txPin, int rxPin, int baud)
        {
            if (portName == "COM2")
            {
                Configuration.SetPinFunction(txPin, DeviceFunction.COM2_TX);
                Configuration.SetPinFunction(rxPin, DeviceFunction.COM2_RX);
            }
            else if (portName == "COM3")
            {
                Configuration.SetPinFunction(txPin, DeviceFunction.COM3_TX);
                Configuration.SetPinFunction(rxPin, DeviceFunction.COM3_RX);
            }
            else throw new ArgumentException("use COM2 or COM3 (COM1 is the debug port)");
            _port = new SerialPort(portName, baud);
            _port.ReadBufferSize = ReceiveBufferSize;
            _port.WriteTimeout = 2000;
            _port.ReadTimeout = 50;
            _port.Open();
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _port.Write(buffer, offset, count);
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            // Wait for the first byte by polling BytesToRead so that the timeout is ours, then take what is there.
            int waited = 0;
            while (_port.BytesToRead == 0)
            {
                if (waited >= timeoutMs) return 0;
                Thread.Sleep(PollMs);
                waited += PollMs;
            }
            int available = _port.BytesToRead;
            return _port.Read(buffer, offset, available < count ? available : count);
        }

        public void DiscardInput()
        {
            var scratch = new byte[64];
            while (_port.BytesToRead > 0)
            {
                int n = _port.BytesToRead;
                _port.Read(scratch, 0, n < scratch.Length ? n : scratch.Length);
            }
        }
    }
}
