using System.Net;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Email;
using Platform.Core.Identity;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Identity;

public sealed record InviteStaff(string Email, string DisplayName, string Role);

/// <summary>
/// A tenant admin invites staff by e-mail; the link lets them set a password, which creates their
/// account in the tenant with the invited role. Runs in the tenant's scope: rows are the tenant's own.
/// </summary>
public sealed class StaffInvitations(
    PlatformDbContext db,
    UserManager<PlatformUser> users,
    IEmailSender email,
    ITenantContext tenantContext,
    TimeProvider clock,
    ILogger<StaffInvitations> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Creates the invitation and e-mails the link. <paramref name="acceptUrl"/> gets the token appended.</summary>
    public async Task<Outcome<StaffInvitation>> InviteAsync(InviteStaff command, Guid invitedBy, string acceptUrl, CancellationToken ct = default)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Invitations belong to a tenant.");
        var address = command.Email.Trim();
        if (!IsEmail(address))
        {
            return Outcome<StaffInvitation>.Fail(nameof(command.Email), "Enter a valid e-mail address.");
        }

        var name = command.DisplayName.Trim();
        if (name.Length is 0 or > 120)
        {
            return Outcome<StaffInvitation>.Fail(nameof(command.DisplayName), "Enter a name of at most 120 characters.");
        }

        if (!PlatformRoles.InvitableStaff.Contains(command.Role))
        {
            return Outcome<StaffInvitation>.Fail(nameof(command.Role), "Choose Tenant admin, Manager or Staff.");
        }

        if (await users.FindByEmailAsync(address) is not null)
        {
            return Outcome<StaffInvitation>.Fail(nameof(command.Email), "Someone with this e-mail already has an account here.");
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
        await db.SaveChangesAsync(ct);

        var link = acceptUrl + (acceptUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=" + token;
        await email.SendAsync(new EmailMessage(
            address,
            $"You are invited to {tenant.Name}",
            $"<p>Hello {WebUtility.HtmlEncode(name)},</p><p>{WebUtility.HtmlEncode(tenant.Name)} invites you to join as {WebUtility.HtmlEncode(RoleLabel(command.Role))}.</p>" +
            $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Accept the invitation and set your password</a></p><p>The link works for {Lifetime.Days} days.</p>",
            $"Hello {name},\n\n{tenant.Name} invites you to join as {RoleLabel(command.Role)}.\nAccept the invitation and set your password: {link}\n\nThe link works for {Lifetime.Days} days.")
        { FromName = tenant.Name }, ct);

        logger.LogInformation("Invitation {InvitationId} sent for role {Role}", invitation.Id, invitation.Role);
        return Outcome<StaffInvitation>.Ok(invitation);
    }

    /// <summary>The open invitation a link's token belongs to, in this tenant; null when unknown, used, revoked or expired.</summary>
    public Task<StaffInvitation?> FindOpenAsync(string token, CancellationToken ct = default)
    {
        var hash = Hash(token);
        var now = clock.GetUtcNow();
        return db.StaffInvitations.FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);
    }

    /// <summary>Creates the account with the invited role and the chosen password, and closes the invitation.</summary>
    public async Task<Outcome<PlatformUser>> AcceptAsync(string token, string password, CancellationToken ct = default)
    {
        var invitation = await FindOpenAsync(token, ct);
        if (invitation is null)
        {
            return Outcome<PlatformUser>.Fail("Token", "This invitation link is invalid, was already used, or has expired. Ask for a new one.");
        }

        var user = new PlatformUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true, // the link proved the address
            DisplayName = invitation.DisplayName,
            CreatedAt = clock.GetUtcNow(),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return new Outcome<PlatformUser>(null, new Dictionary<string, string[]> { ["Password"] = created.Errors.Select(e => e.Description).ToArray() });
        }

        var role = await users.AddToRoleAsync(user, invitation.Role);
        if (!role.Succeeded)
        {
            return new Outcome<PlatformUser>(null, new Dictionary<string, string[]> { ["Role"] = role.Errors.Select(e => e.Description).ToArray() });
        }

        invitation.AcceptedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Invitation {InvitationId} accepted by user {UserId}", invitation.Id, user.Id);
        return Outcome<PlatformUser>.Ok(user);
    }

    /// <summary>Revokes an open invitation of this tenant; false when there is none with that id.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        var invitation = await db.StaffInvitations.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (invitation is null || !invitation.IsOpen(clock.GetUtcNow()))
        {
            return false;
        }

        invitation.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
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

    private static bool IsEmail(string value) =>
        value.Length is > 3 and <= 256 && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
