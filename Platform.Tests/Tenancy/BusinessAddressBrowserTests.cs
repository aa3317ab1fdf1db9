using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Tenancy;

/// <summary>An admin edits the business address in the App's settings: a too-long one is kept as typed and refused with the reason.</summary>
public sealed class BusinessAddressBrowserTests(BusinessAddressBrowserTests.App app) : IClassFixture<BusinessAddressBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task An_admin_is_told_a_pasted_address_is_too_long_keeps_what_was_typed_and_saves_a_shorter_one()
    {
        var page = await _browser.NewPageAsync();
        var globex = app.TenantUri("globex");
        await BrowserFixture.RunAsync(page, "address-settings", async () =>
        {
            await BrowserFixture.SignInAsync(page, globex, "admin@globex.test", DemoAccounts.Password);
            await page.GotoAsync(new Uri(globex, "app/settings/address").ToString());
            await Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
            var field = page.Locator("#business-address");
            await Expect(field).ToHaveValueAsync("Friedrichstraße 68\n10117 Berlin");

            var tooLong = "Friedrichstraße 68\n" + new string('x', 282);
            await field.FillAsync(tooLong);
            await Expect(page.GetByText("at most 300 characters; this one has 301")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "address-settings-too-long-globex");
            await page.GetByTestId("save-address").ClickAsync();
            Assert.Equal(tooLong, await field.InputValueAsync()); // not cut short

            await field.FillAsync("Friedrichstraße 68\nHinterhaus, 2. OG\n10117 Berlin");
            await Expect(page.GetByText("this one has")).ToHaveCountAsync(0);
            await page.GetByTestId("save-address").ClickAsync();
            await Expect(page.GetByText("Address saved")).ToBeVisibleAsync();

            await page.ReloadAsync();
            await Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
            await Expect(field).ToHaveValueAsync("Friedrichstraße 68\nHinterhaus, 2. OG\n10117 Berlin");
            await page.SetViewportSizeAsync(390, 844);
            await BrowserFixture.SaveScreenshotAsync(page, "address-settings-globex-phone");
        });
        await page.Context.CloseAsync();
    }
}
