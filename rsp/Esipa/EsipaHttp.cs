namespace IotEsim.Rsp.Esipa
{
    /// <summary>ESipa HTTP binding constants (SGP.32 §6.1 / §6.4; docs digest 9.7).</summary>
    public static class EsipaHttp
    {
        /// <summary>ASN.1 binding: every function goes to this one path.</summary>
        public const string Asn1Path = "/gsma/rsp2/asn1";
        public const string Asn1ContentType = "application/x-gsma-rsp-asn1";
        /// <summary>The SGP.22 protocol value is reused (not an SGP.32 version); IPAs ignore the eIM's value.</summary>
        public const string AdminProtocolHeader = "X-Admin-Protocol";
        public const string AdminProtocol = "gsma/rsp/v2.1.0";
        public const string UserAgentIpad = "gsma-rsp-ipad";
        public const string UserAgentIpae = "gsma-rsp-ipae";

        /// <summary>JSON binding (§6.4.1): <c>/gsma/rsp2/esipa/&lt;function&gt;</c>.</summary>
        public const string JsonPathPrefix = "/gsma/rsp2/esipa/";
        public const string JsonContentType = "application/json;charset=UTF-8";
        public const string InitiateAuthentication = "initiateAuthentication";
        public const string AuthenticateClient = "authenticateClient";
        public const string GetBoundProfilePackage = "getBoundProfilePackage";
        public const string TransferEimPackage = "transferEimPackage";
        public const string GetEimPackage = "getEimPackage";
        public const string ProvideEimPackageResult = "provideEimPackageResult";
        public const string HandleNotification = "handleNotification";
        public const string CancelSession = "cancelSession";

        public static string JsonPath(string function) { return JsonPathPrefix + function; }
    }
}
