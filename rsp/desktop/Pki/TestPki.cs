using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Util;
using IotEsim.Rsp.X509;
using X509Certificate = IotEsim.Rsp.X509.X509Certificate;
using Oid = IotEsim.Rsp.X509.Oid;

namespace IotEsim.Rsp.Desktop.Pki
{
    /// <summary>One certificate of a <see cref="TestPki"/> with its P-256 key.</summary>
    public sealed class TestPkiEntry
    {
        public RspRole Role { get; internal set; }
        /// <summary>File stem in the PKI directory ("ci", "eum", "euicc", "dpauth"...).</summary>
        public string Name { get; internal set; }
        public byte[] CertificateDer { get; internal set; }
        /// <summary>32-byte private scalar (the <see cref="ICryptoProvider"/> form).</summary>
        public byte[] PrivateKey { get; internal set; }
        public X509Certificate Certificate { get; internal set; }
        public string CertificateDerPath { get; internal set; }
        public string CertificatePemPath { get; internal set; }
        /// <summary>SEC1 "EC PRIVATE KEY" PEM.</summary>
        public string KeyPemPath { get; internal set; }
        /// <summary>PKCS#8 "PRIVATE KEY" PEM (what Kestrel/OpenSSL tooling usually wants).</summary>
        public string Pkcs8PemPath { get; internal set; }
        public byte[] PublicKey { get { return Certificate.PublicKey; } }
    }

    /// <summary>
    /// Generates and reloads a complete GSMA-RSP-shaped test PKI (profiles after SGP.22 4.5.2 and
    /// the SGP.26 test certificates): CI root; EUM (CA, pathLen 0, nameConstraints with O and the
    /// EID prefix in serialNumber) issuing the eUICC certificate (subject serialNumber = EID,
    /// notAfter 9999-12-31 as SGP.22 asks); DPauth, DPpb, DPtls (dNSName SANs + serverAuth EKU,
    /// usable as a Kestrel/SslStream server certificate), DSauth and eIM certificates signed by the CI.
    /// All keys P-256, all signatures ecdsa-with-SHA256. Files: &lt;name&gt;.der, &lt;name&gt;.pem,
    /// &lt;name&gt;.key.pem (SEC1), &lt;name&gt;.pk8.pem (PKCS#8) and the manifest pki.json.
    /// </summary>
    public sealed class TestPki
    {
        public const string ManifestFile = "pki.json";
        /// <summary>subjectAltName registeredID put into SM-DP+ / SM-DS certificates. SGP.22 wants the
        /// entity's OID there; 2.999.x is the example arc the SGP.26 certificates use too.</summary>
        public const string SmdpRegisteredId = "2.999.10";
        public const string SmdsRegisteredId = "2.999.15";

        public string Directory { get; private set; }
        public string Eid { get; private set; }
        /// <summary>EID prefix the EUM may issue (serialNumber in its nameConstraints).</summary>
        public string EidPrefix { get; private set; }
        public string[] SmdpHostnames { get; private set; }
        public TestPkiEntry Ci { get; private set; }
        public TestPkiEntry Eum { get; private set; }
        public TestPkiEntry Euicc { get; private set; }
        public TestPkiEntry DpAuth { get; private set; }
        public TestPkiEntry DpPb { get; private set; }
        public TestPkiEntry DpTls { get; private set; }
        public TestPkiEntry DsAuth { get; private set; }
        public TestPkiEntry Eim { get; private set; }

        public TestPkiEntry[] All { get { return new[] { Ci, Eum, Euicc, DpAuth, DpPb, DpTls, DsAuth, Eim }; } }

        private readonly Dictionary<string, TestPkiEntry> _extraEuiccs = new Dictionary<string, TestPkiEntry>(StringComparer.Ordinal);
        private readonly object _issueLock = new object();

        /// <summary>eUICC certificates issued after <see cref="Create"/> by <see cref="IssueEuicc"/>, keyed by EID.</summary>
        public IReadOnlyDictionary<string, TestPkiEntry> ExtraEuiccs { get { lock (_issueLock) return new Dictionary<string, TestPkiEntry>(_extraEuiccs); } }

