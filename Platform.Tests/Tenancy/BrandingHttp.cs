using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Seeding;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>What the branding HTTP tests share: signed-in clients, the theme's CSS variable, extra tenants.</summary>
public static partial class BrandingHttp
{
    /// <summary>Exactly what MudThemeProvider writes for a light theme with this primary colour.</summary>
    public static string PrimaryVariable(string hex)
    {
        var rgb = int.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return $"--mud-palette-primary: rgba({(rgb >> 16) & 0xFF},{(rgb >> 8) & 0xFF},{rgb & 0xFF},1);";
    }

    /// <summary>The primary colour variable a page's HTML carries (the MudThemeProvider's style).</summary>
    public static async Task<string> PrimaryVariableOnAsync(this HttpClient client, string page)
    {
        var response = await client.GetAsync(page);
        Assert.True(response.IsSuccessStatusCode, $"{client.BaseAddress}{page} answered {(int)response.StatusCode}.");
        var match = PrimaryVariablePattern().Match(await response.Content.ReadAsStringAsync());
        Assert.True(match.Success, $"{client.BaseAddress}{page} has no --mud-palette-primary.");
        return match.Value;
    }

    public static async Task<HttpResponseMessage> PutThemeAsync(this HttpClient client, string primary, string secondary = "#00ACC1", string font = "Humanist", bool dark = false) =>
        await client.PutAsJsonAsync("api/v1/theme", new { primaryColor = primary, secondaryColor = secondary, font, darkMode = dark });

    /// <summary>Creates a tenant on the given plan with one admin, admin@{slug}.test, as the host would.</summary>
    public static async Task CreateTenantAsync(this PlatformAppFactory app, string slug, string name, PlanTier plan)
    {
        var scopes = app.Services.GetRequiredService<TenantScopeFactory>();
        var tenant = new Tenant { Slug = slug, Name = name, Plan = plan, CreatedAt = DateTimeOffset.UtcNow };
        await using (var host = scopes.CreateHost())
        {
            var db = host.ServiceProvider.GetRequiredService<PlatformDbContext>();
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
        }

        await using var scope = await scopes.CreateAsync(tenant.Id);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var admin = new PlatformUser { UserName = $"admin@{slug}.test", Email = $"admin@{slug}.test", EmailConfirmed = true, DisplayName = $"{name} Admin", CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(admin, DemoAccounts.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(admin, PlatformRoles.TenantAdmin)).Succeeded);

        // Admins must have a second factor: enrolled like the demo's, with a secret the sign-in helpers know.
        await scope.ServiceProvider.GetRequiredService<Platform.Infrastructure.Security.SecondFactors>()
            .EnrollKnownSecretAsync(admin, DemoSecondFactor.SecretFor(admin.Email));
    }

    [GeneratedRegex(@"--mud-palette-primary: [^;]+;")]
    private static partial Regex PrimaryVariablePattern();
}
