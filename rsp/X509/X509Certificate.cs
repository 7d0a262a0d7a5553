using System;
using System.Collections;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;

namespace IotEsim.Rsp.X509
{
    /// <summary>Curve of a certificate's EC public key.</summary>
    public enum EcCurve
    {
        /// <summary>Not an EC key, or a curve RSP does not define.</summary>
        Unknown = 0,
        /// <summary>NIST P-256 (prime256v1), through the crypto providers.</summary>
        P256 = 1,
        /// <summary>brainpoolP256r1: allowed by SGP.22; computed with the portable BrainpoolP256r1 (see EcCurves).</summary>
        BrainpoolP256r1 = 2,
    }

    /// <summary>
    /// An X.509 v3 certificate (RFC 5280) parsed as far as GSMA RSP chains need (SGP.22 4.5.2 /
    /// SGP.26 profiles). Keeps views into the input buffer for the parts that get hashed or
    /// compared byte-wise (tbsCertificate, names). <see cref="Parse(byte[])"/> throws only
    /// <see cref="DerException"/> for malformed input.
    /// </summary>
    public sealed class X509Certificate
    {
        // KeyUsage bits as flags (bit n of the BIT STRING = 1 << n).
        public const int KeyUsageDigitalSignature = 1 << 0;
        public const int KeyUsageNonRepudiation = 1 << 1;
        public const int KeyUsageKeyEncipherment = 1 << 2;
        public const int KeyUsageDataEncipherment = 1 << 3;
        public const int KeyUsageKeyAgreement = 1 << 4;
        public const int KeyUsageKeyCertSign = 1 << 5;
        public const int KeyUsageCrlSign = 1 << 6;

        /// <summary>The whole certificate as given.</summary>
        public byte[] Encoded { get; private set; }
        /// <summary>Offset and length of the tbsCertificate TLV inside <see cref="Encoded"/>: the signed bytes.</summary>
        public int TbsOffset { get; private set; }
        public int TbsLength { get; private set; }
        public int Version { get; private set; }
        /// <summary>serialNumber INTEGER content octets as encoded (two's complement).</summary>
        public byte[] SerialNumber { get; private set; }
        public X509Name Issuer { get; private set; }
        public X509Name Subject { get; private set; }
        public long NotBeforeTicks { get; private set; }
        public long NotAfterTicks { get; private set; }

        public string PublicKeyAlgorithmOid { get; private set; }
        public string CurveOid { get; private set; }
        public EcCurve Curve { get; private set; }
        /// <summary>subjectPublicKey BIT STRING content without the unused-bits byte (65-byte 04||X||Y for P-256).</summary>
        public byte[] PublicKey { get; private set; }
        /// <summary>The whole SubjectPublicKeyInfo TLV (SGP.32 eIM configuration carries it).</summary>
        public byte[] SubjectPublicKeyInfo { get; private set; }

        public string SignatureAlgorithmOid { get; private set; }
        /// <summary>signatureValue BIT STRING content (the DER Ecdsa-Sig-Value for ECDSA).</summary>
        public byte[] SignatureValue { get; private set; }
        /// <summary>r||s for ecdsa-with-SHA256 certificates whose signature is well formed, else null.</summary>
        public byte[] RawSignature { get; private set; }

