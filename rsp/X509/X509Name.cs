using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.X509
{
    /// <summary>
    /// An X.501 Name (RDNSequence) as found in issuer/subject and in nameConstraints
    /// directoryName subtrees. Keeps the raw DER (issuer/subject matching compares bytes, the way
    /// RSP CAs always copy names) plus the attributes RSP reads: CN, O, OU, C and serialNumber
    /// (the EID in CERT.EUICC, the EID prefix in an EUM's name constraints).
    /// </summary>
    public sealed class X509Name
    {
        /// <summary>The complete Name TLV (30 ...).</summary>
        public readonly byte[] Der;
        private readonly string[] _oids;
        private readonly string[] _values;

        private X509Name(byte[] der, string[] oids, string[] values)
        {
            Der = der;
            _oids = oids;
            _values = values;
        }

        public int AttributeCount { get { return _oids.Length; } }
        public string AttributeOid(int i) { return _oids[i]; }
        public string AttributeValue(int i) { return _values[i]; }

        public string CommonName { get { return Get(Oid.CommonName); } }
        public string Organization { get { return Get(Oid.Organization); } }
        public string OrganizationalUnit { get { return Get(Oid.OrganizationalUnit); } }
        public string Country { get { return Get(Oid.Country); } }
        public string SerialNumber { get { return Get(Oid.SerialNumber); } }

        /// <summary>First value of the attribute <paramref name="oid"/>, or null.</summary>
        public string Get(string oid)
        {
            for (int i = 0; i < _oids.Length; i++) if (_oids[i] == oid) return _values[i];
            return null;
        }

        public bool EqualsDer(X509Name other)
        {
            return other != null && Bytes.Equal(Der, other.Der);
        }

        /// <summary>Parses a Name TLV (SEQUENCE OF SET OF AttributeTypeAndValue).</summary>
        public static X509Name Parse(Tlv name)
        {
            name.Expect(Tags.Sequence);
            int count = 0;
            var rdns = name.ChildArray();
            for (int i = 0; i < rdns.Length; i++)
            {
                rdns[i].Expect(Tags.Set);
                count += rdns[i].ChildArray().Length;
            }
            var oids = new string[count];
            var values = new string[count];
            int k = 0;
            for (int i = 0; i < rdns.Length; i++)
            {
                var atvs = rdns[i].ChildArray();
                for (int j = 0; j < atvs.Length; j++)
                {
                    var atv = atvs[j].Expect(Tags.Sequence);
                    var r = atv.Children();
                    oids[k] = Oid.Decode(r.Read());
                    var v = r.Read();
                    values[k] = DecodeString(v);
                    k++;
                }
            }
            return new X509Name(name.Encoded(), oids, values);
        }

        /// <summary>Text of a DirectoryString/PrintableString/IA5String value; other types as hex.</summary>
        private static string DecodeString(Tlv v)
        {
            switch (v.Tag)
            {
                case Tags.Utf8String:
                case Tags.PrintableString:
                case Tags.Ia5String:
                case 0x14: // TeletexString: treated as Latin-1-ish ASCII; RSP names are ASCII
                    try { return v.AsUtf8(); }
                    catch (Exception) { throw new DerException(DerError.InvalidValue, v.ValueOffset, "bad string in Name"); }
                default:
                    return "#" + Hex.Encode(v.Buffer, v.ValueOffset, v.Length);
            }
        }

        /// <summary>Short "CN=..,O=.." text for traces (not an RFC 4514 encoder).</summary>
        public override string ToString()
        {
            var sb = new System.Text.StringBuilder();
            for (int i = 0; i < _oids.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(ShortName(_oids[i]));
                sb.Append('=');
                sb.Append(_values[i]);
            }
            return sb.ToString();
        }

        private static string ShortName(string oid)
        {
            if (oid == Oid.CommonName) return "CN";
            if (oid == Oid.Organization) return "O";
            if (oid == Oid.OrganizationalUnit) return "OU";
            if (oid == Oid.Country) return "C";
            if (oid == Oid.SerialNumber) return "serialNumber";
            return oid;
        }
    }
}
