using Microsoft.Playwright;

namespace Platform.Tests.Support;

/// <summary>
/// One headless Chromium per test class: Debian's chromium (PLATFORM_TEST_CHROMIUM, default /usr/bin/chromium)
/// driven by the Playwright driver that ships in the NuGet package, so nothing is downloaded.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot.Path, ".test-run", "screenshots");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var chromium = Environment.GetEnvironmentVariable("PLATFORM_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with one page, at a desktop size.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Runs the steps; when one fails, the page as it looked is saved under .test-run/screenshots first.</summary>
    public static async Task RunAsync(IPage page, string testName, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            await SaveScreenshotAsync(page, $"{testName}-FAILED");
            throw;
        }
    }

    public static async Task SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotFolder, name + ".png"),
            FullPage = true,
            Animations = ScreenshotAnimations.Disabled, // MudBlazor's transitions would be caught half way
        });
    }

    /// <summary>Signs in through the real sign-in form of the tenant at <paramref name="tenantRoot"/>.</summary>
    public static async Task SignInAsync(IPage page, Uri tenantRoot, string email, string password)
    {
        await page.GotoAsync(new Uri(tenantRoot, "Account/Login").ToString());
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        await page.Locator("input[name='Input.Password']").PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("Account/Login", StringComparison.OrdinalIgnoreCase));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
