using System;
using System.CommandLine;
using System.IO;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Messages;
using Spectre.Console;

namespace IotEsim.Cli
{
    /// <summary>`profile list|enable|disable|delete|nickname` over ES10c.</summary>
    internal static class ProfileCommands
    {
        public static Command Create(TextWriter o, TextWriter e, Command download)
        {
            var profile = new Command("profile", "profiles on the eUICC (ES10c)");

            var list = new Command("list", "list installed profiles");
            list.SetAction(p => CliContext.Run(p, o, e, List));
            profile.Subcommands.Add(list);

            profile.Subcommands.Add(Op("enable", "enable a profile", o, e, (es10, iccid, refresh) => Es10c.EnableProfile(es10, iccid, refresh), EnableErrors));
            profile.Subcommands.Add(Op("disable", "disable a profile", o, e, (es10, iccid, refresh) => Es10c.DisableProfile(es10, iccid, refresh), DisableErrors));
            profile.Subcommands.Add(Op("delete", "delete a disabled profile", o, e, (es10, iccid, refresh) => Es10c.DeleteProfile(es10, iccid), DeleteErrors));

            var nick = new Command("nickname", "set (or clear) a profile's nickname");
            var nIccid = new Argument<string>("iccid") { Description = "ICCID" };
            var nName = new Argument<string>("nickname") { Description = "new nickname (omit to clear)", Arity = ArgumentArity.ZeroOrOne };
            nick.Arguments.Add(nIccid);
            nick.Arguments.Add(nName);
            nick.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                int r = Es10c.SetNickname(ctx.Es10(), ParseIccid(p.GetValue(nIccid)), p.GetValue(nName) ?? "");
                if (r != 0) throw new CliException("SetNickname failed: " + Name(r, NicknameErrors), 1, r);
                ctx.Done("nickname set");
                return 0;
            }));
            profile.Subcommands.Add(nick);
            if (download != null) profile.Subcommands.Add(download);
            return profile;
        }

        private static readonly string[] EnableErrors = { "ok", "iccidOrAidNotFound", "profileNotInDisabledState", "disallowedByPolicy", "wrongProfileReenabling", "catBusy" };
        private static readonly string[] DisableErrors = { "ok", "iccidOrAidNotFound", "profileNotInEnabledState", "disallowedByPolicy", null, "catBusy" };
        private static readonly string[] DeleteErrors = { "ok", "iccidOrAidNotFound", "profileNotInDisabledState", "disallowedByPolicy" };
        private static readonly string[] NicknameErrors = { "ok", "iccidNotFound" };

        internal static string Name(int code, string[] names)
        {
            if (code == 127) return "undefinedError (127)";
            if (code >= 0 && code < names.Length && names[code] != null) return names[code] + " (" + code + ")";
            return "error " + code;
        }

        internal static byte[] ParseIccid(string s)
        {
            if (string.IsNullOrEmpty(s)) throw new CliException("an ICCID is required", 2, -1);
            foreach (char c in s) if (!char.IsDigit(c) && c != 'F' && c != 'f') throw new CliException("ICCID must be digits: " + s, 2, -1);
            if (s.Length < 18 || s.Length > 20) throw new CliException("ICCID must have 18-20 digits: " + s, 2, -1);
            return Iccid.ToBytes(s);
        }

        private delegate int ProfileOp(Es10Channel es10, byte[] iccid, bool refresh);

        private static Command Op(string name, string description, TextWriter o, TextWriter e, ProfileOp op, string[] errors)
        {
            var cmd = new Command(name, description);
            var iccid = new Argument<string>("iccid") { Description = "ICCID" };
            cmd.Arguments.Add(iccid);
            Option<bool> refresh = null;
            if (name != "delete")
            {
                refresh = new Option<bool>("--refresh") { Description = "ask the eUICC for a REFRESH (refreshFlag)" };
                cmd.Options.Add(refresh);
            }
            cmd.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                int r = op(ctx.Es10(), ParseIccid(p.GetValue(iccid)), refresh != null && p.GetValue(refresh));
                if (r != 0) throw new CliException(name + " failed: " + Name(r, errors), 1, r);
                ctx.Done("profile " + p.GetValue(iccid) + ": " + name + "d");
                return 0;
            }));
            return cmd;
        }

        private static string State(int s) { return s == 1 ? "enabled" : s == 0 ? "disabled" : s < 0 ? null : s.ToString(); }
        private static string Class(int c) { return c == 0 ? "test" : c == 1 ? "provisioning" : c == 2 ? "operational" : c < 0 ? null : c.ToString(); }

        private static int List(CliContext ctx)
        {
            var r = Es10c.GetProfilesInfo(ctx.Es10(), null);
            if (r.Error >= 0) throw new CliException("GetProfilesInfo failed: error " + r.Error, 1, r.Error);
            if (ctx.Json)
            {
                ctx.JsonResult(w =>
                {
                    w.WriteStartArray();
                    for (int i = 0; i < r.Profiles.Count; i++)
                    {
                        var p = r.Get(i);
                        w.WriteStartObject();
                        w.WriteString("iccid", p.IccidString);
                        w.WriteString("isdpAid", Fmt.Hex(p.IsdpAid));
                        w.WriteString("profileState", State(p.ProfileState));
                        w.WriteString("profileNickname", p.ProfileNickname);
                        w.WriteString("serviceProviderName", p.ServiceProviderName);
                        w.WriteString("profileName", p.ProfileName);
                        w.WriteString("profileClass", Class(p.ProfileClass));
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return 0;
            }
            if (r.Profiles.Count == 0) { ctx.Out.WriteLine("no profiles"); return 0; }
            var t = new Table().AddColumn("ICCID").AddColumn("state").AddColumn("nickname").AddColumn("provider").AddColumn("name").AddColumn("class");
            for (int i = 0; i < r.Profiles.Count; i++)
            {
                var p = r.Get(i);
                t.AddRow(Fmt.Esc(p.IccidString), Fmt.Esc(State(p.ProfileState)), Fmt.Esc(p.ProfileNickname), Fmt.Esc(p.ServiceProviderName), Fmt.Esc(p.ProfileName), Fmt.Esc(Class(p.ProfileClass)));
            }
            ctx.Console.Write(t);
            return 0;
        }
    }
}
