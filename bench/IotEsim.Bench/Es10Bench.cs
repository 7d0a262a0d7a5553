using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Euicc.Identity;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;

namespace IotEsim.Bench
{
    /// <summary>In-process ES10 through the real eUICC engine: round trip rate and a complete captured download.</summary>
    public static class Es10Bench
    {
        public static EuiccIdentity CaptureIdentity()
        {
            return EuiccIdentity.Load(
                Repo.Bytes("es9plus-download/certs/CERT_EUICC_ECDSA_NIST.der"),
                Repo.Bytes("es9plus-download/certs/SK_EUICC_ECDSA_NIST.pem"),
                Repo.Bytes("es9plus-download/certs/CERT_EUM_ECDSA_NIST.der"),
                new byte[][] { Repo.Bytes("es9plus-download/certs/CERT_CI_ECDSA_NIST.der") });
        }

        /// <summary>GetEID through Es10Channel + IsdrApplet (STORE DATA, 61xx, GET RESPONSE) against the same
        /// request handed straight to the engine; the ratio is the APDU layer's cost.</summary>
        public static void RoundTrip(double seconds)
        {
            var engine = new EuiccEngine(CaptureIdentity(), BclCryptoProvider.Instance, new MemoryStore(), new EuiccOptions());
            var es10 = new Es10Channel(new CardTransport(new IsdrApplet(engine)));
            es10.Open();
            byte[] req = Hex.Decode("BF3E035C015A");
            double viaApdu = Rate(seconds, () => Es10c.GetEid(es10));
            double direct = Rate(seconds, () => engine.ProcessRequest(req));
            Figures.Info("ES10 in-process", "GetEID round trips via IsdrApplet+Es10Channel", viaApdu, "/s", "baseline figure (no goal)");
            Figures.Info("ES10 in-process", "APDU layer cost (direct engine rate / APDU rate)", direct / viaApdu, "x",
                "direct ProcessRequest " + Figures.Format(direct) + "/s, same run");
        }

        private delegate object Op();

        private static double Rate(double seconds, Op op)
        {
            for (int i = 0; i < 200; i++) op();
            var sw = Stopwatch.StartNew();
            long n = 0;
            while (sw.Elapsed.TotalSeconds < seconds) { for (int i = 0; i < 100; i++) op(); n += 100; }
            return n / sw.Elapsed.TotalSeconds;
        }

        /// <summary>
        /// A complete download on the eUICC side: the captured lpac/osmo-smdpp session (GetEUICCChallenge,
        /// EUICCInfo1, AuthenticateServer, PrepareDownload, the 12.5 KB BPP with SCP03t, ListNotification)
        /// replayed into a fresh in-process eUICC, timed per download. The SM-DP+ side is the capture, so this
        /// is the eUICC + ES10 cost, not a network round trip.
        /// </summary>
        public static void Download(int iterations, int portableIterations)
        {
            var ex = Es10Exchanges(Repo.TestData("es9plus-download/apdus.txt"));
            var id = CaptureIdentity();
            var bclCount = new CountingCrypto(BclCryptoProvider.Instance);
            var portCount = new CountingCrypto(new PortableCryptoProvider(SecureRandomSource.Instance));
            var bcl = Time(ex, id, bclCount, iterations);
            var port = Time(ex, id, portCount, portableIterations);
            Figures.Info("download in-process", "captured session install, BCL crypto, median", bcl[0], "ms", "p99 " + Figures.Format(bcl[1]) + " ms over " + iterations + " downloads");
            Figures.Info("download in-process", "captured session install, portable crypto, median", port[0], "ms", "p99 " + Figures.Format(port[1]) + " ms over " + portableIterations + " downloads");
            // Figure 6: what the portable crypto costs the eUICC in one whole download.
            int runs = portableIterations;
            Figures.Info("eUICC crypto", "scalar multiplications per download (eUICC side)", portCount.ScalarMultiplications / (double)runs, "",
                "per download: " + Per(portCount.Signs, runs) + " sign (1 each), " + Per(portCount.Verifies, runs) + " verify (2 each, incl. the CERT.DPauth/DPpb chains), "
                + Per(portCount.Ecdhs, runs) + " ECDH, " + Per(portCount.KeyGens + portCount.Derives, runs) + " key generation; BCL run counted the same: "
                + (bclCount.ScalarMultiplications / (double)iterations).ToString("0.#"));
            Figures.Info("eUICC crypto", "portable public-key time per download", portCount.PublicKeyMs / runs, "ms",
                "sign " + (CountingCrypto.Ms(portCount.SignTicks) / runs).ToString("0.0") + ", verify " + (CountingCrypto.Ms(portCount.VerifyTicks) / runs).ToString("0.0")
                + ", ECDH " + (CountingCrypto.Ms(portCount.EcdhTicks) / runs).ToString("0.0") + ", keygen " + (CountingCrypto.Ms(portCount.KeyGenTicks) / runs).ToString("0.0")
                + " ms; symmetric (SHA-256, AES, CMAC) " + (portCount.SymmetricMs / runs).ToString("0.0") + " ms; BCL public-key "
                + (bclCount.PublicKeyMs / iterations).ToString("0.00") + " ms");
            Figures.Info("eUICC crypto", "whole download portable/BCL (median time ratio)", port[0] / bcl[0], "x", "captured session, same run; medians "
                + Figures.Format(port[0]) + " / " + Figures.Format(bcl[0]) + " ms");
        }

