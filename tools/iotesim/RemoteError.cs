using System;
using System.Text.Json;
using IotEsim.Ipa.Download;
using IotEsim.Ipa.Es10;
using IotEsim.Ipa.Es9Plus;
using IotEsim.Ipa.Http;
using IotEsim.Rsp.Apdu;

namespace IotEsim.Cli
{
    /// <summary>
    /// Maps IPA failures to exit codes and to the JSON error data: a server refusal keeps the
    /// SGP.22 subjectCode/reasonCode (or the ESipa error code) and the function that failed, so
    /// scripts can branch on "8.2.6"/"3.8" and people read the text Es9StatusCodes gives it.
    /// </summary>
    internal static class RemoteError
    {
        /// <summary>The first Es9PlusException (ES9+, ES11, ESipa) in the cause chain, or null.</summary>
        public static Es9PlusException Find(Exception e)
        {
            for (var x = e; x != null; x = x.InnerException)
                if (x is Es9PlusException r) return r;
            return null;
        }

        public static int ExitCode(Exception e)
        {
            var r = Find(e);
            if (r != null)
            {
                switch (r.Kind)
                {
                    case RemoteErrorKind.FunctionFailed: return ExitCodes.ServerRefused;
                    case RemoteErrorKind.Malformed: return ExitCodes.Malformed;
                    default: return ExitCodes.Network;
                }
            }
            for (var x = e; x != null; x = x.InnerException)
            {
                if (x is HttpTransportException) return ExitCodes.Network;
                if (x is IotEsim.Rsp.Asn1.DerException || x is IotEsim.Rsp.Json.JsonException) return ExitCodes.Malformed;
                if (x is Es10Exception || x is ApduTransportException) return ExitCodes.Euicc;
            }
            return ExitCodes.Euicc;
        }

        public static Action<Utf8JsonWriter> Writer(Es9PlusException r)
        {
            return w =>
            {
                w.WriteStartObject();
                w.WriteString("function", r.Function);
                w.WriteString("kind", RemoteErrorKind.Name(r.Kind));
                if (r.SubjectCode != null) w.WriteString("subjectCode", r.SubjectCode);
                if (r.ReasonCode != null) w.WriteString("reasonCode", r.ReasonCode);
                if (r is EsipaException ee && ee.ErrorCode >= 0) w.WriteNumber("esipaErrorCode", ee.ErrorCode);
                if (r.HttpStatusCode != 0) w.WriteNumber("httpStatus", r.HttpStatusCode);
                w.WriteEndObject();
            };
        }

        public static int Fail(CliContext ctx, Exception e)
        {
            int exit = ExitCode(e);
            var r = Find(e);
            string msg = e.Message;
            if (r != null && r.SubjectCode != null && msg.IndexOf(r.SubjectCode, StringComparison.Ordinal) < 0)
                msg += " (subjectCode " + r.SubjectCode + ", reasonCode " + r.ReasonCode + ")";
            return ctx.Fail(exit, exit, msg, r == null ? null : Writer(r));
        }
    }
}
