using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Tenancy;

namespace Platform.Tests.Support;

public enum TestDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real app over a real database: a SQLite file in a temp folder, or a fresh PostgreSQL database.
/// Demo data is seeded, e-mail goes to a pickup folder of its own. Dispose deletes the files.
/// </summary>
public class PlatformAppFactory(TestDatabase database = TestDatabase.Sqlite) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("platform-test-").FullName;
    private string _connectionString = "";

    public TestDatabase Database => database;

    /// <summary>Where this app's database is, for a test that reads it after the app stopped.</summary>
    public string ConnectionString => _connectionString;

    public string MailFolder => Path.Combine(_folder, "mail");

    public string SmsFolder => Path.Combine(_folder, "sms");

    /// <summary>Extra configuration a test class wants, applied last.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        _connectionString = await CreateConnectionStringAsync();
        _ = Services; // starts the host: migrations and demo seed run now, not inside the first test
    }

    /// <summary>
    /// Whether this app starts on a copy of a database already migrated and seeded with its seed settings
    /// (<see cref="SeededDatabases"/>), rather than on an empty one. An app whose test is about that first start says no.
    /// </summary>
    protected virtual bool StartsOnSeededCopy => true;

    /// <summary>The database of this app: a fresh one; several app instances (nodes) may share one by overriding this.</summary>
    protected virtual async Task<string> CreateConnectionStringAsync()
    {
        if (StartsOnSeededCopy)
        {
            var seedSettings = Settings.Where(s => s.Key.StartsWith("Seed:", StringComparison.Ordinal)).ToDictionary();
            return await SeededDatabases.CopyAsync(database, seedSettings, _folder);
        }

        return database == TestDatabase.Postgres
            ? await TestPostgres.CreateDatabaseAsync("platform")
            : $"Data Source={Path.Combine(_folder, "platform.db")}";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database == TestDatabase.Postgres ? "PostgreSql" : "Sqlite",
            ["ConnectionStrings:Platform"] = _connectionString,
            ["Email:PickupDirectory"] = MailFolder,
            ["Sms:PickupDirectory"] = SmsFolder,
            ["DataProtection:KeysDirectory"] = Path.Combine(_folder, "keys"),
            ["Seed:Demo"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            // Reminders due in a test go out within a second, not the minute a node waits between sweeps.
            ["Reminders:SweepInterval"] = "00:00:01",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        // UseSetting, not ConfigureAppConfiguration: the app reads these while registering services,
        // before the test's configuration sources would be added.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Remember-this-device cookies of demo accounts' two-step sign-ins, reused by the sign-in helpers.</summary>
    public RememberedDevices RememberedDevices { get; } = new();

    /// <summary>A client for one address, e.g. "http://acme.localhost/" or "http://localhost/t/globex/", with its own cookies.</summary>
    public HttpClient CreateClientFor(string baseAddress)
    {
        var cookies = new System.Net.CookieContainer();
        var client = CreateDefaultClient(new Uri(baseAddress), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        AccountClient.Register(client, this, cookies);
        return client;
    }

    public async Task<Guid> TenantIdAsync(string slug)
    {
        await using var scope = Services.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantCatalog>().FindBySlugAsync(slug);
        return tenant?.Id ?? throw new InvalidOperationException($"No tenant {slug}.");
    }

    /// <summary>Runs code in a DI scope that works for the given tenant, as a job would.</summary>
    /// <summary>Runs <paramref name="work"/> in a scope of the host side (no tenant), as background services do.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task<T> InTenantAsync<T>(string slug, Func<IServiceProvider, Task<T>> work)
    {
        var id = await TenantIdAsync(slug);
        await using var scope = await Services.GetRequiredService<TenantScopeFactory>().CreateAsync(id);
        return await work(scope.ServiceProvider);
    }

    /// <summary>Runs code in a DI scope of the tenant in which <paramref name="actor"/> acts, as their request or circuit would.</summary>
    public Task<T> AsActorAsync<T>(string slug, Platform.Core.Access.Actor actor, Func<IServiceProvider, Task<T>> work) =>
        InTenantAsync(slug, sp =>
        {
            sp.GetRequiredService<Platform.Infrastructure.Access.ActorContext>().Set(actor);
            return work(sp);
        });

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>
/// The app on Kestrel at a real port, for a browser to reach, with its static web assets (blazor.web.js,
/// MudBlazor's CSS and JS) served from the build's manifest: outside Development ASP.NET Core serves
/// only wwwroot, and a browser would get unstyled pages that never become interactive.
/// </summary>
public class KestrelAppFactory(TestDatabase database = TestDatabase.Sqlite) : PlatformAppFactory(database)
{
    public Uri RootUri { get; private set; } = default!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseStaticWebAssets();
    }

    public override async Task InitializeAsync()
    {
        UseKestrel(0);
        await base.InitializeAsync();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        RootUri = new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal).Replace("[::1]", "localhost", StringComparison.Ordinal));
    }

    /// <summary>http://{slug}.localhost:{port}/</summary>
    public Uri TenantUri(string slug) => new($"{RootUri.Scheme}://{slug}.localhost:{RootUri.Port}/");

    /// <summary>
    /// http://localhost:{port}/t/{slug}/: every tenant on one host, as WebAuthn needs a domain (never an IP
    /// address) for its relying party id, and passkeys of all tenants then share that id.
    /// </summary>
    public Uri PathTenantUri(string slug) => new(RootUri, $"t/{slug}/");
}
