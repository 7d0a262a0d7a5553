using System;
using System.Diagnostics;
using System.IO.Ports;
using System.Threading;
using IotEsim.Euicc.Card;
using IotEsim.Firmware.Framing;
using IotEsim.Firmware.Serial;
using IotEsim.Rsp.Apdu;
using nanoFramework.Hardware.Esp32;

namespace IotEsim.Euicc.Board
{
    /// <summary>
    /// The C# eUICC board: a second ESP32 that answers the framed UART link (hardware/uart-framing.md)
    /// with the euicc-se engine behind an ISD-R APDU front end.
    /// Pinout (ESP32-DevKitC, see hardware/euicc-board.json):
    ///   GPIO17 = UART1 TX (COM2) -> IPA board GPIO16 (RX)
    ///   GPIO16 = UART1 RX (COM2) <- IPA board GPIO17 (TX)
    ///   GND    = common ground;   EN <- IPA board GPIO4 (optional card reset line, active low)
    /// 115200 baud, 8N1, no flow control.
    /// </summary>
    public class BoardProgram
    {
        public const int TxPin = 17;
        public const int RxPin = 16;
        public const int Baud = 115200;

        public static void Main()
        {
            Configuration.SetPinFunction(TxPin, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(RxPin, DeviceFunction.COM2_RX);
            var link = new BoardSerialLink("COM2", Baud);
            ISmartCard card = BoardCard.Create();
            var server = new FramedLinkServer(link, card, SystemClock.Instance);
            Debug.WriteLine("eUICC board ready on COM2");
            while (true)
            {
                server.Poll(50);
            }
        }
    }

    /// <summary>Builds the card the board serves.</summary>
    public static class BoardCard
    {
        public static ISmartCard Create()
        {
            // The euicc-se engine's IEs10Processor plugs in here once it lands; until then every ES10
            // function is refused with 6A81 so the link itself can be brought up and tested.
            return new IsdrApplet(new NotYetProcessor());
        }

        private class NotYetProcessor : IEs10Processor
        {
            public byte[] ProcessRequest(byte[] request) { throw new Es10StatusException(StatusWord.FunctionNotSupported, "engine not linked"); }
            public bool BppInProgress { get { return false; } }
            public void BppFeed(byte[] data, int offset, int count) { throw new Es10StatusException(StatusWord.FunctionNotSupported, "engine not linked"); }
            public byte[] BppEndOfSequence() { return null; }
            public bool HasEnabledProfile { get { return false; } }
            public void OnReset() { }
        }
    }

    /// <summary>ISerialLink over SerialPort with the receive buffer raised above one maximum frame (306 bytes).</summary>
    public class BoardSerialLink : ISerialLink
    {
        private readonly SerialPort _port;

        public BoardSerialLink(string portName, int baud)
        {
            _port = new SerialPort(portName, baud);
            _port.ReadBufferSize = 1024;
            _port.WriteTimeout = 1000;
            _port.Open();
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _port.Write(buffer, offset, count);
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            int waited = 0;
            while (_port.BytesToRead == 0)
            {
                if (waited >= timeoutMs) return 0;
                Thread.Sleep(2);
                waited += 2;
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
