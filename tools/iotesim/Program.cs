using System;
using System.CommandLine;
using System.IO;

namespace IotEsim.Cli
{
    /// <summary>Entry point: builds the command tree. Each command family lives in its own file.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            return Run(args, Console.Out, Console.Error);
        }

        /// <summary>Runs the CLI in-process with the given writers (tests call this).</summary>
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            var root = Build(output, error);
            var config = new InvocationConfiguration { Output = output, Error = error };
            return root.Parse(args).Invoke(config);
        }

        public static RootCommand Build(TextWriter o, TextWriter e)
        {
            var root = new RootCommand("IotEsim: IoT eSIM (GSMA SGP.32) profile assistant, eUICC and lab servers");
            root.Options.Add(GlobalOptions.Euicc());
            root.Options.Add(GlobalOptions.Json());
            root.Options.Add(GlobalOptions.Trace());
            root.Subcommands.Add(ChipCommands.Create(o, e));
            root.Subcommands.Add(ProfileCommands.Create(o, e, DownloadCommand.Create(o, e)));
            root.Subcommands.Add(NotificationCommands.Create(o, e));
            root.Subcommands.Add(EimCommands.Create(o, e));
            root.Subcommands.Add(EuiccCommands.CreateEuicc(o, e));
            root.Subcommands.Add(EuiccCommands.CreatePki(o, e));
            root.Subcommands.Add(DeviceCommands.Create(o, e));
            root.Subcommands.Add(DemoCommand.Create());
            return root;
        }
    }
}
