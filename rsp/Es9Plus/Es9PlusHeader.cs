using System;
using IotEsim.Rsp.Json;

namespace IotEsim.Rsp.Es9Plus
{
    /// <summary>functionExecutionStatus.status values (SGP.22 §6.5.1.4).</summary>
    public static class ExecutionStatus
    {
        public const string ExecutedSuccess = "Executed-Success";
        public const string ExecutedWithWarning = "Executed-WithWarning";
        public const string Failed = "Failed";
        public const string Expired = "Expired";

        public static bool IsKnown(string s)
        {
            return s == ExecutedSuccess || s == ExecutedWithWarning || s == Failed || s == Expired;
        }

        /// <summary>The function was executed (possibly with a warning): the body fields are present.</summary>
        public static bool IsExecuted(string s)
        {
            return s == ExecutedSuccess || s == ExecutedWithWarning;
        }
    }

    /// <summary>statusCodeData: {subjectCode, reasonCode, subjectIdentifier?, message?}.</summary>
    public sealed class StatusCodeData
    {
        public StatusCodeData(string subjectCode, string reasonCode, string subjectIdentifier, string message)
        {
            if (subjectCode == null) throw new ArgumentNullException("subjectCode");
            if (reasonCode == null) throw new ArgumentNullException("reasonCode");
            SubjectCode = subjectCode;
            ReasonCode = reasonCode;
            SubjectIdentifier = subjectIdentifier;
            Message = message;
        }

        public StatusCodeData(Es9StatusCode code) : this(code.SubjectCode, code.ReasonCode, null, code.Text) { }

        public string SubjectCode { get; private set; }
        public string ReasonCode { get; private set; }
        public string SubjectIdentifier { get; private set; }
        public string Message { get; private set; }

        public bool Is(Es9StatusCode code) { return code.Matches(SubjectCode, ReasonCode); }

        /// <summary>"8.8.1/3.8 SM-DP+ Address - Refused: &lt;message&gt;".</summary>
        public string Describe()
        {
            string d = SubjectCode + "/" + ReasonCode + " " + Es9StatusCodes.Describe(SubjectCode, ReasonCode);
            if (SubjectIdentifier != null) d += " [" + SubjectIdentifier + "]";
            if (Message != null && Message.Length > 0) d += ": " + Message;
            return d;
        }

        internal void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("subjectCode", SubjectCode);
            w.WriteString("reasonCode", ReasonCode);
            if (SubjectIdentifier != null) w.WriteString("subjectIdentifier", SubjectIdentifier);
            if (Message != null) w.WriteString("message", Message);
            w.WriteEndObject();
        }

        internal static StatusCodeData FromJson(JsonObject o)
        {
            return new StatusCodeData(o.RequireString("subjectCode"), o.RequireString("reasonCode"),
                o.GetString("subjectIdentifier"), o.GetString("message"));
        }
    }

    /// <summary>Response header: {functionExecutionStatus {status, statusCodeData?}}.</summary>
    public sealed class ResponseHeader
    {
        public ResponseHeader(string status, StatusCodeData statusCodeData)
        {
            if (status == null) throw new ArgumentNullException("status");
            Status = status;
            StatusCodeData = statusCodeData;
        }

        public static ResponseHeader Success() { return new ResponseHeader(ExecutionStatus.ExecutedSuccess, null); }

        public static ResponseHeader Failure(Es9StatusCode code, string message)
        {
            return new ResponseHeader(ExecutionStatus.Failed, new StatusCodeData(code.SubjectCode, code.ReasonCode, null, message != null ? message : code.Text));
        }

        public string Status { get; private set; }
        /// <summary>Null on plain success.</summary>
        public StatusCodeData StatusCodeData { get; private set; }

        public bool IsExecuted { get { return ExecutionStatus.IsExecuted(Status); } }

        public void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            w.WritePropertyName("functionExecutionStatus");
            w.WriteStartObject();
            w.WriteString("status", Status);
            if (StatusCodeData != null)
            {
                w.WritePropertyName("statusCodeData");
                StatusCodeData.WriteTo(w);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }

        public static ResponseHeader FromJson(JsonObject header)
        {
            var fes = header.GetObject("functionExecutionStatus");
            if (fes == null) throw new JsonException(JsonError.MissingProperty, "header.functionExecutionStatus", "required member missing");
            string status = fes.GetString("status");
            if (status == null) throw new JsonException(JsonError.MissingProperty, "header.functionExecutionStatus.status", "required member missing");
            if (!ExecutionStatus.IsKnown(status)) throw new JsonException(JsonError.InvalidValue, "header.functionExecutionStatus.status", "unknown status '" + status + "'");
            var scd = fes.GetObject("statusCodeData");
            return new ResponseHeader(status, scd == null ? null : StatusCodeData.FromJson(scd));
        }

        public string Describe()
        {
            return StatusCodeData == null ? Status : Status + " " + StatusCodeData.Describe();
        }
    }

    /// <summary>Optional request header {functionRequesterIdentifier, functionCallIdentifier}
    /// (SGP.22 §6.5.1.3). LPAs (lpac) omit it; onomondo-eim, calling ES9+ as an eIM, sends it.</summary>
    public sealed class RequestHeader
    {
        public RequestHeader(string functionRequesterIdentifier, string functionCallIdentifier)
        {
            FunctionRequesterIdentifier = functionRequesterIdentifier;
            FunctionCallIdentifier = functionCallIdentifier;
        }

        public string FunctionRequesterIdentifier { get; private set; }
        public string FunctionCallIdentifier { get; private set; }

        public void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            if (FunctionRequesterIdentifier != null) w.WriteString("functionRequesterIdentifier", FunctionRequesterIdentifier);
            if (FunctionCallIdentifier != null) w.WriteString("functionCallIdentifier", FunctionCallIdentifier);
            w.WriteEndObject();
        }

        public static RequestHeader FromJson(JsonObject o)
        {
            if (o == null) return null;
            return new RequestHeader(o.GetString("functionRequesterIdentifier"), o.GetString("functionCallIdentifier"));
        }
    }
}
