using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Errors;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Security;

namespace Platform.Tests.Security;

/// <summary>Second factors on a real SQLite database with a fake clock: replay, single use, expiry, throttling, lockout.</summary>
public class SecondFactorsTests(SecurityApp app) : IClassFixture<SecurityApp>
{
    private const string Secret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";

    [Fact]
    public async Task An_authenticator_code_works_within_one_step_of_drift_and_only_once()
    {
        var results = await app.AsUserAsync("sam@acme.test", async (services, user) =>
        {
            var factors = services.GetRequiredService<SecondFactors>();
            await factors.EnrollKnownSecretAsync(user, Secret);
            var now = app.Clock.GetUtcNow();
            string At(int steps) => TotpCode.Compute(Secret, now.AddSeconds(steps * TotpCode.StepSeconds));
            return new[]
            {
                await factors.VerifyAuthenticatorAsync(user, At(-2)),
                await factors.VerifyAuthenticatorAsync(user, At(2)),
                await factors.VerifyAuthenticatorAsync(user, At(-1)),
                await factors.VerifyAuthenticatorAsync(user, At(-1)), // replay
                await factors.VerifyAuthenticatorAsync(user, At(0)),
                await factors.VerifyAuthenticatorAsync(user, At(-1)), // older than the last accepted step
                await factors.VerifyAuthenticatorAsync(user, At(1)),
                await factors.VerifyAuthenticatorAsync(user, At(1)), // replay
            };
        });

        Assert.Equal([false, false, true, false, true, false, true, false], results);
    }

    [Fact]
    public async Task Confirming_the_app_with_a_wrong_or_malformed_code_changes_nothing_and_counts_towards_lockout()
    {
        var (outcomes, failures, confirmed, twoFactor) = await app.AsUserAsync("jo@acme.test", async (services, user) =>
        {
            var factors = services.GetRequiredService<SecondFactors>();
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            var secret = await factors.PendingAuthenticatorSecretAsync(user);
            var wrong = TotpCode.Compute(secret, app.Clock.GetUtcNow().AddMinutes(10));
            var outcomes = new[]
            {
                await factors.ConfirmAuthenticatorAsync(user, wrong),
                await factors.ConfirmAuthenticatorAsync(user, "12ab56"),
                await factors.ConfirmAuthenticatorAsync(user, ""),
            };
            return (outcomes, await users.GetAccessFailedCountAsync(user), await factors.IsAuthenticatorConfirmedAsync(user), await users.GetTwoFactorEnabledAsync(user));
        });

        Assert.All(outcomes, o => Assert.Equal(ErrorCodes.InvalidCode, o.Code));
        Assert.Equal(SecondFactors.WrongCodeMessage, outcomes[0].Errors[SecondFactors.CodeField][0]);
        Assert.Equal(3, failures);
        Assert.False(confirmed);
        Assert.False(twoFactor);
    }

