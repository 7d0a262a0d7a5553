using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using IotEsim.Ipa.Http;

namespace IotEsim.Tests.Reliability
{
    /// <summary>The network faults the suite injects. "Before" faults never reach the server; "after" faults hit
    /// a request the server has already processed (the answer is what gets lost or damaged).</summary>
    public enum NetFault
    {
        None,
        /// <summary>TCP connect refused / no route (request never sent).</summary>
        ConnectRefused,
        /// <summary>No answer in time, request never reached the server.</summary>
        TimeoutBefore,
        /// <summary>A gateway in front of the server answers 503 without forwarding.</summary>
        Gateway503,
        /// <summary>The server processed the request, then the connection was reset before the answer arrived.</summary>
        ResetAfter,
        /// <summary>The server processed the request; the client gave up waiting.</summary>
        TimeoutAfter,
        /// <summary>The server processed the request; a proxy replaced the answer by a 500.</summary>
        Server500After,
        /// <summary>The answer arrives cut short (connection closed mid-body).</summary>
        TruncatedBody,
        /// <summary>The answer arrives with flipped bytes.</summary>
        CorruptedBody,
        /// <summary>The answer arrives a few bytes per read (slow link); content intact.</summary>
        Slow,
    }

    /// <summary>Which faults may hit one function; a function not listed takes <see cref="All"/>.</summary>
    public static class FaultSets
    {
        public static readonly NetFault[] All =
        {
            NetFault.ConnectRefused, NetFault.TimeoutBefore, NetFault.Gateway503, NetFault.ResetAfter, NetFault.TimeoutAfter,
            NetFault.Server500After, NetFault.TruncatedBody, NetFault.CorruptedBody, NetFault.Slow,
        };

        /// <summary>Faults whose request never reaches the server, plus slow delivery.</summary>
        public static readonly NetFault[] BeforeServer = { NetFault.ConnectRefused, NetFault.TimeoutBefore, NetFault.Gateway503, NetFault.Slow };

        /// <summary>Faults that damage or lose an answer the server already committed to.</summary>
        public static readonly NetFault[] AfterServer =
            { NetFault.ResetAfter, NetFault.TimeoutAfter, NetFault.Server500After, NetFault.TruncatedBody, NetFault.CorruptedBody };

        public static bool ReachesServer(NetFault f) => f != NetFault.ConnectRefused && f != NetFault.TimeoutBefore && f != NetFault.Gateway503;
    }

    /// <summary>One injected (or clean) exchange, for the report.</summary>
    public sealed class FaultRecord
    {
        public int Device;
        public string Function;
        public NetFault Fault;
        public int Status;
        public override string ToString() => "dev" + Device + " " + Function + " " + Fault + (Status > 0 ? " (" + Status + ")" : "");
    }

    /// <summary>
    /// A seeded fault-injecting <see cref="IHttpTransport"/> in front of the real HTTP transport: it maps the
    /// servers' host names to the Kestrel loopback addresses (a test "DNS"), forwards real requests and damages
    /// them as the plan says. Each device has its own instance and its own <see cref="Random"/>, so a run is
    /// reproducible from (seed, device) whatever the thread interleaving.
    /// </summary>
    public sealed class FaultingTransport : IHttpTransport
    {
        private readonly IHttpTransport _inner;
        private readonly Dictionary<string, string> _hosts;
        private readonly Random _rnd;
        private readonly int _device;
        public readonly List<FaultRecord> Log = new List<FaultRecord>();

        /// <summary>Chance that one exchange is faulted (until <see cref="MaxFaults"/> is used up).</summary>
        public double Probability = 0.35;
        public int MaxFaults = 8;
        /// <summary>Faults allowed per function (last URL segment); others take <see cref="FaultSets.All"/>.</summary>
        public readonly Dictionary<string, NetFault[]> PerFunction = new Dictionary<string, NetFault[]>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Set to force the fault of the next exchange of a function (used once), whatever the dice say.</summary>
        public readonly Dictionary<string, Queue<NetFault>> Forced = new Dictionary<string, Queue<NetFault>>(StringComparer.OrdinalIgnoreCase);
        public int FaultsInjected { get; private set; }
        /// <summary>Exchanges per function that reached the server (for the report).</summary>
        public readonly Dictionary<string, int> Delivered = new Dictionary<string, int>();

        public FaultingTransport(IHttpTransport inner, Dictionary<string, string> hosts, int seed, int device)
        {
            _inner = inner;
            _hosts = hosts;
            _rnd = new Random(seed * 7919 + device);
            _device = device;
        }

        /// <summary>Forces the next exchange of <paramref name="function"/> to suffer <paramref name="fault"/>.</summary>
        public void Force(string function, NetFault fault)
        {
            if (!Forced.TryGetValue(function, out var q)) Forced[function] = q = new Queue<NetFault>();
            q.Enqueue(fault);
        }

        public static string FunctionOf(string url)
        {
            int q = url.IndexOf('?');
            if (q >= 0) url = url.Substring(0, q);
            int slash = url.LastIndexOf('/');
            string last = url.Substring(slash + 1);
            // ESipa has one path for every function; the request's first tag tells them apart.
            return last;
        }

