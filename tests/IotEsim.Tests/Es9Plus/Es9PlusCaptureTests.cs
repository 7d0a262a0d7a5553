using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Es11;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;
using IotEsim.Rsp.Provisioning;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Es9Plus
{
    /// <summary>
    /// The ES9+ bindings against the golden captures: lpac ↔ osmo-smdpp (es9plus-download) and
    /// onomondo-eim ↔ osmo-smdpp (esipa-v1.0/download/es9plus). Values are checked against the
    /// captures' README/index.json; requests are re-serialized and compared with the bytes lpac put
    /// on the wire (the files are pretty-printed; lpac sends the same JSON without whitespace).
    /// </summary>
    [TestClass]
    public class Es9PlusCaptureTests
    {
        private const string Lpac = "es9plus-download/";
        private const string Eim = "esipa-v1.0/download/es9plus/";
        private const string LpacTxId = "064FF977B76C4C49909E1F2C65E806DA";
        private const string EimTxId = "25B7546C6ECD41358C4C475758C11049";

        private static byte[] Body(string rel) { return TestData.Bytes(rel); }

        /// <summary>lpac's request on the wire is the capture file without its indentation: ours must be that
        /// exact text and <paramref name="wireLength"/> bytes long (the README's figure).</summary>
        private static void AssertLpacWireForm(string file, Es9Message ours, int wireLength)
        {
            Assert.AreEqual(TestData.CompactJson(Lpac + file), ours.ToJson());
            Assert.AreEqual(wireLength, ours.ToJsonBytes().Length);
        }

        /// <summary>Top-level member names in document order, read with our own reader.</summary>
        private static List<string> TopLevelNames(byte[] json)
        {
            var r = JsonReader.FromBytes(json);
            var names = new List<string>();
            r.Read();
            while (r.Read() && r.TokenType != JsonTokenType.EndObject)
            {
                names.Add(r.GetPropertyName());
                r.Read();
                r.Skip();
            }
            return names;
        }

        private static string Names(byte[] json) { return string.Join(",", TopLevelNames(json)); }

        /// <summary>Our writer keeps osmo-smdpp's member order of the captured response.</summary>
        private static void AssertLpacMemberOrder(string file, Es9Message ours)
        {
            Assert.AreEqual(Names(Body(Lpac + file)), Names(ours.ToJsonBytes()));
        }

        [TestMethod]
        public void IndexAndReadmeIdentifiers()
        {
            var index = JsonObject.Parse(Body(Lpac + "index.json"));
            Assert.AreEqual(LpacTxId, index.GetString("transactionId"));
            Assert.AreEqual("testsmdpplus1.example.com", index.GetString("smdpAddress"));
            Assert.AreEqual("TS48V1-A-UNIQUE", index.GetString("matchingId"));
            var ex = index.GetArray("http_exchanges");
            Assert.AreEqual(4, ex.Count);
            for (int i = 0; i < ex.Count; i++)
            {
                var e = ex.GetObject(i);
                string fn = e.GetString("function");
                Assert.AreEqual("POST " + Es9PlusHttp.Path(fn), e.GetString("http"));
                var hdrs = e.GetArray("request_headers");
                for (int h = 0; h < 3; h++)
                    Assert.AreEqual(Es9PlusHttp.RequestHeaderNames()[h] + ": " + Es9PlusHttp.RequestHeaderValues()[h], (string)hdrs[h]);
                Assert.IsTrue(Es9PlusHttp.IsAdminProtocol(e.GetString("response_x_admin_protocol")));
            }
            Assert.AreEqual(204L, ex.GetObject(3).GetNumber("http_status").ToInt64());
            Assert.IsNull(ex.GetObject(3).Get("response"));
            Assert.IsTrue(ex.GetObject(3).Contains("response"));

            // The activation code of the capture.
            var ac = ActivationCode.Parse("1$testsmdpplus1.example.com$TS48V1-A-UNIQUE");
            Assert.AreEqual(index.GetString("smdpAddress"), ac.SmdpAddress);
            Assert.AreEqual(index.GetString("matchingId"), ac.MatchingId);
        }

        [TestMethod]
        public void LpacInitiateAuthentication()
        {
            const string reqFile = "01-initiateAuthentication.request.json";
            var req = InitiateAuthenticationRequest.Parse(Body(Lpac + reqFile));
            Assert.AreEqual("testsmdpplus1.example.com", req.SmdpAddress);
            Assert.AreEqual("4EE52782B22B02D0BA3F60A652D47B68", Hex.Encode(req.EuiccChallenge));
            Assert.AreEqual(0xBF, req.EuiccInfo1[0]);
            Assert.AreEqual(0x20, req.EuiccInfo1[1]);
            Assert.AreEqual(req.EuiccInfo1.Length, req.EuiccInfo1[2] + 3);
            AssertLpacWireForm(reqFile, req, 179); // README: 179 bytes on the wire

            const string respFile = "01-initiateAuthentication.response.json";
            var resp = InitiateAuthenticationResponse.Parse(Body(Lpac + respFile));
            Assert.IsTrue(resp.IsExecuted);
            Assert.AreEqual(ExecutionStatus.ExecutedSuccess, resp.Header.Status);
            Assert.IsNull(resp.Header.StatusCodeData);
            Assert.AreEqual(LpacTxId, resp.TransactionId);
            Assert.AreEqual("30", Hex.Encode(resp.ServerSigned1, 0, 1));
            // serverSigned1 = 30 {80 txId, 81 euiccChallenge, 83 serverAddress, 84 serverChallenge}
            Assert.AreEqual("8010" + LpacTxId + "8110" + "4EE52782B22B02D0BA3F60A652D47B68", Hex.Encode(resp.ServerSigned1, 2, 36));
            Assert.IsTrue(Hex.Encode(resp.ServerSigned1).EndsWith("841015254ADF2BBDD2D6622010A32982F4E6"));
            Assert.AreEqual("5F3740", Hex.Encode(resp.ServerSignature1, 0, 3));
            Assert.AreEqual(67, resp.ServerSignature1.Length);
            Assert.AreEqual("0414F6F2635B4397B8BD12DF81A97C94254319520867", Hex.Encode(resp.EuiccCiPKIdToBeUsed));
            Assert.AreEqual(TestData.HexOf(Lpac + "certs/CERT_S_SM_DPauth_ECDSA_NIST.der"), Hex.Encode(resp.ServerCertificate));
            AssertLpacMemberOrder(respFile, resp);
        }

        [TestMethod]
        public void LpacAuthenticateClient()
        {
            const string reqFile = "02-authenticateClient.request.json";
            var req = AuthenticateClientRequest.Parse(Body(Lpac + reqFile));
            Assert.AreEqual(LpacTxId, req.TransactionId);
            Assert.AreEqual("BF38", Hex.Encode(req.AuthenticateServerResponse, 0, 2));
            AssertLpacWireForm(reqFile, req, 1992);

            const string respFile = "02-authenticateClient.response.json";
            var resp = AuthenticateClientResponse.Parse(Body(Lpac + respFile));
            Assert.IsTrue(resp.IsExecuted);
            Assert.AreEqual(LpacTxId, resp.TransactionId);
            Assert.AreEqual("BF25", Hex.Encode(resp.ProfileMetadata, 0, 2));
            // profileMetadata carries ICCID 989444999999990920F3 (BCD of 8949449999999990023).
            Assert.IsTrue(Hex.Encode(resp.ProfileMetadata).Contains("5A0A989444999999990920F3"));
            Assert.AreEqual("30158010" + LpacTxId + "010100", Hex.Encode(resp.SmdpSigned2));
            Assert.AreEqual("5F3740", Hex.Encode(resp.SmdpSignature2, 0, 3));
            Assert.AreEqual(TestData.HexOf(Lpac + "certs/CERT_S_SM_DPpb_ECDSA_NIST.der"), Hex.Encode(resp.SmdpCertificate));
            AssertLpacMemberOrder(respFile, resp);
        }

        [TestMethod]
        public void LpacGetBoundProfilePackageWhole()
        {
            const string reqFile = "03-getBoundProfilePackage.request.json";
            var req = GetBoundProfilePackageRequest.Parse(Body(Lpac + reqFile));
            Assert.AreEqual(LpacTxId, req.TransactionId);
            Assert.AreEqual("BF21", Hex.Encode(req.PrepareDownloadResponse, 0, 2));
            AssertLpacWireForm(reqFile, req, 297);

            const string respFile = "03-getBoundProfilePackage.response.json";
            var resp = GetBoundProfilePackageResponse.Parse(Body(Lpac + respFile));
            Assert.AreEqual(LpacTxId, resp.TransactionId);
            var bpp = TestData.Bytes("bsp/es9plus-download-session/bpp.der");
            Assert.AreEqual(12550, bpp.Length);
            CollectionAssert.AreEqual(bpp, resp.BoundProfilePackage);
            AssertLpacMemberOrder(respFile, resp);
        }

        [TestMethod]
        public void LpacHandleNotification()
        {
            const string reqFile = "04-handleNotification.request.json";
            var req = HandleNotificationRequest.Parse(Body(Lpac + reqFile));
            Assert.AreEqual("BF37", Hex.Encode(req.PendingNotification, 0, 2));
            Assert.IsTrue(Hex.Encode(req.PendingNotification).Contains("8010" + LpacTxId));
            AssertLpacWireForm(reqFile, req, 266);
            Assert.AreEqual(204, Es9PlusHttp.HandleNotificationStatus);
        }

        /// <summary>The 03 response's 16.8 KB BPP streamed through JsonReader → base64 → sink in small
        /// pieces from a body stream that itself delivers few bytes per Read (as a socket would).</summary>
        [TestMethod]
        public void StreamsBoundProfilePackageWithBoundedMemory()
        {
            var body = Body(Lpac + "03-getBoundProfilePackage.response.json");
            var expected = TestData.Bytes("bsp/es9plus-download-session/bpp.der");
            foreach (int piece in new[] { 1, 7, 64, 1000 })
            {
                var rd = new GetBoundProfilePackageResponseReader(new DribbleStream(body, 37));
                Assert.IsTrue(rd.MoveToBoundProfilePackage());
                Assert.AreEqual(LpacTxId, rd.TransactionId); // precedes the BPP in osmo-smdpp's order
                Assert.IsNull(rd.Header);                     // follows it
                var bpp = rd.OpenBoundProfilePackage();
                var sink = new MemoryStream();
                var buf = new byte[piece];
                int n;
                while ((n = bpp.Read(buf, 0, buf.Length)) > 0) sink.Write(buf, 0, n);
                rd.Finish();
                CollectionAssert.AreEqual(expected, sink.ToArray(), "piece " + piece);
                Assert.IsTrue(rd.Header.IsExecuted);
                int hwm = bpp.BufferHighWaterMark;
                Console.WriteLine("BPP streaming high-water mark (piece " + piece + "): reader " + rd.Reader.BufferHighWaterMark + " B, reader+stream " + hwm + " B");
                Assert.IsTrue(hwm <= 4096, "buffers grew to " + hwm + " bytes");
                Assert.IsTrue(hwm < body.Length / 8);
            }
        }

        /// <summary>The same BPP walked by rsp/Asn1's TlvStreamReader directly on the JSON stream.</summary>
        [TestMethod]
        public void TlvStreamReaderWalksBppFromJson()
        {
            var body = Body(Lpac + "03-getBoundProfilePackage.response.json");
            var rd = new GetBoundProfilePackageResponseReader(new MemoryStream(body));
            Assert.IsTrue(rd.MoveToBoundProfilePackage());
            var tlv = new IotEsim.Rsp.Asn1.TlvStreamReader(rd.OpenBoundProfilePackage());
            Assert.IsTrue(tlv.ReadHeader());
            Assert.AreEqual(0xBF36, tlv.Tag);
            Assert.AreEqual(12550 - tlv.HeaderLength, tlv.Length);
            var tags = new List<int>();
            // Children of BF36: BF23, A0, A1, A2, A3 (descend into BF36, skip each child's value).
            while (tlv.ReadHeader())
            {
                tags.Add(tlv.Tag);
                tlv.SkipValue();
            }
            CollectionAssert.AreEqual(new[] { 0xBF23, 0xA0, 0xA1, 0xA2, 0xA3 }, tags);
            Assert.AreEqual(12550L, tlv.Position);
            rd.Finish();
            Assert.IsTrue(rd.Header.IsExecuted);
        }

        [TestMethod]
        public void EimCaptureParses()
        {
            var r1 = Body(Eim + "01-initiateAuthentication.request.json");
            var q1 = InitiateAuthenticationRequest.Parse(r1);
            Assert.AreEqual("testsmdpplus1.example.com", q1.SmdpAddress);
            Assert.AreEqual("eIM", q1.Header.FunctionRequesterIdentifier);
            Assert.AreEqual("<0.280.0>", q1.Header.FunctionCallIdentifier);
            Assert.AreEqual(16, q1.EuiccChallenge.Length);
            AssertSameNameSet(r1, q1.ToJsonBytes());
            // Round trip: our output parses back to equal values.
            var q1b = InitiateAuthenticationRequest.Parse(q1.ToJsonBytes());
            Assert.AreEqual(Hex.Encode(q1.EuiccInfo1), Hex.Encode(q1b.EuiccInfo1));

            var s1 = InitiateAuthenticationResponse.Parse(Body(Eim + "01-initiateAuthentication.response.json"));
            Assert.AreEqual(EimTxId, s1.TransactionId);
            Assert.AreEqual("0414F6F2635B4397B8BD12DF81A97C94254319520867", Hex.Encode(s1.EuiccCiPKIdToBeUsed));

            var r2 = Body(Eim + "02-authenticateClient.request.json");
            var q2 = AuthenticateClientRequest.Parse(r2);
            Assert.AreEqual(EimTxId, q2.TransactionId);
            Assert.AreEqual("<0.287.0>", q2.Header.FunctionCallIdentifier);
            AssertSameNameSet(r2, q2.ToJsonBytes());
            var s2 = AuthenticateClientResponse.Parse(Body(Eim + "02-authenticateClient.response.json"));
            Assert.AreEqual("30158010" + EimTxId + "010100", Hex.Encode(s2.SmdpSigned2));

            var r3 = Body(Eim + "03-getBoundProfilePackage.request.json");
            var q3 = GetBoundProfilePackageRequest.Parse(r3);
            Assert.AreEqual(EimTxId, q3.TransactionId);
            AssertSameNameSet(r3, q3.ToJsonBytes());
            var s3 = GetBoundProfilePackageResponse.Parse(Body(Eim + "03-getBoundProfilePackage.response.json"));
            Assert.AreEqual(EimTxId, s3.TransactionId);
            Assert.AreEqual("BF36", Hex.Encode(s3.BoundProfilePackage, 0, 2));
            Assert.AreEqual(12550, s3.BoundProfilePackage.Length); // same profile, other session keys

            var r4 = Body(Eim + "04-handleNotification.request.json");
            var q4 = HandleNotificationRequest.Parse(r4);
            Assert.AreEqual("BF37", Hex.Encode(q4.PendingNotification, 0, 2));
            Assert.IsTrue(Hex.Encode(q4.PendingNotification).Contains("8010" + EimTxId));
            AssertSameNameSet(r4, q4.ToJsonBytes());

            // lpac's ES11 client reuses this ES9+ body: it parses as an ES11 request too.
            var es11 = Es11InitiateAuthenticationRequest.Parse(Body(Lpac + "01-initiateAuthentication.request.json"));
            Assert.AreEqual("smdpAddress", es11.AddressMember);
            Assert.AreEqual(TestData.CompactJson(Lpac + "01-initiateAuthentication.request.json"), es11.ToJson());
        }

        private static void AssertSameNameSet(byte[] capture, byte[] ours)
        {
            var a = TopLevelNames(capture);
            var b = TopLevelNames(ours);
            a.Sort(StringComparer.Ordinal);
            b.Sort(StringComparer.Ordinal);
            CollectionAssert.AreEqual(a, b);
        }

        [TestMethod]
        public void HashCcWithBclProviderMatchesPortable()
        {
            byte[] tx = Hex.Decode(LpacTxId);
            var bcl = ActivationCode.HashCc(BclCryptoProvider.Instance, "12345678", tx);
            var portable = ActivationCode.HashCc(new IotEsim.Rsp.Crypto.PortableCryptoProvider(), "12345678", tx);
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                var inner = sha.ComputeHash(Encoding.ASCII.GetBytes("12345678"));
                var both = new byte[inner.Length + tx.Length];
                inner.CopyTo(both, 0);
                tx.CopyTo(both, inner.Length);
                CollectionAssert.AreEqual(sha.ComputeHash(both), bcl);
            }
            CollectionAssert.AreEqual(bcl, portable);
        }

        /// <summary>A read-only stream that returns at most <c>max</c> bytes per Read.</summary>
        private sealed class DribbleStream : Stream
        {
            private readonly byte[] _data;
            private readonly int _max;
            private int _pos;

            public DribbleStream(byte[] data, int max) { _data = data; _max = max; }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => _pos; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = Math.Min(Math.Min(count, _max), _data.Length - _pos);
                Array.Copy(_data, _pos, buffer, offset, n);
                _pos += n;
                return n;
            }

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
