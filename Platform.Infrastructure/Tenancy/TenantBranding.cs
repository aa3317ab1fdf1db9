using System.Security.Cryptography;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Tenancy;

/// <summary>The current tenant's white-label look: its theme and logo. The theme editor and the API both go through it.</summary>
public interface ITenantBranding
{
    /// <summary>The current tenant's saved theme, read from the database.</summary>
    Task<TenantTheme> GetThemeAsync(CancellationToken ct = default);

    /// <summary>Validates and saves colours, font and dark mode; the logo version is kept. Returns the refreshed tenant.</summary>
    Task<Outcome<TenantInfo>> SaveThemeAsync(TenantTheme theme, CancellationToken ct = default);

    /// <summary>Checks the file really is an image of an allowed kind, stores it and gives the logo a new version.</summary>
    Task<Outcome<TenantInfo>> UploadLogoAsync(string contentType, byte[] content, CancellationToken ct = default);

    Task<Outcome<TenantInfo>> RemoveLogoAsync(CancellationToken ct = default);
}

/// <summary>
/// Works for the scope's tenant only. Tenants and logos are catalog rows (not query-filtered), so every
/// query here names the current tenant's id explicitly; a changed tenant is dropped from the catalog cache.
/// The theme is public (every page shows it); only the tenant's admins change it.
/// </summary>
public sealed class TenantBranding(
    IDbContextFactory<PlatformDbContext> contexts,
    ITenantContext tenantContext,
    ICurrentActor actors,
    TenantCatalog catalog,
    ILogger<TenantBranding> logger) : ITenantBranding
{
    public const string LogoField = "Logo";

    private const string AdminsOnly = "Only the tenant's admins change its look.";

    public async Task<TenantTheme> GetThemeAsync(CancellationToken ct = default)
    {
        var tenantId = CurrentTenantId();
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Theme).SingleAsync(ct);
    }

    public async Task<Outcome<TenantInfo>> SaveThemeAsync(TenantTheme theme, CancellationToken ct = default)
    {
        var tenantId = CurrentTenantId();
        if (!(await actors.GetAsync(ct)).IsTenantAdmin)
        {
            return Refusals.Forbidden<TenantInfo>(AdminsOnly);
        }

        var errors = theme.Validate();
        if (errors.Count > 0)
        {
            return Outcome<TenantInfo>.Fail(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, ct);
        // The logo version belongs to the stored logo, never to what a form or API client sends.
        tenant.Theme = theme with
        {
            PrimaryColor = theme.PrimaryColor.ToUpperInvariant(),
            SecondaryColor = theme.SecondaryColor.ToUpperInvariant(),
            LogoVersion = tenant.Theme.LogoVersion,
        };
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Theme of tenant {TenantId} saved", tenantId);
        return Outcome<TenantInfo>.Ok(await RefreshAsync(tenantId, ct));
    }

    public async Task<Outcome<TenantInfo>> UploadLogoAsync(string contentType, byte[] content, CancellationToken ct = default)
    {
        var tenantId = CurrentTenantId();
        if (!(await actors.GetAsync(ct)).IsTenantAdmin)
        {
            return Refusals.Forbidden<TenantInfo>(AdminsOnly);
        }

        var checkedType = LogoFile.Check(contentType, content, out var problem);
        if (checkedType is null)
        {
            return Outcome<TenantInfo>.Fail(LogoField, problem!);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, ct);
        var logo = await db.TenantLogos.FirstOrDefaultAsync(l => l.TenantId == tenantId, ct);
        if (logo is null)
        {
            db.TenantLogos.Add(new TenantLogo { TenantId = tenantId, ContentType = checkedType, Content = content });
        }
        else
        {
            logo.ContentType = checkedType;
            logo.Content = content;
        }

        tenant.Theme = tenant.Theme with { LogoVersion = NewLogoVersion() };
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Logo of tenant {TenantId} replaced ({ContentType}, {Bytes} bytes)", tenantId, checkedType, content.Length);
        return Outcome<TenantInfo>.Ok(await RefreshAsync(tenantId, ct));
    }

    public async Task<Outcome<TenantInfo>> RemoveLogoAsync(CancellationToken ct = default)
    {
        var tenantId = CurrentTenantId();
        if (!(await actors.GetAsync(ct)).IsTenantAdmin)
        {
            return Refusals.Forbidden<TenantInfo>(AdminsOnly);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, ct);
        if (await db.TenantLogos.FirstOrDefaultAsync(l => l.TenantId == tenantId, ct) is { } logo)
        {
            db.TenantLogos.Remove(logo);
        }

        tenant.Theme = tenant.Theme with { LogoVersion = null };
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Logo of tenant {TenantId} removed", tenantId);
        return Outcome<TenantInfo>.Ok(await RefreshAsync(tenantId, ct));
    }

    private Guid CurrentTenantId() =>
        tenantContext.TenantId ?? throw new InvalidOperationException("Branding belongs to a tenant; this scope works for none.");

    private async Task<TenantInfo> RefreshAsync(Guid tenantId, CancellationToken ct)
    {
        await catalog.InvalidateAsync(tenantId, ct);
        return await catalog.FindByIdAsync(tenantId, ct) ?? throw new InvalidOperationException($"Tenant {tenantId} disappeared.");
    }

    /// <summary>Short and URL-safe: it ends up in the logo's cache-busting query string.</summary>
    private static string NewLogoVersion() => Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
}

