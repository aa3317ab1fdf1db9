using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Events;
using Platform.Core.Tenancy;
using Platform.Core.Workflows;
using Platform.Infrastructure;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;
using Platform.Infrastructure.Workflows;

// Workflow throughput and latency on a fresh database, with a 5-step workflow started by every booking.created event
// (condition, set variable, switch, set variable, an e-mail to the customer through the outbox):
//   1. Throughput: N customer.created events written at once (only the workflow handles them), drained by D dispatchers;
//      instances completed per second, their e-mails sent.
//   2. Capacity for bookings: N booking.created events written at once, every handler of a booking running (the bell,
//      the confirmation e-mail, the workflow and its e-mail; reminders need none, ADR 0034), drained by D dispatchers;
//      bookings handled per second.
//   3. Latency: bookings written at R per second for S seconds while the app's dispatcher service runs (one node); the
//      time from each event's commit to the instance's first step, p50/p95/p99. It runs after 2, which has warmed the
//      booking handlers' code: a node measured cold spends its first seconds compiling it and starts with a backlog, and
//      on 2 cores the JIT takes about a minute of this load (3,000 events) to finish moving the hot code to its optimised tier.
//   dotnet run -c Release --project benchmarks/Platform.WorkflowRun -- sqlite|postgres <connectionString> [events] [dispatchers] [rate] [seconds]
// OUTBOX_CONCURRENCY=n sets Outbox:Concurrency (how many messages of a batch a dispatcher handles at once).
// scripts/load-workflows.sh makes a fresh database and runs this.
var provider = args.Length > 0 ? args[0] : "sqlite";
var connection = args.Length > 1 ? args[1] : throw new ArgumentException("usage: sqlite|postgres <connectionString> [events] [dispatchers] [rate] [seconds]");
var events = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3000;
var dispatchers = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
var rate = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 50;
var seconds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 20;

var folder = Directory.CreateTempSubdirectory("workflow-bench-").FullName;
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = provider == "postgres" ? "PostgreSql" : "Sqlite",
    ["ConnectionStrings:Platform"] = connection,
    ["Outbox:BatchSize"] = "50",
    ["Outbox:Concurrency"] = Environment.GetEnvironmentVariable("OUTBOX_CONCURRENCY") ?? new Platform.Infrastructure.Events.OutboxOptions().Concurrency.ToString(CultureInfo.InvariantCulture),
    ["Outbox:NodeFolder"] = folder,
    ["Email:PickupDirectory"] = Path.Combine(folder, "mail"),
    ["Sms:PickupDirectory"] = Path.Combine(folder, "sms"),
    ["Jobs:Enabled"] = "false",
}).Build();
var services = new ServiceCollection()
    .AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
    .AddSingleton<IConfiguration>(configuration)
    .AddPlatformInfrastructure(configuration);
// The web host adds data protection (booking links, webhook secrets); keys in memory are enough for one run.
services.AddDataProtection().UseEphemeralDataProtectionProvider();
await using var root = services.BuildServiceProvider();
var scopes = root.GetRequiredService<TenantScopeFactory>();

Guid tenantId;
await using (var scope = scopes.CreateHost())
{
    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
    await db.Database.MigrateAsync();
    var tenant = new Tenant { Slug = $"bench-{Guid.NewGuid():N}"[..20], Name = "Workflow bench", CreatedAt = DateTimeOffset.UtcNow };
    db.Tenants.Add(tenant);
    await db.SaveChangesAsync();
    tenantId = tenant.Id;
}

