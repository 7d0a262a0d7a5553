using System;
using System.CommandLine;
using System.IO;
using IotEsim.Ipa.Es10;
using IotEsim.Rsp.Messages;
using Spectre.Console;

namespace IotEsim.Cli
{
    /// <summary>`chip info`: EID (ES10c.GetEID), EUICCInfo2 essentials (ES10b) and configured addresses (ES10a).</summary>
    internal static class ChipCommands
    {
        public static Command Create(TextWriter o, TextWriter e)
        {
            var chip = new Command("chip", "eUICC information");
            var info = new Command("info", "EID, EUICCInfo2 essentials and configured SM-DP+/SM-DS addresses");
            info.SetAction(p => CliContext.Run(p, o, e, Info));
            chip.Subcommands.Add(info);
            return chip;
        }

        private static int Info(CliContext ctx)
        {
            var es10 = ctx.Es10();
            string eid = Fmt.Hex(Es10c.GetEid(es10));
            var i2 = Es10b.GetEuiccInfo2(es10);
            var addr = Es10a.GetEuiccConfiguredAddresses(es10);
            if (ctx.Json)
            {
                ctx.JsonResult(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("eidValue", eid);
                    w.WriteStartObject("EuiccConfiguredAddresses");
                    w.WriteString("defaultDpAddress", addr.DefaultDpAddress);
                    w.WriteString("rootDsAddress", addr.RootDsAddress);
                    w.WriteEndObject();
                    w.WriteStartObject("EUICCInfo2");
                    w.WriteString("profileVersion", Fmt.Version(i2.ProfileVersion));
                    w.WriteString("svn", Fmt.Version(i2.Svn));
                    w.WriteString("euiccFirmwareVer", Fmt.Version(i2.EuiccFirmwareVer));
                    w.WriteString("extCardResource", Fmt.Hex(i2.ExtCardResource));
                    long free = FreeNvm(i2.ExtCardResource);
                    if (free >= 0) w.WriteNumber("freeNonVolatileMemory", free);
                    w.WriteString("ppVersion", Fmt.Version(i2.PpVersion));
                    w.WriteString("sasAcreditationNumber", i2.SasAcreditationNumber);
                    if (i2.EuiccCategory >= 0) w.WriteNumber("euiccCategory", i2.EuiccCategory); else w.WriteNull("euiccCategory");
                    if (i2.IpaMode >= 0) w.WriteString("ipaMode", i2.IpaMode == 0 ? "ipad" : i2.IpaMode == 1 ? "ipae" : i2.IpaMode.ToString()); else w.WriteNull("ipaMode");
                    w.WriteStartArray("euiccCiPKIdListForVerification");
                    foreach (var k in i2.CiPKIdListForVerification) w.WriteStringValue(Fmt.Hex(k));
                    w.WriteEndArray();
                    w.WriteStartArray("euiccCiPKIdListForSigning");
                    foreach (var k in i2.CiPKIdListForSigning) w.WriteStringValue(Fmt.Hex(k));
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                return 0;
            }
            var t = new Table().AddColumn("field").AddColumn("value");
            t.AddRow("EID", eid);
            t.AddRow("SGP.22 version (svn)", Fmt.Esc(Fmt.Version(i2.Svn)));
            t.AddRow("profile version", Fmt.Esc(Fmt.Version(i2.ProfileVersion)));
            t.AddRow("firmware", Fmt.Esc(Fmt.Version(i2.EuiccFirmwareVer)));
            long nvm = FreeNvm(i2.ExtCardResource);
            if (nvm >= 0) t.AddRow("free NVM", nvm + " bytes");
            t.AddRow("PP version", Fmt.Esc(Fmt.Version(i2.PpVersion)));
            t.AddRow("SAS accreditation", Fmt.Esc(i2.SasAcreditationNumber));
            if (i2.IpaMode >= 0) t.AddRow("IPA mode", i2.IpaMode == 0 ? "IPAd" : i2.IpaMode == 1 ? "IPAe" : i2.IpaMode.ToString());
            t.AddRow("CI PKIds (verification)", Fmt.Esc(string.Join(" ", Array.ConvertAll(i2.CiPKIdListForVerification, Fmt.Hex))));
            t.AddRow("CI PKIds (signing)", Fmt.Esc(string.Join(" ", Array.ConvertAll(i2.CiPKIdListForSigning, Fmt.Hex))));
            t.AddRow("default SM-DP+", Fmt.Esc(addr.DefaultDpAddress ?? "(none)"));
            t.AddRow("root SM-DS", Fmt.Esc(addr.RootDsAddress ?? "(none)"));
            ctx.Console.Write(t);
            return 0;
        }

        /// <summary>Free NVM from extCardResource (ETSI TS 102 226 tag 82, big-endian integer), -1 if absent.</summary>
        internal static long FreeNvm(byte[] ext)
        {
            if (ext == null) return -1;
            int i = 0;
            while (i + 2 <= ext.Length)
            {
                int tag = ext[i], len = ext[i + 1];
                if (i + 2 + len > ext.Length) return -1;
                if (tag == 0x82)
                {
                    long v = 0;
                    for (int k = 0; k < len; k++) v = (v << 8) | ext[i + 2 + k];
                    return v;
                }
                i += 2 + len;
            }
            return -1;
        }
    }
}