        public byte[] SubjectKeyIdentifier { get; private set; }
        public byte[] AuthorityKeyIdentifier { get; private set; }
        public bool HasKeyUsage { get; private set; }
        /// <summary>KeyUsage flags (<see cref="KeyUsageDigitalSignature"/>...); 0 when absent.</summary>
        public int KeyUsage { get; private set; }
        public bool HasBasicConstraints { get; private set; }
        public bool IsCa { get; private set; }
        /// <summary>pathLenConstraint, -1 when absent.</summary>
        public int PathLength { get; private set; }
        /// <summary>certificatePolicies policy identifiers (dotted), empty when absent.</summary>
        public string[] Policies { get; private set; }
        /// <summary>directoryName entries of nameConstraints.permittedSubtrees (SGP.22 v2 EUM: O + EID prefix in serialNumber).</summary>
        public X509Name[] PermittedDirectoryNames { get; private set; }
        /// <summary>permittedEins extension (SGP.22 v3 EUM): EID prefixes; null when absent.</summary>
        public string[] PermittedEins { get; private set; }
        /// <summary>dNSName entries of subjectAltName.</summary>
        public string[] DnsNames { get; private set; }
        /// <summary>registeredID entries of subjectAltName (SGP.22 puts the entity OID there).</summary>
        public string[] RegisteredIds { get; private set; }
        /// <summary>extendedKeyUsage purposes (dotted), empty when absent.</summary>
        public string[] ExtendedKeyUsages { get; private set; }
        /// <summary>OID of the first critical extension this parser does not understand, or null (RFC 5280 4.2: must reject).</summary>
        public string UnknownCriticalExtension { get; private set; }

        private X509Certificate() { }

        /// <summary>EID of a CERT.EUICC: the subject serialNumber attribute (SGP.22 4.5.2.1.0.2), or null.</summary>
        public string Eid { get { return Subject.SerialNumber; } }

        public bool HasPolicy(string oid)
        {
            for (int i = 0; i < Policies.Length; i++) if (Policies[i] == oid) return true;
            return false;
        }

        public bool IsSelfIssued { get { return Issuer.EqualsDer(Subject); } }

        /// <summary>Copy of the signed tbsCertificate bytes.</summary>
        public byte[] TbsCertificate() { return Bytes.Slice(Encoded, TbsOffset, TbsLength); }

        /// <summary>Parses a DER certificate. Throws <see cref="DerException"/> for anything malformed.</summary>
        public static X509Certificate Parse(byte[] der)
        {
            if (der == null) throw new ArgumentNullException("der");
            var cert = TlvReader.ParseAndValidate(der).Expect(Tags.Sequence);
            var c = new X509Certificate();
            c.Encoded = der;
            var top = cert.Children();
            var tbs = top.Read(Tags.Sequence);
            var sigAlg = top.Read(Tags.Sequence);
            var sigVal = top.Read(Tags.BitString);
            if (top.HasMore) throw new DerException(DerError.TrailingData, top.Position, "extra element in Certificate");
            c.TbsOffset = tbs.Offset;
            c.TbsLength = tbs.TotalLength;

            c.SignatureAlgorithmOid = Oid.Decode(sigAlg.Children().Read());
            c.SignatureValue = BitStringContent(sigVal);
            if (c.SignatureAlgorithmOid == Oid.EcdsaWithSha256)
            {
                // A signature that does not decode is kept as null: the validator reports it as
                // an invalid signature, like a wrong one, rather than as an unparsable certificate.
                try { c.RawSignature = EcdsaSignature.DerToRaw(c.SignatureValue); }
                catch (DerException) { c.RawSignature = null; }
            }

            var r = tbs.Children();
            var ver = r.ReadOptional(0xA0);
            c.Version = ver == null ? 1 : ver.Children().Read(Tags.Integer).AsInt() + 1;
            var serial = r.Read(Tags.Integer);
            if (serial.Length == 0) throw new DerException(DerError.InvalidValue, serial.ValueOffset, "empty serialNumber");
            c.SerialNumber = serial.Value();
            var innerAlg = r.Read(Tags.Sequence);
            if (Oid.Decode(innerAlg.Children().Read()) != c.SignatureAlgorithmOid)
                throw new DerException(DerError.InvalidValue, innerAlg.Offset, "tbsCertificate.signature differs from signatureAlgorithm");
            c.Issuer = X509Name.Parse(r.Read(Tags.Sequence));
            var validity = r.Read(Tags.Sequence).Children();
            c.NotBeforeTicks = X509Time.Parse(validity.Read());
            c.NotAfterTicks = X509Time.Parse(validity.Read());
            c.Subject = X509Name.Parse(r.Read(Tags.Sequence));
            ParseSpki(c, r.Read(Tags.Sequence));
            r.ReadOptional(0x81); // issuerUniqueID
            r.ReadOptional(0x82); // subjectUniqueID
            c.PathLength = -1;
            c.Policies = new string[0];
            c.PermittedDirectoryNames = new X509Name[0];
            c.DnsNames = new string[0];
            c.RegisteredIds = new string[0];
            c.ExtendedKeyUsages = new string[0];
            var exts = r.ReadOptional(0xA3);
            if (r.HasMore) throw new DerException(DerError.TrailingData, r.Position, "extra element in tbsCertificate");
            if (exts != null) ParseExtensions(c, exts.Children().Read(Tags.Sequence));
            return c;
        }