        private string Rewrite(string url)
        {
            foreach (var kv in _hosts)
            {
                foreach (var scheme in new[] { "http://", "https://" })
                {
                    string prefix = scheme + kv.Key + "/";
                    if (url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return kv.Value.TrimEnd('/') + "/" + url.Substring(prefix.Length);
                }
            }
            return url;
        }

        private NetFault Pick(string fn)
        {
            if (Forced.TryGetValue(fn, out var q) && q.Count > 0) return q.Dequeue();
            // The dice are always rolled so that one function's plan does not shift another's.
            double roll = _rnd.NextDouble();
            int which = _rnd.Next(1000);
            if (FaultsInjected >= MaxFaults || roll >= Probability) return NetFault.None;
            var set = PerFunction.TryGetValue(fn, out var s) ? s : FaultSets.All;
            if (set.Length == 0) return NetFault.None;
            return set[which % set.Length];
        }

        public HttpResponse Post(string url, string[] headerNames, string[] headerValues, byte[] body)
        {
            string fn = FunctionOf(url);
            if (fn == "asn1") fn = EsipaFunction(body);
            NetFault f = Pick(fn);
            if (f != NetFault.None) FaultsInjected++;
            var rec = new FaultRecord { Device = _device, Function = fn, Fault = f };
            Log.Add(rec);
            switch (f)
            {
                case NetFault.ConnectRefused: throw new HttpTransportException("POST " + url + " failed: connection refused (injected)", false);
                case NetFault.TimeoutBefore: throw new HttpTransportException("timeout posting to " + url + " (injected)", true);
                case NetFault.Gateway503:
                    rec.Status = 503;
                    return Response(503, "text/plain", Encoding.ASCII.GetBytes("503 Service Unavailable (injected)"));
            }
            int status;
            string ctype;
            byte[] answer;
            using (var r = _inner.Post(Rewrite(url), headerNames, headerValues, body))
            {
                status = r.StatusCode;
                ctype = r.ContentType;
                answer = HttpBody.ReadAll(r.Body, 64 * 1024 * 1024);
            }
            lock (Delivered) Delivered[fn] = Delivered.TryGetValue(fn, out int n) ? n + 1 : 1;
            rec.Status = status;
            switch (f)
            {
                case NetFault.ResetAfter: throw new HttpTransportException("POST " + url + " failed: connection reset by peer (injected)", false);
                case NetFault.TimeoutAfter: throw new HttpTransportException("timeout posting to " + url + " (injected)", true);
                case NetFault.Server500After: return Response(500, "text/plain", Encoding.ASCII.GetBytes("500 Internal Server Error (injected)"));
                case NetFault.TruncatedBody:
                    {
                        // An empty answer (204) cannot be cut: the fault degrades to a reset.
                        if (answer.Length == 0) throw new HttpTransportException("POST " + url + " failed: connection closed (injected)", false);
                        int keep = _rnd.Next(answer.Length);
                        var cut = new byte[keep];
                        Array.Copy(answer, cut, keep);
                        return Response(status, ctype, cut);
                    }
                case NetFault.CorruptedBody:
                    {
                        if (answer.Length == 0) return Response(status, ctype, new byte[] { (byte)_rnd.Next(256) });
                        var bad = (byte[])answer.Clone();
                        int flips = 1 + _rnd.Next(4);
                        for (int i = 0; i < flips; i++) bad[_rnd.Next(bad.Length)] ^= (byte)(1 + _rnd.Next(255));
                        return Response(status, ctype, bad);
                    }
                case NetFault.Slow: return new HttpResponse(status, new[] { "Content-Type" }, new[] { ctype ?? "" }, new TrickleStream(answer, 1 + _rnd.Next(7)), null);
                default: return Response(status, ctype, answer);
            }
        }

        private static HttpResponse Response(int status, string ctype, byte[] body)
            => new HttpResponse(status, new[] { "Content-Type" }, new[] { ctype ?? "" }, new MemoryStream(body), null);

        /// <summary>ESipa function name from the request's outer tag (SGP.32 EsipaMessageFromIpaToEim choice).</summary>
        public static string EsipaFunction(byte[] body)
        {
            if (body == null || body.Length < 2) return "esipa?";
            int tag = body[0] == 0xBF ? (0xBF00 | body[1]) : body[0];
            switch (tag)
            {
                case 0xBF39: return "esipa.initiateAuthentication";
                case 0xBF3B: return "esipa.authenticateClient";
                case 0xBF3A: return "esipa.getBoundProfilePackage";
                case 0xBF3D: return "esipa.handleNotification";
                case 0xBF41: return "esipa.cancelSession";
                case 0xBF4F: return "esipa.getEimPackage";
                case 0xBF50: return "esipa.provideEimPackageResult";
                default: return "esipa." + tag.ToString("X");
            }
        }
    }

    /// <summary>A body that trickles out a few bytes per Read, with a yield now and then (a slow link without real sleeps).</summary>
    public sealed class TrickleStream : Stream
    {
        private readonly byte[] _data;
        private readonly int _chunk;
        private int _pos;
        private int _reads;

        public TrickleStream(byte[] data, int chunk) { _data = data; _chunk = chunk; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pos >= _data.Length) return 0;
            if (++_reads % 256 == 0) Thread.Yield();
            int n = Math.Min(Math.Min(count, _chunk), _data.Length - _pos);
            Array.Copy(_data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _data.Length;
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
