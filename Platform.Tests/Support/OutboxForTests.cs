using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Events;

namespace Platform.Tests.Support;

/// <summary>What tests of delivery do to an app's outbox: wait until it is empty, and deliver messages again as a crash would.</summary>
public static class OutboxForTests
{
    /// <summary>Waits until no message of any tenant is pending.</summary>
    public static Task AllDeliveredAsync(this PlatformAppFactory app) => Eventually.HoldsAsync(async () =>
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        return !await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OutboxMessages.AnyAsync(m => m.Status == OutboxStatus.Pending);
    }, "every outbox message is delivered");

    /// <summary>Puts delivered messages back as pending with no handler done, as a dispatcher that died before recording them leaves them.</summary>
    public static async Task ReopenAsync(this PlatformAppFactory app, Expression<Func<OutboxMessage, bool>> which)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateHost();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        Assert.True(await db.OutboxMessages.Where(which).ExecuteUpdateAsync(m => m
            .SetProperty(x => x.Status, OutboxStatus.Pending)
            .SetProperty(x => x.CompletedHandlers, "")
            .SetProperty(x => x.ProcessedAt, (DateTimeOffset?)null)) > 0);
        app.Services.GetRequiredService<OutboxSignal>().Notify();
    }
}
