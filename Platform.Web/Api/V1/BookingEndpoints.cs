using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>/api/v1/availability, /api/v1/bookings and /api/v1/customers.</summary>
public static class BookingEndpoints
{
    public const int MaxPageSize = 100;

    public static void Map(RouteGroupBuilder v1)
    {
        const string Read = ApiKeyScopes.BookingsRead;
        const string Write = ApiKeyScopes.BookingsWrite;
        v1.MapGet("/availability", GetAvailabilityAsync).WithTags("Bookings").RequireAuthorization(PlatformPolicies.TenantStaff).RequireApiKeyScope(Read)
            .WithSummary("Free start times of a service, with one provider or any, between two instants; also shown in the given IANA time zone.");

        var bookings = v1.MapGroup("/bookings").WithTags("Bookings").RequireAuthorization(PlatformPolicies.TenantStaff);
        bookings.MapGet("", ListAsync).RequireApiKeyScope(Read).WithSummary("Bookings, newest start first, paged, filtered by time, status, provider or customer.");
        bookings.MapGet("/{id:guid}", GetAsync).RequireApiKeyScope(Read).WithSummary("One booking with its history.");
        bookings.MapPost("", CreateAsync).RequireApiKeyScope(Write)
            .WithSummary("Books a slot. Send an Idempotency-Key header to make retries safe: the same key gives the same booking once.");
        bookings.MapPost("/{id:guid}/confirm", (Guid id, ActionBody? body, BookingLedger ledger, HttpContext http, CancellationToken ct) =>
            ChangeAsync(id, BookingAction.Confirm, body, ledger, http, ct)).RequireApiKeyScope(Write).RequireAuthorization(PlatformPolicies.TenantManager).WithSummary("Approves a pending booking.");
        bookings.MapPost("/{id:guid}/reject", (Guid id, ActionBody? body, BookingLedger ledger, HttpContext http, CancellationToken ct) =>
            ChangeAsync(id, BookingAction.Reject, body, ledger, http, ct)).RequireApiKeyScope(Write).RequireAuthorization(PlatformPolicies.TenantManager).WithSummary("Turns down a pending booking, with a reason.");
        bookings.MapPost("/{id:guid}/cancel", (Guid id, ActionBody? body, BookingLedger ledger, HttpContext http, CancellationToken ct) =>
            ChangeAsync(id, BookingAction.Cancel, body, ledger, http, ct)).RequireApiKeyScope(Write).WithSummary("Cancels a booking, with a reason.");
        bookings.MapPost("/{id:guid}/complete", (Guid id, ActionBody? body, BookingLedger ledger, HttpContext http, CancellationToken ct) =>
            ChangeAsync(id, BookingAction.Complete, body, ledger, http, ct)).RequireApiKeyScope(Write).WithSummary("Records that the appointment took place.");
        bookings.MapPost("/{id:guid}/no-show", (Guid id, ActionBody? body, BookingLedger ledger, HttpContext http, CancellationToken ct) =>
            ChangeAsync(id, BookingAction.NoShow, body, ledger, http, ct)).RequireApiKeyScope(Write).WithSummary("Records that the customer did not come.");
        bookings.MapPost("/{id:guid}/reschedule", RescheduleAsync).RequireApiKeyScope(Write).WithSummary("Moves a booking to a new start with the same provider.");

        var customers = v1.MapGroup("/customers").WithTags("Customers").RequireAuthorization(PlatformPolicies.TenantStaff);
        customers.MapGet("", ListCustomersAsync).RequireApiKeyScope(Read).WithSummary("Customers, by name, paged, searchable by name or e-mail.");
        customers.MapGet("/{id:guid}", GetCustomerAsync).RequireApiKeyScope(Read).WithSummary("One customer.");
        customers.MapPost("", CreateCustomerAsync).RequireApiKeyScope(Write).WithSummary("Adds a customer (for example one who booked by phone).");
    }

