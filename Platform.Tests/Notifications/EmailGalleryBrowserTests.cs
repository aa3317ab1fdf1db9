using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>
/// Every e-mail kind as each demo tenant sends it (default wording, sample values), opened in chromium at a desktop mail
/// client's width and at a phone's: framed in the tenant's colour and name, no wider than the phone. The HTML and the
/// screenshots are saved under .test-run/screenshots/emails for people to look at.
/// </summary>
public sealed class EmailGalleryBrowserTests(EmailGalleryBrowserTests.App app) : IClassFixture<EmailGalleryBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Theory]
    [InlineData("acme", "Acme Physiotherapy", "rgb(21, 101, 192)")]
    [InlineData("globex", "Globex Hair Studio", "rgb(126, 87, 194)")]
    public async Task Every_email_is_framed_in_the_tenants_branding_and_fits_a_phone(string slug, string name, string colour)
    {
        var folder = Path.Combine(BrowserFixture.ScreenshotFolder, "emails");
        Directory.CreateDirectory(folder);
        var page = await _browser.NewPageAsync();
        foreach (var (file, kind, values) in Samples())
        {
            var mail = await app.InTenantAsync(slug, async sp =>
            {
                var templates = sp.GetRequiredService<NotificationTemplates>();
                var all = new Dictionary<string, string>(values) { ["tenant_name"] = name };
                return await templates.RenderAsync(kind, NotificationChannels.Email, all, await templates.BrandingAsync());
            });
            await File.WriteAllTextAsync(Path.Combine(folder, $"{slug}-{file}.html"), mail.Html);

            await page.SetViewportSizeAsync(700, 600);
            await page.SetContentAsync(mail.Html!);
            var header = page.Locator("td[style*='font-weight:600']");
            Assert.Equal(name, (await header.InnerTextAsync()).Trim());
            Assert.Equal(colour, await header.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
            await BrowserFixture.SaveScreenshotAsync(page, $"emails/{slug}-{file}");

            await page.SetViewportSizeAsync(390, 844);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{slug} {file} is wider than a phone");
            await BrowserFixture.SaveScreenshotAsync(page, $"emails/{slug}-{file}-phone");
        }
    }

    /// <summary>One of each e-mail, with the values its sender gives.</summary>
    private static IEnumerable<(string File, string Kind, IReadOnlyDictionary<string, string> Values)> Samples()
    {
        foreach (var kind in NotificationKinds.All)
        {
            yield return (kind.Kind, kind.Kind, DefaultTemplates.SampleValuesFor(kind.Kind));
        }

        yield return ("booking.confirmation-pending", NotificationKinds.BookingConfirmation,
            new Dictionary<string, string>(DefaultTemplates.SampleValuesFor(NotificationKinds.BookingConfirmation)) { ["pending"] = "true" });
        yield return ("booking.changed-cancelled", NotificationKinds.BookingChanged, new Dictionary<string, string>(DefaultTemplates.SampleValues)
        {
            ["title"] = "Your booking was cancelled",
            ["body"] = "Your booking with Your business is cancelled.",
            ["reason"] = "The clinic is closed that day",
            ["cancelled"] = "true",
        });
    }
}
