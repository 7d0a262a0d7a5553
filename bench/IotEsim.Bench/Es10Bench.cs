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
            var bcl = Time(ex, id, BclCryptoProvider.Instance, iterations);
            var port = Time(ex, id, new PortableCryptoProvider(SecureRandomSource.Instance), portableIterations);
            Figures.Info("download in-process", "captured session install, BCL crypto, median", bcl[0], "ms", "p99 " + Figures.Format(bcl[1]) + " ms over " + iterations + " downloads");
            Figures.Info("download in-process", "captured session install, portable crypto, median", port[0], "ms", "p99 " + Figures.Format(port[1]) + " ms over " + portableIterations + " downloads");
            Figures.Info("download in-process", "portable/BCL whole download", port[0] / bcl[0], "x", "same run");
            Figures.NotAvailable("download in-process", "IPA engine + SM-DP+ end to end", "needs ipa/Engine wired to servers/ SM-DP+ in-process; not benched yet");
        }

        private static double[] Time(List<byte[][]> ex, EuiccIdentity id, ICryptoProvider crypto, int n)
        {
            var times = new List<double>();
            var capturedAuth = AuthenticateServerResponse.Decode(ex[2][1]);
            var otsk = EcPrivateKey.FromPem(File.ReadAllText(Repo.TestData("bsp/es9plus-download-session/otSK.EUICC.ECKA.pem")));
            for (int k = 0; k < n + 1; k++)
            {
                var options = new EuiccOptions();
                options.Clock = new FixedClock(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks);
                options.EuiccInfo2Override = capturedAuth.EuiccSigned1.EuiccInfo2;
                var sw = Stopwatch.StartNew();
                var engine = new EuiccEngine(id, crypto, new MemoryStore(), options);
                engine.Hooks.NextEuiccChallenge = Hex.Decode("4ee52782b22b02d0ba3f60a652d47b68");
                engine.Hooks.NextOneTimePrivateKey = otsk;
                var es10 = new Es10Channel(new CardTransport(new IsdrApplet(engine)));
                es10.Open();
                es10.Transceive(ex[0][0]);
                es10.Transceive(ex[1][0]);
                var auth = AuthenticateServerResponse.Decode(es10.Transceive(ex[2][0]));
                if (!auth.IsOk) throw new InvalidOperationException("AuthenticateServer failed");
                // The captured smdpSignature2 covers the captured euiccSignature1 (ours is randomized).
                engine.Session.EuiccSignature1 = capturedAuth.EuiccSignature1;
                var pd = PrepareDownloadResponse.Decode(es10.Transceive(ex[3][0]));
                if (!pd.IsOk) throw new InvalidOperationException("PrepareDownload failed");
                byte[] last = null;
                int i = 4;
                for (; i < ex.Count; i++)
                {
                    last = es10.Transceive(ex[i][0]);
                    if (last.Length > 0) break;
                }
                var pir = ProfileInstallationResult.Decode(last);
                if (!pir.Data.Success) throw new InvalidOperationException("install failed");
                es10.Transceive(ex[i + 1][0]);
                sw.Stop();
                if (k > 0) times.Add(sw.Elapsed.TotalMilliseconds); // first run warms the JIT
            }
            times.Sort();
            return new[] { times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)] };
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
