using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Servers.Storage;
using IotEsim.Tests.Eim;
using IotEsim.Tests.EndToEnd;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Servers
{
    /// <summary>
    /// The dashboard in headless Chromium, driven over the DevTools protocol: enter the key, click
    /// "Enable" on a device's profile, see the job appear; and with a real device polling the eIM, see the
    /// switch complete. Writes screenshots/dashboard.png and dashboard-switch.png next to the test assembly.
    /// </summary>
    [TestClass]
    public class DashboardTests
    {
        public TestContext TestContext { get; set; }

        [TestMethod]
        [Timeout(120000, CooperativeCancellation = true)]
        public async Task Dashboard_EnableButton_CreatesJob_AndDomUpdates()
        {
            var exe = Browser.Executable();

            await using var h = await TestEimHost.StartAsync();
            var devices = h.Get<DeviceStore>();
            string eid = Eids.Make(42), other = Eids.Make(43);
            await devices.RegisterAsync(new NewDevice(eid, "iotesim-eim", null, "lab", new[] { "bench", "eu" }));
            await devices.RegisterAsync(new NewDevice(other, "iotesim-eim", null, "lab", new[] { "bench" }));
            await devices.UpsertProfileAsync(eid, "89440000000000000011", "enabled", "Operator A", "Op A IoT");
            await devices.UpsertProfileAsync(eid, "89440000000000000022", "disabled", "Operator B", "Op B IoT");
            await devices.UpsertProfileAsync(other, "89440000000000000033", "enabled", null, "Op A IoT");
            await devices.TouchAsync(eid);
            var done = await h.Get<JobStore>().CreateAsync(JobKinds.ListProfiles, "{}", "{\"tag\":\"bench\"}", "seed", new[] { eid, other });
            var item = await h.Get<JobStore>().ClaimNextItemAsync("seed", TimeSpan.FromMinutes(1), eid);
            await h.Get<JobStore>().CompleteItemAsync(item.ItemId, true, "{}", null);

            await using var browser = await Browser.LaunchAsync(exe);
            var cdp = browser.Cdp;
            {
                await browser.LoginAsync(h.BaseAddress, h.AdminKey);
                await cdp.WaitForAsync("document.querySelectorAll('#devices tbody tr').length === 2 && document.querySelectorAll('#jobs tbody tr').length === 1");
                Assert.AreEqual("true", await cdp.EvalAsync("sessionStorage.getItem('iotesim.apiKey') === " + JsonSerializer.Serialize(h.AdminKey)));
                Assert.AreEqual("\"50%\"", await cdp.EvalAsync("document.querySelector('#jobs tbody tr .bar .done').style.width"), "progress bar of the seeded job");

                var button = $"button.enable-btn[data-eid='{eid}'][data-iccid='89440000000000000022']";
                Assert.AreEqual("1", await cdp.EvalAsync($"document.querySelectorAll(\"{button}\").length"));
                Assert.AreEqual("0", await cdp.EvalAsync($"document.querySelectorAll(\"button.enable-btn[data-iccid='89440000000000000011']\").length"),
                    "the enabled profile has no Enable button");
                await cdp.EvalAsync($"document.querySelector(\"{button}\").click(); true");
                await cdp.WaitForAsync("!!document.querySelector('#jobs tbody tr[data-kind=\"enable\"]') && /created/.test(document.getElementById('status').textContent)");

                using var api = h.Client(h.AdminKey);
                var jobs = JsonDocument.Parse(await api.GetStringAsync("/api/v1/jobs")).RootElement.GetProperty("items");
                var enable = jobs.EnumerateArray().Single(j => j.GetProperty("kind").GetString() == "enable");
                Assert.AreEqual("89440000000000000022", enable.GetProperty("parameters").GetProperty("iccid").GetString());
                Assert.AreEqual(eid, enable.GetProperty("target").GetProperty("eids")[0].GetString());
                Assert.AreEqual(1, enable.GetProperty("total").GetInt32());
                var rowId = await cdp.EvalAsync("document.querySelector('#jobs tbody tr[data-kind=\"enable\"]').dataset.jobId");
                Assert.AreEqual("\"" + enable.GetProperty("id").GetString() + "\"", rowId);
                Assert.AreEqual("\"running\"", await cdp.EvalAsync("document.querySelector('#jobs tbody tr[data-kind=\"enable\"] .badge.state').textContent"));

                // Switch form by tag: one job for both bench devices.
                await cdp.EvalAsync("document.getElementById('switch-target-kind').value = 'tag'; document.getElementById('switch-target').value = 'bench';" +
                    "document.getElementById('switch-iccid').value = '89440000000000000033'; document.getElementById('switch-form').requestSubmit(); true");
                await cdp.WaitForAsync("document.querySelectorAll('#jobs tbody tr[data-kind=\"enable\"]').length === 2");

                TestContext.AddResultFile(await browser.ScreenshotAsync("dashboard.png"));
            }
        }

        /// <summary>
        /// The issue's scenario: a real device (our IPA engine + the C# eUICC, polling the eIM over ESipa in the background)
        /// has two profiles; the operator clicks "Enable" on the disabled one and the dashboard shows the job completed and
        /// the profile enabled (the other one disabled). Writes screenshots/dashboard-switch.png.
        /// </summary>
        [TestMethod]
        [Timeout(300000, CooperativeCancellation = true)]
        public async Task Dashboard_ProfileSwitch_OnARealDevice_ShowsJobCompleted_AndProfileEnabled()
        {
            var exe = Browser.Executable();
            await using var lab = await LoopbackLab.StartAsync(tls: false);
            await using var h = await EsipaTestHost.StartAsync(o =>
            {
                o.UseTestPki(lab.Dp.Pki);
                o.Es9BaseAddressOverride = new Uri(lab.Dp.BaseUrl);
            });
            using (var api = h.Client(h.AdminKey))
            {
                var pem = File.ReadAllText(lab.Dp.Pki.Euicc.CertificatePemPath) + File.ReadAllText(lab.Dp.Pki.Eum.CertificatePemPath);
                var r = await api.PostAsJsonAsync("/api/v1/devices", new { eid = lab.Eid, eimId = "eIM", group = "field", tags = new[] { "sensor" }, euiccCertificate = pem });
                Assert.AreEqual(201, (int)r.StatusCode, await r.Content.ReadAsStringAsync());
            }
            EimDevice.AddEim(lab, h);
            var first = await EimDevice.InstallDirectlyAsync(lab, h);
            var second = await EimDevice.InstallDirectlyAsync(lab, h);
            using var http = lab.Http();
            await h.Get<JobStore>().CreateAsync(JobKinds.Enable, JsonSerializer.Serialize(new { iccid = first }), "{}", "test", new[] { lab.Eid });
            EimDevice.RunToIdle(lab, http);
            Assert.AreEqual("enabled", (await h.Get<DeviceStore>().GetAsync(lab.Eid)).Profiles.Single(p => p.Iccid == first).State);

            // The device polls the eIM in the background, as a deployed one would.
            using var stop = new CancellationTokenSource();
            Exception deviceError = null;
            var device = Task.Run(async () =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        EimDevice.RunToIdle(lab, http);
                        await Task.Delay(250, stop.Token);
                    }
                }
                catch (OperationCanceledException) { }
                catch (Exception e) { deviceError = e; }
            });
            try
            {
                await using var browser = await Browser.LaunchAsync(exe);
                var cdp = browser.Cdp;
                await browser.LoginAsync(h.BaseAddress, h.AdminKey);
                var row = $"#devices tbody tr[data-eid='{lab.Eid}']";
                await cdp.WaitForAsync($"!!document.querySelector(\"{row} button.enable-btn[data-iccid='{second}']\")");
                await cdp.EvalAsync($"document.querySelector(\"{row} button.enable-btn[data-iccid='{second}']\").click(); true");
                await cdp.WaitForAsync("!!document.querySelector('#jobs tbody tr[data-kind=\"enable\"]') && /created/.test(document.getElementById('status').textContent)");

                // Poll the DOM (refreshing the page's data each second) until the device has done it, bounded.
                string badge(string iccid) => $"(function(){{ var p = [...document.querySelectorAll(\"{row} .profile\")].find(x => x.querySelector('.mono').textContent === '{iccid}'); " +
                    "return p ? [...p.querySelectorAll('.badge')].map(b => b.textContent).join() : ''; })()";
                var job = "[...document.querySelectorAll('#jobs tbody tr[data-kind=\"enable\"]')].find(r => r.children[2].textContent.includes('" + second + "'))";
                var completed = $"(function(){{ var j = {job}; return !!j && j.querySelector('.badge.state').textContent === 'completed' && {badge(second)} === 'enabled'; }})()";
                var sw = Stopwatch.StartNew();
                while (await cdp.EvalAsync(completed) != "true")
                {
                    if (deviceError != null) Assert.Fail("device: " + deviceError.Message);
                    if (sw.Elapsed > TimeSpan.FromSeconds(90))
                        Assert.Fail("dashboard did not show the switch completed: " + await cdp.EvalAsync("document.body.innerText.slice(0, 2000)"));
                    await cdp.EvalAsync("document.getElementById('refresh').click(); true");
                    await Task.Delay(1000);
                }
                Assert.AreEqual("\"disabled\"", await cdp.EvalAsync(badge(first)), "the previously enabled profile shows disabled");
                Assert.AreEqual("\"100%\"", await cdp.EvalAsync($"{job}.querySelector('.bar .done').style.width"));
                TestContext.AddResultFile(await browser.ScreenshotAsync("dashboard-switch.png"));
            }
            finally
            {
                stop.Cancel();
                await device;
            }
            Assert.IsNull(deviceError, deviceError?.ToString());
            // The eUICC itself agrees with what the dashboard showed.
            var list = lab.Profiles();
            for (int i = 0; i < list.Profiles.Count; i++)
                Assert.AreEqual(list.Get(i).IccidString == second ? 1 : 0, list.Get(i).ProfileState, list.Get(i).IccidString);
        }

        /// <summary>Headless Chromium with its DevTools port, connected to its first page; killed and cleaned up on dispose.</summary>
        private sealed class Browser : IAsyncDisposable
        {
            public Cdp Cdp { get; private set; }
            private Process _chrome;
            private string _profileDir;

            /// <summary>The Chromium binary, or Inconclusive when there is none.</summary>
            public static string Executable()
            {
                var exe = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
                if (exe == null) Assert.Inconclusive("Chromium is not installed (Debian package 'chromium'); dashboard test skipped.");
                return exe;
            }

            public static async Task<Browser> LaunchAsync(string exe)
            {
                var b = new Browser { _profileDir = Path.Combine(Path.GetTempPath(), "iotesim-chromium-" + Guid.NewGuid().ToString("N")[..8]) };
                Directory.CreateDirectory(b._profileDir);
                var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + b._profileDir, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                    "--window-size=1280,900", "about:blank" })
                    psi.ArgumentList.Add(a);
                b._chrome = Process.Start(psi);
                b._chrome.OutputDataReceived += (_, _) => { };
                b._chrome.ErrorDataReceived += (_, _) => { };
                b._chrome.BeginOutputReadLine();
                b._chrome.BeginErrorReadLine();
                try
                {
                    var portFile = Path.Combine(b._profileDir, "DevToolsActivePort");
                    var sw = Stopwatch.StartNew();
                    while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
                    {
                        if (b._chrome.HasExited) Assert.Inconclusive("Chromium exited at start (code " + b._chrome.ExitCode + "); dashboard test skipped.");
                        if (sw.Elapsed > TimeSpan.FromSeconds(40)) Assert.Inconclusive("Chromium did not open its DevTools port within 40 s.");
                        await Task.Delay(200);
                    }
                    var port = int.Parse(File.ReadAllLines(portFile)[0].Trim());
                    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                    var targets = JsonDocument.Parse(await http.GetStringAsync("http://127.0.0.1:" + port + "/json/list")).RootElement;
                    var ws = targets.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page").GetProperty("webSocketDebuggerUrl").GetString();
                    b.Cdp = await Cdp.ConnectAsync(new Uri(ws));
                    return b;
                }
                catch
                {
                    await b.DisposeAsync();
                    throw;
                }
            }

            /// <summary>Opens the dashboard and logs in with <paramref name="apiKey"/>.</summary>
            public async Task LoginAsync(Uri baseAddress, string apiKey)
            {
                await Cdp.SendAsync("Page.enable");
                await Cdp.SendAsync("Page.navigate", new { url = new Uri(baseAddress, "/dashboard/").ToString() });
                await Cdp.WaitForAsync("document.readyState === 'complete' && !!document.getElementById('login-form') && !document.getElementById('login').hidden");
                await Cdp.EvalAsync("document.getElementById('api-key').value = " + JsonSerializer.Serialize(apiKey) +
                    "; document.getElementById('login-form').requestSubmit(); true");
            }

            /// <summary>Writes a PNG of the page to screenshots/<paramref name="name"/> beside the test assembly.</summary>
            public async Task<string> ScreenshotAsync(string name)
            {
                var png = Convert.FromBase64String(JsonDocument.Parse(await Cdp.SendAsync("Page.captureScreenshot", new { format = "png" }))
                    .RootElement.GetProperty("data").GetString());
                Assert.IsTrue(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G');
                var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
                Directory.CreateDirectory(dir);
                var file = Path.Combine(dir, name);
                await File.WriteAllBytesAsync(file, png);
                return file;
            }

            public async ValueTask DisposeAsync()
            {
                if (Cdp != null) await Cdp.DisposeAsync();
                try { if (_chrome != null && !_chrome.HasExited) { _chrome.Kill(entireProcessTree: true); _chrome.WaitForExit(10000); } } catch (InvalidOperationException) { }
                _chrome?.Dispose();
                try { Directory.Delete(_profileDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        /// <summary>Minimal Chrome DevTools Protocol client: commands by id, events ignored.</summary>
        private sealed class Cdp : IAsyncDisposable
        {
            private readonly ClientWebSocket _ws = new();
            private int _id;

            public static async Task<Cdp> ConnectAsync(Uri uri)
            {
                var c = new Cdp();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await c._ws.ConnectAsync(uri, cts.Token);
                return c;
            }

            /// <summary>Sends a command and returns its "result" object as JSON text.</summary>
            public async Task<string> SendAsync(string method, object parameters = null)
            {
                int id = ++_id;
                var msg = JsonSerializer.Serialize(new { id, method, @params = parameters ?? new { } });
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _ws.SendAsync(Encoding.UTF8.GetBytes(msg), WebSocketMessageType.Text, true, cts.Token);
                var buf = new byte[1 << 16];
                while (true)
                {
                    using var ms = new MemoryStream();
                    WebSocketReceiveResult r;
                    do
                    {
                        r = await _ws.ReceiveAsync(buf, cts.Token);
                        ms.Write(buf, 0, r.Count);
                    } while (!r.EndOfMessage);
                    var doc = JsonDocument.Parse(ms.ToArray()).RootElement;
                    if (!doc.TryGetProperty("id", out var rid) || rid.GetInt32() != id) continue;
                    if (doc.TryGetProperty("error", out var err)) throw new InvalidOperationException(method + ": " + err.GetRawText());
                    return doc.GetProperty("result").GetRawText();
                }
            }

            /// <summary>Evaluates an expression in the page; returns its value as JSON text.</summary>
            public async Task<string> EvalAsync(string expression)
            {
                var res = JsonDocument.Parse(await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true })).RootElement;
                if (res.TryGetProperty("exceptionDetails", out var ex)) throw new InvalidOperationException("page threw: " + ex.GetRawText());
                var v = res.GetProperty("result");
                return v.TryGetProperty("value", out var val) ? val.GetRawText() : "undefined";
            }

            public async Task WaitForAsync(string condition, int timeoutMs = 20000)
            {
                var sw = Stopwatch.StartNew();
                while (sw.ElapsedMilliseconds < timeoutMs)
                {
                    if (await EvalAsync("!!(" + condition + ")") == "true") return;
                    await Task.Delay(150);
                }
                var dom = await EvalAsync("document.body ? document.body.innerText.slice(0, 1500) : ''");
                Assert.Fail("timed out waiting for: " + condition + "\npage text: " + dom);
            }

            public async ValueTask DisposeAsync()
            {
                try { await _ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); } catch (WebSocketException) { }
                _ws.Dispose();
            }
        }
    }
}
