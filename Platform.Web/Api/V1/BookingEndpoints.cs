using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Identity;
using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>
/// /api/v1/bookings. Who may read or change which booking is the ledger's and the calendar's decision, made for the
/// request's actor: staff who are not managers reach their own calendar only, whatever they send.
/// </summary>
public static class BookingEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        const string Read = ApiKeyScopes.BookingsRead;
        const string Write = ApiKeyScopes.BookingsWrite;
        var bookings = v1.MapGroup("/bookings").WithTags("Bookings").RequireAuthorization(PlatformPolicies.TenantStaff);
        bookings.MapGet("", ListAsync).RequireApiKeyScope(Read).WithSummary("Bookings, newest start first, paged, filtered by time, status, provider or customer.");
        bookings.MapGet("/{id:guid}", GetAsync).RequireApiKeyScope(Read).WithSummary("One booking with its history.");
        bookings.MapPost("", CreateAsync).RequireApiKeyScope(Write)
            .WithSummary("Books a slot. Send an Idempotency-Key header to make retries safe: the same key gives the same booking once.");
        MapAction(bookings, "confirm", BookingAction.Confirm, "Approves a pending booking.").RequireAuthorization(PlatformPolicies.TenantManager);
        MapAction(bookings, "reject", BookingAction.Reject, "Turns down a pending booking, with a reason.").RequireAuthorization(PlatformPolicies.TenantManager);
        MapAction(bookings, "cancel", BookingAction.Cancel, "Cancels a booking, with a reason.");
        MapAction(bookings, "complete", BookingAction.Complete, "Records that the appointment took place.");
        MapAction(bookings, "no-show", BookingAction.NoShow, "Records that the customer did not come.");
        bookings.MapPost("/{id:guid}/reschedule", RescheduleAsync).RequireApiKeyScope(Write).WithSummary("Moves a booking to a new start with the same provider; with an end, staff also change its length.");
    }

    private static RouteHandlerBuilder MapAction(RouteGroupBuilder bookings, string path, BookingAction action, string summary) =>
        bookings.MapPost($"/{{id:guid}}/{path}", (Guid id, ActionBody? body, BookingLedger ledger, CancellationToken ct) => ChangeAsync(id, action, body, ledger, ct))
            .RequireApiKeyScope(ApiKeyScopes.BookingsWrite).WithSummary(summary);

    private static async Task<Results<Ok<PageOf<BookingDto>>, ValidationProblem>> ListAsync(
        StaffCalendar calendar, DateTimeOffset? from, DateTimeOffset? to, BookingStatus? status, Guid? providerId, Guid? customerId,
        int? page, int? pageSize, CancellationToken ct)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        var found = await calendar.FindAsync(new BookingFilter(from, to, status, providerId, customerId), request, ct);
        return TypedResults.Ok(PageOf<BookingDto>.From(found, BookingDto.From));
    }

    private static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> GetAsync(Guid id, StaffCalendar calendar, CancellationToken ct) =>
        await calendar.FindAsync(id, ct) is { } booking ? TypedResults.Ok(BookingDto.From(booking)) : ApiProblems.NotFound("There is no such booking.");

    private static async Task<Results<Created<BookingDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
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

        var answers = new Dictionary<Guid, string?>();
        foreach (var answer in body.Answers ?? [])
        {
            if (answer is null || !answers.TryAdd(answer.QuestionId, answer.Answer))
            {
                return ApiProblems.Invalid("answers", "Give each question's answer once, as { questionId, answer }.");
            }
        }

        var outcome = await ledger.PlaceAsync(new PlaceBooking(body.ServiceId, body.ProviderId, body.CustomerId, body.Start.ToUniversalTime())
        {
            Notes = body.Notes ?? "",
            IdempotencyKey = idempotencyKey,
            Answers = answers,
        }, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/bookings/{outcome.Value!.Id}", BookingDto.From(outcome.Value))
            : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> ChangeAsync(Guid id, BookingAction action, ActionBody? body, BookingLedger ledger, CancellationToken ct)
    {
        var outcome = await ledger.ChangeAsync(id, action, body?.Reason, ct);
        return outcome.Succeeded ? TypedResults.Ok(BookingDto.From(outcome.Value!)) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Ok<BookingDto>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(Guid id, RescheduleBody body, BookingLedger ledger, CancellationToken ct)
    {
        if (body.Start == default)
        {
            return ApiProblems.Invalid("start", "Give the new start as ISO 8601 with an offset.");
        }

        if (body.End is { } end && end <= body.Start)
        {
            return ApiProblems.Invalid("end", "The end must come after the start.");
        }

        var outcome = await ledger.RescheduleAsync(id, body.Start.ToUniversalTime(), body.End is { } newEnd ? newEnd - body.Start : null, ct);
        return outcome.Succeeded ? TypedResults.Ok(BookingDto.From(outcome.Value!)) : ApiProblems.Of(outcome);
    }

    /// <summary>A new booking; <paramref name="Answers"/> answer the service's intake questions (required ones must be answered).</summary>
    public sealed record CreateBookingBody(Guid ServiceId, Guid? ProviderId, Guid CustomerId, DateTimeOffset Start, string? Notes, IReadOnlyList<AnswerBody?>? Answers = null);

    /// <summary>The answer to one intake question: text, one of a choice's options, or "Yes"/"No".</summary>
    public sealed record AnswerBody(Guid QuestionId, string? Answer);

    /// <summary>An intake question's answer as the booking keeps it: the question's label when it was booked, and the answer.</summary>
    public sealed record AnswerDto(Guid QuestionId, string Question, string Answer);

    /// <summary>The new start and, to change the booking's length (staff only), its new end; without an end it keeps its length.</summary>
    public sealed record RescheduleBody(DateTimeOffset Start, DateTimeOffset? End = null);

    public sealed record ActionBody(string? Reason);

    public sealed record MoneyDto(decimal Amount, string Currency);

    public sealed record ChangeDto(string Kind, DateTimeOffset At, Guid? ByUserId, string? Reason, DateTimeOffset? PreviousStart);

    /// <summary>A booking as v1 shows it; its shape does not follow the entity.</summary>
    public sealed record BookingDto(
        Guid Id, Guid ServiceId, Guid ProviderId, Guid CustomerId, DateTimeOffset Start, DateTimeOffset End,
        string Status, MoneyDto Price, string Notes, DateTimeOffset CreatedAt, IReadOnlyList<ChangeDto> History, IReadOnlyList<AnswerDto> Answers)
    {
        public static BookingDto From(Booking b) => new(
            b.Id, b.ServiceId, b.ProviderId, b.CustomerId, b.StartUtc, b.EndUtc, b.Status.ToString(),
            new MoneyDto(b.Price.Amount, b.Price.Currency), b.Notes, b.CreatedAt,
            [.. b.History.OrderBy(h => h.At).Select(h => new ChangeDto(h.Kind.ToString(), h.At, h.ByUserId, h.Reason, h.PreviousStartUtc))],
            [.. b.Answers.Select(a => new AnswerDto(a.QuestionId, a.Question, a.Answer))]);
    }
}
