using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Notifications;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Notifications;

/// <summary>What a customer sees on their notifications page: their channels per customer kind and the phone text messages go to.</summary>
public sealed record CustomerNotificationChoices(IReadOnlyList<NotificationPreferenceRow> Rows, string? Phone, bool HasCustomerRecord);

/// <summary>
/// A portal customer's own notification channels and phone number, saved together in one transaction:
/// text messages need a phone, so SMS without one is refused and nothing changes. Always the actor's own
/// (the signed-in person), never an id the caller passes.
/// </summary>
public sealed class CustomerNotificationSettings(IDbContextFactory<PlatformDbContext> contexts, NotificationPreferences preferences, ICurrentActor actors, ITenantContext tenantContext)
{
    /// <summary>The kinds only customers get (confirmations, changes, reminders); announcements are for the team.</summary>
    private static bool IsCustomerKind(NotificationKindInfo kind) => kind.HasPreference && kind.Readers == NotificationReaders.Customers;

    /// <summary>The actor's choices; empty for an actor who is not a person.</summary>
    public async Task<CustomerNotificationChoices> MineAsync(CancellationToken ct = default) =>
        await actors.GetAsync(ct) is { UserId: { } userId } ? await LoadAsync(userId, ct) : new CustomerNotificationChoices([], null, false);

    private async Task<CustomerNotificationChoices> LoadAsync(Guid userId, CancellationToken ct)
    {
        var rows = (await preferences.ForPersonAsync(userId, NotificationReaders.Customers, ct)).Where(r => IsCustomerKind(r.Kind)).ToList();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var customers = await db.Customers.AsNoTracking().Where(c => c.UserId == userId).Select(c => c.Phone).ToListAsync(ct);
        var phone = customers.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p))
            ?? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PhoneNumber).SingleOrDefaultAsync(ct);
        return new CustomerNotificationChoices(rows, phone, customers.Count > 0);
    }

    /// <summary>
    /// Stores the channels per kind (customer kinds only) and, when given, the phone number on the person's customer record.
    /// The person is the actor, who must be a user of this tenant.
    /// </summary>
    public async Task<Outcome<CustomerNotificationChoices>> SaveMineAsync(IReadOnlyDictionary<string, NotificationChannels> channels, string? phone, CancellationToken ct = default)
    {
        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Preferences belong to a tenant.");
        if (await actors.GetAsync(ct) is not { UserId: { } userId })
        {
            return Outcome<CustomerNotificationChoices>.Fail(ErrorCodes.Forbidden, "", "Only a signed-in person has notification preferences.");
        }

        if (channels.Keys.FirstOrDefault(k => NotificationKinds.Find(k) is not { } kind || !IsCustomerKind(kind)) is { } unknown)
        {
            return Outcome<CustomerNotificationChoices>.Fail(ErrorCodes.ValidationFailed, "Kind", $"'{unknown}' is not a kind of notification for customers.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.PhoneNumber }).SingleOrDefaultAsync(ct);
        if (user is null)
        {
            return Outcome<CustomerNotificationChoices>.Fail(ErrorCodes.NotFound, "", "You are not a customer of this business.");
        }

        var customers = await db.Customers.Where(c => c.UserId == userId).ToListAsync(ct);
        var trimmed = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (trimmed is not null && !CustomerDirectory.IsValidPhone(trimmed))
        {
            return Outcome<CustomerNotificationChoices>.Fail(ErrorCodes.ValidationFailed, "Phone", CustomerDirectory.PhoneProblem);
        }

        if (trimmed is not null && customers.Count == 0)
        {
            return Outcome<CustomerNotificationChoices>.Fail(ErrorCodes.ValidationFailed, "Phone", "Your phone number is kept with your bookings: make a booking first, then add it here.");
        }

        var known = trimmed ?? customers.Select(c => c.Phone).FirstOrDefault(p => !string.IsNullOrWhiteSpace(p)) ?? user.PhoneNumber;
        if (string.IsNullOrWhiteSpace(known) && channels.Values.Any(c => c.HasFlag(NotificationChannels.Sms)))
        {
            return Outcome<CustomerNotificationChoices>.Fail(ErrorCodes.ValidationFailed, "Phone", "Enter the phone number text messages should go to.");
        }

        foreach (var (kind, chosen) in channels)
        {
            await NotificationPreferences.StageAsync(db, tenantId, userId, kind, chosen, ct);
        }

        if (trimmed is not null)
        {
            customers.ForEach(c => c.Phone = trimmed);
        }

        await db.SaveChangesAsync(ct);
        return Outcome<CustomerNotificationChoices>.Ok(await LoadAsync(userId, ct));
    }
}
