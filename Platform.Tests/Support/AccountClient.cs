using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Platform.Tests.Support;

/// <summary>Drives the statically rendered account forms over HTTP, as a browser without JavaScript would.</summary>
public static partial class AccountClient
{
    private static readonly ConditionalWeakTable<HttpClient, ClientState> Clients = new();

    /// <summary>Remembers which app and cookie jar a client of <see cref="PlatformAppFactory.CreateClientFor"/> has.</summary>
    internal static void Register(HttpClient client, PlatformAppFactory app, CookieContainer cookies) => Clients.AddOrUpdate(client, new ClientState(app, cookies));

    /// <summary>A client for <paramref name="address"/>, signed in as a demo account.</summary>
    public static async Task<HttpClient> SignedInAsync(this PlatformAppFactory app, string address, string email)
    {
        var client = app.CreateClientFor(address);
        Assert.True(await client.SignInAsync(email, Platform.Infrastructure.Seeding.DemoAccounts.Password), $"{email} could not sign in at {address}.");
        return client;
    }

    public static async Task<System.Text.Json.JsonElement> JsonAsync(this HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>
    /// Posts the sign-in form, and for a demo account with two-step sign-in the code of its authenticator;
    /// true when the server answered with a redirect and a sign-in cookie.
    /// </summary>
    public static async Task<bool> SignInAsync(this HttpClient client, string email, string password, string prefix = "")
    {
        var response = await client.SignInResponseAsync(email, password, prefix);
        return IsRedirect(response)
               && response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("platform.auth=", StringComparison.Ordinal));
    }

    /// <summary>Signs in as <see cref="SignInAsync"/> does; the answer is the last response, the one that sets the sign-in cookie.</summary>
    public static async Task<HttpResponseMessage> SignInResponseAsync(this HttpClient client, string email, string password, string prefix = "")
    {
        Clients.TryGetValue(client, out var state);
        if (state?.App.RememberedDevices.Find(client.BaseAddress!, email) is { } remembered)
        {
            state.Cookies.Add(remembered);
        }

        var response = await client.PostFormAsync(prefix + "Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (IsRedirect(response) && response.Headers.Location!.OriginalString.Contains("Account/LoginWith2fa", StringComparison.Ordinal)
            && DemoSecondFactor.HasSecret(email))
        {
            var page = response.Headers.Location!;
            response = await PostSecondStepAsync(client, page, email);
            if (!IsRedirect(response))
            {
                // Refused: most likely this step's code was used a moment ago; the next step's code is still in the window.
                page = response.RequestMessage!.RequestUri!;
                response = await PostSecondStepAsync(client, page, email, DemoSecondFactor.NextStepCode(email));
            }

            if (!IsRedirect(response))
            {
                // The next step's code was used as well: only the clock brings a fresh one.
                await DemoSecondFactor.WaitForNextStepAsync();
                response = await PostSecondStepAsync(client, page, email, DemoSecondFactor.NextStepCode(email));
            }

            if (state is not null && state.Cookies.GetAllCookies().FirstOrDefault(c => c.Name == DemoSecondFactor.RememberCookie) is { } cookie)
            {
                state.App.RememberedDevices.Keep(client.BaseAddress!, email, cookie);
            }
        }

        return response;
    }

    /// <summary>Answers the second step with <paramref name="code"/> or the demo account's current authenticator code, remembering the device.</summary>
    public static Task<HttpResponseMessage> PostSecondStepAsync(this HttpClient client, Uri page, string email, string? code = null) =>
        client.PostFormAsync(page.ToString(), "login-2fa", new Dictionary<string, string>
        {
            ["Input.Code"] = code ?? DemoSecondFactor.Code(email),
            ["Input.RememberDevice"] = "true",
        });

    /// <summary>
    /// Sets up an authenticator app for the signed-in user through the real set-up page (as a new admin must before
    /// anything else opens), and registers its secret for later sign-ins. Returns the backup codes shown.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SetUpAuthenticatorAsync(this HttpClient client, string email)
    {
        var setUp = await client.GetStringAsync("Account/Manage/EnableAuthenticator");
        var secret = SecretAttribute().Match(setUp).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(secret), "The set-up page shows no secret.");
        var done = await client.PostFormAsync("Account/Manage/EnableAuthenticator", "enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = Platform.Infrastructure.Security.TotpCode.Compute(secret, DateTimeOffset.UtcNow) });
        var codes = BackupCodeOnPage().Matches(await done.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        DemoSecondFactor.Register(email, secret);
        return codes;
    }

    [GeneratedRegex("data-secret=\"([A-Z2-7]+)\"")]
    private static partial Regex SecretAttribute();

    [GeneratedRegex("<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>")]
    private static partial Regex BackupCodeOnPage();

    private static bool IsRedirect(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther;

    private sealed record ClientState(PlatformAppFactory App, CookieContainer Cookies);

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
