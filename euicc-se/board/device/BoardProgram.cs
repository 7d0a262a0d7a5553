using System;
using System.Diagnostics;
using System.IO.Ports;
using System.Threading;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Firmware.Device;
using IotEsim.Firmware.Framing;
using IotEsim.Firmware.Serial;
using IotEsim.Firmware.Storage;
using IotEsim.Rsp.Crypto;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;

namespace IotEsim.Euicc.Board
{
    /// <summary>
    /// The C# eUICC board: a second ESP32 that answers the framed UART link (hardware/uart-framing.md) with the real
    /// euicc-se engine (<see cref="BoardEuicc"/>): identity from I:\ credential files, state in I:\euicc\ through an
    /// atomic <see cref="IotEsim.Firmware.Storage.FlashStore"/>.
    /// Pinout (ESP32-DevKitC, see hardware/euicc-board.json and hardware/README.md):
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
        public const string CredentialDir = "I:\\";
        public const string StateDir = "I:\\euicc";

        public static void Main()
        {
            Configuration.SetPinFunction(TxPin, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(RxPin, DeviceFunction.COM2_RX);
            IsdrApplet card;
            try
            {
                // No RTC and no network on the board: certificate validity periods are not checked (options.Clock null),
                // as on eUICCs without a trusted time source; signatures and chains are.
                var store = new FlashStore(new NanoFlashFiles(StateDir));
                if (store.Repaired > 0) Debug.WriteLine("I store: finished " + store.Repaired.ToString() + " interrupted write(s)");
                card = BoardEuicc.Create(new CredentialFiles(CredentialDir), store, new PortableCryptoProvider(), new EuiccOptions());
            }
            catch (Exception e)
            {
                // Without credentials there is nothing to serve; say why on the debug port and retry after a minute
                // (a maker deploys the files with nanoff --filedeployment meanwhile).
                Debug.WriteLine("E eUICC board: " + e.Message);
                Thread.Sleep(60000);
                Power.RebootDevice();
                return;
            }
            var link = new BoardSerialLink("COM2", Baud);
            var server = new FramedLinkServer(link, card, IotEsim.Firmware.Serial.SystemClock.Instance);
            Debug.WriteLine("eUICC board ready on COM2");
            while (true)
            {
                server.Poll(50);
            }
        }
    }

    /// <summary>Credential files in the root of I:\ (where nanoff --filedeployment puts them).</summary>
    public class CredentialFiles : ICredentialFiles
    {
        private readonly NanoFlashFiles _files;

        public CredentialFiles(string directory)
        {
            _files = new NanoFlashFiles(directory);
        }

        public byte[] ReadAll(string name)
        {
            return _files.ReadAll(name);
        }
    }

    /// <summary>ISerialLink over SerialPort with the receive buffer raised above two maximum frames (2 x 1030 bytes).</summary>
    public class BoardSerialLink : ISerialLink
    {
        private readonly SerialPort _port;

        public BoardSerialLink(string portName, int baud)
        {
            _port = new SerialPort(portName, baud);
            _port.ReadBufferSize = 2048;
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
