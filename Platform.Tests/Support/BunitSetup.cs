using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.FeatureManagement;
using MudBlazor.Services;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Features;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Realtime;
using Platform.Infrastructure.Tenancy;
using Platform.Web.Components.Notifications;
using Platform.Web.Components.Shared;
using Platform.Web.Interop;
using Platform.Web.Theming;

namespace Platform.Tests.Support;

/// <summary>
/// A bUnit context with what the platform's components need: MudBlazor (JS interop loose), a tenant in
/// <see cref="ITenantContext"/>, <see cref="BrandingState"/>, a signed-in user of that tenant (bUnit's fake
/// authorization), the real plan-based feature manager, and a fake <see cref="ITenantBranding"/>.
/// </summary>
public class PlatformBunitContext : BunitContext
{
    public static readonly TenantInfo Acme = new(
        Guid.Parse("0190aaaa-0000-7000-8000-000000000001"),
        "acme",
        "Acme Physiotherapy",
        TenantStatus.Active,
        PlanTier.Premium,
        "us-east",
        "USD",
        "America/New_York",
        new TenantTheme { PrimaryColor = "#1565C0", SecondaryColor = "#00ACC1", Font = ThemeFont.Humanist },
        new Dictionary<string, bool>());

    public PlatformBunitContext(TenantInfo? tenant = null, string role = PlatformRoles.TenantAdmin)
    {
        var current = tenant ?? Acme;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddJsInterop();

        TenantContext.Set(current);
        Services.AddSingleton(TenantContext);
        Services.AddSingleton<ITenantContext>(TenantContext);
        Services.AddSingleton<BrandingState>();
        Branding = new FakeTenantBranding(TenantContext);
        Services.AddSingleton<ITenantBranding>(Branding);

        // What the App bar's notification bell needs; tests add notifications to the fake inbox.
        Services.AddSingleton<INotificationInbox>(Notifications);
        Services.AddSingleton(new NotificationListeners(NullLogger<NotificationListeners>.Instance));
        Services.AddScoped<NotificationFeed>();
        Services.AddScoped<NotificationCenterState>();
        Services.AddSingleton(TimeProvider.System);

        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<IFeatureDefinitionProvider, PlanFeatureDefinitions>();
        Services.AddScopedFeatureManagement().AddFeatureFilter<TenantPlanFilter>();

        var auth = Authorization = AddAuthorization();
        auth.SetAuthorized("admin@acme.test");
        auth.SetRoles(role);
        auth.SetPolicies(PoliciesOf(role));
        auth.SetClaims(
            new Claim(PlatformClaims.TenantId, current.Id.ToString("D")),
            new Claim(PlatformClaimsFactory.DisplayNameClaim, "Alice Admin"),
            new Claim(ClaimTypes.NameIdentifier, UserId.ToString("D")));
    }

    /// <summary>The signed-in user's id (its NameIdentifier claim).</summary>
    public static readonly Guid UserId = Guid.Parse("0190aaaa-0000-7000-8000-0000000000a1");

    public Bunit.TestDoubles.BunitAuthorizationContext Authorization { get; }

    public TenantContext TenantContext { get; } = new();

    public FakeTenantBranding Branding { get; }

    public FakeNotificationInbox Notifications { get; } = new();

    public BrandingState BrandingState => Services.GetRequiredService<BrandingState>();

    /// <summary>Renders the component inside <see cref="ThemedShell"/>: theme, popover, dialog and snackbar providers, as the layouts do.</summary>
    public IRenderedComponent<ThemedShell> RenderInShell<TComponent>()
        where TComponent : IComponent =>
        Render<ThemedShell>(p => p.AddChildContent<TComponent>());

