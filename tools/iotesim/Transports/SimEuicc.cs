using System;
using System.IO;
using System.Text.Json;
using IotEsim.Euicc.Card;
using IotEsim.Euicc.Engine;
using IotEsim.Euicc.Host;
using IotEsim.Euicc.Identity;
using IotEsim.Rsp.Desktop;
using IotEsim.Rsp.Desktop.Pki;

namespace IotEsim.Cli.Transports
{
    /// <summary>
    /// Layout of a software eUICC directory made by `iotesim euicc init`: `euicc.json` (EID, PKI it came from),
    /// `identity/` (CERT.EUICC, SK.EUICC, CERT.EUM, CI certificate; PEM) and `state/` (the eUICC's file store).
    /// </summary>
    public static class SimEuicc
    {
        public const string Manifest = "euicc.json";

        public static string StateDir(string dir) { return Path.Combine(dir, "state"); }
        public static string IdentityDir(string dir) { return Path.Combine(dir, "identity"); }

        public static bool Exists(string dir) { return File.Exists(Path.Combine(dir, Manifest)); }

        /// <summary>Creates the directory from a test PKI's eUICC identity; fails if one already exists there.</summary>
        public static void Create(string dir, TestPki pki)
        {
            if (Exists(dir)) throw new IOException("an eUICC already exists in " + dir);
            var id = IdentityDir(dir);
            Directory.CreateDirectory(id);
            Directory.CreateDirectory(StateDir(dir));
            File.Copy(pki.Euicc.CertificatePemPath, Path.Combine(id, "euicc.pem"), true);
            File.Copy(pki.Euicc.KeyPemPath, Path.Combine(id, "euicc.key"), true);
            File.Copy(pki.Eum.CertificatePemPath, Path.Combine(id, "eum.pem"), true);
            File.Copy(pki.Ci.CertificatePemPath, Path.Combine(id, "ci.pem"), true);
            using (var f = File.Create(Path.Combine(dir, Manifest)))
            using (var w = new Utf8JsonWriter(f, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("eid", pki.Eid);
                w.WriteString("pki", Path.GetFullPath(pki.Directory));
                w.WriteString("created", DateTime.UtcNow.ToString("o"));
                w.WriteEndObject();
            }
        }

        public static EuiccIdentity LoadIdentity(string dir)
        {
            if (!Exists(dir)) throw new IOException("no eUICC in " + dir + " (create one with: iotesim euicc init " + dir + ")");
            var id = IdentityDir(dir);
            return EuiccHost.LoadIdentity(Path.Combine(id, "euicc.pem"), Path.Combine(id, "euicc.key"), Path.Combine(id, "eum.pem"),
                new[] { Path.Combine(id, "ci.pem") });
        }

        public static IsdrApplet Open(string dir)
        {
            var identity = LoadIdentity(dir);
            var options = new EuiccOptions();
            options.Clock = new SystemClock();
            return EuiccHost.Open(StateDir(dir), identity, BclCryptoProvider.Instance, options);
        }
    }
}