        /// <summary>
        /// A 32-digit EID inside this PKI's EUM range: the EUM's 8-digit prefix, <paramref name="serial"/> as 22 digits,
        /// and the two check digits of SGP.29 (the whole EID taken as a number is 1 modulo 97, as in ISO 7064 MOD 97-10).
        /// </summary>
        public string NewEid(long serial)
        {
            if (serial < 0) throw new ArgumentOutOfRangeException(nameof(serial));
            return WithEidCheckDigits(EidPrefix + serial.ToString("D22", System.Globalization.CultureInfo.InvariantCulture));
        }

        /// <summary>Appends the two SGP.29 check digits to a 30-digit EID body.</summary>
        public static string WithEidCheckDigits(string body30)
        {
            if (body30 == null || body30.Length != 30) throw new ArgumentException("an EID body has 30 digits", nameof(body30));
            int rem = 0;
            foreach (char c in body30)
            {
                if (c < '0' || c > '9') throw new ArgumentException("EID digits only", nameof(body30));
                rem = (rem * 10 + (c - '0')) % 97;
            }
            rem = rem * 100 % 97;
            return body30 + (98 - rem).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>True when the EID's check digits are right (the number is 1 modulo 97).</summary>
        public static bool EidCheckDigitsValid(string eid)
        {
            if (!CertificateChainValidator.IsEid(eid)) return false;
            int rem = 0;
            foreach (char c in eid) rem = (rem * 10 + (c - '0')) % 97;
            return rem == 1;
        }

        /// <summary>
        /// Issues another eUICC certificate (own P-256 key, subject serialNumber = <paramref name="eid"/>) under this PKI's
        /// EUM, so many simulated devices share one CI and EUM. The EID must lie in the EUM's nameConstraints range
        /// (start with <see cref="EidPrefix"/>). Files: euicc-&lt;EID&gt;.der/.pem/.key.pem/.pk8.pem; the manifest lists them,
        /// so <see cref="Load"/> brings them back. Issuing an EID twice returns the existing entry.
        /// </summary>
        public TestPkiEntry IssueEuicc(string eid)
        {
            if (!CertificateChainValidator.IsEid(eid)) throw new ArgumentException("EID must be 32 digits", nameof(eid));
            if (!eid.StartsWith(EidPrefix, StringComparison.Ordinal))
                throw new ArgumentException("EID " + eid + " is outside the EUM's range (prefix " + EidPrefix + ")", nameof(eid));
            lock (_issueLock)
            {
                if (eid == Eid) return Euicc;
                if (_extraEuiccs.TryGetValue(eid, out var existing)) return existing;
                using var eumKey = ECDsa.Create();
                eumKey.ImportFromPem(File.ReadAllText(Eum.KeyPemPath));
                var eumName = X509CertificateLoader.LoadCertificate(Eum.CertificateDer).SubjectName;
                using var key = NewKey();
                var name = Name(Oid.Country, "XX", Oid.Organization, "IotEsim Test EUM", Oid.SerialNumber, eid, Oid.CommonName, "IotEsim Test eUICC");
                var ext = new List<X509Extension>
                {
                    Aki(eumKey), Ski(key),
                    new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true),
                    Policies(RspCertificatePolicy.Euicc),
                };
                var nb = new DateTime(Eum.Certificate.NotBeforeTicks, DateTimeKind.Utc);
                // Serial: unique under the EUM (0x2000 is the first eUICC); the EID's low digits keep it stable per EID.
                long serial = 0x10000 + (long)(ulong.Parse(eid.Substring(16, 14), System.Globalization.CultureInfo.InvariantCulture) % 0x7FFFFFFFFFFFL);
                var entry = Issue(Directory, "euicc-" + eid, RspRole.Euicc, name, key, eumName, eumKey, ext,
                    new DateTimeOffset(nb), new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), serial);
                _extraEuiccs[eid] = entry;
                WriteManifest();
                return entry;
            }
        }

