using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Email;
using Platform.Core.Features;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>Creating tenants and the uniqueness rules, on each real database.</summary>
public abstract class TenantCreationTests(PlatformAppFactory app)
{
    [Fact]
    public async Task Create_adds_the_tenant_and_emails_its_first_admin_an_invitation()
    {
        var command = HostTestSupport.NewTenant();
        var before = await app.CountAsync();

        var outcome = await app.CreateTenantAsync(command);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
        var created = outcome.Value!;
        Assert.Equal((command.Slug, "Test Clinic", PlanTier.Premium, TenantStatus.Active), (created.Slug, created.Name, created.Plan, created.Status));
        Assert.Equal(("eu-central", "EUR", "Europe/Vienna"), (created.Region, created.DefaultCurrency, created.TimeZone));

        var after = await app.CountAsync();
        Assert.Equal(before with { Tenants = before.Tenants + 1, Invitations = before.Invitations + 1, Mails = before.Mails + 1 }, after);

        var mail = Assert.Single(app.MailsTo(command.AdminEmail));
        Assert.Equal("You are invited to Test Clinic", mail.Subject);
        Assert.Contains($"http://{command.Slug}.localhost/Account/AcceptInvitation?token=", mail.TextBody, StringComparison.Ordinal);

        var invitation = await app.InTenantAsync(command.Slug, sp =>
            sp.GetRequiredService<PlatformDbContext>().StaffInvitations.SingleAsync());
        Assert.Equal((command.AdminEmail, "Fiona First", "TenantAdmin"), (invitation.Email, invitation.DisplayName, invitation.Role));
        Assert.Equal(created.Id, invitation.TenantId);
    }

    [Fact]
    public async Task A_taken_slug_is_refused_and_nothing_is_written()
    {
        var before = await app.CountAsync();

        var outcome = await app.CreateTenantAsync(HostTestSupport.NewTenant("acme"));

        Assert.False(outcome.Succeeded);
        Assert.Equal(["The slug 'acme' is already taken by another tenant."], outcome.Errors[nameof(CreateTenant.Slug)]);
        Assert.Equal(before, await app.CountAsync());
    }

    [Fact]
    public async Task A_domain_of_another_tenant_is_refused_and_nothing_is_written()
    {
        var acme = await app.TenantIdAsync("acme");
        var globex = await app.TenantIdAsync("globex");
        var host = $"book.{HostTestSupport.UniqueSlug("acme")}.example";
        var added = await app.AdministerAsync((admin, me) => admin.AddDomainAsync(acme, "https://" + host.ToUpperInvariant() + "/", me));
        Assert.True(added.Succeeded, string.Join("; ", added.Errors.SelectMany(e => e.Value)));
        Assert.Contains(added.Value!.Domains, d => d.Host == host);
        var before = await app.CountAsync();

        var again = await app.AdministerAsync((admin, me) => admin.AddDomainAsync(globex, host, me));
        var twice = await app.AdministerAsync((admin, me) => admin.AddDomainAsync(acme, host, me));

        Assert.Equal([$"{host} is already in use by the tenant 'acme'. A domain can belong to one tenant only."], again.Errors["Host"]);
        Assert.Equal([$"{host} is already one of this tenant's domains."], twice.Errors["Host"]);
        Assert.Equal(before, await app.CountAsync());
    }
}

[Collection(HostSqliteCollection.Name)]
public sealed class SqliteTenantCreationTests(HostSqliteApp app) : TenantCreationTests(app);

public sealed class PostgresTenantCreationTests(PostgresTenantCreationTests.App app)
    : TenantCreationTests(app), IClassFixture<PostgresTenantCreationTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);

    [Fact]
    public async Task Two_operators_creating_the_same_slug_at_once_get_one_tenant_and_one_slug_error()
    {
        var slug = HostTestSupport.UniqueSlug("race");
        var before = await app.CountAsync();

        // Every operator is ready (scope, service, own id) before any of them submits.
        const int operators = 6;
        var ready = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, operators).Select(_ => Task.Run(() => app.AdministerAsync(async (admin, me) =>
        {
            if (Interlocked.Increment(ref ready) == operators)
            {
                go.SetResult();
            }

            await go.Task;
            return await admin.CreateAsync(HostTestSupport.NewTenant(slug), me, HostTestSupport.AcceptUrl);
        }))));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o =>
            Assert.Equal([$"The slug '{slug}' is already taken by another tenant."], o.Errors[nameof(CreateTenant.Slug)]));
        var after = await app.CountAsync();
        Assert.Equal((before.Tenants + 1, before.Invitations + 1, before.Mails + 1), (after.Tenants, after.Invitations, after.Mails));
    }
}

