using System;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Json;
using IotEsim.Firmware.At;
using IotEsim.Firmware.Config;

namespace IotEsim.Cli
{
    /// <summary>
    /// `device config`: writes the firmware's I:\iotesim.conf (the key=value format FirmwareConfigParser
    /// reads) from a board profile in hardware/*.json plus the eIM address or activation code, and the file
    /// set tools/flash/flash.sh uploads: OUT/iotesim.conf, OUT/certs/*.pem|der (`flash.sh files --config
    /// OUT/iotesim.conf --certs OUT/certs`) and OUT/deploy.json for `nanoff --filedeployment` directly.
    /// The text is parsed back and validated with the firmware's own parser before anything is written.
    /// </summary>
    internal static class DeviceConfigCommand
    {
        public const string ConfigFile = "iotesim.conf";
        public const string DeployFile = "deploy.json";
        public const string CertsDir = "certs";

        public static Command Create(TextWriter o, TextWriter e)
        {
            var cmd = new Command("config", "generate the firmware configuration (iotesim.conf) and the nanoff file deployment for a board profile");
            var board = new Option<string>("--board", "-b") { Description = "board profile: a hardware/*.json file or its id (esp32-sim7080g, esp32-bg95, esp32-sara-r5, esp32-nrf9160-slm, euicc-board)", Required = true };
            var output = new Option<string>("--out", "-o") { Description = "output directory", Required = true };
            var eim = new Option<string>("--eim") { Description = "eIM address (eimFqdn, host[:port])" };
            var ac = new Option<string>("--activation-code", "-a") { Description = "activation code for a direct download (no eIM)" };
            var ssid = new Option<string>("--wifi-ssid") { Description = "Wi-Fi network (network.mode = wifi)" };
            var pass = new Option<string>("--wifi-password") { Description = "Wi-Fi password" };
            var apn = new Option<string>("--apn") { Description = "cellular APN (network.mode = cellular when no --wifi-ssid)" };
            var ca = new Option<string[]>("--ca") { Description = "CA certificate file (PEM or DER) to upload and trust (repeatable)" };
            var poll = new Option<int>("--poll-interval") { Description = "seconds between eIM polls (>= 60)", DefaultValueFactory = _ => 3600 };
            var port = new Option<string>("--port") { Description = "serial port of the ESP32 written into deploy.json", DefaultValueFactory = _ => "/dev/ttyUSB0" };
            var hw = new Option<string>("--hardware-dir") { Description = "where board ids are looked up (default: hardware/ of this checkout)" };
            foreach (var opt in new Option[] { board, output, eim, ac, ssid, pass, apn, ca, poll, port, hw }) cmd.Options.Add(opt);
            cmd.SetAction(p => CliContext.Run(p, o, e, ctx =>
            {
                string boardPath = FindBoard(p.GetValue(board), p.GetValue(hw));
                var cfgText = Generate(boardPath, p.GetValue(eim), p.GetValue(ac), p.GetValue(ssid), p.GetValue(pass), p.GetValue(apn),
                    p.GetValue(ca) ?? new string[0], p.GetValue(poll));
                string dir = p.GetValue(output);
                var files = Write(dir, cfgText, p.GetValue(ca) ?? new string[0], p.GetValue(port));
                if (ctx.Json)
                {
                    ctx.JsonResult(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("board", Path.GetFileNameWithoutExtension(boardPath));
                        w.WriteString("config", Path.GetFullPath(Path.Combine(dir, ConfigFile)));
                        w.WriteString("deploy", Path.GetFullPath(Path.Combine(dir, DeployFile)));
                        w.WriteStartArray("files");
                        foreach (var f in files) w.WriteStringValue(f);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                }
                else
                {
                    ctx.Out.WriteLine("wrote " + Path.Combine(dir, ConfigFile) + " for " + Path.GetFileNameWithoutExtension(boardPath));
                    ctx.Out.WriteLine("upload: tools/flash/flash.sh files --port PORT --config " + Path.Combine(dir, ConfigFile) + (files.Length > 1 ? " --certs " + Path.Combine(dir, CertsDir) : ""));
                    ctx.Out.WriteLine("    or: nanoff --filedeployment " + Path.Combine(dir, DeployFile));
                }
                return 0;
            }));
            return cmd;
        }

        /// <summary>A path to a JSON file, or a board id looked up in hardware/ (given, or found above the working directory or the CLI).</summary>
        internal static string FindBoard(string board, string hardwareDir)
        {
            if (File.Exists(board)) return board;
            string name = board.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? board : board + ".json";
            if (hardwareDir != null)
            {
                string f = Path.Combine(hardwareDir, name);
                if (File.Exists(f)) return f;
                throw new CliException("no board profile " + name + " in " + hardwareDir, ExitCodes.Usage, -1);
            }
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                {
                    string f = Path.Combine(d.FullName, "hardware", name);
                    if (File.Exists(f)) return f;
                }
            }
            throw new CliException("no board profile " + board + " (give a hardware/*.json path or --hardware-dir)", ExitCodes.Usage, -1);
        }

