using System.Text.Json;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Platform.Core.Errors;
using Platform.Web.Access;
using Platform.Web.Api;
using Platform.Web.Components.Account;
using Platform.Web.Components.Pages.App.Calendar;
using Platform.Web.Components.Pages.Portal;
using Platform.Web.Interop;
using Platform.Web.Security;
using Platform.Web.Tenancy;
using Platform.Web.Theming;

namespace Platform.Web;

/// <summary>The composition root of the web app, kept out of Program.cs so tests can read it in one place.</summary>
public static class PlatformWebSetup
{
    public static void AddPlatformLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            // One JSON object a line, scopes included: every line of a request carries its TenantId.
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
        }
    }

    public static IServiceCollection AddPlatformWeb(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddJsInterop();
        services.AddScoped<BrandingState>();
        services.AddScoped<Components.Notifications.NotificationCenterState>();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<SecondStepSignIn>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<UnknownAccounts>();
        services.AddScoped<IEmailSender<Platform.Infrastructure.Identity.PlatformUser>, IdentityEmailSender>();
        services.AddScoped<AuthenticationStateProvider, TenantRevalidatingAuthenticationStateProvider>();
        services.AddScoped<Platform.Infrastructure.Access.IActorSource, Access.CircuitActorSource>();
        services.AddAuthentication(options =>
            {
                // The Identity cookie, or for an /api request with an X-Api-Key header the key.
                options.DefaultScheme = ApiKeyAuthentication.CookieOrApiKeyScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddApiKeyAuthentication()
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "platform.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Behind TLS (directly or via forwarded headers) the cookie is Secure; plain http is for localhost only.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Events.OnValidatePrincipal = TenantCookieValidation.ValidateAsync;
            // The API answers 401/403 problems instead of redirecting to the sign-in page.
            options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = TenantCookieValidation.KeepSignInMethodAsync);
        services.AddPlatformAuthorization();
        services.AddAntiforgery(o => o.Cookie.Name = "platform.af");
        // Keys outlive restarts so sign-in cookies do; several nodes share the folder (or Redis, later).
        services.AddDataProtection()
            .SetApplicationName("Platform")
            .PersistKeysToFileSystem(new DirectoryInfo(configuration["DataProtection:KeysDirectory"] ?? "App_Data/keys"));

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.Apply);
        services.AddApiErrorContract();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddPlatformApi();
        services.AddPlatformRateLimits(configuration);
        services.AddPlatformOpenApi();
        return services;
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (ApiErrorContract.IsApi(context.Request))
        {
            // No body here: the API branch's status-code pages write the problem with its code.
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static void UsePlatformPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders(TrustedProxies.Options(app.Configuration));
        app.UseMiddleware<SecurityHeadersMiddleware>();

        // Both address forms: /api/... and /t/{slug}/api/..., which tenant resolution rewrites only further in.
        app.UseWhen(c => ApiErrorContract.IsApi(c.Request), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !ApiErrorContract.IsApi(c.Request), pages =>
        {
            pages.UseExceptionHandler("/Error", createScopeForErrors: true);
            pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        // Before routing: a /t/{slug} prefix moves into PathBase and the rest of the app routes as usual.
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseMiddleware<TenantCultureMiddleware>();
        app.UseRouting();
        app.UseAuthentication();
        // Each request carries one actor from here on; use cases ask it what may be done.
        app.UseRequestActor();
        // Before anything a user could reach: admins without a second factor go to its set-up first.
        app.UseMiddleware<MfaEnforcementMiddleware>();
        // After authentication, so limits are per API key and per user; before authorization, so refused calls count too.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        // Last before the endpoint, once routing, sign-in and authorization have answered: a body in an unknown charset is a 415.
        app.UseWhen(c => ApiErrorContract.IsApi(c.Request), api => api.UseApiBodyCharsetCheck());
    }

    public static void MapPlatformEndpoints<TApp>(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapBenchmarkEndpoints();
        app.MapStaticAssets();
        app.MapBrandingEndpoints();
        app.MapBookingFiles();
        app.MapCalendarFeed();
        app.MapPlatformApi();
        app.MapPlatformOpenApi();
        app.MapRazorComponents<TApp>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
    }
}

/// <summary>Adds the stable <c>code</c> to every problem response that does not carry one yet: a 4xx is never internal_error.</summary>
public static class ProblemCodes
{
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions.TryAdd("code", problem.Status switch
        {
            StatusCodes.Status400BadRequest => ErrorCodes.ValidationFailed,
            StatusCodes.Status401Unauthorized => ErrorCodes.Unauthorized,
            StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
            StatusCodes.Status404NotFound => ErrorCodes.NotFound,
            StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
            StatusCodes.Status409Conflict => ErrorCodes.Conflict,
            StatusCodes.Status413PayloadTooLarge => ErrorCodes.RequestTooLarge,
            StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
            StatusCodes.Status429TooManyRequests => ErrorCodes.TooManyRequests,
            >= 400 and < 500 => ErrorCodes.RequestRejected,
            _ => ErrorCodes.InternalError,
        });
        problem.Extensions.TryAdd("traceId", context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? context.HttpContext.TraceIdentifier);
    }
}

/// <summary>Ready when the database answers.</summary>
internal sealed class DatabaseHealthCheck(Platform.Infrastructure.Data.DatabaseReadiness database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        return await database.AnswersAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
    }
}
