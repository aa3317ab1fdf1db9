using Platform.Core.Identity;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Seeding;

/// <summary>The demo tenants and accounts, also printed at start-up and listed in the README.</summary>
public static class DemoAccounts
{
    public const string Password = "Demo!Passw0rd";

    public const string HostAdminEmail = "operator@platform.test";

    /// <summary>One API key per demo tenant with every scope; fixed so the README can list them. Demo data only.</summary>
    public static readonly IReadOnlyDictionary<string, string> ApiKeys = new Dictionary<string, string>
    {
        ["acme"] = "pk_demo_acme_Yq7Lr2Vx9Kp4Nc8Tw3Hd6Jf1Bs5Gm0Za",
        ["globex"] = "pk_demo_globex_Ue4Wn8Qa2Xc6Rv1Ky9Pb3Lt7Md5Hs0Fj",
    };

    /// <summary>
    /// Authenticator secrets of the demo's privileged accounts, which must use two-step sign-in: add one to an
    /// authenticator app (Base32, 6 digits, 30 seconds) to sign in as that account. Demo data only.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AuthenticatorSecrets = new Dictionary<string, string>
    {
        [HostAdminEmail] = "OPERATORDEMOSECRETPLATFORM234567",
        ["admin@acme.test"] = "ACMEADMINDEMOSECRETTOTPKEY234567",
        ["manager@acme.test"] = "ACMEMANAGERDEMOSECRETTOTPKEY2345",
        ["admin@globex.test"] = "GLOBEXADMINDEMOSECRETTOTPKEY2345",
        ["manager@globex.test"] = "GLOBEXMANAGERDEMOSECRETTOTPKEY23",
    };

    public static readonly IReadOnlyList<DemoTenant> Tenants =
    [
        new("acme", "Acme Physiotherapy", "USD", "America/New_York", PlanTier.Premium,
            new TenantTheme { PrimaryColor = "#1565C0", SecondaryColor = "#00ACC1", Font = ThemeFont.Humanist, DarkMode = false },
            [
                new("admin@acme.test", "Alice Admin", PlatformRoles.TenantAdmin),
                new("manager@acme.test", "Mark Manager", PlatformRoles.Manager),
                new("sam@acme.test", "Sam Rivera", PlatformRoles.Staff),
                new("jo@acme.test", "Jo Chen", PlatformRoles.Staff),
                new("carla@example.com", "Carla Customer", PlatformRoles.Customer),
                new("dan@example.com", "Dan Doe", PlatformRoles.Customer),
                new("erin@example.com", "Erin Example", PlatformRoles.Customer),
            ])
        {
            Address = "120 West 45th Street, Suite 4B\nNew York, NY 10036",
        },
        new("globex", "Globex Hair Studio", "EUR", "Europe/Berlin", PlanTier.Enterprise,
            new TenantTheme { PrimaryColor = "#7E57C2", SecondaryColor = "#F06292", Font = ThemeFont.Rounded, DarkMode = true },
            [
                new("admin@globex.test", "Greta Admin", PlatformRoles.TenantAdmin),
                new("manager@globex.test", "Max Manager", PlatformRoles.Manager),
                new("lena@globex.test", "Lena Vogel", PlatformRoles.Staff),
                new("tom@globex.test", "Tom Weber", PlatformRoles.Staff),
                // The same e-mail as at acme: a separate account, as white-label customers expect.
                new("carla@example.com", "Carla Kunde", PlatformRoles.Customer),
                new("felix@example.com", "Felix Fischer", PlatformRoles.Customer),
                new("hanna@example.com", "Hanna Huber", PlatformRoles.Customer),
            ])
        {
            Address = "Friedrichstraße 68\n10117 Berlin",
        },
    ];
}

public sealed record DemoTenant(string Slug, string Name, string Currency, string TimeZone, PlanTier Plan, TenantTheme Theme, IReadOnlyList<DemoUser> Users)
{
    /// <summary>The language and region of its dates, times and prices.</summary>
    public string Culture => Currency == "EUR" ? "de-DE" : "en-US";

    /// <summary>Its business address, as its admin would type it: one in New York for acme, one in Berlin for globex.</summary>
    public string? Address { get; init; }
}

public sealed record DemoUser(string Email, string DisplayName, string Role);
