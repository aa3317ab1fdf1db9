namespace Platform.Infrastructure.Tenancy;

/// <summary>A tenant's uploaded logo, kept apart from the tenant row so catalog reads stay small.</summary>
public sealed class TenantLogo
{
    public Guid TenantId { get; init; }

    public required string ContentType { get; set; }

    public required byte[] Content { get; set; }
}
