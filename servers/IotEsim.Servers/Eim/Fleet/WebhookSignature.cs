using System.Security.Cryptography;
using System.Text;

namespace IotEsim.Servers.Eim.Fleet;

/// <summary>
/// Webhook signature: header "X-IotEsim-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;" where the
/// HMAC key is the webhook secret (UTF-8) and the message is "&lt;t&gt;." followed by the raw body. The
/// timestamp lets receivers reject replays.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-IotEsim-Signature";

    public static string Compute(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(unixSeconds + "." + body));
        return "t=" + unixSeconds + ",v1=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>True when <paramref name="header"/> is a valid signature of <paramref name="body"/> no older than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (header is null) return false;
        long t = -1;
        string? v1 = null;
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) continue;
            if (kv[0].Trim() == "t") long.TryParse(kv[1], out t);
            else if (kv[0].Trim() == "v1") v1 = kv[1].Trim();
        }
        if (t < 0 || v1 is null || Math.Abs(now.ToUnixTimeSeconds() - t) > tolerance.TotalSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, t, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes("t=" + t + ",v1=" + v1));
    }
}
