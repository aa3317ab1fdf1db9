using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Events;
using Platform.Core.Tenancy;
using Platform.Infrastructure;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;

// Outbox throughput: writes N messages for one tenant, then drains them with D dispatchers at once
// (each message goes through claim, tenant scope, one handler, completion) and reports messages per second.
//   dotnet run -c Release --project benchmarks/Platform.OutboxRun -- sqlite|postgres <connectionString> [messages] [dispatchers]
// scripts/load-outbox.sh makes a fresh database and runs this.
var provider = args.Length > 0 ? args[0] : "sqlite";
var connection = args.Length > 1 ? args[1] : throw new ArgumentException("usage: sqlite|postgres <connectionString> [messages] [dispatchers]");
var messages = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
var dispatchers = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = provider == "postgres" ? "PostgreSql" : "Sqlite",
    ["ConnectionStrings:Platform"] = connection,
    ["Outbox:BatchSize"] = "100",
}).Build();
var services = new ServiceCollection()
    .AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
    .AddSingleton<IConfiguration>(configuration)
    .AddPlatformInfrastructure(configuration)
    .AddMessageHandler<BenchPing, BenchPingHandler>()
    .AddSingleton<HandledCount>();
await using var provider_ = services.BuildServiceProvider();

var scopes = provider_.GetRequiredService<TenantScopeFactory>();
Guid tenantId;
await using (var scope = scopes.CreateHost())
{
    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
    await db.Database.MigrateAsync();
    var tenant = new Tenant { Slug = $"bench-{Guid.NewGuid():N}"[..20], Name = "Outbox bench", CreatedAt = DateTimeOffset.UtcNow };
    db.Tenants.Add(tenant);
    await db.SaveChangesAsync();
    tenantId = tenant.Id;
}

var write = Stopwatch.StartNew();
for (var written = 0; written < messages; written += 500)
{
    await using var scope = await scopes.CreateAsync(tenantId);
    var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
    for (var i = written; i < Math.Min(messages, written + 500); i++)
    {
        outbox.Enqueue(new BenchPing(tenantId, i));
    }

    await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().SaveChangesAsync();
}

write.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: wrote {messages} messages in {write.Elapsed.TotalSeconds:0.00} s"));

var drain = Stopwatch.StartNew();
var handledBy = await Task.WhenAll(Enumerable.Range(0, dispatchers).Select(async _ =>
{
    var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(provider_);
    var total = 0;
    for (var empty = 0; empty < 2;)
    {
        var n = await dispatcher.DispatchDueAsync();
        total += n;
        empty = n == 0 ? empty + 1 : 0;
    }

    return total;
}));
drain.Stop();

var handled = provider_.GetRequiredService<HandledCount>().Value;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{provider}: {dispatchers} dispatchers handled {handled} messages ({string.Join(" + ", handledBy)}) in {drain.Elapsed.TotalSeconds:0.00} s: {handled / drain.Elapsed.TotalSeconds:0} messages/s"));
return handled == messages ? 0 : 1;

/// <summary>The benchmark's message: nothing but a number.</summary>
[MessageType("bench.ping")]
internal sealed record BenchPing(Guid TenantId, int Number) : IOutboxMessage;

internal sealed class HandledCount
{
    private int _value;

    public int Value => _value;

    public void Add() => Interlocked.Increment(ref _value);
}

internal sealed class BenchPingHandler(HandledCount count) : IMessageHandler<BenchPing>
{
    public Task HandleAsync(BenchPing message, CancellationToken ct)
    {
        count.Add();
        return Task.CompletedTask;
    }
}
