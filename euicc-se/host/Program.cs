using System;
using System.Collections.Generic;
using System.Net;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Identity;
using IotEsim.Rsp.Desktop;

namespace IotEsim.Euicc.Host
{
    public static class Program
    {
        private const string Usage =
            "usage: IotEsim.Euicc.Host --state DIR (--pki DIR | --euicc-cert F --euicc-key F --eum-cert F --ci F [--ci F..])\n" +
            "       [--stdio | --tcp PORT | --vpcd [HOST:PORT]]";

        public static int Main(string[] args)
        {
            string state = null, pki = null, ec = null, ek = null, eum = null, mode = "stdio", arg = null;
            var cis = new List<string>();
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string v = i + 1 < args.Length ? args[i + 1] : null;
                switch (a)
                {
                    case "--state": state = v; i++; break;
                    case "--pki": pki = v; i++; break;
                    case "--euicc-cert": ec = v; i++; break;
                    case "--euicc-key": ek = v; i++; break;
                    case "--eum-cert": eum = v; i++; break;
                    case "--ci": cis.Add(v); i++; break;
                    case "--stdio": mode = "stdio"; break;
                    case "--tcp": mode = "tcp"; arg = v; i++; break;
                    case "--vpcd": mode = "vpcd"; if (v != null && !v.StartsWith("--")) { arg = v; i++; } break;
                    default: Console.Error.WriteLine(Usage); return 2;
                }
            }
            if (state == null || (pki == null && (ec == null || ek == null || eum == null || cis.Count == 0)))
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
            EuiccIdentity id = pki != null ? EuiccHost.LoadTestPki(pki) : EuiccHost.LoadIdentity(ec, ek, eum, cis);
            var options = new EuiccOptions();
            options.Clock = new SystemClock();
            var card = EuiccHost.Open(state, id, BclCryptoProvider.Instance, options);
            if (mode == "tcp")
            {
                using (var server = new TcpApduServer(card, IPAddress.Loopback, int.Parse(arg)))
                    for (;;) server.ServeOne();
            }
            if (mode == "vpcd")
            {
                string host = "127.0.0.1";
                int port = VpcdClient.DefaultPort;
                if (arg != null)
                {
                    int c = arg.LastIndexOf(':');
                    host = arg.Substring(0, c);
                    port = int.Parse(arg.Substring(c + 1));
                }
                new VpcdClient(card).Run(host, port);
                return 0;
            }
            StdioServer.Run(card, Console.In, Console.Out);
            return 0;
        }
    }
}
