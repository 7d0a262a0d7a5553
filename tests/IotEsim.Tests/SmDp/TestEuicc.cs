using System;
using System.Collections.Generic;
using System.IO;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Bsp;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Provisioning;
using IotEsim.Rsp.X509;

namespace IotEsim.Tests.SmDp
{
    /// <summary>
    /// The eUICC side of a download played by the test with the protocol core: builds and signs
    /// AuthenticateServerResponse / PrepareDownloadResponse / ProfileInstallationResult with a test eUICC key,
    /// and opens a BPP the way an eUICC does (BF23 check, ECDH + KDF, BSP unwrap, ReplaceSessionKeys).
    /// </summary>
    public sealed class TestEuicc
    {
        public readonly ICryptoProvider Crypto = BclCryptoProvider.Instance;
        public byte[] PrivateKey, EuiccCertificate, EumCertificate, CiPkId;
        public string Eid;
        public byte[] Challenge;
        private EcKeyPair _ot;
        public byte[] LastTransactionId;
        public byte[] DpPbPublicKey;

        public TestEuicc(byte[] privateKey, byte[] euiccCert, byte[] eumCert, byte[] ciPkId)
        {
            PrivateKey = privateKey; EuiccCertificate = euiccCert; EumCertificate = eumCert; CiPkId = ciPkId;
            Eid = X509Certificate.Parse(euiccCert).Eid;
        }

        /// <summary>EUICCInfo2 and ctxParams1 as the captured eUICC sent them (content irrelevant to the server checks).</summary>
        private static AuthenticateServerResponse Captured()
        {
            var o = JsonObject.Parse(File.ReadAllBytes(TestData.Path("es9plus-download/02-authenticateClient.request.json")));
            return AuthenticateServerResponse.Decode(o.RequireBytes("authenticateServerResponse"));
        }

        public byte[] EuiccInfo1()
            => new EuiccInfo1 { Svn = new byte[] { 2, 2, 0 }, CiPKIdListForVerification = new[] { CiPkId }, CiPKIdListForSigning = new[] { CiPkId } }.Encode();

        public string InitiateAuthenticationJson(string address, string member = "smdpAddress")
        {
            Challenge = Crypto.RandomBytes(16);
            var w = new JsonWriter();
            w.WriteStartObject();
            w.WriteString(member, address);
            w.WriteBase64("euiccChallenge", Challenge);
            w.WriteBase64("euiccInfo1", EuiccInfo1());
            w.WriteEndObject();
            return w.ToString();
        }

        public byte[] Sign(byte[] data) => Crypto.EcdsaSignHash(PrivateKey, Crypto.Sha256(data, 0, data.Length));

        public static byte[] Cat(byte[] a, byte[] b) { var r = new byte[a.Length + b.Length]; a.CopyTo(r, 0); b.CopyTo(r, a.Length); return r; }

        /// <summary>ES10b.AuthenticateServer after checking serverSignature1 with the server certificate.</summary>
        public byte[] AuthenticateServer(InitiateAuthenticationResponse init, string matchingId, bool corruptSignature = false)
        {
            var serverCert = X509Certificate.Parse(init.ServerCertificate);
            var s1 = ServerSigned1.Decode(init.ServerSigned1);
            if (!VerifyTlvSignature(serverCert.PublicKey, init.ServerSigned1, init.ServerSignature1)) throw new InvalidOperationException("serverSignature1 invalid");
            if (Hex(s1.EuiccChallenge) != Hex(Challenge)) throw new InvalidOperationException("euiccChallenge not echoed");
            LastTransactionId = s1.TransactionId;
            var cap = Captured().EuiccSigned1;
            var ctx = cap.CtxParams1;
            ctx.MatchingId = matchingId;
            var signed = new EuiccSigned1 { TransactionId = s1.TransactionId, ServerAddress = s1.ServerAddress, ServerChallenge = s1.ServerChallenge, EuiccInfo2 = cap.EuiccInfo2, CtxParams1 = ctx };
            var raw = signed.Encode();
            var sig = Sign(raw);
            if (corruptSignature) sig[5] ^= 1;
            return new AuthenticateServerResponse { EuiccSigned1 = signed, EuiccSignature1 = sig, EuiccCertificate = EuiccCertificate, EumCertificate = EumCertificate }.Encode();
        }

        public bool VerifyTlvSignature(byte[] pub, byte[] data, byte[] sigTlv)
        {
            var t = new TlvReader(sigTlv).Read();
            return t.Tag == 0x5F37 && Crypto.EcdsaVerifyHash(pub, Crypto.Sha256(data, 0, data.Length), t.Value());
        }

