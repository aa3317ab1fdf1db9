using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Common;
using Platform.Core.Notifications;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Notifications;
using Platform.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Tests.Notifications;

/// <summary>Publishing and counting notifications in an app's own DI scopes, as the lead's event handler will.</summary>
internal static class NotificationTestData
{
    public static Task<Guid> UserIdAsync(this PlatformAppFactory app, string slug, string email) =>
        app.InTenantAsync(slug, async sp => (await sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email))!.Id);

    public static Task<Outcome<PublishResult>> PublishAsync(this PlatformAppFactory app, string slug, NotificationRequest request) =>
        app.InTenantAsync(slug, sp => sp.GetRequiredService<NotificationPublisher>().PublishAsync(request));

    public static NotificationRequest Announcement(NotificationAudience audience, string title, string body = "") =>
        new(NotificationKinds.Announcement, audience, title, body, "app/notifications");

    /// <summary>Every stored notification of every tenant: the test looks past the tenant filter on purpose.</summary>
    public static Task<List<Notification>> AllNotificationsAsync(this PlatformAppFactory app) =>
        app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Set<Notification>()
            .IgnoreQueryFilters([PlatformDbContext.TenantFilter]).AsNoTracking().ToListAsync());

    /// <summary>A provider's free starts for acme's one-to-one "Follow-up session", an hour apart so none takes another's time.</summary>
    public static Task<(Guid Service, Guid Provider, Guid Customer, List<DateTimeOffset> Starts)> FreeStartsAsync(this PlatformAppFactory app, string providerEmail, int count) =>
        app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var user = await db.Users.Where(u => u.Email == providerEmail).Select(u => u.Id).SingleAsync();
            var provider = await db.Providers.Where(p => p.UserId == user).Select(p => p.Id).SingleAsync();
            var service = await db.Services.Where(s => s.Name == "Follow-up session").Select(s => s.Id).SingleAsync();
            var customer = await db.Customers.OrderBy(c => c.Name).Select(c => c.Id).FirstAsync();
            var from = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(20), TimeSpan.Zero);
            var slots = await sp.GetRequiredService<AvailabilityQuery>().FindAsync(new AvailabilityRequest(service, provider, from, from.AddDays(14)));
            var starts = new List<DateTimeOffset>();
            foreach (var slot in slots.Value!)
            {
                if (starts.Count < count && (starts.Count == 0 || slot.Start >= starts[^1].AddHours(1)))
                {
                    starts.Add(slot.Start);
                }
            }

            return (service, provider, customer, starts);
        });

    /// <summary>Waits, polling every 5 ms, until the page's bell shows <paramref name="unread"/> unread.</summary>
    public static Task WaitForUnreadAsync(IPage page, int unread) =>
        page.WaitForFunctionAsync(
            "n => document.querySelector('[data-testid=notification-bell]')?.getAttribute('data-unread') === String(n)",
            unread, new() { PollingInterval = 5, Timeout = 10_000 });

    /// <summary>Writes the booking-to-screen figures (median of 20, min, max) to the output and to .test-run/<paramref name="fileName"/>.</summary>
    public static async Task ReportLatencyAsync(IEnumerable<double> delays, string setting, string fileName, ITestOutputHelper output)
    {
        var sorted = delays.Order().ToList();
        Assert.Equal(20, sorted.Count);
        var report = FormattableString.Invariant(
            $"booking-to-screen over {sorted.Count} bookings ({setting}): median {(sorted[9] + sorted[10]) / 2:0} ms, min {sorted[0]:0} ms, max {sorted[^1]:0} ms");
        output.WriteLine(report);
        Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, ".test-run"));
        await File.WriteAllTextAsync(Path.Combine(RepositoryRoot.Path, ".test-run", fileName), report + "\n");
    }
}
