using System;
using System.Collections.Generic;
using System.IO;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Util;

namespace IotEsim.Tests.Ipa
{
    /// <summary>An apdus.txt capture ("> " command, "< " response, one line each, hex).</summary>
    public sealed class ApduCapture
    {
        public readonly List<byte[]> Commands = new List<byte[]>();
        public readonly List<byte[]> Responses = new List<byte[]>();

        public static ApduCapture Load(string relativePath)
        {
            var c = new ApduCapture();
            foreach (var raw in File.ReadAllLines(TestData.Path(relativePath)))
            {
                var line = raw.Trim();
                if (line.StartsWith("> ")) c.Commands.Add(Hex.Decode(line.Substring(2)));
                else if (line.StartsWith("< ")) c.Responses.Add(Hex.Decode(line.Substring(2)));
            }
            if (c.Commands.Count != c.Responses.Count) throw new InvalidDataException("unpaired lines in " + relativePath);
            return c;
        }

        /// <summary>One ES10 exchange found in the capture: the reassembled request, the reassembled
        /// response, and the APDU index range it used.</summary>
        public sealed class Es10Exchange
        {
            public byte[] Request;
            public byte[] Response;
            public int First, Count;
        }

        /// <summary>Groups STORE DATA sequences (P1 11.. then 91) and their GET RESPONSE rounds.</summary>
        public List<Es10Exchange> Es10Exchanges()
        {
            var list = new List<Es10Exchange>();
            int i = 0;
            while (i < Commands.Count)
            {
                var cmd = Commands[i];
                if (cmd[1] != 0xE2) { i++; continue; }
                var ex = new Es10Exchange { First = i };
                var req = new MemoryStream();
                var resp = new MemoryStream();
                while (true)
                {
                    cmd = Commands[i];
                    req.Write(cmd, 5, cmd[4]);
                    var r = Responses[i];
                    i++;
                    if (cmd[2] == 0x91)
                    {
                        resp.Write(r, 0, r.Length - 2);
                        int sw = StatusWord.Of(r);
                        while ((sw & 0xFF00) == 0x6100 && i < Commands.Count && Commands[i][1] == 0xC0)
                        {
                            r = Responses[i++];
                            resp.Write(r, 0, r.Length - 2);
                            sw = StatusWord.Of(r);
                        }
                        break;
                    }
                }
                ex.Count = i - ex.First;
                ex.Request = req.ToArray();
                ex.Response = resp.ToArray();
                list.Add(ex);
            }
            return list;
        }
    }

    /// <summary>A transport that must be driven with exactly the recorded commands, in order,
    /// and answers with the recorded responses.</summary>
    public sealed class ReplayTransport : IApduTransport
    {
        private readonly ApduCapture _c;
        private int _next;
        private readonly int _channel;

        public ReplayTransport(ApduCapture capture, int start, int channel)
        {
            _c = capture;
            _next = start;
            _channel = channel;
        }

        public int Position { get { return _next; } }

        public void Connect() { }
        public void Disconnect() { }
        public int OpenLogicalChannel(byte[] aid) { return _channel; }
        public void CloseLogicalChannel(int channel) { }

        public void Seek(int index) { _next = index; }

        public byte[] Transmit(byte[] command)
        {
            if (_next >= _c.Commands.Count) throw new ApduTransportException("capture exhausted; got " + Hex.Encode(command));
            var expected = _c.Commands[_next];
            if (Hex.Encode(expected) != Hex.Encode(command))
                throw new ApduTransportException("APDU " + _next + " differs:\n expected " + Hex.Encode(expected) + "\n actual   " + Hex.Encode(command));
            return _c.Responses[_next++];
        }
    }
}
