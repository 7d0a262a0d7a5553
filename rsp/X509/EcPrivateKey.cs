using System;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.X509
{
    /// <summary>
    /// EC private keys from their storage formats into a 32-byte scalar: SEC1 ECPrivateKey (RFC 5915,
    /// "EC PRIVATE KEY") and unencrypted PKCS#8 PrivateKeyInfo (RFC 5208/5958, "PRIVATE KEY").
    /// The overloads with an <c>out EcCurve</c> accept both RSP curves (NIST P-256 and brainpoolP256r1) and say which
    /// one the key names (<see cref="EcCurve.Unknown"/> for a SEC1 key without parameters: the certificate decides).
    /// The overloads without it return a bare scalar the caller will use as P-256, so they refuse any other curve:
    /// a brainpool scalar must never be used on P-256 by accident.
    /// Malformed input throws <see cref="DerException"/>; an unsupported curve throws <see cref="DerException"/>
    /// with <see cref="DerError.InvalidValue"/>.
    /// </summary>
    public static class EcPrivateKey
    {
        /// <summary>Scalar from PEM text holding either an "EC PRIVATE KEY" or a "PRIVATE KEY" block.</summary>
        /// <exception cref="FormatException">no supported PEM block, or bad base64</exception>
        public static byte[] FromPem(string pem)
        {
            EcCurve curve;
            return P256Only(FromPem(pem, out curve), curve);
        }

        /// <summary>Scalar and curve from PEM text holding an "EC PRIVATE KEY" or a "PRIVATE KEY" block.</summary>
        /// <exception cref="FormatException">no supported PEM block, or bad base64</exception>
        public static byte[] FromPem(string pem, out EcCurve curve)
        {
            byte[] der = Pem.Decode(pem, "EC PRIVATE KEY");
            if (der != null) return ParseSec1(der, out curve);
            der = Pem.Decode(pem, "PRIVATE KEY");
            if (der != null) return ParsePkcs8(der, out curve);
            throw new FormatException("no EC PRIVATE KEY or PRIVATE KEY block");
        }

        /// <summary>Scalar and curve from SEC1 or PKCS#8 DER (SEC1 tried first).</summary>
        public static byte[] FromDer(byte[] der, out EcCurve curve)
        {
            try { return ParseSec1(der, out curve); }
            catch (DerException) { return ParsePkcs8(der, out curve); }
        }

        private static byte[] P256Only(byte[] scalar, EcCurve curve)
        {
            // A SEC1 key without parameters has always been taken as P-256 here.
            if (curve != EcCurve.P256 && curve != EcCurve.Unknown)
                throw new DerException(DerError.InvalidValue, 0, "private key curve " + EcCurves.Name(curve) + " is not P-256");
            return scalar;
        }

        /// <summary>ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }.</summary>
        public static byte[] ParseSec1(byte[] der)
        {
            EcCurve curve;
            return P256Only(ParseSec1(der, out curve), curve);
        }

        /// <summary>SEC1 ECPrivateKey on P-256 or brainpoolP256r1; <paramref name="curve"/> is Unknown without parameters.</summary>
        public static byte[] ParseSec1(byte[] der, out EcCurve curve)
        {
            var seq = TlvReader.ParseAndValidate(der).Expect(Tags.Sequence);
            return ParseSec1(seq, null, out curve);
        }

        private static byte[] ParseSec1(Tlv seq, string outerCurve, out EcCurve curveOut)
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
            // The curve may be absent (a SEC1 key without parameters); then the certificate that goes with it decides.
            curveOut = curve == null ? EcCurve.Unknown : EcCurveKeys.FromOid(curve);
            if (curve != null && curveOut == EcCurve.Unknown)
                throw new DerException(DerError.InvalidValue, seq.Offset, "private key curve " + curve + " is neither P-256 nor brainpoolP256r1");
            return Der.DecodeUnsignedInteger(k.Buffer, k.ValueOffset, k.Length, 32);
        }

        /// <summary>PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { id-ecPublicKey, namedCurve }, OCTET STRING ECPrivateKey, ... }.</summary>
        public static byte[] ParsePkcs8(byte[] der)
        {
            EcCurve curve;
            return P256Only(ParsePkcs8(der, out curve), curve);
        }

        /// <summary>PKCS#8 PrivateKeyInfo on P-256 or brainpoolP256r1 (the AlgorithmIdentifier must name the curve).</summary>
        public static byte[] ParsePkcs8(byte[] der, out EcCurve curveOut)
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
            if (EcCurveKeys.FromOid(curve) == EcCurve.Unknown)
                throw new DerException(DerError.InvalidValue, seq.ValueOffset, "private key curve is neither P-256 nor brainpoolP256r1");
            var inner = r.Read(Tags.OctetString);
            var sec1 = TlvReader.Parse(inner.Buffer, inner.ValueOffset, inner.Length, true).Expect(Tags.Sequence);
            TlvReader.Validate(sec1, TlvReader.DefaultMaxDepth);
            return ParseSec1(sec1, curve, out curveOut);
        }
    }
}
