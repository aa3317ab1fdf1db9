using System.Buffers.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Events;
using Platform.Core.Identity;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Security;

namespace Platform.Infrastructure.Identity;

/// <summary>A passkey as its owner sees it; <see cref="Id"/> is the credential id in base64url, as in page addresses.</summary>
public sealed record PasskeySummary(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>
/// A signed-in person's passkeys, on top of Identity's built-in passkey support (schema version 3): register
/// one from a browser ceremony, name, rename and remove it. Every operation starts from the user, so a
/// credential id of somebody else's passkey (another tenant's included) is simply not found.
/// </summary>
public sealed class AccountPasskeys(
    UserManager<PlatformUser> userManager,
    SignInManager<PlatformUser> signInManager,
    PlatformDbContext db,
    SecurityLog securityLog,
    TimeProvider clock,
    ILogger<AccountPasskeys> logger)
{
    /// <summary>More than enough for every device a person owns; a bound keeps the list and the sign-in options small.</summary>
    public const int MaxPerUser = 20;

    public const string NameField = "Name";
    public const string PasskeyField = "Passkey";

    /// <summary>For a credential posted without a ceremony this browser started here, or after it timed out.</summary>
    public const string ExpiredMessage = "The passkey request expired or was not started on this page. Try again.";

    public async Task<IReadOnlyList<PasskeySummary>> ListAsync(PlatformUser user) =>
        (await userManager.GetPasskeysAsync(user)).OrderBy(p => p.CreatedAt).Select(Summarize).ToList();

    /// <summary>The user's passkey with this id, or null when the id is malformed or not one of theirs.</summary>
    public async Task<PasskeySummary?> FindAsync(PlatformUser user, string? id) =>
        await FindInfoAsync(user, id) is { } passkey ? Summarize(passkey) : null;

    /// <summary>
    /// Checks the name, then the browser's attestation (<c>navigator.credentials.create()</c> as JSON, against the
    /// challenge Identity keeps for this sign-in), then stores the passkey. A failure at any step stores nothing.
    /// </summary>
    public async Task<Outcome<PasskeySummary>> AddAsync(PlatformUser user, string? name, string? credentialJson)
    {
        if (PasskeyName.Validate(name) is { } nameError)
        {
            return Outcome<PasskeySummary>.Fail(ErrorCodes.ValidationFailed, NameField, nameError);
        }

        if (string.IsNullOrWhiteSpace(credentialJson))
        {
            return Outcome<PasskeySummary>.Fail(ErrorCodes.ValidationFailed, PasskeyField, "The browser did not provide a passkey. Try again.");
        }

        if ((await userManager.GetPasskeysAsync(user)).Count >= MaxPerUser)
        {
            return Outcome<PasskeySummary>.Fail(ErrorCodes.Conflict, PasskeyField, $"You already have {MaxPerUser} passkeys. Delete one before adding another.");
        }

        PasskeyAttestationResult attestation;
        try
        {
            attestation = await signInManager.PerformPasskeyAttestationAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // Identity keeps the ceremony's challenge in a short-lived cookie; without it there is nothing to verify against.
            return Outcome<PasskeySummary>.Fail(ErrorCodes.ValidationFailed, PasskeyField, ExpiredMessage);
        }

        if (!attestation.Succeeded)
        {
            logger.LogWarning("Passkey registration for user {UserId} failed: {Reason}", user.Id, attestation.Failure.Message);
            return Outcome<PasskeySummary>.Fail(ErrorCodes.ValidationFailed, PasskeyField, "The passkey could not be verified, so it was not added. Try again.");
        }

        var passkey = attestation.Passkey;
        passkey.Name = name!.Trim();
        var changed = RaiseChanged(user, enabled: true);
        var stored = await userManager.AddOrUpdatePasskeyAsync(user, passkey);
        if (!stored.Succeeded)
        {
            Forget(changed);
            return Outcome<PasskeySummary>.Fail(ErrorCodes.Conflict, PasskeyField, "The passkey could not be added to your account. Try again.");
        }

        logger.LogInformation("User {UserId} added a passkey", user.Id);
        await securityLog.RecordAsync(user, SecurityEventKind.PasskeyAdded, passkey.Name);
        return Outcome<PasskeySummary>.Ok(Summarize(passkey));
    }

    public async Task<Outcome<PasskeySummary>> RenameAsync(PlatformUser user, string? id, string? name)
    {
        var passkey = await FindInfoAsync(user, id);
        if (passkey is null)
        {
            return NotFound();
        }

        if (PasskeyName.Validate(name) is { } nameError)
        {
            return Outcome<PasskeySummary>.Fail(ErrorCodes.ValidationFailed, NameField, nameError);
        }

        passkey.Name = name!.Trim();
        var stored = await userManager.AddOrUpdatePasskeyAsync(user, passkey);
        if (!stored.Succeeded)
        {
            return Outcome<PasskeySummary>.Fail(ErrorCodes.Conflict, NameField, "The passkey could not be renamed. Try again.");
        }

        logger.LogInformation("User {UserId} renamed a passkey", user.Id);
        await securityLog.RecordAsync(user, SecurityEventKind.PasskeyRenamed, passkey.Name);
        return Outcome<PasskeySummary>.Ok(Summarize(passkey));
    }

    public async Task<Outcome<PasskeySummary>> RemoveAsync(PlatformUser user, string? id)
    {
        var passkey = await FindInfoAsync(user, id);
        if (passkey is null)
        {
            return NotFound();
        }

        var changed = RaiseChanged(user, enabled: false);
        var removed = await userManager.RemovePasskeyAsync(user, passkey.CredentialId);
        if (!removed.Succeeded)
        {
            Forget(changed);
            return Outcome<PasskeySummary>.Fail(ErrorCodes.Conflict, PasskeyField, "The passkey could not be deleted. Try again.");
        }

        logger.LogInformation("User {UserId} removed a passkey", user.Id);
        await securityLog.RecordAsync(user, SecurityEventKind.PasskeyRemoved, passkey.Name);
        return Outcome<PasskeySummary>.Ok(Summarize(passkey));
    }

    /// <summary>
    /// Queues <see cref="MfaChanged"/> on the scope's context, so Identity's save of the passkey writes it in the
    /// same transaction; a host operator has no tenant and raises nothing.
    /// </summary>
    private OutboxMessage? RaiseChanged(PlatformUser user, bool enabled)
    {
        if (user.TenantId is not { } tenantId)
        {
            return null;
        }

        var row = Outbox.Row(new MfaChanged(tenantId, clock.GetUtcNow(), user.Id, MfaMethod.Passkey, enabled, user.Id), clock.GetUtcNow());
        db.OutboxMessages.Add(row);
        return row;
    }

    /// <summary>The change did not happen, so neither did its event.</summary>
    private void Forget(OutboxMessage? row)
    {
        if (row is not null)
        {
            db.Entry(row).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
        }
    }

    /// <summary>Decodes a credential id as it appears in addresses and forms; null when it is not base64url.</summary>
    public static byte[]? DecodeId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 1024)
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task<UserPasskeyInfo?> FindInfoAsync(PlatformUser user, string? id) =>
        DecodeId(id) is { Length: > 0 } credentialId ? await userManager.GetPasskeyAsync(user, credentialId) : null;

    private static PasskeySummary Summarize(UserPasskeyInfo passkey) =>
        new(Base64Url.EncodeToString(passkey.CredentialId), string.IsNullOrWhiteSpace(passkey.Name) ? "Unnamed passkey" : passkey.Name, passkey.CreatedAt);

    private static Outcome<PasskeySummary> NotFound() =>
        Outcome<PasskeySummary>.Fail(ErrorCodes.NotFound, PasskeyField, "That passkey was not found.");
}
