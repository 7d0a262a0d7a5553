using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Euicc.Identity;
using IotEsim.Ipa.Desktop;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Servers.SmDp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.SmDp
{
    /// <summary>Profiles generated per order from a template UPP: DER edits, identities, and a real download of one.</summary>
    [TestClass]
    public sealed class ProfileTemplateTests
    {
        private static byte[] Template => File.ReadAllBytes(TestData.Path("upp/TS48V1-A-UNIQUE.der"));

        /// <summary>Walks the whole UPP strictly (DER) and returns the value at a tag path of the first match.</summary>
        private static byte[] At(byte[] upp, params int[] path)
        {
            var r = new TlvReader(upp, 0, upp.Length, true);
            while (r.HasMore)
            {
                var t = r.Read();
                if (t.Tag != path[0]) continue;
                var cur = t;
                for (int i = 1; i < path.Length && cur != null; i++) cur = cur.Find(path[i]);
                if (cur != null) return cur.Value();
            }
            return null;
        }

        private static List<byte[]> AllAka(byte[] upp, int leaf)
        {
            var list = new List<byte[]>();
            var r = new TlvReader(upp, 0, upp.Length, true);
            while (r.HasMore)
            {
                var t = r.Read();
                if (t.Tag == 0xA4) list.Add(t.Find(0xA1).Find(0xA1).Find(leaf).Value());
            }
            return list;
        }

        private static void AssertWellFormed(byte[] upp)
        {
            static void Walk(byte[] b, int off, int len)
            {
                var r = new TlvReader(b, off, len, true);
                while (r.HasMore) { var t = r.Read(); if (t.IsConstructed) Walk(b, t.ValueOffset, t.Length); }
            }
            Walk(upp, 0, upp.Length);
        }

        [TestMethod]
        public void RewritingWithTheTemplateValuesGivesTheTemplateBackByteForByte()
        {
            var t = Template;
            var iccid = ProfileInventory.ReadIccid(t);
            var imsi = ProfileTemplates.ImsiFromEf(At(t, 0xB3, 0xA3, 0x83));
            Assert.AreEqual("001010123456063", imsi);
            var same = ProfileTemplates.Personalize(t, iccid, imsi, AllAka(t, 0x82)[0], AllAka(t, 0x83)[0]);
            Assert.AreEqual(Convert.ToHexString(t), Convert.ToHexString(same));
        }

        [TestMethod]
        public void GeneratedUppCarriesTheRequestedIdentitiesEverywhere()
        {
            var tpl = new ProfileTemplate { ProfileType = "lab", Upp = Template, IccidPrefix = "8999001", ImsiPlmn = "00101", Op = new byte[16] };
            var g = ProfileTemplates.Generate(tpl, Template, 42);
            AssertWellFormed(g.Upp);
            Assert.AreEqual("899900100000000042" + ProfileTemplates.LuhnDigit("899900100000000042"), g.Iccid);
            Assert.IsTrue(ProfileTemplates.LuhnValid(g.Iccid));
            Assert.AreEqual(19, g.Iccid.Length);
            Assert.AreEqual("001010000000042", g.Imsi);
            Assert.AreEqual(g.Iccid, ProfileInventory.ReadIccid(g.Upp));
            Assert.AreEqual(g.Iccid, Iccid.FromBytes(At(g.Upp, 0xB0, 0xA4, 0x83)));
            Assert.AreEqual(g.Imsi, ProfileTemplates.ImsiFromEf(At(g.Upp, 0xB3, 0xA3, 0x83)));
            var keys = AllAka(g.Upp, 0x82);
            Assert.AreEqual(2, keys.Count);
            foreach (var k in keys) Assert.AreEqual(Convert.ToHexString(g.Ki), Convert.ToHexString(k));
            foreach (var o in AllAka(g.Upp, 0x83)) Assert.AreEqual(Convert.ToHexString(g.Opc), Convert.ToHexString(o));
            Assert.AreEqual(Convert.ToHexString(ProfileTemplates.DeriveOpc(g.Ki, new byte[16])), Convert.ToHexString(g.Opc));
            // Only those fields changed: same length, same PE sequence.
            Assert.AreEqual(Template.Length, g.Upp.Length);
        }

        [TestMethod]
        public void IdentityHelpersFollowTheStandards()
        {
            // Luhn: 79927398713 is the textbook valid number.
            Assert.IsTrue(ProfileTemplates.LuhnValid("79927398713"));
            Assert.IsFalse(ProfileTemplates.LuhnValid("79927398710"));
            // TS 35.208 test set 1: K, OP → OPc.
            var opc = ProfileTemplates.DeriveOpc(Convert.FromHexString("465B5CE8B199B49FAA5F0A2EE238A6BC"), Convert.FromHexString("CDC202D5123E20F62B6D676AC72CB318"));
            Assert.AreEqual("CD63CB71954A9F4E48A5994E37A02BAF", Convert.ToHexString(opc));
            Assert.AreEqual("080910101032540636", Convert.ToHexString(ProfileTemplates.EfImsi("001010123456063")));
            Assert.AreEqual("894944999999999002 3F".Replace(" ", ""), Convert.ToHexString(ProfileTemplates.HeaderIccid("8949449999999990023")));
        }

        [TestMethod]
        public void TemplateWithoutAnAkaParameterIsRejected()
        {
            var t = Template;
            // Keep header + mf + usim PEs only.
            var kept = new List<byte>();
            var r = new TlvReader(t, 0, t.Length, true);
            while (r.HasMore) { var e = r.Read(); if (e.Tag is 0xA0 or 0xB0 or 0xB3) kept.AddRange(e.Encoded()); }
            Assert.ThrowsExactly<InvalidDataException>(() => ProfileTemplates.Personalize(kept.ToArray(), "8999001000000000018", "001010000000001", new byte[16], new byte[16]));
        }

        [TestMethod]
        public async Task DownloadOrdersForATemplateTypeGetFreshProfilesAndOneInstallsIntoTheCsharpEuicc()
        {
            await using var s = await SmDpTestServer.StartAsync(o => o.ProfileTemplates.Add(new ProfileTemplate
            {
                ProfileType = "lab-iot", UppPath = TestData.Path("upp/TS48V1-A-UNIQUE.der"), IccidPrefix = "8999002", ServiceProviderName = "IotEsim Lab",
            }));
            s.SmDp.AdditionalAddresses.Add(s.HostPort);
            var iccids = new List<string>();
            for (int i = 0; i < 3; i++)
            {
                var (st, _, body) = await s.PostAsync("/gsma/rsp2/es2plus/downloadOrder", JsonSerializer.Serialize(new { eid = SmDpTestServer.TestEid, profileType = "lab-iot" }));
                Assert.AreEqual(200, st, body);
                iccids.Add(JsonDocument.Parse(body).RootElement.GetProperty("iccid").GetString());
            }
            Assert.AreEqual(3, iccids.Distinct().Count());
            foreach (var i in iccids) { Assert.IsTrue(ProfileTemplates.LuhnValid(i), i); Assert.IsTrue(i.StartsWith("8999002")); }
            var profiles = new List<ProfileRecord>();
            foreach (var i in iccids) profiles.Add(await s.Store.GetProfileAsync(i));
            Assert.AreEqual(3, profiles.Select(p => Convert.ToHexString(AllAka(p.Upp, 0x82)[0])).Distinct().Count(), "Ki unique per order");
            Assert.AreEqual(3, profiles.Select(p => ProfileTemplates.ImsiFromEf(At(p.Upp, 0xB3, 0xA3, 0x83))).Distinct().Count(), "IMSI unique per order");
            foreach (var p in profiles) Assert.AreEqual(ProfileStates.Allocated, p.State);

            // Imported UPPs keep working next to templates.
            var (st2, _, body2) = await s.PostAsync("/gsma/rsp2/es2plus/downloadOrder", JsonSerializer.Serialize(new { profileType = "ts48" }));
            Assert.AreEqual(200, st2, body2);
            StringAssert.Contains(body2, "8949449999999990023");

            var iccid = iccids[1];
            var (cst, _, cbody) = await s.PostAsync("/gsma/rsp2/es2plus/confirmOrder", JsonSerializer.Serialize(new { iccid, eid = SmDpTestServer.TestEid, releaseFlag = true }));
            Assert.AreEqual(200, cst, cbody);
            var mid = JsonDocument.Parse(cbody).RootElement.GetProperty("matchingId").GetString();

            var identity = new EuiccIdentity(s.Pki.Euicc.CertificateDer, s.Pki.Euicc.PrivateKey, s.Pki.Eum.CertificateDer, new[] { s.Pki.Ci.CertificateDer }, null);
            var options = new EuiccOptions { Clock = new SystemClock() };
            var engine = new EuiccEngine(identity, BclCryptoProvider.Instance, new MemoryStore(), options);
            var es10 = new Es10Channel(new CardTransport(new IsdrApplet(engine)));
            es10.Open();
            using var http = new HttpClientTransport();
            var pir = await Task.Run(() => new ProfileDownload(es10).Direct(new Es9PlusClient(http, "http"), s.HostPort, mid));
            var result = ProfileInstallationResult.Decode(pir);
            Assert.IsTrue(result.Data.Success);
            var list = Es10c.GetProfilesInfo(es10, null);
            Assert.AreEqual(1, list.Profiles.Count);
            Assert.AreEqual(iccid, Iccid.FromBytes(list.Get(0).Iccid));
        }
    }
}
