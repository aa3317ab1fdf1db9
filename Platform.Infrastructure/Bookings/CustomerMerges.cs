using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Reporting;
using Platform.Infrastructure.Tenancy;

namespace Platform.Infrastructure.Bookings;

/// <summary>The customer left after a merge, and how many bookings moved to them.</summary>
public sealed record MergedCustomer(Customer Customer, int BookingsMoved);

/// <summary>
/// Merges a duplicate customer into the one to keep: the duplicate's bookings (with their history, reminders and
/// signed links, which all hang on the booking) move over, its account link moves when the kept customer has none
/// (so its notifications, which belong to the account, follow), and the duplicate is removed, in one transaction.
/// Managers and admins of the tenant may merge; staff and API keys may not (a merge cannot be undone). Which of the kept
/// customer's bookings was their first may change, so the insights' rollups of those bookings' days are computed again.
/// </summary>
public sealed class CustomerMerges(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, RollupBuilder rollups, ILogger<CustomerMerges> logger)
{
    public async Task<Outcome<MergedCustomer>> MergeAsync(Guid keepId, Guid duplicateId, CancellationToken ct = default)
    {
        var actor = await actors.GetAsync(ct);
        if (!actor.IsTenantStaff)
        {
            return Outcome<MergedCustomer>.Fail(ErrorCodes.NotFound, "CustomerId", "There is no such customer.");
        }

        if (actor.Role is not (ActorRole.Manager or ActorRole.TenantAdmin or ActorRole.System))
        {
            return Outcome<MergedCustomer>.Fail(ErrorCodes.Forbidden, "Actor", "Only managers and admins merge customers.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var merged = await MergeAsync(db, keepId, duplicateId, ct);
        if (merged.Succeeded)
        {
            logger.LogInformation("Customer {DuplicateId} merged into {CustomerId} by {ActorRole} {UserId}: {Bookings} bookings moved",
                duplicateId, keepId, actor.Role, actor.UserId, merged.Value!.BookingsMoved);
            var times = await db.Bookings.AsNoTracking().Where(b => b.CustomerId == keepId).Select(b => new { b.StartUtc, b.CreatedAt }).ToListAsync(ct);
            await rollups.RecomputeAsync(times.Select(t => t.StartUtc), times.Select(t => t.CreatedAt), ct);
        }

        return merged;
    }

    /// <summary>The merge itself, for callers that decided it may happen (the manager's action, the start-up step).</summary>
    internal static async Task<Outcome<MergedCustomer>> MergeAsync(PlatformDbContext db, Guid keepId, Guid duplicateId, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var keep = await db.Customers.FirstOrDefaultAsync(c => c.Id == keepId, token);
            var duplicate = await db.Customers.FirstOrDefaultAsync(c => c.Id == duplicateId, token);
            if (keep is null || duplicate is null)
            {
                return Outcome<MergedCustomer>.Fail(ErrorCodes.NotFound, keep is null ? "CustomerId" : "DuplicateId", "There is no such customer.");
            }

            if (keep.Merge(duplicate) is { } refused)
            {
                return refused.ToOutcome<MergedCustomer>();
            }

            var moved = await db.Bookings.Where(b => b.CustomerId == duplicate.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.CustomerId, keep.Id), token);
            db.Customers.Remove(duplicate);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return Outcome<MergedCustomer>.Ok(new MergedCustomer(keep, moved));
        }, ct);
    }
}

/// <summary>
/// The one-off data step of "one customer per person", run at start-up after the migrations: customers stored before
/// <see cref="Customer.EmailKey"/> existed get their key, and those who share an address are merged into one (the
/// oldest, or the one already keyed), keeping every booking and the account link. Customers with two different
/// accounts under one address cannot be merged; they are left unkeyed and logged for a manager to sort out. Cheap
/// once done: it only looks at customers without a key.
/// </summary>
public sealed class CustomerEmailBackfill(TenantScopeFactory scopes, ILogger<CustomerEmailBackfill> logger)
{
    public async Task RunAsync(CancellationToken ct = default)
    {
        List<Guid> tenants;
        await using (var host = scopes.CreateHost())
        {
            tenants = await host.ServiceProvider.GetRequiredService<PlatformDbContext>().Customers.IgnoreQueryFilters([PlatformDbContext.TenantFilter])
                .Where(c => c.EmailKey == null).Select(c => c.TenantId).Distinct().ToListAsync(ct);
        }

        foreach (var tenantId in tenants)
        {
            await using var scope = await scopes.CreateAsync(tenantId, ct);
            await RunForTenantAsync(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), tenantId, ct);
        }
    }

    private async Task RunForTenantAsync(PlatformDbContext db, Guid tenantId, CancellationToken ct)
    {
        var unkeyed = await db.Customers.AsNoTracking().Where(c => c.EmailKey == null).ToListAsync(ct);
        foreach (var group in unkeyed.GroupBy(c => CustomerEmail.Key(c.Email)))
        {
            var key = group.Key;
            var keyed = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.EmailKey == key, ct);
            var ordered = group.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
            var keep = keyed ?? ordered[0];
            foreach (var duplicate in ordered.Where(c => c.Id != keep.Id))
            {
                var merged = await CustomerMerges.MergeAsync(db, keep.Id, duplicate.Id, ct);
                if (merged.Succeeded)
                {
                    logger.LogInformation("Tenant {TenantId}: customer {DuplicateId} merged into {CustomerId} (same e-mail), {Bookings} bookings moved",
                        tenantId, duplicate.Id, keep.Id, merged.Value!.BookingsMoved);
                }
                else
                {
                    logger.LogWarning("Tenant {TenantId}: customer {DuplicateId} shares its e-mail with {CustomerId} but was not merged: {Problem}",
                        tenantId, duplicate.Id, keep.Id, string.Join(" ", merged.Errors.SelectMany(e => e.Value)));
                }
            }

            if (keyed is null)
            {
                db.ChangeTracker.Clear();
                var survivor = await db.Customers.SingleAsync(c => c.Id == keep.Id, ct);
                survivor.KeyEmail();
                await db.SaveChangesAsync(ct);
            }
        }
    }
}