        private static AuthenticateServerResponse _capturedAuth;
        private static byte[] _otsk;

        private static string Per(long n, int runs) { return (n / (double)runs).ToString("0.#"); }

        private static double[] Time(List<byte[][]> ex, EuiccIdentity id, ICryptoProvider crypto, int n)
        {
            var times = new List<double>();
            for (int k = 0; k < n + 1; k++)
            {
                var sw = Stopwatch.StartNew();
                Replay(ex, id, crypto, new MemoryStore(), card => new CardTransport(card), null);
                sw.Stop();
                if (k > 0) times.Add(sw.Elapsed.TotalMilliseconds); // first run warms the JIT
                else if (crypto is CountingCrypto) ((CountingCrypto)crypto).Reset();
            }
            times.Sort();
            return new[] { times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)] };
        }

        /// <summary>One captured download into a fresh engine over <paramref name="store"/>; <paramref name="beforeFirst"/>
        /// runs after the engine and channel exist, just before the first ES10 request.</summary>
        public static void Replay(List<byte[][]> ex, EuiccIdentity id, ICryptoProvider crypto, IStore store,
            Func<ISmartCard, IApduTransport> transport, Action beforeFirst)
        {
            if (_capturedAuth == null)
            {
                _capturedAuth = AuthenticateServerResponse.Decode(ex[2][1]);
                _otsk = EcPrivateKey.FromPem(File.ReadAllText(Repo.TestData("bsp/es9plus-download-session/otSK.EUICC.ECKA.pem")));
            }
            var capturedAuth = _capturedAuth;
            var otsk = _otsk;
            var options = new EuiccOptions();
            options.Clock = new FixedClock(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks);
            options.EuiccInfo2Override = capturedAuth.EuiccSigned1.EuiccInfo2;
            var engine = new EuiccEngine(id, crypto, store, options);
            engine.Hooks.NextEuiccChallenge = Hex.Decode("4ee52782b22b02d0ba3f60a652d47b68");
            engine.Hooks.NextOneTimePrivateKey = otsk;
            var es10 = new Es10Channel(transport(new IsdrApplet(engine)));
            es10.Open();
            byte[] capturedSig1 = capturedAuth.EuiccSignature1;
            if (beforeFirst != null) beforeFirst();
            es10.Transceive(ex[0][0]);
            es10.Transceive(ex[1][0]);
            if (!AuthenticateServerResponse.Decode(es10.Transceive(ex[2][0])).IsOk) throw new InvalidOperationException("AuthenticateServer failed");
            // The captured smdpSignature2 covers the captured euiccSignature1 (ours is randomized).
            engine.Session.EuiccSignature1 = capturedSig1;
            if (!PrepareDownloadResponse.Decode(es10.Transceive(ex[3][0])).IsOk) throw new InvalidOperationException("PrepareDownload failed");
            byte[] last = null;
            int i = 4;
            for (; i < ex.Count; i++)
            {
                last = es10.Transceive(ex[i][0]);
                if (last.Length > 0) break;
            }
            if (!ProfileInstallationResult.Decode(last).Data.Success) throw new InvalidOperationException("install failed");
            es10.Transceive(ex[i + 1][0]);
        }

        /// <summary>
        /// Figure 5: the C# eUICC's working RAM while it runs the captured download (12.5 KB BPP): the settled live heap
        /// (GC.GetTotalMemory(true)) before every APDU, minus the baseline taken after the engine is up and before the first
        /// request. The engine's store is a FileStore in a temp directory, so the profile image it persists is on disk, not
        /// in the figure. The captured requests are allocated before the baseline; what the IPA side keeps live between
        /// APDUs (the ES10 channel, the current command APDU) is inside the figure, a few hundred bytes.
        /// </summary>
        public static void EuiccRam()
        {
            var ex = Es10Exchanges(Repo.TestData("es9plus-download/apdus.txt"));
            var id = CaptureIdentity();
            string dir = Path.Combine(Path.GetTempPath(), "iotesim-bench-euicc-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            try
            {
                HeapProbeTransport probe = null;
                for (int k = 0; k < 3; k++)
                {
                    string d = Path.Combine(dir, k.ToString());
                    bool measure = k == 2; // two warm runs first: JIT and lazily built runtime data belong to the baseline
                    Replay(ex, id, BclCryptoProvider.Instance, new IotEsim.Rsp.Desktop.Storage.FileStore(d),
                        card => probe = new HeapProbeTransport(card),
                        () => { if (measure) { probe.Baseline = GC.GetTotalMemory(true); probe.Probing = true; } });
                    probe.Probing = false;
                }
                int bppBytes = 0;
                for (int i = 4; i < ex.Count; i++) bppBytes += ex[i][0].Length;
                Figures.Add("eUICC RAM", "working heap during a download (max above baseline)", probe.MaxAbove / 1024.0, "KB", 64,
                    "max at APDU " + probe.MaxAt + " of " + probe.Apdus + " (captured session, " + (bppBytes / 1024.0).ToString("0.0")
                    + " KB BPP, BCL crypto, FileStore); GC.GetTotalMemory(true) before each APDU");
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        /// <summary>Reassembles the STORE DATA sequences of an apdus.txt capture into (request, response) pairs.</summary>
        public static List<byte[][]> Es10Exchanges(string path)
        {
            var cmds = new List<byte[]>();
            var resps = new List<byte[]>();
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Trim();
                if (line.StartsWith("> ")) cmds.Add(Hex.Decode(line.Substring(2)));
                else if (line.StartsWith("< ")) resps.Add(Hex.Decode(line.Substring(2)));
            }
            var list = new List<byte[][]>();
            int k = 0;
            while (k < cmds.Count)
            {
                if (cmds[k][1] != 0xE2) { k++; continue; }
                var req = new MemoryStream();
                var resp = new MemoryStream();
                while (k < cmds.Count)
                {
                    var c = cmds[k];
                    req.Write(c, 5, c[4]);
                    var r = resps[k++];
                    if (c[2] == 0x91)
                    {
                        resp.Write(r, 0, r.Length - 2);
                        int sw = StatusWord.Of(r);
                        while ((sw & 0xFF00) == 0x6100 && k < cmds.Count && cmds[k][1] == 0xC0)
                        {
                            r = resps[k++];
                            resp.Write(r, 0, r.Length - 2);
                            sw = StatusWord.Of(r);
                        }
                        break;
                    }
                }
                list.Add(new[] { req.ToArray(), resp.ToArray() });
            }
            return list;
        }
    }
}
