using System;
using System.Net.Sockets;
using IotEsim.Euicc.Host;
using IotEsim.Rsp.Apdu;

namespace IotEsim.Cli.Transports
{
    /// <summary>Client of the eUICC host's TCP APDU server: each APDU and each response is one frame (2-byte big-endian length + bytes).</summary>
    public sealed class TcpApduTransport : RawApduTransport
    {
        private readonly string _host;
        private readonly int _port;
        private TcpClient _client;
        private NetworkStream _stream;

        public TcpApduTransport(string host, int port) { _host = host; _port = port; }

        public int TimeoutMs = 30000;

        public override void Connect()
        {
            if (_client != null) return;
            var c = new TcpClient();
            try
            {
                if (!c.ConnectAsync(_host, _port).Wait(TimeoutMs)) throw new ApduTransportException("TCP: connect to " + _host + ":" + _port + " timed out");
            }
            catch (AggregateException e)
            {
                c.Dispose();
                throw new ApduTransportException("TCP: cannot connect to " + _host + ":" + _port + ": " + e.InnerException.Message);
            }
            c.NoDelay = true;
            c.ReceiveTimeout = TimeoutMs;
            _client = c;
            _stream = c.GetStream();
        }

        public override void Disconnect()
        {
            if (_client == null) return;
            _stream.Dispose();
            _client.Dispose();
            _client = null;
            _stream = null;
        }

        public override byte[] Transmit(byte[] command)
        {
            if (_stream == null) throw new ApduTransportException("TCP: not connected");
            try
            {
                Framing.Write(_stream, command);
                var r = Framing.Read(_stream);
                if (r == null) throw new ApduTransportException("TCP: the server closed the connection");
                return r;
            }
            catch (System.IO.IOException e) { throw new ApduTransportException("TCP: " + e.Message); }
        }
    }
}
