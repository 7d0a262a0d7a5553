using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IotEsim.Rsp.Messages;
using IotEsim.Servers.Lab;

namespace IotEsim.Cli.Demo
{
    /// <summary>Settings of one demo run.</summary>
    public sealed class DemoOptions
    {
        public int Devices = 6;
        /// <summary>Work directory (lab data, device sim dirs); created when missing.</summary>
        public string WorkDir;
        /// <summary>Whole-run deadline; a device that has not finished by then fails the demo.</summary>
        public TimeSpan Timeout = TimeSpan.FromSeconds(120);
        /// <summary>Test hook: configure the last device's eUICC with an eIM address nobody listens on.</summary>
        public bool BreakLastDeviceEim;
    }

    /// <summary>One device's outcome.</summary>
    public sealed class DemoDeviceResult
    {
        public string Name, Eid, Group, FirstProfileVia, ExpectedIccid, EnabledIccid, State, Error;
        public double FirstProfileSeconds, Seconds;
        public bool Ok;
    }

    public sealed class DemoResult
    {
        public bool Ok;
        public string Message;
        public string WorkDir;
        public string DashboardUrl;
        public string AdminKeyFile;
        public double Seconds;
        public List<DemoDeviceResult> Devices = new List<DemoDeviceResult>();
        public List<(string Id, string Kind, string Target, string State, long Done, long Failed)> Jobs = new();
    }

    /// <summary>
    /// The lab demo as a library (the command renders it): starts <see cref="LabServers"/>, makes N devices, lets the
    /// eIM lead them to their first profile (activation code for half, SM-DS event for the other half), enables it, then
    /// switches group B to a second profile with a fleet download job and enable jobs with rollback.
    /// </summary>
    public sealed class DemoRunner : IAsyncDisposable
    {
        public const string GroupA = "group-a", GroupB = "group-b";
        public const string PrimaryType = "lab-primary", SecondType = "lab-roaming";

        private readonly DemoOptions _o;
        private readonly List<DemoDevice> _devices = new List<DemoDevice>();
        private readonly List<string> _log = new List<string>();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private LabServers _lab;
        private HttpClient _fleet;
        private readonly List<string> _jobIds = new List<string>();

        public DemoRunner(DemoOptions o) { _o = o; }

        public LabServers Lab { get { return _lab; } }
        public IReadOnlyList<DemoDevice> Devices { get { return _devices; } }
        /// <summary>What the orchestration is doing (shown above the device table).</summary>
        public string Phase { get; private set; } = "starting";
        public double Seconds { get { return _clock.Elapsed.TotalSeconds; } }

        public string[] RecentLog()
        {
            lock (_log) return _log.Skip(Math.Max(0, _log.Count - 4)).ToArray();
        }

        private void Log(string s) { lock (_log) _log.Add(s); }

        public async Task<DemoResult> RunAsync(CancellationToken ct)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(_o.Timeout);
            var token = deadline.Token;
            string failure = null;
            try
            {
                await RunCoreAsync(token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = "the demo did not finish within " + _o.Timeout.TotalSeconds.ToString("0") + " s while " + Phase + ". " + Stragglers();
            }
            catch (DemoFailure e) { failure = e.Message; }
            foreach (var d in _devices) d.Stop();
            return Collect(failure);
        }

        private sealed class DemoFailure : Exception { public DemoFailure(string m) : base(m) { } }

        private string Stragglers()
        {
            var parts = new List<string>();
            // Devices reporting errors explain a stall best; otherwise name every unfinished one.
            bool anyError = _devices.Any(d => d.DoneSeconds < 0 && d.LastError != null);
            foreach (var d in _devices)
                if (d.DoneSeconds < 0 && (!anyError || d.LastError != null))
                    parts.Add(d.Name + " (EID " + d.Eid + ") stuck at '" + d.Step + "'" + (d.LastError != null ? ": " + d.LastError : ""));
            return parts.Count == 0 ? "" : "Unfinished: " + string.Join("; ", parts);
        }

