using System;
using System.CommandLine;

namespace IotEsim.Cli
{
    /// <summary>
    /// `iotesim demo`: the one-command lab demo (SM-DP+, SM-DS and eIM on loopback, simulated devices
    /// self-provisioning, then a fleet profile switch). Until the servers and the provisioning engine
    /// land, it says so plainly instead of pretending.
    /// </summary>
    internal static class DemoCommand
    {
        public static Command Create()
        {
            var devices = new Option<int>("--devices") { Description = "number of simulated devices", DefaultValueFactory = _ => 4 };
            var keep = new Option<bool>("--keep") { Description = "keep the servers running after the demo" };
            var cmd = new Command("demo", "run the lab demo on loopback with SQLite in a work directory");
            cmd.Options.Add(devices);
            cmd.Options.Add(keep);
            cmd.SetAction(parse =>
            {
                Console.WriteLine("iotesim demo: not yet available.");
                Console.WriteLine("It needs the C# eUICC engine (issue 3), the IPA provisioning engine (issue 4) and the lab servers (issue 5),");
                Console.WriteLine("which are still landing. The test suite runs today: dotnet test IotEsim.Desktop.slnf");
                return 0;
            });
            return cmd;
        }
    }
}
