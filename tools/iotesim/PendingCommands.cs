using System;
using System.CommandLine;
using System.IO;

namespace IotEsim.Cli
{
    /// <summary>
    /// `profile download` and `device run` need the IPA provisioning engine with a desktop HTTP transport
    /// (ipa/desktop); until that lands they say so and exit 2.
    /// </summary>
    internal static class PendingCommands
    {
        private const string Reason = "not available yet: needs the IPA provisioning engine with the desktop HTTP transport (ipa/desktop), still landing";

        public static Command Download(TextWriter o, TextWriter e)
        {
            var cmd = new Command("download", "download and install a profile from an activation code (LPA:1$smdp$matchingId)");
            var ac = new Option<string>("--activation-code", "-a") { Description = "activation code" };
            var cc = new Option<string>("--confirmation-code") { Description = "confirmation code" };
            cmd.Options.Add(ac);
            cmd.Options.Add(cc);
            cmd.SetAction(p => CliContext.Run(p, o, e, ctx => { throw new CliException("profile download: " + Reason, 2, -1); }));
            return cmd;
        }

        public static Command Device(TextWriter o, TextWriter e)
        {
            var device = new Command("device", "run this machine as an IoT device (IPA + eUICC)");
            var run = new Command("run", "poll the eIM, download and enable profiles, deliver notifications");
            run.SetAction(p => CliContext.Run(p, o, e, ctx => { throw new CliException("device run: " + Reason, 2, -1); }));
            device.Subcommands.Add(run);
            return device;
        }
    }
}
