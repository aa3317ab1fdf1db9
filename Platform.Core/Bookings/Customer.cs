using Platform.Core.Tenancy;

namespace Platform.Core.Bookings;

/// <summary>Someone who books: with a portal account or as a guest.</summary>
public sealed class Customer : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid? UserId { get; set; }

    public required string Name { get; set; }

    public required string Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>IANA id the customer sees times in.</summary>
    public string TimeZone { get; set; } = "UTC";

    public string Notes { get; set; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}
