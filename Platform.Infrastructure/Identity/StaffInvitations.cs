using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Events;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;

namespace Platform.Infrastructure.Identity;

public sealed record InviteStaff(string Email, string DisplayName, string Role);

/// <summary>
/// A tenant admin invites staff by e-mail; the link lets them set a password, which creates their
/// account in the tenant with the invited role. Runs in the tenant's scope: rows are the tenant's own.
/// Inviting and revoking are for the tenant's admins (and the platform, inviting a new tenant's first admin);
/// accepting needs only the link.
/// </summary>
public sealed class StaffInvitations(
    IDbContextFactory<PlatformDbContext> contexts,
    UserManager<PlatformUser> users,
    Notifications.AccountEmails email,
    ITenantContext tenantContext,
    ICurrentActor actors,
    TimeProvider clock,
    ILogger<StaffInvitations> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public const int MaxNameLength = 120;

    private const string InvalidLink = "This invitation link is invalid, was already used, or has expired. Ask for a new one.";

    /// <summary>
    /// Creates the invitation and e-mails the link. <paramref name="acceptUrl"/> gets the token appended. The acting
    /// admin is recorded as the one who invited; the platform (a new tenant's first admin) names the operator in
    /// <paramref name="onBehalfOf"/>.
    /// </summary>
    public async Task<Outcome<StaffInvitation>> InviteAsync(InviteStaff command, string acceptUrl, Guid? onBehalfOf = null, CancellationToken ct = default)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Invitations belong to a tenant.");
        var actor = await actors.GetAsync(ct);
        if (!actor.IsTenantAdmin)
        {
            return Refusals.Forbidden<StaffInvitation>("Only the tenant's admins invite staff.");
        }

        var invitedBy = actor.UserId ?? onBehalfOf ?? Guid.Empty;
        var address = (command.Email ?? "").Trim();
        var name = (command.DisplayName ?? "").Trim();
        var errors = new Dictionary<string, string[]>();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var normalizedEmail = users.NormalizeEmail(address);
        if (!IsEmail(address))
        {
            errors[nameof(command.Email)] = ["Enter a valid e-mail address."];
        }
        else if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, ct))
        {
            errors[nameof(command.Email)] = ["Someone with this e-mail already has an account here."];
        }

        if (name.Length == 0)
        {
            errors[nameof(command.DisplayName)] = ["Enter the person's name."];
        }
        else if (name.Length > MaxNameLength)
        {
            errors[nameof(command.DisplayName)] = [$"Enter a name of at most {MaxNameLength} characters."];
        }

        if (!PlatformRoles.InvitableStaff.Contains(command.Role))
        {
            errors[nameof(command.Role)] = ["Choose Tenant admin, Manager or Staff."];
        }

        if (errors.Count > 0)
        {
            // Every problem at once, so a form or an API client can fix them in one go.
            return Outcome<StaffInvitation>.Fail(errors);
        }

        var now = clock.GetUtcNow();
        var normalized = address.ToLowerInvariant();
        var open = await db.StaffInvitations.Where(i => i.Email == normalized && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(ct);
        foreach (var previous in open)
        {
            previous.RevokedAt = now; // a new invitation replaces an older one
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var invitation = new StaffInvitation
        {
            Email = normalized,
            DisplayName = name,
            Role = command.Role,
            TokenHash = Hash(token),
            InvitedByUserId = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.StaffInvitations.Add(invitation);
        db.OutboxMessages.Add(Outbox.Row(new StaffInvited(tenant.Id, now, invitation.Id, normalized, name, command.Role, invitedBy), now));
        await db.SaveChangesAsync(ct);

        var link = acceptUrl + (acceptUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=" + token;
        await email.SendAsync(Core.Notifications.NotificationKinds.StaffInvitation, address, name, new Dictionary<string, string>
        {
            ["url"] = link,
            ["role"] = RoleLabel(command.Role),
            ["valid_days"] = Lifetime.Days.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, ct);

        logger.LogInformation("Invitation {InvitationId} sent for role {Role}", invitation.Id, invitation.Role);
        return Outcome<StaffInvitation>.Ok(invitation);
    }

    /// <summary>The open invitation a link's token belongs to, in this tenant; null when unknown, used, revoked or expired.</summary>
    public async Task<StaffInvitation?> FindOpenAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 128)
        {
            return null;
        }

        var hash = Hash(token);
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.StaffInvitations.AsNoTracking()
            .FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);
    }

    /// <summary>
    /// Creates the account with the invited role and the chosen password, and closes the invitation. The
    /// invitation is claimed first (a conditional update, so one link makes one account even when sent twice at
    /// once) and given back if the account cannot be made.
    /// </summary>
    public async Task<Outcome<PlatformUser>> AcceptAsync(string? token, string password, CancellationToken ct = default)
    {
        var invitation = await FindOpenAsync(token, ct);
        if (invitation is null)
        {
            return Outcome<PlatformUser>.Fail("Token", InvalidLink);
        }

        var acceptedAt = clock.GetUtcNow();
        if (!await ClaimAsync(invitation.Id, acceptedAt, ct))
        {
            return Outcome<PlatformUser>.Fail("Token", InvalidLink);
        }

        var user = new PlatformUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true, // the link proved the address
            DisplayName = invitation.DisplayName,
            CreatedAt = clock.GetUtcNow(),
        };

        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException)
        {
            // The unique user name decided a race with another sign-up for the same address.
            created = IdentityResult.Failed(new IdentityError { Code = nameof(IdentityErrorDescriber.DuplicateUserName) });
        }

        if (!created.Succeeded)
        {
            await GiveBackAsync(invitation.Id);
            return Outcome<PlatformUser>.Fail(ByField(created.Errors));
        }

        var role = await users.AddToRoleAsync(user, invitation.Role);
        if (!role.Succeeded)
        {
            await users.DeleteAsync(user);
            await GiveBackAsync(invitation.Id);
            return Outcome<PlatformUser>.Fail(ByField(role.Errors));
        }

        logger.LogInformation("Invitation {InvitationId} accepted by user {UserId}", invitation.Id, user.Id);
        return Outcome<PlatformUser>.Ok(user);
    }

    /// <summary>Revokes an open invitation of this tenant; not found when there is no open one with that id (another tenant's included).</summary>
    public async Task<Outcome<InvitationSummary>> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        if (!(await actors.GetAsync(ct)).IsTenantAdmin)
        {
            return Refusals.Forbidden<InvitationSummary>("Only the tenant's admins revoke invitations.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var invitation = await db.StaffInvitations.FirstOrDefaultAsync(i => i.Id == id, ct);
        var now = clock.GetUtcNow();
        if (invitation is null || invitation.StateAt(now) != InvitationState.Open)
        {
            return Outcome<InvitationSummary>.Fail(ErrorCodes.NotFound, "Id", "There is no open invitation with this id.");
        }

        invitation.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        return Outcome<InvitationSummary>.Ok(InvitationSummary.From(invitation));
    }

    /// <summary>Marks the invitation accepted if it is still open; false when someone else used or revoked it first.</summary>
    private async Task<bool> ClaimAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        DateTimeOffset? acceptedAt = now;
        return await db.StaffInvitations
            .Where(i => i.Id == id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, acceptedAt), ct) == 1;
    }

    /// <summary>Opens a claimed invitation again, since no account came of it.</summary>
    private async Task GiveBackAsync(Guid id)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.StaffInvitations.Where(i => i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, (DateTimeOffset?)null), CancellationToken.None);
    }

    public static string RoleLabel(string role) => role switch
    {
        PlatformRoles.TenantAdmin => "Tenant admin",
        PlatformRoles.Manager => "Manager",
        PlatformRoles.Staff => "Staff",
        PlatformRoles.Customer => "Customer",
        PlatformRoles.HostAdmin => "Host admin",
        _ => role,
    };

    /// <summary>Identity's errors under the field a person can act on: the e-mail is taken, or the password is too weak.</summary>
    private static Dictionary<string, string[]> ByField(IEnumerable<IdentityError> errors) =>
        errors.GroupBy(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail) ? "Email" : "Password")
            .ToDictionary(g => g.Key, g => g.Key == "Email"
                ? ["Someone with this e-mail already has an account here. Sign in, or reset your password."]
                : g.Select(e => e.Description).ToArray());

    private static bool IsEmail(string value) =>
        value.Length is > 3 and <= 256 && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
