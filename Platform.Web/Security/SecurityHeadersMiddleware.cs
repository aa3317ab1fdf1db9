namespace Platform.Web.Security;

/// <summary>
/// Headers every response carries. The policy allows what Blazor Server and MudBlazor need: own scripts, inline styles, the
/// circuit's WebSocket. No page may be framed by another site, except the embeddable booking page under /embed, which
/// businesses put on their own websites.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>The pages any site may frame: the booking widget and its confirmation.</summary>
    public const string EmbedPath = "/embed";

    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'self'; form-action 'self'; object-src 'none'; ";

    private const string ContentSecurityPolicy = Policy + "frame-ancestors 'none'";

    private const string EmbedContentSecurityPolicy = Policy + "frame-ancestors *";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            var embed = context.Request.Path.StartsWithSegments(EmbedPath);
            if (embed)
            {
                headers.Remove("X-Frame-Options"); // antiforgery adds SAMEORIGIN to pages that render a token
            }
            else
            {
                headers.XFrameOptions = "DENY";
            }
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), publickey-credentials-get=(self), publickey-credentials-create=(self)";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments("/scalar"))
            {
                headers.ContentSecurityPolicy = embed ? EmbedContentSecurityPolicy : ContentSecurityPolicy;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
