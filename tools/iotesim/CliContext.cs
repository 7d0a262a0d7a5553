using System;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Json;
using IotEsim.Cli.Transports;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Apdu;
using Spectre.Console;

namespace IotEsim.Cli
{
    /// <summary>A failure with a one-line message and the process exit code it maps to.</summary>
    public sealed class CliException : Exception
    {
        public int ExitCode { get; private set; }
        public int Code { get; private set; }
        public CliException(string message, int exitCode, int code) : base(message) { ExitCode = exitCode; Code = code; }
        public CliException(string message) : this(message, 1, -1) { }
        public CliException(string message, int exitCode, int code, Exception inner) : base(message, inner) { ExitCode = exitCode; Code = code; }
    }

    /// <summary>Global options shared by every command (recursive on the root).</summary>
    internal static class GlobalOptions
    {
        public static Option<string> Euicc() => new Option<string>("--euicc", "-e")
        {
            Description = "eUICC to talk to: sim:DIR | pcsc[:reader] | at:/dev/ttyX[@baud][,profile] | tcp:host:port (default $IOTESIM_EUICC)",
            Recursive = true,
        };
        public static Option<bool> Json() => new Option<bool>("--json") { Description = "machine-readable output (lpac-style envelopes)", Recursive = true };
        public static Option<bool> Trace() => new Option<bool>("--trace") { Description = "print every APDU exchanged", Recursive = true };
    }

    /// <summary>Per-invocation state: writers, output mode, and the ES10 link when a command needs the eUICC.</summary>
    internal sealed class CliContext : IDisposable
    {
        public readonly TextWriter Out;
        public readonly TextWriter Err;
        public readonly bool Json;
        public readonly bool Trace;
        public readonly string EuiccText;
        public readonly IAnsiConsole Console;
        private IDisposable _owner;
        private Es10Channel _es10;

