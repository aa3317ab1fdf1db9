using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Features;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Tenancy;

namespace Platform.Web.Api.V1;

/// <summary>/api/v1/theme and /api/v1/domains: the tenant's white-label look and custom domains (cookie-authenticated for now).</summary>
public static class BrandingEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var theme = v1.MapGroup("/theme").WithTags("Branding");
        theme.MapGet("", GetThemeAsync)
            .RequireAuthorization(PlatformPolicies.TenantStaff)
            .WithSummary("The tenant's theme: colours, font, dark mode and the logo's address.");
        theme.MapPut("", PutThemeAsync)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .RequireFeature(PlatformFeatures.Branding)
            .WithSummary("Replaces the tenant's colours, font and dark mode; every page of the tenant shows them at once.");
        theme.MapPut("/logo", UploadLogoAsync)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .RequireFeature(PlatformFeatures.Branding)
            .WithSummary("Uploads the logo as multipart form field 'file': PNG, JPEG, WebP or script-free SVG, at most 256 KB.");
        theme.MapDelete("/logo", RemoveLogoAsync)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .RequireFeature(PlatformFeatures.Branding)
            .WithSummary("Removes the logo; pages show the tenant's initials instead.");

        var domains = v1.MapGroup("/domains").WithTags("Branding")
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .RequireFeature(PlatformFeatures.CustomDomains);
        domains.MapGet("", ListDomainsAsync)
            .WithSummary("The tenant's custom domains.");
        domains.MapGet("/{id:guid}", GetDomainAsync)
            .WithSummary("One of the tenant's custom domains.");
        domains.MapPost("", AddDomainAsync)
            .WithSummary("Adds a custom domain; its CNAME record must point to the tenant's platform address.");
        domains.MapDelete("/{id:guid}", RemoveDomainAsync)
            .WithSummary("Removes one of the tenant's custom domains.");
    }

    public sealed record ThemeDto(string PrimaryColor, string SecondaryColor, string Font, bool DarkMode, string? LogoUrl);

    public sealed record ThemeUpdate(string? PrimaryColor, string? SecondaryColor, string? Font, bool DarkMode);

    public sealed record DomainDto(Guid Id, string Host, DateTimeOffset CreatedAt, string CnameTarget);

    public sealed record AddDomain(string? Host);

    private static async Task<Ok<ThemeDto>> GetThemeAsync(ITenantBranding branding, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(ToDto(await branding.GetThemeAsync(ct), http));

    private static async Task<Results<Ok<ThemeDto>, ValidationProblem, ProblemHttpResult>> PutThemeAsync(
        ThemeUpdate update, ITenantBranding branding, HttpContext http, CancellationToken ct)
    {
        if (!TryParseFont(update.Font, out var font))
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]> { [nameof(TenantTheme.Font)] = [$"Font must be one of: {string.Join(", ", Enum.GetNames<ThemeFont>())}."] });
        }

        var outcome = await branding.SaveThemeAsync(new TenantTheme
        {
            PrimaryColor = update.PrimaryColor ?? "",
            SecondaryColor = update.SecondaryColor ?? "",
            Font = font,
            DarkMode = update.DarkMode,
        }, ct);
        return Answer(outcome, http);
    }

    private static async Task<Results<Ok<ThemeDto>, ValidationProblem, ProblemHttpResult>> UploadLogoAsync(
        IFormFile? file, ITenantBranding branding, HttpContext http, CancellationToken ct)
    {
        if (file is null)
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]> { [TenantBranding.LogoField] = ["Send the image as the form field 'file'."] });
        }

        if (file.Length > TenantTheme.MaxLogoBytes)
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]> { [TenantBranding.LogoField] = [LogoFile.TooLarge(file.Length)] });
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var outcome = await branding.UploadLogoAsync(file.ContentType ?? "", buffer.ToArray(), ct);
        return Answer(outcome, http);
    }

    private static async Task<Results<Ok<ThemeDto>, ValidationProblem, ProblemHttpResult>> RemoveLogoAsync(ITenantBranding branding, HttpContext http, CancellationToken ct) =>
        Answer(await branding.RemoveLogoAsync(ct), http);

    /// <summary>The theme after a change, or why the change was refused: 400 for bad input, 403 for an actor who may not change it.</summary>
    private static Results<Ok<ThemeDto>, ValidationProblem, ProblemHttpResult> Answer(Outcome<TenantInfo> outcome, HttpContext http) => outcome switch
    {
        { Succeeded: true, Value: { } tenant } => TypedResults.Ok(ToDto(tenant.Theme, http)),
        { Code: null or ErrorCodes.ValidationFailed } => ApiProblems.Invalid(outcome.Errors),
        _ => ApiProblems.Of(outcome),
    };

    private static async Task<Results<Ok<DomainDto[]>, ProblemHttpResult>> ListDomainsAsync(TenantDomains domains, CancellationToken ct)
    {
        var outcome = await domains.ListAsync(ct);
        return outcome is { Succeeded: true, Value: { } listed } ? TypedResults.Ok(listed.Select(d => ToDto(d, domains)).ToArray()) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<DomainDto>, ProblemHttpResult>> GetDomainAsync(Guid id, TenantDomains domains, CancellationToken ct)
    {
        var outcome = await domains.ListAsync(ct);
        if (!outcome.Succeeded)
        {
            return ApiProblems.Of(outcome);
        }

        return outcome.Value!.FirstOrDefault(d => d.Id == id) is { } domain ? TypedResults.Ok(ToDto(domain, domains)) : NoSuchDomain();
    }

    private static async Task<Results<Created<DomainDto>, ValidationProblem, ProblemHttpResult>> AddDomainAsync(
        AddDomain request, TenantDomains domains, HttpContext http, CancellationToken ct)
    {
        var outcome = await domains.AddAsync(request.Host ?? "", ct);
        if (!outcome.Succeeded)
        {
            return ApiProblems.Of(outcome);
        }

        var domain = outcome.Value!;
        return TypedResults.Created($"{http.Request.PathBase}/api/v1/domains/{domain.Id}", ToDto(domain, domains));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveDomainAsync(Guid id, TenantDomains domains, CancellationToken ct) =>
        await domains.RemoveAsync(id, ct) is { Succeeded: false } refused ? ApiProblems.Of(refused) : TypedResults.NoContent();

    private static ThemeDto ToDto(TenantTheme theme, HttpContext http) => new(
        theme.PrimaryColor,
        theme.SecondaryColor,
        theme.Font.ToString(),
        theme.DarkMode,
        theme.LogoVersion is { } version ? $"{http.Request.PathBase}/branding/logo?v={version}" : null);

    private static DomainDto ToDto(CustomDomain domain, TenantDomains domains) => new(domain.Id, domain.Host, domain.CreatedAt, domains.CnameTarget);

    /// <summary>Names only: a number would also parse, and would let any integer through as a font.</summary>
    private static bool TryParseFont(string? value, out ThemeFont font)
    {
        font = ThemeFont.System;
        var name = Enum.GetNames<ThemeFont>().FirstOrDefault(n => n.Equals(value, StringComparison.OrdinalIgnoreCase));
        return name is not null && Enum.TryParse(name, out font);
    }

    private static ProblemHttpResult NoSuchDomain() => ApiProblems.NotFound("This tenant has no domain with that id.");
}
