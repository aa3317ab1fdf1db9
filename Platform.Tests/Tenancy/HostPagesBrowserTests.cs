using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>
/// The host pages in a real browser (Debian's chromium) over the real app on Kestrel: the interactive
/// grid, the create dialog with its live and server-side validation, and the details page's actions.
/// Set PLATFORM_TEST_SCREENSHOTS to a folder to keep a screenshot of each step.
/// </summary>
public sealed partial class HostPagesBrowserTests(HostPagesBrowserTests.App app) : IClassFixture<HostPagesBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    private readonly BrowserFixture _browser = new();
    private IPage _page = default!;

    public async Task InitializeAsync()
    {
        await _browser.InitializeAsync();
        _page = await _browser.NewPageAsync();
        await BrowserFixture.SignInAsync(_page, app.RootUri, DemoAccounts.HostAdminEmail, DemoAccounts.Password);
        // The operator's landing page once, as their sign-in would show it: the first test then does not also wait for
        // the app's first page under the five seconds an expectation gets.
        await _page.GotoAsync(new Uri(app.RootUri, "host").ToString());
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Operator console" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task The_operator_finds_creates_and_manages_a_tenant()
    {
        await _page.GotoAsync(new Uri(app.RootUri, "host").ToString());
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Operator console" })).ToBeVisibleAsync();
        await Expect(_page.Locator("[data-stat=total]")).ToHaveTextAsync("2");
        await ShotAsync("1-overview");

        await _page.GetByRole(AriaRole.Link, new() { Name = "See all tenants" }).ClickAsync();
        var rows = _page.Locator(".mud-table-body tr.pf-host-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Filter(new() { HasText = "Globex Hair Studio" })).ToHaveCountAsync(1);
        await ShotAsync("2-list");

        // Typed before the circuit is up, the search would be lost: wait for it.
        await Expect(_page.Locator(".pf-host-filters[data-interactive=true]")).ToBeVisibleAsync();
        await _page.GetByLabel("Search").FillAsync("acm");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Acme Physiotherapy");
        await _page.GetByLabel("Search").FillAsync("nothing-like-this");
        await Expect(_page.GetByText("No tenant matches these filters.")).ToBeVisibleAsync();
        await _page.GetByLabel("Search").FillAsync("");
        await Expect(rows).ToHaveCountAsync(2);

        await _page.GetByRole(AriaRole.Button, new() { Name = "New tenant" }).ClickAsync();
        var dialog = _page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "New tenant" })).ToBeVisibleAsync();
        await dialog.GetByLabel("Slug").FillAsync("Bad Slug");
        await Expect(dialog.GetByText("Use lower-case letters, digits and single hyphens")).ToBeVisibleAsync();
        await dialog.GetByLabel("Slug").FillAsync("acme");
        await Expect(dialog.GetByText("The slug 'acme' is already taken by another tenant.")).ToBeVisibleAsync();
        await ShotAsync("3-dialog-slug-errors");

        await dialog.GetByLabel("Slug").FillAsync("wellness-west");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create tenant" }).ClickAsync();
        await Expect(dialog.GetByText("Enter a name of 1 to 120 characters.")).ToBeVisibleAsync();
        await Expect(dialog.GetByText("Enter the first admin's e-mail address.")).ToBeVisibleAsync();
        await ShotAsync("4-dialog-server-errors");

        await dialog.Locator("input[data-field=Name]").FillAsync("Wellness West");
        await dialog.Locator("input[data-field=TimeZone]").FillAsync("Vienna");
        await _page.GetByText("Europe/Vienna", new() { Exact = true }).ClickAsync();
        await Expect(dialog.Locator("input[data-field=TimeZone]")).ToHaveValueAsync("Europe/Vienna");
        await dialog.Locator("input[data-field=AdminEmail]").FillAsync("wendy@wellness-west.example");
        await dialog.Locator("input[data-field=AdminName]").FillAsync("Wendy West");
        // The time-zone list closes with an animation; a click before it is gone can land on it.
        await Expect(_page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create tenant" }).ClickAsync();

        // Blazor navigates inside the page: poll the address instead of waiting for a load event.
        await Assertions.Expect(_page).ToHaveURLAsync(TenantPage());
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Wellness West", Level = 1 })).ToBeVisibleAsync();
        await Expect(_page.GetByText("Wellness West created.")).ToBeVisibleAsync();
        await Expect(_page.Locator("[data-testid=portal-subdomain]")).ToHaveAttributeAsync("href", $"http://wellness-west.localhost:{app.RootUri.Port}/");
        await Expect(_page.Locator("[data-testid=portal-path]")).ToHaveAttributeAsync("href", $"http://localhost:{app.RootUri.Port}/t/wellness-west/");
        Assert.Single(app.MailsTo("wendy@wellness-west.example"));
        await ShotAsync("5-details");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        var confirm = _page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync("Suspend Wellness West?");
        await ShotAsync("6-confirm-suspend");
        await confirm.Locator("[data-testid=confirm]").ClickAsync();
        await Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Reactivate" })).ToBeVisibleAsync();
        using (var portal = new HttpClient())
        {
            // *.localhost resolves in the browser, not necessarily in .NET: ask the loopback with the tenant's host name.
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{app.RootUri.Port}/");
            request.Headers.Host = $"wellness-west.localhost:{app.RootUri.Port}";
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await portal.SendAsync(request)).StatusCode);
        }

        var reports = _page.Locator("tr[data-feature=Reports]");
        await Expect(reports).ToContainTextAsync("Off");
        await reports.Locator(".mud-select").First.ClickAsync();
        await _page.Locator(".mud-popover-open").GetByText("Force on", new() { Exact = true }).ClickAsync();
        await Expect(reports).ToContainTextAsync("On");

        await _page.GetByLabel("Add a domain").FillAsync("book.wellness-west.example");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(_page.GetByText("book.wellness-west.example", new() { Exact = true })).ToBeVisibleAsync();
        await _page.GetByLabel("Add a domain").FillAsync("shop.localhost");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(_page.GetByText("Domains under localhost belong to the platform")).ToBeVisibleAsync();
        await ShotAsync("7-features-domains");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Remove book.wellness-west.example" }).ClickAsync();
        await Expect(_page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Wellness West");
        await _page.GetByRole(AriaRole.Dialog).Locator("[data-testid=confirm]").ClickAsync();
        await Expect(_page.GetByText("No custom domains yet.")).ToBeVisibleAsync();

        await _page.GetByLabel("Name", new() { Exact = true }).FillAsync("Wellness West Clinic");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Wellness West Clinic", Level = 1 })).ToBeVisibleAsync();
        await ShotAsync("8-saved");
    }

    [Fact]
    public async Task An_unknown_tenant_id_says_so()
    {
        await _page.GotoAsync(new Uri(app.RootUri, $"host/tenants/{Guid.NewGuid()}").ToString());
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Tenant not found" })).ToBeVisibleAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private async Task ShotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("PLATFORM_TEST_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"host-{name}.png"), FullPage = true });
        }
    }

    [GeneratedRegex("/host/tenants/[0-9a-f-]{36}$")]
    private static partial Regex TenantPage();
}
