using System;
using System.IO;
using IotEsim.Rsp.Json;

namespace IotEsim.Rsp.Es9Plus
{
    /// <summary>ES9+.HandleNotification request (SGP.22 §5.6.4): {pendingNotification (BF37
    /// ProfileInstallationResult or 30 OtherSignedNotification)}. The SM-DP+ answers HTTP 204 with
    /// an empty body (<see cref="Es9PlusHttp.HandleNotificationStatus"/>).</summary>
    public sealed class HandleNotificationRequest : Es9Message
    {
        public HandleNotificationRequest(byte[] pendingNotification)
        {
            if (pendingNotification == null) throw new ArgumentNullException("pendingNotification");
            PendingNotification = pendingNotification;
        }

        public RequestHeader Header { get; set; }
        public byte[] PendingNotification { get; private set; }

        public override void WriteTo(JsonWriter w)
        {
            w.WriteStartObject();
            WriteRequestHeader(w, Header);
            w.WriteBase64("pendingNotification", PendingNotification);
            w.WriteEndObject();
        }

        public static HandleNotificationRequest Parse(string json) { return FromJson(JsonObject.Parse(json)); }
        public static HandleNotificationRequest Parse(byte[] utf8) { return FromJson(JsonObject.Parse(utf8)); }
        public static HandleNotificationRequest Parse(Stream utf8) { return FromJson(JsonObject.Parse(utf8)); }

        public static HandleNotificationRequest FromJson(JsonObject o)
        {
            var r = new HandleNotificationRequest(o.RequireBytes("pendingNotification"));
            r.Header = RequestHeader.FromJson(o.GetObject("header"));
            return r;
        }
    }
}