    [Fact]
    public async Task Confirming_the_app_switches_it_on_with_ten_backup_codes_each_usable_once()
    {
        var (codes, first, again, left, oldAfterRegenerate, newWorks) = await app.AsUserAsync("dan@example.com", async (services, user) =>
        {
            var factors = services.GetRequiredService<SecondFactors>();
            var backup = services.GetRequiredService<BackupCodes>();
            var secret = await factors.PendingAuthenticatorSecretAsync(user);
            var confirmed = await factors.ConfirmAuthenticatorAsync(user, TotpCode.Compute(secret, app.Clock.GetUtcNow()));
            var codes = confirmed.Value!;
            var first = await backup.RedeemAsync(user, codes[0].ToLowerInvariant());
            var again = await backup.RedeemAsync(user, codes[0]);
            var left = await backup.RemainingAsync(user);
            var fresh = await factors.NewBackupCodesAsync(user);
            return (codes, first, again, left, await backup.RedeemAsync(user, codes[1]), await backup.RedeemAsync(user, fresh[0]));
        });

        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.True(first);
        Assert.False(again);
        Assert.Equal(9, left);
        Assert.False(oldAfterRegenerate);
        Assert.True(newWorks);

        // Each change is a domain event in the outbox: the authenticator switched on, backup codes made (twice).
        var events = await app.AsUserAsync("dan@example.com", async (services, user) =>
            await services.GetRequiredService<Platform.Infrastructure.Data.PlatformDbContext>().OutboxMessages
                .Where(m => m.Type == "account.mfa_changed" && m.Payload.Contains(user.Id.ToString())).Select(m => m.Payload).ToListAsync());
        Assert.Single(events, p => p.Contains("\"Totp\"", StringComparison.Ordinal) && p.Contains("\"enabled\":true", StringComparison.Ordinal));
        Assert.Equal(2, events.Count(p => p.Contains("\"BackupCodes\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Backup_codes_are_stored_hashed()
    {
        var (codes, stored) = await app.AsUserAsync("erin@example.com", async (services, user) =>
        {
            var codes = await services.GetRequiredService<BackupCodes>().RegenerateAsync(user);
            var db = services.GetRequiredService<Platform.Infrastructure.Data.PlatformDbContext>();
            return (codes, db.BackupCodes.Where(c => c.UserId == user.Id).Select(c => c.Hash).ToList());
        });

        Assert.Equal(10, stored.Count);
        Assert.All(codes, code => Assert.DoesNotContain(stored, h => h.Contains(code.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_text_message_code_expires_after_five_minutes_and_works_once()
    {
        var (expired, phone, reused) = await app.AsUserAsync("carla@example.com", async (services, user) =>
        {
            var sms = services.GetRequiredService<SmsCodes>();
            Assert.True((await sms.SendAsync(user, "+1 212 555 0101", SmsCodePurpose.VerifyPhone, "Acme")).Succeeded);
            var first = LatestCode("+12125550101");
            app.Clock.Advance(SmsCodes.Lifetime + TimeSpan.FromSeconds(1));
            var expired = await sms.RedeemAsync(user, SmsCodePurpose.VerifyPhone, first);

            Assert.True((await sms.SendAsync(user, "+1 212 555 0101", SmsCodePurpose.VerifyPhone, "Acme")).Succeeded);
            var second = LatestCode("+12125550101");
            var phone = await sms.RedeemAsync(user, SmsCodePurpose.VerifyPhone, second);
            return (expired, phone, await sms.RedeemAsync(user, SmsCodePurpose.VerifyPhone, second));
        });

        Assert.Null(expired);
        Assert.Equal("+12125550101", phone);
        Assert.Null(reused);
    }

    [Fact]
    public async Task Sending_is_throttled_per_user_and_per_phone_number()
    {
        var perUser = await app.AsUserAsync("manager@acme.test", async (services, user) =>
        {
            var sms = services.GetRequiredService<SmsCodes>();
            var sent = new List<bool>();
            for (var i = 0; i < SmsCodes.MaxPerUser + 1; i++)
            {
                sent.Add((await sms.SendAsync(user, $"+1 212 555 02{i:D2}", SmsCodePurpose.VerifyPhone, "Acme")).Succeeded);
            }

            var refused = await sms.SendAsync(user, "+1 212 555 0299", SmsCodePurpose.VerifyPhone, "Acme");
            app.Clock.Advance(SmsCodes.UserWindow);
            sent.Add((await sms.SendAsync(user, "+1 212 555 0299", SmsCodePurpose.VerifyPhone, "Acme")).Succeeded);
            Assert.Equal(ErrorCodes.SmsThrottled, refused.Code);
            return sent;
        });
        Assert.Equal([true, true, true, false, true], perUser);

        // One number, many accounts (in two tenants): the number's own limit holds.
        var perPhone = new List<bool>();
        foreach (var (email, slug) in new[] { ("admin@acme.test", "acme"), ("jo@acme.test", "acme"), ("lena@globex.test", "globex"), ("tom@globex.test", "globex") })
        {
            perPhone.AddRange(await app.AsUserAsync(email, async (services, user) =>
            {
                var sms = services.GetRequiredService<SmsCodes>();
                return new[]
                {
                    (await sms.SendAsync(user, "+44 20 7946 0000", SmsCodePurpose.VerifyPhone, "Acme")).Succeeded,
                    (await sms.SendAsync(user, "+44 20 7946 0000", SmsCodePurpose.VerifyPhone, "Acme")).Succeeded,
                };
            }, slug));
        }

        Assert.Equal(SmsCodes.MaxPerPhone, perPhone.Count(s => s));
        Assert.All(perPhone.Skip(SmsCodes.MaxPerPhone), Assert.False);
    }

    [Fact]
    public async Task Security_log_entries_cannot_be_changed_or_deleted()
    {
        var error = await app.AsUserAsync("sam@acme.test", async (services, user) =>
        {
            await services.GetRequiredService<SecurityLog>().RecordAsync(user, SecurityEventKind.PasswordChanged);
            var db = services.GetRequiredService<Platform.Infrastructure.Data.PlatformDbContext>();
            var entry = db.SecurityEvents.First(e => e.UserId == user.Id);
            db.SecurityEvents.Remove(entry);
            var deleting = await Record.ExceptionAsync(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            var again = db.SecurityEvents.First(e => e.UserId == user.Id);
            db.Entry(again).Property(e => e.Detail).CurrentValue = "rewritten";
            var updating = await Record.ExceptionAsync(() => db.SaveChangesAsync());
            return new[] { deleting, updating };
        });

        Assert.All(error, e => Assert.IsType<InvalidOperationException>(e));
    }

    private string LatestCode(string phone)
    {
        var file = new DirectoryInfo(app.SmsFolder).GetFiles("*.txt").OrderBy(f => f.Name).Last(f => File.ReadAllText(f.FullName).Contains(phone, StringComparison.Ordinal));
        return File.ReadAllLines(file.FullName)[2][..6];
    }
}