        private async Task RunCoreAsync(CancellationToken ct)
        {
            Directory.CreateDirectory(_o.WorkDir);
            Phase = "starting SM-DP+, SM-DS and eIM";
            _lab = await LabServers.StartAsync(new LabOptions { DataDirectory = Path.Combine(_o.WorkDir, "lab"), Log = Log }, ct);
            _fleet = _lab.CreateFleetClient();
            var pki = _lab.Pki;

            Phase = "creating " + _o.Devices + " devices (eUICC, eIM configuration, fleet registration)";
            for (int i = 1; i <= _o.Devices; i++)
            {
                string name = "dev" + i.ToString("D2");
                string eid = pki.NewEid(i);
                // Group A: odd devices, group B: even ones; within each, alternate activation code and SM-DS.
                var d = new DemoDevice(name, Path.Combine(_o.WorkDir, "devices", name), eid, i % 2 == 1 ? GroupA : GroupB, ((i - 1) / 2) % 2 == 1);
                if (Directory.Exists(d.Dir)) throw new DemoFailure(d.Dir + " already exists: use a fresh --work directory");
                d.CreateEuicc(pki);
                bool broken = _o.BreakLastDeviceEim && i == _o.Devices;
                // The broken device's eIM address is a lab name on a port nobody listens on.
                d.ConfigureEim(_lab.Options.EimId, broken ? _lab.Options.EimHost + ":9" : _lab.EimAddress, pki.Eim.CertificateDer);
                d.SetStep("registered in the fleet");
                await FleetAsync(HttpMethod.Post, "/api/v1/devices", new { eid, eimId = _lab.Options.EimId, tags = new[] { "demo" }, group = d.Group }, ct);
                _devices.Add(d);
            }
            var resolve = _lab.ResolveEntries;
            foreach (var d in _devices) { d.Start(_lab.CiPemPath, resolve, (dev, err) => Log(dev.Name + ": " + err)); d.SetStep("booting the IPA"); }

            // The operator orders one profile per device (ES2+); half are announced at the SM-DS (ES12 event).
            Phase = "operator orders first profiles (ES2+), eIM triggers downloads";
            var smdsDevices = new List<string>();
            foreach (var d in _devices)
            {
                var order = await _lab.OrderProfileAsync(d.Eid, PrimaryType, d.ViaSmds, ct);
                d.FirstIccid = order.Iccid;
                d.ExpectedIccid = order.Iccid;
                if (d.ViaSmds) smdsDevices.Add(d.Eid);
                else await CreateJobAsync("download", new { activationCode = order.ActivationCode }, new { eids = new[] { d.Eid } }, ct);
            }
            if (smdsDevices.Count > 0)
                await CreateJobAsync("download", new { smdsAddress = _lab.SmdsAddress }, new { eids = smdsDevices.ToArray() }, ct);
            await WaitJobsAsync(ct);
            Phase = "enabling first profiles (eIM enable jobs)";
            int firstJobs = _jobIds.Count;
            foreach (var d in _devices)
                await CreateJobAsync("enable", new { iccid = d.FirstIccid, rollback = false }, new { eids = new[] { d.Eid } }, ct);
            await WaitJobsAsync(ct);
            foreach (var d in _devices) { d.FirstProfileSeconds = Seconds; if (d.Group == GroupA) { d.DoneSeconds = Seconds; d.SetStep("done: first profile enabled"); } }

            // Fleet switch of group B: the operator orders a second profile per device, announced at the SM-DS; one
            // download job for the group (contactSmds), then enable jobs with rollback.
            var groupB = _devices.Where(d => d.Group == GroupB).ToList();
            if (groupB.Count > 0)
            {
                Phase = "fleet switch of " + GroupB + ": download of the second profile";
                foreach (var d in groupB)
                {
                    var order = await _lab.OrderProfileAsync(d.Eid, SecondType, true, ct);
                    d.SecondIccid = order.Iccid;
                    d.SetStep("switch ordered");
                }
                await CreateJobAsync("download", new { smdsAddress = _lab.SmdsAddress }, new { group = GroupB }, ct);
                await WaitJobsAsync(ct);
                Phase = "fleet switch of " + GroupB + ": enable with rollback";
                foreach (var d in groupB)
                {
                    d.ExpectedIccid = d.SecondIccid;
                    await CreateJobAsync("enable", new { iccid = d.SecondIccid, rollback = true }, new { eids = new[] { d.Eid } }, ct);
                }
                await WaitJobsAsync(ct);
                foreach (var d in groupB) { d.DoneSeconds = Seconds; d.SetStep("done: switched"); }
            }
            Phase = "checking every eUICC";
        }

