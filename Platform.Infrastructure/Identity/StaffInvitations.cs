using System.Net;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Email;
using Platform.Core.Events;
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
    IOutbox outbox,
    ITenantContext tenantContext,
    TimeProvider clock,
    ILogger<StaffInvitations> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public const int MaxNameLength = 120;

    private const string InvalidLink = "This invitation link is invalid, was already used, or has expired. Ask for a new one.";

    /// <summary>Creates the invitation and e-mails the link. <paramref name="acceptUrl"/> gets the token appended.</summary>
    public async Task<Outcome<StaffInvitation>> InviteAsync(InviteStaff command, Guid invitedBy, string acceptUrl, CancellationToken ct = default)
    {
        var tenant = tenantContext.Tenant ?? throw new InvalidOperationException("Invitations belong to a tenant.");
        var address = (command.Email ?? "").Trim();
        var name = (command.DisplayName ?? "").Trim();
        var errors = new Dictionary<string, string[]>();
        if (!IsEmail(address))
        {
            errors[nameof(command.Email)] = ["Enter a valid e-mail address."];
        }
        else if (await users.FindByEmailAsync(address) is not null)
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
        outbox.Enqueue(new StaffInvited(tenant.Id, now, invitation.Id, normalized, name, command.Role, invitedBy));
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
    public Task<StaffInvitation?> FindOpenAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 128)
        {
            return Task.FromResult<StaffInvitation?>(null);
        }

        var hash = Hash(token);
        var now = clock.GetUtcNow();
        return db.StaffInvitations.FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);
    }

    /// <summary>Creates the account with the invited role and the chosen password, and closes the invitation.</summary>
    public async Task<Outcome<PlatformUser>> AcceptAsync(string? token, string password, CancellationToken ct = default)
    {
        var invitation = await FindOpenAsync(token, ct);
        if (invitation is null)
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

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Outcome<PlatformUser>.Fail(ByField(created.Errors));
        }

        var role = await users.AddToRoleAsync(user, invitation.Role);
        if (!role.Succeeded)
        {
            return Outcome<PlatformUser>.Fail(ByField(role.Errors));
        }

        invitation.AcceptedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same link accepted twice at once: the unique user name lets only one through.
            return Outcome<PlatformUser>.Fail("Token", InvalidLink);
        }

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
