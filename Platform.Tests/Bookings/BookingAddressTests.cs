using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Tests.Notifications;
using Platform.Tests.Support;
using Platform.Tests.Tenancy;

namespace Platform.Tests.Bookings;

/// <summary>
/// The tenant's business address where the customer needs it: on the confirmation page, in the confirmation and change
/// e-mails and as the invitation's LOCATION; with no address, none of them shows an empty one. acme has the demo's New
/// York address; initech has none.
/// </summary>
public sealed class BookingAddressTests(BookingAddressTests.App app) : IClassFixture<BookingAddressTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await this.CreateTenantAsync("initech", "Initech Consulting", PlanTier.Free);
        }
    }

    private const string Street = "120 West 45th Street, Suite 4B";
    private const string Town = "New York, NY 10036";
    private const string OneLine = $"{Street}, {Town}";

    private static DateTimeOffset Day => BookingTestData.Tomorrow.AddDays(3);

    [Fact]
    public async Task The_confirmation_page_shows_the_address_line_by_line_and_gives_it_to_the_calendar_links()
    {
        var (token, _) = await GuestBooksAsync("acme", Day.AddHours(14));
        using var client = app.CreateClientFor("http://acme.localhost/");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"book/confirmed?token={Uri.EscapeDataString(token)}"));

        Assert.Contains("<dt>Where</dt>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"booked-address\"", html, StringComparison.Ordinal);
        Assert.Contains($"<div>{Street}</div>", html, StringComparison.Ordinal);
        Assert.Contains($"<div>{Town}</div>", html, StringComparison.Ordinal);
        Assert.Contains($"&location={Uri.EscapeDataString(OneLine)}", html, StringComparison.Ordinal);

        var ics = System.Text.Encoding.UTF8.GetString(await client.GetByteArrayAsync($"booking/ics?token={Uri.EscapeDataString(token)}"));
        Assert.Equal(OneLine, Assert.Single(Ical.Net.Calendar.Load(ics)!.Events).Location);
    }

    [Fact]
    public async Task The_confirmation_and_the_move_emails_name_the_address_and_the_invitation_has_it_as_location()
    {
        var (token, email) = await GuestBooksAsync("acme", Day.AddHours(15));

        var confirmation = await Mailbox.WaitForLatestAsync(app.MailFolder, email, "Booking confirmed");
        Assert.Contains(OneLine, confirmation.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(OneLine, confirmation.TextBody, StringComparison.Ordinal);
        Assert.Equal(OneLine, (await CustomerChangeEmailTests.InvitationAsync(confirmation)).Event.Location);

        var moved = await app.AsActorAsync("acme", Actor.Anonymous, sp => sp.GetRequiredService<BookingLedger>().RescheduleByLinkAsync(token, Day.AddHours(17)));
        Assert.True(moved.Succeeded);
        var change = await Mailbox.WaitForLatestAsync(app.MailFolder, email, "Your booking has moved");
        Assert.Contains(OneLine, change.HtmlBody, StringComparison.Ordinal);
        var (method, invitation) = await CustomerChangeEmailTests.InvitationAsync(change);
        Assert.Equal(("REQUEST", OneLine), (method, invitation.Location));
    }

    [Fact]
    public async Task Without_an_address_nothing_is_shown_and_the_invitation_names_the_business()
    {
        var (token, email) = await GuestBooksAsync("initech", Day.AddHours(10));
        using var client = app.CreateClientFor("http://initech.localhost/");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"book/confirmed?token={Uri.EscapeDataString(token)}"));
        Assert.Contains("data-testid=\"booking-confirmed\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Where", html, StringComparison.Ordinal);
        Assert.DoesNotContain("booked-address", html, StringComparison.Ordinal);
        Assert.DoesNotContain("location=", html, StringComparison.Ordinal);

        var confirmation = await Mailbox.WaitForLatestAsync(app.MailFolder, email, "Booking confirmed");
        var (_, invitation) = await CustomerChangeEmailTests.InvitationAsync(confirmation);
        Assert.Equal("Initech Consulting", invitation.Location);
        // The facts paragraph goes from the time straight to the price: no empty line where an address would be.
        Assert.Matches(@"\(Europe/Berlin\)<br>\s*80\.00 USD", confirmation.HtmlBody);
    }

    /// <summary>A guest books on the portal of <paramref name="slug"/>; the booking's signed link and the guest's address.</summary>
    private async Task<(string Token, string Email)> GuestBooksAsync(string slug, DateTimeOffset start)
    {
        var seeded = await BookingTestData.SeedAsync(app, slug: slug);
        var email = $"guest-{Guid.NewGuid():N}@example.com";
        var placed = await app.AsActorAsync(slug, Actor.Anonymous, sp => sp.GetRequiredService<PortalBookings>().PlaceAsync(
            seeded.Service, seeded.Provider, start, new GuestDetails("Gus Guest", email, null, "", "Europe/Berlin")));
        Assert.True(placed.Succeeded, string.Join("; ", placed.Errors.SelectMany(e => e.Value)));
        return (placed.Value!.Token, email);
    }
}
