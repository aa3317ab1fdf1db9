using Microsoft.Playwright;
using MudBlazor.Utilities;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using Platform.Web.Theming;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Tenancy;

/// <summary>The theme editor in a real Chromium against the app on a real port.</summary>
public class BrandingBrowserTests(BrandingBrowserTests.App app, BrowserFixture browser)
    : IClassFixture<BrandingBrowserTests.App>, IClassFixture<BrowserFixture>
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    private const string AppBar = "header.mud-appbar";

    [Fact]
    public async Task An_admins_new_primary_colour_previews_saves_and_survives_a_reload_while_globex_keeps_its_own()
    {
        var page = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(An_admins_new_primary_colour_previews_saves_and_survives_a_reload_while_globex_keeps_its_own), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "admin@acme.test", DemoAccounts.Password);
            await OpenEditorAsync(page, acme);
            await Expect(page.Locator(AppBar)).ToHaveCSSAsync("background-color", "rgb(21, 101, 192)");

            await page.Locator("#primary-color").FillAsync("#2E7D32");
            await Expect(page.GetByTestId("preview-appbar")).ToHaveCSSAsync("background-color", "rgb(46, 125, 50)");
            await Expect(page.Locator(AppBar)).ToHaveCSSAsync("background-color", "rgb(21, 101, 192)"); // not saved yet

            await page.GetByTestId("save-branding").ClickAsync();
            await Expect(page.GetByText("Branding saved")).ToBeVisibleAsync();
            await Expect(page.Locator(AppBar)).ToHaveCSSAsync("background-color", "rgb(46, 125, 50)"); // this circuit repaints at once

            await page.ReloadAsync();
            await Expect(page.Locator(AppBar)).ToHaveCSSAsync("background-color", "rgb(46, 125, 50)");
            Assert.Equal("#2E7D32", await page.Locator("#primary-color").InputValueAsync());

            await page.GotoAsync(app.TenantUri("globex").ToString());
            // Globex is dark: its app bar is the dark palette's, its buttons its own (lightened) primary.
            var globexPalette = TenantThemes.ToMudTheme(DemoAccounts.Tenants.Single(t => t.Slug == "globex").Theme).PaletteDark;
            await Expect(page.Locator(AppBar)).ToHaveCSSAsync("background-color", Rgb(globexPalette.AppbarBackground));
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Book now" })).ToHaveCSSAsync("background-color", Rgb(globexPalette.Primary));
        });
    }

    [Fact]
    public async Task The_settings_pages_look_right()
    {
        var page = await browser.NewPageAsync();
        var globex = app.TenantUri("globex");
        await BrowserFixture.RunAsync(page, nameof(The_settings_pages_look_right), async () =>
        {
            await BrowserFixture.SignInAsync(page, globex, "admin@globex.test", DemoAccounts.Password);
            await OpenEditorAsync(page, globex);
            await page.Locator("#secondary-color").FillAsync("#zz");
            await page.Locator("#secondary-color").BlurAsync();
            await Expect(page.GetByText("Secondary colour must be a hex colour")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "branding-globex-dark-invalid");
            await page.GetByTestId("discard-branding").ClickAsync();

            await page.GotoAsync(new Uri(globex, "app/settings/domains").ToString());
            await Expect(page.GetByTestId("domains-empty")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "domains-empty");
            await page.Locator("#new-domain").FillAsync("termine.globex-hair.de");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add domain" }).ClickAsync();
            await Expect(page.GetByTestId("domain-row")).ToHaveCountAsync(1);
            await BrowserFixture.SaveScreenshotAsync(page, "domains-one");
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove termine.globex-hair.de" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "domains-remove-confirm");
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove domain" }).ClickAsync();
            await Expect(page.GetByTestId("domains-empty")).ToBeVisibleAsync();

            await page.GotoAsync(new Uri(globex, "app/settings/plan").ToString());
            await Expect(page.GetByTestId("plan-tier")).ToHaveTextAsync("Enterprise");
            await BrowserFixture.SaveScreenshotAsync(page, "plan");

        });

        var acmePage = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(acmePage, nameof(The_settings_pages_look_right) + "-acme", async () =>
        {
            await BrowserFixture.SignInAsync(acmePage, acme, "admin@acme.test", DemoAccounts.Password);
            await OpenEditorAsync(acmePage, acme);
            await BrowserFixture.SaveScreenshotAsync(acmePage, "branding-acme");
            await acmePage.Locator("#primary-color").FillAsync("#FFEB3B");
            await acmePage.Locator(".pf-font-select .mud-select-input").First.ClickAsync();
            await Expect(acmePage.GetByRole(AriaRole.Option, new() { Name = "Monospace" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(acmePage, "branding-acme-editing");
        });
    }

    [Fact]
    public async Task A_logo_is_uploaded_shown_at_once_refused_when_fake_and_removed_after_confirmation()
    {
        var page = await browser.NewPageAsync();
        var acme = app.TenantUri("acme");
        await BrowserFixture.RunAsync(page, nameof(A_logo_is_uploaded_shown_at_once_refused_when_fake_and_removed_after_confirmation), async () =>
        {
            await BrowserFixture.SignInAsync(page, acme, "admin@acme.test", DemoAccounts.Password);
            await OpenEditorAsync(page, acme);

            await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "logo.svg", MimeType = "image/svg+xml", Buffer = Logo });
            await Expect(page.Locator("header.mud-appbar img.pf-brand-logo")).ToBeVisibleAsync(); // the layout repaints without a reload
            await Expect(page.GetByTestId("preview-appbar").Locator("img")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "branding-logo");

            await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "just notes"u8.ToArray() });
            await Expect(page.GetByTestId("logo-error")).ToContainTextAsync("not a real PNG, JPEG or WebP image");
            await BrowserFixture.SaveScreenshotAsync(page, "branding-logo-refused");

            await page.GetByRole(AriaRole.Button, new() { Name = "Remove logo" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Remove the logo?");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove logo" }).ClickAsync();
            await Expect(page.Locator("header.mud-appbar img.pf-brand-logo")).ToHaveCountAsync(0);
            await Expect(page.Locator("header.mud-appbar .pf-brand-mark")).ToHaveTextAsync("AP");
        });
    }

    [Fact]
    public async Task A_free_plan_admin_sees_what_the_plan_lacks()
    {
        await app.CreateTenantAsync("initech", "Initech Consulting", Core.Tenancy.PlanTier.Free);
        var page = await browser.NewPageAsync();
        var initech = app.TenantUri("initech");
        await BrowserFixture.RunAsync(page, nameof(A_free_plan_admin_sees_what_the_plan_lacks), async () =>
        {
            await BrowserFixture.SignInAsync(page, initech, "admin@initech.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(initech, "app/settings/domains").ToString());
            await Expect(page.GetByText("Custom domains is not part of your plan.")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Custom domains" })).ToHaveCountAsync(0);
            await BrowserFixture.SaveScreenshotAsync(page, "domains-free-plan");

            await page.GetByRole(AriaRole.Link, new() { Name = "See your plan" }).ClickAsync();
            await Expect(page.GetByTestId("plan-tier")).ToHaveTextAsync("Free");
            await BrowserFixture.SaveScreenshotAsync(page, "plan-free");
        });
    }

    private static async Task OpenEditorAsync(IPage page, Uri tenant)
    {
        await page.GotoAsync(new Uri(tenant, "app/settings/branding").ToString());
        await Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
    }

    private static readonly byte[] Logo = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 40" width="160" height="40">
          <circle cx="20" cy="20" r="16" fill="#FFFFFF"/><path d="M12 26 L20 10 L28 26 Z" fill="#1565C0"/>
          <text x="44" y="27" font-family="DejaVu Sans, sans-serif" font-size="18" font-weight="700" fill="#FFFFFF">ACME</text>
        </svg>
        """u8.ToArray();

    private static string Rgb(MudColor color) => $"rgb({color.R}, {color.G}, {color.B})";
}
