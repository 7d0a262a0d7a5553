using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Es10;
using IotEsim.Servers.Storage;
using IotEsim.Tests.Cli;
using IotEsim.Tests.Eim;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.EndToEnd
{
    /// <summary>
    /// eIM-triggered work on loopback: fleet jobs (download trigger, PSMO enable/disable) created in the eIM's
    /// store reach the device over ESipa; our engine executes them on the C# eUICC; the eIM records results
    /// and acknowledgements; the download runs directly (ES9+) or relayed through the eIM (indirect).
    /// </summary>
    [TestClass]
    public class EimEndToEndTests
    {
        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        [Timeout(240000)]
        public async Task FleetJobs_DownloadTrigger_Enable_Disable_OverEsipa(bool indirect)
        {
            await using var lab = await LoopbackLab.StartAsync(tls: false);
            await using var eim = await EsipaTestHost.StartAsync(o =>
            {
                o.UseTestPki(lab.Dp.Pki);                            // the eUICC trusts this eIM certificate
                o.Es9BaseAddressOverride = new Uri(lab.Dp.BaseUrl);  // relay and notification forwarding reach our SM-DP+
            });
            string eimAddress = eim.BaseAddress.Authority;
            await eim.Get<DeviceStore>().RegisterAsync(new NewDevice(lab.Eid, "eIM", null, null, Array.Empty<string>()));
            // The eIM verifies euiccSignEPR with the eUICC's certificate. It learns it when it relays a download
            // (indirect); for a device that downloads directly the fleet operator provides it (from the EUM's
            // delivery), as done here.
            if (!indirect) await eim.Get<IotEsim.Servers.Eim.Esipa.EimPackageService>().RecordEuiccCertificateAsync(lab.Eid, lab.Dp.Pki.Euicc.CertificateDer, default);

            // The eUICC learns its eIM (AddInitialEim) through the CLI, as a maker would.
            int rc = CliTests.Cli(out var o, out var e, "eim", "add", "--euicc", lab.Spec, "--cert", Path.Combine(lab.Dp.Pki.Directory, "eim.pem"),
                "--fqdn", eimAddress, "--id", "eIM", "--json");
            Assert.AreEqual(0, rc, e + o);

            var (iccid, mid) = await lab.OrderAsync();
            var jobs = eim.Get<JobStore>();
            await jobs.CreateAsync(JobKinds.Download, JsonSerializer.Serialize(new { activationCode = "1$" + lab.SmdpAddress + "$" + mid }), "{}", "test", new[] { lab.Eid });

            using var http = lab.Http();
            var cfg = new IpaConfig { IndirectDownload = indirect, EnableAfterDownload = false };
            var engine = lab.Engine(cfg, http, out var es10);
            var r = engine.RunUntilWait(40);
            Assert.AreEqual(StepResult.KindIdle, r.Kind, engine.LastError);
            Assert.AreEqual(eimAddress, engine.EimAddress, "the eIM address came from the eUICC's eIM configuration");
            es10.Close();

            var list = lab.Profiles();
            Assert.AreEqual(1, list.Profiles.Count);
            Assert.AreEqual(iccid, list.Get(0).IccidString);
            Assert.AreEqual(0, list.Get(0).ProfileState, "with an eIM, the eIM decides when to enable");
            var items = await jobs.ListItemsForDeviceAsync(lab.Eid, 10);
            Assert.AreEqual(ItemStates.Done, items.Single().State, items.Single().Error);
            StringAssert.Contains(items.Single().ResultJson, "success");
            Assert.AreEqual(global::IotEsim.Servers.SmDp.OrderStates.Installed, OrderState(lab, iccid), "the install notification reached the SM-DP+");
            Assert.AreEqual(0, lab.PendingNotifications());

            // PSMO enable, then disable, each in its own poll round.
            foreach (var (kind, state) in new[] { (JobKinds.Enable, 1), (JobKinds.Disable, 0) })
            {
                await jobs.CreateAsync(kind, JsonSerializer.Serialize(new { iccid }), "{}", "test", new[] { lab.Eid });
                engine = lab.Engine(new IpaConfig { IndirectDownload = indirect, EnableAfterDownload = false }, http, out es10);
                r = engine.RunUntilWait(40);
                Assert.AreEqual(StepResult.KindIdle, r.Kind, kind + ": " + engine.LastError);
                es10.Close();
                Assert.AreEqual(state, lab.Profiles().Get(0).ProfileState, kind);
                var item = (await jobs.ListItemsForDeviceAsync(lab.Eid, 1)).Single();
                Assert.AreEqual(ItemStates.Done, item.State, kind + ": " + item.Error);
                Assert.IsNotNull(item.ResultJson, kind);
                // The signed EuiccPackageResult was acknowledged: the eUICC keeps no result for the eIM.
                Assert.AreEqual(0, lab.PendingNotifications(), kind + ": results and notifications acknowledged");
            }

            // The same over the CLI: `device run` with an enable job, JSON step lines.
            await jobs.CreateAsync(JobKinds.Enable, JsonSerializer.Serialize(new { iccid }), "{}", "test", new[] { lab.Eid });
            rc = CliTests.Cli(out o, out e, "device", "run", "--euicc", lab.Spec, "--http", "--state", lab.StateDir, "--json");
            Assert.AreEqual(0, rc, e + o);
            StringAssert.Contains(o, "eIM: eUICC package executed");
            Assert.AreEqual(1, lab.Profiles().Get(0).ProfileState);
        }

        private static string OrderState(LoopbackLab lab, string iccid) => lab.Dp.Store.GetOrderByIccidAsync(iccid).GetAwaiter().GetResult().State;
    }
}
