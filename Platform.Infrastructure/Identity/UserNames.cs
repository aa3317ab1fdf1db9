using Microsoft.EntityFrameworkCore;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Identity;

/// <summary>How a person is named to the others: in a room's presence, a booking's viewers, a draft's activity feed.</summary>
internal static class UserNames
{
    /// <summary>The name of someone whose account has no display name (or is gone).</summary>
    public const string Unknown = "Someone";

    /// <summary>The user's display name, or <see cref="Unknown"/>.</summary>
    public static async Task<string> DisplayNameAsync(this PlatformDbContext db, Guid userId, CancellationToken ct)
    {
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return string.IsNullOrWhiteSpace(name) ? Unknown : name;
    }
}
