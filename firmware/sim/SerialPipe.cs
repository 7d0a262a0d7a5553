using System;
using System.Collections.Generic;
using IotEsim.Firmware.Serial;

namespace IotEsim.Firmware.Sim
{
    /// <summary>Time that only moves when the simulation says so: timeouts cost no wall-clock time and runs are repeatable.</summary>
    public sealed class VirtualClock : IClock
    {
        public long NowMs { get; private set; }

        public void Advance(long ms)
        {
            if (ms > 0) NowMs += ms;
        }
    }

    /// <summary>
    /// An in-memory full-duplex UART: two <see cref="PipeEnd"/>s, each an <see cref="ISerialLink"/>.
    /// Bytes are delivered in the chunks the writer produced, each chunk with an optional delay
    /// (virtual milliseconds before its first byte is readable), so byte boundaries and timing are
    /// whatever the simulated peer chose. A peer can be driven synchronously through
    /// <see cref="PipeEnd.DataArrived"/>, called after each write to that end.
    /// </summary>
    public sealed class SerialPipe
    {
        public SerialPipe(VirtualClock clock)
        {
            Clock = clock;
            A = new PipeEnd(clock);
            B = new PipeEnd(clock);
            A.Peer = B;
            B.Peer = A;
        }

        public VirtualClock Clock { get; }

        /// <summary>The host end (ESP32 / IPA).</summary>
        public PipeEnd A { get; }

        /// <summary>The device end (modem / eUICC board).</summary>
        public PipeEnd B { get; }
    }

    public sealed class PipeEnd : ISerialLink
    {
        private sealed class Chunk
        {
            public byte[] Data;
            public int Pos;
            public long ReadyAt;
        }

        private readonly VirtualClock _clock;
        private readonly Queue<Chunk> _inbound = new Queue<Chunk>();
        private long _lastReadyAt;

        internal PipeEnd(VirtualClock clock)
        {
            _clock = clock;
        }

        internal PipeEnd Peer { get; set; }

        /// <summary>Called after bytes were written to this end's inbound side (lets a simulated peer react synchronously).</summary>
        public Action DataArrived { get; set; }

        /// <summary>Optional line fault: gets each chunk this end sends and returns what arrives (corrupted, truncated...).</summary>
        public Func<byte[], byte[]> Tamper { get; set; }

        /// <summary>Bytes this end wrote (transmitted on its TX line).</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Bytes this end read.</summary>
        public long BytesRead { get; private set; }

        public int PendingBytes
        {
            get
            {
                int n = 0;
                foreach (var c in _inbound) n += c.Data.Length - c.Pos;
                return n;
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            Send(buffer, offset, count, 0);
        }

        /// <summary>Writes one chunk that becomes readable delayMs after the previous chunk (line time, modem latency).</summary>
        public void Send(byte[] buffer, int offset, int count, int delayMs)
        {
            if (count <= 0) return;
            var data = new byte[count];
            Array.Copy(buffer, offset, data, 0, count);
            BytesWritten += count;
            if (Tamper != null) data = Tamper(data);
            if (data == null || data.Length == 0) return;
            Peer.Enqueue(data, delayMs);
            Peer.DataArrived?.Invoke();
        }

        private void Enqueue(byte[] data, int delayMs)
        {
            long start = Math.Max(_clock.NowMs, _lastReadyAt);
            long ready = start + delayMs;
            _lastReadyAt = ready;
            _inbound.Enqueue(new Chunk { Data = data, ReadyAt = ready });
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (_inbound.Count == 0)
            {
                _clock.Advance(timeoutMs);
                return 0;
            }
            var c = _inbound.Peek();
            if (c.ReadyAt > _clock.NowMs)
            {
                long wait = c.ReadyAt - _clock.NowMs;
                if (wait > timeoutMs)
                {
                    _clock.Advance(timeoutMs);
                    return 0;
                }
                _clock.Advance(wait);
            }
            int n = Math.Min(count, c.Data.Length - c.Pos);
            Array.Copy(c.Data, c.Pos, buffer, offset, n);
            c.Pos += n;
            if (c.Pos == c.Data.Length) _inbound.Dequeue();
            BytesRead += n;
            return n;
        }

        public void DiscardInput()
        {
            _inbound.Clear();
        }
    }
}
