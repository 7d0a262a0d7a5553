using System;
using System.CommandLine;
using System.IO;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Messages;
using Spectre.Console;

namespace IotEsim.Cli
{
    /// <summary>`notification list|remove` (ES10b.ListNotification / RemoveNotificationFromList).</summary>
    internal static class NotificationCommands
    {
        public static Command Create(TextWriter o, TextWriter e)
        {
            var n = new Command("notification", "pending profile-management notifications on the eUICC");
            var list = new Command("list", "list pending notifications");
            list.SetAction(p => CliContext.Run(p, o, e, List));
            n.Subcommands.Add(list);

            var remove = new Command("remove", "remove a notification from the eUICC's list (without sending it)");
            var seq = new Argument<int>("seq") { Description = "sequence number" };
            remove.Arguments.Add(seq);
            remove.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                int r = Es10b.RemoveNotificationFromList(ctx.Es10(), p.GetValue(seq));
                if (r != 0) throw new CliException("RemoveNotificationFromList failed: " + ProfileCommands.Name(r, new[] { "ok", "nothingToDelete" }), 1, r);
                ctx.Done("notification " + p.GetValue(seq) + " removed");
                return 0;
            }));
            n.Subcommands.Add(remove);
            n.Subcommands.Add(Process(o, e));
            return n;
        }

        /// <summary>`notification process`: the IPA's delivery (SGP.22 3.5 / SGP.32 3.7): each pending
        /// notification to its notificationAddress over ES9+ HandleNotification, or to the eIM over
        /// ESipa; delivered ones are removed from the eUICC. At-most-once across crashes through the
        /// journal in --state.</summary>
        private static Command Process(TextWriter o, TextWriter e)
        {
            var cmd = new Command("process", "deliver pending notifications (ES9+ HandleNotification, or to the eIM with --eim) and remove the delivered ones\n" + ExitCodes.Help);
            var eim = new Option<string>("--eim") { Description = "deliver through this eIM (host[:port]) over ESipa; without a value: the eIM configured on the eUICC", Arity = ArgumentArity.ZeroOrOne };
            var net = new NetworkOptions();
            cmd.Options.Add(eim);
            cmd.Options.Add(IpaState.Option);
            net.AddTo(cmd);
            cmd.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                var es10 = ctx.Es10();
                IDisposable owner;
                var http = net.Open(p, ctx, out owner);
                using (owner)
                {
                    var nd = new IotEsim.Ipa.Notifications.NotificationDelivery(es10, IpaState.Open(p, ctx));
                    string via;
                    if (p.GetResult(eim) != null)
                    {
                        string addr = p.GetValue(eim);
                        if (string.IsNullOrEmpty(addr))
                        {
                            var conf = Es10bIot.GetEimConfigurationData(es10);
                            if (conf.EimConfigurations.Count == 0) throw new CliException("--eim without an address, and no eIM is configured on the eUICC", ExitCodes.Usage, -1);
                            addr = ((IotEsim.Rsp.Messages.Sgp32.EimConfigurationData)conf.EimConfigurations[0]).EimFqdn;
                            if (string.IsNullOrEmpty(addr)) throw new CliException("the eUICC's eIM configuration has no eimFqdn", ExitCodes.Usage, -1);
                        }
                        nd.Esipa = new IotEsim.Ipa.Esipa.EsipaClient(http, addr, net.Scheme(p));
                        via = "eIM " + addr;
                    }
                    else
                    {
                        nd.Es9 = new IotEsim.Ipa.Es9Plus.Es9PlusClient(http, net.Scheme(p));
                        via = "ES9+";
                    }
                    nd.Run();
                    var left = Es10b.ListNotification(es10, null);
                    int remaining = left.Error >= 0 ? -1 : left.Notifications.Count;
                    if (ctx.Json)
                    {
                        ctx.JsonResult(w =>
                        {
                            w.WriteStartObject();
                            w.WriteNumber("delivered", nd.Delivered);
                            w.WriteNumber("remaining", remaining);
                            w.WriteString("via", via);
                            w.WriteEndObject();
                        });
                    }
                    else ctx.Out.WriteLine("delivered " + nd.Delivered + " notification(s) via " + via + "; " + remaining + " left on the eUICC");
                    return 0;
                }
            }));
            return cmd;
        }

        internal static string Operation(int bit)
        {
            switch (bit)
            {
                case 0: return "install";
                case 1: return "enable";
                case 2: return "disable";
                case 3: return "delete";
                default: return bit < 0 ? null : bit.ToString();
            }
        }

        private static int List(CliContext ctx)
        {
            var r = Es10b.ListNotification(ctx.Es10(), null);
            if (r.Error >= 0) throw new CliException("ListNotification failed: error " + r.Error, 1, r.Error);
            if (ctx.Json)
            {
                ctx.JsonResult(w =>
                {
                    w.WriteStartArray();
                    for (int i = 0; i < r.Notifications.Count; i++)
                    {
                        var m = r.Get(i);
                        w.WriteStartObject();
                        w.WriteNumber("seqNumber", m.SeqNumber);
                        w.WriteString("profileManagementOperation", Operation(m.Operation));
                        w.WriteString("notificationAddress", m.NotificationAddress);
                        w.WriteString("iccid", m.Iccid == null ? null : Iccid.FromBytes(m.Iccid));
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return 0;
            }
            if (r.Notifications.Count == 0) { ctx.Out.WriteLine("no notifications"); return 0; }
            var t = new Table().AddColumn("seq").AddColumn("operation").AddColumn("address").AddColumn("ICCID");
            for (int i = 0; i < r.Notifications.Count; i++)
            {
                var m = r.Get(i);
                t.AddRow(m.SeqNumber.ToString(), Fmt.Esc(Operation(m.Operation)), Fmt.Esc(m.NotificationAddress), Fmt.Esc(m.Iccid == null ? "" : Iccid.FromBytes(m.Iccid)));
            }
            ctx.Console.Write(t);
            return 0;
        }
    }
}
