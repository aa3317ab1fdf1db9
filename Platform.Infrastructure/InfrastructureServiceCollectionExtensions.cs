using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.FeatureManagement;
using Platform.Core.Access;
using Platform.Core.Email;
using Platform.Core.Sms;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Dashboard;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Email;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Features;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Push;
using Platform.Infrastructure.Reminders;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Seeding;
using Platform.Infrastructure.Sms;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>Everything Infrastructure provides: database, tenancy, identity stores, e-mail, plan features.</summary>
    public static IServiceCollection AddPlatformInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddPlatformDatabase(configuration);
        services.AddOutbox(configuration);
        services.AddPlatformJobs(configuration);

        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TenantContext>();
        services.AddScoped<ITenantContext>(sp => sp.GetRequiredService<TenantContext>());
        services.AddScoped<ActorContext>();
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<ActorContext>());
        services.AddHybridCache();
        services.AddScoped<TenantCatalog>();
        services.AddSingleton<TenantScopeFactory>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddScoped<StaffInvitations>();
        services.AddScoped<ApiKeys>();
        services.AddScoped<PeopleDirectory>();
        services.AddScoped<CustomerRegistration>();
        services.AddSingleton<SecurityStamps>();
        services.AddScoped<DashboardFigures>();
        services.AddScoped<DatabaseReadiness>();
        services.AddScoped<TenantLogos>();
        services.AddBookings();
        services.AddScoped<ITenantBranding, TenantBranding>();
        services.AddScoped<TenantDomains>();
        services.AddScoped<TenantAdministration>();
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

        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var email = configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions();
        if (string.IsNullOrWhiteSpace(email.SmtpHost))
        {
            services.AddSingleton<IEmailSender, PickupFolderEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }

        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (TwilioOptions.IsConfiguredIn(configuration))
        {
            services.AddTwilioSmsSender(configuration);
        }
        else
        {
            services.AddSingleton<ISmsSender, PickupFolderSmsSender>();
        }

        services.AddPushSenders(configuration);

        services.AddPlatformNotifications(configuration);

        services.AddSingleton<IFeatureDefinitionProvider, PlanFeatureDefinitions>();
        services.AddScopedFeatureManagement().AddFeatureFilter<TenantPlanFilter>();
        return services;
    }
}
