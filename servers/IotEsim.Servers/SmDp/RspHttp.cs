using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.SmDp;

/// <summary>A function that ends with header.functionExecutionStatus = Failed and the given subject/reason code.</summary>
public sealed class RspFunctionException(Es9StatusCode code, string? detail = null)
    : Exception(detail is null ? code.ToString() : code + ": " + detail)
{
    public Es9StatusCode Code { get; } = code;
}

/// <summary>Service registration shared by the SM-DP+ (AddSmDpPlus) and the SM-DS (AddSmDs), which may share one host.</summary>
public static class RspServerServices
{
    /// <summary>
    /// The role's options, a crypto provider (the first role registered chooses it) and the session/order store both
    /// roles write to; then <paramref name="more"/> for the role's own services.
    /// </summary>
    public static IServiceCollection AddRspRole<TOptions>(this IServiceCollection services, Action<TOptions> configure, ICryptoProvider crypto,
        Action<IServiceCollection> more) where TOptions : class, new()
    {
        var o = new TOptions();
        configure(o);
        services.AddSingleton(o);
        services.TryAddSingleton(crypto);
        services.TryAddSingleton<SmDpStore>();
        more(services);
        return services;
    }
}

/// <summary>
/// The HTTP side shared by ES9+, ES11, ES12 and ES2+ (SGP.22 §6.1, §6.5): JSON bodies, the X-Admin-Protocol
/// header (any gsma/rsp/v2.x is accepted, v2.1.0 is answered, as osmo-smdpp does), and every error as a
/// 200 response with status Failed and statusCodeData, never an exception page.
/// </summary>
public static class RspHttp
{
    public const string AnsweredAdminProtocol = "gsma/rsp/v2.1.0";

    public static async Task<byte[]> ReadBodyAsync(HttpRequest req)
    {
        var h = req.Headers[Es9PlusHttp.AdminProtocolHeader].ToString();
        // Absent is tolerated (plain test clients); a present value must name SGP.22 v2.
        if (h.Length > 0 && !h.StartsWith("gsma/rsp/v2", StringComparison.OrdinalIgnoreCase))
            throw new RspFunctionException(Es9StatusCodes.SpecificationVersionNotSupported, "X-Admin-Protocol " + h);
        using var ms = new MemoryStream();
        await req.Body.CopyToAsync(ms);
        return ms.ToArray();
    }

    public static Task WriteAsync(HttpContext ctx, Es9Message body)
    {
        var bytes = body.ToJsonBytes();
        ctx.Response.StatusCode = 200;
        ctx.Response.Headers[Es9PlusHttp.AdminProtocolHeader] = AnsweredAdminProtocol;
        ctx.Response.Headers.ContentType = Es9PlusHttp.ContentTypeUtf8;
        ctx.Response.ContentLength = bytes.Length;
        return ctx.Response.Body.WriteAsync(bytes).AsTask();
    }

    public static Task WriteFailureAsync(HttpContext ctx, Es9StatusCode code, string? message = null)
        => WriteAsync(ctx, new Es9ErrorResponse(ResponseHeader.Failure(code, message ?? code.Text)));

    public static void NoContent(HttpContext ctx)
    {
        ctx.Response.StatusCode = 204;
        ctx.Response.Headers[Es9PlusHttp.AdminProtocolHeader] = AnsweredAdminProtocol;
    }

    /// <summary>Runs one function; maps protocol, JSON and DER failures to their status codes.</summary>
    public static async Task RunAsync(HttpContext ctx, ILogger log, string function, Func<byte[], Task> work)
    {
        try
        {
            var body = await ReadBodyAsync(ctx.Request);
            await work(body);
        }
        catch (RspFunctionException e)
        {
            log.LogInformation("{Function}: {Code}", function, e.Message);
            await WriteFailureAsync(ctx, e.Code);
        }
        catch (JsonException e)
        {
            log.LogInformation("{Function}: bad JSON: {Message}", function, e.Message);
            await WriteFailureAsync(ctx, e.Error == JsonError.MissingProperty
                ? Es9StatusCodes.FunctionMandatoryElementMissing : Es9StatusCodes.FunctionInvalid);
        }
        catch (DerException e)
        {
            log.LogInformation("{Function}: bad ASN.1: {Message}", function, e.Message);
            await WriteFailureAsync(ctx, Es9StatusCodes.FunctionInvalid);
        }
        catch (CryptoException e)
        {
            log.LogInformation("{Function}: crypto: {Message}", function, e.Message);
            await WriteFailureAsync(ctx, Es9StatusCodes.EuiccVerificationFailed);
        }
    }

    public static string Hex(byte[] b) => Convert.ToHexString(b);
    public static byte[] Unhex(string s) => Convert.FromHexString(s);
}
