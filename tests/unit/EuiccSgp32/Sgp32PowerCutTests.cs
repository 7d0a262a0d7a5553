using System;
using IotEsim.Euicc.Engine.Sgp32;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotEsim.Tests.EuiccSgp32
{
    /// <summary>
    /// Power cut at every store write (before and after it takes effect), then a restart (new instance on the
    /// surviving store) and the IPA retransmitting the same request: counters and configurations stay
    /// consistent and no package is ever executed twice.
    /// </summary>
    [TestClass]
    public class Sgp32PowerCutTests
    {
        static int CountLog(FakeProfiles p, string prefix)
        {
            int n = 0;
            for (int i = 0; i < p.Log.Count; i++) if (((string)p.Log[i]).IndexOf(prefix) == 0) n++;
            return n;
        }

        static byte[] PsmoPackage(Sgp32TestRig rig, long token)
        {
            var p = rig.NewPackage(1);
            p.Psmos.Add(Psmo.NewSetDefaultDpAddress("dp.example.com"));
            p.Psmos.Add(Psmo.NewEnable(Hex.Decode(Sgp32TestRig.Iccid2), true));
            p.Psmos.Add(Psmo.NewSetFallbackAttribute(Hex.Decode(Sgp32TestRig.Iccid3)));
            return rig.Sign(p, token);
        }

        static byte[] EcoPackage(Sgp32TestRig rig, long token)
        {
            var p = rig.NewPackage(1);
            p.IsEcoList = true;
            p.Ecos.Add(Eco.NewAddEim(Sgp32TestRig.Config("eim-2", rig.OtherKey.PublicKey, true, 0)));
            var upd = Sgp32TestRig.Config("eim-2", rig.OtherKey.PublicKey, false, 0);
            upd.HasCounterValue = false; upd.EimFqdn = "updated.example.com";
            p.Ecos.Add(Eco.NewUpdateEim(upd));
            return rig.Sign(p, token);
        }

        static Sgp32TestRig NewRig(out long token)
        {
            var rig = new Sgp32TestRig();
            rig.Profiles.AddProfile(Sgp32TestRig.Iccid1, 2, true);
            rig.Profiles.AddProfile(Sgp32TestRig.Iccid2, 2, false);
            rig.Profiles.AddProfile(Sgp32TestRig.Iccid3, 2, false);
            token = rig.AddTestEim();
            return rig;
        }

        /// <summary>Mutating store operations of one uninterrupted run.</summary>
        static int Mutations(bool eco)
        {
            long token;
            var rig = NewRig(out token);
            var f = new FaultInjectingStore(rig.Store, 0);
            Sgp32TestRig.Call(rig.NewInstance(f), eco ? EcoPackage(rig, token) : PsmoPackage(rig, token));
            return f.MutationCount;
        }

        static void RunCut(bool eco, int cut, bool afterApplying)
        {
            long token;
            var rig = NewRig(out token);
            byte[] pkg = eco ? EcoPackage(rig, token) : PsmoPackage(rig, token);
            string where = (eco ? "eco" : "psmo") + " cut " + cut.ToString() + (afterApplying ? " after" : " before");
            var f = new FaultInjectingStore(rig.Store, cut);
            f.CutAfterApplying = afterApplying;
            bool died = false;
            try { Sgp32TestRig.Call(rig.NewInstance(f), pkg); }
            catch (PowerCutException) { died = true; }
            Assert.IsTrue(died, where);

            // Restart and retransmission of the same package.
            var again = EuiccPackageResult.Decode(Sgp32TestRig.Call(rig.NewInstance(rig.Store), pkg));
            Assert.AreEqual(1L, rig.StoredCounter(rig.Store, Sgp32TestRig.EimId), where + ": counter");
            var all = GetEimConfigurationDataResponse.Decode(Sgp32TestRig.Call(rig.NewInstance(rig.Store), Hex.Decode("BF5500")));
            if (!eco)
            {
                int enables = CountLog(rig.Profiles, "enable:");
                Assert.IsTrue(enables <= 1, where + ": executed twice");
                if (again.Kind == EuiccPackageResult.ResultSigned) Assert.AreEqual(1, enables, where);
                else Assert.AreEqual(EuiccPackageErrorCode.ReplayError, again.ErrorCode, where);
                Assert.AreEqual(1, all.EimConfigurations.Count, where);
            }
            else
            {
                int n2 = 0;
                for (int i = 0; i < all.EimConfigurations.Count; i++)
                {
                    var c = (EimConfigurationData)all.EimConfigurations[i];
                    if (c.EimId != "eim-2") continue;
                    n2++;
                    Assert.AreEqual(2L, c.AssociationToken, where + ": token of the added eIM");
                }
                Assert.IsTrue(n2 <= 1, where + ": eim-2 added twice");
                if (again.Kind != EuiccPackageResult.ResultSigned) Assert.AreEqual(EuiccPackageErrorCode.ReplayError, again.ErrorCode, where);
                // A new eIM is never given an already used token, whatever was lost.
                Assert.AreEqual(true, n2 == 1 || again.Kind == EuiccPackageResult.ErrorSigned || again.Kind == EuiccPackageResult.ResultSigned, where);
            }
        }

        [TestMethod]
        public void PsmoPackageSurvivesACutAtEveryWrite()
        {
            int n = Mutations(false);
            Assert.AreEqual(4, n, "counter, default DP address, rollback context, fallback record");
            for (int cut = 1; cut <= n; cut++)
            {
                RunCut(false, cut, false);
                RunCut(false, cut, true);
            }
        }

        [TestMethod]
        public void EcoPackageSurvivesACutAtEveryWrite()
        {
            int n = Mutations(true);
            Assert.AreEqual(3, n, "counter, addEim, updateEim");
            for (int cut = 1; cut <= n; cut++)
            {
                RunCut(true, cut, false);
                RunCut(true, cut, true);
            }
        }

        [TestMethod]
        public void AddInitialEimIsAllOrNothing()
        {
            for (int mode = 0; mode < 2; mode++)
            {
                var rig = new Sgp32TestRig();
                var req = new AddInitialEimRequest();
                req.EimConfigurations.Add(Sgp32TestRig.Config("eim-a", rig.EimKey.PublicKey, true, 0));
                req.EimConfigurations.Add(Sgp32TestRig.Config("eim-b", rig.OtherKey.PublicKey, true, 0));
                var f = new FaultInjectingStore(rig.Store, 1);
                f.CutAfterApplying = mode == 1;
                bool died = false;
                try { Sgp32TestRig.Call(rig.NewInstance(f), req.Encode()); }
                catch (PowerCutException) { died = true; }
                Assert.IsTrue(died);

                var restarted = rig.NewInstance(rig.Store);
                var all = GetEimConfigurationDataResponse.Decode(Sgp32TestRig.Call(restarted, Hex.Decode("BF5500")));
                var resp = AddInitialEimResponse.Decode(Sgp32TestRig.Call(restarted, req.Encode()));
                if (mode == 0)
                {
                    Assert.AreEqual(0, all.EimConfigurations.Count, "nothing half-stored");
                    Assert.IsTrue(resp.IsOk);
                    Assert.AreEqual(1L, (long)resp.Results[0]);
                    Assert.AreEqual(2L, (long)resp.Results[1]);
                }
                else
                {
                    Assert.AreEqual(2, all.EimConfigurations.Count, "both stored by the one write");
                    Assert.AreEqual(AddInitialEimResponse.AssociatedEimAlreadyExists, resp.ErrorCode);
                }
            }
        }
    }
}
