using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Sms;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Security;

/// <summary>
/// Six-digit codes sent by text message: valid for five minutes, single-use, and throttled per user and per
/// phone number so the platform cannot be used to flood someone's phone.
/// </summary>
public sealed partial class SmsCodes(PlatformDbContext db, ISmsSender sms, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan UserWindow = TimeSpan.FromMinutes(15);
    public const int MaxPerUser = 3;
    public static readonly TimeSpan PhoneWindow = TimeSpan.FromHours(1);
    public const int MaxPerPhone = 5;

    public const string PhoneField = "PhoneNumber";
    public const string CodeField = "Code";

    /// <summary>Sends a new code to <paramref name="phoneNumber"/> (E.164, spaces allowed) unless the limits are reached.</summary>
    public async Task<Outcome<string>> SendAsync(PlatformUser user, string? phoneNumber, SmsCodePurpose purpose, string senderName, CancellationToken ct = default)
    {
        if (NormalizePhone(phoneNumber) is not { } phone)
        {
            return Outcome<string>.Fail(ErrorCodes.ValidationFailed, PhoneField, "Enter the number in international form, like +1 212 555 0123.");
        }

        var now = clock.GetUtcNow();
        var sinceUser = now - UserWindow;
        var sincePhone = now - PhoneWindow;
        var byUser = await db.SmsCodes.CountAsync(c => c.UserId == user.Id && c.SentAt > sinceUser, ct);
        // Per number across all tenants: one phone, however many accounts name it.
        var byPhone = await db.SmsCodes.IgnoreQueryFilters([PlatformDbContext.TenantFilter]).CountAsync(c => c.PhoneNumber == phone && c.SentAt > sincePhone, ct);
        if (byUser >= MaxPerUser || byPhone >= MaxPerPhone)
        {
            return Outcome<string>.Fail(ErrorCodes.SmsThrottled, CodeField, "Too many codes were sent. Wait a few minutes, then ask for a new one.");
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        db.SmsCodes.Add(new SmsCode
        {
            UserId = user.Id,
            TenantId = user.TenantId,
            PhoneNumber = phone,
            Purpose = purpose,
            Hash = CodeHash.Of(user.Id, code),
            SentAt = now,
            ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync(ct);
        await sms.SendAsync(new SmsMessage(phone, $"{code} is your {senderName} code. It expires in 5 minutes. Never share it."), ct);
        return Outcome<string>.Ok(phone);
    }

    /// <summary>The phone number the code was sent to when <paramref name="code"/> is a current, unused code of the user; it is used up.</summary>
    public async Task<string?> RedeemAsync(PlatformUser user, SmsCodePurpose purpose, string? code, CancellationToken ct = default)
    {
        if (Security.TotpCode.Normalize(code) is not { } digits)
        {
            return null;
        }

        var hash = CodeHash.Of(user.Id, digits);
        var now = clock.GetUtcNow();
        var match = await db.SmsCodes.AsNoTracking()
            .Where(c => c.UserId == user.Id && c.Purpose == purpose && c.Hash == hash && c.UsedAt == null && c.ExpiresAt > now)
            .Select(c => new { c.Id, c.PhoneNumber })
            .FirstOrDefaultAsync(ct);
        if (match is null)
        {
            return null;
        }

        var used = await db.SmsCodes.Where(c => c.Id == match.Id && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
        return used == 1 ? match.PhoneNumber : null;
    }

    /// <summary>E.164: a plus and 8 to 15 digits; spaces, dashes, dots and brackets as typed are dropped.</summary>
    public static string? NormalizePhone(string? input)
    {
        var compact = NotDialled().Replace(input ?? "", "");
        return E164().IsMatch(compact) ? compact : null;
    }

    /// <summary>The number with all but its last two digits hidden, for messages on screen.</summary>
    public static string Mask(string phone) => phone.Length <= 4 ? phone : phone[..2] + new string('•', phone.Length - 4) + phone[^2..];

    [GeneratedRegex(@"[\s\-\.\(\)]")]
    private static partial Regex NotDialled();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();
}
