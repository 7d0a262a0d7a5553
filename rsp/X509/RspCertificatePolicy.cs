namespace IotEsim.Rsp.X509
{
    /// <summary>The certificate roles of the GSMA RSP PKI (SGP.22 4.5.2, SGP.32).</summary>
    public enum RspRole
    {
        Ci = 0,
        Euicc = 1,
        Eum = 2,
        DpTls = 3,
        DpAuth = 4,
        DpPb = 5,
        DsTls = 6,
        DsAuth = 7,
        /// <summary>SGP.32 eIM signing certificate: no GSMA role policy is required (see <see cref="RspCertificatePolicy"/>).</summary>
        Eim = 8,
    }

    /// <summary>
    /// certificatePolicies OIDs that mark each role. Arc id-rspRole = 2.23.146.1.2.1.
    ///
    /// Sources: SGP.22 v2.x RSPDefinitions (id-rspRole-ci {id-rspRole 0} ... ds-auth {id-rspRole 7}),
    /// the same values in pySim x509_cert.py and the SGP.26 NIST test certificates in
    /// ../shared/testdata (CI .0, eUICC .1, EUM .2, DPauth .4, DPpb .5). SGP.22 v3 ("variant O")
    /// renames those the "-v2" OIDs and adds new ones for variants A/B/C below id-rspRole-ci:
    /// eUICC 0.0.0.0.0, EUM 0.0.0, DP-TLS 0.0.1.0, DPauth 0.0.1.1, DPpb 0.0.1.2, DS-TLS 0.0.2.0,
    /// DSauth 0.0.2.1 (the C509 certificate-policy registry lists the same; pySim's osmo-smdpp
    /// tells an EUM variant apart by 2.23.146.1.2.1.2 vs 2.23.146.1.2.1.0.0.0). Both sets are
    /// accepted per role.
    ///
    /// eIM: SGP.32 v1.0 does not define a GSMA role policy for the eIM; the eIM key is provisioned
    /// through EimConfigurationData, and the onomondo-eim sample certificate is self-signed without
    /// one. Decision: the validator requires no role policy for <see cref="RspRole.Eim"/>, and the
    /// test PKI issues the eIM certificate from the CI without a role policy.
    /// </summary>
    public static class RspCertificatePolicy
    {
        public const string RoleArc = "2.23.146.1.2.1";
        public const string Ci = "2.23.146.1.2.1.0";
        public const string Euicc = "2.23.146.1.2.1.1";
        public const string Eum = "2.23.146.1.2.1.2";
        public const string DpTls = "2.23.146.1.2.1.3";
        public const string DpAuth = "2.23.146.1.2.1.4";
        public const string DpPb = "2.23.146.1.2.1.5";
        public const string DsTls = "2.23.146.1.2.1.6";
        public const string DsAuth = "2.23.146.1.2.1.7";

        public const string EuiccV3 = "2.23.146.1.2.1.0.0.0.0.0";
        public const string EumV3 = "2.23.146.1.2.1.0.0.0";
        public const string DpTlsV3 = "2.23.146.1.2.1.0.0.1.0";
        public const string DpAuthV3 = "2.23.146.1.2.1.0.0.1.1";
        public const string DpPbV3 = "2.23.146.1.2.1.0.0.1.2";
        public const string DsTlsV3 = "2.23.146.1.2.1.0.0.2.0";
        public const string DsAuthV3 = "2.23.146.1.2.1.0.0.2.1";

        /// <summary>The SGP.22 v2 policy OID a certificate of <paramref name="role"/> carries (what the test PKI issues); null for the eIM.</summary>
        public static string For(RspRole role)
        {
            switch (role)
            {
                case RspRole.Ci: return Ci;
                case RspRole.Euicc: return Euicc;
                case RspRole.Eum: return Eum;
                case RspRole.DpTls: return DpTls;
                case RspRole.DpAuth: return DpAuth;
                case RspRole.DpPb: return DpPb;
                case RspRole.DsTls: return DsTls;
                case RspRole.DsAuth: return DsAuth;
                default: return null;
            }
        }

        /// <summary>The SGP.22 v3 variant A/B/C OID of <paramref name="role"/>, or null.</summary>
        public static string ForV3(RspRole role)
        {
            switch (role)
            {
                case RspRole.Euicc: return EuiccV3;
                case RspRole.Eum: return EumV3;
                case RspRole.DpTls: return DpTlsV3;
                case RspRole.DpAuth: return DpAuthV3;
                case RspRole.DpPb: return DpPbV3;
                case RspRole.DsTls: return DsTlsV3;
                case RspRole.DsAuth: return DsAuthV3;
                default: return null;
            }
        }

        /// <summary>True when <paramref name="cert"/> carries a policy of <paramref name="role"/> (always for the eIM).</summary>
        public static bool Matches(X509Certificate cert, RspRole role)
        {
            string v2 = For(role);
            if (v2 == null) return true;
            if (cert.HasPolicy(v2)) return true;
            string v3 = ForV3(role);
            return v3 != null && cert.HasPolicy(v3);
        }

        /// <summary>Role name for traces (Enum.ToString is a number on nanoFramework).</summary>
        public static string Name(RspRole role)
        {
            switch (role)
            {
                case RspRole.Ci: return "CI";
                case RspRole.Euicc: return "eUICC";
                case RspRole.Eum: return "EUM";
                case RspRole.DpTls: return "DPtls";
                case RspRole.DpAuth: return "DPauth";
                case RspRole.DpPb: return "DPpb";
                case RspRole.DsTls: return "DStls";
                case RspRole.DsAuth: return "DSauth";
                case RspRole.Eim: return "eIM";
                default: return "role?";
            }
        }
    }
}
