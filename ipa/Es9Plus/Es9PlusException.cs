using System;

namespace IotEsim.Ipa.Es9Plus
{
    /// <summary>What went wrong with an ES9+/ES11/ESipa call, for retry decisions.</summary>
    public static class RemoteErrorKind
    {
        /// <summary>The server executed the function and answered Failed/Expired with statusCodeData.</summary>
        public const int FunctionFailed = 1;
        /// <summary>An HTTP status other than the expected one.</summary>
        public const int HttpStatus = 2;
        /// <summary>The body could not be parsed (bad JSON, base64 or DER, missing members).</summary>
        public const int Malformed = 3;
        /// <summary>No answer: connection, TLS, timeout.</summary>
        public const int Transport = 4;

        public static string Name(int kind)
        {
            switch (kind)
            {
                case FunctionFailed: return "function-failed";
                case HttpStatus: return "http-status";
                case Malformed: return "malformed";
                case Transport: return "transport";
                default: return "?";
            }
        }
    }

    /// <summary>
    /// An RSP server call (ES9+, ES11, ESipa) did not succeed. For a Failed function execution the
    /// exception carries the SGP.22 subjectCode/reasonCode (e.g. 8.2.6 / 3.8) and the readable text.
    /// </summary>
    public class Es9PlusException : Exception
    {
        public Es9PlusException(string function, int kind, string subjectCode, string reasonCode, int httpStatus, string message, Exception inner)
            : base(function + ": " + message, inner)
        {
            Function = function;
            Kind = kind;
            SubjectCode = subjectCode;
            ReasonCode = reasonCode;
            HttpStatusCode = httpStatus;
        }

        public string Function { get; private set; }
        public int Kind { get; private set; }
        /// <summary>statusCodeData.subjectCode, or null.</summary>
        public string SubjectCode { get; private set; }
        /// <summary>statusCodeData.reasonCode, or null.</summary>
        public string ReasonCode { get; private set; }
        /// <summary>HTTP status, 0 when no response arrived.</summary>
        public int HttpStatusCode { get; private set; }

        /// <summary>Worth trying again later (network trouble, overloaded server); a refusal by the server is not.</summary>
        public bool IsTransient
        {
            get
            {
                if (Kind == RemoteErrorKind.Transport) return true;
                if (Kind == RemoteErrorKind.HttpStatus) return HttpStatusCode == 408 || HttpStatusCode == 429 || HttpStatusCode >= 500;
                return false;
            }
        }
    }

    /// <summary>The eIM refused an ESipa function (an error alternative of the ASN.1 response).</summary>
    public class EsipaException : Es9PlusException
    {
        public EsipaException(string function, int kind, int errorCode, int httpStatus, string message, Exception inner)
            : base(function, kind, null, null, httpStatus, message, inner)
        {
            ErrorCode = errorCode;
        }

        /// <summary>The ESipa error code (e.g. InitiateAuthenticationErrorEsipa), -1 when none.</summary>
        public int ErrorCode { get; private set; }
    }
}
