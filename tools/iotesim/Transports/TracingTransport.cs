using System;
using System.IO;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;

namespace IotEsim.Cli.Transports
{
    /// <summary>Wraps a transport and writes every command/response pair (and channel management) to a writer.</summary>
    public sealed class TracingTransport : IApduTransport
    {
        private readonly IApduTransport _inner;
        private readonly Action<string, string> _log;

        /// <param name="log">called with ("tx"|"rx"|"info", text)</param>
        public TracingTransport(IApduTransport inner, Action<string, string> log) { _inner = inner; _log = log; }

        public IApduTransport Inner { get { return _inner; } }

        public void Connect() { _inner.Connect(); }
        public void Disconnect() { _inner.Disconnect(); }

        public byte[] Transmit(byte[] command)
        {
            _log("tx", Hex.Encode(command));
            var r = _inner.Transmit(command);
            _log("rx", Hex.Encode(r));
            return r;
        }

        public int OpenLogicalChannel(byte[] aid)
        {
            // Transports that implement channels themselves (AT+CCHO) do not go through Transmit: log the operation.
            if (!(_inner is RawApduTransport)) _log("info", "open logical channel, select " + Hex.Encode(aid));
            int ch = _inner is RawApduTransport ? OpenViaTransmit(aid) : _inner.OpenLogicalChannel(aid);
            if (!(_inner is RawApduTransport)) _log("info", "logical channel " + ch);
            return ch;
        }

        public void CloseLogicalChannel(int channel)
        {
            if (_inner is RawApduTransport) { new Relay(this).CloseLogicalChannel(channel); return; }
            _log("info", "close logical channel " + channel);
            _inner.CloseLogicalChannel(channel);
        }

        private int OpenViaTransmit(byte[] aid) { return new Relay(this).OpenLogicalChannel(aid); }

        /// <summary>Runs RawApduTransport's MANAGE CHANNEL/SELECT logic through the tracing Transmit.</summary>
        private sealed class Relay : RawApduTransport
        {
            private readonly TracingTransport _t;
            public Relay(TracingTransport t) { _t = t; }
            public override void Connect() { }
            public override void Disconnect() { }
            public override byte[] Transmit(byte[] command) { return _t.Transmit(command); }
        }
    }
}
