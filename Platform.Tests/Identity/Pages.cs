using System.Net;
using System.Text.RegularExpressions;

namespace Platform.Tests.Identity;

/// <summary>Small readers of server-rendered account pages.</summary>
public static partial class Pages
{
    public static bool IsRedirect(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther;

    /// <summary>The path (PathBase included) a redirect leads to, e.g. "/t/acme/app".</summary>
    public static string RedirectPath(HttpResponseMessage response, HttpClient client)
    {
        Assert.True(IsRedirect(response), $"Expected a redirect, got {(int)response.StatusCode}.");
        return new Uri(client.BaseAddress!, response.Headers.Location!).AbsolutePath;
    }

    /// <summary>The text of the page's status message (the pf-status box), or null when there is none.</summary>
    public static string? Status(string html)
    {
        var match = StatusBox().Match(html);
        return match.Success ? WebUtility.HtmlDecode(Tags().Replace(match.Groups[1].Value, "")).Trim() : null;
    }

    public static bool HasField(string html, string name) => html.Contains($"name=\"{name}\"", StringComparison.Ordinal);

    [GeneratedRegex("<div class=\"pf-status[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex StatusBox();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
