using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.X509
{
    [TestClass]
    public class X509ParsingTests
    {
        // onomondo-eim sample eIM certificate (self-signed P-256, valid 2024-05-22 .. 2124-04-28).
        private const string EimCert = "308201E230820187A00302010202144C607A3FC63DA9F3D172CDEC3A1D6B179A9A964E300A06082A8648CE3D0403023045310B30090603550406130241553113301106035504080C0A536F6D652D53746174653121301F060355040A0C18496E7465726E6574205769646769747320507479204C74643020170D3234303532323131313035355A180F32313234303432383131313035355A3045310B30090603550406130241553113301106035504080C0A536F6D652D53746174653121301F060355040A0C18496E7465726E6574205769646769747320507479204C74643059301306072A8648CE3D020106082A8648CE3D03010703420004FE584A6F450459574AECA195D0299737F74C89BA2D36DF9286EC25D973037A0FBA70D14DF3E1F7D0A305E57B95B731C4DE218D2D7F9F22113ED5D18C2E3DDF1CA3533051301D0603551D0E04160414AE2DBE20E80D51ED88FE6AB42B25B70424407D76301F0603551D23041830168014AE2DBE20E80D51ED88FE6AB42B25B70424407D76300F0603551D130101FF040530030101FF300A06082A8648CE3D0403020349003046022100CF0C3BDF715D05FDFF893E0D23B6634D5C7EC263DD5710072328C5899982637702210087C5E986C4700232639D76F52B63001FF1B57012E098011E8935A3736C5EB5F1";

        // SEC1 key of the SGP.26 test eUICC (../shared/testdata/es9plus-download/certs/SK_EUICC_ECDSA_NIST.pem).
        private const string EuiccKeyPem =
            "-----BEGIN EC PRIVATE KEY-----\n" +
            "MHcCAQEEIBHhVGfcGU8zcYPkYMn2MmAJHhLoECbNZWHhfG2FOcycoAoGCCqGSM49\n" +
            "AwEHoUQDQgAEbbP1OtyH3C/xDHv82HrROulwCa+gZaZ1fuVxs/LrsY9GwdaPPt6w\n" +
            "50suXVQgUefSf1CVIChgWv3vef6f/9A5WQ==\n" +
            "-----END EC PRIVATE KEY-----\n";

        [TestMethod]
        public void OidRoundTrip()
        {
            Assert.AreEqual("2A8648CE3D030107", Hex.Encode(Oid.Encode(Oid.Prime256v1)));
            Assert.AreEqual("678112010201 04".Replace(" ", ""), Hex.Encode(Oid.Encode(RspCertificatePolicy.DpAuth)));
            Assert.AreEqual("060767811201020104", Hex.Encode(Oid.EncodeTlv("2.23.146.1.2.1.4")));
            var b = Oid.Encode("1.3.36.3.3.2.8.1.1.7");
            Assert.AreEqual(Oid.BrainpoolP256r1, Oid.Decode(b, 0, b.Length));
            b = Oid.Encode("2.999.10");
            Assert.AreEqual("8837 0A".Replace(" ", ""), Hex.Encode(b));
            Assert.AreEqual("2.999.10", Oid.Decode(b, 0, b.Length));
            var bad = Hex.Decode("2A86");
            Assert.ThrowsException(typeof(DerException), () => Oid.Decode(bad, 0, bad.Length));
            Assert.ThrowsException(typeof(ArgumentException), () => Oid.Encode("1"));
        }

        [TestMethod]
        public void TimesToTicks()
        {
            Assert.AreEqual(new DateTime(2020, 4, 1, 8, 27, 51).Ticks, X509Time.Parse(TlvReader.Parse(Hex.Decode("170D3230303430313038323735315A"))));
            // UTCTime 49 = 2049, 50 = 1950 (RFC 5280).
            Assert.AreEqual(X509Time.ToTicks(2049, 12, 31, 23, 59, 59), X509Time.Parse(TlvReader.Parse(Hex.Decode("170D3439313233313233353935395A"))));
            Assert.AreEqual(X509Time.ToTicks(1950, 1, 1, 0, 0, 0), X509Time.Parse(TlvReader.Parse(Hex.Decode("170D3530303130313030303030305A"))));
            // GeneralizedTime 7496-01-24 09:48:58 (the SGP.26 eUICC certificate).
            long t = X509Time.Parse(TlvReader.Parse(Hex.Decode("180F37343936303132343039343835385A")));
            Assert.AreEqual(X509Time.ToTicks(7496, 1, 24, 9, 48, 58), t);
            Assert.AreEqual(7496, X509Time.Year(t));
            Assert.AreEqual(new DateTime(2024, 2, 29).Ticks, X509Time.ToTicks(2024, 2, 29, 0, 0, 0));
            Assert.ThrowsException(typeof(DerException), () => X509Time.Parse(TlvReader.Parse(Hex.Decode("170D3233303233303030303030305A")))); // Feb 30
            Assert.ThrowsException(typeof(DerException), () => X509Time.Parse(TlvReader.Parse(Hex.Decode("170B3230303430313038325A"))));
        }

        [TestMethod]
        public void ParsesEmbeddedCertificate()
        {
            var c = X509Certificate.Parse(Hex.Decode(EimCert));
            Assert.AreEqual(3, c.Version);
            Assert.AreEqual("4C607A3FC63DA9F3D172CDEC3A1D6B179A9A964E", Hex.Encode(c.SerialNumber));
            Assert.AreEqual("Internet Widgits Pty Ltd", c.Subject.Organization);
            Assert.AreEqual("AU", c.Issuer.Country);
            Assert.IsTrue(c.IsSelfIssued);
            Assert.IsTrue(c.IsCa);
            Assert.AreEqual(EcCurve.P256, c.Curve);
            Assert.AreEqual("04FE584A6F450459", Hex.Encode(c.PublicKey, 0, 8));
            Assert.AreEqual(X509Time.ToTicks(2124, 4, 28, 11, 10, 55), c.NotAfterTicks);
            Assert.AreEqual(Oid.EcdsaWithSha256, c.SignatureAlgorithmOid);
            Assert.AreEqual("CF0C3BDF715D05FD", Hex.Encode(c.RawSignature, 0, 8));
            Assert.AreEqual("87C5E986C4700232", Hex.Encode(c.RawSignature, 32, 8));
            Assert.AreEqual(0, c.Policies.Length);
            Assert.IsTrue(RspCertificatePolicy.Matches(c, RspRole.Eim));
            Assert.IsFalse(RspCertificatePolicy.Matches(c, RspRole.DpAuth));
            Assert.AreEqual(0x30, c.TbsCertificate()[0]);
        }

        [TestMethod]
        public void MalformedCertificatesThrowDerException()
        {
            var der = Hex.Decode(EimCert);
            for (int n = 0; n < der.Length; n += 13)
            {
                var cut = new byte[n];
                Array.Copy(der, cut, n);
                Assert.ThrowsException(typeof(DerException), () => X509Certificate.Parse(cut));
            }
            Assert.ThrowsException(typeof(DerException), () => X509Certificate.Parse(Hex.Decode("300602010102010103")));
        }

        [TestMethod]
        public void EcdsaSignatureConversion()
        {
            var raw = new byte[64];
            raw[0] = 0x80; raw[31] = 1; raw[63] = 2;
            var der = EcdsaSignature.RawToDer(raw);
            Assert.AreEqual("3026022100800000", Hex.Encode(der, 0, 8));
            Assert.AreEqual(Hex.Encode(raw), Hex.Encode(EcdsaSignature.DerToRaw(der)));
            Assert.ThrowsException(typeof(DerException), () => EcdsaSignature.DerToRaw(Hex.Decode("3006020181020101")));
        }

        [TestMethod]
        public void PemAndSec1PrivateKey()
        {
            Assert.AreEqual("EC PRIVATE KEY", Pem.FirstLabel(EuiccKeyPem));
            var sk = EcPrivateKey.FromPem(EuiccKeyPem);
            Assert.AreEqual("11E15467DC194F337183E460C9F63260091E12E81026CD6561E17C6D8539CC9C", Hex.Encode(sk));
            var der = Pem.Decode(EuiccKeyPem, "EC PRIVATE KEY");
            var again = Pem.Decode(Pem.Encode("EC PRIVATE KEY", der), "EC PRIVATE KEY");
            Assert.AreEqual(Hex.Encode(der), Hex.Encode(again));
            Assert.IsNull(Pem.Decode(EuiccKeyPem, "CERTIFICATE"));
            Assert.ThrowsException(typeof(FormatException), () => Pem.Decode("-----BEGIN X-----\nAB!C\n-----END X-----", "X"));
            Assert.ThrowsException(typeof(FormatException), () => EcPrivateKey.FromPem("nothing"));
        }

        [TestMethod]
        public void Pkcs8PrivateKey()
        {
            // PKCS#8 wrapping of the same scalar (RFC 5208 PrivateKeyInfo around an RFC 5915 key without parameters).
            var sec1 = Hex.Decode("302502010104" + "20" + "11E15467DC194F337183E460C9F63260091E12E81026CD6561E17C6D8539CC9C");
            var w = new TlvWriter();
            w.Begin(Tags.Sequence);
            w.WriteInteger(Tags.Integer, 0);
            w.Begin(Tags.Sequence);
            w.WriteRaw(Oid.EncodeTlv(Oid.EcPublicKey));
            w.WriteRaw(Oid.EncodeTlv(Oid.Prime256v1));
            w.End();
            w.Write(Tags.OctetString, sec1);
            w.End();
            var pem = Pem.Encode("PRIVATE KEY", w.ToArray());
            Assert.AreEqual("11E15467DC194F337183E460C9F63260091E12E81026CD6561E17C6D8539CC9C", Hex.Encode(EcPrivateKey.FromPem(pem)));
            // Same structure on brainpool: rejected.
            var w2 = new TlvWriter();
            w2.Begin(Tags.Sequence);
            w2.WriteInteger(Tags.Integer, 0);
            w2.Begin(Tags.Sequence);
            w2.WriteRaw(Oid.EncodeTlv(Oid.EcPublicKey));
            w2.WriteRaw(Oid.EncodeTlv(Oid.BrainpoolP256r1));
            w2.End();
            w2.Write(Tags.OctetString, sec1);
            w2.End();
            var bp = w2.ToArray();
            Assert.ThrowsException(typeof(DerException), () => EcPrivateKey.ParsePkcs8(bp));
        }

        /// <summary>A minimal certificate with a brainpoolP256r1 key (signature bytes are junk).</summary>
        public static byte[] BrainpoolCertificate()
        {
            var name = new TlvWriter();
            name.Begin(Tags.Sequence).Begin(Tags.Set).Begin(Tags.Sequence);
            name.WriteRaw(Oid.EncodeTlv(Oid.CommonName));
            name.WriteUtf8(Tags.Utf8String, "BP");
            name.End().End().End();
            byte[] nameDer = name.ToArray();
            var point = new byte[65];
            point[0] = 4;
            var w = new TlvWriter();
            w.Begin(Tags.Sequence);
            w.Begin(Tags.Sequence);
            w.Begin(0xA0).WriteInteger(Tags.Integer, 2).End();
            w.WriteInteger(Tags.Integer, 1);
            w.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(Oid.EcdsaWithSha256)).End();
            w.WriteRaw(nameDer);
            w.Begin(Tags.Sequence);
            w.WriteUtf8(Tags.UtcTime, "200101000000Z");
            w.WriteUtf8(Tags.UtcTime, "300101000000Z");
            w.End();
            w.WriteRaw(nameDer);
            w.Begin(Tags.Sequence);
            w.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(Oid.EcPublicKey)).WriteRaw(Oid.EncodeTlv(Oid.BrainpoolP256r1)).End();
            w.Write(Tags.BitString, Bytes.Concat(new byte[] { 0 }, point));
            w.End();
            w.End();
            w.Begin(Tags.Sequence).WriteRaw(Oid.EncodeTlv(Oid.EcdsaWithSha256)).End();
            w.Write(Tags.BitString, Hex.Decode("0030060201010201 01".Replace(" ", "")));
            w.End();
            return w.ToArray();
        }

        [TestMethod]
        public void BrainpoolKeyIsRecognisedNotRejected()
        {
            var c = X509Certificate.Parse(BrainpoolCertificate());
            Assert.AreEqual(EcCurve.BrainpoolP256r1, c.Curve);
            Assert.AreEqual(Oid.BrainpoolP256r1, c.CurveOid);
            Assert.AreEqual(65, c.PublicKey.Length);
            Assert.AreEqual("BP", c.Subject.CommonName);
            Assert.AreEqual(1, c.Version - 2);
        }
    }
}
