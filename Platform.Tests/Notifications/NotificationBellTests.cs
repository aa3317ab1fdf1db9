using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;
using Platform.Infrastructure.Realtime;
using Platform.Tests.Support;
using Platform.Web.Components.Notifications;
using Platform.Web.Components.Shared;

namespace Platform.Tests.Notifications;

/// <summary>The bell and its panel as a person sees and uses them: count, list, mark read, live arrivals.</summary>
public sealed class NotificationBellTests : IAsyncLifetime
{
    private readonly PlatformBunitContext _ctx = new(role: Platform.Core.Identity.PlatformRoles.Staff);
    private readonly FakeInbox _inbox = new();
    private readonly NotificationListeners _listeners = new(NullLogger<NotificationListeners>.Instance);
    private readonly BunitJSModuleInterop _notifyModule;

    public NotificationBellTests()
    {
        _ctx.Services.AddSingleton<INotificationInbox>(_inbox);
        _ctx.Services.AddSingleton(_listeners);
        _ctx.Services.AddScoped<NotificationFeed>();
        _ctx.Services.AddScoped<NotificationCenterState>();
        _ctx.Services.AddSingleton(TimeProvider.System);
        _notifyModule = _ctx.JSInterop.SetupModule("http://localhost/js/notify.js");
        _notifyModule.Setup<bool>("showIfHidden", _ => true).SetResult(true);
    }

    private static Guid Tenant => PlatformBunitContext.Acme.Id;

    private static Guid User => PlatformBunitContext.UserId;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public void The_bell_shows_the_unread_count()
    {
        _inbox.Add("Booked", read: false);
        _inbox.Add("Moved", read: false);
        _inbox.Add("Old news", read: true);

        var shell = RenderBell();

        var bell = shell.Find("[data-testid=notification-bell]");
        Assert.Equal("2", bell.GetAttribute("data-unread"));
        Assert.Equal("2", shell.Find(".mud-badge").TextContent.Trim());
        Assert.Equal("Notifications, 2 unread", shell.Find("[data-testid=notification-bell-button]").GetAttribute("aria-label"));
    }

    [Fact]
    public void The_panel_lists_recent_notifications_and_marks_all_read()
    {
        _inbox.Add("New booking: Carla", read: false);
        _inbox.Add("Team meeting", read: true);
        var shell = RenderBell();

        shell.Find("[data-testid=notification-bell-button]").Click();
        var panel = shell.Find("[data-testid=notification-panel]");
        Assert.Contains("New booking: Carla", panel.TextContent, StringComparison.Ordinal);
        Assert.Contains("Team meeting", panel.TextContent, StringComparison.Ordinal);
        Assert.Single(shell.FindAll(".pf-notification-unread"));

        shell.Find("[data-testid=mark-all-read]").Click();

        shell.WaitForAssertion(() => Assert.Equal("0", shell.Find("[data-testid=notification-bell]").GetAttribute("data-unread")));
        Assert.Empty(shell.FindAll(".pf-notification-unread"));
        Assert.Equal(1, _inbox.MarkAllCalls);
    }

    [Fact]
    public void Marking_one_read_lowers_the_count()
    {
        var first = _inbox.Add("First", read: false);
        _inbox.Add("Second", read: false);
        var shell = RenderBell();
        shell.Find("[data-testid=notification-bell-button]").Click();

        shell.Find($"[data-notification='{first}'] button[data-testid=mark-read]").Click();

        shell.WaitForAssertion(() => Assert.Equal("1", shell.Find("[data-testid=notification-bell]").GetAttribute("data-unread")));
        Assert.Equal("true", shell.Find($"[data-notification='{first}']").GetAttribute("data-read"));
    }

