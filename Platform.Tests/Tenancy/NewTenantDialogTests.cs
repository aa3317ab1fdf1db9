using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Seeding;
using Platform.Infrastructure.Tenancy;
using Platform.Web.Components.Pages.Host;

namespace Platform.Tests.Tenancy;

/// <summary>
/// The create dialog as an operator sees it (bUnit), backed by the real <see cref="TenantAdministration"/>
/// of a host scope over the SQLite app: live slug rules, the server's field errors, and the result.
/// </summary>
[Collection(HostSqliteCollection.Name)]
public sealed class NewTenantDialogTests(HostSqliteApp app) : IAsyncLifetime
{
    /// <summary>The dialog waits for the database (and the slug check for a pause in typing); the machine may be busy.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly BunitContext _bunit = new();
    private AsyncServiceScope _host;

    public async Task InitializeAsync()
    {
        _host = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var operatorId = (await _host.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(DemoAccounts.HostAdminEmail))!.Id;

        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton(_host.ServiceProvider.GetRequiredService<TenantAdministration>());
        _bunit.Services.AddSingleton(Options.Create(new TenancyOptions()));
        _bunit.Services.AddScoped<Platform.Web.Interop.LocaleInterop>();
        var auth = _bunit.AddAuthorization();
        auth.SetAuthorized("Olivia Operator");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, operatorId.ToString()));
    }

    public async Task DisposeAsync()
    {
        await _bunit.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Slug_rules_show_while_typing_and_a_taken_slug_once_typing_pauses()
    {
        var (screen, _) = await OpenAsync();

        await screen.InvokeAsync(() => screen.Find("input[data-field=Slug]").Input("Bad Slug"));
        screen.WaitForAssertion(() => Assert.Contains("Use lower-case letters, digits and single hyphens", screen.Markup, StringComparison.Ordinal), Patience);

        await screen.InvokeAsync(() => screen.Find("input[data-field=Slug]").Input("globex"));
        screen.WaitForAssertion(() => Assert.Contains("is already taken by another tenant.", screen.Markup, StringComparison.Ordinal), Patience);

        await screen.InvokeAsync(() => screen.Find("input[data-field=Slug]").Input("fine-slug"));
        screen.WaitForAssertion(() => Assert.Contains("http://fine-slug.localhost/", screen.Markup, StringComparison.Ordinal), Patience);
        Assert.DoesNotContain("already taken", screen.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_services_field_errors_show_beside_their_fields_and_nothing_is_created()
    {
        var (screen, dialog) = await OpenAsync();
        var before = await app.CountAsync();
        await screen.InvokeAsync(() => screen.Find("input[data-field=Slug]").Input(HostTestSupport.UniqueSlug("dlg")));
        await screen.InvokeAsync(() => screen.Find("input[data-field=AdminEmail]").Change("not-an-address"));

        await screen.InvokeAsync(() => screen.Find("[data-testid=create-tenant]").Click());

        screen.WaitForAssertion(() =>
        {
            Assert.Contains("Enter a name of 1 to 120 characters.", screen.Markup, StringComparison.Ordinal);
            Assert.Contains("e-mail address.", screen.Markup, StringComparison.Ordinal);
            Assert.Contains("name, at most 120 characters.", screen.Markup, StringComparison.Ordinal);
        }, Patience);
        Assert.False(dialog.Result.IsCompleted);
        Assert.Equal(before, await app.CountAsync());

        // Correcting a field takes its message away; the others stay until submitted again.
        await screen.InvokeAsync(() => screen.Find("input[data-field=AdminEmail]").Change("ok@example.com"));
        screen.WaitForAssertion(() => Assert.DoesNotContain("e-mail address.", screen.Markup, StringComparison.Ordinal), Patience);
        Assert.Contains("Enter a name of 1 to 120 characters.", screen.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_form_creates_the_tenant_and_closes_with_it()
    {
        var (screen, dialog) = await OpenAsync();
        var slug = HostTestSupport.UniqueSlug("dlg");
        await screen.InvokeAsync(() => screen.Find("input[data-field=Slug]").Input(slug));
        await screen.InvokeAsync(() => screen.Find("input[data-field=Name]").Change("Dialog Dental"));
        await screen.InvokeAsync(() => screen.Find("input[data-field=AdminEmail]").Change($"dana@{slug}.example"));
        await screen.InvokeAsync(() => screen.Find("input[data-field=AdminName]").Change("Dana Dialog"));

        await screen.InvokeAsync(() => screen.Find("[data-testid=create-tenant]").Click());

        var result = await dialog.Result.WaitAsync(Patience);
        var created = Assert.IsType<TenantDetails>(result!.Data);
        Assert.Equal((slug, "Dialog Dental"), (created.Slug, created.Name));
        var invitation = Assert.Single(app.MailsTo($"dana@{slug}.example"));
        Assert.Contains($"http://{slug}.localhost/Account/AcceptInvitation?token=", invitation.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_time_zone_is_suggested_from_the_browser_and_said_so()
    {
        var (screen, _) = await OpenAsync(browserZone: "America/Chicago");

        screen.WaitForAssertion(() => Assert.Equal("America/Chicago", screen.Find("input[data-field=TimeZone]").GetAttribute("value")), Patience);
        Assert.Contains("Suggested from your browser.", screen.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"UTC\"", screen.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_zone_from_the_browser_the_field_is_empty_and_creating_asks_for_one()
    {
        var (screen, dialog) = await OpenAsync(browserZone: "Not/AZone");
        var before = await app.CountAsync();
        var slug = HostTestSupport.UniqueSlug("dlg");
        await screen.InvokeAsync(() => screen.Find("input[data-field=Slug]").Input(slug));
        await screen.InvokeAsync(() => screen.Find("input[data-field=Name]").Change("Zoneless Zumba"));
        await screen.InvokeAsync(() => screen.Find("input[data-field=AdminEmail]").Change($"zed@{slug}.example"));
        await screen.InvokeAsync(() => screen.Find("input[data-field=AdminName]").Change("Zed Zoneless"));
        Assert.Equal("", screen.Find("input[data-field=TimeZone]").GetAttribute("value") ?? "");

        await screen.InvokeAsync(() => screen.Find("[data-testid=create-tenant]").Click());

        screen.WaitForAssertion(() => Assert.Contains("Choose an IANA time zone such as Europe/Berlin.", screen.Markup, StringComparison.Ordinal), Patience);
        Assert.False(dialog.Result.IsCompleted);
        Assert.Equal(before, await app.CountAsync());
    }

    // Find and fire inside the renderer's dispatcher: a re-render in between would retire the handler found.
    private async Task<(IRenderedComponent<MudDialogProvider> Screen, IDialogReference Dialog)> OpenAsync(string browserZone = "Europe/Lisbon")
    {
        // The operator's browser tells its zone through js/locale.js.
        _bunit.JSInterop.SetupModule("http://localhost/js/locale.js").Setup<string>("timeZone").SetResult(browserZone);
        _bunit.Render<MudPopoverProvider>();
        var screen = _bunit.Render<MudDialogProvider>();
        var dialogs = _bunit.Services.GetRequiredService<IDialogService>();
        IDialogReference? dialog = null;
        await screen.InvokeAsync(async () => dialog = await dialogs.ShowAsync<NewTenantDialog>("New tenant"));
        screen.WaitForAssertion(() => screen.Find("input[data-field=Slug]"), Patience);
        return (screen, dialog!);
    }
}
