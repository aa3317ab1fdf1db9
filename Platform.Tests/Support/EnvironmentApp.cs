using Microsoft.AspNetCore.Hosting;

namespace Platform.Tests.Support;

/// <summary>
/// The app on SQLite in a named environment: Development and Production differ in error pages and problem details, and
/// bad input must get the same clear answer in both.
/// </summary>
public abstract class EnvironmentApp(string environment) : PlatformAppFactory(TestDatabase.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(environment);
    }

    public sealed class Development() : EnvironmentApp("Development");

    public sealed class Production() : EnvironmentApp("Production");
}