        /// <summary>The iotesim.conf text; throws CliException when the firmware would refuse it.</summary>
        internal static string Generate(string boardJson, string eim, string activationCode, string ssid, string password, string apn, string[] cas, int pollSeconds)
        {
            if (string.IsNullOrEmpty(eim) && string.IsNullOrEmpty(activationCode)) throw new CliException("give --eim or --activation-code", ExitCodes.Usage, -1);
            if (activationCode != null) IotEsim.Rsp.Provisioning.ActivationCode.Parse(activationCode.Trim());
            JsonElement b;
            try { b = JsonDocument.Parse(File.ReadAllText(boardJson)).RootElement; }
            catch (JsonException ex) { throw new CliException("board profile " + boardJson + " is not JSON: " + ex.Message, ExitCodes.Usage, -1); }
            string id = Str(b, "id") ?? Path.GetFileNameWithoutExtension(boardJson);
            string apduPath = Str(b, "apdu_path");
            bool framed = apduPath == "framed";
            var sb = new StringBuilder();
            sb.Append("# IotEsim device configuration for ").Append(id).Append(", written by `iotesim device config`\n");
            bool wifi = !string.IsNullOrEmpty(ssid);
            if (!wifi && string.IsNullOrEmpty(apn)) throw new CliException("give --wifi-ssid (Wi-Fi) or --apn (cellular data)", ExitCodes.Usage, -1);
            if (!wifi && framed) throw new CliException("board " + id + " has no modem: cellular data needs --wifi-ssid", ExitCodes.Usage, -1);
            Line(sb, "network.mode", wifi ? FirmwareConfig.NetworkWifi : FirmwareConfig.NetworkCellular);
            if (wifi)
            {
                Line(sb, "wifi.ssid", ssid);
                if (!string.IsNullOrEmpty(password)) Line(sb, "wifi.password", password);
            }
            Line(sb, "euicc.link", framed ? FirmwareConfig.EuiccBoard : FirmwareConfig.EuiccModem);
            if (!framed)
            {
                string profile = id.StartsWith("esp32-", StringComparison.Ordinal) ? id.Substring(6) : id;
                if (ModemProfiles.Find(profile) == null) profile = ModemProfiles.Generic;
                Line(sb, "modem.profile", profile);
            }
            if (b.TryGetProperty("uart", out var uart) && uart.ValueKind == JsonValueKind.Object)
            {
                if (Str(uart, "port") != null) Line(sb, "uart.port", Str(uart, "port"));
                if (Int(uart, "esp32_tx") >= 0) Line(sb, "uart.tx", Int(uart, "esp32_tx").ToString());
                if (Int(uart, "esp32_rx") >= 0) Line(sb, "uart.rx", Int(uart, "esp32_rx").ToString());
                if (Int(uart, "baud") > 0) Line(sb, "uart.baud", Int(uart, "baud").ToString());
            }
            if (b.TryGetProperty("power", out var power) && power.ValueKind == JsonValueKind.Object)
            {
                if (Int(power, "pwrkey_gpio") >= 0) Line(sb, "modem.pwrkey", Int(power, "pwrkey_gpio").ToString());
                if (!framed && Int(power, "reset_gpio") >= 0) Line(sb, "modem.reset", Int(power, "reset_gpio").ToString());
            }
            if (!string.IsNullOrEmpty(apn)) Line(sb, "cellular.apn", apn);
            if (!string.IsNullOrEmpty(eim)) Line(sb, "eim.fqdn", eim);
            if (!string.IsNullOrEmpty(activationCode)) Line(sb, "activation.code", activationCode.Trim());
            if (cas.Length > 0)
            {
                var names = new string[cas.Length];
                for (int i = 0; i < cas.Length; i++)
                {
                    if (!File.Exists(cas[i])) throw new CliException("--ca: no such file " + cas[i], ExitCodes.Usage, -1);
                    names[i] = Path.GetFileName(cas[i]);
                }
                Line(sb, "tls.ca", string.Join(",", names));
            }
            Line(sb, "poll.interval", pollSeconds.ToString());
            string text = sb.ToString();

            // The firmware's own parser and validation: what it would refuse is refused here.
            FirmwareConfig parsed;
            try { parsed = FirmwareConfigParser.Parse(text); }
            catch (FormatException ex) { throw new CliException("generated configuration does not parse: " + ex.Message, ExitCodes.Usage, -1); }
            string why = parsed.Validate();
            if (why != null) throw new CliException("the firmware would refuse this configuration: " + why, ExitCodes.Usage, -1);
            return text;
        }

