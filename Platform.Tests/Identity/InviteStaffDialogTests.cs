using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Platform.Core.Access;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.People;

namespace Platform.Tests.Identity;

/// <summary>The invite dialog as an admin uses it, writing through the real app's services and database.</summary>
public class InviteStaffDialogTests(InviteStaffDialogTests.App app) : IClassFixture<InviteStaffDialogTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task An_admin_sees_each_fields_problem_then_sends_the_invitation()
    {
        var email = $"bea-{Guid.NewGuid():N}@example.com";
        await using var ctx = await ContextAsync("admin@acme.test", PlatformPolicies.TenantAdmin, PlatformPolicies.TenantManager);
        var (page, dialog) = await OpenAsync(ctx);

        page.Find("input[type=email]").Change("not-an-email");
        page.Find("form#invite-staff-form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Enter a valid e-mail address.", page.Markup, StringComparison.Ordinal));
        Assert.Contains("Enter the person's name.", System.Net.WebUtility.HtmlDecode(page.Markup), StringComparison.Ordinal);
        Assert.False(dialog.Result.IsCompleted, "The dialog stays open while there are problems.");

        page.Find("input[type=email]").Change(email);
        page.FindAll("input.mud-input-slot")[1].Change("Bea Unit");
        page.Find("form#invite-staff-form").Submit();

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        var invitation = Assert.IsType<InvitationSummary>(result?.Data);
        Assert.Equal((email, "Bea Unit", PlatformRoles.Staff), (invitation.Email, invitation.DisplayName, invitation.Role));
        Assert.Equal(await app.TenantIdAsync("acme"), await TenantOfInvitationAsync(email));
    }

    [Fact]
    public async Task A_manager_cannot_send_an_invitation_even_when_the_dialog_is_open()
    {
        var email = $"max-{Guid.NewGuid():N}@example.com";
        await using var ctx = await ContextAsync("manager@acme.test", PlatformPolicies.TenantManager);
        var (page, dialog) = await OpenAsync(ctx);

        page.Find("input[type=email]").Change(email);
        page.FindAll("input.mud-input-slot")[1].Change("Max Unit");
        page.Find("form#invite-staff-form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Only admins can invite staff.", page.Markup, StringComparison.Ordinal));
        Assert.False(dialog.Result.IsCompleted);
        Assert.Null(await TenantOfInvitationAsync(email));
    }

    private async Task<BunitContext> ContextAsync(string email, params string[] policies)
    {
        var tenant = await app.InTenantAsync("acme", sp => Task.FromResult(sp.GetRequiredService<ITenantContext>().Tenant!));
        var userId = await app.InTenantAsync("acme", async sp => (await sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email))!.Id);

        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(app.Services.GetRequiredService<TenantScopeFactory>());
        // The dialog's use case comes from the real app, in a scope of the tenant with the signed-in person as its actor.
        var actor = policies.Contains(PlatformPolicies.TenantAdmin) ? Actor.TenantAdmin(userId) : Actor.Manager(userId);
        ctx.Services.AddSingleton(_ => new AppScope(app.Services, tenant, actor));
        ctx.Services.AddScoped(sp => sp.GetRequiredService<AppScope>().Services.GetRequiredService<StaffInvitations>());
        ctx.Services.AddScoped<ITenantContext>(_ =>
        {
            var context = new TenantContext();
            context.Set(tenant);
            return context;
        });
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
        auth.SetPolicies(policies);
        return ctx;
    }

    private static async Task<(IRenderedComponent<MudDialogProvider> Page, IDialogReference Dialog)> OpenAsync(BunitContext ctx)
    {
        ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var dialog = await page.InvokeAsync(() => dialogs.ShowAsync<InviteStaffDialog>("Invite staff"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form#invite-staff-form")));
        return (page, dialog);
    }

    /// <summary>A scope of the real app working for one tenant and actor, disposed with the test's context.</summary>
    private sealed class AppScope : IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope;

        public AppScope(IServiceProvider root, TenantInfo tenant, Actor actor)
        {
            _scope = root.CreateAsyncScope();
            _scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
            _scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor);
        }

        public IServiceProvider Services => _scope.ServiceProvider;

        public ValueTask DisposeAsync() => _scope.DisposeAsync();
    }

    private async Task<Guid?> TenantOfInvitationAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().StaffInvitations.IgnoreQueryFilters()
            .Where(i => i.Email == email).Select(i => (Guid?)i.TenantId).SingleOrDefaultAsync();
    }
}