        private async Task<JsonElement> FleetAsync(HttpMethod method, string path, object body, CancellationToken ct)
        {
            using var req = new HttpRequestMessage(method, path);
            if (body != null) req.Content = JsonContent.Create(body);
            using var resp = await _fleet.SendAsync(req, ct);
            var text = await resp.Content.ReadAsStringAsync(ct);
            if (!resp.IsSuccessStatusCode) throw new DemoFailure("fleet API " + method + " " + path + ": HTTP " + (int)resp.StatusCode + " " + text);
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        private async Task CreateJobAsync(string kind, object parameters, object target, CancellationToken ct)
        {
            var j = await FleetAsync(HttpMethod.Post, "/api/v1/jobs", new { kind, parameters, target }, ct);
            _jobIds.Add(j.GetProperty("id").GetString());
        }

        /// <summary>Waits until every job created so far is completed (one list call per round); a failed job item
        /// fails the demo with the device's error.</summary>
        private async Task WaitJobsAsync(CancellationToken ct)
        {
            var mine = new HashSet<string>(_jobIds);
            while (true)
            {
                var page = await FleetAsync(HttpMethod.Get, "/api/v1/jobs?limit=1000", null, ct);
                bool open = false;
                int seen = 0;
                foreach (var job in page.GetProperty("items").EnumerateArray())
                {
                    var id = job.GetProperty("id").GetString();
                    if (!mine.Contains(id)) continue;
                    seen++;
                    if (job.GetProperty("failed").GetInt64() > 0) await FailJobAsync(id, job, ct);
                    if (job.GetProperty("open").GetInt64() > 0) open = true;
                }
                if (!open && seen == mine.Count) return;
                await Task.Delay(250, ct);
            }
        }

        private async Task FailJobAsync(string id, JsonElement job, CancellationToken ct)
        {
            var j = await FleetAsync(HttpMethod.Get, "/api/v1/jobs/" + id, null, ct);
            var errs = new List<string>();
            foreach (var it in j.GetProperty("items").EnumerateArray())
                if (it.GetProperty("state").GetString() == "failed")
                {
                    var eid = it.GetProperty("eid").GetString();
                    var name = _devices.FirstOrDefault(d => d.Eid == eid)?.Name ?? eid;
                    errs.Add(name + ": " + (it.TryGetProperty("error", out var e) ? e.ToString() : "failed"));
                }
            throw new DemoFailure("fleet job " + id + " (" + job.GetProperty("kind").GetString() + ") failed: " + string.Join("; ", errs));
        }

        private DemoResult Collect(string failure)
        {
            var r = new DemoResult
            {
                WorkDir = _o.WorkDir,
                DashboardUrl = _lab?.DashboardUrl.ToString(),
                AdminKeyFile = _lab?.AdminKeyFile,
            };
            var bad = new List<string>();
            foreach (var d in _devices)
            {
                var row = new DemoDeviceResult
                {
                    Name = d.Name, Eid = d.Eid, Group = d.Group, FirstProfileVia = d.ViaSmds ? "SM-DS" : "activation code",
                    ExpectedIccid = d.ExpectedIccid, FirstProfileSeconds = Math.Round(d.FirstProfileSeconds, 1), Seconds = Math.Round(d.DoneSeconds, 1),
                };
                try
                {
                    var list = d.ReadProfiles();
                    for (int i = 0; i < list.Profiles.Count; i++)
                        if (list.Get(i).ProfileState == 1) row.EnabledIccid = Iccid.FromBytes(list.Get(i).Iccid);
                    row.State = row.EnabledIccid == null ? (list.Profiles.Count + " profile(s), none enabled") : "enabled";
                }
                catch (Exception e) { row.State = "unreadable"; row.Error = e.Message; }
                row.Ok = row.ExpectedIccid != null && row.EnabledIccid == row.ExpectedIccid && d.DoneSeconds >= 0;
                if (!row.Ok)
                {
                    row.Error ??= d.LastError ?? (row.ExpectedIccid == null ? "no profile was ordered"
                        : row.EnabledIccid != row.ExpectedIccid ? "expected " + row.ExpectedIccid + " enabled, found " + (row.EnabledIccid ?? "none")
                        : "did not finish its steps");
                    bad.Add(d.Name + " (" + row.Error + ")");
                }
                r.Devices.Add(row);
            }
            r.Seconds = Math.Round(Seconds, 1);
            r.Ok = failure == null && bad.Count == 0 && _devices.Count == _o.Devices;
            r.Message = r.Ok ? "all " + _devices.Count + " devices ended as expected"
                : (failure ?? "") + (failure != null && bad.Count > 0 ? " " : "") + (bad.Count > 0 && failure == null ? "devices not as expected: " + string.Join("; ", bad) : "");
            if (!r.Ok && string.IsNullOrEmpty(r.Message)) r.Message = "the demo did not complete";
            return r;
        }

        /// <summary>Job summaries (after the run, while the lab is up).</summary>
        public async Task FillJobsAsync(DemoResult r, CancellationToken ct)
        {
            if (_fleet == null) return;
            foreach (var id in _jobIds)
            {
                try
                {
                    var j = (await FleetAsync(HttpMethod.Get, "/api/v1/jobs/" + id, null, ct)).GetProperty("job");
                    r.Jobs.Add((id, j.GetProperty("kind").GetString(), j.GetProperty("target").GetRawText(), j.GetProperty("state").GetString(),
                        j.GetProperty("done").GetInt64(), j.GetProperty("failed").GetInt64()));
                }
                catch (Exception) { }
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var d in _devices) d.Dispose();
            _fleet?.Dispose();
            if (_lab != null) await _lab.DisposeAsync();
        }
    }
}
