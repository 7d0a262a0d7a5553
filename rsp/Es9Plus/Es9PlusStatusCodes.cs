namespace IotEsim.Rsp.Es9Plus
{
    /// <summary>One subject/reason code pair with a readable text.</summary>
    public sealed class Es9StatusCode
    {
        public Es9StatusCode(string subjectCode, string reasonCode, string text)
        {
            SubjectCode = subjectCode;
            ReasonCode = reasonCode;
            Text = text;
        }

        public string SubjectCode { get; private set; }
        public string ReasonCode { get; private set; }
        public string Text { get; private set; }

        public bool Matches(string subject, string reason) { return subject == SubjectCode && reason == ReasonCode; }

        public override string ToString() { return SubjectCode + "/" + ReasonCode + " " + Text; }
    }

    /// <summary>
    /// ES9+/ES11 status codes (SGP.22 §6.5.2 subject codes, reason codes). Pairs marked "osmo-smdpp"
    /// are raised with exactly these codes by osmocom pySim's osmo-smdpp.py (597f1e0 and later); the
    /// rest are the pairs listed in the project digest (section 2) and the common SGP.22 pairs
    /// whose texts are taken from the subject/reason name tables below. Names marked [unconfirmed]
    /// could not be checked against the spec text; they only affect the readable description.
    /// </summary>
    public static class Es9StatusCodes
    {
        // --- eUICC ---
        /// <summary>8.1/6.1 eUICC - Verification failed (bad euiccSignature1/2, challenge mismatch; osmo-smdpp).</summary>
        public static readonly Es9StatusCode EuiccVerificationFailed = new Es9StatusCode("8.1", "6.1", "eUICC - Verification failed");
        /// <summary>8.1/3.8 eUICC - Refused.</summary>
        public static readonly Es9StatusCode EuiccRefused = new Es9StatusCode("8.1", "3.8", "eUICC - Refused");
        /// <summary>8.1.1/3.8 EID - Refused (EID does not match the one of the order).</summary>
        public static readonly Es9StatusCode EidRefused = new Es9StatusCode("8.1.1", "3.8", "EID - Refused");
        /// <summary>8.1.2/6.1 EUM Certificate - Verification failed.</summary>
        public static readonly Es9StatusCode EumCertificateVerificationFailed = new Es9StatusCode("8.1.2", "6.1", "EUM Certificate - Verification failed");
        /// <summary>8.1.2/6.3 EUM Certificate - Expired.</summary>
        public static readonly Es9StatusCode EumCertificateExpired = new Es9StatusCode("8.1.2", "6.3", "EUM Certificate - Expired");
        /// <summary>8.1.3/6.1 eUICC Certificate - Verification failed (osmo-smdpp).</summary>
        public static readonly Es9StatusCode EuiccCertificateVerificationFailed = new Es9StatusCode("8.1.3", "6.1", "eUICC Certificate - Verification failed");
        /// <summary>8.1.3/6.3 eUICC Certificate - Expired.</summary>
        public static readonly Es9StatusCode EuiccCertificateExpired = new Es9StatusCode("8.1.3", "6.3", "eUICC Certificate - Expired");

        // --- Profile ---
        /// <summary>8.2/1.2 Profile - Not allowed (Authorisation).</summary>
        public static readonly Es9StatusCode ProfileNotAllowed = new Es9StatusCode("8.2", "1.2", "Profile - Not allowed (Authorisation)");
        /// <summary>8.2.5/4.3 Profile Type - Stopped on warning.</summary>
        public static readonly Es9StatusCode ProfileTypeStoppedOnWarning = new Es9StatusCode("8.2.5", "4.3", "Profile Type - Stopped on warning");
        /// <summary>8.2.6/3.8 Matching ID - Refused (unknown or mismatching MatchingID; osmo-smdpp).</summary>
        public static readonly Es9StatusCode MatchingIdRefused = new Es9StatusCode("8.2.6", "3.8", "Matching ID - Refused");
        /// <summary>8.2.7/2.2 Confirmation Code - Mandatory element missing.</summary>
        public static readonly Es9StatusCode ConfirmationCodeMissing = new Es9StatusCode("8.2.7", "2.2", "Confirmation Code - Mandatory element missing");
        /// <summary>8.2.7/3.8 Confirmation Code - Refused (hashCc mismatch).</summary>
        public static readonly Es9StatusCode ConfirmationCodeRefused = new Es9StatusCode("8.2.7", "3.8", "Confirmation Code - Refused");
        /// <summary>8.2.7/6.4 Confirmation Code - Maximum number of retries exceeded.</summary>
        public static readonly Es9StatusCode ConfirmationCodeRetriesExceeded = new Es9StatusCode("8.2.7", "6.4", "Confirmation Code - Maximum number of retries exceeded");
        /// <summary>8.2.10/4.2 (subject name [unconfirmed]) - Execution error.</summary>
        public static readonly Es9StatusCode ProfileOperationExecutionError = new Es9StatusCode("8.2.10", "4.2", "Profile operation - Execution error");

        // --- SM-DP+ ---
        /// <summary>8.8/3.10 SM-DP+ - Invalid association (e.g. smdpOid in CancelSession does not match; osmo-smdpp).</summary>
        public static readonly Es9StatusCode SmdpInvalidAssociation = new Es9StatusCode("8.8", "3.10", "SM-DP+ - Invalid association");
        /// <summary>8.8.1/3.8 SM-DP+ Address - Refused (osmo-smdpp: "Invalid SM-DP+ Address").</summary>
        public static readonly Es9StatusCode SmdpAddressRefused = new Es9StatusCode("8.8.1", "3.8", "SM-DP+ Address - Refused");
        /// <summary>8.8.2/3.1 Security configuration - Not supported (no supported CI PKID; osmo-smdpp).</summary>
        public static readonly Es9StatusCode SecurityConfigurationNotSupported = new Es9StatusCode("8.8.2", "3.1", "Security configuration - Not supported");
        /// <summary>8.8.3/3.1 Specification version number - Not supported.</summary>
        public static readonly Es9StatusCode SpecificationVersionNotSupported = new Es9StatusCode("8.8.3", "3.1", "Specification version number - Not supported");
        /// <summary>8.8.4/3.7 SM-DP+ Certificate - Unavailable (no CERT.DPauth chaining to a CI the eUICC supports; osmo-smdpp).</summary>
        public static readonly Es9StatusCode SmdpCertificateUnavailable = new Es9StatusCode("8.8.4", "3.7", "SM-DP+ Certificate - Unavailable");
        /// <summary>8.8.5/4.1 Download order - expired (digest section 2; the spec text may number the
        /// reason 4.10 "Time to Live Expired" [unconfirmed]; both are described).</summary>
        public static readonly Es9StatusCode DownloadOrderExpired = new Es9StatusCode("8.8.5", "4.1", "Download order - Time to live expired");
        /// <summary>8.8.5/4.10 Download order - Time to live expired.</summary>
        public static readonly Es9StatusCode DownloadOrderTtlExpired = new Es9StatusCode("8.8.5", "4.10", "Download order - Time to live expired");
        /// <summary>8.8.5/6.4 Download order - Maximum number of retries exceeded.</summary>
        public static readonly Es9StatusCode DownloadOrderRetriesExceeded = new Es9StatusCode("8.8.5", "6.4", "Download order - Maximum number of retries exceeded");

        // --- SM-DS, session, CI ---
        /// <summary>8.9/4.2 SM-DS - Execution error.</summary>
        public static readonly Es9StatusCode SmdsExecutionError = new Es9StatusCode("8.9", "4.2", "SM-DS - Execution error");
        /// <summary>8.9/5.1 SM-DS - Inaccessible.</summary>
        public static readonly Es9StatusCode SmdsInaccessible = new Es9StatusCode("8.9", "5.1", "SM-DS - Inaccessible");
        /// <summary>8.10.1/3.9 TransactionId - Unknown (osmo-smdpp).</summary>
        public static readonly Es9StatusCode TransactionIdUnknown = new Es9StatusCode("8.10.1", "3.9", "TransactionId - Unknown");
        /// <summary>8.11.1/3.9 CI Public Key - Unknown (osmo-smdpp).</summary>
        public static readonly Es9StatusCode CiPublicKeyUnknown = new Es9StatusCode("8.11.1", "3.9", "CI Public Key - Unknown");

        // --- Generic ---
        /// <summary>1.2/2.1 Function (subject name [unconfirmed]) - Invalid: malformed request, e.g. bad JSON or base64.</summary>
        public static readonly Es9StatusCode FunctionInvalid = new Es9StatusCode("1.2", "2.1", "Function - Invalid");
        /// <summary>1.2/2.2 Function - Mandatory element missing.</summary>
        public static readonly Es9StatusCode FunctionMandatoryElementMissing = new Es9StatusCode("1.2", "2.2", "Function - Mandatory element missing");

        private static Es9StatusCode[] _all;

        /// <summary>Every constant above.</summary>
        public static Es9StatusCode[] All
        {
            get
            {
                if (_all == null)
                {
                    _all = new Es9StatusCode[]
                    {
                        EuiccVerificationFailed, EuiccRefused, EidRefused, EumCertificateVerificationFailed, EumCertificateExpired,
                        EuiccCertificateVerificationFailed, EuiccCertificateExpired, ProfileNotAllowed, ProfileTypeStoppedOnWarning,
                        MatchingIdRefused, ConfirmationCodeMissing, ConfirmationCodeRefused, ConfirmationCodeRetriesExceeded,
                        ProfileOperationExecutionError, SmdpInvalidAssociation, SmdpAddressRefused, SecurityConfigurationNotSupported,
                        SpecificationVersionNotSupported, SmdpCertificateUnavailable, DownloadOrderExpired, DownloadOrderTtlExpired,
                        DownloadOrderRetriesExceeded, SmdsExecutionError, SmdsInaccessible, TransactionIdUnknown, CiPublicKeyUnknown,
                        FunctionInvalid, FunctionMandatoryElementMissing,
                    };
                }
                return _all;
            }
        }

        /// <summary>The known constant for a pair, or null.</summary>
        public static Es9StatusCode Find(string subjectCode, string reasonCode)
        {
            var all = All;
            for (int i = 0; i < all.Length; i++)
                if (all[i].Matches(subjectCode, reasonCode)) return all[i];
            return null;
        }

        /// <summary>Readable text for any pair: the known constant's text, else "subject - reason"
        /// from the name tables, else the raw codes.</summary>
        public static string Describe(string subjectCode, string reasonCode)
        {
            var k = Find(subjectCode, reasonCode);
            if (k != null) return k.Text;
            string s = SubjectName(subjectCode);
            string r = ReasonName(reasonCode);
            return (s != null ? s : "subject " + subjectCode) + " - " + (r != null ? r : "reason " + reasonCode);
        }

        /// <summary>Subject code names (SGP.22 §6.5.2.x), null when unknown.</summary>
        public static string SubjectName(string subjectCode)
        {
            switch (subjectCode)
            {
                case "1.2": return "Function"; // [unconfirmed]
                case "8.1": return "eUICC";
                case "8.1.1": return "EID";
                case "8.1.2": return "EUM Certificate";
                case "8.1.3": return "eUICC Certificate";
                case "8.2": return "Profile";
                case "8.2.1": return "Profile ICCID";
                case "8.2.5": return "Profile Type";
                case "8.2.6": return "Matching ID";
                case "8.2.7": return "Confirmation Code";
                case "8.8": return "SM-DP+";
                case "8.8.1": return "SM-DP+ Address";
                case "8.8.2": return "Security configuration";
                case "8.8.3": return "Specification version number";
                case "8.8.4": return "SM-DP+ Certificate";
                case "8.8.5": return "Download order";
                case "8.9": return "SM-DS";
                case "8.10.1": return "TransactionId";
                case "8.11.1": return "CI Public Key";
                default: return null;
            }
        }

        /// <summary>Reason code names (SGP.22 §6.5.2.x), null when unknown.</summary>
        public static string ReasonName(string reasonCode)
        {
            switch (reasonCode)
            {
                case "1.2": return "Not allowed (Authorisation)";
                case "2.1": return "Invalid";
                case "2.2": return "Mandatory element missing";
                case "3.1": return "Not supported";
                case "3.3": return "Already in use";
                case "3.7": return "Unavailable";
                case "3.8": return "Refused";
                case "3.9": return "Unknown";
                case "3.10": return "Invalid association";
                case "4.1": return "Time to live expired"; // per digest for 8.8.5 [unconfirmed]
                case "4.2": return "Execution error";
                case "4.3": return "Stopped on warning";
                case "4.10": return "Time to live expired";
                case "5.1": return "Inaccessible";
                case "6.1": return "Verification failed";
                case "6.3": return "Expired";
                case "6.4": return "Maximum number of retries exceeded";
                default: return null;
            }
        }
    }
}
