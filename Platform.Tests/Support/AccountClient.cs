using System.Net;
using System.Text.RegularExpressions;

namespace Platform.Tests.Support;

/// <summary>Drives the statically rendered account forms over HTTP, as a browser without JavaScript would.</summary>
public static partial class AccountClient
{
    /// <summary>A client for <paramref name="address"/>, signed in as a demo account.</summary>
    public static async Task<HttpClient> SignedInAsync(this PlatformAppFactory app, string address, string email)
    {
        var client = app.CreateClientFor(address);
        Assert.True(await client.SignInAsync(email, Platform.Infrastructure.Seeding.DemoAccounts.Password), $"{email} could not sign in at {address}.");
        return client;
    }

    public static async Task<System.Text.Json.JsonElement> JsonAsync(this HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Posts the sign-in form; true when the server answered with a redirect and a sign-in cookie.</summary>
    public static async Task<bool> SignInAsync(this HttpClient client, string email, string password, string prefix = "")
    {
        var response = await client.PostFormAsync(prefix + "Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther
               && response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("platform.auth=", StringComparison.Ordinal));
    }

    /// <summary>GETs a page, then posts its form named <paramref name="formName"/> with the antiforgery token it carries.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, string formName, IDictionary<string, string> fields)
    {
        var page = await client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {path} ({(int)page.StatusCode}).");
        }

        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>
    /// Posts form <paramref name="formName"/> to <paramref name="path"/> with the antiforgery token of another page,
    /// for addresses that have no form to take one from (another tenant's id answers 404).
    /// </summary>
    public static async Task<HttpResponseMessage> PostWithTokenOfAsync(this HttpClient client, string tokenPage, string path, string formName, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(tokenPage);
        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {tokenPage}.");
        }

        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
