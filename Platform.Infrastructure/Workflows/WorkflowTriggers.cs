using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Events;
using Platform.Core.Workflows;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;

namespace Platform.Infrastructure.Workflows;

/// <summary>
/// Starts the tenant's workflows whose published trigger is a booking event, one instance per workflow and event message
/// (the message id is the start key, so a redelivered event starts nothing twice), and runs each until it waits. A booking
/// placed pending approval is both "created" and "awaitingApproval".
/// </summary>
public sealed class WorkflowTriggers(
    IDbContextFactory<PlatformDbContext> contexts,
    WorkflowEngine engine,
    OutboxHandling handling) :
    IMessageHandler<BookingCreated>,
    IMessageHandler<BookingConfirmed>,
    IMessageHandler<BookingRejected>,
    IMessageHandler<BookingCancelled>,
    IMessageHandler<BookingRescheduled>,
    IMessageHandler<BookingCompleted>,
    IMessageHandler<BookingNoShow>,
    IMessageHandler<WorkflowAdvance>
{
    public async Task HandleAsync(BookingCreated e, CancellationToken ct)
    {
        await StartAsync(e, "created", ct);
        if (e.Status == BookingStatus.Pending)
        {
            await StartAsync(e, "awaitingApproval", ct);
        }
    }

    public Task HandleAsync(BookingConfirmed e, CancellationToken ct) => StartAsync(e, "confirmed", ct);

    public Task HandleAsync(BookingRejected e, CancellationToken ct) => StartAsync(e, "rejected", ct);

    public Task HandleAsync(BookingCancelled e, CancellationToken ct) => StartAsync(e, "cancelled", ct);

    public Task HandleAsync(BookingRescheduled e, CancellationToken ct) => StartAsync(e, "rescheduled", ct);

    public Task HandleAsync(BookingCompleted e, CancellationToken ct) => StartAsync(e, "completed", ct);

    public Task HandleAsync(BookingNoShow e, CancellationToken ct) => StartAsync(e, "noShow", ct);

    public Task HandleAsync(WorkflowAdvance message, CancellationToken ct) => engine.AdvanceAsync(message.InstanceId, ct);

    private async Task StartAsync(BookingEvent e, string name, CancellationToken ct)
    {
        var key = $"{WorkflowTriggerTypes.BookingEvent}:{name}";
        List<Guid> workflows;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            workflows = await db.Workflows.AsNoTracking().Where(w => w.PublishedTrigger == key && !w.IsPaused).Select(w => w.Id).ToListAsync(ct);
            if (workflows.Count == 0)
            {
                return;
            }

            var data = await WorkflowData.ForBookingAsync(db, e.BookingId, ct);
            if (data is null)
            {
                return;
            }

            data["trigger.type"] = WorkflowTriggerTypes.BookingEvent;
            data["trigger.event"] = name;
            var startKey = $"{handling.MessageId?.ToString("N") ?? Guid.CreateVersion7().ToString("N")}:{name}";
            foreach (var workflowId in workflows)
            {
                await engine.StartAsync(workflowId, startKey, new WorkflowStart(WorkflowTriggerTypes.BookingEvent, data, e.BookingId, e.ByUserId), ct);
            }
        }
    }
}

/// <summary>The data a trigger hands its instance, named as expressions and templates read it.</summary>
public static class WorkflowData
{
    /// <summary>
    /// A booking as <c>booking.*</c> (id, status, start, end, price, currency, service, provider, customer and their ids) and
    /// its customer as <c>customer.*</c>; a booking waiting for approval has the status <c>AwaitingApproval</c>. Null when
    /// the booking is not there (any more).
    /// </summary>
    public static async Task<Dictionary<string, object?>?> ForBookingAsync(PlatformDbContext db, Guid bookingId, CancellationToken ct)
    {
        var facts = await (from b in db.Bookings.AsNoTracking().Where(b => b.Id == bookingId)
                           join s in db.Services on b.ServiceId equals s.Id
                           join p in db.Providers on b.ProviderId equals p.Id
                           join c in db.Customers on b.CustomerId equals c.Id
                           select new { b.Id, b.Status, b.StartUtc, b.EndUtc, b.Price, Service = s.Name, ServiceId = s.Id, Provider = p.DisplayName, ProviderId = p.Id, Customer = c.Name, CustomerId = c.Id, c.Email, c.Phone })
            .FirstOrDefaultAsync(ct);
        if (facts is null)
        {
            return null;
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["booking.id"] = facts.Id.ToString(),
            ["booking.status"] = facts.Status == BookingStatus.Pending ? "AwaitingApproval" : facts.Status.ToString(),
            ["booking.start"] = facts.StartUtc,
            ["booking.end"] = facts.EndUtc,
            ["booking.price"] = facts.Price.Amount,
            ["booking.currency"] = facts.Price.Currency,
            ["booking.service"] = facts.Service,
            ["booking.serviceId"] = facts.ServiceId.ToString(),
            ["booking.provider"] = facts.Provider,
            ["booking.providerId"] = facts.ProviderId.ToString(),
            ["booking.customer"] = facts.Customer,
            ["booking.customerId"] = facts.CustomerId.ToString(),
            ["customer.name"] = facts.Customer,
            ["customer.email"] = facts.Email,
            ["customer.phone"] = facts.Phone,
        };
    }
}
