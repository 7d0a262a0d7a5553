using System;
using System.CommandLine;
using System.IO;
using System.Text;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Es11;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Http;
using IotEsim.Ipa.Notifications;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Provisioning;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using Spectre.Console;

namespace IotEsim.Cli
{
    /// <summary>
    /// `profile download`: direct ES9+ download (SGP.22 3.1.3) with the IPA's ProfileDownload, the
    /// BPP streamed from the socket into the eUICC. The SM-DP+ comes from the activation code, from an
    /// SM-DS event (ES11), or from the eUICC's default SM-DP+ / root SM-DS addresses, in that order.
    /// The install notification is delivered right away (as the provisioning engine does) through the
    /// IPA's reboot-safe notification journal in the --state directory.
    /// </summary>
    internal static class DownloadCommand
    {
        public static Command Create(TextWriter o, TextWriter e)
        {
            var cmd = new Command("download", "download and install a profile (activation code, SM-DS event, or the eUICC's default SM-DP+/SM-DS)\n" + ExitCodes.Help);
            var ac = new Option<string>("--activation-code", "-a") { Description = "activation code LPA:1$SM-DP+ address$matching ID[$OID[$1]]" };
            var cc = new Option<string>("--confirmation-code", "-c") { Description = "confirmation code, when the order needs one" };
            var smds = new Option<string>("--smds") { Description = "SM-DS to ask for an event (ES11) instead of an activation code" };
            var enable = new Option<bool>("--enable") { Description = "enable the profile after installation" };
            var net = new NetworkOptions();
            foreach (var opt in new Option[] { ac, cc, smds, enable, IpaState.Option }) cmd.Options.Add(opt);
            net.AddTo(cmd);
            cmd.SetAction(p => CliContext.Run(p, o, e, ctx => Run(ctx, p, net, p.GetValue(ac), p.GetValue(cc), p.GetValue(smds), p.GetValue(enable))));
            return cmd;
        }

        private static int Run(CliContext ctx, ParseResult p, NetworkOptions net, string acText, string cc, string smds, bool enable)
        {
            if (acText != null && smds != null) throw new CliException("give either --activation-code or --smds, not both", ExitCodes.Usage, -1);
            ActivationCode code = null;
            if (acText != null)
            {
                code = ActivationCode.Parse(acText.Trim());
                if (code.ConfirmationCodeRequired && string.IsNullOrEmpty(cc))
                    throw new CliException("this activation code needs a confirmation code (--confirmation-code)", ExitCodes.Usage, -1);
            }
            var es10 = ctx.Es10();
            IDisposable httpOwner;
            IHttpTransport http = net.Open(p, ctx, out httpOwner);
            using (httpOwner)
            {
                IStore store = IpaState.Open(p, ctx);
                string scheme = net.Scheme(p);
                string smdp, matchingId, source;
                if (code != null) { smdp = code.SmdpAddress; matchingId = code.MatchingId; source = "activation code"; }
                else
                {
                    if (smds == null)
                    {
                        var addrs = Es10a.GetEuiccConfiguredAddresses(es10);
                        if (!string.IsNullOrEmpty(addrs.DefaultDpAddress)) smds = null;
                        else if (!string.IsNullOrEmpty(addrs.RootDsAddress)) smds = addrs.RootDsAddress;
                        else throw new CliException("no activation code, no --smds, and the eUICC has neither a default SM-DP+ nor a root SM-DS address", ExitCodes.Usage, -1);
                        if (smds == null)
                        {
                            smdp = addrs.DefaultDpAddress;
                            matchingId = null;
                            source = "default SM-DP+";
                            return Download(ctx, es10, http, store, scheme, smdp, matchingId, cc, enable, source);
                        }
                    }
                    ctx.JsonProgress("es11_authenticate_client", w => { w.WriteStartObject(); w.WriteString("smdsAddress", smds); w.WriteEndObject(); });
                    if (!ctx.Json) ctx.Err.WriteLine("asking SM-DS " + smds + " for events");
                    var events = EventRetrieval.Retrieve(es10, new Es11Client(http, scheme), smds, null);
                    if (events.Length == 0) throw new CliException("SM-DS " + smds + " has no event for this eUICC", ExitCodes.NothingToDo, ExitCodes.NothingToDo);
                    smdp = events[0].RspServerAddress;
                    matchingId = events[0].EventId;
                    source = "SM-DS " + smds;
                }
                return Download(ctx, es10, http, store, scheme, smdp, matchingId, cc, enable, source);
            }
        }

