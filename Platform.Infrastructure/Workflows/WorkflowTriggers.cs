using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Events;
using Platform.Core.Tenancy;
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
    OutboxHandling handling,
    ITenantContext tenantContext,
    TimeProvider clock) :
    IMessageHandler<BookingCreated>,
    IMessageHandler<BookingConfirmed>,
    IMessageHandler<BookingRejected>,
    IMessageHandler<BookingCancelled>,
    IMessageHandler<BookingRescheduled>,
    IMessageHandler<BookingCompleted>,
    IMessageHandler<BookingNoShow>,
    IMessageHandler<CustomerCreated>,
    IMessageHandler<WorkflowAdvance>
{
    private const string AwaitingApproval = "awaitingApproval";

    public async Task HandleAsync(BookingCreated e, CancellationToken ct)
    {
        await StartAsync(e, "created", ct);
        if (e.Status == BookingStatus.Pending)
        {
            await StartAsync(e, AwaitingApproval, ct);
        }
    }

    public async Task HandleAsync(BookingConfirmed e, CancellationToken ct)
    {
        await DecidedElsewhereAsync(e, WorkflowTaskStatus.Approved, "The booking was confirmed outside this task.", ct);
        await StartAsync(e, "confirmed", ct);
    }

    public async Task HandleAsync(BookingRejected e, CancellationToken ct)
    {
        await DecidedElsewhereAsync(e, WorkflowTaskStatus.Rejected, "The booking was declined outside this task.", ct);
        await StartAsync(e, "rejected", ct);
    }

    public async Task HandleAsync(BookingCancelled e, CancellationToken ct)
    {
        await DecidedElsewhereAsync(e, WorkflowTaskStatus.Rejected, "The booking was cancelled.", ct);
        await StartAsync(e, "cancelled", ct);
    }

    public Task HandleAsync(BookingRescheduled e, CancellationToken ct) => StartAsync(e, "rescheduled", ct);

    public Task HandleAsync(BookingCompleted e, CancellationToken ct) => StartAsync(e, "completed", ct);

    public Task HandleAsync(BookingNoShow e, CancellationToken ct) => StartAsync(e, "noShow", ct);

    public Task HandleAsync(WorkflowAdvance message, CancellationToken ct) => engine.AdvanceAsync(message.InstanceId, ct);

    public async Task HandleAsync(CustomerCreated e, CancellationToken ct)
    {
        List<Guid> workflows;
        Dictionary<string, object?>? data;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            workflows = await WorkflowsForAsync(db, WorkflowTriggerTypes.CustomerCreated, ct);
            data = workflows.Count == 0 ? null : await WorkflowData.ForCustomerAsync(db, e.CustomerId, ct);
        }

        if (data is null)
        {
            return;
        }

        data["trigger.type"] = WorkflowTriggerTypes.CustomerCreated;
        foreach (var workflowId in workflows)
        {
            await engine.StartAsync(workflowId, StartKey("customer"), new WorkflowStart(WorkflowTriggerTypes.CustomerCreated, data), ct);
        }
    }

    private async Task StartAsync(BookingEvent e, string name, CancellationToken ct)
    {
        var key = $"{WorkflowTriggerTypes.BookingEvent}:{name}";
        List<Guid> workflows;
        Dictionary<string, object?>? data;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            workflows = await WorkflowsForAsync(db, key, ct);
            if (workflows.Count == 0 && name == AwaitingApproval)
            {
                workflows = await BuiltInApprovalAsync(db, ct);
            }

            data = workflows.Count == 0 ? null : await WorkflowData.ForBookingAsync(db, e.BookingId, ct);
        }

        if (data is null)
        {
            return;
        }

        data["trigger.type"] = WorkflowTriggerTypes.BookingEvent;
        data["trigger.event"] = name;
        foreach (var workflowId in workflows)
        {
            await engine.StartAsync(workflowId, StartKey(name), new WorkflowStart(WorkflowTriggerTypes.BookingEvent, data, e.BookingId, e.ByUserId), ct);
        }
    }

    /// <summary>The tenant's own published, unpaused workflows for the trigger (the built-in one only stands in for none).</summary>
    private static Task<List<Guid>> WorkflowsForAsync(PlatformDbContext db, string trigger, CancellationToken ct) =>
        db.Workflows.AsNoTracking().Where(w => w.PublishedTrigger == trigger && !w.IsPaused && !w.IsBuiltIn).Select(w => w.Id).ToListAsync(ct);

    /// <summary>The same message (redelivered) and event name give the same key, so an instance starts once.</summary>
    private string StartKey(string name) => $"{handling.MessageId?.ToString("N") ?? Guid.CreateVersion7().ToString("N")}:{name}";

    /// <summary>
    /// The built-in booking approval of this tenant, made (published as version 1) the first time a booking waits for
    /// approval; none when the tenant paused it.
    /// </summary>
    private async Task<List<Guid>> BuiltInApprovalAsync(PlatformDbContext db, CancellationToken ct)
    {
        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Workflows belong to a tenant.");
        var id = BuiltInApprovalId(tenantId);
        var existing = await db.Workflows.AsNoTracking().Where(w => w.Id == id).Select(w => new { w.IsPaused }).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return existing.IsPaused ? [] : [id];
        }

        var now = clock.GetUtcNow();
        var definition = WorkflowTemplates.BuiltInApproval;
        var json = WorkflowJson.Write(definition with { Schema = WorkflowDefinition.SchemaUri });
        db.Workflows.Add(new Workflow
        {
            Id = id,
            Name = definition.Name,
            Description = definition.Description,
            TriggerType = WorkflowTriggerTypes.BookingEvent,
            DraftJson = json,
            LatestVersion = 1,
            PublishedTrigger = WorkflowTriggerTypes.KeyOf(definition.Trigger),
            IsBuiltIn = true,
            CreatedAt = now,
            UpdatedAt = now,
        });
        db.WorkflowVersions.Add(new WorkflowVersion { WorkflowId = id, Number = 1, Json = json, PublishedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Made at the same moment by another node: that one is it.
        }

        return [id];
    }

    /// <summary>The built-in approval's id in a tenant: the same on every node, so two nodes making it at once make one.</summary>
    public static Guid BuiltInApprovalId(Guid tenantId) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"builtin-approval|{tenantId:N}"))[..16]);

    /// <summary>
    /// The booking was confirmed, declined or cancelled by someone (in the bookings list, by its customer, by a workflow):
    /// open approval tasks about it are decided that way, so their instances go on instead of waiting for nothing.
    /// </summary>
    private async Task DecidedElsewhereAsync(BookingEvent e, WorkflowTaskStatus outcome, string comment, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var open = await db.WorkflowTasks.Where(t => t.BookingId == e.BookingId && (t.Status == WorkflowTaskStatus.Open || t.Status == WorkflowTaskStatus.SentBack)).ToListAsync(ct);
        if (open.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var task in open)
        {
            task.Status = outcome;
            task.DecidedBy = e.ByUserId;
            task.DecidedAt = now;
            task.Comment = comment;
            task.Revision++;
        }

        foreach (var instanceId in open.Select(t => t.InstanceId).Distinct())
        {
            db.OutboxMessages.Add(Outbox.Row(new WorkflowAdvance(e.TenantId, instanceId), now));
        }

        // A task decided at the same moment in the inbox makes this save fail; the outbox runs the handler again.
        await db.SaveChangesAsync(ct);
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

    /// <summary>
    /// Made-up data of the kind <paramref name="trigger"/> brings, with the names <see cref="ForBookingAsync"/> and
    /// <see cref="ForCustomerAsync"/> give a run, for trying an expression in the designer; nothing for triggers with no data.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Sample(WorkflowTrigger? trigger, string currency)
    {
        var customer = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["customer.id"] = "6f1c2a9e-0000-4000-8000-000000000001",
            ["customer.name"] = "Carla Sample",
            ["customer.email"] = "carla@example.com",
            ["customer.phone"] = "+1 555 0100",
        };
        return trigger?.Type switch
        {
            WorkflowTriggerTypes.BookingEvent or WorkflowTriggerTypes.BookingTime => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["booking.id"] = "6f1c2a9e-0000-4000-8000-000000000002",
                ["booking.status"] = trigger.Event == "awaitingApproval" ? "AwaitingApproval" : "Confirmed",
                ["booking.start"] = new DateTimeOffset(2026, 12, 14, 9, 0, 0, TimeSpan.Zero),
                ["booking.end"] = new DateTimeOffset(2026, 12, 14, 10, 0, 0, TimeSpan.Zero),
                ["booking.price"] = 120m,
                ["booking.currency"] = currency,
                ["booking.service"] = "Follow-up session",
                ["booking.serviceId"] = "6f1c2a9e-0000-4000-8000-000000000003",
                ["booking.provider"] = "Sam Staff",
                ["booking.providerId"] = "6f1c2a9e-0000-4000-8000-000000000004",
                ["booking.customer"] = customer["customer.name"],
                ["booking.customerId"] = customer["customer.id"],
                ["customer.name"] = customer["customer.name"],
                ["customer.email"] = customer["customer.email"],
                ["customer.phone"] = customer["customer.phone"],
            },
            WorkflowTriggerTypes.CustomerCreated => customer,
            _ => new Dictionary<string, object?>(StringComparer.Ordinal),
        };
    }

    /// <summary>A customer as <c>customer.*</c> (id, name, email, phone); null when the record is not there (any more).</summary>
    public static async Task<Dictionary<string, object?>?> ForCustomerAsync(PlatformDbContext db, Guid customerId, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.Id, c.Name, c.Email, c.Phone }).FirstOrDefaultAsync(ct);
        return customer is null
            ? null
            : new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["customer.id"] = customer.Id.ToString(),
                ["customer.name"] = customer.Name,
                ["customer.email"] = customer.Email,
                ["customer.phone"] = customer.Phone,
            };
    }
}
