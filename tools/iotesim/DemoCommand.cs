using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Cli.Demo;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IotEsim.Cli
{
    /// <summary>
    /// `iotesim demo`: the one-command lab demo. SM-DP+, SM-DS and eIM start on loopback (TLS with a fresh test PKI,
    /// SQLite in the work directory); N simulated devices (C# eUICC + real IPA engine each) get their first profile
    /// through the eIM (activation code or SM-DS event), then group B is switched to a second profile by fleet jobs.
    /// </summary>
    internal static class DemoCommand
    {
        /// <summary>The command; output goes to the writers of the invocation (Program.Run passes them).</summary>
        public static Command Create()
        {
            var devices = new Option<int>("--devices") { Description = "number of simulated devices", DefaultValueFactory = _ => 6 };
            var work = new Option<string>("--work") { Description = "work directory (default: a fresh temporary directory, printed)" };
            var keep = new Option<bool>("--keep") { Description = "keep the servers running after the demo until Ctrl+C" };
            var timeout = new Option<int>("--timeout") { Description = "seconds before an unfinished demo fails", DefaultValueFactory = _ => 120 };
            var cmd = new Command("demo", "run the lab demo: servers on loopback, simulated devices self-provision, a fleet switch");
            cmd.Options.Add(devices);
            cmd.Options.Add(work);
            cmd.Options.Add(keep);
            cmd.Options.Add(timeout);
            cmd.SetAction(p =>
            {
                var o = p.InvocationConfiguration.Output ?? Console.Out;
                var e = p.InvocationConfiguration.Error ?? Console.Error;
                using var ctx = new CliContext(p, o, e);
                int n = p.GetValue(devices);
                if (n < 1 || n > 200) { e.WriteLine("iotesim demo: --devices must be 1-200"); return 2; }
                var options = new DemoOptions
                {
                    Devices = n,
                    WorkDir = Path.GetFullPath(p.GetValue(work) ?? Path.Combine(Path.GetTempPath(), "iotesim-demo-" + DateTime.Now.ToString("yyyyMMdd-HHmmss"))),
                    Timeout = TimeSpan.FromSeconds(Math.Max(5, p.GetValue(timeout))),
                };
                return Run(ctx, options, p.GetValue(keep));
            });
            return cmd;
        }

        public static int Run(CliContext ctx, DemoOptions options, bool keep)
        {
            using var cts = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, a) => { a.Cancel = true; cts.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try { return RunAsync(ctx, options, keep, cts.Token).GetAwaiter().GetResult(); }
            finally { Console.CancelKeyPress -= onCancel; }
        }

        private static async Task<int> RunAsync(CliContext ctx, DemoOptions options, bool keep, CancellationToken ct)
        {
            var con = ctx.Console;
            if (!ctx.Json)
            {
                con.MarkupLine("[bold]IotEsim lab demo[/]: " + options.Devices + " simulated devices, work directory [blue]" + Markup.Escape(options.WorkDir) + "[/]");
                con.MarkupLine("[grey]SM-DP+ / SM-DS / eIM on 127.0.0.1 (TLS, test PKI), each device = C# eUICC + IPA engine on its own thread[/]");
            }
            await using var runner = new DemoRunner(options);
            DemoResult result;
            if (ctx.Json)
            {
                result = await runner.RunAsync(ct);
            }
            else if (con.Profile.Capabilities.Interactive)
            {
                result = null;
                await con.Live(Render(runner)).AutoClear(true).StartAsync(async live =>
                {
                    var run = runner.RunAsync(ct);
                    while (!run.IsCompleted)
                    {
                        live.UpdateTarget(Render(runner));
                        await Task.WhenAny(run, Task.Delay(200));
                    }
                    result = await run;
                });
            }
            else
            {
                // Not a terminal: progress as plain lines when the phase changes.
                var run = runner.RunAsync(ct);
                string last = null;
                while (!run.IsCompleted)
                {
                    if (runner.Phase != last) { last = runner.Phase; ctx.Out.WriteLine("[" + runner.Seconds.ToString("0.0") + " s] " + last); }
                    await Task.WhenAny(run, Task.Delay(200));
                }
                result = await run;
            }
            await runner.FillJobsAsync(result, CancellationToken.None);

            if (ctx.Json) ctx.Out.WriteLine(ToJson(result));
            else Summary(con, result, keep);

            if (keep && runner.Lab != null && !ct.IsCancellationRequested)
            {
                if (!ctx.Json)
                {
                    con.MarkupLine("");
                    con.MarkupLine("[bold]Servers keep running[/] (Ctrl+C to stop):");
                    con.MarkupLine("  dashboard  " + Markup.Escape(runner.Lab.DashboardUrl.ToString()));
                    con.MarkupLine("  fleet API  " + Markup.Escape(new Uri(runner.Lab.EimHttpUrl, "/api/v1/devices").ToString()) + "  (Authorization: Bearer $(cat " + Markup.Escape(runner.Lab.AdminKeyFile) + "))");
                    con.MarkupLine("  SM-DP+     https://" + Markup.Escape(runner.Lab.SmdpAddress) + "   SM-DS https://" + Markup.Escape(runner.Lab.SmdsAddress) + "   eIM https://" + Markup.Escape(runner.Lab.EimAddress));
                    con.MarkupLine("  (lab names resolve to 127.0.0.1 only inside the demo: curl --resolve " + Markup.Escape(string.Join(" --resolve ", runner.Lab.ResolveEntries)) + " --cacert " + Markup.Escape(runner.Lab.CiPemPath) + ")");
                }
                try { await Task.Delay(Timeout.Infinite, ct); } catch (OperationCanceledException) { }
            }
            return result.Ok ? 0 : 1;
        }

        private static IRenderable Render(DemoRunner r)
        {
            var t = new Table().Border(TableBorder.Rounded).Expand();
            t.Title = new TableTitle("[bold]" + Markup.Escape(r.Phase) + "[/]  [grey]" + r.Seconds.ToString("0.0") + " s[/]");
            t.AddColumn("device").AddColumn("EID").AddColumn("group").AddColumn("first profile via").AddColumn("step");
            foreach (var d in r.Devices)
            {
                string step = Markup.Escape(d.Step);
                if (d.DoneSeconds >= 0) step = "[green]" + step + "[/]";
                else if (d.LastError != null) step += " [yellow](retrying: " + Markup.Escape(Short(d.LastError, 60)) + ")[/]";
                t.AddRow(d.Name, d.Eid, d.Group, d.ViaSmds ? "SM-DS event" : "activation code", step);
            }
            if (r.Devices.Count == 0) t.AddRow("", "", "", "", "[grey]" + Markup.Escape(r.Phase) + "…[/]");
            return t;
        }

        private static string Short(string s, int n) { return s.Length <= n ? s : s.Substring(0, n - 1) + "…"; }

        private static void Summary(IAnsiConsole con, DemoResult r, bool keep)
        {
            var t = new Table().Border(TableBorder.Rounded);
            t.AddColumn("device").AddColumn("EID").AddColumn("group").AddColumn("first via").AddColumn("enabled profile ICCID").AddColumn("state").AddColumn(new TableColumn("time").RightAligned());
            foreach (var d in r.Devices)
                t.AddRow(d.Name, d.Eid, d.Group, d.FirstProfileVia, Markup.Escape(d.EnabledIccid ?? "-"),
                    d.Ok ? "[green]" + Markup.Escape(d.State) + "[/]" : "[red]" + Markup.Escape(d.State + (d.Error != null ? ": " + d.Error : "")) + "[/]",
                    d.Seconds >= 0 ? d.Seconds.ToString("0.0") + " s" : "-");
            con.Write(t);
            if (r.Jobs.Count > 0)
            {
                int done = 0;
                foreach (var j in r.Jobs) if (j.State == "completed" && j.Failed == 0) done++;
                con.MarkupLine("fleet jobs: " + done + "/" + r.Jobs.Count + " completed without failures");
            }
            if (r.DashboardUrl != null && !keep) con.MarkupLine("dashboard: " + Markup.Escape(r.DashboardUrl) + " [grey](add --keep to keep the servers up and browse it)[/]");
            con.MarkupLine(r.Ok ? "[green]OK[/] " + Markup.Escape(r.Message) + " in " + r.Seconds.ToString("0.0") + " s"
                : "[red]FAILED[/] " + Markup.Escape(r.Message));
            if (r.Devices.Count > 0)
                con.MarkupLine("inspect a device: [blue]dotnet run --project tools/iotesim -- --euicc sim:" + Markup.Escape(Path.Combine(r.WorkDir, "devices", r.Devices[0].Name)) + " profile list[/]");
        }

        /// <summary>Stable JSON summary (field names and order are part of the CLI contract).</summary>
        public static string ToJson(DemoResult r)
        {
            var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteBoolean("ok", r.Ok);
                w.WriteString("message", r.Message);
                w.WriteNumber("seconds", r.Seconds);
                w.WriteString("workDir", r.WorkDir);
                w.WriteString("dashboardUrl", r.DashboardUrl);
                w.WriteStartArray("devices");
                foreach (var d in r.Devices)
                {
                    w.WriteStartObject();
                    w.WriteString("name", d.Name);
                    w.WriteString("eid", d.Eid);
                    w.WriteString("group", d.Group);
                    w.WriteString("firstProfileVia", d.FirstProfileVia);
                    w.WriteString("expectedIccid", d.ExpectedIccid);
                    w.WriteString("enabledIccid", d.EnabledIccid);
                    w.WriteString("state", d.State);
                    w.WriteBoolean("ok", d.Ok);
                    w.WriteNumber("seconds", d.Seconds);
                    w.WriteString("simDir", Path.Combine(r.WorkDir, "devices", d.Name));
                    if (d.Error != null) w.WriteString("error", d.Error); else w.WriteNull("error");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("jobs");
                foreach (var j in r.Jobs)
                {
                    w.WriteStartObject();
                    w.WriteString("id", j.Id);
                    w.WriteString("kind", j.Kind);
                    w.WritePropertyName("target");
                    using (var doc = JsonDocument.Parse(j.Target)) doc.RootElement.WriteTo(w);
                    w.WriteString("state", j.State);
                    w.WriteNumber("done", j.Done);
                    w.WriteNumber("failed", j.Failed);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(ms.ToArray());
        }
    }
}
