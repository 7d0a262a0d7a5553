using System;
using System.Collections;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine.Sgp32;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.EuiccSgp32
{
    [TestClass]
    public class Sgp32FunctionsTests
    {
        static Sgp32TestRig RigWithProfiles()
        {
            var rig = new Sgp32TestRig();
            rig.Profiles.AddProfile(Sgp32TestRig.Iccid1, 2, true);
            rig.Profiles.AddProfile(Sgp32TestRig.Iccid2, 2, false);
            rig.Profiles.AddProfile(Sgp32TestRig.Iccid3, 0, false);
            return rig;
        }

        [TestMethod]
        public void HandlesExactlyTheSgp32Tags()
        {
            var rig = new Sgp32TestRig();
            int[] mine = { 0xBF51, 0xBF55, 0xBF56, 0xBF57, 0xBF58, 0xBF59, 0xBF5A, 0xBF5B, 0xBF5C, 0xBF5D, 0xBF5E, 0xBF5F, 0xBF42, 0xBF64 };
            for (int i = 0; i < mine.Length; i++) Assert.IsTrue(rig.Functions.Handles(mine[i]), Tags.Name(mine[i]));
            int[] notMine = { 0xBF2D, 0xBF2B, 0xBF30, 0xBF22, 0xBF3E, 0xBF34, 0xBF52, 0xBF50 };
            for (int i = 0; i < notMine.Length; i++) Assert.IsFalse(rig.Functions.Handles(notMine[i]), Tags.Name(notMine[i]));
        }

        [TestMethod]
        public void AddInitialEimAssignsTokensOneTwoAndRefusesASecondCall()
        {
            var rig = new Sgp32TestRig();
            var req = new AddInitialEimRequest();
            req.EimConfigurations.Add(Sgp32TestRig.Config("eim-a", rig.EimKey.PublicKey, true, 5));
            req.EimConfigurations.Add(Sgp32TestRig.Config("eim-b", rig.OtherKey.PublicKey, false, 0));
            req.EimConfigurations.Add(Sgp32TestRig.Config("eim-c", rig.OtherKey.PublicKey, true, 0));
            var resp = rig.Call(req.Encode());
            // addInitialEimOk: 84 01 01, 05 00 (addOk), 84 01 02
            Assert.AreEqual("BF570AA0088401010500840102", Hex.Encode(resp));

            var again = new AddInitialEimRequest();
            again.EimConfigurations.Add(Sgp32TestRig.Config("eim-d", rig.EimKey.PublicKey, true, 0));
            Assert.AreEqual("BF5703810102", Hex.Encode(rig.Call(again.Encode())), "associatedEimAlreadyExists");

            var all = GetEimConfigurationDataResponse.Decode(rig.Call(Hex.Decode("BF5500")));
            Assert.AreEqual(3, all.EimConfigurations.Count);
            var a = (EimConfigurationData)all.EimConfigurations[0];
            Assert.AreEqual("eim-a", a.EimId);
            Assert.AreEqual(5L, a.CounterValue);
            Assert.AreEqual(1L, a.AssociationToken);
            Assert.IsFalse(((EimConfigurationData)all.EimConfigurations[1]).HasAssociationToken);
            Assert.AreEqual(2L, ((EimConfigurationData)all.EimConfigurations[2]).AssociationToken);
            Assert.AreEqual(EimConfigurationData.EimIdTypeFqdn, a.EimIdType);
            Assert.AreEqual("eim.example.com", a.EimFqdn);
            Assert.AreEqual(Hex.Encode(rig.EimKey.PublicKey), Hex.Encode(a.EimPublicKeyPoint()));

            var one = new GetEimConfigurationDataRequest(); one.EimId = "eim-b";
            var b = GetEimConfigurationDataResponse.Decode(rig.Call(one.Encode()));
            Assert.AreEqual(1, b.EimConfigurations.Count);
            Assert.AreEqual("eim-b", ((EimConfigurationData)b.EimConfigurations[0]).EimId);
            one.EimId = "nobody";
            Assert.AreEqual("BF5502A000", Hex.Encode(rig.Call(one.Encode())));
        }

        [TestMethod]
        public void AddInitialEimErrors()
        {
            var rig = new Sgp32TestRig();
            var req = new AddInitialEimRequest();
            var c = Sgp32TestRig.Config("eim-a", rig.EimKey.PublicKey, false, 0);
            c.HasAssociationToken = true; c.AssociationToken = 7;
            req.EimConfigurations.Add(c);
            Assert.AreEqual("BF5703810105", Hex.Encode(rig.Call(req.Encode())), "invalidAssociationToken");

            req = new AddInitialEimRequest();
            req.EimConfigurations.Add(Sgp32TestRig.Config("eim-a", rig.EimKey.PublicKey, true, -3));
            Assert.AreEqual("BF5703810106", Hex.Encode(rig.Call(req.Encode())), "counterValueOutOfRange");

            req = new AddInitialEimRequest();
            req.EimConfigurations.Add(Sgp32TestRig.Config("dup", rig.EimKey.PublicKey, true, 0));
            req.EimConfigurations.Add(Sgp32TestRig.Config("dup", rig.EimKey.PublicKey, true, 0));
            Assert.AreEqual("BF5703810107", Hex.Encode(rig.Call(req.Encode())), "commandError for a duplicated eimId");

            Assert.AreEqual("BF5703810107", Hex.Encode(rig.Call(Hex.Decode("BF5704A0023000"))), "commandError for a configuration without eimId");
            // Nothing was stored by the refused requests: the first valid one still gets token 1.
            Assert.AreEqual("BF5502A000", Hex.Encode(rig.Call(Hex.Decode("BF5500"))));
            Assert.AreEqual(1L, rig.AddTestEim());
        }

        [TestMethod]
        public void EveryPsmoExecutesAndTheResultIsSignedAndQueued()
        {
            var rig = RigWithProfiles();
            long token = rig.AddTestEim();
            var p = rig.NewPackage(1);
            p.Psmos.Add(Psmo.NewDisable(Hex.Decode(Sgp32TestRig.Iccid1)));
            p.Psmos.Add(Psmo.NewEnable(Hex.Decode(Sgp32TestRig.Iccid2), false));
            p.Psmos.Add(Psmo.NewDelete(Hex.Decode(Sgp32TestRig.Iccid1)));
            p.Psmos.Add(Psmo.NewListProfileInfo(Hex.Decode("BF2D00")));
            p.Psmos.Add(Psmo.NewGetRat());
            var cie = new Psmo(); cie.Kind = Psmo.ConfigureImmediateEnable; cie.ImmediateEnableFlag = true; cie.DefaultSmdpAddress = "smdp.example.com";
            p.Psmos.Add(cie);
            p.Psmos.Add(Psmo.NewSetFallbackAttribute(Hex.Decode(Sgp32TestRig.Iccid3)));
            p.Psmos.Add(Psmo.NewUnsetFallbackAttribute());
            p.Psmos.Add(Psmo.NewSetDefaultDpAddress("dp.example.com"));
            var resp = rig.Call(rig.Sign(p, token));

            var r = rig.Verified(resp, token);
            Assert.AreEqual(EuiccPackageResult.ResultSigned, r.Kind);
            Assert.AreEqual(Sgp32TestRig.EimId, r.EimId);
            Assert.AreEqual(1L, r.CounterValue);
            Assert.AreEqual("0102030405060708", Hex.Encode(r.EimTransactionId));
            Assert.AreEqual(9, r.Results.Count);
            int[] kinds = { 0x84, 0x83, 0x85, 0xBF2D, 0xA6, 0x87, 0x8D, 0x8E, 0xBF65 };
            for (int i = 0; i < kinds.Length; i++)
            {
                var item = (EuiccResultItem)r.Results[i];
                Assert.AreEqual(kinds[i], item.Kind, "result " + i.ToString());
                Assert.AreEqual(0, item.ResultCode(), "result " + i.ToString());
            }
            Assert.AreEqual("A600", Hex.Encode(((EuiccResultItem)r.Results[4]).Raw));
            Assert.AreEqual("BF6503800100", Hex.Encode(((EuiccResultItem)r.Results[8]).Raw));
            // listProfileInfo ran after the delete: two profiles left, Iccid2 enabled.
            var infos = ((EuiccResultItem)r.Results[3]).ProfileInfos();
            Assert.AreEqual(2, infos.Length);
            Assert.AreEqual(Sgp32TestRig.Iccid2, rig.Profiles.Enabled);
            Assert.IsNull(rig.Profiles.Fallback, "set then unset");
            Assert.AreEqual("dp.example.com", rig.Functions.DefaultDpAddress);

            // Queued under its seqNumber with the SGP.32 kind until removed.
            Assert.AreEqual(1L, r.SeqNumber);
            Assert.AreEqual(Hex.Encode(resp), Hex.Encode((byte[])rig.Queue.Items[1]));
            Assert.AreEqual(Sgp32Functions.NotificationKindEuiccPackageResult, (int)rig.Queue.Kinds[1]);

            // The immediate-enable configuration from the PSMO is what ImmediateEnable uses.
            rig.Functions.NotifyProfileInstalled(Hex.Decode(Sgp32TestRig.Iccid3));
            Assert.AreEqual("BF5A03800100", Hex.Encode(rig.Call(Hex.Decode("BF5A038001FF"))));
            Assert.AreEqual(Sgp32TestRig.Iccid3, rig.Profiles.Enabled);
            Assert.AreEqual("BF5A03800104", Hex.Encode(rig.Call(Hex.Decode("BF5A038001FF"))), "noSessionContext: used once");
        }

        [TestMethod]
        public void FirstFailureTerminatesTheRest()
        {
            var rig = RigWithProfiles();
            long token = rig.AddTestEim();
            var p = rig.NewPackage(1);
            p.Psmos.Add(Psmo.NewEnable(Hex.Decode(Sgp32TestRig.Iccid2), false));
            p.Psmos.Add(Psmo.NewDelete(Hex.Decode(Sgp32TestRig.Iccid2)));       // enabled -> 2
            p.Psmos.Add(Psmo.NewDelete(Hex.Decode(Sgp32TestRig.Iccid3)));       // never runs
            p.Psmos.Add(Psmo.NewGetRat());
            var r = rig.Verified(rig.Call(rig.Sign(p, token)), token);
            Assert.AreEqual(4, r.Results.Count);
            Assert.AreEqual(0, ((EuiccResultItem)r.Results[0]).Code);
            Assert.AreEqual(0x85, ((EuiccResultItem)r.Results[1]).Kind);
            Assert.AreEqual(2, ((EuiccResultItem)r.Results[1]).Code);
            for (int i = 2; i < 4; i++)
            {
                Assert.AreEqual(EuiccResultItem.ProcessingTerminated, ((EuiccResultItem)r.Results[i]).Kind);
                Assert.AreEqual(EuiccResultCode.Interruption, ((EuiccResultItem)r.Results[i]).Code);
            }
            Assert.IsTrue(rig.Profiles.Profiles.Contains(Sgp32TestRig.Iccid3), "not deleted");
        }

        [TestMethod]
        public void UnknownOperationIsAnsweredAfterTheSignatureCheck()
        {
            var rig = RigWithProfiles();
            long token = rig.AddTestEim();
            // psmoList {getRAT, 8F 00 (no such PSMO), getRAT}, signed by hand.
            byte[] signed = Hex.Decode("30278008" + Hex.Encode(Sgp32Der.Utf8Bytes(Sgp32TestRig.EimId)) + "5A10" + Sgp32TestRig.EidHex + "810101A006A6008F00A600");
            var input = Bytes.Concat(signed, Sgp32Der.IntegerObject(0x84, token));
            var sig = rig.Crypto.EcdsaSignHash(rig.EimKey.PrivateKey, rig.Crypto.Sha256(input, 0, input.Length));
            var w = new TlvWriter(); w.Begin(0xBF51).WriteRaw(signed).Write(0x5F37, sig).End();
            var r = rig.Verified(rig.Call(w.ToArray()), token);
            Assert.AreEqual(3, r.Results.Count);
            Assert.AreEqual(0xA6, ((EuiccResultItem)r.Results[0]).Kind);
            Assert.AreEqual(EuiccResultItem.ProcessingTerminated, ((EuiccResultItem)r.Results[1]).Kind);
            Assert.AreEqual(EuiccResultCode.UnknownOrDamagedCommand, ((EuiccResultItem)r.Results[1]).Code);
            Assert.AreEqual(EuiccResultCode.Interruption, ((EuiccResultItem)r.Results[2]).Code);
        }

        [TestMethod]
        public void EveryEcoExecutes()
        {
            var rig = new Sgp32TestRig();
            long token = rig.AddTestEim();
            var p = rig.NewPackage(10);
            p.IsEcoList = true;
            p.Ecos.Add(Eco.NewAddEim(Sgp32TestRig.Config("eim-2", rig.OtherKey.PublicKey, true, 3)));
            p.Ecos.Add(Eco.NewAddEim(Sgp32TestRig.Config("eim-3", rig.OtherKey.PublicKey, false, 0)));
            var upd = Sgp32TestRig.Config("eim-3", rig.OtherKey.PublicKey, false, 0);
            upd.HasCounterValue = false; upd.EimFqdn = "new.example.com";
            p.Ecos.Add(Eco.NewUpdateEim(upd));
            p.Ecos.Add(Eco.NewDeleteEim("eim-2"));
            p.Ecos.Add(Eco.NewListEim());
            var r = rig.Verified(rig.Call(rig.Sign(p, token)), token);
            Assert.AreEqual(5, r.Results.Count);
            long t2;
            Assert.IsTrue(((EuiccResultItem)r.Results[0]).TryGetAssociationToken(out t2));
            Assert.AreEqual(2L, t2, "tokens continue after AddInitialEim's 1");
            Assert.AreEqual("A803020100", Hex.Encode(((EuiccResultItem)r.Results[1]).Raw));
            Assert.AreEqual(0x8A, ((EuiccResultItem)r.Results[2]).Kind);
            Assert.AreEqual(0, ((EuiccResultItem)r.Results[2]).Code);
            Assert.AreEqual(0x89, ((EuiccResultItem)r.Results[3]).Kind);
            Assert.AreEqual(0, ((EuiccResultItem)r.Results[3]).Code);
            // listEim: eim-test and eim-3, both eimIdType fqdn.
            string list = Hex.Encode(((EuiccResultItem)r.Results[4]).Raw);
            Assert.AreEqual("AB" + "1D" + "A01B" + "300D8008" + Hex.Encode(Sgp32Der.Utf8Bytes("eim-test")) + "820102" + "300A8005" + Hex.Encode(Sgp32Der.Utf8Bytes("eim-3")) + "820102", list);

            var one = new GetEimConfigurationDataRequest(); one.EimId = "eim-3";
            var c3 = (EimConfigurationData)GetEimConfigurationDataResponse.Decode(rig.Call(one.Encode())).EimConfigurations[0];
            Assert.AreEqual("new.example.com", c3.EimFqdn);
            Assert.AreEqual(10L, rig.StoredCounter(rig.Store, Sgp32TestRig.EimId));

            // Errors: add existing, delete/update unknown.
            var q = rig.NewPackage(11);
            q.IsEcoList = true;
            q.Ecos.Add(Eco.NewDeleteEim("nobody"));
            r = rig.Verified(rig.Call(rig.Sign(q, token)), token);
            Assert.AreEqual(EuiccResultCode.EimNotFound, ((EuiccResultItem)r.Results[0]).Code);
            q = rig.NewPackage(12);
            q.IsEcoList = true;
            q.Ecos.Add(Eco.NewAddEim(Sgp32TestRig.Config("eim-3", rig.OtherKey.PublicKey, false, 0)));
            q.Ecos.Add(Eco.NewListEim());
            r = rig.Verified(rig.Call(rig.Sign(q, token)), token);
            Assert.AreEqual("A803020102", Hex.Encode(((EuiccResultItem)r.Results[0]).Raw), "associatedEimAlreadyExists");
            Assert.AreEqual(EuiccResultItem.ProcessingTerminated, ((EuiccResultItem)r.Results[1]).Kind);

            // The eIM added by eCO can send its own packages, verified with its own key and token-less signature.
            var o = rig.NewPackage(1);
            o.EimId = "eim-3";
            o.Psmos.Add(Psmo.NewGetRat());
            var ro = rig.Verified(rig.Call(rig.Sign(o, 0, rig.OtherKey.PrivateKey)), 0);
            Assert.AreEqual(EuiccPackageResult.ResultSigned, ro.Kind);
        }

        [TestMethod]
        public void DeletingTheLastEimReopensAddInitialEim()
        {
            var rig = new Sgp32TestRig();
            long token = rig.AddTestEim();
            var p = rig.NewPackage(1);
            p.IsEcoList = true;
            p.Ecos.Add(Eco.NewDeleteEim(Sgp32TestRig.EimId));
            var r = rig.Verified(rig.Call(rig.Sign(p, token)), token);
            Assert.AreEqual(EuiccResultCode.LastEimDeleted, ((EuiccResultItem)r.Results[0]).Code);
            Assert.AreEqual(2L, rig.AddTestEim(), "tokens are never reused");
        }

        [TestMethod]
        public void ReplayWrongEidBadSignatureAndUnknownEim()
        {
            var rig = RigWithProfiles();
            long token = rig.AddTestEim();
            var p = rig.NewPackage(5);
            p.Psmos.Add(Psmo.NewGetRat());
            byte[] pkg = rig.Sign(p, token);
            Assert.AreEqual(EuiccPackageResult.ResultSigned, rig.Verified(rig.Call(pkg), token).Kind);

            var replay = rig.Verified(rig.Call(pkg), token);
            Assert.AreEqual(EuiccPackageResult.ErrorSigned, replay.Kind);
            Assert.AreEqual(EuiccPackageErrorCode.ReplayError, replay.ErrorCode);
            Assert.AreEqual(5L, replay.CounterValue);
            var lower = rig.NewPackage(4); lower.Psmos.Add(Psmo.NewGetRat());
            Assert.AreEqual(EuiccPackageErrorCode.ReplayError, rig.Verified(rig.Call(rig.Sign(lower, token)), token).ErrorCode);
            Assert.AreEqual(5L, rig.StoredCounter(rig.Store, Sgp32TestRig.EimId));

            var far = rig.NewPackage(0x80000000L); far.Psmos.Add(Psmo.NewGetRat());
            Assert.AreEqual(EuiccPackageErrorCode.CounterValueOutOfRange, rig.Verified(rig.Call(rig.Sign(far, token)), token).ErrorCode);

            var wrongEid = rig.NewPackage(6); wrongEid.Eid = Hex.Decode("89049032123451234512345678901299"); wrongEid.Psmos.Add(Psmo.NewGetRat());
            var e = rig.Verified(rig.Call(rig.Sign(wrongEid, token)), token);
            Assert.AreEqual(EuiccPackageResult.ErrorSigned, e.Kind);
            Assert.AreEqual(EuiccPackageErrorCode.InvalidEid, e.ErrorCode);
            Assert.AreEqual(5L, rig.StoredCounter(rig.Store, Sgp32TestRig.EimId), "errors do not advance the counter");

            // Signed with the wrong key, or over the wrong token: unsigned error naming the association.
            var bad = rig.NewPackage(7); bad.Psmos.Add(Psmo.NewDelete(Hex.Decode(Sgp32TestRig.Iccid3)));
            var u = EuiccPackageResult.Decode(rig.Call(rig.Sign(bad, token, rig.OtherKey.PrivateKey)));
            Assert.AreEqual(EuiccPackageResult.ErrorUnsigned, u.Kind);
            Assert.AreEqual(Sgp32TestRig.EimId, u.EimId);
            Assert.AreEqual("0102030405060708", Hex.Encode(u.EimTransactionId));
            Assert.IsTrue(u.HasAssociationToken);
            Assert.AreEqual(token, u.AssociationToken);
            u = EuiccPackageResult.Decode(rig.Call(rig.Sign(bad, token + 1)));
            Assert.AreEqual(EuiccPackageResult.ErrorUnsigned, u.Kind);
            Assert.IsTrue(rig.Profiles.Profiles.Contains(Sgp32TestRig.Iccid3));
            Assert.AreEqual(5L, rig.StoredCounter(rig.Store, Sgp32TestRig.EimId));

            var stranger = rig.NewPackage(8); stranger.EimId = "stranger"; stranger.Psmos.Add(Psmo.NewGetRat());
            u = EuiccPackageResult.Decode(rig.Call(rig.Sign(stranger, token)));
            Assert.AreEqual(EuiccPackageResult.ErrorUnsigned, u.Kind);
            Assert.AreEqual("stranger", u.EimId);
            Assert.IsFalse(u.HasAssociationToken);
            Assert.AreEqual(1, rig.Queue.Items.Count, "only the executed package is queued");
        }

        [TestMethod]
        public void MalformedPackageIsRefusedWith6A80()
        {
            var rig = new Sgp32TestRig();
            rig.AddTestEim();
            string[] bad = { "BF5100", "BF51020500", "BF510430028100" };
            for (int i = 0; i < bad.Length; i++)
            {
                int sw = 0;
                try { rig.Call(Hex.Decode(bad[i])); }
                catch (Es10StatusException e) { sw = e.StatusWord; }
                Assert.AreEqual(0x6A80, sw, bad[i]);
            }
            // Readable eimId but otherwise incomplete: nothing authenticates it, so the unsigned error.
            string[] unsigned = { "BF5105300380015A", "BF510430028000" };
            for (int i = 0; i < unsigned.Length; i++)
                Assert.AreEqual(EuiccPackageResult.ErrorUnsigned, EuiccPackageResult.Decode(rig.Call(Hex.Decode(unsigned[i]))).Kind, unsigned[i]);
        }

        [TestMethod]
        public void ProfileRollbackReturnsAndReportsToTheEim()
        {
            var rig = RigWithProfiles();
            long token = rig.AddTestEim();
            Assert.AreEqual("BF5803020101", Hex.Encode(rig.Call(Hex.Decode("BF5803800100"))), "rollbackNotAllowed before any enable with rollback");

            var p = rig.NewPackage(1);
            p.Psmos.Add(Psmo.NewEnable(Hex.Decode(Sgp32TestRig.Iccid2), true));
            rig.Verified(rig.Call(rig.Sign(p, token)), token);
            Assert.AreEqual(Sgp32TestRig.Iccid2, rig.Profiles.Enabled);

            var resp = ProfileRollbackResponse.Decode(rig.Call(Hex.Decode("BF58038001FF")));
            Assert.AreEqual(ProfileRollbackResponse.Ok, resp.CmdResult);
            Assert.AreEqual(Sgp32TestRig.Iccid1, rig.Profiles.Enabled);
            var epr = resp.EuiccPackageResult;
            Assert.IsTrue(epr.VerifySignature(rig.Crypto, rig.EuiccKey.PublicKey, token, null));
            Assert.AreEqual(1L, epr.CounterValue);
            Assert.AreEqual(2, epr.Results.Count);
            Assert.AreEqual(EuiccResultItem.EnableResult, ((EuiccResultItem)epr.Results[0]).Kind);
            Assert.AreEqual(EuiccResultItem.RollbackResult, ((EuiccResultItem)epr.Results[1]).Kind);
            Assert.AreEqual(2L, epr.SeqNumber);
            Assert.IsTrue(rig.Queue.Items.Contains(2));
            Assert.AreEqual("BF5803020101", Hex.Encode(rig.Call(Hex.Decode("BF5803800100"))), "only once");
        }

        [TestMethod]
        public void ConfigureImmediateProfileEnablingAndImmediateEnable()
        {
            var rig = RigWithProfiles();
            Assert.AreEqual("BF5A03800101", Hex.Encode(rig.Call(Hex.Decode("BF5A038001FF"))), "immediateEnableNotAvailable without configuration");
            // onomondo v1.2 vector
            Assert.AreEqual("BF5903800100", Hex.Encode(rig.Call(Hex.Decode("BF5909800081028837820178"))));
            Assert.AreEqual("BF5A03800104", Hex.Encode(rig.Call(Hex.Decode("BF5A038001FF"))), "noSessionContext without a download");
            rig.Functions.NotifyProfileInstalled(Hex.Decode(Sgp32TestRig.Iccid2));
            Assert.AreEqual("BF5A03800100", Hex.Encode(rig.Call(Hex.Decode("BF5A00"))), "v1.0 EnableUsingDD form");
            Assert.AreEqual(Sgp32TestRig.Iccid2, rig.Profiles.Enabled);
            // With an eIM the configuration belongs to the eIM (PSMO), not to ES10b.
            rig.AddTestEim();
            Assert.AreEqual("BF5903800102", Hex.Encode(rig.Call(Hex.Decode("BF5909800081028837820178"))));
        }

        [TestMethod]
        public void FallbackAndReturn()
        {
            var rig = RigWithProfiles();
            long token = rig.AddTestEim();
            // onomondo v1.2 vector BF5D038001FF
            Assert.AreEqual("BF5D03800106", Hex.Encode(rig.Call(Hex.Decode("BF5D038001FF"))), "fallbackNotAvailable without attribute");
            var p = rig.NewPackage(1);
            p.Psmos.Add(Psmo.NewSetFallbackAttribute(Hex.Decode(Sgp32TestRig.Iccid3)));
            rig.Verified(rig.Call(rig.Sign(p, token)), token);
            Assert.AreEqual(Sgp32TestRig.Iccid3, rig.Profiles.Fallback);
            Assert.AreEqual("BF5E03800106", Hex.Encode(rig.Call(Hex.Decode("BF5E038001FF"))), "not in fallback yet");
            Assert.AreEqual("BF5D03800100", Hex.Encode(rig.Call(Hex.Decode("BF5D038001FF"))));
            Assert.AreEqual(Sgp32TestRig.Iccid3, rig.Profiles.Enabled);
            Assert.AreEqual("BF5D03800102", Hex.Encode(rig.Call(Hex.Decode("BF5D038001FF"))), "already on the fallback profile");
            // Survives a restart.
            var again = rig.NewInstance(rig.Store);
            Assert.AreEqual("BF5E03800100", Hex.Encode(Sgp32TestRig.Call(again, Hex.Decode("BF5E03800100"))));
            Assert.AreEqual(Sgp32TestRig.Iccid1, rig.Profiles.Enabled);
        }

        [TestMethod]
        public void EmergencyConnectivityIpaeAndCerts()
        {
            var rig = new Sgp32TestRig();
            Assert.AreEqual("BF5B03800108", Hex.Encode(rig.Call(Hex.Decode("BF5B038001FF"))));
            Assert.AreEqual("BF5C03800108", Hex.Encode(rig.Call(Hex.Decode("BF5C03800100"))));
            Assert.AreEqual("BF5F03810101", Hex.Encode(rig.Call(Hex.Decode("BF5F00"))), "parametersNotAvailable");
            Assert.AreEqual("BF4203800101", Hex.Encode(rig.Call(Hex.Decode("BF420480020780"))), "IPAe notSupported");
            Assert.AreEqual("BF560CA00AA503020101A603020102", Hex.Encode(rig.Call(Hex.Decode("BF5600"))));
            Assert.AreEqual("BF5603810101", Hex.Encode(rig.Call(Hex.Decode("BF5606800401020304"))), "unknown CI");
        }

        [TestMethod]
        public void MemoryResetOptions()
        {
            var rig = RigWithProfiles();
            rig.AddTestEim();
            // resetOptions {deleteOperationalProfiles(0), resetEimConfigData(5), resetImmediateEnableConfig(6)}
            byte[] req = EuiccMemoryReset.EncodeRequest(new int[] { 0, 5, 6 }, Sgp32Version.V1_2);
            Assert.AreEqual("BF640482020186", Hex.Encode(req));
            var r = EuiccMemoryReset.DecodeResponse(rig.Call(req));
            Assert.AreEqual(EuiccMemoryReset.Ok, r.ResetResult);
            Assert.AreEqual(EuiccMemoryReset.Ok, r.ResetEimResult);
            Assert.AreEqual(EuiccMemoryReset.Ok, r.ResetImmediateEnableConfigResult);
            Assert.IsFalse(rig.Profiles.Profiles.Contains(Sgp32TestRig.Iccid1), "enabled operational profile disabled and deleted");
            Assert.IsFalse(rig.Profiles.Profiles.Contains(Sgp32TestRig.Iccid2));
            Assert.IsTrue(rig.Profiles.Profiles.Contains(Sgp32TestRig.Iccid3), "test profile kept");
            Assert.AreEqual("BF5502A000", Hex.Encode(rig.Call(Hex.Decode("BF5500"))));
            Assert.AreEqual(2L, rig.AddTestEim(), "AddInitialEim allowed again; tokens not reused");

            var again = EuiccMemoryReset.DecodeResponse(rig.Call(EuiccMemoryReset.EncodeRequest(new int[] { 0 }, Sgp32Version.V1_2)));
            Assert.AreEqual(EuiccMemoryReset.NothingToDelete, again.ResetResult);
            var test = EuiccMemoryReset.DecodeResponse(rig.Call(EuiccMemoryReset.EncodeRequest(new int[] { 1 }, Sgp32Version.V1_2)));
            Assert.AreEqual(EuiccMemoryReset.Ok, test.ResetResult);
            Assert.AreEqual(0, rig.Profiles.Profiles.Count);
        }

        [TestMethod]
        public void OnomondoV12VectorsAsRequests()
        {
            // digest section 1: BF5D038001FF, BF5F00, BF420480020780, BF5909800081028837820178 are accepted
            // requests with well-formed answers.
            var rig = new Sgp32TestRig();
            string[] vectors = { "BF5D038001FF", "BF5F00", "BF420480020780", "BF5909800081028837820178" };
            for (int i = 0; i < vectors.Length; i++)
            {
                var req = Hex.Decode(vectors[i]);
                var resp = rig.Call(req);
                var t = TlvReader.ParseAndValidate(resp);
                Assert.AreEqual(TlvReader.Parse(req).Tag, t.Tag, vectors[i]);
            }
            var cfg = rig.Store.Read("sgp32/immediate-enable");
            var c = ConfigureImmediateProfileEnablingRequest.Decode(cfg);
            Assert.IsTrue(c.ImmediateEnableFlag);
            Assert.AreEqual("8837", Hex.Encode(c.DefaultSmdpOid));
            Assert.AreEqual("x", c.DefaultSmdpAddress);
        }
    }
}
