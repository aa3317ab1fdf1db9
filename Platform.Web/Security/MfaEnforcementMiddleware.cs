using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Security;

namespace Platform.Web.Security;

/// <summary>
/// Keeps a signed-in user who must have a second factor (see <see cref="MfaPolicy"/>) on the two-step set-up page
/// until they have one: every other page redirects there and the API answers 403 <c>auth.mfa_required</c>.
/// The account pages, sign-out and static files stay reachable. The cookie says whether the user has a code factor
/// (asked at every password sign-in) or signed in with a passkey.
/// </summary>
public sealed class MfaEnforcementMiddleware(RequestDelegate next)
{
    public const string SetupPath = "/Account/Manage/TwoFactor";

    /// <summary>
    /// A passkey sign-in is marked <c>amr=passkey</c>, kept when the cookie is refreshed and when the security stamp is
    /// re-checked (<see cref="TenantCookieValidation.KeepSignInMethodAsync"/>). A passkey is possession and
    /// a local biometric or PIN at once, so such a session has its two factors; a password sign-in of a user whose only
    /// second factor is a passkey does not, and is sent to set-up like anyone without one.
    /// </summary>
    public const string AuthenticationMethodClaim = "amr";

    public const string PasskeyMethod = "passkey";

    private static readonly string[] Open = ["/Account", "/_framework", "/_content", "/_blazor", "/health", "/branding", "/not-found", "/Error"];

    public async Task InvokeAsync(HttpContext context, MfaPolicy policy, ITenantContext tenant)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true
            || ApiKeyAuthentication.IsApiKey(user)
            || user.HasClaim(c => c.Type == MfaPolicy.HasSecondFactorClaim)
            || user.HasClaim(AuthenticationMethodClaim, PasskeyMethod)
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