        private static void Line(StringBuilder sb, string key, string value)
        {
            // One line per setting: a value with a line break would become a second (bogus) entry.
            if (value.IndexOf('\n') >= 0 || value.IndexOf('\r') >= 0) throw new CliException(key + " must not contain a line break", ExitCodes.Usage, -1);
            sb.Append(key).Append(" = ").Append(value).Append('\n');
        }

        private static string Str(JsonElement o, string name)
        {
            return o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }

        private static int Int(JsonElement o, string name)
        {
            return o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) ? n : -1;
        }

        /// <summary>Writes OUT/iotesim.conf, OUT/certs/* and OUT/deploy.json (nanoff's file deployment, destinations on I:\ as FileConfigLoader reads them).</summary>
        internal static string[] Write(string dir, string config, string[] cas, string serialPort)
        {
            Directory.CreateDirectory(dir);
            var written = new System.Collections.Generic.List<string>();
            string conf = Path.Combine(dir, ConfigFile);
            File.WriteAllText(conf, config, new UTF8Encoding(false));
            written.Add(Path.GetFullPath(conf));
            var entries = new System.Collections.Generic.List<(string Dest, string Src)> { ("I:\\" + ConfigFile, Path.GetFullPath(conf)) };
            if (cas.Length > 0)
            {
                string cd = Path.Combine(dir, CertsDir);
                Directory.CreateDirectory(cd);
                foreach (var f in cas)
                {
                    string dest = Path.Combine(cd, Path.GetFileName(f));
                    File.Copy(f, dest, true);
                    written.Add(Path.GetFullPath(dest));
                    entries.Add(("I:\\" + Path.GetFileName(f), Path.GetFullPath(dest)));
                }
            }
            using (var fs = File.Create(Path.Combine(dir, DeployFile)))
            using (var w = new Utf8JsonWriter(fs, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("serialport", serialPort);
                w.WriteStartArray("files");
                foreach (var (dest, src) in entries)
                {
                    w.WriteStartObject();
                    w.WriteString("DestinationFilePath", dest);
                    w.WriteString("SourceFilePath", src);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            return written.ToArray();
        }
    }
}
