using System;
using System.CommandLine;
using System.IO;
using System.Net;
using System.Threading;
using IotEsim.Cli.Transports;
using IotEsim.Euicc.Host;
using IotEsim.Rsp.Desktop.Pki;

namespace IotEsim.Cli
{
    /// <summary>`euicc init|serve` (software eUICC directories) and `pki create`.</summary>
    internal static class EuiccCommands
    {
        public const string DefaultEid = "89001012012341234012345678901224";
        public static readonly string[] DefaultSmdpHosts = { "localhost", "127.0.0.1", "testsmdpplus1.example.com" };

        public static Command CreatePki(TextWriter o, TextWriter e)
        {
            var pki = new Command("pki", "test PKI (CI, EUM, eUICC, SM-DP+, SM-DS, eIM; test certificates only)");
            var create = new Command("create", "create a test PKI in DIR");
            var dir = new Argument<string>("dir");
            var eid = new Option<string>("--eid") { Description = "EID of the eUICC certificate", DefaultValueFactory = _ => DefaultEid };
            create.Arguments.Add(dir);
            create.Options.Add(eid);
            create.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                string d = p.GetValue(dir);
                if (File.Exists(Path.Combine(d, TestPki.ManifestFile))) throw new CliException("a PKI already exists in " + d, 1, -1);
                var k = TestPki.Create(d, p.GetValue(eid), DefaultSmdpHosts, DateTime.UtcNow.Date.AddDays(-1));
                Report(ctx, k, null);
                return 0;
            }));
            pki.Subcommands.Add(create);
            return pki;
        }

        private static void Report(CliContext ctx, TestPki pki, string euiccDir)
        {
            if (ctx.Json)
            {
                ctx.JsonResult(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("eid", pki.Eid);
                    w.WriteString("pki", Path.GetFullPath(pki.Directory));
                    if (euiccDir != null) w.WriteString("euicc", Path.GetFullPath(euiccDir));
                    w.WriteString("ciPKId", Fmt.Hex(pki.CiPkId));
                    w.WriteEndObject();
                });
                return;
            }
            ctx.Out.WriteLine("PKI  " + Path.GetFullPath(pki.Directory) + " (CI PKId " + Fmt.Hex(pki.CiPkId) + ")");
            if (euiccDir != null) ctx.Out.WriteLine("eUICC " + Path.GetFullPath(euiccDir) + " EID " + pki.Eid + "  (use --euicc sim:" + euiccDir + ")");
        }

        public static Command CreateEuicc(TextWriter o, TextWriter e)
        {
            var euicc = new Command("euicc", "software eUICC (the C# ISD-R) in a directory");

            var init = new Command("init", "create a software eUICC in DIR (and a test PKI if none is given or found)");
            var dir = new Argument<string>("dir");
            var pkiOpt = new Option<string>("--pki") { Description = "test PKI directory (created if it has no PKI; default DIR/pki)" };
            var eid = new Option<string>("--eid") { Description = "EID for a newly created PKI", DefaultValueFactory = _ => DefaultEid };
            init.Arguments.Add(dir);
            init.Options.Add(pkiOpt);
            init.Options.Add(eid);
            init.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                string d = p.GetValue(dir);
                if (SimEuicc.Exists(d)) throw new CliException("an eUICC already exists in " + d, 1, -1);
                string pd = p.GetValue(pkiOpt) ?? Path.Combine(d, "pki");
                TestPki pki;
                if (File.Exists(Path.Combine(pd, TestPki.ManifestFile)))
                {
                    pki = TestPki.Load(pd);
                    if (p.GetResult(eid) != null && !p.GetResult(eid).Implicit && p.GetValue(eid) != pki.Eid)
                        throw new CliException("the PKI in " + pd + " was made for EID " + pki.Eid + ", not " + p.GetValue(eid), 2, -1);
                }
                else pki = TestPki.Create(pd, p.GetValue(eid), DefaultSmdpHosts, DateTime.UtcNow.Date.AddDays(-1));
                SimEuicc.Create(d, pki);
                Report(ctx, pki, d);
                return 0;
            }));
            euicc.Subcommands.Add(init);

            var serve = new Command("serve", "serve the eUICC in DIR over TCP, to vpcd (PC/SC) or on stdin/stdout");
            var sdir = new Argument<string>("dir");
            var tcp = new Option<int>("--tcp") { Description = "listen on 127.0.0.1:PORT (2-byte length framing; 0 = any free port)", DefaultValueFactory = _ => -1 };
            var vpcd = new Option<string>("--vpcd") { Description = "connect to vpcd (default 127.0.0.1:35963)", Arity = ArgumentArity.ZeroOrOne };
            var stdio = new Option<bool>("--stdio") { Description = "one hex APDU per line on stdin, one hex response per line on stdout" };
            var bind = new Option<string>("--bind") { Description = "TCP listen address", DefaultValueFactory = _ => "127.0.0.1" };
            serve.Arguments.Add(sdir);
            foreach (var opt in new Option[] { tcp, vpcd, stdio, bind }) serve.Options.Add(opt);
            serve.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                var card = SimEuicc.Open(p.GetValue(sdir));
                int port = p.GetValue(tcp);
                bool useVpcd = p.GetResult(vpcd) != null;
                int modes = (port >= 0 ? 1 : 0) + (useVpcd ? 1 : 0) + (p.GetValue(stdio) ? 1 : 0);
                if (modes != 1) throw new CliException("choose exactly one of --tcp PORT, --vpcd [HOST:PORT], --stdio", 2, -1);
                if (port >= 0)
                {
                    using (var server = new TcpApduServer(card, IPAddress.Parse(p.GetValue(bind)), port))
                    {
                        ctx.Err.WriteLine("serving eUICC on tcp:" + p.GetValue(bind) + ":" + server.Port);
                        ctx.Err.Flush();
                        for (;;)
                        {
                            try { server.ServeOne(); }
                            catch (IOException ex) { ctx.Err.WriteLine("client dropped: " + ex.Message); }
                            catch (System.Net.Sockets.SocketException) { return 0; }
                            catch (ObjectDisposedException) { return 0; }
                        }
                    }
                }
                if (useVpcd)
                {
                    string hp = p.GetValue(vpcd);
                    string host = "127.0.0.1";
                    int vport = VpcdClient.DefaultPort;
                    if (!string.IsNullOrEmpty(hp))
                    {
                        int c = hp.LastIndexOf(':');
                        if (c < 0) host = hp;
                        else
                        {
                            host = hp.Substring(0, c);
                            if (!int.TryParse(hp.Substring(c + 1), out vport)) throw new CliException("bad vpcd port in " + hp, 2, -1);
                        }
                    }
                    // vpcd accepts one card connection at a time and drops it when pcscd restarts: reconnect until killed.
                    for (;;)
                    {
                        try
                        {
                            ctx.Err.WriteLine("connecting to vpcd at " + host + ":" + vport);
                            new VpcdClient(card).Run(host, vport);
                        }
                        catch (System.Net.Sockets.SocketException ex) { ctx.Err.WriteLine("vpcd: " + ex.Message); }
                        catch (IOException ex) { ctx.Err.WriteLine("vpcd: " + ex.Message); }
                        Thread.Sleep(1000);
                    }
                }
                StdioServer.Run(card, Console.In, ctx.Out);
                return 0;
            }));
            euicc.Subcommands.Add(serve);
            return euicc;
        }
    }
}