    [Fact]
    public async Task A_live_notification_appears_without_a_reload_and_pops_up_in_the_browser()
    {
        _inbox.Add("Earlier", read: true);
        var shell = RenderBell();
        var loads = _inbox.Loads;
        var item = new NotificationItem(Guid.NewGuid(), NotificationKinds.BookingCreated, "New booking: Dan", "Tomorrow 10:00", "app/calendar", DateTimeOffset.UtcNow, false);

        await _listeners.DispatchAsync(new NotificationSignal(Tenant, User, item, ShowInBrowser: true));

        shell.WaitForAssertion(() => Assert.Equal("1", shell.Find("[data-testid=notification-bell]").GetAttribute("data-unread")));
        Assert.Equal(loads, _inbox.Loads); // pushed, not re-read
        shell.Find("[data-testid=notification-bell-button]").Click();
        Assert.StartsWith("New booking: Dan", shell.Find(".pf-notification-title").TextContent, StringComparison.Ordinal);
        shell.WaitForAssertion(() => _notifyModule.VerifyInvoke("showIfHidden"));
    }

    [Fact]
    public async Task Another_users_or_another_tenants_notification_does_not_reach_this_bell()
    {
        var shell = RenderBell();
        var item = new NotificationItem(Guid.NewGuid(), NotificationKinds.Announcement, "Not yours", "", null, DateTimeOffset.UtcNow, false);

        await _listeners.DispatchAsync(new NotificationSignal(Tenant, Guid.NewGuid(), item, true));
        await _listeners.DispatchAsync(new NotificationSignal(Guid.NewGuid(), User, item, true));
        var mine = item with { Id = Guid.NewGuid(), Title = "Yours" };
        await _listeners.DispatchAsync(new NotificationSignal(Tenant, User, mine, false));

        // Only the last one is this user's in this tenant.
        shell.WaitForAssertion(() => Assert.Equal("1", shell.Find("[data-testid=notification-bell]").GetAttribute("data-unread")));
        await Task.Delay(200);
        Assert.Equal("1", shell.Find("[data-testid=notification-bell]").GetAttribute("data-unread"));
        Assert.Empty(_notifyModule.Invocations);
    }

    [Fact]
    public void An_empty_panel_says_so()
    {
        var shell = RenderBell();
        shell.Find("[data-testid=notification-bell-button]").Click();
        Assert.Contains("You're all caught up", shell.Find("[data-testid=notification-panel]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_circuit_stops_listening_when_it_ends()
    {
        RenderBell();
        Assert.Equal(1, _listeners.CountFor(Tenant, User));

        await _ctx.DisposeAsync();

        Assert.Equal(0, _listeners.CountFor(Tenant, User));
    }

    private IRenderedComponent<ThemedShell> RenderBell() => _ctx.RenderInShell<NotificationBell>();

    /// <summary>The inbox of the one signed-in user, in memory.</summary>
    private sealed class FakeInbox : INotificationInbox
    {
        private readonly List<NotificationItem> _items = [];

        public int Loads { get; private set; }

        public int MarkAllCalls { get; private set; }

        public Guid Add(string title, bool read)
        {
            var item = new NotificationItem(Guid.NewGuid(), NotificationKinds.Announcement, title, "", null, DateTimeOffset.UtcNow.AddMinutes(-_items.Count), read);
            _items.Add(item);
            return item.Id;
        }

        public Task<NotificationPage> RecentAsync(Guid userId, int take, CancellationToken ct = default) => PageAsync(userId, 1, take, false, ct);

        public Task<NotificationPage> PageAsync(Guid userId, int page, int pageSize, bool unreadOnly = false, CancellationToken ct = default)
        {
            Assert.Equal(User, userId);
            Loads++;
            var listed = _items.Where(i => !unreadOnly || !i.IsRead).OrderByDescending(i => i.CreatedAt).ToList();
            return Task.FromResult(new NotificationPage(listed.Skip((page - 1) * pageSize).Take(pageSize).ToList(), listed.Count, _items.Count(i => !i.IsRead)));
        }

        public Task<bool> MarkReadAsync(Guid userId, Guid notificationId, CancellationToken ct = default)
        {
            var index = _items.FindIndex(i => i.Id == notificationId);
            if (userId != User || index < 0)
            {
                return Task.FromResult(false);
            }

            _items[index] = _items[index] with { IsRead = true };
            return Task.FromResult(true);
        }

        public Task<int> MarkAllReadAsync(Guid userId, CancellationToken ct = default)
        {
            MarkAllCalls++;
            var count = _items.Count(i => !i.IsRead);
            for (var i = 0; i < _items.Count; i++)
            {
                _items[i] = _items[i] with { IsRead = true };
            }

            return Task.FromResult(count);
        }
    }
}