/// <summary>What a logo upload must be: an allowed image type whose bytes match, and an SVG that cannot run script.</summary>
public static class LogoFile
{
    public const string Svg = "image/svg+xml";

    /// <summary>Returns the content type to store (taken from the bytes for raster images), or null with the reason.</summary>
    public static string? Check(string contentType, byte[] content, out string? problem)
    {
        var claimed = contentType.Split(';')[0].Trim().ToLowerInvariant();
        problem = null;
        if (!TenantTheme.LogoContentTypes.Contains(claimed))
        {
            problem = "Upload a PNG, JPEG, WebP or SVG image.";
        }
        else if (content.Length == 0)
        {
            problem = "The file is empty.";
        }
        else if (content.Length > TenantTheme.MaxLogoBytes)
        {
            problem = TooLarge(content.Length);
        }
        else if (claimed == Svg)
        {
            problem = CheckSvg(content);
            return problem is null ? Svg : null;
        }
        else if (SniffRaster(content) is { } actual)
        {
            // A PNG named .jpg is still a fine PNG: it is stored and served as what it really is.
            return actual;
        }
        else
        {
            problem = "This file is not a real PNG, JPEG or WebP image. Export the logo again from your design tool.";
        }

        return null;
    }

    /// <summary>Said before reading a large upload at all.</summary>
    public static string TooLarge(long bytes) =>
        $"The logo must be at most {TenantTheme.MaxLogoBytes / 1024} KB; this file has {(bytes + 1023) / 1024} KB.";

    /// <summary>The image type the file's first bytes (its magic number) identify, or null.</summary>
    public static string? SniffRaster(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    /// <summary>Null when the SVG is well-formed, has an svg root and nothing that could run script.</summary>
    public static string? CheckSvg(byte[] content)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, // no entity expansion, no external entities
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var reader = XmlReader.Create(stream, settings);
            var sawRoot = false;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (!sawRoot)
                {
                    sawRoot = true;
                    if (reader.LocalName != "svg")
                    {
                        return "This file is not an SVG image: its root element is not <svg>.";
                    }
                }

                if (reader.LocalName.Equals("script", StringComparison.OrdinalIgnoreCase)
                    || reader.LocalName.Equals("foreignObject", StringComparison.OrdinalIgnoreCase))
                {
                    return $"SVG logos may not contain <{reader.LocalName}> elements.";
                }

                if (UnsafeAttribute(reader) is { } attribute)
                {
                    return $"SVG logos may not contain scripting attributes such as {attribute}.";
                }
            }

            return sawRoot ? null : "This file is not an SVG image.";
        }
        catch (XmlException)
        {
            return "This SVG file is not well-formed XML, or it declares a DTD, which logos may not.";
        }
    }

    private static string? UnsafeAttribute(XmlReader reader)
    {
        if (!reader.MoveToFirstAttribute())
        {
            return null;
        }

        do
        {
            var name = reader.LocalName;
            if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }

            // Browsers skip whitespace and control characters inside a URL scheme ("java\tscript:").
            var value = string.Concat(reader.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)));
            if (value.Contains("javascript:", StringComparison.OrdinalIgnoreCase))
            {
                return "a javascript: link";
            }
        }
        while (reader.MoveToNextAttribute());

        reader.MoveToElement();
        return null;
    }
}