/// <summary>The rest of the use cases, on SQLite.</summary>
[Collection(HostSqliteCollection.Name)]
public sealed class TenantAdministrationTests(HostSqliteApp app)
{
    public static TheoryData<string, Func<CreateTenant, CreateTenant>, string> InvalidCommands => new()
    {
        { nameof(CreateTenant.Slug), c => c with { Slug = "Bad Slug!" }, "Use lower-case letters, digits and single hyphens; start with a letter and end with a letter or digit." },
        { nameof(CreateTenant.Slug), c => c with { Slug = "admin" }, "'admin' is reserved." },
        { nameof(CreateTenant.Slug), c => c with { Slug = "ab" }, "A slug has 3 to 40 characters." },
        { nameof(CreateTenant.Name), c => c with { Name = "  " }, "Enter a name of 1 to 120 characters." },
        { nameof(CreateTenant.Name), c => c with { Name = new string('n', 121) }, "Enter a name of 1 to 120 characters." },
        { nameof(CreateTenant.Plan), c => c with { Plan = (PlanTier)9 }, "Choose Free, Premium or Enterprise." },
        { nameof(CreateTenant.Region), c => c with { Region = "moon-1" }, "Choose one of the regions: eu-central, us-east, ap-southeast." },
        { nameof(CreateTenant.Currency), c => c with { Currency = "XYZ" }, "Choose a supported ISO 4217 currency such as EUR or USD." },
        { nameof(CreateTenant.Currency), c => c with { Currency = "eur" }, "Choose a supported ISO 4217 currency such as EUR or USD." },
        { nameof(CreateTenant.TimeZone), c => c with { TimeZone = "Mars/Olympus_Mons" }, "Choose an IANA time zone such as Europe/Berlin." },
        { nameof(CreateTenant.TimeZone), c => c with { TimeZone = "W. Europe Standard Time" }, "Choose an IANA time zone such as Europe/Berlin." },
        { nameof(CreateTenant.AdminEmail), c => c with { AdminEmail = "not-an-address" }, "Enter the first admin's e-mail address." },
        { nameof(CreateTenant.AdminName), c => c with { AdminName = "" }, "Enter the first admin's name, at most 120 characters." },
    };

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public async Task Invalid_input_returns_the_field_error_and_writes_nothing(string field, Func<CreateTenant, CreateTenant> spoil, string message)
    {
        var command = spoil(HostTestSupport.NewTenant());
        var before = await app.CountAsync();

        var outcome = await app.CreateTenantAsync(command);

        Assert.False(outcome.Succeeded);
        Assert.Equal([field], outcome.Errors.Keys);
        Assert.Equal([message], outcome.Errors[field]);
        Assert.Equal(before, await app.CountAsync());
        Assert.Empty(app.MailsTo(command.AdminEmail));
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var outcome = await app.CreateTenantAsync(new CreateTenant("www", "", PlanTier.Free, "nowhere", "ABC", "Nowhere/City", "x", ""));

        Assert.Equal(
            new[] { "AdminEmail", "AdminName", "Currency", "Name", "Region", "Slug", "TimeZone" },
            outcome.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Update_changes_the_settings_and_validates_like_create()
    {
        var id = (await app.CreateTenantAsync(HostTestSupport.NewTenant())).Value!.Id;

        var updated = await app.AdministerAsync((admin, me) =>
            admin.UpdateAsync(id, new UpdateTenant(" Renamed Clinic ", PlanTier.Enterprise, "us-east", "USD", "America/Chicago"), me));
        var refused = await app.AdministerAsync((admin, me) =>
            admin.UpdateAsync(id, new UpdateTenant("Other", PlanTier.Free, "us-east", "USD", "Atlantis/Capital"), me));
        var missing = await app.AdministerAsync((admin, me) =>
            admin.UpdateAsync(Guid.NewGuid(), new UpdateTenant("Other", PlanTier.Free, "us-east", "USD", "UTC"), me));

        Assert.True(updated.Succeeded);
        Assert.Equal(["TimeZone"], refused.Errors.Keys);
        Assert.Equal([TenantAdministration.TenantField], missing.Errors.Keys);
        var stored = await app.AdministerAsync((admin, _) => admin.GetAsync(id));
        Assert.Equal(("Renamed Clinic", PlanTier.Enterprise, "us-east", "USD", "America/Chicago"),
            (stored!.Name, stored.Plan, stored.Region, stored.DefaultCurrency, stored.TimeZone));
    }

    [Fact]
    public async Task Domains_are_normalized_validated_and_removed()
    {
        var id = (await app.CreateTenantAsync(HostTestSupport.NewTenant())).Value!.Id;
        var under = await app.AdministerAsync((admin, me) => admin.AddDomainAsync(id, "shop.localhost", me));
        var withPath = await app.AdministerAsync((admin, me) => admin.AddDomainAsync(id, "book.example.com/path", me));
        var host = $"{HostTestSupport.UniqueSlug("d")}.example.org";
        var added = await app.AdministerAsync((admin, me) => admin.AddDomainAsync(id, $" HTTP://{host.ToUpperInvariant()} ", me));

        Assert.Equal(["Domains under localhost belong to the platform; choose your own domain."], under.Errors["Host"]);
        Assert.Equal(["Enter a domain name such as book.example.com, without a path or port."], withPath.Errors["Host"]);
        var domain = Assert.Single(added.Value!.Domains);
        Assert.Equal(host, domain.Host);

        var removed = await app.AdministerAsync((admin, me) => admin.RemoveDomainAsync(id, domain.Id, me));
        Assert.Empty(removed.Value!.Domains);
        Assert.Equal(["Host"], (await app.AdministerAsync((admin, me) => admin.RemoveDomainAsync(id, domain.Id, me))).Errors.Keys);
    }

    [Fact]
    public async Task Feature_overrides_are_set_changed_and_cleared()
    {
        var id = (await app.CreateTenantAsync(HostTestSupport.NewTenant(plan: PlanTier.Free))).Value!.Id;

        var on = await app.AdministerAsync((admin, me) => admin.SetFeatureOverrideAsync(id, PlatformFeatures.Reports, true, me));
        Assert.Equal(new TenantFeatureRow(PlatformFeatures.All.Single(f => f.Name == PlatformFeatures.Reports), false, true, true),
            on.Value!.Features.Single(f => f.Feature.Name == PlatformFeatures.Reports));

        var off = await app.AdministerAsync((admin, me) => admin.SetFeatureOverrideAsync(id, PlatformFeatures.Branding, false, me));
        var branding = off.Value!.Features.Single(f => f.Feature.Name == PlatformFeatures.Branding);
        Assert.Equal((true, (bool?)false, false), (branding.PlanDefault, branding.Override, branding.Effective));

        var cleared = await app.AdministerAsync((admin, me) => admin.SetFeatureOverrideAsync(id, PlatformFeatures.Reports, null, me));
        Assert.Null(cleared.Value!.Features.Single(f => f.Feature.Name == PlatformFeatures.Reports).Override);
        Assert.Equal(1, (await app.AdministerAsync((admin, _) => admin.GetAsync(id)))!.Features.Count(f => f.Override is not null));

        var unknown = await app.AdministerAsync((admin, me) => admin.SetFeatureOverrideAsync(id, "Teleportation", true, me));
        Assert.Equal(["Feature"], unknown.Errors.Keys);
    }

    [Fact]
    public async Task The_list_pages_searches_filters_and_sorts()
    {
        var tag = HostTestSupport.UniqueSlug("ls")[..10];
        foreach (var (suffix, name) in new[] { ("c", "Charlie Care"), ("a", "Alpha Physio"), ("b", "Bravo Beauty") })
        {
            var created = await app.CreateTenantAsync(HostTestSupport.NewTenant($"{tag}-{suffix}") with { Name = name });
            Assert.True(created.Succeeded);
        }

        var bravo = (await app.AdministerAsync((admin, _) => admin.ListAsync(new TenantListQuery(Search: $"{tag}-b")))).Items.Single();
        await app.AdministerAsync((admin, me) => admin.SuspendAsync(bravo.Id, me));

        var byName = await app.AdministerAsync((admin, _) => admin.ListAsync(new TenantListQuery(Search: tag.ToUpperInvariant(), Sort: TenantSort.NameAscending)));
        Assert.Equal(3, byName.Total);
        Assert.Equal(["Alpha Physio", "Bravo Beauty", "Charlie Care"], byName.Items.Select(t => t.Name));

        var newest = await app.AdministerAsync((admin, _) => admin.ListAsync(new TenantListQuery(PageRequest.Of(1, 2), tag, Sort: TenantSort.CreatedDescending)));
        Assert.Equal((3, 2), (newest.Total, newest.Items.Count));
        Assert.Equal([$"{tag}-b", $"{tag}-a"], newest.Items.Select(t => t.Slug));
        var secondPage = await app.AdministerAsync((admin, _) => admin.ListAsync(new TenantListQuery(PageRequest.Of(2, 2), tag, Sort: TenantSort.CreatedDescending)));
        Assert.Equal([$"{tag}-c"], secondPage.Items.Select(t => t.Slug));

        var suspended = await app.AdministerAsync((admin, _) => admin.ListAsync(new TenantListQuery(Search: tag, Status: TenantStatus.Suspended)));
        Assert.Equal([$"{tag}-b"], suspended.Items.Select(t => t.Slug));

        var byWord = await app.AdministerAsync((admin, _) => admin.ListAsync(new TenantListQuery(Search: "physiotherapy")));
        Assert.Contains(byWord.Items, t => t.Slug == "acme");
    }

    [Fact]
    public async Task The_overview_counts_by_status_and_plan()
    {
        var overview = await app.AdministerAsync((admin, _) => admin.OverviewAsync());

        Assert.Equal(overview.Total, overview.ByStatus.Values.Sum());
        Assert.Equal(overview.Total, overview.ByPlan.Values.Sum());
        Assert.True(overview.ByPlan[PlanTier.Premium] >= 1 && overview.ByPlan[PlanTier.Enterprise] >= 1);
        Assert.InRange(overview.Recent.Count, 2, 5);
    }

    [Fact]
    public async Task A_tenant_scope_cannot_administer_tenants()
    {
        await Assert.ThrowsAsync<TenantMismatchException>(() =>
            app.InTenantAsync("acme", sp => sp.GetRequiredService<TenantAdministration>().ListAsync(new TenantListQuery())));
    }

    [Fact]
    public async Task When_the_invitation_cannot_be_sent_the_tenant_is_taken_back()
    {
        // A second app over the same database whose mail server is down.
        await using var broken = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IEmailSender, FailingEmailSender>()));
        var command = HostTestSupport.NewTenant();
        var before = await app.CountAsync();

        await Assert.ThrowsAsync<IOException>(() => HostTestSupport.AdministerAsync(broken.Services,
            (admin, me) => admin.CreateAsync(command, me, HostTestSupport.AcceptUrl)));

        Assert.Equal(before, await app.CountAsync());
        Assert.Null(await broken.Services.CreateScope().ServiceProvider.GetRequiredService<TenantCatalog>().FindBySlugAsync(command.Slug));
    }

