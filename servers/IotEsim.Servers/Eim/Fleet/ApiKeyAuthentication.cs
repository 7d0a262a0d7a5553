using System.Security.Claims;
using System.Text.Encodings.Web;
using IotEsim.Servers.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotEsim.Servers.Eim.Fleet;

/// <summary>
/// Authenticates fleet API calls by API key, sent as "Authorization: Bearer &lt;key&gt;" or "X-Api-Key: &lt;key&gt;",
/// and checked against the stored SHA-256 on every request (a revoked key stops working at once on
/// every instance).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "iotesim:key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = null;
        var auth = Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = auth[7..].Trim();
        else if (Request.Headers.TryGetValue("X-Api-Key", out var x)) presented = x.ToString().Trim();
        if (string.IsNullOrEmpty(presented)) return AuthenticateResult.NoResult();
        var key = await keys.VerifyAsync(presented, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("invalid or revoked API key");
        var identity = new ClaimsIdentity([
            new Claim(KeyIdClaim, key.Id), new Claim(ClaimTypes.NameIdentifier, key.Id), new Claim(ClaimTypes.Name, key.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"iotesim\"";
        await Results.Problem(
            title: "Unauthorized",
            detail: result.Failure?.Message ?? "an API key is required (Authorization: Bearer <key> or X-Api-Key: <key>)",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }
}