        /// <summary>CI SubjectKeyIdentifier: the euiccCiPKId to put into EUICCInfo and activation codes.</summary>
        public byte[] CiPkId { get { return Ci.Certificate.SubjectKeyIdentifier; } }

        /// <summary>Creates a PKI whose certificates are valid from <paramref name="notBefore"/> (CI 35 years, EUM 34,
        /// SM-DP+/SM-DS/eIM 10, DPtls 2, eUICC until 9999-12-31).</summary>
        public static TestPki Create(string dir, string eid, string[] smdpHostnames, DateTime notBefore)
        {
            if (!CertificateChainValidator.IsEid(eid)) throw new ArgumentException("EID must be 32 digits", nameof(eid));
            if (smdpHostnames == null || smdpHostnames.Length == 0) throw new ArgumentException("at least one SM-DP+ hostname", nameof(smdpHostnames));
            System.IO.Directory.CreateDirectory(dir);
            var nb = new DateTimeOffset(DateTime.SpecifyKind(notBefore, DateTimeKind.Utc));
            var pki = new TestPki { Directory = dir, Eid = eid, EidPrefix = eid.Substring(0, 8), SmdpHostnames = (string[])smdpHostnames.Clone() };
            const string org = "IotEsim Test";

            using var ciKey = NewKey();
            var ciName = Name(Oid.CommonName, "IotEsim Test CI", Oid.OrganizationalUnit, "TESTCERT", Oid.Organization, org, Oid.Country, "XX");
            var ciExt = new List<X509Extension>
            {
                Ski(ciKey),
                new X509BasicConstraintsExtension(true, false, 0, true),
                Policies(RspCertificatePolicy.Ci),
                new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true),
            };
            pki.Ci = Issue(dir, "ci", RspRole.Ci, ciName, ciKey, ciName, ciKey, ciExt, nb, nb.AddYears(35), 1);