Guid serviceId, providerId, customerId;
await using (var scope = await scopes.CreateAsync(tenantId))
{
    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
    var provider_ = new Provider { DisplayName = "Bench provider", TimeZone = "UTC" };
    var service = new Service { Name = "Bench session", DurationMinutes = 30, Price = new Money(120m, "EUR") };
    var customer = new Customer { Name = "Bench customer", Email = "bench@example.com", CreatedAt = DateTimeOffset.UtcNow };
    db.AddRange(provider_, service, customer);
    await db.SaveChangesAsync();
    (serviceId, providerId, customerId) = (service.Id, provider_.Id, customer.Id);

    var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>();
    var five = new WorkflowDefinition
    {
        Name = "Five steps",
        Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.CustomerCreated },
        Start = "large",
        Steps =
        [
            new() { Id = "large", Type = WorkflowStepTypes.Condition, Expression = "[customer.name] != ''" },
            new() { Id = "tier", Type = WorkflowStepTypes.SetVariable, Variable = "tier", Expression = "if([trigger.type] == 'bookingEvent', 'gold', 'silver')" },
            new() { Id = "pick", Type = WorkflowStepTypes.Switch, Expression = "tier", Cases = ["gold", "silver"] },
            new() { Id = "note", Type = WorkflowStepTypes.SetVariable, Variable = "note", Expression = "'checked'" },
            new() { Id = "mail", Type = WorkflowStepTypes.SendEmail, Template = "booking.confirmed", To = "customer", Title = "Thank you" },
            new() { Id = "done", Type = WorkflowStepTypes.End },
        ],
        Edges =
        [
            new("large", "true", "tier"), new("large", "false", "done"),
            new("tier", "next", "pick"),
            new("pick", "gold", "note"), new("pick", "silver", "note"), new("pick", "default", "done"),
            new("note", "next", "mail"), new("mail", "next", "done"),
        ],
    };

    // The same five steps twice: started by new customers (only this workflow handles customer.created: the engine's
    // own throughput) and by new bookings (behind every other handler of booking.created: what a booking waits for).
    foreach (var definition in new[] { five, five with { Name = "Five steps on bookings", Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "created" } } })
    {
        var draft = await definitions.ImportAsync(WorkflowJson.Write(definition));
        var published = await definitions.PublishAsync(draft.Value!.Workflow.Id);
        if (!published.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", published.Errors.SelectMany(e => e.Value)));
        }
    }
}

async Task WriteCustomersAsync(int count, int offset)
{
    await using var scope = await scopes.CreateAsync(tenantId);
    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
    for (var i = 0; i < count; i++)
    {
        db.Customers.Add(new Customer { Name = $"Customer {offset + i}", Email = $"customer{offset + i}@example.com", CreatedAt = DateTimeOffset.UtcNow });
    }

    await db.SaveChangesAsync();
}

