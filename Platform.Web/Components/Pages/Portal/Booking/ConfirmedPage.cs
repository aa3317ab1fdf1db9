namespace Platform.Web.Components.Pages.Portal.Booking;

/// <summary>The address of a booking's confirmation: a reload shows it again, for whoever holds the booking's signed link.</summary>
public static class ConfirmedPage
{
    /// <summary>Relative to the tenant's base: book/confirmed, or embed/book/confirmed inside the embeddable widget.</summary>
    public static string Address(string token, string zone, bool embedded) =>
        $"{(embedded ? "embed/" : "")}book/confirmed?token={Uri.EscapeDataString(token)}&zone={Uri.EscapeDataString(zone)}";
}
