using System;
using System.CommandLine;
using System.IO;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.X509;
using Spectre.Console;

namespace IotEsim.Cli
{
    /// <summary>`eim add|list|delete`: ES10b.AddInitialEim, GetEimConfigurationData, and eUICCMemoryReset(resetEimConfigData).</summary>
    internal static class EimCommands
    {
        private static readonly string[] AddErrors = { null, "insufficientMemory", "associatedEimAlreadyExists", "ciPKUnknown", null, "invalidAssociationToken", "counterValueOutOfRange", "commandError" };

        public static Command Create(TextWriter o, TextWriter e)
        {
            var eim = new Command("eim", "eIM associations on the eUICC (SGP.32)");

            var add = new Command("add", "associate the first eIM (ES10b.AddInitialEim)");
            var cert = new Option<string>("--cert") { Description = "eIM certificate (PEM or DER) whose key signs eUICC packages", Required = true };
            var fqdn = new Option<string>("--fqdn") { Description = "eIM FQDN (ESipa address)", Required = true };
            var id = new Option<string>("--id") { Description = "eimId (default: the FQDN)" };
            var counter = new Option<long>("--counter") { Description = "initial counterValue", DefaultValueFactory = _ => 0 };
            var token = new Option<bool>("--token") { Description = "ask the eUICC for an association token" };
            var indirect = new Option<bool>("--indirect") { Description = "indirect profile download (via the eIM)" };
            foreach (var opt in new Option[] { cert, fqdn, id, counter, token, indirect }) add.Options.Add(opt);
            add.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                string path = p.GetValue(cert);
                if (!File.Exists(path)) throw new CliException("certificate file not found: " + path, 2, -1);
                byte[] raw = File.ReadAllBytes(path);
                byte[] der = raw.Length > 0 && raw[0] == 0x30 ? raw : Pem.Decode(System.Text.Encoding.ASCII.GetString(raw), "CERTIFICATE");
                var c = new EimConfigurationData
                {
                    EimId = p.GetValue(id) ?? p.GetValue(fqdn),
                    EimFqdn = p.GetValue(fqdn),
                    EimIdType = p.GetValue(id) == null ? EimConfigurationData.EimIdTypeFqdn : -1,
                    HasCounterValue = true,
                    CounterValue = p.GetValue(counter),
                    EimPublicKeyKind = EimConfigurationData.KeyCertificate,
                    EimPublicKeyData = der,
                    IndirectProfileDownload = p.GetValue(indirect),
                };
                if (p.GetValue(token)) { c.HasAssociationToken = true; c.AssociationToken = -1; }
                var req = new AddInitialEimRequest();
                req.EimConfigurations.Add(c);
                var r = Es10bIot.AddInitialEim(ctx.Es10(), req);
                if (!r.IsOk) throw new CliException("AddInitialEim failed: " + ProfileCommands.Name(r.ErrorCode, AddErrors), 1, r.ErrorCode);
                object tok = r.Results.Count > 0 ? r.Results[0] : null;
                if (ctx.Json)
                {
                    ctx.JsonResult(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("eimId", c.EimId);
                        if (tok != null) w.WriteNumber("associationToken", (long)tok); else w.WriteNull("associationToken");
                        w.WriteEndObject();
                    });
                }
                else ctx.Out.WriteLine("eIM " + c.EimId + " added" + (tok != null ? ", association token " + tok : ""));
                return 0;
            }));
            eim.Subcommands.Add(add);

            var list = new Command("list", "list eIM configurations (ES10b.GetEimConfigurationData)");
            list.SetAction(p => CliContext.Run(p, o, e, List));
            eim.Subcommands.Add(list);

            var del = new Command("delete", "remove ALL eIM configurations (eUICCMemoryReset with resetEimConfigData); a single eIM is removed only by a signed eUICC package from an eIM");
            var yes = new Option<bool>("--yes") { Description = "confirm" };
            del.Options.Add(yes);
            del.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                if (!p.GetValue(yes)) throw new CliException("eim delete removes every eIM association; add --yes to confirm", 2, -1);
                var r = Es10bIot.MemoryReset(ctx.Es10(), new[] { EuiccMemoryReset.ResetEimConfigData }, Sgp32Version.V1_2);
                int code = r.ResetEimResult >= 0 ? r.ResetEimResult : r.ResetResult;
                if (code != EuiccMemoryReset.Ok && code != EuiccMemoryReset.NothingToDelete)
                    throw new CliException("eUICCMemoryReset(resetEimConfigData) failed: result " + code, 1, code);
                ctx.Done(code == EuiccMemoryReset.NothingToDelete ? "no eIM to delete" : "eIM configuration reset");
                return 0;
            }));
            eim.Subcommands.Add(del);
            return eim;
        }

        private static int List(CliContext ctx)
        {
            var r = Es10bIot.GetEimConfigurationData(ctx.Es10());
            if (ctx.Json)
            {
                ctx.JsonResult(w =>
                {
                    w.WriteStartArray();
                    foreach (EimConfigurationData c in r.EimConfigurations)
                    {
                        w.WriteStartObject();
                        w.WriteString("eimId", c.EimId);
                        w.WriteString("eimFqdn", c.EimFqdn);
                        if (c.HasCounterValue) w.WriteNumber("counterValue", c.CounterValue);
                        if (c.HasAssociationToken) w.WriteNumber("associationToken", c.AssociationToken);
                        w.WriteBoolean("indirectProfileDownload", c.IndirectProfileDownload);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return 0;
            }
            if (r.EimConfigurations.Count == 0) { ctx.Out.WriteLine("no eIM configured"); return 0; }
            var t = new Table().AddColumn("eimId").AddColumn("FQDN").AddColumn("counter").AddColumn("token").AddColumn("indirect download");
            foreach (EimConfigurationData c in r.EimConfigurations)
                t.AddRow(Fmt.Esc(c.EimId), Fmt.Esc(c.EimFqdn), c.HasCounterValue ? c.CounterValue.ToString() : "", c.HasAssociationToken ? c.AssociationToken.ToString() : "", c.IndirectProfileDownload ? "yes" : "no");
            ctx.Console.Write(t);
            return 0;
        }
    }
}
