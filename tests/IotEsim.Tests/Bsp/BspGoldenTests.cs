using System;
using System.IO;
using System.Text;
using System.Text.Json;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Bsp;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Bsp
{
    /// <summary>
    /// BSP against the golden data in ../shared/testdata/bsp: the large pySim vectors (PPK segments,
    /// a complete BPP) and the captured es9plus download, re-derived from its one-time keys. Each
    /// runs on both crypto providers. The BPP is walked locally with rsp/Asn1 (no message models).
    /// </summary>
    [TestClass]
    public class BspGoldenTests
    {
        private static readonly ICryptoProvider Portable = new PortableCryptoProvider(SecureRandomSource.Instance);
        private static readonly ICryptoProvider Bcl = BclCryptoProvider.Instance;

        private static JsonElement Vectors()
        {
            return JsonDocument.Parse(TestData.Text("bsp/pysim-unittest-vectors.json")).RootElement;
        }

        private static byte[] H(JsonElement e, string name) { return Hex.Decode(e.GetProperty(name).GetString()); }

        private static string Upper(JsonElement e, string name) { return e.GetProperty(name).GetString().ToUpperInvariant(); }

        [TestMethod] public void SegmentProtectionVectors_Portable() { SegmentProtectionVectors(Portable); }
        [TestMethod] public void SegmentProtectionVectors_Bcl() { SegmentProtectionVectors(Bcl); }

        private static void SegmentProtectionVectors(ICryptoProvider crypto)
        {
            foreach (JsonElement inst in Vectors().GetProperty("segment_protection").EnumerateArray())
            {
                var smdp = new BspSession(crypto, H(inst, "s_enc"), H(inst, "s_mac"), H(inst, "initial_mcv"));
                var euicc = new BspSession(crypto, H(inst, "s_enc"), H(inst, "s_mac"), H(inst, "initial_mcv"));
                foreach (JsonElement op in inst.GetProperty("operations").EnumerateArray())
                {
                    int tag = Convert.ToInt32(op.GetProperty("tag").GetString(), 16);
                    byte[] plain = H(op, "plaintext");
                    string expected = Upper(op, "expected_output");
                    bool macOnly = op.GetProperty("op").GetString() == "mac_only";
                    byte[] seg = macOnly ? smdp.ProtectMacOnly(tag, plain, 0, plain.Length) : smdp.ProtectEncrypted(tag, plain, 0, plain.Length);
                    Assert.AreEqual(expected, Hex.Encode(seg));
                    Assert.IsTrue(seg.Length <= BspSession.MaxSegmentLength);
                    byte[] back = macOnly ? euicc.VerifyMacOnly(seg, 0, seg.Length) : euicc.UnwrapEncrypted(seg, 0, seg.Length);
                    Assert.AreEqual(Hex.Encode(plain), Hex.Encode(back));
                }
            }
        }

        [TestMethod] public void PysimBppDecode_Portable() { PysimBppDecode(Portable); }
        [TestMethod] public void PysimBppDecode_Bcl() { PysimBppDecode(Bcl); }

        /// <summary>
        /// pySim's TestBSPdecode BPP. Its quirk: each SEQUENCE OF element is an 87/88/86 whose value is
        /// the complete protected 87/88/86 TLV, so the MAC and decryption apply to the inner TLV.
        /// </summary>
        private static void PysimBppDecode(ICryptoProvider crypto)
        {
            JsonElement v = Vectors().GetProperty("bpp_decode")[0];
            byte[] bpp = H(v, "bpp_der");
            Tlv root = TlvReader.Parse(bpp, 0, bpp.Length, false);
            Assert.AreEqual(0xBF36, root.Tag);
            var session = new BspSession(crypto, H(v, "s_enc"), H(v, "s_mac"), H(v, "initial_mcv"));

            Tlv[] a0 = root.Require(0xA0).ChildArray();
            Assert.AreEqual(1, a0.Length);
            Tlv inner = Inner(a0[0]);
            Assert.AreEqual(Upper(v, "expected_configureISDP_plain"), Hex.Encode(session.UnwrapEncrypted(inner.Buffer, inner.Offset, inner.TotalLength)));

            Tlv[] a1 = root.Require(0xA1).ChildArray();
            Assert.AreEqual(1, a1.Length);
            inner = Inner(a1[0]);
            Assert.AreEqual(Upper(v, "expected_storeMetadata_plain"), Hex.Encode(session.VerifyMacOnly(inner.Buffer, inner.Offset, inner.TotalLength)));

            Assert.IsNull(root.Find(0xA2));
            // No A2 in this BPP, yet its 86 segments use the PPKs (see the vector's note).
            session.ReplaceSessionKeys(H(v, "ppk_enc"), H(v, "ppk_mac"), H(v, "ppk_initial_mcv"));
            Tlv[] a3 = root.Require(0xA3).ChildArray();
            Assert.AreEqual(13, a3.Length);
            var upp = new MemoryStream();
            foreach (Tlv seg in a3)
            {
                inner = Inner(seg);
                byte[] plain = session.UnwrapEncrypted(inner.Buffer, inner.Offset, inner.TotalLength);
                upp.Write(plain, 0, plain.Length);
            }
            Assert.AreEqual(Upper(v, "expected_upp_der"), Hex.Encode(upp.ToArray()));
        }

        private static Tlv Inner(Tlv outer)
        {
            Tlv t = TlvReader.Parse(outer.Buffer, outer.ValueOffset, outer.Length, false);
            Assert.AreEqual(outer.Tag, t.Tag);
            return t;
        }

        [TestMethod] public void CapturedDownloadSession_Portable() { CapturedDownloadSession(Portable); }
        [TestMethod] public void CapturedDownloadSession_Bcl() { CapturedDownloadSession(Bcl); }

        /// <summary>
        /// The es9plus-download capture: ECDH from otSK.EUICC.ECKA and the SM-DP+'s otPK (from BF23),
        /// KDF with the hostId from the CRT and the EID, every segment's MAC as logged in session.json,
        /// and the decrypted profile segments concatenate to exactly upp-decrypted.der.
        /// </summary>
        private static void CapturedDownloadSession(ICryptoProvider crypto)
        {
            JsonElement s = JsonDocument.Parse(TestData.Text("bsp/es9plus-download-session/session.json")).RootElement;
            byte[] bpp = TestData.Bytes("bsp/es9plus-download-session/bpp.der");
            byte[] expectedUpp = TestData.Bytes("bsp/es9plus-download-session/upp-decrypted.der");
            JsonElement[] logged = ToArray(s.GetProperty("segments"));

            Tlv root = TlvReader.Parse(bpp, 0, bpp.Length, false);
            Assert.AreEqual(0xBF36, root.Tag);
            Tlv isc = root.Require(0xBF23);
            byte[] otPkDp = isc.Require(0x5F49).Value();
            byte[] hostId = isc.Require(0xA6).Require(0x84).Value();
            Assert.AreEqual("mahlzeit", Encoding.ASCII.GetString(hostId));

            // The eUICC side of the key agreement, and the SM-DP+ side must agree.
            byte[] otSkEuicc = H(s.GetProperty("euicc"), "otSK.EUICC.ECKA");
            Assert.AreEqual(Upper(s.GetProperty("euicc"), "otPK.EUICC.ECKA"), Hex.Encode(crypto.DerivePublicKey(otSkEuicc)));
            byte[] z = crypto.Ecdh(otSkEuicc, otPkDp);
            Assert.AreEqual(Upper(s, "ecdh_shared_secret_Z"), Hex.Encode(z));
            Assert.AreEqual(Hex.Encode(z), Hex.Encode(crypto.Ecdh(H(s.GetProperty("smdp"), "otSK.DP.ECKA"), H(s.GetProperty("euicc"), "otPK.EUICC.ECKA"))));

            byte[] eid = H(s, "eid");
            JsonElement kdf = s.GetProperty("kdf");
            Assert.AreEqual(Upper(kdf, "shared_info"), Hex.Encode(BspSessionKeys.BuildSharedInfo(0x88, 0x10, hostId, eid)));
            BspSessionKeys keys = BspSessionKeys.Derive(crypto, z, hostId, eid);
            Assert.AreEqual(Upper(kdf, "initial_mac_chaining_value"), Hex.Encode(keys.InitialMacChainingValue));
            Assert.AreEqual(Upper(kdf, "s_enc"), Hex.Encode(keys.SEnc));
            Assert.AreEqual(Upper(kdf, "s_mac"), Hex.Encode(keys.SMac));

            var session = new BspSession(crypto, keys);
            int li = 0;
            byte[] plain;

            foreach (Tlv seg in root.Require(0xA0).ChildArray())
            {
                plain = Check(session, seg, logged[li++], true);
                Assert.AreEqual(Upper(s, "configureISDPRequest_plain"), Hex.Encode(plain));
            }
            foreach (Tlv seg in root.Require(0xA1).ChildArray())
            {
                plain = Check(session, seg, logged[li++], false);
                Assert.AreEqual(Upper(s, "storeMetadataRequest_plain"), Hex.Encode(plain));
            }
            Tlv a2 = root.Find(0xA2);
            Assert.IsNotNull(a2);
            byte[] rsk = null;
            foreach (Tlv seg in a2.ChildArray()) rsk = Check(session, seg, logged[li++], true);
            // ReplaceSessionKeysRequest BF26 {80 initialMacChainingValue, 81 ppkEnc, 82 ppkCmac}
            Tlv bf26 = TlvReader.Parse(rsk, 0, rsk.Length, true);
            Assert.AreEqual(0xBF26, bf26.Tag);
            session.ReplaceSessionKeys(bf26.Require(0x81).Value(), bf26.Require(0x82).Value(), bf26.Require(0x80).Value());

            var upp = new MemoryStream();
            foreach (Tlv seg in root.Require(0xA3).ChildArray())
            {
                plain = Check(session, seg, logged[li++], true);
                upp.Write(plain, 0, plain.Length);
            }
            Assert.AreEqual(logged.Length, li);
            byte[] got = upp.ToArray();
            Assert.AreEqual(expectedUpp.Length, got.Length);
            Assert.AreEqual(Hex.Encode(crypto.Sha256(expectedUpp, 0, expectedUpp.Length)), Hex.Encode(crypto.Sha256(got, 0, got.Length)));
            Assert.IsTrue(Bytes.Equal(expectedUpp, got));
        }

        /// <summary>Checks the logged counter/MCV/MAC/plaintext for one segment, then unwraps it.</summary>
        private static byte[] Check(BspSession session, Tlv seg, JsonElement log, bool encrypted)
        {
            Assert.AreEqual(Convert.ToInt32(log.GetProperty("tag").GetString(), 16), seg.Tag);
            Assert.AreEqual(log.GetProperty("segment_length").GetInt32(), seg.TotalLength);
            Assert.AreEqual(log.GetProperty("block_counter").GetInt32(), (int)session.BlockCounter);
            Assert.AreEqual(Upper(log, "mac_chaining_value_in"), Hex.Encode(session.MacChainingValue));
            Assert.AreEqual(Upper(log, "cmac_truncated"), Hex.Encode(seg.Buffer, seg.End - 8, 8));
            byte[] plain = encrypted ? session.UnwrapEncrypted(seg.Buffer, seg.Offset, seg.TotalLength) : session.VerifyMacOnly(seg.Buffer, seg.Offset, seg.TotalLength);
            Assert.AreEqual(log.GetProperty("plaintext_length").GetInt32(), plain.Length);
            JsonElement p;
            if (log.TryGetProperty("plaintext", out p)) Assert.AreEqual(p.GetString().ToUpperInvariant(), Hex.Encode(plain));
            if (log.TryGetProperty("plaintext_sha256", out p))
                Assert.AreEqual(p.GetString().ToUpperInvariant(), Hex.Encode(Portable.Sha256(plain, 0, plain.Length)));
            return plain;
        }

        private static JsonElement[] ToArray(JsonElement arr)
        {
            var r = new JsonElement[arr.GetArrayLength()];
            int i = 0;
            foreach (JsonElement e in arr.EnumerateArray()) r[i++] = e;
            return r;
        }
    }
}
