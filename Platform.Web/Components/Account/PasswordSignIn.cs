using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Identity;

namespace Platform.Web.Components.Account;

/// <summary>
/// The password step of signing in, alike for every e-mail whether it has an account or not: the same password-hash
/// work and, after <see cref="LockoutOptions.MaxFailedAccessAttempts"/> failures, the same lockout. Identity's
/// <see cref="SignInManager{TUser}.PasswordSignInAsync(string, string, bool, bool)"/> answers an unknown e-mail, an
/// unconfirmed account and a locked-out one at once, without checking any password (about 9 ms against 75 ms), and
/// counts failures only for accounts that exist, so both the time and the lockout page told which e-mails have one.
/// Here those cases check the password against a decoy hash instead, and an e-mail that cannot sign in (no account, or
/// not confirmed yet) counts its failures in <see cref="UnknownAccounts"/>. See docs/decisions/0018.
/// </summary>
internal sealed class PasswordSignIn(
    SignInManager<PlatformUser> signInManager,
    UserManager<PlatformUser> userManager,
    IPasswordHasher<PlatformUser> hasher,
    UnknownAccounts unknownAccounts,
    ITenantContext tenantContext)
{
    /// <summary>The outcome (Succeeded, RequiresTwoFactor, LockedOut or Failed) and the account, when the e-mail has one.</summary>
    public async Task<(SignInResult Result, PlatformUser? User)> SignInAsync(string email, string password, bool rememberMe)
    {
        var user = await userManager.FindByNameAsync(email);
        if (user is null || !await signInManager.CanSignInAsync(user))
        {
            CheckDecoy(password);
            return (unknownAccounts.Failed(tenantContext.TenantId, userManager.NormalizeName(email)), user);
        }

        if (await userManager.IsLockedOutAsync(user))
        {
            // Identity answers a locked-out account before it looks at the password.
            CheckDecoy(password);
        }

        return (await signInManager.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true), user);
    }

    private void CheckDecoy(string password) => _ = hasher.VerifyHashedPassword(UnknownAccounts.Nobody, unknownAccounts.DecoyHash(hasher), password);
}

/// <summary>
/// What signing in remembers about e-mails that cannot sign in (no account in this tenant, or one not confirmed yet):
/// failed attempts per tenant and e-mail, so that they lock out as an account does, and a decoy password hash, made
/// by the app's own hasher (same algorithm and iterations as real ones), to check their passwords against.
/// In memory, per node, and bounded: at most <see cref="MaxTracked"/> e-mails, each forgotten a day after its last
/// failure; past the bound new e-mails are not counted (they get "wrong password" on and on until older ones expire),
/// so a flood of made-up e-mails costs memory no more than that.
/// </summary>
internal sealed class UnknownAccounts(IOptions<IdentityOptions> identity, TimeProvider clock) : IDisposable
{
    public const int MaxTracked = 100_000;

    /// <summary>The user handed to the hasher for decoy checks; the default hasher ignores it.</summary>
    public static readonly PlatformUser Nobody = new();

    private readonly MemoryCache _tallies = new(new MemoryCacheOptions { SizeLimit = MaxTracked });
    private string? _decoyHash;

    /// <summary>A hash of a random password nobody knows, made once.</summary>
    public string DecoyHash(IPasswordHasher<PlatformUser> hasher) =>
        _decoyHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    /// <summary>
    /// Counts a failed attempt for <paramref name="normalizedName"/>: LockedOut when it is locked out (already, or by this
    /// attempt, the way Identity locks an account), else Failed.
    /// </summary>
    public SignInResult Failed(Guid? tenantId, string normalizedName)
    {
        var lockout = identity.Value.Lockout;
        var key = $"{tenantId?.ToString("D") ?? "host"} {normalizedName}";
        var forget = lockout.DefaultLockoutTimeSpan > TimeSpan.FromDays(1) ? lockout.DefaultLockoutTimeSpan : TimeSpan.FromDays(1);
        var tally = _tallies.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = forget;
            return new Tally();
        })!;
        var now = clock.GetUtcNow();
        lock (tally)
        {
            if (tally.LockedUntil > now)
            {
                return SignInResult.LockedOut;
            }

            tally.Failures++;
            if (tally.Failures < lockout.MaxFailedAccessAttempts)
            {
                return SignInResult.Failed;
            }

            tally.Failures = 0;
            tally.LockedUntil = now + lockout.DefaultLockoutTimeSpan;
            return SignInResult.LockedOut;
        }
    }

    public void Dispose() => _tallies.Dispose();

    private sealed class Tally
    {
        public int Failures { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