        private static void ParseSpki(X509Certificate c, Tlv spki)
        {
            c.SubjectPublicKeyInfo = spki.Encoded();
            var r = spki.Children();
            var alg = r.Read(Tags.Sequence).Children();
            c.PublicKeyAlgorithmOid = Oid.Decode(alg.Read());
            c.Curve = EcCurve.Unknown;
            if (alg.HasMore)
            {
                var prm = alg.Read();
                if (prm.Tag == Tags.ObjectIdentifier)
                {
                    c.CurveOid = Oid.Decode(prm);
                    if (c.PublicKeyAlgorithmOid == Oid.EcPublicKey)
                    {
                        if (c.CurveOid == Oid.Prime256v1) c.Curve = EcCurve.P256;
                        else if (c.CurveOid == Oid.BrainpoolP256r1) c.Curve = EcCurve.BrainpoolP256r1;
                    }
                }
            }
            c.PublicKey = BitStringContent(r.Read(Tags.BitString));
            if ((c.Curve == EcCurve.P256 || c.Curve == EcCurve.BrainpoolP256r1) && (c.PublicKey.Length != 65 || c.PublicKey[0] != 0x04))
                throw new DerException(DerError.InvalidValue, spki.Offset, "256-bit EC public key must be an uncompressed 65-byte point");
        }

        private static void ParseExtensions(X509Certificate c, Tlv seq)
        {
            var list = seq.ChildArray();
            var seen = new ArrayList();
            for (int i = 0; i < list.Length; i++)
            {
                var r = list[i].Expect(Tags.Sequence).Children();
                string oid = Oid.Decode(r.Read());
                bool critical = false;
                var crit = r.ReadOptional(Tags.Boolean);
                if (crit != null) critical = crit.AsBoolean();
                var val = r.Read(Tags.OctetString);
                if (r.HasMore) throw new DerException(DerError.TrailingData, r.Position, "extra element in Extension");
                if (seen.Contains(oid)) throw new DerException(DerError.InvalidValue, list[i].Offset, "duplicate extension " + oid);
                seen.Add(oid);
                var v = TlvReader.Parse(val.Buffer, val.ValueOffset, val.Length, true);
                if (!ParseExtension(c, oid, v) && critical && c.UnknownCriticalExtension == null) c.UnknownCriticalExtension = oid;
            }
        }

