using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Security;

/// <summary>Ten single-use backup codes per user, shown once and stored hashed; a new set replaces the old one.</summary>
public sealed class BackupCodes(PlatformDbContext db, TimeProvider clock)
{
    public const int Count = 10;

    // No 0/O or 1/I/L: codes are read off paper.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>Replaces the user's backup codes with ten new ones and returns them, formatted <c>XXXXX-XXXXX</c>.</summary>
    public async Task<IReadOnlyList<string>> RegenerateAsync(PlatformUser user, CancellationToken ct = default)
    {
        var codes = Enumerable.Range(0, Count).Select(_ => NewCode()).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.BackupCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
        var now = clock.GetUtcNow();
        db.BackupCodes.AddRange(codes.Select(code => new BackupCode { UserId = user.Id, TenantId = user.TenantId, Hash = CodeHash.Of(user.Id, Normalize(code)!), CreatedAt = now }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return codes;
    }

    /// <summary>Uses up a backup code; true once for each code, false for anything else.</summary>
    public async Task<bool> RedeemAsync(PlatformUser user, string? code, CancellationToken ct = default)
    {
        if (Normalize(code) is not { } normalized)
        {
            return false;
        }

        var hash = CodeHash.Of(user.Id, normalized);
        var now = clock.GetUtcNow();
        // One conditional update: two requests with the same code cannot both win.
        var used = await db.BackupCodes
            .Where(c => c.UserId == user.Id && c.Hash == hash && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
        return used == 1;
    }

    public Task<int> RemainingAsync(PlatformUser user, CancellationToken ct = default) =>
        db.BackupCodes.CountAsync(c => c.UserId == user.Id && c.UsedAt == null, ct);

    public Task RemoveAllAsync(PlatformUser user, CancellationToken ct = default) =>
        db.BackupCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);

    /// <summary>Ten letters and digits as typed, dashes, spaces and case ignored; null when it cannot be a code.</summary>
    public static string? Normalize(string? code)
    {
        var chars = new string((code ?? "").Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
        return chars.Length == 10 && chars.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? chars : null;
    }

    private static string NewCode()
    {
        var chars = Enumerable.Range(0, 10).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray();
        return $"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}";
    }
}
