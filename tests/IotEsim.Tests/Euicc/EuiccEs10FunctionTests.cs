using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Desktop.Pki;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Util;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Euicc
{
    /// <summary>Every ES10 function's success and error answers through the ISD-R applet, and malformed requests
    /// that must leave the persistent state untouched.</summary>
    [TestClass]
    public class EuiccEs10FunctionTests
    {
        private static readonly byte[] TheIccid = Iccid.ToBytes(TestSmdp.Iccid);

        private static EuiccBed Installed()
        {
            var bed = EuiccBed.New();
            Assert.IsTrue(new TestSmdp().Download(bed.Es10, bed.Engine.Context.Identity.Eid, null).Pir.Data.Success);
            return bed;
        }

        [TestMethod]
        public void GetEidAndEuiccInfo()
        {
            var bed = EuiccBed.New();
            Assert.AreEqual(EuiccPki.Eid, Eid.FromBytes(Es10c.GetEid(bed.Es10)));
            var i1 = Es10b.GetEuiccInfo1(bed.Es10);
            Assert.AreEqual(Hex.Encode(EuiccPki.Main.CiPkId), Hex.Encode(i1.CiPKIdListForVerification[0]));
            Assert.AreEqual(Hex.Encode(EuiccPki.Main.CiPkId), Hex.Encode(i1.CiPKIdListForSigning[0]));
            var i2 = Es10b.GetEuiccInfo2(bed.Es10);
            Assert.AreEqual("020500", Hex.Encode(i2.Svn));
            Assert.AreEqual(Hex.Encode(EuiccPki.Main.CiPkId), Hex.Encode(i2.CiPKIdListForSigning[0]));
            Assert.AreEqual("IOTESIM-TEST", i2.SasAcreditationNumber);
        }

        [TestMethod]
        public void ConfiguredAddressesAndSetDefaultDpAddress()
        {
            var o = new EuiccOptions();
            o.DefaultDpAddress = "dp.example.com";
            var bed = EuiccBed.New(o);
            var a = EuiccConfiguredAddresses.Decode(bed.Es10.Transceive(EuiccConfiguredAddresses.EncodeRequest()));
            Assert.AreEqual("dp.example.com", a.DefaultDpAddress);
            Assert.AreEqual("lpa.ds.gsma.com", a.RootDsAddress);
            var set = new SetDefaultDpAddressRequest { DefaultDpAddress = "other.example.com" };
            Assert.AreEqual(0, Es10Result.Decode(bed.Es10.Transceive(set.Encode()), RspTags.SetDefaultDpAddress).Result);
            Assert.AreEqual("other.example.com", EuiccConfiguredAddresses.Decode(bed.Reboot().Es10.Transceive(EuiccConfiguredAddresses.EncodeRequest())).DefaultDpAddress);
            set.DefaultDpAddress = "";
            Assert.AreEqual(0, Es10Result.Decode(bed.Es10.Transceive(set.Encode()), RspTags.SetDefaultDpAddress).Result);
            Assert.IsNull(EuiccConfiguredAddresses.Decode(bed.Es10.Transceive(EuiccConfiguredAddresses.EncodeRequest())).DefaultDpAddress);
        }

        [TestMethod]
        public void ChallengeIsFreshEachTime()
        {
            var bed = EuiccBed.New();
            var a = Es10b.GetEuiccChallenge(bed.Es10);
            var b = Es10b.GetEuiccChallenge(bed.Es10);
            Assert.AreEqual(16, a.Length);
            Assert.AreNotEqual(Hex.Encode(a), Hex.Encode(b));
        }

        private static int AuthError(EuiccBed bed, Func<byte[], AuthenticateServerRequest> make)
        {
            var ch = Es10b.GetEuiccChallenge(bed.Es10);
            AuthenticateServerResponse r;
            Es10b.AuthenticateServer(bed.Es10, make(ch), out r);
            Assert.IsFalse(r.IsOk);
            Assert.IsNotNull(r.ErrorTransactionId);
            return r.ErrorCode;
        }

        [TestMethod]
        public void AuthenticateServerErrors()
        {
            var bed = EuiccBed.New();
            var smdp = new TestSmdp();
            var tx = Hex.Decode("00112233445566778899AABBCCDDEEFF");
            // Without a challenge.
            AuthenticateServerResponse r;
            Es10b.AuthenticateServer(bed.Es10, smdp.AuthRequest(new byte[16], tx), out r);
            Assert.AreEqual(AuthenticateErrorCode.NoSessionContext, r.ErrorCode);
            Assert.AreEqual(AuthenticateErrorCode.EuiccChallengeMismatch, AuthError(bed, ch => smdp.AuthRequest(new byte[16], tx)));
            Assert.AreEqual(AuthenticateErrorCode.InvalidSignature, AuthError(bed, ch =>
            {
                var q = smdp.AuthRequest(ch, tx);
                q.ServerSignature1[7] ^= 1;
                return q;
            }));
            // CERT.DPauth of a CI the eUICC does not know.
            Assert.AreEqual(AuthenticateErrorCode.CiPKUnknown, AuthError(bed, ch => new TestSmdp(EuiccPki.Other).AuthRequest(ch, tx)));
            // ... and the other CI asked for by id.
            Assert.AreEqual(AuthenticateErrorCode.CiPKUnknown, AuthError(bed, ch =>
            {
                var q = new TestSmdp(EuiccPki.Other).AuthRequest(ch, tx);
                q.EuiccCiPKIdToBeUsed = EuiccPki.Other.CiPkId;
                return q;
            }));
            // CERT.DPpb where CERT.DPauth is required: wrong certificate policy.
            Assert.AreEqual(AuthenticateErrorCode.InvalidOid, AuthError(bed, ch =>
            {
                var q = smdp.AuthRequest(ch, tx);
                q.ServerCertificate = EuiccPki.Main.DpPb.CertificateDer;
                q.ServerSignature1 = TestSmdp.Sign(EuiccPki.Main.DpPb.PrivateKey, q.ServerSigned1.Raw);
                return q;
            }));
            // A failed authentication ended the session: PrepareDownload has no context.
            PrepareDownloadResponse pd;
            Es10b.PrepareDownload(bed.Es10, smdp.PrepareRequest(tx, new byte[64], false, null), out pd);
            Assert.AreEqual(DownloadErrorCode.NoSessionContext, pd.ErrorCode);
            // Still usable.
            Assert.IsTrue(smdp.Download(bed.Es10, bed.Engine.Context.Identity.Eid, null).Pir.Data.Success);
        }

        private static AuthenticateServerResponse Authenticated(EuiccBed bed, TestSmdp smdp, byte[] tx)
        {
            var ch = Es10b.GetEuiccChallenge(bed.Es10);
            AuthenticateServerResponse r;
            Es10b.AuthenticateServer(bed.Es10, smdp.AuthRequest(ch, tx), out r);
            Assert.IsTrue(r.IsOk);
            return r;
        }

        [TestMethod]
        public void PrepareDownloadErrors()
        {
            var bed = EuiccBed.New();
            var smdp = new TestSmdp();
            var tx = Hex.Decode("0102030405060708090A0B0C0D0E0F10");
            PrepareDownloadResponse pd;

            var auth = Authenticated(bed, smdp, tx);
            Es10b.PrepareDownload(bed.Es10, smdp.PrepareRequest(Hex.Decode("FFFF"), auth.EuiccSignature1, false, null), out pd);
            Assert.AreEqual(DownloadErrorCode.InvalidTransactionId, pd.ErrorCode);

            auth = Authenticated(bed, smdp, tx);
            var bad = smdp.PrepareRequest(tx, auth.EuiccSignature1, false, null);
            bad.SmdpSignature2[3] ^= 1;
            Es10b.PrepareDownload(bed.Es10, bad, out pd);
            Assert.AreEqual(DownloadErrorCode.InvalidSignature, pd.ErrorCode);
            Es10b.PrepareDownload(bed.Es10, smdp.PrepareRequest(tx, auth.EuiccSignature1, false, null), out pd);
            Assert.AreEqual(DownloadErrorCode.NoSessionContext, pd.ErrorCode, "a failed PrepareDownload ends the session");

            auth = Authenticated(bed, smdp, tx);
            var wrongCert = smdp.PrepareRequest(tx, auth.EuiccSignature1, false, null);
            wrongCert.SmdpCertificate = new TestSmdp(EuiccPki.Other).Pki.DpPb.CertificateDer;
            Es10b.PrepareDownload(bed.Es10, wrongCert, out pd);
            Assert.AreEqual(DownloadErrorCode.InvalidCertificate, pd.ErrorCode);

            auth = Authenticated(bed, smdp, tx);
            var dpauth = smdp.PrepareRequest(tx, auth.EuiccSignature1, false, null);
            dpauth.SmdpCertificate = EuiccPki.Main.DpAuth.CertificateDer;
            dpauth.SmdpSignature2 = TestSmdp.Sign(EuiccPki.Main.DpAuth.PrivateKey, Bytes.Concat(dpauth.SmdpSigned2.Raw, Der.Encode(RspTags.Signature, auth.EuiccSignature1)));
            Es10b.PrepareDownload(bed.Es10, dpauth, out pd);
            Assert.AreEqual(DownloadErrorCode.InvalidCertificate, pd.ErrorCode, "CERT.DPauth is not CERT.DPpb");
            Assert.AreEqual(0, bed.Profiles().Profiles.Count);
        }

        [TestMethod]
        public void CancelSession()
        {
            var bed = EuiccBed.New();
            var smdp = new TestSmdp();
            var tx = Hex.Decode("A1A2A3A4A5A6A7A8");
            Authenticated(bed, smdp, tx);
            CancelSessionResponse c;
            Es10b.CancelSession(bed.Es10, Hex.Decode("B1B2"), CancelSessionReason.EndUserRejection, out c);
            Assert.AreEqual(CancelSessionError.InvalidTransactionId, c.Error);
            Es10b.CancelSession(bed.Es10, tx, CancelSessionReason.EndUserRejection, out c);
            Assert.IsTrue(c.Error < 0, "error " + c.Error.ToString());
            Assert.AreEqual(Hex.Encode(tx), Hex.Encode(c.TransactionId));
            var pk = IotEsim.Rsp.X509.X509Certificate.Parse(bed.Engine.Context.Identity.EuiccCertificate).PublicKey;
            byte[] signed = c.EncodeSigned();
            Assert.IsTrue(TestSmdp.Verify(pk, signed, c.Signature));
            // The session is gone.
            Es10b.CancelSession(bed.Es10, tx, CancelSessionReason.EndUserRejection, out c);
            Assert.AreEqual(CancelSessionError.InvalidTransactionId, c.Error);
        }

        [TestMethod]
        public void ProfileManagementErrorsNicknameRatAndMemoryReset()
        {
            var bed = Installed();
            var unknown = Iccid.ToBytes("8949449999999990031");
            Assert.AreEqual(ProfileOperationResult.IccidOrAidNotFound, Es10c.EnableProfile(bed.Es10, unknown, false));
            Assert.AreEqual(ProfileOperationResult.IccidOrAidNotFound, Es10c.DisableProfile(bed.Es10, unknown, false));
            Assert.AreEqual(ProfileOperationResult.IccidOrAidNotFound, Es10c.DeleteProfile(bed.Es10, unknown));
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.EnableProfile(bed.Es10, TheIccid, false));
            Assert.AreEqual(ProfileOperationResult.ProfileNotInDisabledState, Es10c.DeleteProfile(bed.Es10, TheIccid));

            Assert.AreEqual(SetNicknameResult.Ok, Es10c.SetNickname(bed.Es10, TheIccid, "my iot line"));
            Assert.AreEqual("my iot line", bed.Find(TheIccid).ProfileNickname);
            Assert.AreEqual(SetNicknameResult.IccidNotFound, Es10c.SetNickname(bed.Es10, unknown, "x"));

            var rat = GetRatResponse.Decode(bed.Es10.Transceive(GetRatResponse.EncodeRequest()));
            Assert.AreEqual(0, rat.Rules.Count);

            // Memory reset of test profiles only: nothing to delete (the profile is operational).
            Assert.AreEqual(EuiccMemoryResetResult.NothingToDelete, Es10c.EuiccMemoryReset(bed.Es10, BitString.FromBit(EuiccMemoryResetRequest.DeleteFieldLoadedTestProfiles)));
            Assert.AreEqual(EuiccMemoryResetResult.Ok, Es10c.EuiccMemoryReset(bed.Es10, BitString.FromBit(EuiccMemoryResetRequest.DeleteOperationalProfiles)));
            Assert.AreEqual(0, bed.Profiles().Profiles.Count);
            Assert.AreEqual(0, bed.Inner.List("euicc/profile/").Length);
            EuiccBed.AssertConsistent(bed.Inner);
            Assert.AreEqual(EuiccMemoryResetResult.NothingToDelete, Es10c.EuiccMemoryReset(bed.Es10, BitString.FromBit(EuiccMemoryResetRequest.DeleteOperationalProfiles)));
        }

        [TestMethod]
        public void MalformedRequestsLeaveStateUnchanged()
        {
            var bed = Installed();
            Assert.AreEqual(ProfileOperationResult.Ok, Es10c.EnableProfile(bed.Es10, TheIccid, false));
            string before = bed.IndexHex;
            string[] keys = bed.Inner.List("");
            string[] bad =
            {
                "BF3103",                             // EnableProfile, length past the end
                "BF3100",                             // EnableProfile without a choice
                "BF31035A0198",                       // ICCID of 1 byte
                "BF32045A029801",                     // DisableProfile, ICCID too short
                "BF33035A0100",                       // DeleteProfile, ICCID too short
                "BF3302A000",                         // DeleteProfile with an unknown choice
                "BF290B5A0A98944999999999003200",     // SetNickname trailing byte/garbled
                "BF290C5A0A989449999999990032900C",   // SetNickname, nickname runs past the end
                "BF3F0282",                           // SetDefaultDpAddress truncated
                "BF3F0381" + "01FF",                  // SetDefaultDpAddress with invalid UTF-8 / garbage
                "BF34048201",                         // eUICCMemoryReset truncated
                "BF30035A01",                         // RemoveNotificationFromList garbage
                "BF2B038001",                         // RetrieveNotificationsList truncated
                "BF2D05A003",                         // GetProfilesInfo truncated
                "BF3804300280",                       // AuthenticateServer garbage
                "BF2104300180",                       // PrepareDownload garbage
                "BF4102800",                          // odd hex fixed below
                "BF99FF00",                           // unknown/ill-formed tag
                "0000",                               // not a TLV
                "BF3101",                             // short
            };
            foreach (var h in bad)
            {
                string hex = h.Length % 2 == 1 ? h + "0" : h;
                try { bed.Es10.Transceive(Hex.Decode(hex)); }
                catch (Es10Exception) { }
                Assert.AreEqual(before, bed.IndexHex, "state changed by " + hex);
                Assert.AreEqual(string.Join(",", keys), string.Join(",", bed.Inner.List("")), "blobs changed by " + hex);
            }
            // Every function still answers.
            Assert.AreEqual(ProfileValues.StateEnabled, bed.Find(TheIccid).ProfileState);
            Assert.AreEqual(EuiccPki.Eid, Eid.FromBytes(Es10c.GetEid(bed.Es10)));
            // Malformed BPP pieces without a session: an error PIR, no profile change.
            var pir = bed.Es10.Transceive(Hex.Decode("BF3603A00100"));
            Assert.AreEqual(before, bed.IndexHex);
            if (pir.Length > 0) Assert.IsFalse(ProfileInstallationResult.Decode(pir).Data.Success);
            Assert.AreEqual(EuiccPki.Eid, Eid.FromBytes(Es10c.GetEid(bed.Es10)));
        }

        /// <summary>IApduTransport over the host's 2-byte-length TCP framing.</summary>
        private sealed class TcpTransport : RawApduTransport
        {
            private readonly int _port;
            private TcpClient _c;
            private NetworkStream _s;
            public TcpTransport(int port) { _port = port; }
            public override void Connect() { if (_c != null) return; _c = new TcpClient(); _c.ReceiveTimeout = 10000; _c.Connect(IPAddress.Loopback, _port); _s = _c.GetStream(); }
            public override void Disconnect() { if (_c != null) _c.Dispose(); _c = null; }
            public override byte[] Transmit(byte[] command)
            {
                Framing.Write(_s, command);
                var r = Framing.Read(_s);
                if (r == null) throw new ApduTransportException("connection closed");
                return r;
            }
        }

        [TestMethod]
        public void GetEidOverTcpApduServer()
        {
            var bed = EuiccBed.New();
            using (var server = new TcpApduServer(bed.Card, IPAddress.Loopback, 0))
            {
                var t = new Thread(() => { try { server.ServeOne(); } catch (Exception) { } });
                t.IsBackground = true;
                t.Start();
                var transport = new TcpTransport(server.Port);
                transport.Connect();
                try
                {
                    var es10 = new Es10Channel(transport);
                    es10.Open();
                    Assert.AreEqual(EuiccPki.Eid, Eid.FromBytes(Es10c.GetEid(es10)));
                    es10.Close();
                }
                finally { transport.Disconnect(); }
                Assert.IsTrue(t.Join(5000), "server did not end with the client");
            }
        }
    }
}
