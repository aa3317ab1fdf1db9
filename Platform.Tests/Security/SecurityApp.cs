using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Infrastructure.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.Security;

/// <summary>The real app on SQLite with a clock the test moves: codes expire and steps pass on demand.</summary>
public sealed class SecurityApp() : PlatformAppFactory(TestDatabase.Sqlite)
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Runs <paramref name="work"/> in acme's scope with the user of <paramref name="email"/>.</summary>
    public Task<T> AsUserAsync<T>(string email, Func<IServiceProvider, PlatformUser, Task<T>> work, string slug = "acme") =>
        InTenantAsync(slug, async services =>
        {
            var user = await services.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email)
                       ?? throw new InvalidOperationException($"No {email} at {slug}.");
            return await work(services, user);
        });
}
