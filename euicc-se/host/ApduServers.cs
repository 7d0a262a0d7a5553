using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;

namespace IotEsim.Euicc.Host
{
    /// <summary>Length-prefixed framing shared by the TCP server and vpcd: 2-byte big-endian length, then the payload.</summary>
    public static class Framing
    {
        public static byte[] Read(Stream s)
        {
            var h = ReadExactly(s, 2);
            if (h == null) return null;
            int n = (h[0] << 8) | h[1];
            return n == 0 ? new byte[0] : ReadExactly(s, n);
        }

        public static void Write(Stream s, byte[] payload)
        {
            var b = new byte[2 + payload.Length];
            b[0] = (byte)(payload.Length >> 8);
            b[1] = (byte)payload.Length;
            Array.Copy(payload, 0, b, 2, payload.Length);
            s.Write(b, 0, b.Length);
            s.Flush();
        }

        private static byte[] ReadExactly(Stream s, int n)
        {
            var b = new byte[n];
            int got = 0;
            while (got < n)
            {
                int r = s.Read(b, got, n - got);
                if (r <= 0) return null;
                got += r;
            }
            return b;
        }
    }

    /// <summary>TCP APDU server: each frame is one command APDU, answered by one response frame.</summary>
    public sealed class TcpApduServer : IDisposable
    {
        private readonly ISmartCard _card;
        private readonly TcpListener _listener;

        public TcpApduServer(ISmartCard card, IPAddress address, int port)
        {
            _card = card;
            _listener = new TcpListener(address, port);
            _listener.Start();
        }

        public int Port { get { return ((IPEndPoint)_listener.LocalEndpoint).Port; } }

        /// <summary>Serves one client until it disconnects.</summary>
        public void ServeOne()
        {
            using (var client = _listener.AcceptTcpClient())
            using (var s = client.GetStream())
            {
                for (;;)
                {
                    var apdu = Framing.Read(s);
                    if (apdu == null) return;
                    Framing.Write(s, _card.ProcessApdu(apdu));
                }
            }
        }

        public void Dispose() { _listener.Stop(); }
    }

    /// <summary>
    /// vsmartcard vpcd client: the card connects to vpcd (default 127.0.0.1:35963). One-byte payloads are control
    /// messages (00 power off, 01 power on, 02 reset, 04 get ATR); longer ones are APDUs.
    /// </summary>
    public sealed class VpcdClient
    {
        public const int DefaultPort = 35963;
        private readonly ISmartCard _card;

        public VpcdClient(ISmartCard card) { _card = card; }

        public void Run(string host, int port)
        {
            using (var client = new TcpClient(host, port))
            using (var s = client.GetStream()) Serve(s);
        }

        public void Serve(Stream s)
        {
            for (;;)
            {
                var msg = Framing.Read(s);
                if (msg == null) return;
                if (msg.Length == 1)
                {
                    switch (msg[0])
                    {
                        case 0x00: break;
                        case 0x01:
                        case 0x02: _card.Reset(); break;
                        case 0x04: Framing.Write(s, _card.Atr); break;
                    }
                    continue;
                }
                Framing.Write(s, _card.ProcessApdu(msg));
            }
        }
    }

    /// <summary>Line protocol: one hex APDU per input line, one hex response per output line.</summary>
    public static class StdioServer
    {
        public static void Run(ISmartCard card, TextReader input, TextWriter output)
        {
            string line;
            while ((line = input.ReadLine()) != null)
            {
                line = line.Trim().Replace(" ", "");
                if (line.Length == 0) continue;
                byte[] apdu;
                try { apdu = Hex.Decode(line); }
                catch (Exception) { output.WriteLine("6F00"); output.Flush(); continue; }
                output.WriteLine(Hex.Encode(card.ProcessApdu(apdu)));
                output.Flush();
            }
        }
    }
}