// Bookings and their events, written in batches as the ledger would write them (the event in the booking's save).
async Task<List<Guid>> WriteAsync(int count, int offset)
{
    var ids = new List<Guid>();
    await using var scope = await scopes.CreateAsync(tenantId);
    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
    for (var i = 0; i < count; i++)
    {
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(30 * (offset + i));
        var booking = new Booking
        {
            ServiceId = serviceId,
            ProviderId = providerId,
            CustomerId = customerId,
            StartUtc = start,
            EndUtc = start.AddMinutes(30),
            OccupiedStartUtc = start,
            OccupiedEndUtc = start.AddMinutes(30),
            Status = BookingStatus.Confirmed,
            Price = new Money(120m, "EUR"),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Bookings.Add(booking);
        var now = DateTimeOffset.UtcNow;
        db.OutboxMessages.Add(Outbox.Row(new BookingCreated(tenantId, now, booking.Id, serviceId, providerId, customerId, booking.StartUtc, booking.EndUtc, null, BookingStatus.Confirmed), now));
        ids.Add(booking.Id);
    }

    await db.SaveChangesAsync();
    return ids;
}

async Task<int> CompletedAsync()
{
    await using var scope = await scopes.CreateAsync(tenantId);
    return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().WorkflowInstances.CountAsync(i => i.Status == WorkflowInstanceStatus.Completed);
}

async Task DrainAsync()
{
    await Task.WhenAll(Enumerable.Range(0, dispatchers).Select(async _ =>
    {
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(root);
        for (var empty = 0; empty < 3;)
        {
            var n = await dispatcher.DispatchDueAsync();
            empty = n == 0 ? empty + 1 : 0;
            if (n == 0)
            {
                await Task.Delay(5);
            }
        }
    }));
}

// 1. Throughput.
for (var written = 0; written < events; written += 250)
{
    await WriteCustomersAsync(Math.Min(250, events - written), written);
}

var drain = Stopwatch.StartNew();
await DrainAsync();
drain.Stop();
var completed = await CompletedAsync();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{provider}: {dispatchers} dispatchers ran {completed} of {events} five-step instances from customer.created (and sent their e-mails) in {drain.Elapsed.TotalSeconds:0.00} s: {completed / drain.Elapsed.TotalSeconds:0.0} events/s"));

// 2. Capacity for bookings.
var bookingsBefore = await CompletedAsync();
for (var written = 0; written < events; written += 250)
{
    await WriteAsync(Math.Min(250, events - written), 100_000 + written);
}

var bookingDrain = Stopwatch.StartNew();
await DrainAsync();
bookingDrain.Stop();
var bookingInstances = await CompletedAsync() - bookingsBefore;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{provider}: {dispatchers} dispatchers handled {events} bookings (every handler, {bookingInstances} instances) in {bookingDrain.Elapsed.TotalSeconds:0.00} s: {events / bookingDrain.Elapsed.TotalSeconds:0.0} bookings/s"));

// 3. Latency under a steady rate of new bookings, through the app's own dispatcher service: woken by the commit of
//    each booking's save on this node, as in production (another node's writes wait for its poll).
var dispatcherService = ActivatorUtilities.CreateInstance<OutboxDispatcherService>(root);
await dispatcherService.StartAsync(CancellationToken.None);
var latencyFrom = DateTimeOffset.UtcNow;
var completedBefore = await CompletedAsync();
var clock = Stopwatch.StartNew();
var total = rate * seconds;
for (var i = 0; i < total; i++)
{
    var due = TimeSpan.FromSeconds((double)i / rate);
    if (clock.Elapsed < due)
    {
        await Task.Delay(due - clock.Elapsed);
    }

    await WriteAsync(1, i);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: wrote {total} events in {clock.Elapsed.TotalSeconds:0.0} s ({total / clock.Elapsed.TotalSeconds:0.0}/s)"));
var settle = Stopwatch.StartNew();
while (await CompletedAsync() < completedBefore + total && settle.Elapsed < TimeSpan.FromMinutes(2))
{
    await Task.Delay(100);
}

await dispatcherService.StopAsync(CancellationToken.None);

await using (var scope = await scopes.CreateAsync(tenantId))
{
    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
    var written = await db.OutboxMessages.AsNoTracking().Where(m => m.Type == "booking.created").OrderBy(m => m.CreatedAt)
        .Select(m => new { m.Payload, m.CreatedAt }).ToListAsync();
    var firstSteps = await db.WorkflowStepRecords.AsNoTracking().Where(r => r.Sequence == 1)
        .Join(db.WorkflowInstances, r => r.InstanceId, i => i.Id, (r, i) => new { i.BookingId, r.At }).ToListAsync();
    var firstByBooking = firstSteps.Where(f => f.BookingId is not null).GroupBy(f => f.BookingId!.Value).ToDictionary(g => g.Key, g => g.Min(x => x.At));
    var latencies = written.Where(w => w.CreatedAt >= latencyFrom).Select(w => (Booking: System.Text.Json.JsonDocument.Parse(w.Payload).RootElement.GetProperty("bookingId").GetGuid(), w.CreatedAt))
        .Where(w => firstByBooking.ContainsKey(w.Booking))
        .Select(w => (firstByBooking[w.Booking] - w.CreatedAt).TotalMilliseconds).Order().ToList();
    double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
    // What failed on the way (e-mails still queued when the last instance completed are not failures).
    var failures = await db.OutboxMessages.AsNoTracking().Where(m => m.LastError != null).Select(m => new { m.Type, m.LastError }).ToListAsync();
    foreach (var failure in failures.GroupBy(m => (m.Type, m.LastError)))
    {
        Console.WriteLine($"{provider}: {failure.Count()} x {failure.Key.Type} failed at least once: {failure.Key.LastError}");
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{provider}: booking to first step over {latencies.Count} instances at {rate}/s: p50 {P(0.50):0} ms, p95 {P(0.95):0} ms, p99 {P(0.99):0} ms, max {latencies.LastOrDefault():0} ms"));
}

Directory.Delete(folder, recursive: true);
return 0;
