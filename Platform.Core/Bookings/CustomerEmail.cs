namespace Platform.Core.Bookings;

/// <summary>How customers' e-mail addresses are told apart: one customer per address per tenant, whatever its case or spaces.</summary>
public static class CustomerEmail
{
    /// <summary>The address trimmed and in lower case (invariant culture): <c> Carla@Example.COM </c> and <c>carla@example.com</c> are one person.</summary>
    public static string Key(string? email) => (email ?? "").Trim().ToLowerInvariant();
}
