using Platform.Core.Bookings;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Tenancy;

namespace Platform.Web.Components.Pages.App.Calendar;

/// <summary>What the calendar page reads and does, each step in a scope of its own (a circuit lives long; a DbContext must not).</summary>
public sealed class CalendarDesk(TenantScopeFactory scopes, ITenantContext tenantContext)
{
    private Guid TenantId => tenantContext.TenantId ?? throw new InvalidOperationException("The calendar belongs to a tenant.");

    public Task<IReadOnlyList<CalendarProvider>> ProvidersAsync(CalendarViewer viewer) =>
        InScopeAsync<StaffCalendar, IReadOnlyList<CalendarProvider>>(c => c.ProvidersAsync(viewer));

    public Task<CalendarView> ViewAsync(CalendarQuery query, CalendarViewer viewer) =>
        InScopeAsync<StaffCalendar, CalendarView>(c => c.BookingsAsync(query, viewer));

    public Task<BookingListPage> ListAsync(BookingListQuery query, CalendarViewer viewer) =>
        InScopeAsync<StaffCalendar, BookingListPage>(c => c.ListAsync(query, viewer, DateTimeOffset.UtcNow));

    public Task<CalendarBookingDetails?> DetailsAsync(Guid bookingId, CalendarViewer viewer) =>
        InScopeAsync<StaffCalendar, CalendarBookingDetails?>(c => c.DetailsAsync(bookingId, viewer));

    /// <summary>Applies a decision to a booking the viewer may see; returns why it failed, or null.</summary>
    public async Task<string?> DecideAsync(Guid bookingId, BookingDecision decision, CalendarViewer viewer)
    {
        if (await DetailsAsync(bookingId, viewer) is not { } details
            || !BookingDecision.Allowed(details.Booking, viewer.IsManager, DateTimeOffset.UtcNow).Contains(decision.Action))
        {
            return "This booking cannot be changed that way.";
        }

        var outcome = await InScopeAsync<BookingLedger, Platform.Core.Common.Outcome<Booking>>(l =>
            l.ChangeAsync(bookingId, decision.Action, decision.Reason, Actor(viewer)));
        return outcome.Succeeded ? null : string.Join(" ", outcome.Errors.Values.SelectMany(m => m));
    }

    /// <summary>Free start times of a service with one provider on a local day of <paramref name="zone"/>.</summary>
    public Task<IReadOnlyList<DateTimeOffset>> FreeStartsAsync(Guid serviceId, Guid providerId, DateOnly day, string zone)
    {
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var request = new AvailabilityRequest(serviceId, providerId, LocalDays.StartUtc(day, timeZone), LocalDays.StartUtc(day.AddDays(1), timeZone));
        return InScopeAsync<AvailabilityQuery, IReadOnlyList<DateTimeOffset>>(async q =>
            await q.FindAsync(request) is { Succeeded: true } found ? [.. found.Value!.Select(s => s.Start).Distinct().Order()] : []);
    }

    /// <summary>Moves a booking the viewer may see to a new start; returns why it failed, or null.</summary>
    public async Task<string?> RescheduleAsync(Guid bookingId, DateTimeOffset newStartUtc, CalendarViewer viewer)
    {
        if (await DetailsAsync(bookingId, viewer) is null)
        {
            return "This booking is no longer there.";
        }

        var outcome = await InScopeAsync<BookingLedger, Platform.Core.Common.Outcome<Booking>>(l => l.RescheduleAsync(bookingId, newStartUtc, Actor(viewer)));
        return outcome.Succeeded ? null : string.Join(" ", outcome.Errors.Values.SelectMany(m => m));
    }

    public async Task<IReadOnlyList<CalendarCustomer>> CustomersAsync(string? search)
    {
        var page = await InScopeAsync<CustomerDirectory, CustomerPage>(d => d.ListAsync(search, 1, 20));
        return [.. page.Items.Select(c => new CalendarCustomer(c.Id, c.Name, c.Email))];
    }

    /// <summary>Adds the caller as a customer, unless one with that e-mail is already there (then they are to be picked, not duplicated).</summary>
    public Task<Platform.Core.Common.Outcome<Customer>> AddCustomerAsync(NewCustomer customer) =>
        InScopeAsync<CustomerDirectory, Platform.Core.Common.Outcome<Customer>>(async d =>
        {
            var email = (customer.Email ?? "").Trim();
            var page = email.Length == 0 ? null : await d.ListAsync(email, 1, CustomerDirectory.MaxPageSize);
            if (page?.Items.FirstOrDefault(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase)) is { } existing)
            {
                return Platform.Core.Common.Outcome<Customer>.Fail(Platform.Core.Errors.ErrorCodes.ValidationFailed, nameof(NewCustomer.Email),
                    $"{existing.Name} already has this e-mail: find them in the customer search instead.");
            }

            return await d.CreateAsync(customer);
        });

    /// <summary>Books for a customer on the phone; field problems come back as the ledger words them.</summary>
    public Task<Platform.Core.Common.Outcome<Booking>> PlaceAsync(PlaceBooking command) =>
        InScopeAsync<BookingLedger, Platform.Core.Common.Outcome<Booking>>(l => l.PlaceAsync(command));

    private static BookingActor Actor(CalendarViewer viewer) =>
        viewer.IsManager ? BookingActor.Manager(viewer.UserId) : BookingActor.Staff(viewer.UserId);

    private async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = await scopes.CreateAsync(TenantId);
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}

public sealed record CalendarCustomer(Guid Id, string Name, string Email)
{
    public override string ToString() => $"{Name} <{Email}>";
}

/// <summary>A new start a member of staff chose for a booking in the booking dialog.</summary>
public sealed record RescheduleDecision(DateTimeOffset NewStartUtc)
{
    /// <summary>Bookings that are still to come and not settled can move.</summary>
    public static bool Allowed(CalendarBooking booking, DateTimeOffset now) =>
        booking.Status is BookingStatus.Pending or BookingStatus.Confirmed && now < booking.StartUtc;
}

/// <summary>A change a member of staff chose in the booking dialog.</summary>
public sealed record BookingDecision(BookingAction Action, string? Reason)
{
    /// <summary>The actions a booking's status allows: approval is for managers; completion and no-show once it has started.</summary>
    public static IReadOnlyList<BookingAction> Allowed(CalendarBooking booking, bool isManager, DateTimeOffset now) => booking.Status switch
    {
        BookingStatus.Pending when isManager => [BookingAction.Confirm, BookingAction.Reject, BookingAction.Cancel],
        BookingStatus.Pending => [BookingAction.Cancel],
        BookingStatus.Confirmed when now >= booking.EndUtc => [BookingAction.Complete, BookingAction.NoShow],
        BookingStatus.Confirmed when now >= booking.StartUtc => [BookingAction.Complete, BookingAction.NoShow, BookingAction.Cancel],
        BookingStatus.Confirmed => [BookingAction.Cancel],
        _ => [],
    };

    public static bool NeedsReason(BookingAction action) => action is BookingAction.Reject or BookingAction.Cancel;

    public static string Label(BookingAction action) => action switch
    {
        BookingAction.Confirm => "Confirm",
        BookingAction.Reject => "Reject",
        BookingAction.Cancel => "Cancel booking",
        BookingAction.Complete => "Mark completed",
        BookingAction.NoShow => "Mark no-show",
        _ => action.ToString(),
    };
}
