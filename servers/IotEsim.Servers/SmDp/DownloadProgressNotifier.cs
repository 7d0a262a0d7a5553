using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.SmDp;

/// <summary>
/// ES2+.HandleDownloadProgressInfo (SGP.22 §5.3.5): the SM-DP+ tells the operator how a download goes, one POST per
/// step, to the configured URL. Best effort: a failed callback is logged and never fails the eUICC's request.
/// </summary>
public sealed class DownloadProgressNotifier(SmDpOptions options, IHttpClientFactory? httpFactory, ILogger<DownloadProgressNotifier> log)
{
    public async Task NotifyAsync(OrderRecord order, string step, bool success)
    {
        if (string.IsNullOrEmpty(options.DownloadProgressCallbackUrl)) return;
        var body = new
        {
            header = new { functionRequesterIdentifier = options.ServerAddress, functionCallIdentifier = Guid.NewGuid().ToString("N") },
            eid = order.Eid,
            iccid = order.Iccid,
            profileType = (string?)null,
            timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            notificationPointId = step,
            notificationPointStatus = new { status = success ? "Executed-Success" : "Failed" },
            orderId = order.Id,
        };
        try
        {
            using var http = httpFactory?.CreateClient("smdp-es2plus") ?? new HttpClient();
            http.Timeout = TimeSpan.FromSeconds(5);
            using var req = new HttpRequestMessage(HttpMethod.Post, options.DownloadProgressCallbackUrl) { Content = JsonContent.Create(body) };
            req.Headers.Add("X-Admin-Protocol", RspHttp.AnsweredAdminProtocol);
            using var resp = await http.SendAsync(req);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            log.LogWarning("HandleDownloadProgressInfo to {Url} failed: {Message}", options.DownloadProgressCallbackUrl, e.Message);
        }
    }
}
