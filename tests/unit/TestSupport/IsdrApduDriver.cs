using System;
using IotEsim.Euicc.Card;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;

namespace IotEsim.Tests.TestSupport
{
    /// <summary>
    /// Drives an <see cref="IsdrApplet"/> the way a terminal does (SGP.22 §5.7.1, GlobalPlatform STORE DATA): MANAGE
    /// CHANNEL, SELECT of the ISD-R on that channel, each ES10 request in STORE DATA blocks of up to 255 bytes
    /// (P1 11 more / 91 last, P2 block number), answers fetched with GET RESPONSE while the card says 61xx.
    /// Every ES10 exchange in the shared eUICC tests goes through here, so the APDU front end is always in the path.
    /// </summary>
    public sealed class IsdrApduDriver
    {
        public const string IsdrAid = "A0000005591010FFFFFFFF8900000100";

        public readonly IsdrApplet Card;
        private readonly int _channel;
        /// <summary>Status word of the last exchange (9000 = fine).</summary>
        public int LastStatus;

        public IsdrApduDriver(IEs10Processor processor)
        {
            Card = new IsdrApplet(processor);
            byte[] r = Card.ProcessApdu(Hex.Decode("0070000001"));
            if (r.Length != 3 || Sw(r) != 0x9000) throw new InvalidOperationException("MANAGE CHANNEL failed: " + Hex.Encode(r));
            _channel = r[0];
            byte[] sel = Card.ProcessApdu(Hex.Decode("0" + _channel.ToString() + "A4040410" + IsdrAid + "00"));
            int sw = Sw(sel);
            if ((sw & 0xFF00) == 0x6100) { if (Fetch(sw & 0xFF, new byte[0]) == null) throw new InvalidOperationException("SELECT ISD-R: no FCI"); }
            else if (sw != 0x9000) throw new InvalidOperationException("SELECT ISD-R failed: " + Hex.Encode(sel));
        }

        private static int Sw(byte[] r) { return (r[r.Length - 2] << 8) | r[r.Length - 1]; }

        private byte Cla { get { return (byte)(0x80 | _channel); } }

        /// <summary>Sends one ES10 request; returns the response data (possibly empty). A status word other than
        /// 9000/61xx is left in <see cref="LastStatus"/> and null is returned.</summary>
        public byte[] TrySend(byte[] request)
        {
            int blocks = (request.Length + 254) / 255;
            if (blocks == 0) blocks = 1;
            byte[] r = null;
            for (int b = 0; b < blocks; b++)
            {
                int off = b * 255;
                int n = request.Length - off < 255 ? request.Length - off : 255;
                var apdu = new byte[5 + n];
                apdu[0] = Cla; apdu[1] = 0xE2;
                apdu[2] = (byte)(b == blocks - 1 ? 0x91 : 0x11);
                apdu[3] = (byte)b; apdu[4] = (byte)n;
                Array.Copy(request, off, apdu, 5, n);
                r = Card.ProcessApdu(apdu);
                int sw = Sw(r);
                if (b < blocks - 1 && sw != 0x9000) { LastStatus = sw; return null; }
            }
            int last = Sw(r);
            byte[] data = Bytes.Slice(r, 0, r.Length - 2);
            if ((last & 0xFF00) == 0x6100) return Fetch(last & 0xFF, data);
            LastStatus = last;
            return last == 0x9000 ? data : null;
        }

        private byte[] Fetch(int le, byte[] soFar)
        {
            byte[] acc = soFar;
            while (true)
            {
                byte[] r = Card.ProcessApdu(new byte[] { Cla, 0xC0, 0x00, 0x00, (byte)le });
                int sw = Sw(r);
                acc = Bytes.Concat(acc, Bytes.Slice(r, 0, r.Length - 2));
                if ((sw & 0xFF00) == 0x6100) { le = sw & 0xFF; continue; }
                LastStatus = sw;
                return sw == 0x9000 ? acc : null;
            }
        }

        public string StatusHex { get { return Hex.Encode(new byte[] { (byte)(LastStatus >> 8), (byte)LastStatus }); } }

        /// <summary>Sends one ES10 request and expects 9000.</summary>
        public byte[] Send(byte[] request)
        {
            byte[] r = TrySend(request);
            if (r == null) throw new InvalidOperationException("status " + StatusHex + " for " + Hex.Encode(request, 0, request.Length < 8 ? request.Length : 8));
            return r;
        }

        /// <summary>Sends a BPP as an LPA does (one STORE DATA sequence per part, §2.5.5) and returns the first
        /// non-empty answer (the PIR, early on an error) or null when the card never answered.</summary>
        public byte[] LoadBoundProfilePackage(byte[] bpp)
        {
            byte[][] parts = BoundProfilePackageBuilder.Es10Requests(bpp);
            PartsSent = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                byte[] r = Send(parts[i]);
                PartsSent++;
                if (r.Length > 0) return r;
            }
            return null;
        }

        /// <summary>How many BPP parts <see cref="LoadBoundProfilePackage"/> sent before the card answered.</summary>
        public int PartsSent;
    }
}