            using var eumKey = NewKey();
            var eumName = Name(Oid.Country, "XX", Oid.Organization, "IotEsim Test EUM", Oid.CommonName, "IotEsim Test EUM");
            var eumExt = new List<X509Extension>
            {
                Aki(ciKey), Ski(eumKey),
                new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true),
                Policies(RspCertificatePolicy.Eum),
                new X509BasicConstraintsExtension(true, true, 0, true),
                EidNameConstraints("IotEsim Test EUM", pki.EidPrefix),
            };
            pki.Eum = Issue(dir, "eum", RspRole.Eum, eumName, eumKey, ciName, ciKey, eumExt, nb, nb.AddYears(34), 0x1000);

            using var euiccKey = NewKey();
            var euiccName = Name(Oid.Country, "XX", Oid.Organization, "IotEsim Test EUM", Oid.SerialNumber, eid, Oid.CommonName, "IotEsim Test eUICC");
            var euiccExt = new List<X509Extension>
            {
                Aki(eumKey), Ski(euiccKey),
                new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true),
                Policies(RspCertificatePolicy.Euicc),
            };
            pki.Euicc = Issue(dir, "euicc", RspRole.Euicc, euiccName, euiccKey, eumName, eumKey, euiccExt, nb,
                new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), 0x2000);

            var dpName = Name(Oid.Organization, org, Oid.CommonName, "IotEsim Test SM-DP+");
            pki.DpAuth = IssueEndEntity(dir, "dpauth", RspRole.DpAuth, dpName, ciName, ciKey, RspCertificatePolicy.DpAuth, SmdpRegisteredId, null, nb, nb.AddYears(10), 0x100);
            pki.DpPb = IssueEndEntity(dir, "dppb", RspRole.DpPb, dpName, ciName, ciKey, RspCertificatePolicy.DpPb, SmdpRegisteredId, null, nb, nb.AddYears(10), 0x101);
            pki.DpTls = IssueEndEntity(dir, "dptls", RspRole.DpTls, Name(Oid.Organization, org, Oid.CommonName, smdpHostnames[0]), ciName, ciKey,
                RspCertificatePolicy.DpTls, null, smdpHostnames, nb, nb.AddYears(2), 0x102);
            pki.DsAuth = IssueEndEntity(dir, "dsauth", RspRole.DsAuth, Name(Oid.Organization, org, Oid.CommonName, "IotEsim Test SM-DS"), ciName, ciKey,
                RspCertificatePolicy.DsAuth, SmdsRegisteredId, null, nb, nb.AddYears(10), 0x200);
            // eIM: no GSMA role policy exists in SGP.32 v1.0 (see RspCertificatePolicy); issued by the CI so one trust list covers it.
            pki.Eim = IssueEndEntity(dir, "eim", RspRole.Eim, Name(Oid.Organization, org, Oid.CommonName, "IotEsim Test eIM"), ciName, ciKey,
                null, null, null, nb, nb.AddYears(10), 0x300);

            pki.WriteManifest();
            return pki;
        }

        /// <summary>Reads a PKI written by <see cref="Create"/>.</summary>
        public static TestPki Load(string dir)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, ManifestFile)));
            var root = doc.RootElement;
            var pki = new TestPki
            {
                Directory = dir,
                Eid = root.GetProperty("eid").GetString(),
                EidPrefix = root.GetProperty("eidPrefix").GetString(),
            };
            var hosts = new List<string>();
            foreach (var h in root.GetProperty("smdpHostnames").EnumerateArray()) hosts.Add(h.GetString());
            pki.SmdpHostnames = hosts.ToArray();
            foreach (var e in root.GetProperty("certificates").EnumerateArray())
            {
                var entry = new TestPkiEntry
                {
                    Name = e.GetProperty("name").GetString(),
                    Role = (RspRole)e.GetProperty("roleId").GetInt32(),
                    CertificateDerPath = Path.Combine(dir, e.GetProperty("der").GetString()),
                    CertificatePemPath = Path.Combine(dir, e.GetProperty("pem").GetString()),
                    KeyPemPath = Path.Combine(dir, e.GetProperty("key").GetString()),
                    Pkcs8PemPath = Path.Combine(dir, e.GetProperty("pkcs8").GetString()),
                };
                entry.CertificateDer = File.ReadAllBytes(entry.CertificateDerPath);
                entry.Certificate = X509Certificate.Parse(entry.CertificateDer);
                entry.PrivateKey = EcPrivateKey.FromPem(File.ReadAllText(entry.KeyPemPath));
                pki.Set(entry);
            }
            return pki;
        }

        /// <summary>Validator trusting this PKI's CI.</summary>
        public CertificateChainValidator CreateValidator(ICryptoProvider crypto)
        {
            return new CertificateChainValidator(crypto, new[] { Ci.Certificate });
        }

        /// <summary>The DPtls certificate with its private key, as SslStream/Kestrel take it (round-tripped
        /// through PKCS#12 so the key is usable on every platform).</summary>
        public X509Certificate2 CreateTlsServerCertificate()
        {
            using var withKey = X509Certificate2.CreateFromPem(File.ReadAllText(DpTls.CertificatePemPath), File.ReadAllText(DpTls.Pkcs8PemPath));
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }

        /// <summary>The CI as a BCL certificate (custom trust root for TLS clients).</summary>
        public X509Certificate2 CiCertificate()
        {
            return X509CertificateLoader.LoadCertificate(Ci.CertificateDer);
        }

        private void Set(TestPkiEntry e)
        {
            switch (e.Name)
            {
                case "ci": Ci = e; break;
                case "eum": Eum = e; break;
                case "euicc": Euicc = e; break;
                case "dpauth": DpAuth = e; break;
                case "dppb": DpPb = e; break;
                case "dptls": DpTls = e; break;
                case "dsauth": DsAuth = e; break;
                case "eim": Eim = e; break;
                default:
                    if (e.Name.StartsWith("euicc-", StringComparison.Ordinal)) _extraEuiccs[e.Name.Substring(6)] = e;
                    break;
            }
        }

        private void WriteManifest()
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteNumber("version", 1);
                w.WriteString("eid", Eid);
                w.WriteString("eidPrefix", EidPrefix);
                w.WriteStartArray("smdpHostnames");
                foreach (var h in SmdpHostnames) w.WriteStringValue(h);
                w.WriteEndArray();
                w.WriteString("ciPkId", Hex.Encode(CiPkId));
                w.WriteStartArray("certificates");
                var entries = new List<TestPkiEntry>(All);
                foreach (var kv in _extraEuiccs) entries.Add(kv.Value);
                foreach (var e in entries)
                {
                    w.WriteStartObject();
                    w.WriteString("name", e.Name);
                    w.WriteString("role", RspCertificatePolicy.Name(e.Role));
                    w.WriteNumber("roleId", (int)e.Role);
                    w.WriteString("der", Path.GetFileName(e.CertificateDerPath));
                    w.WriteString("pem", Path.GetFileName(e.CertificatePemPath));
                    w.WriteString("key", Path.GetFileName(e.KeyPemPath));
                    w.WriteString("pkcs8", Path.GetFileName(e.Pkcs8PemPath));
                    w.WriteString("ski", Hex.Encode(e.Certificate.SubjectKeyIdentifier));
                    w.WriteString("subject", e.Certificate.Subject.ToString());
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            File.WriteAllBytes(Path.Combine(Directory, ManifestFile), ms.ToArray());
        }

        private static TestPkiEntry IssueEndEntity(string dir, string name, RspRole role, X500DistinguishedName subject,
            X500DistinguishedName issuerName, ECDsa issuerKey, string policy, string registeredId, string[] dnsNames,
            DateTimeOffset nb, DateTimeOffset na, long serial)
        {
            using var key = NewKey();
            var ext = new List<X509Extension>
            {
                Aki(issuerKey), Ski(key),
                new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true),
            };
            if (policy != null) ext.Add(Policies(policy));
            if (registeredId != null) ext.Add(RegisteredIdSan(registeredId));
            if (dnsNames != null)
            {
                var san = new SubjectAlternativeNameBuilder();
                foreach (var d in dnsNames) san.AddDnsName(d);
                ext.Add(san.Build());
                ext.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new System.Security.Cryptography.Oid(Oid.ServerAuth) }, false));
            }
            return Issue(dir, name, role, subject, key, issuerName, issuerKey, ext, nb, na, serial);
        }

        private static TestPkiEntry Issue(string dir, string name, RspRole role, X500DistinguishedName subject, ECDsa key,
            X500DistinguishedName issuerName, ECDsa issuerKey, List<X509Extension> extensions,
            DateTimeOffset nb, DateTimeOffset na, long serial)
        {
            var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            foreach (var e in extensions) req.CertificateExtensions.Add(e);
            var gen = X509SignatureGenerator.CreateForECDsa(issuerKey);
            // Trim sub-second parts: X.509 times have whole seconds and the BCL rejects nothing, but round trips stay exact.
            nb = new DateTimeOffset(nb.Year, nb.Month, nb.Day, nb.Hour, nb.Minute, nb.Second, TimeSpan.Zero);
            na = new DateTimeOffset(na.Year, na.Month, na.Day, na.Hour, na.Minute, na.Second, TimeSpan.Zero);
            using var cert = req.Create(issuerName, gen, nb, na, Der.EncodeInteger(serial));
            var der = cert.RawData;
            var entry = new TestPkiEntry
            {
                Role = role,
                Name = name,
                CertificateDer = der,
                Certificate = X509Certificate.Parse(der),
                PrivateKey = Scalar(key),
                CertificateDerPath = Path.Combine(dir, name + ".der"),
                CertificatePemPath = Path.Combine(dir, name + ".pem"),
                KeyPemPath = Path.Combine(dir, name + ".key.pem"),
                Pkcs8PemPath = Path.Combine(dir, name + ".pk8.pem"),
            };
            File.WriteAllBytes(entry.CertificateDerPath, der);
            File.WriteAllText(entry.CertificatePemPath, Pem.Encode("CERTIFICATE", der));
            File.WriteAllText(entry.KeyPemPath, key.ExportECPrivateKeyPem() + "\n");
            File.WriteAllText(entry.Pkcs8PemPath, key.ExportPkcs8PrivateKeyPem() + "\n");
            return entry;
        }

        private static ECDsa NewKey() { return ECDsa.Create(ECCurve.NamedCurves.nistP256); }

        private static byte[] Scalar(ECDsa key)
        {
            var d = key.ExportParameters(true).D;
            var r = new byte[32];
            Array.Copy(d, 0, r, 32 - d.Length, d.Length);
            return r;
        }

        private static byte[] Point(ECDsa key)
        {
            var q = key.ExportParameters(false).Q;
            var p = new byte[65];
            p[0] = 4;
            Array.Copy(q.X, 0, p, 1 + 32 - q.X.Length, q.X.Length);
            Array.Copy(q.Y, 0, p, 33 + 32 - q.Y.Length, q.Y.Length);
            return p;
        }

        /// <summary>SKI = SHA-1 of the public key point (RFC 5280 4.2.1.2 method 1, as the SGP.26 certs look).</summary>
        private static byte[] KeyId(ECDsa key) { return SHA1.HashData(Point(key)); }

        private static X509Extension Ski(ECDsa key)
        {
            return new X509Extension(Oid.SubjectKeyIdentifier, Der.Encode(Tags.OctetString, KeyId(key)), false);
        }

        private static X509Extension Aki(ECDsa issuerKey)
        {
            return new X509Extension(Oid.AuthorityKeyIdentifier, Der.Encode(Tags.Sequence, Der.Encode(0x80, KeyId(issuerKey))), false);
        }

        /// <summary>certificatePolicies, critical as in SGP.22 / SGP.26.</summary>
        private static X509Extension Policies(string policy)
        {
            return new X509Extension(Oid.CertificatePolicies, Der.Encode(Tags.Sequence, Der.Encode(Tags.Sequence, Oid.EncodeTlv(policy))), true);
        }

        private static X509Extension RegisteredIdSan(string oid)
        {
            return new X509Extension(Oid.SubjectAltName, Der.Encode(Tags.Sequence, Der.Encode(0x88, Oid.Encode(oid))), false);
        }

        /// <summary>nameConstraints { permittedSubtrees { directoryName { O, serialNumber = EID prefix } } }, critical.</summary>
        private static X509Extension EidNameConstraints(string organization, string eidPrefix)
        {
            var dn = NameDer(Oid.Organization, organization, Oid.SerialNumber, eidPrefix);
            var subtree = Der.Encode(Tags.Sequence, Der.Encode(0xA4, dn));
            return new X509Extension(Oid.NameConstraints, Der.Encode(Tags.Sequence, Der.Encode(0xA0, subtree)), true);
        }

        private static X500DistinguishedName Name(params string[] oidValuePairs)
        {
            return new X500DistinguishedName(NameDer(oidValuePairs));
        }

        /// <summary>DER Name, one attribute per RDN; C and serialNumber as PrintableString (X.520), the rest UTF8String.</summary>
        private static byte[] NameDer(params string[] oidValuePairs)
        {
            var w = new TlvWriter();
            w.Begin(Tags.Sequence);
            for (int i = 0; i < oidValuePairs.Length; i += 2)
            {
                string oid = oidValuePairs[i];
                int type = oid == Oid.Country || oid == Oid.SerialNumber ? Tags.PrintableString : Tags.Utf8String;
                w.Begin(Tags.Set).Begin(Tags.Sequence);
                w.WriteRaw(Oid.EncodeTlv(oid));
                w.Write(type, System.Text.Encoding.UTF8.GetBytes(oidValuePairs[i + 1]));
                w.End().End();
            }
            w.End();
            return w.ToArray();
        }
    }
}
