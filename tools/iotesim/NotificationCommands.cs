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
            return n;
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
