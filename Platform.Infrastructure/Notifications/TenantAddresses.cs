using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Core.Features;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Notifications;

/// <summary>
/// The scheme and port of links in messages sent without a request (section <c>Tenancy</c>, beside <c>BaseDomain</c>).
/// Unset: on a <c>localhost</c> base domain (development, where browsers reach the server itself) those of the
/// address the server listens on, otherwise https on its default port (the public side of a proxy).
/// </summary>
public sealed class TenantLinkOptions
{
    /// <summary><c>https</c> or <c>http</c>.</summary>
    public string? LinkScheme { get; set; }

    /// <summary>A port to put in links; none for the scheme's default.</summary>
    public int? LinkPort { get; set; }
}

/// <summary>
/// The absolute address of the scope's tenant, for links in e-mails written by handlers and jobs, where there is no
/// request to take it from: its custom domain (the oldest) while its plan includes custom domains, otherwise
/// <c>{slug}.{Tenancy:BaseDomain}</c>, the same addresses tenant resolution answers on.
/// </summary>
public sealed class TenantAddresses(
    IDbContextFactory<PlatformDbContext> contexts,
    ITenantContext tenantContext,
    IOptions<TenancyOptions> tenancy,
    IOptions<TenantLinkOptions> links,
    IServiceProvider services)
{
    /// <summary>For example <c>https://acme.example.com/</c>, always ending in a slash.</summary>
    public async Task<Uri> RootAsync(CancellationToken ct = default)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("A tenant's address needs a tenant.");
        var host = $"{tenant.Slug}.{tenancy.Value.NormalizedBaseDomain}";
        if (PlatformFeatures.IsEnabled(tenant, PlatformFeatures.CustomDomains))
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            host = await db.TenantDomains.AsNoTracking().Where(d => d.TenantId == tenant.Id)
                .OrderBy(d => d.CreatedAt).ThenBy(d => d.Host).Select(d => d.Host).FirstOrDefaultAsync(ct) ?? host;
        }

        var (scheme, port) = SchemeAndPort();
        return new UriBuilder(scheme, host, port ?? -1, "/").Uri;
    }

    private (string Scheme, int? Port) SchemeAndPort()
    {
        if (!string.IsNullOrWhiteSpace(links.Value.LinkScheme))
        {
            return (links.Value.LinkScheme.Trim().ToLowerInvariant(), links.Value.LinkPort);
        }

        var listening = tenancy.Value.NormalizedBaseDomain == "localhost"
            ? services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            : null;
        if (listening is not null
            && Uri.TryCreate(listening.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var address))
        {
            return (address.Scheme, address.IsDefaultPort ? null : address.Port);
        }

        return (Uri.UriSchemeHttps, links.Value.LinkPort);
    }
}
