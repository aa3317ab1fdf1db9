using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Core.Notifications;
using Platform.Infrastructure.Realtime;
using Platform.Tests.Support;
using Platform.Web.Components.Notifications;
using Platform.Web.Components.Shared;

namespace Platform.Tests.Notifications;

/// <summary>The bell and its panel as a person sees and uses them: count, list, mark read, live arrivals.</summary>
public sealed class NotificationBellTests : IAsyncLifetime
{
    private readonly PlatformBunitContext _ctx = new(role: Platform.Core.Identity.PlatformRoles.Staff);
    private readonly NotificationListeners _listeners = new(NullLogger<NotificationListeners>.Instance);
    private readonly BunitJSModuleInterop _notifyModule;

    public NotificationBellTests()
    {
        _ctx.Services.AddSingleton(_listeners);
        _notifyModule = _ctx.JSInterop.SetupModule("http://localhost/js/notify.js");
        _notifyModule.Setup<bool>("showIfHidden", _ => true).SetResult(true);
    }

    private FakeNotificationInbox Inbox => _ctx.Notifications;

    private static Guid Tenant => PlatformBunitContext.Acme.Id;

    private static Guid User => PlatformBunitContext.UserId;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public void The_bell_shows_the_unread_count()
    {
        Inbox.Add("Booked", read: false);
        Inbox.Add("Moved", read: false);
        Inbox.Add("Old news", read: true);

        var shell = RenderBell();

        var bell = shell.Find("[data-testid=notification-bell]");
        Assert.Equal("2", bell.GetAttribute("data-unread"));
        Assert.Equal("2", shell.Find(".mud-badge").TextContent.Trim());
        Assert.Equal("Notifications, 2 unread", shell.Find("[data-testid=notification-bell-button]").GetAttribute("aria-label"));
    }

    [Fact]
    public void The_panel_lists_recent_notifications_and_marks_all_read()
    {
        Inbox.Add("New booking: Carla", read: false);
        Inbox.Add("Team meeting", read: true);
        var shell = RenderBell();

        shell.Find("[data-testid=notification-bell-button]").Click();
        var panel = shell.Find("[data-testid=notification-panel]");
        Assert.Contains("New booking: Carla", panel.TextContent, StringComparison.Ordinal);
        Assert.Contains("Team meeting", panel.TextContent, StringComparison.Ordinal);
        Assert.Single(shell.FindAll(".pf-notification-unread"));

        shell.Find("[data-testid=mark-all-read]").Click();

        shell.WaitForAssertion(() => Assert.Equal("0", shell.Find("[data-testid=notification-bell]").GetAttribute("data-unread")));
        Assert.Empty(shell.FindAll(".pf-notification-unread"));
        Assert.Equal(1, Inbox.MarkAllCalls);
    }

    [Fact]
    public void Marking_one_read_lowers_the_count()
    {
        var first = Inbox.Add("First", read: false);
        Inbox.Add("Second", read: false);
        var shell = RenderBell();
        shell.Find("[data-testid=notification-bell-button]").Click();

        shell.Find($"[data-notification='{first}'] button[data-testid=mark-read]").Click();

        shell.WaitForAssertion(() => Assert.Equal("1", shell.Find("[data-testid=notification-bell]").GetAttribute("data-unread")));
        Assert.Equal("true", shell.Find($"[data-notification='{first}']").GetAttribute("data-read"));
    }

    [Fact]
    public async Task A_live_notification_appears_without_a_reload_and_pops_up_in_the_browser()
    {
        Inbox.Add("Earlier", read: true);
        var shell = RenderBell();
        var loads = Inbox.Loads;
        var item = new NotificationItem(Guid.NewGuid(), NotificationKinds.BookingCreated, "New booking: Dan", "Tomorrow 10:00", "app/calendar", DateTimeOffset.UtcNow, false);

        await _listeners.DispatchAsync(new NotificationSignal(Tenant, User, item, ShowInBrowser: true));

        shell.WaitForAssertion(() => Assert.Equal("1", shell.Find("[data-testid=notification-bell]").GetAttribute("data-unread")));
        Assert.Equal(loads, Inbox.Loads); // pushed, not re-read
        shell.Find("[data-testid=notification-bell-button]").Click();
        shell.WaitForAssertion(() => Assert.StartsWith("New booking: Dan", shell.Find(".pf-notification-title").TextContent, StringComparison.Ordinal));
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
}
