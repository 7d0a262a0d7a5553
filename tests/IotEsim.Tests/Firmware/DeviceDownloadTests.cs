using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using IotEsim.Euicc.Board;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Firmware.At;
using IotEsim.Firmware.Config;
using IotEsim.Firmware.Framing;
using IotEsim.Firmware.Ipa;
using IotEsim.Firmware.Runtime;
using IotEsim.Firmware.Serial;
using IotEsim.Firmware.Sim;
using IotEsim.Firmware.Storage;
using IotEsim.Ipa.Desktop;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Apdu;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Storage;
using IotEsim.Rsp.Util;
using IotEsim.Servers.SmDp;
using IotEsim.Tests.Euicc;
using IotEsim.Tests.SmDp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Firmware
{
    /// <summary>
    /// "Proven without hardware": the firmware's <see cref="DeviceRunner"/> drives the real IPA
    /// <see cref="Ipa.Engine.ProvisioningEngine"/> (through <see cref="IpaProvisioner"/>) to a full profile download from
    /// the real SM-DP+ (Kestrel on loopback, SQLite) into the real C# eUICC, over
    /// (a) every modem profile's AT path (AT+CSIM or AT+CCHO/CGLA, echo, URCs, noise, prefix quirks) to
    /// <see cref="SimulatedAtModem"/> in front of <see cref="EuiccEngine"/>, with the SIM refresh the profile prescribes, and
    /// (b) the framed UART link to the eUICC board's code (<see cref="BoardEuicc"/>: credentials from files, state in a
    /// FlashStore, the frame server) on the other end of a <see cref="SerialPipe"/>.
    /// Each run prints the UART bytes moved while the BPP was loaded, per BPP byte.
    /// </summary>
    [TestClass]
    public class DeviceDownloadTests
    {
        private static SmDpTestServer S;
        private static byte[] _upp;
        private static int _iccidSeq;

        [ClassInitialize]
        public static async Task Init(TestContext _)
        {
            S = await SmDpTestServer.StartAsync();
            // The IPA addresses the SM-DP+ as host:port of the loopback listener.
            S.SmDp.AdditionalAddresses.Add(S.HostPort);
            _upp = File.ReadAllBytes(S.UppPath);
        }

        [ClassCleanup]
        public static async Task Cleanup()
        {
            if (S != null) await S.DisposeAsync();
        }

        /// <summary>A device of its own: an eUICC certificate for a fresh EID under the server's EUM (the SM-DP+ keeps
        /// notification sequence numbers per EID, so devices must not share one).</summary>
        private static Rsp.Desktop.Pki.TestPkiEntry NewEuicc(out string eid)
        {
            eid = S.Pki.NewEid(9000 + System.Threading.Interlocked.Increment(ref _iccidSeq));
            return S.Pki.IssueEuicc(eid);
        }

        /// <summary>A released order for <paramref name="eid"/> (ES2+ over HTTP); its ICCID and activation code.</summary>
        private static async Task<(string Iccid, string ActivationCode)> OrderAsync(string eid)
        {
            var iccid = "89000000000001" + System.Threading.Interlocked.Increment(ref _iccidSeq).ToString("D5");
            Assert.IsTrue(await S.Store.AddProfileAsync(iccid, "fw-" + iccid, UppWithIccid(iccid), "IotEsim SP", "Device " + iccid, 2));
            var (st, _, body) = await S.PostAsync("/gsma/rsp2/es2plus/downloadOrder", JsonSerializer.Serialize(new { eid, profileType = "fw-" + iccid }));
            Assert.AreEqual(200, st, body);
            (st, _, body) = await S.PostAsync("/gsma/rsp2/es2plus/confirmOrder", JsonSerializer.Serialize(new { iccid, eid, releaseFlag = true }));
            Assert.AreEqual(200, st, body);
            var mid = JsonDocument.Parse(body).RootElement.GetProperty("matchingId").GetString();
            return (iccid, "LPA:1$" + S.HostPort + "$" + mid);
        }

        /// <summary>The TS.48 UPP with its ICCID replaced: the ProfileHeader carries it as plain BCD digits (F-padded), EF.ICCID
        /// nibble-swapped; the eUICC checks the header against the metadata.</summary>
        private static byte[] UppWithIccid(string iccid)
        {
            var upp = (byte[])_upp.Clone();
            Assert.AreEqual(1, Replace(upp, Hex.Decode(TestSmdp.Iccid + "F"), Hex.Decode(iccid + "F")), "ICCID in the ProfileHeader");
            Assert.AreEqual(1, Replace(upp, Iccid.ToBytes(TestSmdp.Iccid), Iccid.ToBytes(iccid)), "ICCID in EF.ICCID");
            return upp;
        }

        private static int Replace(byte[] data, byte[] from, byte[] to)
        {
            int found = 0;
            for (int i = 0; i + from.Length <= data.Length; i++)
            {
                bool match = true;
                for (int j = 0; j < from.Length && match; j++) match = data[i + j] == from[j];
                if (match) { Array.Copy(to, 0, data, i, to.Length); found++; }
            }
            return found;
        }

        private static EuiccOptions Options()
        {
            var o = new EuiccOptions();
            o.Clock = new FixedClock(DateTime.UtcNow.Ticks);
            return o;
        }

        /// <summary>Watches the APDU stream for the BPP load (first STORE DATA block starting BF36 … the answer carrying
        /// the BF37 PIR) and reads the UART counters of the pipe at both ends of it.</summary>
        internal sealed class BppMeter : IApduTransport
        {
            private readonly IApduTransport _t;
            private readonly SerialPipe _pipe;
            private bool _in, _pir;
            public long BppBytes, ApduBytes, UartStart, UartEnd = -1, Exchanges;

            public BppMeter(IApduTransport t, SerialPipe pipe) { _t = t; _pipe = pipe; }

            private long Uart => _pipe.A.BytesWritten + _pipe.B.BytesWritten;
            public long UartBytes => UartEnd - UartStart;
            public double PerBppByte => (double)UartBytes / BppBytes;
            public double PerApduByte => (double)UartBytes / ApduBytes;
            public bool Complete => UartEnd >= 0;

            public void Connect() => _t.Connect();
            public void Disconnect() => _t.Disconnect();
            public int OpenLogicalChannel(byte[] aid) => _t.OpenLogicalChannel(aid);
            public void CloseLogicalChannel(int channel) => _t.CloseLogicalChannel(channel);

            public byte[] Transmit(byte[] c)
            {
                if (!_in && !Complete && c.Length > 9 && c[1] == 0xE2 && c[3] == 0 && c[5] == 0xBF && c[6] == 0x36)
                {
                    _in = true;
                    UartStart = Uart;
                    int l = c[7];
                    BppBytes = l < 0x80 ? 3 + l : l == 0x81 ? 4 + c[8] : l == 0x82 ? 5 + ((c[8] << 8) | c[9]) : 6 + ((c[8] << 16) | (c[9] << 8) | c[10]);
                }
                byte[] r = _t.Transmit(c);
                if (_in)
                {
                    Exchanges++;
                    ApduBytes += c.Length + r.Length;
                    if (r.Length > 2 && r[0] == 0xBF && r[1] == 0x37) _pir = true;
                    if (_pir && StatusWord.Of(r) == StatusWord.Ok) { _in = false; UartEnd = Uart; }
                }
                return r;
            }
        }

        private sealed class Host : IConfigSource, INetwork, IWatchdog, ILog
        {
            public string Text;
            public int Feeds;
            public readonly List<string> Log = new List<string>();
            public string Load() => Text;
            public bool Connect(FirmwareConfig config) => true;
            public bool IsUp => true;
            public void Feed() => Feeds++;
            public void Info(string m) => Log.Add("I " + m);
            public void Warn(string m) => Log.Add("W " + m);
            public void Error(string m) => Log.Add("E " + m);
        }

        /// <summary>Steps the runner (virtual time advances by each returned delay) until it has polled the eIM schedule twice.</summary>
        private static void RunUntilSettled(DeviceRunner runner, VirtualClock clock, Host host)
        {
            for (int i = 0; i < 400 && runner.Polls < 2; i++) clock.Advance(runner.Step());
            foreach (var l in host.Log) Console.WriteLine(l);
            Assert.IsTrue(runner.Polls >= 2, "runner did not settle: state " + DeviceState.Name(runner.State) + ", last error " + runner.LastError
                + Environment.NewLine + string.Join(Environment.NewLine, host.Log));
        }

        private static ProfileInfo Installed(ISmartCard card, string iccid)
        {
            var es10 = new Es10Channel(new CardTransport(card));
            es10.Open();
            var list = Es10c.GetProfilesInfo(es10, null);
            es10.Close();
            ProfileInfo found = null;
            for (int i = 0; i < list.Profiles.Count; i++)
                if (Iccid.FromBytes(list.Get(i).Iccid) == iccid) found = list.Get(i);
            Assert.IsNotNull(found, "profile " + iccid + " not on the eUICC");
            return found;
        }

        private static void Report(string path, BppMeter m)
        {
            Assert.IsTrue(m.Complete, "the BPP load was not seen");
            Console.WriteLine(path + ": BPP " + m.BppBytes + " bytes, " + m.Exchanges + " APDU exchanges, " + m.ApduBytes + " APDU bytes, "
                + m.UartBytes + " UART bytes = " + m.PerBppByte.ToString("F3") + " per BPP byte (" + m.PerApduByte.ToString("F3") + " per APDU byte)");
        }

        [TestMethod]
        [DataRow(ModemProfiles.Sim7080G)]
        [DataRow(ModemProfiles.Bg95)]
        [DataRow(ModemProfiles.SaraR5)]
        [DataRow(ModemProfiles.Nrf9160Slm)]
        [DataRow(ModemProfiles.Generic)]
        public async Task FullDownloadOverTheModemsAtPath(string profileName)
        {
            var euicc = NewEuicc(out string eid);
            var (iccid, ac) = await OrderAsync(eid);
            var profile = ModemProfiles.Find(profileName);
            var clock = new VirtualClock();
            var pipe = new SerialPipe(clock);
            var engine = new EuiccEngine(IdentityOf(euicc), BclCryptoProvider.Instance, new MemoryStore(), Options());
            var card = new IsdrApplet(engine);
            var modem = new SimulatedAtModem(pipe.B, profile, card, 4711) { UrcRate = 0.1, NoiseRate = 0.03 };
            var at = new AtChannel(pipe.A, clock);
            IApduTransport transport = profile.UsesCgla ? new AtCglaTransport(at, profile) : (IApduTransport)new AtCsimTransport(at, profile);
            var meter = new BppMeter(transport, pipe);
            var host = new Host
            {
                Text = "network.mode=cellular\neuicc.link=modem\nmodem.profile=" + profileName + "\nactivation.code=" + ac
                    + "\nipa.scheme=http\npoll.interval=600\n",
            };
            using var http = new HttpClientTransport();
            var factory = new IpaEngineFactory(meter, http, new MemoryStore(), clock, host) { MaxApduBytes = profile.MaxApduBytes, Crypto = BclCryptoProvider.Instance };
            var provisioner = new IpaProvisioner(factory, host, host);
            var runner = new DeviceRunner(host, host, provisioner, new ModemCellular(at, profile), host, null, host, clock);

            RunUntilSettled(runner, clock, host);

            // On the eUICC: installed and enabled.
            Assert.AreEqual(1, Installed(card, iccid).ProfileState, "profile not enabled");
            // At the SM-DP+: the PIR notification arrived (order installed).
            Assert.AreEqual(OrderStates.Installed, (await S.Store.GetOrderByIccidAsync(iccid)).State);
            // The modem re-read the eUICC the way its profile prescribes, once, and the IPA started over on a fresh channel.
            Assert.AreEqual(1, runner.Refreshes);
            Assert.AreEqual(2, provisioner.EnginesCreated);
            string[] refresh = profile.SimRefresh == ModemProfile.RefreshCfunReset ? new[] { "AT+CFUN=1,1" }
                : profile.SimRefresh == ModemProfile.RefreshCommand ? profile.SimRefreshCommands : new[] { "AT+CFUN=0", "AT+CFUN=1" };
            foreach (var cmd in refresh) CollectionAssert.Contains(modem.CommandLog, cmd);
            Assert.IsTrue(modem.SimResets >= 1);
            // APDUs went the profile's way.
            Assert.AreEqual(profile.UsesCgla, modem.CommandLog.Exists(c => c.StartsWith("AT+CGLA=")), "CGLA use");
            Assert.IsTrue(modem.CommandLog.Exists(c => c.StartsWith("AT+CSIM=")), "CSIM (basic channel / CSIM path)");
            Assert.IsTrue(at.UrcCount > 0, "URCs were injected and skipped");
            Assert.IsTrue(host.Feeds > meter.Exchanges, "the watchdog is fed per APDU during the download");
            Assert.IsFalse(runner.RebootRequested);
            Report(profileName + (profile.UsesCgla ? " AT+CGLA" : " AT+CSIM"), meter);
            // Hex doubles every byte; per BPP byte the STORE DATA headers and AT framing add ~10 %.
            Assert.IsTrue(meter.PerBppByte > 2.0 && meter.PerBppByte < 2.4, meter.PerBppByte.ToString());
        }

        private static IotEsim.Euicc.Identity.EuiccIdentity IdentityOf(Rsp.Desktop.Pki.TestPkiEntry euicc) =>
            new IotEsim.Euicc.Identity.EuiccIdentity(euicc.CertificateDer, euicc.PrivateKey, S.Pki.Eum.CertificateDer, new[] { S.Pki.Ci.CertificateDer }, null);

        /// <summary>The maker's deployment step: the TestPki files under the names the board reads from I:\.</summary>
        private static void DeployCredentials(Rsp.Desktop.Pki.TestPkiEntry euicc, string dir)
        {
            Directory.CreateDirectory(dir);
            File.Copy(euicc.CertificateDerPath, Path.Combine(dir, "euicc.der"));
            File.Copy(euicc.KeyPemPath, Path.Combine(dir, "euicc.key.pem"));
            File.Copy(S.Pki.Eum.CertificateDerPath, Path.Combine(dir, "eum.der"));
            File.Copy(S.Pki.Ci.CertificatePemPath, Path.Combine(dir, "ci.pem"));
        }

        [TestMethod]
        public async Task FullDownloadOverTheFramedLinkToTheBoard()
        {
            var euicc = NewEuicc(out string eid);
            var (iccid, ac) = await OrderAsync(eid);
            string root = Path.Combine(Path.GetTempPath(), "iotesim-board-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                DeployCredentials(euicc, Path.Combine(root, "I"));
                var clock = new VirtualClock();
                var pipe = new SerialPipe(clock);
                // The board: real engine, portable crypto as on the ESP32, state on "flash".
                var crypto = new PortableCryptoProvider(SecureRandomSource.Instance);
                var state = new FlashStore(new DirectoryFlashFiles(Path.Combine(root, "I", "euicc")));
                var card = BoardEuicc.Create(new DirectoryFlashFiles(Path.Combine(root, "I")), state, crypto, Options());
                var server = new FramedLinkServer(pipe.B, card, clock);
                pipe.B.DataArrived = () => server.Poll(0);

                var link = new FramedLinkTransport(pipe.A, clock);
                var meter = new BppMeter(link, pipe);
                var host = new Host
                {
                    Text = "network.mode=wifi\nwifi.ssid=lab\neuicc.link=board\nactivation.code=" + ac + "\nipa.scheme=http\npoll.interval=600\n",
                };
                using var http = new HttpClientTransport();
                var factory = new IpaEngineFactory(meter, http, new MemoryStore(), clock, host) { Crypto = BclCryptoProvider.Instance };
                var provisioner = new IpaProvisioner(factory, host, host);
                var runner = new DeviceRunner(host, host, provisioner, null, host, null, host, clock);

                RunUntilSettled(runner, clock, host);

                Assert.AreEqual(1, Installed(card, iccid).ProfileState, "profile not enabled");
                Assert.AreEqual(OrderStates.Installed, (await S.Store.GetOrderByIccidAsync(iccid)).State);
                Assert.AreEqual(0, link.Retransmissions);
                Assert.AreEqual(0, server.Decoder.CrcErrors);
                Report("framed link", meter);
                // STORE-DATA-CHAIN frames: the issue's budget of 1.05 UART bytes per BPP byte holds.
                Assert.IsTrue(link.ChainsSent > 0);
                Assert.IsTrue(meter.PerBppByte <= 1.05, "framed link budget: " + meter.PerBppByte.ToString("F4"));

                // The board reboots: a fresh engine over the same flash state still has the profile, enabled.
                var again = BoardEuicc.Create(new DirectoryFlashFiles(Path.Combine(root, "I")), new FlashStore(new DirectoryFlashFiles(Path.Combine(root, "I", "euicc"))), crypto, Options());
                Assert.AreEqual(1, Installed(again, iccid).ProfileState);
            }
            finally
            {
                try { Directory.Delete(root, true); } catch (IOException) { }
            }
        }
    }
}