        public CliContext(ParseResult parse, TextWriter output, TextWriter error)
        {
            Out = output;
            Err = error;
            Json = parse.GetValue<bool>("--json");
            Trace = parse.GetValue<bool>("--trace");
            EuiccText = parse.GetValue<string>("--euicc") ?? Environment.GetEnvironmentVariable("IOTESIM_EUICC");
            bool tty = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
            Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = tty ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = tty ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = tty ? InteractionSupport.Detect : InteractionSupport.No,
            });
            if (!tty) Console.Profile.Width = 160;
        }

        public EuiccSpec Spec()
        {
            if (string.IsNullOrEmpty(EuiccText)) throw new CliException("no eUICC given: use --euicc sim:DIR | pcsc[:reader] | at:/dev/ttyX | tcp:host:port (or set IOTESIM_EUICC)", 2, -1);
            try { return EuiccSpec.Parse(EuiccText); }
            catch (FormatException e) { throw new CliException(e.Message, 2, -1); }
        }

        /// <summary>Opens the ES10 link (ISD-R selected on a logical channel) on first use.</summary>
        public Es10Channel Es10()
        {
            if (_es10 != null) return _es10;
            var spec = Spec();
            IApduTransport t = spec.Open(out _owner);
            if (Trace) t = new TracingTransport(t, TraceLine);
            var ch = new Es10Channel(t);
            ch.Open();
            _es10 = ch;
            return ch;
        }

        public void TraceLine(string kind, string text)
        {
            if (Json)
            {
                Out.WriteLine(Envelope("apdu", w =>
                {
                    w.WriteStartObject();
                    w.WriteString(kind, text);
                    w.WriteEndObject();
                }));
            }
            else
            {
                string arrow = kind == "tx" ? "->" : kind == "rx" ? "<-" : "--";
                Err.WriteLine("[apdu] " + arrow + " " + text);
            }
        }

        public void Dispose()
        {
            if (_es10 != null) { try { _es10.Close(); } catch (Exception) { } _es10 = null; }
            if (_owner != null) { _owner.Dispose(); _owner = null; }
        }

        public static string Envelope(string type, Action<Utf8JsonWriter> payload)
        {
            var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WritePropertyName("payload");
                payload(w);
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(ms.ToArray());
        }

        /// <summary>Success: the JSON envelope with <paramref name="data"/> (may be null for no data), else nothing (the caller prints).</summary>
        public void JsonResult(Action<Utf8JsonWriter> data)
        {
            Out.WriteLine(Envelope("lpa", w =>
            {
                w.WriteStartObject();
                w.WriteNumber("code", 0);
                w.WriteString("message", "success");
                w.WritePropertyName("data");
                if (data == null) w.WriteNullValue(); else data(w);
                w.WriteEndObject();
            }));
        }

        public void Done(string humanMessage)
        {
            if (Json) JsonResult(null);
            else Out.WriteLine(humanMessage);
        }

        public int Fail(int exitCode, int code, string message) { return Fail(exitCode, code, message, null); }

        /// <summary>Failure: the JSON envelope (code, message, data or null) or "error: message" on stderr.</summary>
        public int Fail(int exitCode, int code, string message, Action<Utf8JsonWriter> data)
        {
            if (Json)
            {
                Out.WriteLine(Envelope("lpa", w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("code", code);
                    w.WriteString("message", message);
                    w.WritePropertyName("data");
                    if (data == null) w.WriteNullValue(); else data(w);
                    w.WriteEndObject();
                }));
            }
            else Err.WriteLine("error: " + message);
            return exitCode;
        }

        /// <summary>Progress line: a "progress" envelope with --json, nothing otherwise (human progress is drawn by the caller).</summary>
        public void JsonProgress(string step, Action<Utf8JsonWriter> data)
        {
            if (!Json) return;
            Out.WriteLine(Envelope("progress", w =>
            {
                w.WriteStartObject();
                w.WriteNumber("code", 0);
                w.WriteString("message", step);
                w.WritePropertyName("data");
                if (data == null) w.WriteNullValue(); else data(w);
                w.WriteEndObject();
            }));
            Out.Flush();
        }

        /// <summary>Runs a command body, mapping failures to one-line messages and exit codes.</summary>
        public static int Run(ParseResult parse, TextWriter output, TextWriter error, Func<CliContext, int> body)
        {
            using (var ctx = new CliContext(parse, output, error))
            {
                try { return body(ctx); }
                catch (CliException e)
                {
                    var remote = RemoteError.Find(e);
                    if (remote != null) return ctx.Fail(e.ExitCode, e.Code, e.Message, RemoteError.Writer(remote));
                    return ctx.Fail(e.ExitCode, e.Code, e.Message);
                }
                catch (IotEsim.Ipa.Download.DownloadException e) { return RemoteError.Fail(ctx, e); }
                catch (IotEsim.Ipa.Es9Plus.Es9PlusException e) { return RemoteError.Fail(ctx, e); }
                catch (IotEsim.Ipa.Http.HttpTransportException e) { return ctx.Fail(ExitCodes.Network, ExitCodes.Network, e.Message); }
                catch (IotEsim.Rsp.Provisioning.ActivationCodeException e) { return ctx.Fail(2, -1, "activation code: " + e.Message); }
                catch (Es10Exception e) { return ctx.Fail(1, e.StatusWord == 0 ? -1 : e.StatusWord, "ES10: " + e.Message); }
                catch (ApduTransportException e)
                {
                    return ctx.Fail(1, e.StatusWord == 0 ? -1 : e.StatusWord,
                        e.Message + (e.StatusWord != 0 && e.Message.IndexOf(StatusWord.ToHex(e.StatusWord), StringComparison.OrdinalIgnoreCase) < 0 ? " (SW " + StatusWord.ToHex(e.StatusWord) + ")" : ""));
                }
                catch (FormatException e) { return ctx.Fail(2, -1, e.Message); }
                catch (IOException e) { return ctx.Fail(1, -1, e.Message); }
                catch (UnauthorizedAccessException e) { return ctx.Fail(1, -1, e.Message); }
                catch (ArgumentException e) { return ctx.Fail(2, -1, e.Message); }
                catch (IotEsim.Rsp.Asn1.DerException e) { return ctx.Fail(1, -1, "malformed eUICC response: " + e.Message); }
            }
        }
    }

    /// <summary>Shared formatting helpers.</summary>
    internal static class Fmt
    {
        public static string Version(byte[] v)
        {
            if (v == null) return null;
            var sb = new StringBuilder();
            for (int i = 0; i < v.Length; i++) { if (i > 0) sb.Append('.'); sb.Append(v[i]); }
            return sb.ToString();
        }

        public static string Hex(byte[] b) { return b == null ? null : IotEsim.Rsp.Util.Hex.Encode(b); }

        public static string Esc(string s) { return Markup.Escape(s ?? ""); }
    }
}
