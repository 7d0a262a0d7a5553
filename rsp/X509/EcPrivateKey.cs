using System;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.X509
{
    /// <summary>
    /// P-256 private keys from their storage formats into the 32-byte scalar
    /// <see cref="IotEsim.Rsp.Crypto.ICryptoProvider"/> takes: SEC1 ECPrivateKey (RFC 5915,
    /// "EC PRIVATE KEY") and unencrypted PKCS#8 PrivateKeyInfo (RFC 5208/5958, "PRIVATE KEY").
    /// Malformed input throws <see cref="DerException"/>; a key on another curve throws
    /// <see cref="DerException"/> with <see cref="DerError.InvalidValue"/>.
    /// </summary>
    public static class EcPrivateKey
    {
        /// <summary>Scalar from PEM text holding either an "EC PRIVATE KEY" or a "PRIVATE KEY" block.</summary>
        /// <exception cref="FormatException">no supported PEM block, or bad base64</exception>
        public static byte[] FromPem(string pem)
        {
            byte[] der = Pem.Decode(pem, "EC PRIVATE KEY");
            if (der != null) return ParseSec1(der);
            der = Pem.Decode(pem, "PRIVATE KEY");
            if (der != null) return ParsePkcs8(der);
            throw new FormatException("no EC PRIVATE KEY or PRIVATE KEY block");
        }

        /// <summary>ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }.</summary>
        public static byte[] ParseSec1(byte[] der)
        {
            var seq = TlvReader.ParseAndValidate(der).Expect(Tags.Sequence);
            return ParseSec1(seq, null);
        }

        private static byte[] ParseSec1(Tlv seq, string outerCurve)
        {
            var r = seq.Children();
            if (r.Read(Tags.Integer).AsInt() != 1) throw new DerException(DerError.InvalidValue, seq.ValueOffset, "ECPrivateKey version must be 1");
            var k = r.Read(Tags.OctetString);
            string curve = outerCurve;
            var p = r.ReadOptional(0xA0);
            if (p != null)
            {
                var c = p.Children();
                string inner = Oid.Decode(c.Read());
                if (curve != null && inner != curve) throw new DerException(DerError.InvalidValue, p.Offset, "curve in ECPrivateKey differs from AlgorithmIdentifier");
                curve = inner;
            }
            // The curve may be absent in a SEC1 key embedded in PKCS#8 without parameters; only P-256 is supported anyway.
            if (curve != null && curve != Oid.Prime256v1) throw new DerException(DerError.InvalidValue, seq.Offset, "private key curve " + curve + " is not P-256");
            return Der.DecodeUnsignedInteger(k.Buffer, k.ValueOffset, k.Length, 32);
        }

        /// <summary>PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { id-ecPublicKey, namedCurve }, OCTET STRING ECPrivateKey, ... }.</summary>
        public static byte[] ParsePkcs8(byte[] der)
        {
            var seq = TlvReader.ParseAndValidate(der).Expect(Tags.Sequence);
            var r = seq.Children();
            int version = r.Read(Tags.Integer).AsInt();
            if (version != 0 && version != 1) throw new DerException(DerError.InvalidValue, seq.ValueOffset, "PrivateKeyInfo version " + version.ToString());
            var alg = r.Read(Tags.Sequence).Children();
            string algOid = Oid.Decode(alg.Read());
            if (algOid != Oid.EcPublicKey) throw new DerException(DerError.InvalidValue, seq.ValueOffset, "not an EC key: " + algOid);
            string curve = null;
            if (alg.HasMore)
            {
                var prm = alg.Read();
                if (prm.Tag == Tags.ObjectIdentifier) curve = Oid.Decode(prm);
            }
            if (curve != Oid.Prime256v1) throw new DerException(DerError.InvalidValue, seq.ValueOffset, "private key curve is not P-256");
            var inner = r.Read(Tags.OctetString);
            var sec1 = TlvReader.Parse(inner.Buffer, inner.ValueOffset, inner.Length, true).Expect(Tags.Sequence);
            TlvReader.Validate(sec1, TlvReader.DefaultMaxDepth);
            return ParseSec1(sec1, curve);
        }
    }
}
