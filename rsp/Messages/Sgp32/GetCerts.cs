using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.Messages.Sgp32
{
    /// <summary>
    /// ES10b.GetCerts (SGP.32 §5.9.10). Request <c>BF56 {[80 euiccCiPKId]}</c> (sole untagged component,
    /// automatic [0]). Response <c>BF56 {A0 {A5 eumCertificate, A6 euiccCertificate}}</c> (the certs
    /// SEQUENCE gets automatic [0]) or <c>BF56 {81 getCertsError}</c>. Decoding also accepts A5/A6
    /// directly inside BF56, as some implementations flatten the CHOICE.
    /// </summary>
    public sealed class GetCerts
    {
        public const int InvalidCiPKId = 1;
        public const int UndefinedError = 127;

        /// <summary>Certificates as ordinary DER (30 ...).</summary>
        public byte[] EumCertificate;
        public byte[] EuiccCertificate;
        /// <summary>-1 when the certificates are present.</summary>
        public int Error = -1;

        public static byte[] EncodeRequest(byte[] euiccCiPKId)
        {
            var w = new TlvWriter();
            w.Begin(RspTags.GetCerts);
            if (euiccCiPKId != null) w.Write(0x80, euiccCiPKId);
            w.End();
            return w.ToArray();
        }

        /// <summary>The requested CI PKID, or null.</summary>
        public static byte[] DecodeRequest(byte[] data)
        {
            var t = Sgp32Der.Parse(data, RspTags.GetCerts);
            var x = t.Find(0x80);
            return x == null ? null : x.Value();
        }

        public byte[] EncodeResponse()
        {
            var w = new TlvWriter(1024);
            w.Begin(RspTags.GetCerts);
            if (Error >= 0) w.WriteInteger(0x81, Error);
            else
            {
                w.Begin(0xA0);
                WriteCert(w, 0xA5, EumCertificate);
                WriteCert(w, 0xA6, EuiccCertificate);
                w.End();
            }
            w.End();
            return w.ToArray();
        }

        private static void WriteCert(TlvWriter w, int tag, byte[] der)
        {
            var c = TlvReader.Parse(der);
            w.Write(tag, der, c.ValueOffset, c.Length);
        }

        public static GetCerts DecodeResponse(byte[] data)
        {
            var t = Sgp32Der.Parse(data, RspTags.GetCerts);
            var g = new GetCerts();
            var e = t.Find(0x81);
            if (e != null) { g.Error = e.AsInt(); return g; }
            var holder = t.Find(0xA0);
            if (holder == null) holder = t;
            g.EumCertificate = Der.Encode(Tags.Sequence, holder.Require(0xA5).Value());
            g.EuiccCertificate = Der.Encode(Tags.Sequence, holder.Require(0xA6).Value());
            return g;
        }
    }
}
