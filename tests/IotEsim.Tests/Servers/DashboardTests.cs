using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Servers.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace IotEsim.Tests.Servers
{
    /// <summary>
    /// The dashboard in headless Chromium, driven over the DevTools protocol: enter the key, click
    /// "Enable" on a device's profile, see the job appear. Writes screenshots/dashboard.png next to
    /// the test assembly.
    /// </summary>
    [TestClass]
    public class DashboardTests
    {
        public TestContext TestContext { get; set; }

        [TestMethod]
        [Timeout(120000, CooperativeCancellation = true)]
        public async Task Dashboard_EnableButton_CreatesJob_AndDomUpdates()
        {
            var exe = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
            if (exe == null) Assert.Inconclusive("Chromium is not installed (Debian package 'chromium'); dashboard test skipped.");

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

            var profileDir = Path.Combine(Path.GetTempPath(), "iotesim-chromium-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(profileDir);
            var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profileDir, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=1280,900", "about:blank" })
                psi.ArgumentList.Add(a);
            using var chrome = Process.Start(psi);
            chrome.OutputDataReceived += (_, _) => { };
            chrome.ErrorDataReceived += (_, _) => { };
            chrome.BeginOutputReadLine();
            chrome.BeginErrorReadLine();
            try
            {
                var portFile = Path.Combine(profileDir, "DevToolsActivePort");
                var sw = Stopwatch.StartNew();
                while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
                {
                    if (chrome.HasExited) Assert.Inconclusive("Chromium exited at start (code " + chrome.ExitCode + "); dashboard test skipped.");
                    if (sw.Elapsed > TimeSpan.FromSeconds(40)) Assert.Inconclusive("Chromium did not open its DevTools port within 40 s.");
                    await Task.Delay(200);
                }
                var port = int.Parse(File.ReadAllLines(portFile)[0].Trim());
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                var targets = JsonDocument.Parse(await http.GetStringAsync("http://127.0.0.1:" + port + "/json/list")).RootElement;
                var ws = targets.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page").GetProperty("webSocketDebuggerUrl").GetString();
                await using var cdp = await Cdp.ConnectAsync(new Uri(ws));

                await cdp.SendAsync("Page.enable");
                await cdp.SendAsync("Page.navigate", new { url = new Uri(h.BaseAddress, "/dashboard/").ToString() });
                await cdp.WaitForAsync("document.readyState === 'complete' && !!document.getElementById('login-form') && !document.getElementById('login').hidden");
                await cdp.EvalAsync("document.getElementById('api-key').value = " + JsonSerializer.Serialize(h.AdminKey) +
                    "; document.getElementById('login-form').requestSubmit(); true");
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

                var png = Convert.FromBase64String(JsonDocument.Parse(await cdp.SendAsync("Page.captureScreenshot", new { format = "png" }))
                    .RootElement.GetProperty("data").GetString());
                var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
                Directory.CreateDirectory(dir);
                var file = Path.Combine(dir, "dashboard.png");
                await File.WriteAllBytesAsync(file, png);
                TestContext.AddResultFile(file);
                Assert.IsTrue(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G');
            }
            finally
            {
                try { if (!chrome.HasExited) { chrome.Kill(entireProcessTree: true); chrome.WaitForExit(10000); } } catch (InvalidOperationException) { }
                try { Directory.Delete(profileDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
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
