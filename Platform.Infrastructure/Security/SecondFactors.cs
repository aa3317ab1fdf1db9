using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Events;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;

namespace Platform.Infrastructure.Security;

/// <summary>What second factors a user has, as the account page shows it.</summary>
public sealed record SecondFactorSummary(bool Authenticator, bool Sms, string? PhoneNumber, int BackupCodesLeft, int Passkeys)
{
    public bool Any => Authenticator || Sms || Passkeys > 0;
}

/// <summary>
/// A user's second factors: the authenticator app (its secret in Identity's own token store, confirmed by a first
/// code, never accepting a code twice), a verified phone for text-message codes, backup codes, and passkeys
/// (Identity's, counted here). Wrong codes count towards Identity's lockout.
/// </summary>
public sealed class SecondFactors(
    PlatformDbContext db,
    UserManager<PlatformUser> users,
    BackupCodes backupCodes,
    SmsCodes smsCodes,
    SecurityLog log,
    IOutbox outbox,
    TimeProvider clock)
{
    /// <summary>Where Identity's user store keeps the authenticator key; <see cref="UserManager{TUser}.GetAuthenticatorKeyAsync"/> reads it.</summary>
    private const string StoreProvider = "[AspNetUserStore]";
    private const string AuthenticatorKeyName = "AuthenticatorKey";

    public const string CodeField = "Code";
    public const string WrongCodeMessage = "That code is not valid. Codes are six digits, each works once, and they change every 30 seconds.";

    /// <summary>A wrong texted code at sign-in: texted codes last five minutes, unlike an app's 30-second ones.</summary>
    public const string WrongTextCodeMessage = "That code is not valid or has expired. Use the six digits of the latest text message: each code works once, for five minutes.";

    public async Task<bool> HasAnyAsync(PlatformUser user, CancellationToken ct = default) =>
        await HasCodeFactorAsync(user, ct) || (await users.GetPasskeysAsync(user)).Count > 0;

    /// <summary>
    /// An authenticator or text-message codes: the factors every password sign-in is asked for. A passkey is not
    /// one of them: it proves two factors only when it is what the user signed in with (see MFA enforcement).
    /// </summary>
    public async Task<bool> HasCodeFactorAsync(PlatformUser user, CancellationToken ct = default)
    {
        var state = await StateAsync(user, ct);
        return state is { AuthenticatorConfirmedAt: not null } || (state is { SmsEnabledAt: not null } && user.PhoneNumberConfirmed);
    }

    public async Task<SecondFactorSummary> SummaryAsync(PlatformUser user, CancellationToken ct = default)
    {
        var state = await StateAsync(user, ct);
        var sms = state is { SmsEnabledAt: not null } && user.PhoneNumberConfirmed;
        return new SecondFactorSummary(
            state is { AuthenticatorConfirmedAt: not null },
            sms,
            sms ? user.PhoneNumber : null,
            await backupCodes.RemainingAsync(user, ct),
            (await users.GetPasskeysAsync(user)).Count);
    }

    /// <summary>The secret the user is setting up: kept while unconfirmed (a reload shows the same QR code), fresh otherwise.</summary>
    public async Task<string> PendingAuthenticatorSecretAsync(PlatformUser user, CancellationToken ct = default)
    {
        var state = await StateAsync(user, ct);
        var existing = await users.GetAuthenticatorKeyAsync(user);
        if (state?.AuthenticatorConfirmedAt is null && !string.IsNullOrEmpty(existing))
        {
            return existing;
        }

        var secret = TotpCode.NewSecret();
        await SetSecretAsync(user, secret, confirmed: false, ct);
        return secret;
    }

    /// <summary>
    /// Switches the authenticator on once <paramref name="code"/> matches the pending secret. The first time a
    /// second factor is switched on the answer carries ten new backup codes, to show once.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<string>>> ConfirmAuthenticatorAsync(PlatformUser user, string? code, CancellationToken ct = default)
    {
        var secret = await users.GetAuthenticatorKeyAsync(user);
        var state = await EnsureStateAsync(user, ct);
        if (string.IsNullOrEmpty(secret) || state.AuthenticatorConfirmedAt is not null)
        {
            return Outcome<IReadOnlyList<string>>.Fail(ErrorCodes.ValidationFailed, CodeField, "Start again: the set-up expired.");
        }

        if (TotpCode.Normalize(code) is null)
        {
            await users.AccessFailedAsync(user);
            return Outcome<IReadOnlyList<string>>.Fail(ErrorCodes.InvalidCode, CodeField, "Enter the six digits your app shows.");
        }

        if (!await AcceptTotpAsync(user, secret, code!, ct))
        {
            await users.AccessFailedAsync(user);
            await log.RecordAsync(user, SecurityEventKind.SecondFactorFailed, "Authenticator set-up: wrong code", ct);
            return Outcome<IReadOnlyList<string>>.Fail(ErrorCodes.InvalidCode, CodeField, WrongCodeMessage);
        }

        var hadAny = await HasAnyAsync(user, ct);
        state.AuthenticatorConfirmedAt = clock.GetUtcNow();
        RaiseChanged(user, MfaMethod.Totp, enabled: true);
        await db.SaveChangesAsync(ct);
        await EnableTwoFactorAsync(user);
        await log.RecordAsync(user, SecurityEventKind.MfaEnabled, "Authenticator app", ct);
        return Outcome<IReadOnlyList<string>>.Ok(hadAny && await backupCodes.RemainingAsync(user, ct) > 0 ? [] : await NewBackupCodesAsync(user, ct));
    }

    /// <summary>True once for a valid current code of the user's confirmed authenticator (±1 step); a code of a step already used is refused.</summary>
    public async Task<bool> VerifyAuthenticatorAsync(PlatformUser user, string? code, CancellationToken ct = default)
    {
        var state = await StateAsync(user, ct);
        var secret = await users.GetAuthenticatorKeyAsync(user);
        return state?.AuthenticatorConfirmedAt is not null && !string.IsNullOrEmpty(secret) && await AcceptTotpAsync(user, secret, code, ct);
    }

    public async Task<bool> IsAuthenticatorConfirmedAsync(PlatformUser user, CancellationToken ct = default) =>
        (await StateAsync(user, ct))?.AuthenticatorConfirmedAt is not null;

    public async Task<bool> IsSmsEnabledAsync(PlatformUser user, CancellationToken ct = default) =>
        user.PhoneNumberConfirmed && !string.IsNullOrEmpty(user.PhoneNumber) && (await StateAsync(user, ct))?.SmsEnabledAt is not null;

    /// <summary>Ten new backup codes; the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>> NewBackupCodesAsync(PlatformUser user, CancellationToken ct = default)
    {
        var codes = await backupCodes.RegenerateAsync(user, ct);
        RaiseChanged(user, MfaMethod.BackupCodes, enabled: true);
        await db.SaveChangesAsync(ct);
        await log.RecordAsync(user, SecurityEventKind.BackupCodesGenerated, null, ct);
        return codes;
    }

    /// <summary>
    /// Records <see cref="MfaChanged"/> in the outbox, written by the use case's next save (its transaction).
    /// A host operator belongs to no tenant, and tenant events are all the outbox carries.
    /// </summary>
    private void RaiseChanged(PlatformUser user, MfaMethod method, bool enabled)
    {
        if (user.TenantId is { } tenantId)
        {
            outbox.Enqueue(new MfaChanged(tenantId, clock.GetUtcNow(), user.Id, method, enabled, user.Id));
        }
    }

    /// <summary>Sends a code to prove the phone number; the number is not saved until the code comes back.</summary>
    public Task<Outcome<string>> SendPhoneVerificationAsync(PlatformUser user, string? phoneNumber, string senderName, CancellationToken ct = default) =>
        smsCodes.SendAsync(user, phoneNumber, SmsCodePurpose.VerifyPhone, senderName, ct);

    /// <summary>Saves the verified phone and switches text-message codes on as a second factor.</summary>
    public async Task<Outcome<IReadOnlyList<string>>> ConfirmPhoneAsync(PlatformUser user, string? code, CancellationToken ct = default)
    {
        var phone = await smsCodes.RedeemAsync(user, SmsCodePurpose.VerifyPhone, code, ct);
        if (phone is null)
        {
            await users.AccessFailedAsync(user);
            await log.RecordAsync(user, SecurityEventKind.SecondFactorFailed, "Phone verification: wrong or expired code", ct);
            return Outcome<IReadOnlyList<string>>.Fail(ErrorCodes.InvalidCode, CodeField, "That code is not valid or has expired. Ask for a new one.");
        }

        var hadAny = await HasAnyAsync(user, ct);
        user.PhoneNumber = phone;
        user.PhoneNumberConfirmed = true;
        var state = await EnsureStateAsync(user, ct);
        state.SmsEnabledAt = clock.GetUtcNow();
        RaiseChanged(user, MfaMethod.Sms, enabled: true);
        await db.SaveChangesAsync(ct);
        await EnableTwoFactorAsync(user);
        await log.RecordAsync(user, SecurityEventKind.PhoneVerified, SmsCodes.Mask(phone), ct);
        await log.RecordAsync(user, SecurityEventKind.MfaEnabled, "Text message codes", ct);
        return Outcome<IReadOnlyList<string>>.Ok(hadAny && await backupCodes.RemainingAsync(user, ct) > 0 ? [] : await NewBackupCodesAsync(user, ct));
    }

    /// <summary>
    /// Switches the authenticator, text-message codes and backup codes off; it takes a current code or the password.
    /// A wrong proof counts towards lockout and changes nothing. Passkeys stay.
    /// </summary>
    public async Task<Outcome<bool>> DisableAsync(PlatformUser user, string? codeOrPassword, CancellationToken ct = default)
    {
        var proof = codeOrPassword?.Trim() ?? "";
        var proven = proof.Length > 0
                     && (await VerifyAuthenticatorAsync(user, proof, ct)
                         || (await IsSmsEnabledAsync(user, ct) && await smsCodes.RedeemAsync(user, SmsCodePurpose.SignIn, proof, ct) is not null)
                         || await users.CheckPasswordAsync(user, codeOrPassword!));
        if (!proven)
        {
            await users.AccessFailedAsync(user);
            await log.RecordAsync(user, SecurityEventKind.SecondFactorFailed, "Turning off two-step sign-in: wrong code or password", ct);
            return Outcome<bool>.Fail(ErrorCodes.InvalidCode, CodeField, "Enter a current code from your app, or your password.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await users.RemoveAuthenticationTokenAsync(user, StoreProvider, AuthenticatorKeyName);
        await backupCodes.RemoveAllAsync(user, ct);
        var state = await EnsureStateAsync(user, ct);
        if (state.AuthenticatorConfirmedAt is not null)
        {
            RaiseChanged(user, MfaMethod.Totp, enabled: false);
        }

        if (state.SmsEnabledAt is not null)
        {
            RaiseChanged(user, MfaMethod.Sms, enabled: false);
        }

        state.AuthenticatorConfirmedAt = null;
        state.SmsEnabledAt = null;
        await db.SaveChangesAsync(ct);
        await users.SetTwoFactorEnabledAsync(user, false);
        await transaction.CommitAsync(ct);
        await log.RecordAsync(user, SecurityEventKind.MfaDisabled, null, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Enrolls an authenticator with a known secret, confirmed: for the demo accounts, whose secrets the README lists.</summary>
    public async Task EnrollKnownSecretAsync(PlatformUser user, string secret, CancellationToken ct = default)
    {
        await SetSecretAsync(user, secret, confirmed: true, ct);
        await EnableTwoFactorAsync(user);
    }

    private async Task SetSecretAsync(PlatformUser user, string secret, bool confirmed, CancellationToken ct)
    {
        Check(await users.SetAuthenticationTokenAsync(user, StoreProvider, AuthenticatorKeyName, secret));
        var state = await EnsureStateAsync(user, ct);
        state.AuthenticatorConfirmedAt = confirmed ? clock.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
    }

    private async Task EnableTwoFactorAsync(PlatformUser user)
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            Check(await users.SetTwoFactorEnabledAsync(user, true));
        }
    }

    /// <summary>Accepts the code's time step only when it is later than the last accepted one, in one conditional update.</summary>
    private async Task<bool> AcceptTotpAsync(PlatformUser user, string secret, string? code, CancellationToken ct)
    {
        if (TotpCode.Match(secret, code ?? "", clock.GetUtcNow()) is not { } step)
        {
            return false;
        }

        await EnsureStateAsync(user, ct);
        var accepted = await db.MfaStates.Where(s => s.UserId == user.Id && s.LastTotpStep < step)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastTotpStep, step), ct);
        return accepted == 1;
    }

    private Task<MfaState?> StateAsync(PlatformUser user, CancellationToken ct) =>
        db.MfaStates.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == user.Id, ct);

    private async Task<MfaState> EnsureStateAsync(PlatformUser user, CancellationToken ct)
    {
        var state = await db.MfaStates.FirstOrDefaultAsync(s => s.UserId == user.Id, ct);
        if (state is null)
        {
            state = new MfaState { UserId = user.Id, TenantId = user.TenantId };
            db.MfaStates.Add(state);
            await db.SaveChangesAsync(ct);
        }

        return state;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
