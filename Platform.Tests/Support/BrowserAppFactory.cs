using Microsoft.AspNetCore.Hosting;

namespace Platform.Tests.Support;

/// <summary>
/// The app on a real port with its static web assets (blazor.web.js, MudBlazor's CSS and JS) served from
/// the build output's manifest. Outside Development ASP.NET Core only serves the files under wwwroot, so
/// without this a browser gets unstyled pages that never become interactive.
/// </summary>
public class BrowserAppFactory(TestDatabase database = TestDatabase.Sqlite) : KestrelAppFactory(database)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseStaticWebAssets();
    }
}