    /// <summary>The policies (see AuthorizationSetup) a member of the current tenant with this role satisfies.</summary>
    public static string[] PoliciesOf(string role) => role switch
    {
        PlatformRoles.TenantAdmin => [PlatformPolicies.TenantAdmin, PlatformPolicies.TenantManager, PlatformPolicies.TenantStaff],
        PlatformRoles.Manager => [PlatformPolicies.TenantManager, PlatformPolicies.TenantStaff],
        PlatformRoles.Staff => [PlatformPolicies.TenantStaff],
        PlatformRoles.Customer => [PlatformPolicies.Customer],
        _ => [],
    };
}

/// <summary>Keeps the theme in memory and records every save, so tests can see whether the editor called it.</summary>
public sealed class FakeTenantBranding(ITenantContext tenantContext) : ITenantBranding
{
    public List<TenantTheme> Saves { get; } = [];

    public Task<TenantTheme> GetThemeAsync(CancellationToken ct = default) => Task.FromResult(Tenant.Theme);

    public Task<Outcome<TenantInfo>> SaveThemeAsync(TenantTheme theme, CancellationToken ct = default)
    {
        Saves.Add(theme);
        var errors = theme.Validate();
        return Task.FromResult(errors.Count > 0
            ? Outcome<TenantInfo>.Fail(errors)
            : Outcome<TenantInfo>.Ok(Tenant with { Theme = theme with { LogoVersion = Tenant.Theme.LogoVersion } }));
    }

    public Task<Outcome<TenantInfo>> UploadLogoAsync(string contentType, byte[] content, CancellationToken ct = default) =>
        Task.FromResult(LogoFile.Check(contentType, content, out var problem) is null
            ? Outcome<TenantInfo>.Fail(TenantBranding.LogoField, problem!)
            : Outcome<TenantInfo>.Ok(Tenant with { Theme = Tenant.Theme with { LogoVersion = "v" + content.Length } }));

    public Task<Outcome<TenantInfo>> RemoveLogoAsync(CancellationToken ct = default) =>
        Task.FromResult(Outcome<TenantInfo>.Ok(Tenant with { Theme = Tenant.Theme with { LogoVersion = null } }));

    private TenantInfo Tenant => tenantContext.Tenant!;
}

/// <summary>The notification inbox of the one signed-in user of <see cref="PlatformBunitContext"/>, in memory.</summary>
public sealed class FakeNotificationInbox : INotificationInbox
{
    private readonly List<NotificationItem> _items = [];

    public int Loads { get; private set; }

    public int MarkAllCalls { get; private set; }

    public Guid Add(string title, bool read)
    {
        var item = new NotificationItem(Guid.NewGuid(), NotificationKinds.Announcement, title, "", null, DateTimeOffset.UtcNow.AddMinutes(-_items.Count), read);
        _items.Add(item);
        return item.Id;
    }

    public Task<Page<NotificationItem>> PageAsync(PageRequest page, bool unreadOnly = false, CancellationToken ct = default)
    {
        Loads++;
        var listed = _items.Where(i => !unreadOnly || !i.IsRead).OrderByDescending(i => i.CreatedAt).ToList();
        return Task.FromResult(Page<NotificationItem>.Of(listed.Skip(page.Skip).Take(page.Size).ToList(), page, listed.Count));
    }

    public Task<int> UnreadCountAsync(CancellationToken ct = default)
    {
        return Task.FromResult(_items.Count(i => !i.IsRead));
    }

    public Task<bool> MarkReadAsync(Guid notificationId, CancellationToken ct = default)
    {
        var index = _items.FindIndex(i => i.Id == notificationId);
        if (index < 0)
        {
            return Task.FromResult(false);
        }

        _items[index] = _items[index] with { IsRead = true };
        return Task.FromResult(true);
    }

    public Task<int> MarkAllReadAsync(CancellationToken ct = default)
    {
        MarkAllCalls++;
        var count = _items.Count(i => !i.IsRead);
        for (var i = 0; i < _items.Count; i++)
        {
            _items[i] = _items[i] with { IsRead = true };
        }

        return Task.FromResult(count);
    }
}
