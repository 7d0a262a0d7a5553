using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;

namespace IotEsim.Bench
{
    /// <summary>
    /// Portable (pure C#, the device's code) against the BCL provider, operation by operation. Each pair is
    /// measured in the same process and run; the figure is portable/BCL of the medians.
    /// </summary>
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    public class CryptoBenchmarks
    {
        private ICryptoProvider _p, _b;
        private byte[] _priv, _pub, _hash, _sig, _peer, _kb1, _aesKey;

        [GlobalSetup]
        public void Setup()
        {
            _p = new PortableCryptoProvider(SecureRandomSource.Instance);
            _b = BclCryptoProvider.Instance;
            var kp = _b.GenerateKeyPair();
            _priv = kp.PrivateKey; _pub = kp.PublicKey;
            _peer = _b.GenerateKeyPair().PublicKey;
            _hash = _b.Sha256(new byte[] { 1, 2, 3 }, 0, 3);
            _sig = _b.EcdsaSignHash(_priv, _hash);
            _kb1 = new byte[1024];
            new Random(1).NextBytes(_kb1);
            _aesKey = new byte[16];
            new Random(2).NextBytes(_aesKey);
        }

        [BenchmarkCategory("P-256 sign"), Benchmark] public byte[] SignPortable() { return _p.EcdsaSignHash(_priv, _hash); }
        [BenchmarkCategory("P-256 sign"), Benchmark(Baseline = true)] public byte[] SignBcl() { return _b.EcdsaSignHash(_priv, _hash); }
        [BenchmarkCategory("P-256 verify"), Benchmark] public bool VerifyPortable() { return _p.EcdsaVerifyHash(_pub, _hash, _sig); }
        [BenchmarkCategory("P-256 verify"), Benchmark(Baseline = true)] public bool VerifyBcl() { return _b.EcdsaVerifyHash(_pub, _hash, _sig); }
        [BenchmarkCategory("P-256 ECDH"), Benchmark] public byte[] EcdhPortable() { return _p.Ecdh(_priv, _peer); }
        [BenchmarkCategory("P-256 ECDH"), Benchmark(Baseline = true)] public byte[] EcdhBcl() { return _b.Ecdh(_priv, _peer); }
        [BenchmarkCategory("SHA-256 1 KB"), Benchmark] public byte[] Sha256Portable() { return _p.Sha256(_kb1, 0, _kb1.Length); }
        [BenchmarkCategory("SHA-256 1 KB"), Benchmark(Baseline = true)] public byte[] Sha256Bcl() { return _b.Sha256(_kb1, 0, _kb1.Length); }
        [BenchmarkCategory("AES-CMAC 1 KB"), Benchmark] public byte[] CmacPortable() { return _p.AesCmac(_aesKey, _kb1, 0, _kb1.Length); }
        [BenchmarkCategory("AES-CMAC 1 KB"), Benchmark(Baseline = true)] public byte[] CmacBcl() { return _b.AesCmac(_aesKey, _kb1, 0, _kb1.Length); }
    }

    public static class CryptoBench
    {
        private static readonly string[][] Pairs =
        {
            new[] { "P-256 sign", "SignPortable", "SignBcl" },
            new[] { "P-256 verify", "VerifyPortable", "VerifyBcl" },
            new[] { "P-256 ECDH", "EcdhPortable", "EcdhBcl" },
            new[] { "SHA-256 1 KB", "Sha256Portable", "Sha256Bcl" },
            new[] { "AES-CMAC 1 KB", "CmacPortable", "CmacBcl" },
        };

        public static void Run(bool full, string artifacts)
        {
            // In-process so the bench needs no second build (and works with -p:ArtifactsPath); quick keeps
            // iterations short, full uses BenchmarkDotNet's default accuracy.
            var job = full
                ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(5)
                    .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(60)).WithLaunchCount(1);
            var config = ManualConfig.CreateEmpty()
                .AddJob(job)
                .AddColumnProvider(DefaultColumnProviders.Instance)
                .WithArtifactsPath(artifacts)
                .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
            if (full) config = config.AddLogger(ConsoleLogger.Default);
            else config = config.AddLogger(NullLogger.Instance);
            Summary summary = BenchmarkRunner.Run<CryptoBenchmarks>(config);
            var median = new Dictionary<string, double>();
            foreach (var r in summary.Reports)
            {
                if (r.ResultStatistics == null) continue;
                median[r.BenchmarkCase.Descriptor.WorkloadMethod.Name] = r.ResultStatistics.Median;
            }
            foreach (var p in Pairs)
            {
                double port, bcl;
                if (!median.TryGetValue(p[1], out port) || !median.TryGetValue(p[2], out bcl))
                {
                    Figures.NotAvailable("crypto portable/BCL", p[0], "benchmark failed to run");
                    continue;
                }
                string note = "portable " + Us(port) + ", BCL " + Us(bcl) + " (median)";
                if (p[0] == "P-256 verify") Figures.Add("crypto portable/BCL", p[0], port / bcl, "x", 10, note);
                else
                {
                    if (p[0] == "AES-CMAC 1 KB" && port < bcl) note += "; the BCL backend's CMAC is the slower one";
                    Figures.Info("crypto portable/BCL", p[0], port / bcl, "x", note);
                }
            }
        }

        private static string Us(double ns)
        {
            return ns >= 1e6 ? (ns / 1e6).ToString("0.00") + " ms" : (ns / 1e3).ToString("0.0") + " us";
        }
    }
}
