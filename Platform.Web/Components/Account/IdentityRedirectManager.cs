using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Platform.Infrastructure.Identity;

namespace Platform.Web.Components.Account;

/// <summary>Redirects from statically rendered account pages, never to another site.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri) => navigationManager.NavigateTo(LocalOrHome(uri));

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<PlatformUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", "Error: Your account could not be loaded. Please sign in again.", context);

    /// <summary>
    /// A path inside this site: base-relative ("app/people"), root-relative ("/t/acme/app") or an absolute
    /// URL under the base address. Anything else (another host, "//host", "/\host", a scheme) becomes home.
    /// </summary>
    public string LocalOrHome(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            return "";
        }

        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute.AbsoluteUri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase)
                ? navigationManager.ToBaseRelativePath(absolute.AbsoluteUri)
                : "";
        }

        var local = Uri.IsWellFormedUriString(uri, UriKind.Relative)
                    && !uri.StartsWith("//", StringComparison.Ordinal)
                    && !uri.StartsWith("/\\", StringComparison.Ordinal)
                    && !uri.StartsWith('\\')
                    && !uri.Split('/', '?', '#')[0].Contains(':', StringComparison.Ordinal);
        return local ? uri : "";
    }
}
