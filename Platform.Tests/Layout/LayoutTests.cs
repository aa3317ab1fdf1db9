using Bunit;
using Microsoft.AspNetCore.Components;
using Platform.Core.Identity;
using Platform.Tests.Support;
using Platform.Web.Components.Layout;

namespace Platform.Tests.Layout;

/// <summary>The layouts carry the tenant's brand: its name, initials or logo, and its colours in the MudTheme.</summary>
public class LayoutTests
{
    private static readonly RenderFragment Body = b => b.AddContent(0, "Page body");

    [Theory]
    [InlineData(typeof(PortalLayout))]
    [InlineData(typeof(AppLayout))]
    [InlineData(typeof(AccountLayout))]
    public async Task A_layout_shows_the_tenants_name_initials_and_primary_colour(Type layout)
    {
        await using var ctx = new PlatformBunitContext();

        var cut = ctx.Render<DynamicComponent>(p => p
            .Add(d => d.Type, layout)
            .Add(d => d.Parameters, new Dictionary<string, object> { [nameof(LayoutComponentBase.Body)] = Body }));

        Assert.Equal("Acme Physiotherapy", cut.Find("header .pf-brand-name").TextContent);
        Assert.Equal("AP", cut.Find("header .pf-brand-mark").TextContent);
        Assert.Contains("--mud-palette-primary: rgba(21,101,192,1);", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Page body", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenant_gets_its_own_colours_and_dark_mode()
    {
        var globex = PlatformBunitContext.Acme with
        {
            Id = Guid.CreateVersion7(),
            Slug = "globex",
            Name = "Globex Hair Studio",
            Theme = new() { PrimaryColor = "#7E57C2", SecondaryColor = "#F06292", DarkMode = true },
        };
        await using var ctx = new PlatformBunitContext(globex);

        var cut = ctx.Render<PortalLayout>(p => p.Add(l => l.Body, Body));

        Assert.Equal("Globex Hair Studio", cut.Find("header .pf-brand-name").TextContent);
        Assert.DoesNotContain("rgba(21,101,192,1)", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("--mud-palette-secondary: rgba(240,98,146,1);", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("--mud-palette-appbar-background: rgba(30,30,45,1);", cut.Markup, StringComparison.Ordinal); // the dark palette
    }

    [Fact]
    public async Task A_published_theme_repaints_the_open_layout_logo_included()
    {
        await using var ctx = new PlatformBunitContext();
        var cut = ctx.Render<AppLayout>(p => p.Add(l => l.Body, Body));
        Assert.Empty(cut.FindAll("header img.pf-brand-logo"));

        var tenant = ctx.TenantContext.Tenant!;
        await cut.InvokeAsync(() => ctx.BrandingState.Publish(tenant with { Theme = tenant.Theme with { PrimaryColor = "#2E7D32", LogoVersion = "abc123" } }));

        cut.WaitForAssertion(() => Assert.Contains("--mud-palette-primary: rgba(46,125,50,1);", cut.Markup, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Equal("branding/logo?v=abc123", cut.Find("header img.pf-brand-logo").GetAttribute("src")));
    }

    [Fact]
    public async Task The_staff_navigation_shows_custom_domains_when_the_plan_includes_them()
    {
        await using var ctx = new PlatformBunitContext(); // Premium

        var nav = ctx.Render<AppNav>();

        nav.WaitForAssertion(() => Assert.Contains("Custom domains", nav.Markup, StringComparison.Ordinal));
        Assert.Contains("Branding", nav.Markup, StringComparison.Ordinal);
        Assert.Contains("Plan", nav.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_staff_navigation_hides_custom_domains_when_the_plan_lacks_them()
    {
        await using var ctx = new PlatformBunitContext(PlatformBunitContext.Acme with { Plan = Core.Tenancy.PlanTier.Free });

        var nav = ctx.Render<AppNav>();

        nav.WaitForAssertion(() => Assert.Contains("Branding", nav.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("Custom domains", nav.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_override_switches_custom_domains_on_for_a_free_tenant()
    {
        await using var ctx = new PlatformBunitContext(PlatformBunitContext.Acme with
        {
            Plan = Core.Tenancy.PlanTier.Free,
            FeatureOverrides = new Dictionary<string, bool> { [Core.Features.PlatformFeatures.CustomDomains] = true },
        });

        var nav = ctx.Render<AppNav>();

        nav.WaitForAssertion(() => Assert.Contains("Custom domains", nav.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Staff_who_are_not_admins_see_no_settings()
    {
        await using var ctx = new PlatformBunitContext(role: PlatformRoles.Staff);

        var nav = ctx.Render<AppNav>();

        nav.WaitForAssertion(() => Assert.Contains("Dashboard", nav.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("Custom domains", nav.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Branding", nav.Markup, StringComparison.Ordinal);
    }
}