        /// <summary>ES10b.PrepareDownload: checks smdpSignature2, makes otPK.EUICC.ECKA, signs euiccSigned2 || smdpSignature2.</summary>
        public byte[] PrepareDownload(AuthenticateClientResponse ac, byte[] euiccSignature1, string confirmationCode)
        {
            var pb = X509Certificate.Parse(ac.SmdpCertificate);
            DpPbPublicKey = pb.PublicKey;
            if (!VerifyTlvSignature(pb.PublicKey, Cat(ac.SmdpSigned2, new TlvWriter().Write(0x5F37, euiccSignature1).ToArray()), ac.SmdpSignature2))
                throw new InvalidOperationException("smdpSignature2 invalid");
            var s2 = SmdpSigned2.Decode(ac.SmdpSigned2);
            _ot = Crypto.GenerateKeyPair();
            var e2 = new EuiccSigned2 { TransactionId = s2.TransactionId, EuiccOtpk = _ot.PublicKey,
                HashCc = confirmationCode == null ? null : ActivationCode.HashCc(Crypto, confirmationCode, s2.TransactionId) };
            var raw = e2.Encode();
            return new PrepareDownloadResponse { EuiccSigned2 = e2, EuiccSignature2 = Sign(Cat(raw, ac.SmdpSignature2)) }.Encode();
        }

        /// <summary>Opens a BPP: returns the UPP and the StoreMetadata it carried.</summary>
        public byte[] LoadBoundProfilePackage(byte[] bpp, out StoreMetadataRequest metadata, out int max86)
        {
            var root = new TlvReader(bpp).Read();
            if (root.Tag != 0xBF36) throw new InvalidOperationException("not a BPP");
            var parts = root.ChildArray();
            var isc = InitialiseSecureChannelRequest.Decode(parts[0]);
            var signed = isc.SignedData(_ot.PublicKey);
            if (!Crypto.EcdsaVerifyHash(DpPbPublicKey, Crypto.Sha256(signed, 0, signed.Length), isc.SmdpSign)) throw new InvalidOperationException("smdpSign invalid");
            var z = Crypto.Ecdh(_ot.PrivateKey, isc.SmdpOtpk);
            var bsp = new BspSession(Crypto, BspSessionKeys.Derive(Crypto, z, isc.HostId, IotEsim.Rsp.Messages.Eid.ToBytes(Eid)));
            metadata = null;
            max86 = 0;
            var upp = new MemoryStream();
            foreach (var part in parts)
            {
                if (part.Tag == 0xBF23) continue;
                var seg = new List<byte[]>();
                foreach (var s in part.ChildArray())
                {
                    if (part.Tag == 0xA1) seg.Add(bsp.VerifyMacOnly(s.Buffer, s.Offset, s.TotalLength));
                    else seg.Add(bsp.UnwrapEncrypted(s.Buffer, s.Offset, s.TotalLength));
                    if (part.Tag == 0xA3) max86 = Math.Max(max86, s.TotalLength);
                }
                var all = new MemoryStream();
                foreach (var x in seg) all.Write(x);
                var data = all.ToArray();
                if (part.Tag == 0xA0) { if (Hex(data) != "BF2400") throw new InvalidOperationException("ConfigureISDP " + Hex(data)); }
                else if (part.Tag == 0xA1) metadata = StoreMetadataRequest.Decode(data);
                else if (part.Tag == 0xA2)
                {
                    var rsk = ReplaceSessionKeysRequest.Decode(data);
                    bsp.ReplaceSessionKeys(rsk.PpkEnc, rsk.PpkCmac, rsk.InitialMacChainingValue);
                }
                else if (part.Tag == 0xA3) upp.Write(data);
            }
            return upp.ToArray();
        }

        /// <summary>The install notification (BF37) the eUICC sends after loading.</summary>
        public byte[] ProfileInstallationResult(byte[] txId, string notificationAddress, string iccid, bool corrupt = false)
        {
            var data = new ProfileInstallationResultData
            {
                TransactionId = txId,
                NotificationMetadata = NotificationMetadata.Create(1, NotificationEvent.Install, notificationAddress, Iccid.ToBytes(iccid)),
                Success = true, Aid = Rsp.Util.Hex.Decode("A0000005591010FFFFFFFF8900001000"), SimaResponse = Rsp.Util.Hex.Decode("3007A0053003800100"),
            };
            var raw = data.Encode();
            var sig = Sign(raw);
            if (corrupt) sig[3] ^= 1;
            return new ProfileInstallationResult { Data = data, EuiccSignPir = sig }.Encode();
        }

        public byte[] CancelSession(byte[] txId, int reason)
        {
            var r = new Rsp.Messages.CancelSessionResponse { TransactionId = txId, SmdpOid = new byte[] { 0x2B, 0x06, 0x01 }, Reason = reason };
            r.Signature = Sign(r.EncodeSigned());
            return r.Encode();
        }

        public static string Hex(byte[] b) => Convert.ToHexString(b);
    }
}
