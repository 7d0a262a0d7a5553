using System;
using System.Diagnostics;
using System.IO;

namespace IotEsim.Bench
{
    /// <summary>
    /// IotEsim benchmarks. `--quick` (default, under two minutes) or `--full` (BenchmarkDotNet default
    /// accuracy, more iterations). Prints one table and writes bench-results.json (or --out PATH).
    /// Exit code 1 when a figure with a goal fails (known-unreachable figures excepted).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            bool full = false;
            string output = "bench-results.json";
            string only = null;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--full") full = true;
                else if (args[i] == "--quick") full = false;
                else if (args[i] == "--out" && i + 1 < args.Length) output = args[++i];
                else if (args[i] == "--only" && i + 1 < args.Length) only = args[++i];
                else if (args[i] == "--help" || args[i] == "-h")
                {
                    Console.WriteLine("usage: IotEsim.Bench [--quick|--full] [--out bench-results.json] [--only crypto|heap|uart|es10|download]");
                    return 0;
                }
            }
#if DEBUG
            Console.WriteLine("warning: Debug build; run with -c Release for meaningful figures");
#endif
            string profile = full ? "full" : "quick";
            var total = Stopwatch.StartNew();
            Step(only, "heap", () => { BppMemoryBench.Run(64); BppMemoryBench.Run(1024); });
            Step(only, "uart", () => UartBench.Run(SyntheticBpp.JsonBody(SyntheticBpp.Build(64 * 1024, 64))));
            Step(only, "es10", () => Es10Bench.RoundTrip(full ? 3.0 : 0.5));
            // BenchmarkDotNet last: its in-process host leaves threads and data that disturb the heap probe.
            Step(only, "crypto", () => CryptoBench.Run(full, Path.Combine(Path.GetTempPath(), "iotesim-bench-bdn")));
            Step(only, "download", () => Es10Bench.Download(full ? 200 : 20, full ? 20 : 3));
            total.Stop();

            Figures.PrintTable(Console.Out);
            Figures.WriteJson(output, profile, total.Elapsed.TotalSeconds);
            Console.WriteLine();
            Console.WriteLine(profile + " run, " + total.Elapsed.TotalSeconds.ToString("0.0") + " s; results in " + Path.GetFullPath(output));
            foreach (var f in Figures.All) if (f.Verdict == "FAIL") return 1;
            return 0;
        }

        private static void Step(string only, string name, Action a)
        {
            if (only != null && only != name) return;
            var sw = Stopwatch.StartNew();
            Console.Write("[" + name + "] ");
            try
            {
                a();
                Console.WriteLine(sw.Elapsed.TotalSeconds.ToString("0.0") + " s");
            }
            catch (Exception e)
            {
                Console.WriteLine("failed: " + e.GetType().Name + ": " + e.Message);
                Figures.NotAvailable(name, "step failed", e.GetType().Name + ": " + e.Message);
            }
        }
    }
}
