using System;
using IotEsim.Rsp.Bsp;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.Bsp
{
    /// <summary>
    /// BSP key derivation and segment protection against the pySim vectors
    /// (../shared/testdata/bsp/pysim-unittest-vectors.json, the *_mode51 session), on the portable provider.
    /// </summary>
    [TestClass]
    public class BspSessionTests
    {
        private static readonly ICryptoProvider Crypto = new PortableCryptoProvider();

        private const string SEnc = "472F5BFADD97F21D34F3CE9B51B92751";
        private const string SMac = "9EC07F5B36A13E12A991D66E294E6242";
        private const string Mcv = "406D507B448A699E7A36A38494DEBBDE";

        private const string ConfigureIsdp = "BF2400";
        private const string ConfigureIsdpSeg = "8718F6FE031E4B9CFE87C8E1E62F3FDE85C49412D7722A6A2D89";
        private const string StoreMetadata = "BF252D5A0A98001032547698103214910947534D415F54455354921147534D415F544553545F50524F46494C45950100";
        private const string StoreMetadataSeg = "8838" + StoreMetadata + "8A62CC9ADBB5CCBC";
        private const string Replace = "BF26368010000102030405060708090A0B0C0D0E0F8110010102030405060708090A0B0C0D0E0F8210020102030405060708090A0B0C0D0E0F";
        private const string ReplaceSeg = "8748A14C800A001992351CD46AD2945654674369701D82B7B46567652BC8FBED234939FC57FBA748015525FD6C651E9D3D1330652D42A0CFAD950E912122AF4EC5362D3C0BC535729C40";

        private static byte[] H(string s) { return Hex.Decode(s); }

        private static BspSession Fresh()
        {
            return new BspSession(Crypto, new BspSessionKeys(H(Mcv), H(SEnc), H(SMac)));
        }

        [TestMethod]
        public void DerivesSessionKeysInMcvEncMacOrder()
        {
            byte[] eid = H("89049032123451234512345678901235");
            byte[] hostId = H("8080808080808080");
            Assert.AreEqual("88100880808080808080801089049032123451234512345678901235",
                Hex.Encode(BspSessionKeys.BuildSharedInfo(0x88, 0x10, hostId, eid)));
            BspSessionKeys k = BspSessionKeys.Derive(Crypto, H("C9A993DD4879A8F7161F2085410EDD4F9652F1DF37BE097BA96BA2CA6BE528FE"), hostId, eid);
            Assert.AreEqual(Mcv, Hex.Encode(k.InitialMacChainingValue));
            Assert.AreEqual(SEnc, Hex.Encode(k.SEnc));
            Assert.AreEqual(SMac, Hex.Encode(k.SMac));

            k = BspSessionKeys.Derive(Crypto, H("8902DCA391BBB22570FE60C176076246F568B1941265DFF1D729E63039658089"),
                hostId, H("89049032123451234512345678901335"));
            Assert.AreEqual("734BC93DDB10C71C5AD13D420DC08B5B", Hex.Encode(k.InitialMacChainingValue));
            Assert.AreEqual("D782D575B22A38334556A3D9A1E2AE6B", Hex.Encode(k.SEnc));
            Assert.AreEqual("A35ADDC192AE8F934E2932116C7E89E7", Hex.Encode(k.SMac));
        }

        [TestMethod]
        public void SmdpSideProducesPysimSegments()
        {
            BspSession s = Fresh();
            byte[] p = H(ConfigureIsdp);
            Assert.AreEqual(ConfigureIsdpSeg, Hex.Encode(s.ProtectEncrypted(0x87, p, 0, p.Length)));
            p = H(StoreMetadata);
            Assert.AreEqual(StoreMetadataSeg, Hex.Encode(s.ProtectMacOnly(0x88, p, 0, p.Length)));
            p = H(Replace);
            Assert.AreEqual(ReplaceSeg, Hex.Encode(s.ProtectEncrypted(0x87, p, 0, p.Length)));
            Assert.AreEqual(4, (int)s.BlockCounter);
        }

        [TestMethod]
        public void EuiccSideUnwrapsPysimSegments()
        {
            BspSession s = Fresh();
            // Segments embedded at an offset: the session works on (offset, count) ranges.
            byte[] buf = Bytes.Concat(H("FFFF"), H(ConfigureIsdpSeg));
            Assert.AreEqual(ConfigureIsdp, Hex.Encode(s.UnwrapEncrypted(buf, 2, buf.Length - 2)));
            Assert.AreEqual(2, (int)s.BlockCounter);
            byte[] seg = H(StoreMetadataSeg);
            Assert.AreEqual(StoreMetadata, Hex.Encode(s.VerifyMacOnly(seg, 0, seg.Length)));
            seg = H(ReplaceSeg);
            Assert.AreEqual(Replace, Hex.Encode(s.UnwrapEncrypted(seg, 0, seg.Length)));
            Assert.AreEqual(4, (int)s.BlockCounter);
        }

        [TestMethod]
        public void RejectsTamperedOrReorderedSegmentsAndKeepsState()
        {
            BspSession s = Fresh();
            byte[] seg = H(ConfigureIsdpSeg);
            seg[5] ^= 0x01;
            ExpectError(BspError.MacMismatch, s, seg, true);
            seg = H(ConfigureIsdpSeg);
            seg[seg.Length - 1] ^= 0x80;
            ExpectError(BspError.MacMismatch, s, seg, true);
            // Skipping a segment breaks the MAC chain.
            ExpectError(BspError.MacMismatch, s, H(StoreMetadataSeg), false);
            // Wrong tag for the operation.
            ExpectError(BspError.UnexpectedTag, s, H(ConfigureIsdpSeg), false);
            ExpectError(BspError.UnexpectedTag, s, H(StoreMetadataSeg), true);
            // Truncated and malformed.
            ExpectError(BspError.Malformed, s, Bytes.Slice(H(ConfigureIsdpSeg), 0, 20), true);
            ExpectError(BspError.Malformed, s, H("8704AABBCCDD"), true);
            ExpectError(BspError.BadPadding, s, H("870C000000000000000000000000"), true);   // 4 bytes of ciphertext
            Assert.AreEqual(1, (int)s.BlockCounter);
            Assert.AreEqual(Mcv, Hex.Encode(s.MacChainingValue));
            // The untouched session still accepts the genuine first segment.
            seg = H(ConfigureIsdpSeg);
            Assert.AreEqual(ConfigureIsdp, Hex.Encode(s.UnwrapEncrypted(seg, 0, seg.Length)));
        }

        private static void ExpectError(BspError expected, BspSession s, byte[] seg, bool encrypted)
        {
            try
            {
                if (encrypted) s.UnwrapEncrypted(seg, 0, seg.Length);
                else s.VerifyMacOnly(seg, 0, seg.Length);
            }
            catch (BspException e)
            {
                Assert.AreEqual((int)expected, (int)e.Error);
                return;
            }
            Assert.IsTrue(false, "BspException expected");
        }

        [TestMethod]
        public void ReplaceSessionKeysRestartsCounterAndChain()
        {
            BspSession smdp = Fresh();
            BspSession euicc = Fresh();
            byte[] p = H(ConfigureIsdp);
            byte[] seg = smdp.ProtectEncrypted(0x87, p, 0, p.Length);
            euicc.UnwrapEncrypted(seg, 0, seg.Length);
            byte[] enc = H("010102030405060708090A0B0C0D0E0F"), mac = H("020102030405060708090A0B0C0D0E0F"), mcv = H("000102030405060708090A0B0C0D0E0F");
            smdp.ReplaceSessionKeys(enc, mac, mcv);
            euicc.ReplaceSessionKeys(enc, mac, mcv);
            Assert.AreEqual(1, (int)euicc.BlockCounter);
            Assert.AreEqual("000102030405060708090A0B0C0D0E0F", Hex.Encode(euicc.MacChainingValue));
            var data = new byte[50];
            for (int i = 0; i < data.Length; i++) data[i] = (byte)i;
            seg = smdp.ProtectEncrypted(0x86, data, 0, data.Length);
            Assert.AreEqual(Hex.Encode(data), Hex.Encode(euicc.UnwrapEncrypted(seg, 0, seg.Length)));
            // A fresh PPK session with the same keys reproduces the segment: counter restarted at 1.
            var again = new BspSession(Crypto, enc, mac, mcv);
            Assert.AreEqual(Hex.Encode(seg), Hex.Encode(again.ProtectEncrypted(0x86, data, 0, data.Length)));
        }

        [TestMethod]
        public void SegmentsStayWithin1020BytesAndRoundTrip()
        {
            Assert.AreEqual(1007, BspSession.MaxPlaintextPerSegment(true));
            Assert.AreEqual(1008, BspSession.MaxPlaintextPerSegment(false));
            var data = new byte[2500];
            for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 31);
            BspSession smdp = Fresh();
            BspSession euicc = Fresh();
            byte[][] segs = smdp.ProtectSegments(0x86, data, 0, data.Length, BspSession.MaxPlaintextPerSegment(true));
            Assert.AreEqual(3, segs.Length);
            Assert.AreEqual(1020, segs[0].Length);
            int pos = 0;
            for (int i = 0; i < segs.Length; i++)
            {
                Assert.IsTrue(segs[i].Length <= BspSession.MaxSegmentLength);
                byte[] plain = euicc.UnwrapEncrypted(segs[i], 0, segs[i].Length);
                Assert.IsTrue(Bytes.Equal(plain, 0, data, pos, plain.Length));
                pos += plain.Length;
            }
            Assert.AreEqual(data.Length, pos);
            segs = smdp.ProtectSegments(0x88, data, 0, 1500, BspSession.MaxPlaintextPerSegment(false));
            Assert.AreEqual(1020, segs[0].Length);
            Assert.AreEqual(1008, euicc.VerifyMacOnly(segs[0], 0, segs[0].Length).Length);
            Assert.AreEqual(492, euicc.VerifyMacOnly(segs[1], 0, segs[1].Length).Length);
        }
    }
}