    private static async Task<IResult> GetAvailabilityAsync(
        Guid serviceId, Guid? providerId, DateTimeOffset from, DateTimeOffset to, string? timeZone,
        AvailabilityQuery availability, ITenantContext tenant, CancellationToken ct)
    {
        var zoneId = string.IsNullOrWhiteSpace(timeZone) ? tenant.Tenant!.TimeZone : timeZone.Trim();
        if (!TimeZones.IsValidIana(zoneId))
        {
            return ApiProblems.Invalid("timeZone", "Use an IANA time zone such as Europe/Berlin.");
        }

        var outcome = await availability.FindAsync(new AvailabilityRequest(serviceId, providerId, from, to), ct);
        if (!outcome.Succeeded)
        {
            return ApiProblems.From(outcome);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        return TypedResults.Ok(new AvailabilityDto(zoneId, [.. outcome.Value!.Select(s => new SlotDto(
            s.Start, s.End, TimeZoneInfo.ConvertTime(s.Start, zone), s.ProviderId, s.RemainingCapacity))]));
    }

    private static async Task<IResult> ListAsync(
        PlatformDbContext db, DateTimeOffset? from, DateTimeOffset? to, BookingStatus? status, Guid? providerId, Guid? customerId,
        int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = (page ?? 1, pageSize ?? 25);
        if (p < 1 || size is < 1 or > MaxPageSize)
        {
            return ApiProblems.Invalid("pageSize", $"Use page 1 or more and a page size of 1 to {MaxPageSize}.");
        }

        var query = db.Bookings.AsNoTracking();
        query = from is { } f ? query.Where(b => b.StartUtc >= f) : query;
        query = to is { } t ? query.Where(b => b.StartUtc < t) : query;
        query = status is { } s ? query.Where(b => b.Status == s) : query;
        query = providerId is { } pid ? query.Where(b => b.ProviderId == pid) : query;
        query = customerId is { } cid ? query.Where(b => b.CustomerId == cid) : query;
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(b => b.StartUtc).ThenBy(b => b.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PageOf<BookingDto>([.. items.Select(BookingDto.From)], p, size, total));
    }

    private static async Task<IResult> GetAsync(Guid id, PlatformDbContext db, CancellationToken ct)
    {
        var booking = await db.Bookings.AsNoTracking().Include(b => b.History).FirstOrDefaultAsync(b => b.Id == id, ct);
        return booking is null ? ApiProblems.NotFound("There is no such booking.") : TypedResults.Ok(BookingDto.From(booking));
    }

    private static async Task<IResult> CreateAsync(
        CreateBookingBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        BookingLedger ledger, HttpContext http, CancellationToken ct)
    {
        if (body.ServiceId == Guid.Empty || body.CustomerId == Guid.Empty || body.Start == default)
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]>
            {
                ["request"] = ["serviceId, customerId and start (ISO 8601 with an offset) are required."],
            });
        }

        var outcome = await ledger.PlaceAsync(new PlaceBooking(body.ServiceId, body.ProviderId, body.CustomerId, body.Start.ToUniversalTime())
        {
            Notes = body.Notes ?? "",
            IdempotencyKey = idempotencyKey,
            ByUserId = UserId(http),
        }, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/bookings/{outcome.Value!.Id}", BookingDto.From(outcome.Value))
            : ApiProblems.From(outcome);
    }

    private static async Task<IResult> ChangeAsync(Guid id, BookingAction action, ActionBody? body, BookingLedger ledger, HttpContext http, CancellationToken ct)
    {
        var outcome = await ledger.ChangeAsync(id, action, body?.Reason, BookingActor.Manager(UserId(http)), ct);
        return outcome.Succeeded ? TypedResults.Ok(BookingDto.From(outcome.Value!)) : ApiProblems.From(outcome);
    }

    private static async Task<IResult> RescheduleAsync(Guid id, RescheduleBody body, BookingLedger ledger, HttpContext http, CancellationToken ct)
    {
        if (body.Start == default)
        {
            return ApiProblems.Invalid("start", "Give the new start as ISO 8601 with an offset.");
        }

        var outcome = await ledger.RescheduleAsync(id, body.Start.ToUniversalTime(), BookingActor.Manager(UserId(http)), ct);
        return outcome.Succeeded ? TypedResults.Ok(BookingDto.From(outcome.Value!)) : ApiProblems.From(outcome);
    }

    private static async Task<IResult> ListCustomersAsync(CustomerDirectory customers, string? search, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = (page ?? 1, pageSize ?? 25);
        if (p < 1 || size is < 1 or > CustomerDirectory.MaxPageSize || search is { Length: > 100 })
        {
            return ApiProblems.Invalid("pageSize", $"Use page 1 or more, a page size of 1 to {CustomerDirectory.MaxPageSize} and a search of at most 100 characters.");
        }

        var result = await customers.ListAsync(search, p, size, ct);
        return TypedResults.Ok(new PageOf<CustomerDto>([.. result.Items.Select(CustomerDto.From)], result.Page, result.PageSize, result.Total));
    }

    private static async Task<IResult> GetCustomerAsync(Guid id, CustomerDirectory customers, CancellationToken ct) =>
        await customers.FindAsync(id, ct) is { } customer ? TypedResults.Ok(CustomerDto.From(customer)) : ApiProblems.NotFound("There is no such customer.");

    private static async Task<IResult> CreateCustomerAsync(NewCustomer body, CustomerDirectory customers, HttpContext http, CancellationToken ct)
    {
        var outcome = await customers.CreateAsync(body, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/customers/{outcome.Value!.Id}", CustomerDto.From(outcome.Value))
            : ApiProblems.From(outcome);
    }

    private static Guid? UserId(HttpContext http) =>
        Guid.TryParse(http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var id) ? id : null;

    public sealed record CreateBookingBody(Guid ServiceId, Guid? ProviderId, Guid CustomerId, DateTimeOffset Start, string? Notes);

    public sealed record RescheduleBody(DateTimeOffset Start);

    public sealed record ActionBody(string? Reason);

    public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

    public sealed record AvailabilityDto(string TimeZone, IReadOnlyList<SlotDto> Slots);

    public sealed record SlotDto(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset LocalStart, Guid ProviderId, int RemainingCapacity);

    public sealed record MoneyDto(decimal Amount, string Currency);

    public sealed record ChangeDto(string Kind, DateTimeOffset At, Guid? ByUserId, string? Reason, DateTimeOffset? PreviousStart);

    public sealed record BookingDto(
        Guid Id, Guid ServiceId, Guid ProviderId, Guid CustomerId, DateTimeOffset Start, DateTimeOffset End,
        string Status, MoneyDto Price, string Notes, DateTimeOffset CreatedAt, IReadOnlyList<ChangeDto> History)
    {
        public static BookingDto From(Booking b) => new(
            b.Id, b.ServiceId, b.ProviderId, b.CustomerId, b.StartUtc, b.EndUtc, b.Status.ToString(),
            new MoneyDto(b.Price.Amount, b.Price.Currency), b.Notes, b.CreatedAt,
            [.. b.History.OrderBy(h => h.At).Select(h => new ChangeDto(h.Kind.ToString(), h.At, h.ByUserId, h.Reason, h.PreviousStartUtc))]);
    }

    public sealed record CustomerDto(Guid Id, string Name, string Email, string? Phone, string TimeZone, DateTimeOffset CreatedAt)
    {
        public static CustomerDto From(Customer c) => new(c.Id, c.Name, c.Email, c.Phone, c.TimeZone, c.CreatedAt);
    }
}
