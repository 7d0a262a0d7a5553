using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace IotEsim.Bench
{
    /// <summary>One row of the result table: a value, how it compares with its goal (if any), and a note.</summary>
    public sealed class Figure
    {
        public string Group;
        public string Name;
        public double Value = double.NaN;
        public string Unit;
        /// <summary>Goal as text ("<= 10", "baseline"); null when the figure has none.</summary>
        public string Goal;
        public double Limit = double.NaN;
        /// <summary>"pass", "FAIL", "info", "known-unreachable", "n/a".</summary>
        public string Verdict = "info";
        public string Note;
    }

    public static class Figures
    {
        public static readonly List<Figure> All = new List<Figure>();

        public static Figure Add(string group, string name, double value, string unit, double limit, string note)
        {
            var f = new Figure { Group = group, Name = name, Value = value, Unit = unit, Note = note, Limit = limit };
            if (!double.IsNaN(limit))
            {
                f.Goal = "<= " + limit.ToString("0.###", CultureInfo.InvariantCulture);
                f.Verdict = value <= limit ? "pass" : "FAIL";
            }
            All.Add(f);
            return f;
        }

        /// <summary>A figure whose goal is a floor (rates): pass when value &gt;= limit.</summary>
        public static Figure AddAtLeast(string group, string name, double value, string unit, double limit, string note)
        {
            var f = new Figure { Group = group, Name = name, Value = value, Unit = unit, Note = note, Limit = limit };
            f.Goal = ">= " + limit.ToString("0.###", CultureInfo.InvariantCulture);
            f.Verdict = value >= limit ? "pass" : "FAIL";
            All.Add(f);
            return f;
        }

        public static Figure Info(string group, string name, double value, string unit, string note)
        {
            return Add(group, name, value, unit, double.NaN, note);
        }

        /// <summary>A figure that could not be measured in this environment (e.g. no PostgreSQL server).</summary>
        public static Figure Skipped(string group, string name, string why)
        {
            var f = new Figure { Group = group, Name = name, Verdict = "skipped", Note = "skipped: " + why };
            All.Add(f);
            return f;
        }

        public static Figure NotAvailable(string group, string name, string why)
        {
            var f = new Figure { Group = group, Name = name, Verdict = "n/a", Note = "n/a (" + why + ")" };
            All.Add(f);
            return f;
        }

        public static string LoadAtStart;

        /// <summary>/proc/loadavg's first three fields (Linux); null elsewhere. Quoted with the figures: on a shared machine
        /// a load above the core count slows every timing figure.</summary>
        public static string LoadAverage()
        {
            try
            {
                var parts = File.ReadAllText("/proc/loadavg").Split(' ');
                return parts[0] + " " + parts[1] + " " + parts[2];
            }
            catch (Exception) { return null; }
        }

        public static string Format(double v)
        {
            if (double.IsNaN(v)) return "n/a";
            if (Math.Abs(v) >= 1000) return v.ToString("N0", CultureInfo.InvariantCulture);
            if (Math.Abs(v) >= 10) return v.ToString("0.0", CultureInfo.InvariantCulture);
            return v.ToString("0.000", CultureInfo.InvariantCulture);
        }

        public static void PrintTable(TextWriter w)
        {
            int wn = 10, wv = 5;
            foreach (var f in All)
            {
                wn = Math.Max(wn, (f.Group + ": " + f.Name).Length);
                wv = Math.Max(wv, (Format(f.Value) + " " + f.Unit).Length);
            }
            w.WriteLine();
            w.WriteLine("figure".PadRight(wn) + " | " + "value".PadRight(wv) + " | " + "goal".PadRight(9) + " | verdict           | note");
            w.WriteLine(new string('-', wn) + "-+-" + new string('-', wv) + "-+-" + new string('-', 9) + "-+-------------------+-----");
            foreach (var f in All)
            {
                w.WriteLine((f.Group + ": " + f.Name).PadRight(wn) + " | " + (Format(f.Value) + " " + f.Unit).PadRight(wv) + " | "
                    + (f.Goal ?? "-").PadRight(9) + " | " + f.Verdict.PadRight(17) + " | " + (f.Note ?? ""));
            }
        }

        public static void WriteJson(string path, string profile, double seconds)
        {
            using (var fs = File.Create(path))
            using (var j = new Utf8JsonWriter(fs, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                j.WriteStartObject();
                j.WriteString("profile", profile);
                j.WriteString("runtime", Environment.Version.ToString());
                j.WriteString("os", System.Runtime.InteropServices.RuntimeInformation.OSDescription);
                j.WriteNumber("processorCount", Environment.ProcessorCount);
                j.WriteString("timestampUtc", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
                j.WriteNumber("elapsedSeconds", Math.Round(seconds, 1));
                if (LoadAtStart != null) j.WriteString("loadAverageAtStart", LoadAtStart);
                string load = LoadAverage();
                if (load != null) j.WriteString("loadAverageAtEnd", load);
                j.WriteStartArray("figures");
                foreach (var f in All)
                {
                    j.WriteStartObject();
                    j.WriteString("group", f.Group);
                    j.WriteString("name", f.Name);
                    if (double.IsNaN(f.Value)) j.WriteNull("value"); else j.WriteNumber("value", Math.Round(f.Value, 4));
                    j.WriteString("unit", f.Unit);
                    if (double.IsNaN(f.Limit)) j.WriteNull("limit"); else j.WriteNumber("limit", f.Limit);
                    if (f.Goal == null) j.WriteNull("goal"); else j.WriteString("goal", f.Goal);
                    j.WriteString("verdict", f.Verdict);
                    j.WriteString("note", f.Note);
                    j.WriteEndObject();
                }
                j.WriteEndArray();
                j.WriteEndObject();
            }
        }
    }

    /// <summary>The repository and ../shared/testdata, wherever the build output lives.</summary>
    public static class Repo
    {
        private static string _root;

        public static string Root
        {
            get
            {
                if (_root != null) return _root;
                foreach (var a in typeof(Repo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false))
                {
                    var m = (System.Reflection.AssemblyMetadataAttribute)a;
                    if (m.Key == "IotEsimRoot" && File.Exists(Path.Combine(m.Value, "IotEsim.sln"))) return _root = Path.GetFullPath(m.Value);
                }
                var d = new DirectoryInfo(AppContext.BaseDirectory);
                while (d != null && !File.Exists(Path.Combine(d.FullName, "IotEsim.sln"))) d = d.Parent;
                if (d == null) throw new InvalidOperationException("IotEsim.sln not found");
                return _root = d.FullName;
            }
        }

        public static string TestData(string relative) { return Path.GetFullPath(Path.Combine(Root, "..", "shared", "testdata", relative)); }

        public static byte[] Bytes(string relative) { return File.ReadAllBytes(TestData(relative)); }
    }
}
