using Microsoft.EntityFrameworkCore;

namespace Platform.Infrastructure.Data;

/// <summary>The readiness probe's question to the database: does it answer? A short-lived context of its own, no tenant needed.</summary>
public sealed class DatabaseReadiness(IDbContextFactory<PlatformDbContext> contexts)
{
    public async Task<bool> AnswersAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CanConnectAsync(ct);
    }
}
