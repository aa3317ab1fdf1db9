using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Security;

namespace Platform.Infrastructure.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>People and their security: Identity with our second factors, staff invitations, API keys, registration, the security log.</summary>
    public static IServiceCollection AddPeopleAndSecurity(this IServiceCollection services)
    {
        services.AddScoped<StaffInvitations>();
        services.AddScoped<ApiKeys>();
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<PeopleDirectory>();
        services.AddScoped<CustomerRegistration>();
        services.AddSingleton<SecurityStamps>();
        services.AddScoped<AccountPasskeys>();
        services.AddHttpContextAccessor();
        services.AddScoped<SecurityLog>();
        services.AddScoped<BackupCodes>();
        services.AddScoped<SmsCodes>();
        services.AddScoped<SecondFactors>();
        services.AddScoped<MfaPolicy>();

        services.AddIdentityCore<PlatformUser>(PlatformIdentityOptions.Configure)
            .AddRoles<PlatformRole>()
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            // Second factors: ours replace Identity's authenticator provider (no replay) and add backup and text-message codes.
            .AddTokenProvider<AuthenticatorCodeProvider>(TwoFactorProviders.Authenticator)
            .AddTokenProvider<BackupCodeProvider>(TwoFactorProviders.BackupCode)
            .AddTokenProvider<SmsCodeProvider>(TwoFactorProviders.Sms)
            .AddClaimsPrincipalFactory<PlatformClaimsFactory>();
        return services;
    }
}
