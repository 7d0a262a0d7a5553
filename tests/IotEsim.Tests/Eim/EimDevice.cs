using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Http;
using IotEsim.Servers.Storage;
using IotEsim.Tests.Cli;
using IotEsim.Tests.EndToEnd;
using IotEsim.Tests.Servers;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Eim
{
    /// <summary>
    /// A real device against a test eIM: the loopback lab's C# eUICC with the eIM added (AddInitialEim through the
    /// CLI, as a maker would) and our IPA engine polling the eIM over ESipa.
    /// </summary>
    internal static class EimDevice
    {
        /// <summary>Configures the eIM on the lab's eUICC (eimId "eIM", the lab PKI's eIM certificate).</summary>
        public static void AddEim(LoopbackLab lab, TestEimHost eim)
        {
            int rc = CliTests.Cli(out var o, out var e, "eim", "add", "--euicc", lab.Spec, "--cert", Path.Combine(lab.Dp.Pki.Directory, "eim.pem"),
                "--fqdn", eim.BaseAddress.Authority, "--id", "eIM", "--json");
            Assert.AreEqual(0, rc, e + o);
        }

        /// <summary>Orders a profile and installs it through a fleet download job the IPA runs directly against the SM-DP+.</summary>
        public static async Task<string> InstallDirectlyAsync(LoopbackLab lab, TestEimHost eim)
        {
            var (iccid, mid) = await lab.OrderAsync();
            var jobs = eim.Get<JobStore>();
            var job = await jobs.CreateAsync(JobKinds.Download, JsonSerializer.Serialize(new { activationCode = "1$" + lab.SmdpAddress + "$" + mid }),
                "{}", "test", new[] { lab.Eid });
            using var http = lab.Http();
            RunToIdle(lab, http);
            var list = lab.Profiles();
            bool found = false;
            for (int i = 0; i < list.Profiles.Count; i++) found |= list.Get(i).IccidString == iccid;
            Assert.IsTrue(found, "profile " + iccid + " installed");
            var item = (await jobs.ListItemsAsync(job.Id, 1, 0)).Single();
            Assert.AreEqual(ItemStates.Done, item.State, item.Error);
            return iccid;
        }

        /// <summary>One poll round of the IPA: runs until the eIM has nothing more (fails on an engine error).</summary>
        public static void RunToIdle(LoopbackLab lab, IHttpTransport http)
        {
            var engine = lab.Engine(new IpaConfig { IndirectDownload = false, EnableAfterDownload = false }, http, out var es10);
            try
            {
                var r = engine.RunUntilWait(40);
                Assert.AreEqual(StepResult.KindIdle, r.Kind, engine.LastError);
            }
            finally { es10.Close(); }
        }
    }
}
