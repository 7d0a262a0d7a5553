using System;
using System.IO;
using System.Text;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Host;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Es9Plus;

namespace IotEsim.Bench
{
    /// <summary>
    /// Synthetic Bound Profile Packages shaped like the captured one (bsp/es9plus-download-session/bpp.der):
    /// BF36 { BF23 (copied), A0 (copied), A1 { 88 (copied) }, A3 { 86 x n } } with 1020-byte random
    /// segments until the requested size, and the getBoundProfilePackage JSON body around it.
    /// </summary>
    public static class SyntheticBpp
    {
        public const int SegmentContent = 1020;

        public static byte[] Build(int targetBytes, int seed)
        {
            byte[] real = Repo.Bytes("bsp/es9plus-download-session/bpp.der");
            var outer = TlvReader.ParseAndValidate(real);
            byte[] bf23 = null, a0 = null, a1 = null;
            var kids = outer.Children();
            while (kids.HasMore)
            {
                var c = kids.Read();
                if (c.Tag == 0xBF23) bf23 = c.Encoded();
                else if (c.Tag == 0xA0) a0 = c.Encoded();
                else if (c.Tag == 0xA1) a1 = c.Encoded();
            }
            if (bf23 == null || a0 == null || a1 == null) throw new InvalidDataException("bpp.der lacks BF23/A0/A1");
            var rng = new Random(seed);
            var segs = new MemoryStream();
            int head = bf23.Length + a0.Length + a1.Length + 16;
            var seg = new byte[SegmentContent];
            while (head + segs.Length < targetBytes)
            {
                rng.NextBytes(seg);
                segs.Write(Der.Encode(0x86, seg));
            }
            byte[] a3 = Der.Encode(0xA3, segs.ToArray());
            var body = new MemoryStream();
            body.Write(bf23); body.Write(a0); body.Write(a1); body.Write(a3);
            return Der.Encode(0xBF36, body.ToArray());
        }

        /// <summary>A getBoundProfilePackage response body as osmo-smdpp orders it (BPP before the header).</summary>
        public static byte[] JsonBody(byte[] bpp)
        {
            var sb = new StringBuilder();
            sb.Append("{\"transactionId\":\"064FF977B76C4C49909E1F2C65E806DA\",\"boundProfilePackage\":\"");
            sb.Append(Convert.ToBase64String(bpp));
            sb.Append("\",\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}}}");
            return Encoding.UTF8.GetBytes(sb.ToString());
        }
    }

    /// <summary>An ISD-R behind <see cref="IsdrApplet"/> that accepts every STORE DATA of a BPP, keeps nothing,
    /// and answers a ProfileInstallationResult once the BF36 TLV is complete.</summary>
    public sealed class AcceptingProcessor : IEs10Processor
    {
        public static readonly byte[] Pir = { 0xBF, 0x37, 0x03, 0x80, 0x01, 0x00 };
        private long _fed, _total = -1;
        private readonly byte[] _head = new byte[8];
        private int _headLen;
        public int Requests;

        public byte[] ProcessRequest(byte[] request)
        {
            Requests++;
            // GetEID, the only other request the benches send.
            return new byte[] { 0xBF, 0x3E, 0x12, 0x5A, 0x10, 0x89, 0x04, 0x90, 0x32, 0x12, 0x34, 0x51, 0x23, 0x45, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x35 };
        }

        public bool BppInProgress { get { return _fed > 0 && (_total < 0 || _fed < _total); } }

        public void BppFeed(byte[] data, int offset, int count)
        {
            for (int i = 0; i < count && _headLen < _head.Length; i++) _head[_headLen++] = data[offset + i];
            _fed += count;
            if (_total < 0 && _headLen >= 4)
            {
                int lenOff = 2, l = _head[lenOff];
                long len; int hl;
                if (l < 0x80) { len = l; hl = 3; }
                else { int n = l & 0x7F; len = 0; for (int i = 0; i < n; i++) len = (len << 8) | _head[lenOff + 1 + i]; hl = 3 + n; }
                _total = hl + len;
            }
        }

        public byte[] BppEndOfSequence()
        {
            if (_total >= 0 && _fed >= _total) { _fed = 0; _total = -1; _headLen = 0; return Pir; }
            return null;
        }

        public bool HasEnabledProfile { get { return false; } }
        public void OnReset() { _fed = 0; _total = -1; _headLen = 0; }
    }

    /// <summary>Transport decorator that reads the settled live heap before every APDU.</summary>
    public sealed class HeapProbeTransport : RawApduTransport
    {
        private readonly ISmartCard _card;
        public long Baseline;
        public long MaxAbove;
        public int Apdus;
        public int MaxAt;
        public bool Probing;

        public HeapProbeTransport(ISmartCard card) { _card = card; }
        public override void Connect() { }
        public override void Disconnect() { }

        public override byte[] Transmit(byte[] command)
        {
            if (Probing)
            {
                long now = GC.GetTotalMemory(true);
                if (now - Baseline > MaxAbove) { MaxAbove = now - Baseline; MaxAt = Apdus; }
                Apdus++;
            }
            return _card.ProcessApdu(command);
        }
    }

    public static class BppMemoryBench
    {
        public static void Run(int kb)
        {
            byte[] bpp = SyntheticBpp.Build(kb * 1024, kb);
            byte[] body = SyntheticBpp.JsonBody(bpp);
            var card = new IsdrApplet(new AcceptingProcessor());
            var probe = new HeapProbeTransport(card);
            var es10 = new Es10Channel(probe);
            es10.Open();
            var input = new MemoryStream(body, false);
            bpp = null;
            // Warm the path on a package of the same size (twice: tiered JIT and lazily created runtime data
            // allocate on first use) so they are in the baseline, not in the delta.
            for (int w = 0; w < 2; w++)
                Load(es10, new MemoryStream(SyntheticBpp.JsonBody(SyntheticBpp.Build(Math.Min(kb, 256) * 1024, w + 100)), false));

            probe.Baseline = GC.GetTotalMemory(true);
            probe.Probing = true;
            int hwm;
            byte[] pir = Load(es10, input, out hwm);
            probe.Probing = false;
            if (pir == null || pir.Length != AcceptingProcessor.Pir.Length) throw new InvalidOperationException("no ProfileInstallationResult");
            Figures.Add("IPA heap", "BPP " + (kb >= 1024 ? (kb / 1024) + " MB" : kb + " KB") + " streamed, live heap above baseline",
                probe.MaxAbove / 1024.0, "KB", 16,
                "max at APDU " + probe.MaxAt + "; " + probe.Apdus + " APDUs probed (GC.GetTotalMemory(true) each); JsonBase64Stream buffer HWM " + (hwm / 1024.0).ToString("0.0") + " KB; body " + (body.Length / 1024) + " KB in baseline");
            GC.KeepAlive(body);
        }

        private static byte[] Load(Es10Channel es10, Stream body)
        {
            int hwm;
            return Load(es10, body, out hwm);
        }

        private static byte[] Load(Es10Channel es10, Stream body, out int hwm)
        {
            var reader = new GetBoundProfilePackageResponseReader(body);
            if (!reader.MoveToBoundProfilePackage()) throw new InvalidOperationException("no BPP in body");
            var s = reader.OpenBoundProfilePackage();
            byte[] pir = LoadBoundProfilePackage.Execute(es10, s, null);
            hwm = s.BufferHighWaterMark;
            reader.Finish();
            return pir;
        }
    }
}
