using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using IotEsim.Firmware.Serial;

namespace IotEsim.Cli.Transports
{
    /// <summary>
    /// A serial port (/dev/ttyUSB0, /dev/ttyACM0, ...) as the firmware core's <see cref="ISerialLink"/>. The line is put
    /// into raw mode at the requested speed with stty(1); a background thread moves received bytes into a queue so reads
    /// can honour a timeout on a blocking tty.
    /// </summary>
    public sealed class TtySerialLink : ISerialLink, IDisposable
    {
        private readonly FileStream _stream;
        private readonly Queue<byte> _rx = new Queue<byte>();
        private readonly object _gate = new object();
        private readonly Thread _reader;
        private volatile bool _closed;
        private string _error;

        public TtySerialLink(string device, int baud)
        {
            if (!File.Exists(device)) throw new IOException("serial port " + device + " does not exist");
            Stty(device, baud);
            _stream = new FileStream(device, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, false);
            _reader = new Thread(ReadLoop) { IsBackground = true, Name = "tty-reader" };
            _reader.Start();
        }

        private static void Stty(string device, int baud)
        {
            var psi = new ProcessStartInfo("stty")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "-F", device, baud.ToString(), "raw", "-echo", "-echoe", "-echok", "-ixon", "-ixoff", "-crtscts", "clocal", "cs8", "-cstopb", "-parenb" })
                psi.ArgumentList.Add(a);
            Process p;
            try { p = Process.Start(psi); }
            catch (Exception e) { throw new IOException("cannot run stty to configure " + device + ": " + e.Message); }
            if (!p.WaitForExit(5000)) { try { p.Kill(); } catch (Exception) { } throw new IOException("stty timed out on " + device); }
            if (p.ExitCode != 0) throw new IOException("stty " + device + " failed: " + p.StandardError.ReadToEnd().Trim());
        }

        private void ReadLoop()
        {
            var buf = new byte[512];
            try
            {
                while (!_closed)
                {
                    int n = _stream.Read(buf, 0, buf.Length);
                    if (n <= 0) { Thread.Sleep(5); continue; }
                    lock (_gate)
                    {
                        for (int i = 0; i < n; i++) _rx.Enqueue(buf[i]);
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (Exception e)
            {
                lock (_gate) { _error = e.Message; Monitor.PulseAll(_gate); }
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _stream.Write(buffer, offset, count);
            _stream.Flush();
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            long deadline = Environment.TickCount64 + timeoutMs;
            lock (_gate)
            {
                while (_rx.Count == 0)
                {
                    if (_error != null && !_closed) throw new IOException("serial read failed: " + _error);
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0) return 0;
                    Monitor.Wait(_gate, (int)left);
                }
                int n = 0;
                while (n < count && _rx.Count > 0) buffer[offset + n++] = _rx.Dequeue();
                return n;
            }
        }

        public void DiscardInput()
        {
            lock (_gate) _rx.Clear();
        }

        public void Dispose()
        {
            _closed = true;
            try { _stream.Dispose(); } catch (Exception) { }
        }
    }
}