    [Fact]
    public async Task Every_host_action_is_logged_with_action_tenant_and_operator()
    {
        var log = new CapturingLoggerProvider();
        await using var logged = app.WithWebHostBuilder(b => b
            .UseSetting("Logging:LogLevel:Platform.Infrastructure.Tenancy", "Information")
            .ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(log)));
        var command = HostTestSupport.NewTenant();

        var (id, operatorId) = await HostTestSupport.AdministerAsync(logged.Services, async (admin, me) =>
        {
            var created = (await admin.CreateAsync(command, me, HostTestSupport.AcceptUrl)).Value!;
            await admin.SuspendAsync(created.Id, me);
            await admin.SetFeatureOverrideAsync(created.Id, PlatformFeatures.Reports, true, me);
            await admin.CreateAsync(command, me, HostTestSupport.AcceptUrl); // refused: nothing to log
            return (created.Id, me);
        });

        var actions = log.Entries.Where(e => e.Category == typeof(TenantAdministration).FullName).ToList();
        Assert.Equal(["create", "suspend", "feature-override"], actions.Select(e => e["Action"]));
        Assert.All(actions, e => Assert.Equal((id, operatorId), ((Guid)e["TenantId"]!, (Guid)e["HostUserId"]!)));
        Assert.Equal("Reports=on", actions[2]["Detail"]);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
                {
                    entries.Enqueue(new LogEntry(category, properties.ToDictionary(p => p.Key, p => p.Value)));
                }
            }
        }
    }

    private sealed record LogEntry(string Category, IReadOnlyDictionary<string, object?> Properties)
    {
        public object? this[string key] => Properties.GetValueOrDefault(key);
    }

    private sealed class FailingEmailSender : IEmailSender
    {
        public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
            throw new IOException("The mail server does not answer.");
    }
}
