using System;
using System.CommandLine;

namespace IotEsim.Cli
{
    /// <summary>Entry point: builds the command tree. Each command family lives in its own file.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            var root = new RootCommand("IotEsim: IoT eSIM (GSMA SGP.32) profile assistant, eUICC and lab servers");
            root.Subcommands.Add(DemoCommand.Create());
            return root.Parse(args).Invoke();
        }
    }
}
