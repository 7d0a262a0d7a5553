using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IotEsim.Servers.Eim.Dashboard;

/// <summary>
/// Serves the fleet dashboard (static HTML/JS/CSS embedded in this assembly) under /dashboard. The
/// page itself is public; everything it shows comes from the fleet API with the key the user enters.
/// </summary>
public static class DashboardEndpoints
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8", [".svg"] = "image/svg+xml",
    };

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app, string prefix = "/dashboard")
    {
        var asm = typeof(DashboardEndpoints).Assembly;
        // Routing ignores a trailing slash, so one route sees both /dashboard and /dashboard/.
        app.MapGet(prefix, (HttpContext ctx) => ctx.Request.Path.Value!.EndsWith('/') ? Serve(asm, "index.html", ctx) : Results.Redirect(prefix + "/"))
            .ExcludeFromDescription();
        app.MapGet(prefix + "/{*file}", (string? file, HttpContext ctx) => Serve(asm, string.IsNullOrEmpty(file) ? "index.html" : file, ctx))
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(Assembly asm, string file, HttpContext ctx)
    {
        if (file.Contains("..") || !Types.TryGetValue(Path.GetExtension(file), out var type)) return Results.NotFound();
        var stream = asm.GetManifestResourceStream("dashboard/" + file);
        if (stream is null) return Results.NotFound();
        // No inline scripts or external origins: the page talks to this server only.
        ctx.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        ctx.Response.Headers.XContentTypeOptions = "nosniff";
        ctx.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(stream, type);
    }
}
