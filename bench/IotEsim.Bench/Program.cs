using System;
using System.Diagnostics;
using System.IO;

namespace IotEsim.Bench
{
    /// <summary>
    /// IotEsim benchmarks. `--quick` (default, under two minutes) or `--full` (BenchmarkDotNet default
    /// accuracy, more iterations). Prints one table and writes bench/results/latest.json (or --json PATH).
    /// Exit code 1 when a figure with a goal fails (known-unreachable figures excepted).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            bool full = false;
            string output = null;
            string only = null;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--full") full = true;
                else if (args[i] == "--quick") full = false;
                else if ((args[i] == "--out" || args[i] == "--json") && i + 1 < args.Length) output = args[++i];
                else if (args[i] == "--only" && i + 1 < args.Length) only = args[++i];
                else if (args[i] == "--help" || args[i] == "-h")
                {
                    Console.WriteLine("usage: IotEsim.Bench [--quick|--full] [--json PATH (default bench/results/latest.json)] [--only heap|euicc-ram|uart|es10|crypto|download|smdp|eim]");
                    return 0;
                }
            }
#if DEBUG
            Console.WriteLine("warning: Debug build; run with -c Release for meaningful figures");
#endif
            if (output == null)
            {
                output = Path.Combine(Repo.Root, "bench", "results", only == null ? "latest.json" : "latest-" + only + ".json");
                Directory.CreateDirectory(Path.GetDirectoryName(output));
            }
            string profile = full ? "full" : "quick";
            Figures.LoadAtStart = Figures.LoadAverage();
            if (Figures.LoadAtStart != null)
            {
                double l1;
                if (double.TryParse(Figures.LoadAtStart.Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out l1)
                    && l1 > Environment.ProcessorCount)
                    Console.WriteLine("note: load average " + Figures.LoadAtStart + " on " + Environment.ProcessorCount + " cores; timing figures will read slow");
            }
            var total = Stopwatch.StartNew();
            Step(only, "heap", () => { BppMemoryBench.Run(64); BppMemoryBench.Run(1024); });
            Step(only, "euicc-ram", () => Es10Bench.EuiccRam());
            Step(only, "uart", () => UartBench.Run(SyntheticBpp.JsonBody(SyntheticBpp.Build(64 * 1024, 64))));
            Step(only, "es10", () => Es10Bench.RoundTrip(full ? 3.0 : 0.5));
            // BenchmarkDotNet last: its in-process host leaves threads and data that disturb the heap probe.
            Step(only, "crypto", () => CryptoBench.Run(full, Path.Combine(Path.GetTempPath(), "iotesim-bench-bdn")));
            Step(only, "download", () => Es10Bench.Download(full ? 200 : 20, full ? 20 : 3));
            Step(only, "smdp", () => SmDpBench.Run(full));
            Step(only, "eim", () => EimBench.Run(full));
            total.Stop();

            Figures.PrintTable(Console.Out);
            Figures.WriteJson(output, profile, total.Elapsed.TotalSeconds);
            Console.WriteLine();
            Console.WriteLine(profile + " run, " + total.Elapsed.TotalSeconds.ToString("0.0") + " s, load average " + (Figures.LoadAtStart ?? "?") + " -> "
                + (Figures.LoadAverage() ?? "?") + "; results in " + Path.GetFullPath(output));
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
