using Microsoft.AspNetCore.Identity;

namespace Platform.Infrastructure.Identity;

/// <summary>
/// Identity settings, shared by the app and the design-time factories: Identity shapes the model from
/// its store options (passkeys come with schema version 3), so both must agree or migrations drift.
/// </summary>
public static class PlatformIdentityOptions
{
    public static void Configure(IdentityOptions options)
    {
        options.SignIn.RequireConfirmedAccount = true;
        options.User.RequireUniqueEmail = false; // unique per tenant, enforced by the (TenantId, UserName) index
        options.Password.RequiredLength = 10;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
    }
}
