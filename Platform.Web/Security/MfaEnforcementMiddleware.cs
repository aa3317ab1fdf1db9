using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Security;

namespace Platform.Web.Security;

/// <summary>
/// Keeps a signed-in user who must have a second factor (see <see cref="MfaPolicy"/>) on the two-step set-up page
/// until they have one: every other page redirects there and the API answers 403 <c>auth.mfa_required</c>.
/// The account pages, sign-out and static files stay reachable. The cookie says whether the user has a factor.
/// </summary>
public sealed class MfaEnforcementMiddleware(RequestDelegate next)
{
    public const string SetupPath = "/Account/Manage/TwoFactor";

    private static readonly string[] Open = ["/Account", "/_framework", "/_content", "/_blazor", "/health", "/branding", "/not-found", "/Error"];

    public async Task InvokeAsync(HttpContext context, MfaPolicy policy, ITenantContext tenant)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true
            || ApiKeyAuthentication.IsApiKey(user)
            || user.HasClaim(c => c.Type == MfaPolicy.HasSecondFactorClaim)
            || IsOpen(context.Request.Path)
            || !await policy.IsRequiredAsync(user, tenant.TenantId, context.RequestAborted))
        {
            await next(context);
            return;
        }

        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Two-step sign-in required",
                    detail: "Set up two-step sign-in on your account page before using this.",
                    extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.MfaRequired })
                .ExecuteAsync(context);
            return;
        }

        context.Response.Redirect($"{context.Request.PathBase}{SetupPath}");
    }

    private static bool IsOpen(PathString path) =>
        Open.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) || Path.HasExtension(path.Value);
}
