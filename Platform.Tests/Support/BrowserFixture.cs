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

    /// <summary>A fresh browser context (its own cookies) with one page, at a desktop size unless told another.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>The cookies of this class's sign-ins, by tenant address and e-mail: the class's app lives as long as this fixture.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<BrowserContextCookiesResult>> _signedIn = new();

    /// <summary>
    /// A fresh context's page at that size, signed in at the tenant as a demo account (its authenticator code answered),
    /// still blank: the caller goes where its test starts. The first sign-in of an account in a test class goes through the
    /// sign-in form; later ones in the class reuse its cookies, as a browser that stayed signed in would.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(Uri tenantRoot, string email, int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        var key = $"{tenantRoot}|{email}";
        if (_signedIn.TryGetValue(key, out var cookies))
        {
            await page.Context.AddCookiesAsync(cookies.Select(ToCookie));
            return page;
        }

        await SignInAsync(page, tenantRoot, email, Platform.Infrastructure.Seeding.DemoAccounts.Password);
        _signedIn[key] = await page.Context.CookiesAsync();
        return page;
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

    /// <summary>Remember-this-device cookies by app address and e-mail (see <see cref="DemoSecondFactor"/>).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Cookie> RememberedDevices = new();

    /// <summary>
    /// Signs in through the real sign-in form of the tenant at <paramref name="tenantRoot"/>, answering the second
    /// step with the demo account's authenticator code when it asks for one. It returns to the health check, not the
    /// landing page: every caller goes on to the page its test is about, and loading the dashboard first cost each
    /// sign-in a second or more.
    /// </summary>
    public static async Task SignInAsync(IPage page, Uri tenantRoot, string email, string password)
    {
        var key = $"{tenantRoot.Authority}|{email}";
        if (RememberedDevices.TryGetValue(key, out var remembered))
        {
            await page.Context.AddCookiesAsync([remembered]);
        }

        await page.GotoAsync(new Uri(tenantRoot, "Account/Login?ReturnUrl=health").ToString());
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        await page.Locator("input[name='Input.Password']").PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("Account/Login?", StringComparison.OrdinalIgnoreCase) && !url.EndsWith("Account/Login", StringComparison.OrdinalIgnoreCase));
        if (!page.Url.Contains("Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase) || !DemoSecondFactor.HasSecret(email))
        {
            return;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            // This step's code first; refused (used a moment ago), the next step's code, which the window still accepts.
            var code = attempt == 0 ? DemoSecondFactor.Code(email) : DemoSecondFactor.NextStepCode(email);
            await page.Locator("input[name='Input.Code']").FillAsync(code);
            await page.Locator("input[name='Input.RememberDevice']").CheckAsync();
            await page.Locator("input[name='Input.Code']").PressAsync("Enter");
            try
            {
                // Accepted, the page leaves the second step; refused, the form comes back and the URL stays.
                await page.WaitForURLAsync(url => !url.Contains("Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase),
                    new() { WaitUntil = WaitUntilState.Commit, Timeout = 5_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 2)
            {
                if (attempt == 1)
                {
                    // The next step's code was used as well: only the clock brings a fresh one.
                    await DemoSecondFactor.WaitForNextStepAsync();
                }
            }
        }

        var cookies = await page.Context.CookiesAsync();
        if (cookies.FirstOrDefault(c => c.Name == DemoSecondFactor.RememberCookie) is { } cookie)
        {
            RememberedDevices[key] = ToCookie(cookie);
        }
    }

    /// <summary>A cookie a context gave, as another context takes it.</summary>
    private static Cookie ToCookie(BrowserContextCookiesResult cookie) => new()
    {
        Name = cookie.Name,
        Value = cookie.Value,
        Domain = cookie.Domain,
        Path = cookie.Path,
        Expires = cookie.Expires,
        HttpOnly = cookie.HttpOnly,
        Secure = cookie.Secure,
        SameSite = cookie.SameSite,
    };

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
