using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Identity.Passkeys;

/// <summary>
/// Passkey management and sign-in over HTTP, on SQLite and PostgreSQL: names are validated, ids of other
/// people's (and other tenants') passkeys answer 404, and bad input changes nothing. Registered passkeys
/// here are stored through Identity directly; the browser tests create real ones with a virtual authenticator.
/// </summary>
public abstract partial class PasskeyTests(PlatformAppFactory app)
{
    private const string Acme = "http://acme.localhost/";
    private const string Globex = "http://globex.localhost/";

    [Fact]
    public async Task The_owner_of_a_credential_is_found_only_within_its_own_tenant()
    {
        var id = await StorePasskeyAsync("acme", "admin@acme.test", "Desk key");
        var credentialId = Base64Url.DecodeFromChars(id);

        var inAcme = await app.InTenantAsync("acme", sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByPasskeyIdAsync(credentialId));
        var inGlobex = await app.InTenantAsync("globex", sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByPasskeyIdAsync(credentialId));

        Assert.Equal("admin@acme.test", inAcme?.Email);
        Assert.Null(inGlobex);
    }

    [Fact]
    public async Task Another_tenants_passkey_answers_404_and_cannot_be_renamed_or_deleted()
    {
        var globexId = await StorePasskeyAsync("globex", "admin@globex.test", "Globex laptop");
        using var acme = await app.SignedInAsync(Acme, "admin@acme.test");
        using var globexOwner = await app.SignedInAsync(Globex, "admin@globex.test");

        Assert.Equal(HttpStatusCode.OK, (await globexOwner.GetAsync($"Account/Manage/Passkeys/{globexId}/Rename")).StatusCode); // it exists, for its owner
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"Account/Manage/Passkeys/{globexId}/Rename")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"Account/Manage/Passkeys/{globexId}/Delete")).StatusCode);

        var rename = await acme.PostWithTokenOfAsync("Account/Manage/Passkeys", $"Account/Manage/Passkeys/{globexId}/Rename", "rename-passkey", new() { ["Input.Name"] = "Mine now" });
        var delete = await acme.PostWithTokenOfAsync("Account/Manage/Passkeys", $"Account/Manage/Passkeys/{globexId}/Delete", "delete-passkey", []);
        Assert.Equal(HttpStatusCode.NotFound, rename.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);

        Assert.Equal(["Globex laptop"], await NamesAsync("globex", "admin@globex.test"));
        Assert.DoesNotContain(globexId, await acme.GetStringAsync("Account/Manage/Passkeys"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_persons_passkey_in_the_same_tenant_answers_404()
    {
        var samsId = await StorePasskeyAsync("acme", "sam@acme.test", "Sam's phone");
        using var jo = await app.SignedInAsync(Acme, "jo@acme.test");

        Assert.Equal(HttpStatusCode.NotFound, (await jo.GetAsync($"Account/Manage/Passkeys/{samsId}/Rename")).StatusCode);
        var delete = await jo.PostWithTokenOfAsync("Account/Manage/Passkeys", $"Account/Manage/Passkeys/{samsId}/Delete", "delete-passkey", []);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(["Sam's phone"], await NamesAsync("acme", "sam@acme.test"));
    }

    [Theory]
    [InlineData("not base64url!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_malformed_or_unknown_id_answers_404(string id)
    {
        using var client = await app.SignedInAsync(Acme, "dan@example.com");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"Account/Manage/Passkeys/{Uri.EscapeDataString(id)}/Rename")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"Account/Manage/Passkeys/{Uri.EscapeDataString(id)}/Delete")).StatusCode);
    }

    [Theory]
    [InlineData("", "Enter a name for the passkey.")]
    [InlineData("   ", "Enter a name for the passkey.")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890", "A passkey name has at most 60 characters.")]
    public async Task A_rename_to_an_empty_or_too_long_name_is_refused_and_changes_nothing(string name, string message)
    {
        var id = await StorePasskeyAsync("globex", "felix@example.com", "Old name");
        using var client = await app.SignedInAsync(Globex, "felix@example.com");

        var response = await client.PostFormAsync($"Account/Manage/Passkeys/{id}/Rename", "rename-passkey", new Dictionary<string, string> { ["Input.Name"] = name });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("Old name", await NamesAsync("globex", "felix@example.com"));
        Assert.DoesNotContain(name, (await NamesAsync("globex", "felix@example.com")).Where(n => n != "Old name"));
    }

    [Fact]
    public async Task A_rename_saves_the_trimmed_name()
    {
        var id = await StorePasskeyAsync("globex", "hanna@example.com", "Old name");
        using var client = await app.SignedInAsync(Globex, "hanna@example.com");

        var response = await client.PostFormAsync($"Account/Manage/Passkeys/{id}/Rename", "rename-passkey", new Dictionary<string, string> { ["Input.Name"] = "  Hanna's phone  " });

        Assert.Equal("/Account/Manage/Passkeys", Pages.RedirectPath(response, client));
        Assert.Equal("Passkey renamed to \"Hanna's phone\".", Pages.Status(await client.GetStringAsync("Account/Manage/Passkeys")));
        Assert.Equal(["Hanna's phone"], await NamesAsync("globex", "hanna@example.com"));
    }

    [Fact]
    public async Task Delete_asks_first_and_removes_only_when_confirmed()
    {
        var id = await StorePasskeyAsync("globex", "tom@globex.test", "Tom's key");
        using var client = await app.SignedInAsync(Globex, "tom@globex.test");

        var confirm = WebUtility.HtmlDecode(await client.GetStringAsync($"Account/Manage/Passkeys/{id}/Delete"));
        Assert.Contains("Delete the passkey Tom's key?", Regex.Replace(confirm, "<[^>]+>", ""), StringComparison.Ordinal);
        Assert.Equal(["Tom's key"], await NamesAsync("globex", "tom@globex.test"));

        var response = await client.PostFormAsync($"Account/Manage/Passkeys/{id}/Delete", "delete-passkey", new Dictionary<string, string>());

        Assert.Equal("/Account/Manage/Passkeys", Pages.RedirectPath(response, client));
        var list = await client.GetStringAsync("Account/Manage/Passkeys");
        Assert.Equal("Passkey \"Tom's key\" deleted.", Pages.Status(list));
        Assert.Contains("data-testid=\"passkeys-empty\"", list, StringComparison.Ordinal);
        Assert.Empty(await NamesAsync("globex", "tom@globex.test"));
    }

    [Theory]
    [InlineData("", "{}", true, "Enter a name for the passkey.")]
    [InlineData("Laptop", "", true, "The browser did not provide a passkey.")]
    [InlineData("Laptop", "{\"id\":\"AAAA\",\"type\":\"public-key\"}", true, "The passkey could not be verified, so it was not added.")]
    [InlineData("Laptop", "not json", true, "The passkey could not be verified, so it was not added.")]
    [InlineData("Laptop", "{\"id\":\"AAAA\",\"type\":\"public-key\"}", false, AccountPasskeys.ExpiredMessage)]
    public async Task Adding_with_a_bad_name_or_credential_says_why_and_adds_nothing(string name, string credentialJson, bool ceremonyStarted, string message)
    {
        using var client = await app.SignedInAsync(Acme, "erin@example.com");
        if (ceremonyStarted)
        {
            var options = await client.PostAsync("Account/PasskeyCreationOptions", await TokenHeaderAsync(client, "Account/Manage/Passkeys"));
            Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        }

        var response = await client.PostFormAsync("Account/Manage/Passkeys", "add-passkey", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.CredentialJson"] = credentialJson,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await NamesAsync("acme", "erin@example.com"));
    }

    [Fact]
    public async Task A_ceremony_the_browser_reports_as_failed_adds_nothing()
    {
        using var client = await app.SignedInAsync(Acme, "carla@example.com");

        var response = await client.PostFormAsync("Account/Manage/Passkeys", "add-passkey", new Dictionary<string, string>
        {
            ["Input.Name"] = "Laptop",
            ["Input.Error"] = "The passkey request was cancelled or timed out.",
        });

        Assert.Equal("The passkey request was cancelled or timed out. No passkey was added.", Pages.Status(await response.Content.ReadAsStringAsync()));
        Assert.Empty(await NamesAsync("acme", "carla@example.com"));
    }

    [Theory]
    [InlineData("Passkey.CredentialJson", "{\"id\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"type\":\"public-key\"}", true, "does not belong to an account here")]
    [InlineData("Passkey.CredentialJson", "not json", true, "does not belong to an account here")]
    [InlineData("Passkey.CredentialJson", "{\"id\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"type\":\"public-key\"}", false, AccountPasskeys.ExpiredMessage)]
    [InlineData("Passkey.Error", "The passkey request was cancelled or timed out.", true, "The passkey request was cancelled or timed out. You are not signed in.")]
    public async Task A_failed_passkey_sign_in_says_so_and_signs_no_one_in(string field, string value, bool ceremonyStarted, string message)
    {
        using var client = app.CreateClientFor(Acme);
        if (ceremonyStarted)
        {
            var options = await client.PostAsync("Account/PasskeyRequestOptions", await TokenHeaderAsync(client, "Account/Login"));
            Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        }

        var response = await client.PostFormAsync("Account/Login", "passkey-login", new Dictionary<string, string> { [field] = value });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("platform.auth=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(Acme, "acme.localhost")]
    [InlineData("http://localhost/t/globex/", "localhost")]
    public async Task The_relying_party_is_the_host_the_tenant_is_served_at(string address, string rpId)
    {
        using var client = app.CreateClientFor(address);
        var options = await client.PostAsync("Account/PasskeyRequestOptions", await TokenHeaderAsync(client, "Account/Login"));

        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        Assert.Equal(rpId, (await options.JsonAsync()).GetProperty("rpId").GetString());
    }

    [Fact]
    public async Task At_a_custom_domain_the_relying_party_is_that_domain()
    {
        var acme = await app.TenantIdAsync("acme");
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            db.TenantDomains.Add(new TenantDomain { TenantId = acme, Host = "book.acme-physio.com", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<TenantCatalog>().InvalidateAsync(acme);
        }

        using var client = app.CreateClientFor("http://book.acme-physio.com/");
        var options = await client.PostAsync("Account/PasskeyRequestOptions", await TokenHeaderAsync(client, "Account/Login"));

        Assert.Equal("book.acme-physio.com", (await options.JsonAsync()).GetProperty("rpId").GetString());
    }

    [Fact]
    public async Task Creation_options_name_the_signed_in_user_and_need_the_antiforgery_token()
    {
        using var client = await app.SignedInAsync(Acme, "manager@acme.test");

        var forged = await client.PostAsync("Account/PasskeyCreationOptions", null);
        var options = await client.PostAsync("Account/PasskeyCreationOptions", await TokenHeaderAsync(client, "Account/Manage/Passkeys"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        var json = await options.JsonAsync();
        Assert.Equal("acme.localhost", json.GetProperty("rp").GetProperty("id").GetString());
        Assert.Equal("manager@acme.test", json.GetProperty("user").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Creation_options_need_a_signed_in_user()
    {
        using var client = app.CreateClientFor(Acme);
        var response = await client.PostAsync("Account/PasskeyCreationOptions", await TokenHeaderAsync(client, "Account/Login"));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A passkey stored as Identity stores a verified one; its key material is never checked here.</summary>
    private async Task<string> StorePasskeyAsync(string slug, string email, string name)
    {
        var credentialId = RandomNumberGenerator.GetBytes(16);
        await app.InTenantAsync(slug, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var passkey = new UserPasskeyInfo(credentialId, RandomNumberGenerator.GetBytes(77), DateTimeOffset.UtcNow, 0, ["internal"], true, false, false, [], [])
            {
                Name = name,
            };
            var result = await users.AddOrUpdatePasskeyAsync((await users.FindByEmailAsync(email))!, passkey);
            Assert.True(result.Succeeded);
            return result;
        });
        return Base64Url.EncodeToString(credentialId);
    }

    private Task<List<string?>> NamesAsync(string slug, string email) => app.InTenantAsync(slug, async sp =>
    {
        var users = sp.GetRequiredService<UserManager<PlatformUser>>();
        return (await users.GetPasskeysAsync((await users.FindByEmailAsync(email))!)).Select(p => p.Name).ToList();
    });

    /// <summary>The header the passkey script sends: the request token a PasskeySubmit renders on the page.</summary>
    private static async Task<HttpContent> TokenHeaderAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = RequestToken().Match(html);
        Assert.True(match.Success, $"No passkey request token on {page}.");
        var content = new StringContent("");
        content.Headers.Add(match.Groups[1].Value, WebUtility.HtmlDecode(match.Groups[2].Value));
        return content;
    }

    [GeneratedRegex("request-token-name=\"([^\"]+)\"\\s+request-token-value=\"([^\"]+)\"")]
    private static partial Regex RequestToken();
}

public sealed class SqlitePasskeyTests(SqlitePasskeyTests.App app) : PasskeyTests(app), IClassFixture<SqlitePasskeyTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresPasskeyTests(PostgresPasskeyTests.App app) : PasskeyTests(app), IClassFixture<PostgresPasskeyTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}
