using System.Net;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Identity;

public class ManageTests(ManageTests.App app) : IClassFixture<ManageTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task A_person_renames_themselves_and_the_menu_shows_the_new_name()
    {
        using var client = await app.SignedInAsync("http://acme.localhost/", "erin@example.com");
        var saved = await client.PostFormAsync("Account/Manage", "profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Erin Renamed",
            ["Input.PhoneNumber"] = "+1 555 0100",
        });
        Assert.Equal("/Account/Manage", Pages.RedirectPath(saved, client));

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("Account/Manage"));
        Assert.Equal("Your profile has been saved.", Pages.Status(page));
        Assert.Contains("value=\"+1 555 0100\"", page, StringComparison.Ordinal);
        Assert.Contains("Erin Renamed", await client.GetStringAsync(""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_current_password_is_named_as_such()
    {
        using var client = await app.SignedInAsync("http://acme.localhost/", "dan@example.com");
        var response = await client.PostFormAsync("Account/Manage/ChangePassword", "change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = "Not!ThePassw0rd",
            ["Input.NewPassword"] = "Brand!NewPassw0rd",
            ["Input.ConfirmPassword"] = "Brand!NewPassw0rd",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("The current password is incorrect.", Pages.Status(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_only_admin_cannot_delete_their_account()
    {
        using var client = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var response = await client.PostFormAsync("Account/Manage/DeletePersonalData", "delete-user", new Dictionary<string, string>
        {
            ["Input.Password"] = DemoAccounts.Password,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("only admin", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.CreateClientFor("http://acme.localhost/").SignInAsync("admin@acme.test", DemoAccounts.Password));
    }

    [Fact]
    public async Task Personal_data_downloads_only_with_the_forms_antiforgery_token()
    {
        using var client = await app.SignedInAsync("http://acme.localhost/", "carla@example.com");
        var forged = await client.PostAsync("Account/Manage/DownloadPersonalData", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        // The page's form carries the token; post it to the endpoint the form targets.
        var page = await client.GetStringAsync("Account/Manage/PersonalData");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var file = await client.PostAsync("Account/Manage/DownloadPersonalData",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains("\"DisplayName\":\"Carla Customer\"", await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_settings_need_a_sign_in()
    {
        using var client = app.CreateClientFor("http://acme.localhost/");
        var response = await client.GetAsync("Account/Manage");
        Assert.Equal("/Account/Login", Pages.RedirectPath(response, client));
    }
}
