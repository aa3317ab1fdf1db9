namespace Platform.Web.Components.Pages.Host;

/// <summary>
/// Addresses of a tenant as seen from the host side: scheme and port come from the address the operator
/// uses (NavigationManager.BaseUri), the domain from the Tenancy configuration.
/// </summary>
public static class TenantLinks
{
    /// <summary>The page where an invited staff member sets a password; the invitation adds ?token=.</summary>
    public const string InvitationPath = "Account/AcceptInvitation";

    /// <summary>http(s)://{slug}.{BaseDomain}[:port]/</summary>
    public static string Subdomain(string baseUri, string baseDomain, string slug)
    {
        var root = new Uri(baseUri);
        var port = root.IsDefaultPort ? "" : $":{root.Port}";
        return $"{root.Scheme}://{slug}.{baseDomain}{port}/";
    }

    /// <summary>http(s)://{host}[:port]/t/{slug}/, on the address the operator uses.</summary>
    public static string PathPrefix(string baseUri, string slug) =>
        new Uri(new Uri(baseUri), $"/t/{slug}/").ToString();

    public static string Invitation(string baseUri, string baseDomain, string slug) =>
        Subdomain(baseUri, baseDomain, slug) + InvitationPath;
}