        private static int Download(CliContext ctx, Es10Channel es10, IHttpTransport http, IStore store, string scheme,
            string smdp, string matchingId, string cc, bool enable, string source)
        {
            var dl = new ProfileDownload(es10);
            dl.ConfirmationCode = string.IsNullOrEmpty(cc) ? null : cc;
            dl.Crypto = BclCryptoProvider.Instance;
            dl.Journal = new StoreJournal(store);
            var es9 = new Es9PlusClient(http, scheme);
            ctx.JsonProgress("es9p_download", w =>
            {
                w.WriteStartObject();
                w.WriteString("smdpAddress", smdp);
                w.WriteString("matchingId", matchingId);
                w.WriteString("source", source);
                w.WriteEndObject();
            });

            byte[] pir;
            if (ctx.Json)
            {
                dl.Progress = new JsonProgress(ctx);
                pir = dl.Direct(es9, smdp, matchingId);
            }
            else
            {
                ctx.Err.WriteLine("downloading from " + smdp + (matchingId != null ? " (matching ID " + matchingId + ")" : "") + ", " + source);
                pir = null;
                ctx.Console.Progress()
                    .AutoClear(false)
                    .Columns(new ProgressColumn[] { new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn() })
                    .Start(pc =>
                    {
                        var task = pc.AddTask("install", true, 1);
                        task.IsIndeterminate = true;
                        dl.Progress = new BarProgress(task);
                        pir = dl.Direct(es9, smdp, matchingId);
                        task.Value = task.MaxValue;
                    });
            }

            var result = ProfileInstallationResult.Decode(pir);
            var md = result.Data.NotificationMetadata;
            string iccid = md != null && md.Iccid != null ? Iccid.FromBytes(md.Iccid) : null;
            // Deliver the PIR first, whatever it says: the SM-DP+ waits for it to close the order.
            bool delivered = false;
            string deliveryError = null;
            if (md != null)
            {
                var nd = new NotificationDelivery(es10, store) { Es9 = es9 };
                try { nd.DeliverOne(md.SeqNumber, pir, md.NotificationAddress); delivered = true; }
                catch (Es9PlusException ex) { deliveryError = ex.Message; }
            }
            if (!result.Data.Success)
                throw new DownloadException("the eUICC reported installation failure (bppCommandId " + result.Data.BppCommandId
                    + ", errorReason " + result.Data.ErrorReason + ")" + (delivered ? "; the SM-DP+ was told" : ""), null, false);

            bool enabled = false;
            if (enable && md != null && md.Iccid != null)
            {
                int r = Es10c.EnableProfile(es10, md.Iccid, true);
                if (r != 0) throw new CliException("profile " + iccid + " installed, but enable failed: " + ProfileCommands.Name(r, new[] { "ok", "iccidOrAidNotFound", "profileNotInDisabledState", "disallowedByPolicy", "wrongProfileReenabling", "catBusy" }), ExitCodes.Euicc, r);
                enabled = true;
            }

            if (ctx.Json)
            {
                ctx.JsonResult(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("iccid", iccid);
                    w.WriteString("smdpAddress", smdp);
                    w.WriteString("matchingId", matchingId);
                    if (md != null) w.WriteNumber("seqNumber", md.SeqNumber);
                    w.WriteBoolean("notificationDelivered", delivered);
                    if (deliveryError != null) w.WriteString("notificationError", deliveryError);
                    w.WriteBoolean("enabled", enabled);
                    w.WriteEndObject();
                });
            }
            else
            {
                ctx.Out.WriteLine("installed profile " + iccid + " from " + smdp + (enabled ? " and enabled it" : ""));
                if (delivered) ctx.Out.WriteLine("install notification " + md.SeqNumber + " delivered to " + md.NotificationAddress);
                else if (deliveryError != null) ctx.Err.WriteLine("warning: install notification not delivered yet (" + deliveryError + "); run `iotesim notification process` later");
            }
            return ExitCodes.Ok;
        }

        /// <summary>The engine's download journal key, so a later `device run` cancels a download this command left behind.</summary>
        private sealed class StoreJournal : IDownloadJournal
        {
            private readonly IStore _store;
            public StoreJournal(IStore store) { _store = store; }
            public void Begin(string serverAddress, byte[] transactionId)
            {
                _store.Write(IotEsim.Ipa.Engine.ProvisioningEngine.KeyDownload, Encoding.UTF8.GetBytes(serverAddress + "\n" + Hex.Encode(transactionId)));
            }
            public void End() { _store.Delete(IotEsim.Ipa.Engine.ProvisioningEngine.KeyDownload); }
        }

        private sealed class BarProgress : IBppProgress
        {
            private readonly ProgressTask _task;
            public BarProgress(ProgressTask task) { _task = task; }
            public void Loaded(long sent, long total)
            {
                if (total <= 0) return;
                _task.IsIndeterminate = false;
                _task.MaxValue = total;
                _task.Value = sent > total ? total : sent;
            }
        }

        /// <summary>One progress envelope per tenth of the package (and the last one), not one per APDU.</summary>
        private sealed class JsonProgress : IBppProgress
        {
            private readonly CliContext _ctx;
            private int _lastDecile = -1;
            public JsonProgress(CliContext ctx) { _ctx = ctx; }
            public void Loaded(long sent, long total)
            {
                if (total <= 0) return;
                int decile = (int)(sent * 10 / total);
                if (decile == _lastDecile) return;
                _lastDecile = decile;
                _ctx.JsonProgress("es10b_load_bound_profile_package", w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("sent", sent);
                    w.WriteNumber("total", total);
                    w.WriteEndObject();
                });
            }
        }
    }
}
