using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using IotEsim.Ipa.Engine;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Util;

namespace IotEsim.Cli
{
    /// <summary>`device run` (the IPA provisioning engine on this machine's eUICC) and `device config`
    /// (the firmware's configuration file for a board).</summary>
    internal static class DeviceCommands
    {
        public static Command Create(TextWriter o, TextWriter e)
        {
            var device = new Command("device", "run this machine as an IoT device (IPA + eUICC), or configure a real one");
            device.Subcommands.Add(Run(o, e));
            device.Subcommands.Add(DeviceConfigCommand.Create(o, e));
            return device;
        }

        private static Command Run(TextWriter o, TextWriter e)
        {
            var run = new Command("run", "one boot of the provisioning engine: deliver notifications, poll the eIM (or download from an activation code / SM-DS and enable), until idle or a wait\n" + ExitCodes.Help);
            var eim = new Option<string>("--eim") { Description = "eIM address host[:port] (default: the eIM configured on the eUICC)" };
            var eimId = new Option<string>("--eim-id") { Description = "eimId to pair with --eim" };
            var ac = new Option<string>("--activation-code", "-a") { Description = "activation code to use when there is no eIM and no profile is enabled" };
            var cc = new Option<string>("--confirmation-code", "-c") { Description = "confirmation code for the activation code" };
            var smds = new Option<string>("--smds") { Description = "SM-DS to poll instead of the eUICC's root SM-DS" };
            var indirect = new Option<bool>("--indirect") { Description = "download through the eIM (ESipa relay) instead of directly from the SM-DP+" };
            var noEnable = new Option<bool>("--no-enable") { Description = "without an eIM: do not enable the downloaded profile" };
            var loop = new Option<bool>("--loop") { Description = "keep polling, honouring the engine's waits (backoff after failures, --interval when idle)" };
            var interval = new Option<int>("--interval") { Description = "seconds between two poll rounds with --loop", DefaultValueFactory = _ => 3600 };
            var maxSteps = new Option<int>("--max-steps") { Description = "stop after this many steps (0 = no limit with --loop, 200 without)", DefaultValueFactory = _ => 0 };
            var backoff = new Option<int>("--backoff") { Description = "first retry delay in seconds after a failure (doubles up to an hour)", DefaultValueFactory = _ => 5 };
            var net = new NetworkOptions();
            foreach (var opt in new Option[] { eim, eimId, ac, cc, smds, indirect, noEnable, loop, interval, maxSteps, backoff, IpaState.Option }) run.Options.Add(opt);
            net.AddTo(run);
            run.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                var cfg = new IpaConfig
                {
                    EimFqdn = p.GetValue(eim),
                    EimId = p.GetValue(eimId),
                    ActivationCode = p.GetValue(ac),
                    ConfirmationCode = p.GetValue(cc),
                    SmdsAddress = p.GetValue(smds),
                    Scheme = net.Scheme(p),
                    IndirectDownload = p.GetValue(indirect),
                    EnableAfterDownload = !p.GetValue(noEnable),
                    PollIntervalMs = checked(Math.Max(0, p.GetValue(interval)) * 1000),
                    BackoffBaseMs = checked(Math.Max(1, p.GetValue(backoff)) * 1000),
                };
                if (cfg.ActivationCode != null) IotEsim.Rsp.Provisioning.ActivationCode.Parse(cfg.ActivationCode.Trim());
                var es10 = ctx.Es10();
                IDisposable owner;
                IHttpTransport http = net.Open(p, ctx, out owner);
                using (owner)
                {
                    var engine = new ProvisioningEngine(cfg, es10, http, IpaState.Open(p, ctx), new DesktopClock(), new DesktopJitter());
                    engine.Crypto = BclCryptoProvider.Instance;
                    return Loop(ctx, engine, p.GetValue(loop), p.GetValue(maxSteps), cfg.PollIntervalMs);
                }
            }));
            return run;
        }

        private static int Loop(CliContext ctx, ProvisioningEngine engine, bool loop, int maxSteps, int intervalMs)
        {
            if (maxSteps <= 0) maxSteps = loop ? int.MaxValue : 200;
            using (var stop = new CancellationTokenSource())
            {
                ConsoleCancelEventHandler onCancel = (s, a) => { a.Cancel = true; stop.Cancel(); };
                if (loop) Console.CancelKeyPress += onCancel;
                try
                {
                    StepResult r = StepResult.Again;
                    int steps = 0;
                    while (steps < maxSteps && !stop.IsCancellationRequested)
                    {
                        r = engine.Step();
                        steps++;
                        Print(ctx, steps, engine, r);
                        if (r.Kind == StepResult.KindAgain) continue;
                        if (!loop) break;
                        int wait = r.Kind == StepResult.KindAgainLater ? r.DelayMs
                            : r.Kind == StepResult.KindAgainWhenOnline ? 5000 : intervalMs;
                        if (!ctx.Json) ctx.Err.WriteLine("waiting " + (wait / 1000.0).ToString("0.#") + " s");
                        stop.Token.WaitHandle.WaitOne(wait);
                    }
                    return Finish(ctx, engine, r, steps);
                }
                finally
                {
                    if (loop) Console.CancelKeyPress -= onCancel;
                }
            }
        }

        private static void Print(CliContext ctx, int n, ProvisioningEngine engine, StepResult r)
        {
            string action = engine.LastAction ?? "";
            if (ctx.Json)
            {
                ctx.Out.WriteLine(CliContext.Envelope("step", w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("code", engine.LastException == null ? 0 : RemoteError.ExitCode(engine.LastException));
                    w.WriteString("message", action);
                    w.WritePropertyName("data");
                    w.WriteStartObject();
                    w.WriteNumber("step", n);
                    w.WriteString("next", Kind(r));
                    if (r.Kind == StepResult.KindAgainLater) w.WriteNumber("delayMs", r.DelayMs);
                    if (engine.LastError != null) w.WriteString("error", engine.LastError);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }));
                ctx.Out.Flush();
            }
            else
            {
                ctx.Out.WriteLine("[" + n + "] " + action + (r.Kind == StepResult.KindAgain ? "" : "  -> " + r));
                ctx.Out.Flush();
            }
        }

        private static string Kind(StepResult r)
        {
            switch (r.Kind)
            {
                case StepResult.KindAgain: return "again";
                case StepResult.KindAgainLater: return "later";
                case StepResult.KindAgainWhenOnline: return "online";
                default: return "idle";
            }
        }

        private static int Finish(CliContext ctx, ProvisioningEngine engine, StepResult r, int steps)
        {
            if (r.Kind == StepResult.KindIdle)
            {
                if (ctx.Json)
                    ctx.JsonResult(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("eid", engine.Eid == null ? null : Hex.Encode(engine.Eid));
                        w.WriteString("eim", engine.EimAddress);
                        w.WriteNumber("steps", steps);
                        w.WriteBoolean("profileChanged", engine.ProfileChanged);
                        w.WriteEndObject();
                    });
                else ctx.Out.WriteLine("idle after " + steps + " step(s)" + (engine.ProfileChanged ? "; profiles changed" : ""));
                return ExitCodes.Ok;
            }
            if (engine.LastException != null) return RemoteError.Fail(ctx, engine.LastException);
            if (r.Kind == StepResult.KindAgainWhenOnline) return ctx.Fail(ExitCodes.Network, ExitCodes.Network, "offline");
            return ctx.Fail(ExitCodes.Usage, -1, "stopped after " + steps + " step(s) without reaching idle");
        }

        private sealed class DesktopClock : IClock
        {
            public long NowMs { get { return Environment.TickCount64; } }
        }

        private sealed class DesktopJitter : IJitter
        {
            public int Next(int maxExclusive) { return maxExclusive <= 0 ? 0 : Random.Shared.Next(maxExclusive); }
        }
    }
}