        /// <summary>Returns false for extensions this parser does not interpret.</summary>
        private static bool ParseExtension(X509Certificate c, string oid, Tlv v)
        {
            if (oid == Oid.SubjectKeyIdentifier)
            {
                c.SubjectKeyIdentifier = v.Expect(Tags.OctetString).Value();
            }
            else if (oid == Oid.AuthorityKeyIdentifier)
            {
                // AuthorityKeyIdentifier ::= SEQUENCE { [0] keyIdentifier, [1] issuer, [2] serial }
                var k = v.Expect(Tags.Sequence).Find(0x80);
                if (k != null) c.AuthorityKeyIdentifier = k.Value();
            }
            else if (oid == Oid.KeyUsage)
            {
                var bits = v.Expect(Tags.BitString);
                if (bits.Length < 1) throw new DerException(DerError.InvalidValue, bits.ValueOffset, "empty KeyUsage");
                int flags = 0;
                for (int i = 1; i < bits.Length && i < 3; i++)
                {
                    int b = bits.Buffer[bits.ValueOffset + i];
                    // BIT STRING bit 0 is the most significant bit of the first content byte.
                    for (int j = 0; j < 8; j++) if ((b & (0x80 >> j)) != 0) flags |= 1 << ((i - 1) * 8 + j);
                }
                c.HasKeyUsage = true;
                c.KeyUsage = flags;
            }
            else if (oid == Oid.BasicConstraints)
            {
                var r = v.Expect(Tags.Sequence).Children();
                c.HasBasicConstraints = true;
                var ca = r.ReadOptional(Tags.Boolean);
                c.IsCa = ca != null && ca.AsBoolean();
                var pl = r.ReadOptional(Tags.Integer);
                if (pl != null)
                {
                    c.PathLength = pl.AsInt();
                    if (c.PathLength < 0) throw new DerException(DerError.InvalidValue, pl.ValueOffset, "negative pathLenConstraint");
                }
            }
            else if (oid == Oid.CertificatePolicies)
            {
                var infos = v.Expect(Tags.Sequence).ChildArray();
                var p = new string[infos.Length];
                for (int i = 0; i < infos.Length; i++) p[i] = Oid.Decode(infos[i].Expect(Tags.Sequence).Children().Read());
                c.Policies = p;
            }
            else if (oid == Oid.NameConstraints)
            {
                var permitted = v.Expect(Tags.Sequence).Find(0xA0);
                var names = new ArrayList();
                if (permitted != null)
                {
                    var subtrees = permitted.ChildArray();
                    for (int i = 0; i < subtrees.Length; i++)
                    {
                        var bas = subtrees[i].Expect(Tags.Sequence).Children().Read();
                        // directoryName [4] is EXPLICIT (Name is a CHOICE), so A4 wraps the Name SEQUENCE.
                        if (bas.Tag == 0xA4) names.Add(X509Name.Parse(bas.Children().Read()));
                    }
                }
                var arr = new X509Name[names.Count];
                for (int i = 0; i < arr.Length; i++) arr[i] = (X509Name)names[i];
                c.PermittedDirectoryNames = arr;
            }
            else if (oid == Oid.PermittedEins)
            {
                var items = v.Expect(Tags.Sequence).ChildArray();
                var p = new string[items.Length];
                for (int i = 0; i < items.Length; i++) p[i] = items[i].Expect(Tags.PrintableString).AsUtf8();
                c.PermittedEins = p;
            }
            else if (oid == Oid.SubjectAltName)
            {
                var items = v.Expect(Tags.Sequence).ChildArray();
                var dns = new ArrayList();
                var ids = new ArrayList();
                for (int i = 0; i < items.Length; i++)
                {
                    if (items[i].Tag == 0x82) dns.Add(items[i].AsUtf8());
                    else if (items[i].Tag == 0x88) ids.Add(Oid.Decode(items[i].Buffer, items[i].ValueOffset, items[i].Length));
                }
                c.DnsNames = ToStrings(dns);
                c.RegisteredIds = ToStrings(ids);
            }
            else if (oid == Oid.ExtendedKeyUsage)
            {
                var items = v.Expect(Tags.Sequence).ChildArray();
                var p = new string[items.Length];
                for (int i = 0; i < items.Length; i++) p[i] = Oid.Decode(items[i]);
                c.ExtendedKeyUsages = p;
            }
            else if (oid == Oid.CrlDistributionPoints)
            {
                // Understood enough to accept it; revocation checking is out of scope here.
            }
            else return false;
            return true;
        }

        private static string[] ToStrings(ArrayList l)
        {
            var r = new string[l.Count];
            for (int i = 0; i < r.Length; i++) r[i] = (string)l[i];
            return r;
        }

        private static byte[] BitStringContent(Tlv bits)
        {
            if (bits.Length < 1 || bits.Buffer[bits.ValueOffset] != 0)
                throw new DerException(DerError.InvalidValue, bits.ValueOffset, "BIT STRING with unused bits where whole octets are required");
            return Bytes.Slice(bits.Buffer, bits.ValueOffset + 1, bits.Length - 1);
        }
    }
}
