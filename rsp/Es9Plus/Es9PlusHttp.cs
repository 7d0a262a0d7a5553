namespace IotEsim.Rsp.Es9Plus
{
    /// <summary>ES9+ HTTP binding constants (SGP.22 §6.1/§6.5, JSON binding; digest section 2).
    /// Every function is a POST of a JSON body to <c>/gsma/rsp2/es9plus/&lt;function&gt;</c>.</summary>
    public static class Es9PlusHttp
    {
        public const string PathPrefix = "/gsma/rsp2/es9plus/";

        public const string InitiateAuthentication = "initiateAuthentication";
        public const string AuthenticateClient = "authenticateClient";
        public const string GetBoundProfilePackage = "getBoundProfilePackage";
        public const string HandleNotification = "handleNotification";
        public const string CancelSession = "cancelSession";

        public const string UserAgentHeader = "User-Agent";
        public const string AdminProtocolHeader = "X-Admin-Protocol";
        public const string ContentTypeHeader = "Content-Type";

        /// <summary>What an LPA sends (lpac euicc/es9p.c).</summary>
        public const string UserAgent = "gsma-rsp-lpad";
        /// <summary>Sent by LPAs; servers typically accept any <see cref="AdminProtocolPrefix"/> value
        /// (osmo-smdpp answers gsma/rsp/v2.1.0).</summary>
        public const string AdminProtocol = "gsma/rsp/v2.2.2";
        public const string AdminProtocolPrefix = "gsma/rsp/v";
        public const string ContentType = "application/json";
        /// <summary>What SM-DP+ servers answer with (osmo-smdpp).</summary>
        public const string ContentTypeUtf8 = "application/json;charset=UTF-8";

        /// <summary>HTTP status of a successful HandleNotification (empty body).</summary>
        public const int HandleNotificationStatus = 204;

        public static string Path(string function) { return PathPrefix + function; }

        /// <summary>Full URL for an SM-DP+ address (FQDN, optionally with :port) and a function.</summary>
        public static string Url(string smdpAddress, string function)
        {
            return "https://" + smdpAddress + Path(function);
        }

        /// <summary>The header names and values an ES9+ client sends, in order.</summary>
        public static string[] RequestHeaderNames()
        {
            return new string[] { UserAgentHeader, AdminProtocolHeader, ContentTypeHeader };
        }

        public static string[] RequestHeaderValues()
        {
            return new string[] { UserAgent, AdminProtocol, ContentType };
        }

        /// <summary>True for <c>application/json</c> with or without parameters (e.g.
        /// <c>;charset=UTF-8</c>, any case, optional spaces); a charset other than UTF-8 is refused.</summary>
        public static bool IsJsonContentType(string value)
        {
            if (value == null) return false;
            string v = value.Trim().ToLower();
            int semi = v.IndexOf(';');
            string media = semi < 0 ? v : v.Substring(0, semi).Trim();
            if (media != ContentType) return false;
            if (semi < 0) return true;
            string[] parms = v.Substring(semi + 1).Split(new char[] { ';' });
            for (int i = 0; i < parms.Length; i++)
            {
                string p = parms[i].Trim();
                if (p.Length == 0) continue;
                int eq = p.IndexOf('=');
                if (eq < 0) return false;
                string key = p.Substring(0, eq).Trim();
                string val = p.Substring(eq + 1).Trim();
                if (val.Length >= 2 && val[0] == '"' && val[val.Length - 1] == '"') val = val.Substring(1, val.Length - 2);
                if (key == "charset" && val != "utf-8" && val != "utf8") return false;
            }
            return true;
        }

        /// <summary>True for an X-Admin-Protocol value of the gsma/rsp/v family.</summary>
        public static bool IsAdminProtocol(string value)
        {
            return value != null && value.Trim().StartsWith(AdminProtocolPrefix) && value.Trim().Length > AdminProtocolPrefix.Length;
        }
    }
}
