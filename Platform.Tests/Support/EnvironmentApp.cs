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

    public sealed class Development() : EnvironmentApp("Development")
    {
        // Development seeds the demo's bookings too; said here, the app starts on the seeded copy that has them.
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Seed:DemoBookings"] = "true" };
    }

    public sealed class Production() : EnvironmentApp("Production");
}
