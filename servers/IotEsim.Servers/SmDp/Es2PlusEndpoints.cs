using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IotEsim.Rsp.Es9Plus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QRCoder;

namespace IotEsim.Servers.SmDp;

/// <summary>
/// ES2+ JSON binding (SGP.22 §6.5.2.1-4): POST /gsma/rsp2/es2plus/{downloadOrder, confirmOrder, cancelOrder,
/// releaseProfile}, answered with the same header.functionExecutionStatus shape as ES9+; plus lab helpers for
/// the activation code of an order as text, PNG and SVG QR codes (GET /smdp/activation-code/{matchingId}[.png|.svg]).
/// </summary>
public static class Es2PlusEndpoints
{
    public const string PathPrefix = "/gsma/rsp2/es2plus/";

    public static IEndpointRouteBuilder MapEs2Plus(this IEndpointRouteBuilder app)
    {
        var log = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("IotEsim.SmDp.Es2Plus");
        Es2PlusService Svc(HttpContext c) => c.RequestServices.GetRequiredService<Es2PlusService>();

        app.MapPost(PathPrefix + "downloadOrder", (HttpContext c) => Run(c, log, "downloadOrder", async o =>
        {
            var r = await Svc(c).DownloadOrderAsync(Str(o, "eid"), Str(o, "iccid"), Str(o, "profileType"));
            return new JsonObject { ["iccid"] = r.Iccid };
        }));
        app.MapPost(PathPrefix + "confirmOrder", (HttpContext c) => Run(c, log, "confirmOrder", async o =>
        {
            var r = await Svc(c).ConfirmOrderAsync(Req(o, "iccid"), Str(o, "eid"), Str(o, "matchingId"), Str(o, "confirmationCode"),
                Str(o, "smdsAddress"), o["releaseFlag"]?.GetValue<bool>() ?? throw new RspFunctionException(Es9StatusCodes.FunctionMandatoryElementMissing, "releaseFlag"));
            var res = new JsonObject();
            if (r.Eid is not null) res["eid"] = r.Eid;
            res["matchingId"] = r.MatchingId;
            res["smdpAddress"] = r.SmdpAddress;
            return res;
        }));
        app.MapPost(PathPrefix + "cancelOrder", (HttpContext c) => Run(c, log, "cancelOrder", async o =>
        {
            await Svc(c).CancelOrderAsync(Req(o, "iccid"), Str(o, "finalProfileStatusIndicator"));
            return new JsonObject();
        }));
        app.MapPost(PathPrefix + "releaseProfile", (HttpContext c) => Run(c, log, "releaseProfile", async o =>
        {
            await Svc(c).ReleaseProfileAsync(Req(o, "iccid"));
            return new JsonObject();
        }));

        app.MapGet("/smdp/activation-code/{file}", async (HttpContext c, string file) =>
        {
            var store = c.RequestServices.GetRequiredService<SmDpStore>();
            string matchingId = file, kind = "txt";
            foreach (var ext in new[] { ".png", ".svg", ".txt" })
                if (file.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) { matchingId = file[..^ext.Length]; kind = ext[1..]; }
            await using var conn = await store.Db.OpenAsync();
            var order = await SmDpStore.GetOrderAsync(conn, null, "matching_id = @m", ("@m", matchingId));
            if (order is null) return Results.NotFound();
            var text = "LPA:" + Svc(c).ActivationCodeText(matchingId, order.CcHash is not null);
            if (kind == "txt") return Results.Text(text, "text/plain; charset=utf-8");
            using var gen = new QRCodeGenerator();
            using var data = gen.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
            return kind == "png"
                ? Results.Bytes(new PngByteQRCode(data).GetGraphic(8), "image/png")
                : Results.Text(new SvgQRCode(data).GetGraphic(8), "image/svg+xml");
        });
        return app;
    }

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    private static string Req(JsonObject o, string name) => Str(o, name) ?? throw new RspFunctionException(Es9StatusCodes.FunctionMandatoryElementMissing, name);

    private static async Task Run(HttpContext c, ILogger log, string function, Func<JsonObject, Task<JsonObject>> work)
    {
        try
        {
            var body = await RspHttp.ReadBodyAsync(c.Request);
            if (JsonNode.Parse(body) is not JsonObject o) throw new RspFunctionException(Es9StatusCodes.FunctionInvalid, "body is not an object");
            var res = await work(o);
            res["header"] = new JsonObject { ["functionExecutionStatus"] = new JsonObject { ["status"] = ExecutionStatus.ExecutedSuccess } };
            await WriteJson(c, res);
        }
        catch (RspFunctionException e)
        {
            log.LogInformation("{Function}: {Code}", function, e.Message);
            await RspHttp.WriteFailureAsync(c, e.Code);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            log.LogInformation("{Function}: bad request: {Message}", function, e.Message);
            await RspHttp.WriteFailureAsync(c, Es9StatusCodes.FunctionInvalid);
        }
    }

    private static Task WriteJson(HttpContext c, JsonNode n)
    {
        var bytes = Encoding.UTF8.GetBytes(n.ToJsonString());
        c.Response.Headers[Es9PlusHttp.AdminProtocolHeader] = RspHttp.AnsweredAdminProtocol;
        c.Response.Headers.ContentType = Es9PlusHttp.ContentTypeUtf8;
        return c.Response.Body.WriteAsync(bytes).AsTask();
    }
}
