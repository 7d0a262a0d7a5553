using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using IotEsim.Rsp.Apdu;

namespace IotEsim.Cli.Transports
{
    /// <summary>
    /// PC/SC reader through pcsc-lite (libpcsclite.so.1, talking to pcscd). On Linux x64 pcsc-lite's DWORD and LONG
    /// are C `unsigned long`/`long` (64-bit), so every DWORD-sized value is marshalled as nint.
    /// </summary>
    public sealed class PcscTransport : RawApduTransport
    {
        private const string Lib = "libpcsclite.so.1";
        private const int ScopeSystem = 2;
        private const int ShareShared = 2;
        public const int ProtocolT0 = 1;
        public const int ProtocolT1 = 2;
        private const int LeaveCard = 0;
        private const int ResetCard = 1;

        [StructLayout(LayoutKind.Sequential)]
        private struct IoRequest { public nint Protocol; public nint PciLength; }

        [DllImport(Lib)] private static extern nint SCardEstablishContext(nint scope, IntPtr r1, IntPtr r2, out nint context);
        [DllImport(Lib)] private static extern nint SCardReleaseContext(nint context);
        [DllImport(Lib)] private static extern nint SCardListReaders(nint context, IntPtr groups, byte[] readers, ref nint length);
        [DllImport(Lib)] private static extern nint SCardConnect(nint context, [MarshalAs(UnmanagedType.LPUTF8Str)] string reader, nint share, nint protocols, out nint card, out nint active);
        [DllImport(Lib)] private static extern nint SCardDisconnect(nint card, nint disposition);
        [DllImport(Lib)] private static extern nint SCardTransmit(nint card, ref IoRequest sendPci, byte[] send, nint sendLength, IntPtr recvPci, byte[] recv, ref nint recvLength);

        private readonly string _reader;
        private nint _context;
        private nint _card;
        private int _protocol;

        /// <param name="reader">reader name (or a unique substring), a 0-based index, or null for the first reader with a card.</param>
        public PcscTransport(string reader) { _reader = reader; }

        public string ReaderName { get; private set; }
        public int Protocol { get { return _protocol; } }

        public static string Describe(long rc)
        {
            uint c = unchecked((uint)rc);
            switch (c)
            {
                case 0x8010001D: return "SCARD_E_NO_SERVICE (pcscd is not running)";
                case 0x8010002E: return "SCARD_E_NO_READERS_AVAILABLE (no reader attached)";
                case 0x8010000C: return "SCARD_E_NO_SMARTCARD (no card in the reader)";
                case 0x80100069: return "SCARD_W_REMOVED_CARD (card removed)";
                case 0x80100066: return "SCARD_W_UNRESPONSIVE_CARD (card does not answer)";
                case 0x80100017: return "SCARD_E_READER_UNAVAILABLE";
                case 0x80100009: return "SCARD_E_UNKNOWN_READER";
                case 0x8010000B: return "SCARD_E_SHARING_VIOLATION (reader in exclusive use)";
                case 0x8010000A: return "SCARD_E_TIMEOUT";
                case 0x8010000F: return "SCARD_E_PROTO_MISMATCH";
                default: return "PC/SC error 0x" + c.ToString("X8");
            }
        }

        private static void Check(nint rc, string what)
        {
            if (rc != 0) throw new ApduTransportException(what + ": " + Describe(rc));
        }

        private static nint Establish()
        {
            nint ctx;
            try { Check(SCardEstablishContext(ScopeSystem, IntPtr.Zero, IntPtr.Zero, out ctx), "PC/SC"); }
            catch (DllNotFoundException)
            {
                throw new ApduTransportException("PC/SC: libpcsclite.so.1 not found (install libpcsclite1 and pcscd)");
            }
            return ctx;
        }

        /// <summary>Names of the attached readers (empty when none).</summary>
        public static string[] ListReaders()
        {
            nint ctx = Establish();
            try { return ListReaders(ctx); }
            finally { SCardReleaseContext(ctx); }
        }

        private static string[] ListReaders(nint ctx)
        {
            nint len = 0;
            nint rc = SCardListReaders(ctx, IntPtr.Zero, null, ref len);
            if (unchecked((uint)rc) == 0x8010002E) return new string[0];
            Check(rc, "SCardListReaders");
            var buf = new byte[(int)len];
            rc = SCardListReaders(ctx, IntPtr.Zero, buf, ref len);
            if (unchecked((uint)rc) == 0x8010002E) return new string[0];
            Check(rc, "SCardListReaders");
            var names = new List<string>();
            int start = 0;
            for (int i = 0; i < (int)len; i++)
            {
                if (buf[i] != 0) continue;
                if (i > start) names.Add(Encoding.UTF8.GetString(buf, start, i - start));
                start = i + 1;
            }
            return names.ToArray();
        }

        public override void Connect()
        {
            if (_card != 0) return;
            _context = Establish();
            try
            {
                var readers = ListReaders(_context);
                if (readers.Length == 0) throw new ApduTransportException("PC/SC: no readers (is the reader plugged in / vpcd configured?)");
                var candidates = new List<string>();
                int index;
                if (string.IsNullOrEmpty(_reader)) candidates.AddRange(readers);
                else if (int.TryParse(_reader, out index))
                {
                    if (index < 0 || index >= readers.Length) throw new ApduTransportException("PC/SC: reader index " + index + " out of range (" + readers.Length + " readers)");
                    candidates.Add(readers[index]);
                }
                else
                {
                    foreach (var r in readers) if (r == _reader) candidates.Add(r);
                    if (candidates.Count == 0) foreach (var r in readers) if (r.IndexOf(_reader, StringComparison.OrdinalIgnoreCase) >= 0) candidates.Add(r);
                    if (candidates.Count == 0) throw new ApduTransportException("PC/SC: no reader matches '" + _reader + "' (readers: " + string.Join("; ", readers) + ")");
                }
                nint last = 0;
                foreach (var name in candidates)
                {
                    nint card, active;
                    nint rc = SCardConnect(_context, name, ShareShared, ProtocolT0 | ProtocolT1, out card, out active);
                    if (rc == 0)
                    {
                        _card = card;
                        _protocol = (int)active;
                        ReaderName = name;
                        return;
                    }
                    last = rc;
                }
                throw new ApduTransportException("PC/SC: cannot connect to " + string.Join("; ", candidates) + ": " + Describe(last));
            }
            catch
            {
                SCardReleaseContext(_context);
                _context = 0;
                throw;
            }
        }

        public override void Disconnect()
        {
            if (_card != 0) { SCardDisconnect(_card, LeaveCard); _card = 0; }
            if (_context != 0) { SCardReleaseContext(_context); _context = 0; }
        }

        public override byte[] Transmit(byte[] command)
        {
            if (_card == 0) throw new ApduTransportException("PC/SC: not connected");
            var pci = new IoRequest { Protocol = _protocol, PciLength = Marshal.SizeOf<IoRequest>() };
            var recv = new byte[65538];
            nint len = recv.Length;
            Check(SCardTransmit(_card, ref pci, command, command.Length, IntPtr.Zero, recv, ref len), "SCardTransmit");
            var r = new byte[(int)len];
            Array.Copy(recv, r, r.Length);
            if (r.Length < 2) throw new ApduTransportException("PC/SC: response shorter than a status word");
            return r;
        }
    }
}
