using System;
using System.CommandLine;
using System.IO;
using IotEsim.Cli.Transports;
using IotEsim.Ipa.Desktop;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Desktop.Storage;
using IotEsim.Rsp.Storage;

namespace IotEsim.Cli
{
    /// <summary>
    /// Exit codes of the commands that talk to RSP servers (profile download, notification process,
    /// device run). Listed in each command's help.
    /// </summary>
    internal static class ExitCodes
    {
        public const int Ok = 0;
        /// <summary>The eUICC refused or failed (ES10 error, status word, installation failure).</summary>
        public const int Euicc = 1;
        public const int Usage = 2;
        /// <summary>A server executed the function and answered Failed (subjectCode/reasonCode), or an eIM error code.</summary>
        public const int ServerRefused = 3;
        /// <summary>No usable answer: connection, TLS (untrusted certificate), timeout, unexpected HTTP status.</summary>
        public const int Network = 4;
        /// <summary>The server's answer could not be parsed (JSON, base64, DER, missing members).</summary>
        public const int Malformed = 5;
        /// <summary>Nothing to do: the SM-DS had no event for this eUICC.</summary>
        public const int NothingToDo = 6;

        public const string Help =
            "exit codes: 0 success; 1 eUICC error or installation failure; 2 usage error; 3 server refused (SGP.22 subjectCode/reasonCode, eIM error code); "
            + "4 network, TLS or HTTP status error; 5 malformed server answer; 6 nothing to download (no SM-DS event)";
    }

    /// <summary>HTTP options shared by every command that reaches an SM-DP+, SM-DS or eIM.</summary>
    internal sealed class NetworkOptions
    {
        public readonly Option<string[]> Ca = new Option<string[]>("--ca")
        {
            Description = "PEM file with CA certificates to trust for TLS (repeatable; default: the system store)",
            AllowMultipleArgumentsPerToken = false,
        };
        public readonly Option<string[]> Resolve = new Option<string[]>("--resolve")
        {
            Description = "curl-style host:port:address override, no DNS for that host and port (repeatable)",
        };
        public readonly Option<bool> Http = new Option<bool>("--http") { Description = "plain HTTP instead of HTTPS (lab servers)" };
        public readonly Option<int> Timeout = new Option<int>("--timeout") { Description = "HTTP timeout in seconds", DefaultValueFactory = _ => 60 };

        public void AddTo(Command c)
        {
            c.Options.Add(Ca);
            c.Options.Add(Resolve);
            c.Options.Add(Http);
            c.Options.Add(Timeout);
        }

        public string Scheme(ParseResult p) { return p.GetValue(Http) ? "http" : "https"; }

        /// <summary>The HTTP transport (traced with --trace); the caller disposes the returned owner.</summary>
        public IHttpTransport Open(ParseResult p, CliContext ctx, out IDisposable owner)
        {
            var cas = p.GetValue(Ca) ?? new string[0];
            foreach (var f in cas)
                if (!File.Exists(f)) throw new CliException("--ca: no such file " + f, ExitCodes.Usage, -1);
            int seconds = p.GetValue(Timeout);
            if (seconds <= 0) throw new CliException("--timeout must be positive", ExitCodes.Usage, -1);
            HttpClientTransport t;
            try { t = new HttpClientTransport(cas, p.GetValue(Resolve) ?? new string[0], TimeSpan.FromSeconds(seconds)); }
            catch (System.Security.Cryptography.CryptographicException e) { throw new CliException("--ca: not a PEM certificate file: " + e.Message, ExitCodes.Usage, -1); }
            owner = t;
            if (ctx.Trace && !ctx.Json) return new TraceSink(ctx.Err).Wrap(t);
            return t;
        }
    }

    /// <summary>Where the IPA keeps its own state (notification journal, download journal, pending eIM results).</summary>
    internal static class IpaState
    {
        public static readonly Option<string> Option = new Option<string>("--state")
        {
            Description = "IPA state directory (default: DIR/ipa for --euicc sim:DIR, else ~/.iotesim/ipa)",
        };

        public static string Dir(ParseResult p, CliContext ctx)
        {
            string d = p.GetValue(Option);
            if (!string.IsNullOrEmpty(d)) return d;
            var spec = ctx.Spec();
            if (spec.Kind == "sim") return Path.Combine(spec.Path, "ipa");
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home)) home = Path.GetTempPath();
            return Path.Combine(home, ".iotesim", "ipa");
        }

        public static IStore Open(ParseResult p, CliContext ctx)
        {
            string d = Dir(p, ctx);
            Directory.CreateDirectory(d);
            return new FileStore(d);
        }
    }
}
