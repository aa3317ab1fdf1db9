using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Calendar;
using Xunit.Abstractions;

namespace Platform.Tests.Bookings;

/// <summary>
/// The calendar over the demo's filled calendars, in a real browser: no booking hides another, every status is readable in
/// both themes, bookings are dragged and stretched (and a refused drop goes back), empty times book, and the dashboard's agenda.
/// </summary>
public sealed class CalendarViewsBrowserTests(CalendarViewsBrowserTests.App app, ITestOutputHelper output) : IClassFixture<CalendarViewsBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Seed:DemoBookings"] = "true" };
    }

    private const string Password = "Demo!Passw0rd";
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly ViewportSize Desktop = new() { Width = 1366, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    // Delays every WebSocket frame by 75 ms each way: a 150 ms round trip between the browser and the server.
    private const string SlowSocket = """
        (() => {
          const Native = window.WebSocket;
          const delay = 75;
          class Delayed extends Native {
            send(data) { setTimeout(() => { if (this.readyState === 1) super.send(data); }, delay); }
            set onmessage(handler) { super.onmessage = handler ? (e) => setTimeout(() => handler.call(this, e), delay) : null; }
            get onmessage() { return super.onmessage; }
          }
          window.WebSocket = Delayed;
        })();
        """;

    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Theory]
    [InlineData("acme", "manager@acme.test")]
    [InlineData("globex", "manager@globex.test")]
    public async Task In_the_demo_week_no_booking_hides_another_and_every_block_is_readable(string tenant, string manager)
    {
        var page = await NewPageAsync(Desktop);
        var today = await app.InTenantAsync(tenant, sp => Task.FromResult(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow,
            TimeZoneInfo.FindSystemTimeZoneById(tenant == "acme" ? "America/New_York" : "Europe/Berlin")).DateTime)));
        var week = today.AddDays(3); // the demo books ten days ahead: this week is full

        await BrowserFixture.RunAsync(page, $"calendar-demo-week-{tenant}", async () =>
        {
            await BrowserFixture.SignInAsync(page, app.TenantUri(tenant), manager, Password);
            foreach (var view in new[] { "week", "team", "day", "month" })
            {
                await OpenAsync(page, tenant, week, view);
                if (view != "month")
                {
                    var blocks = await BlocksAsync(page);
                    Assert.True(view != "week" || blocks.Count >= 10, $"{view}: only {blocks.Count} bookings shown");
                    var overlaps = blocks.SelectMany((a, i) => blocks.Skip(i + 1).Where(b => a.Overlaps(b)).Select(b => $"{a.Label} / {b.Label}")).ToList();
                    Assert.True(overlaps.Count == 0, $"{tenant} {view}: {overlaps.Count} overlapping pairs: {string.Join("; ", overlaps.Take(5))}");
                    foreach (var block in blocks)
                    {
                        Assert.True(block.Contrast >= CalendarPalette.MinimumContrast, $"{tenant} {view}: {block.Label} text {block.Color} on {block.Background} is {block.Contrast:0.00}:1");
                    }

                    output.WriteLine($"{tenant} {view}: {blocks.Count} blocks, none overlapping, lowest contrast {blocks.DefaultIfEmpty().Min(b => b?.Contrast ?? 21):0.00}:1");
                }

                await BrowserFixture.SaveScreenshotAsync(page, $"calendar-{view}-{tenant}-1366");
            }

            await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
            foreach (var view in new[] { "week", "team", "day", "month" })
            {
                await OpenAsync(page, tenant, week, view);
                await BrowserFixture.SaveScreenshotAsync(page, $"calendar-{view}-{tenant}-390");
            }
        });
    }

    [Fact]
    public async Task A_manager_drags_a_booking_and_its_edge_with_a_slow_connection_and_a_refused_drop_goes_back()
    {
        var day = FarWeekday();
        var seed = await SeedAsync(day);
        var first = await PlaceAsync(seed, seed.Jo, day, 9, 0);
        var second = await PlaceAsync(seed, seed.Jo, day, 14, 0);
        var page = await NewPageAsync(Desktop);
        await page.Context.AddInitScriptAsync(SlowSocket);

        await BrowserFixture.RunAsync(page, nameof(A_manager_drags_a_booking_and_its_edge_with_a_slow_connection_and_a_refused_drop_goes_back), async () =>
        {
            await BrowserFixture.SignInAsync(page, app.TenantUri("acme"), "manager@acme.test", Password);
            await OpenAsync(page, "acme", day, "team");
            var block = page.Locator($"[data-booking='{first}']");
            await Assertions.Expect(block.Locator(".calendar-booking-time")).ToHaveTextAsync(AcmeRange(9, 0, 9, 45));
            await page.EvaluateAsync("async () => (await import(new URL('js/calendar.js', document.baseURI).href)).clearDragSamples()");

            // A 45-minute block has room for two lines: the time and customer share one, the service has the other, none cut.
            await Assertions.Expect(block).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("calendar-booking-two-lines"));
            var box = (await block.BoundingBoxAsync())!;
            var service = (await block.Locator(".calendar-booking-meta").BoundingBoxAsync())!;
            Assert.True(service.Y + service.Height <= box.Y + box.Height, $"the service line ends at {service.Y + service.Height}, below the block's {box.Y + box.Height}");

            // Down an hour (48 px): 10:00-10:45, and while it is held the block says so in acme's 12-hour clock.
            await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + 10);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + 10 + 48, new MouseMoveOptions { Steps = 12 });
            await Assertions.Expect(block.Locator(".calendar-booking-drag")).ToHaveTextAsync(AcmeRange(10, 0, 10, 45));
            await page.Mouse.UpAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "now" })).ToBeVisibleAsync();
            await Assertions.Expect(block.Locator(".calendar-booking-time")).ToHaveTextAsync(AcmeRange(10, 0, 10, 45));
            Assert.Equal((At(day, 10, 0), TimeSpan.FromMinutes(45)), await StoredAsync(first));

            // Its bottom edge down 36 px (45 minutes): 10:00-11:30.
            box = (await block.BoundingBoxAsync())!;
            await DragAsync(page, box.X + (box.Width / 2), box.Y + box.Height - 2, 0, 36);
            await Assertions.Expect(block.Locator(".calendar-booking-time")).ToHaveTextAsync(AcmeRange(10, 0, 11, 30));
            Assert.Equal((At(day, 10, 0), TimeSpan.FromMinutes(90)), await StoredAsync(first));
            await BrowserFixture.SaveScreenshotAsync(page, "calendar-drag-done");

            // Onto the 14:00 booking: the ledger refuses, the message shows and the block goes back to 10:00.
            box = (await block.BoundingBoxAsync())!;
            await DragAsync(page, box.X + (box.Width / 2), box.Y + 10, 0, 4 * 48);
            await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "was not changed" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "no longer available" })).ToBeVisibleAsync();
            // Back where it was, once it has settled: under load the server's answer and the snap back may land a frame apart.
            var settled = $"() => {{ const b = document.querySelector(\"[data-booking='{first}']\"); return !b.style.transform && !b.classList.contains('calendar-snapping') && Math.abs(b.getBoundingClientRect().y - {box.Y.ToString(System.Globalization.CultureInfo.InvariantCulture)}) < 1; }}";
            await page.WaitForFunctionAsync(settled);
            var back = (await block.BoundingBoxAsync())!;
            Assert.Equal(box.Y, back.Y, 1);
            Assert.Equal((At(day, 10, 0), TimeSpan.FromMinutes(90)), await StoredAsync(first));
            Assert.Equal((At(day, 14, 0), TimeSpan.FromMinutes(45)), await StoredAsync(second));
            await BrowserFixture.SaveScreenshotAsync(page, "calendar-drag-refused");

            Report(await page.EvaluateAsync<JsonElement>("async () => (await import(new URL('js/calendar.js', document.baseURI).href)).dragSamples()"));

            // The keyboard: Alt+Down moves the focused booking a quarter hour, Alt+Shift+Up shortens it.
            await block.FocusAsync();
            await page.Keyboard.PressAsync("Alt+ArrowDown");
            await Assertions.Expect(block.Locator(".calendar-booking-time")).ToHaveTextAsync(AcmeRange(10, 15, 11, 45));
            await block.FocusAsync();
            await page.Keyboard.PressAsync("Alt+Shift+ArrowUp");
            await Assertions.Expect(block.Locator(".calendar-booking-time")).ToHaveTextAsync(AcmeRange(10, 15, 11, 30));
            Assert.Equal((At(day, 10, 15), TimeSpan.FromMinutes(75)), await StoredAsync(first));

            // Arrow keys go from booking to empty time and back; Enter opens the booking.
            await block.FocusAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            Assert.Equal("calendar-slot", await page.EvaluateAsync<string>("() => document.activeElement.className"));
            await page.Keyboard.PressAsync("ArrowUp");
            Assert.Equal(first.ToString(), await page.EvaluateAsync<string>("() => document.activeElement.dataset.booking"));
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Jo Chen");
        });
    }

    [Fact]
    public async Task Staff_drag_only_their_own_calendar_and_the_agenda_marks_a_no_show()
    {
        var day = FarWeekday().AddDays(1);
        var seed = await SeedAsync(day);
        var jos = await PlaceAsync(seed, seed.Jo, day, 11, 0);
        var ended = await PastAsync(seed);
        var page = await NewPageAsync(Desktop);

        await BrowserFixture.RunAsync(page, nameof(Staff_drag_only_their_own_calendar_and_the_agenda_marks_a_no_show), async () =>
        {
            // Jo sees and drags her own calendar only.
            await BrowserFixture.SignInAsync(page, app.TenantUri("acme"), "jo@acme.test", Password);
            await OpenAsync(page, "acme", day, "day");
            var block = page.Locator($"[data-booking='{jos}']");
            var box = (await block.BoundingBoxAsync())!;
            await DragAsync(page, box.X + (box.Width / 2), box.Y + 10, 0, -24);
            await Assertions.Expect(block.Locator(".calendar-booking-time")).ToHaveTextAsync(AcmeRange(10, 30, 11, 15));
            Assert.Equal(At(day, 10, 30), (await StoredAsync(jos)).Start);
            await Assertions.Expect(page.Locator(".calendar-column-title")).ToHaveCountAsync(1);

            // The agenda: the booking that ended unmarked, marked a no-show from the dashboard.
            await page.GotoAsync(new Uri(app.TenantUri("acme"), "app").ToString());
            var agenda = page.Locator("[data-testid=today-agenda]");
            await Assertions.Expect(agenda).ToBeVisibleAsync();
            // Staff's cards link only where staff may go: customers yes, people and the plan (managers', admins') not.
            Assert.Equal(1, await page.Locator("a[aria-label='Open Customers'][href$='app/customers']").CountAsync());
            Assert.Equal(0, await page.Locator("a[aria-label='Open Staff'], a[aria-label='Open Open invitations'], a[aria-label='Open Plan']").CountAsync());
            var row = agenda.Locator($"[data-testid=agenda-to-mark] [data-booking='{ended}']");
            await Assertions.Expect(row).ToBeVisibleAsync();
            // A click on the prerendered agenda, before the circuit is up, does nothing: wait for it.
            await Assertions.Expect(agenda).ToHaveAttributeAsync("data-interactive", "true");
            await row.Locator("button[data-action=NoShow]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "booking is marked a no-show" })).ToBeVisibleAsync();
            await Assertions.Expect(row).ToHaveCountAsync(0);
            Assert.Equal(BookingStatus.NoShow, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings
                .Where(b => b.Id == ended).Select(b => b.Status).SingleAsync()));
        });
    }

    [Theory]
    [InlineData("acme", "manager@acme.test")]
    [InlineData("globex", "manager@globex.test")]
    public async Task The_dashboard_agenda_and_a_click_on_an_empty_time_that_opens_the_booking_form_filled_in(string tenant, string manager)
    {
        var page = await NewPageAsync(Desktop);
        await BrowserFixture.RunAsync(page, $"calendar-agenda-{tenant}", async () =>
        {
            await BrowserFixture.SignInAsync(page, app.TenantUri(tenant), manager, Password);
            await page.GotoAsync(new Uri(app.TenantUri(tenant), "app").ToString());
            await Assertions.Expect(page.Locator("[data-testid=today-agenda]")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, $"dashboard-agenda-{tenant}-1366");
            await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("[data-testid=today-agenda]")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, $"dashboard-agenda-{tenant}-390");
            await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);

            if (tenant != "acme")
            {
                return;
            }

            // An empty 10:30 in Jo's column: the form opens with Jo, and with 10:30 once a service is chosen.
            var day = FarWeekday().AddDays(2);
            await OpenAsync(page, tenant, day, "team");
            await Assertions.Expect(page.Locator("[data-testid=calendar-empty]")).ToContainTextAsync("Nothing is booked on this day");
            var column = page.Locator(".calendar-column", new() { Has = page.Locator($"[aria-label='Book Jo Chen at {AcmeTime(10, 30)}']") });
            await column.Locator("[data-time='10:30']").ClickAsync();
            var form = page.Locator(".mud-dialog");
            await form.GetByRole(AriaRole.Combobox, new() { Name = "Service" }).ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Follow-up session" }).ClickAsync();
            await Assertions.Expect(form.Locator(".new-booking-provider input")).ToHaveValueAsync("Jo Chen");
            await Assertions.Expect(form.Locator("[data-testid=new-booking-slot].mud-button-filled")).ToHaveTextAsync(AcmeTime(10, 30));
            await BrowserFixture.SaveScreenshotAsync(page, "calendar-click-to-book");
        });
    }

    private sealed record Seed(Guid Jo, Guid Service, Guid Customer);

    private sealed record Block(string Label, double X, double Y, double Width, double Height, string Color, string Background, double Contrast)
    {
        public bool Overlaps(Block other) =>
            X < other.X + other.Width - 0.5 && other.X < X + Width - 0.5 && Y < other.Y + other.Height - 0.5 && other.Y < Y + Height - 0.5;
    }

    private async Task<IPage> NewPageAsync(ViewportSize size)
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = size });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    private async Task OpenAsync(IPage page, string tenant, DateOnly day, string view)
    {
        await page.GotoAsync(new Uri(app.TenantUri(tenant), $"app/calendar?date={day:yyyy-MM-dd}&view={view}").ToString());
        // Generous waits: the machine the suite runs on may be busy; nothing here measures time.
        await Assertions.Expect(page.Locator(view == "month" ? "[data-testid=calendar-month]" : "[data-testid=calendar-grid]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".calendar-surface[data-calendar-ready]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
    }

    /// <summary>Every booking block's box on screen and its text and background colours as the browser computed them.</summary>
    private static async Task<IReadOnlyList<Block>> BlocksAsync(IPage page)
    {
        var found = await page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('.calendar-booking')].map(b => {
              const r = b.getBoundingClientRect();
              const s = getComputedStyle(b);
              return { label: b.getAttribute('aria-label'), x: r.x, y: r.y, w: r.width, h: r.height,
                       texts: [...b.querySelectorAll('span')].filter(x => x.offsetParent).map(x => getComputedStyle(x).color),
                       color: s.color, background: s.backgroundColor };
            })
            """);
        return [.. found.EnumerateArray().Select(b =>
        {
            var background = Hex(b.GetProperty("background").GetString()!);
            var worst = b.GetProperty("texts").EnumerateArray().Select(t => Hex(t.GetString()!)).Append(Hex(b.GetProperty("color").GetString()!))
                .Select(c => (Color: c, Ratio: CalendarPalette.Contrast(c, background))).MinBy(c => c.Ratio);
            return new Block(b.GetProperty("label").GetString()!, b.GetProperty("x").GetDouble(), b.GetProperty("y").GetDouble(),
                b.GetProperty("w").GetDouble(), b.GetProperty("h").GetDouble(), worst.Color, background, worst.Ratio);
        })];
    }

    /// <summary>"rgb(1, 2, 3)" or "rgba(1, 2, 3, 1)" as #010203 (the blocks' colours are opaque).</summary>
    private static string Hex(string css)
    {
        var parts = css[(css.IndexOf('(', StringComparison.Ordinal) + 1)..css.IndexOf(')', StringComparison.Ordinal)].Split(',');
        Assert.True(parts.Length == 3 || parts[3].Trim() == "1", $"not opaque: {css}");
        return "#" + string.Concat(parts.Take(3).Select(p => int.Parse(p.Trim(), CultureInfo.InvariantCulture).ToString("X2", CultureInfo.InvariantCulture)));
    }

    private static async Task DragAsync(IPage page, double x, double y, double dx, double dy)
    {
        await page.Mouse.MoveAsync((float)x, (float)y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)(x + dx), (float)(y + dy), new MouseMoveOptions { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    /// <summary>Writes the drag measurements to the test output and .test-run/calendar-drag.txt (figures, not assertions).</summary>
    private void Report(JsonElement samples)
    {
        var moves = samples.EnumerateArray().Where(s => s.GetProperty("mode").GetString() != "commit" && s.TryGetProperty("frame", out _)).ToList();
        var commits = samples.EnumerateArray().Where(s => s.GetProperty("mode").GetString() == "commit").ToList();
        var toFrame = moves.Select(s => s.GetProperty("frame").GetDouble() - s.GetProperty("event").GetDouble()).Order().ToList();
        var toApply = moves.Select(s => s.GetProperty("applied").GetDouble() - s.GetProperty("event").GetDouble()).Order().ToList();
        var roundTrips = commits.Select(s => s.GetProperty("answered").GetDouble() - s.GetProperty("event").GetDouble()).ToList();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"pointer moves: {moves.Count}, block where the pointer put it in the next animation frame: {moves.Count(s => s.GetProperty("followed").GetBoolean())}\n" +
            $"event -> style applied (ms): median {Median(toApply):0.00}, max {toApply.DefaultIfEmpty().Max():0.00}\n" +
            $"event -> next animation frame (ms): median {Median(toFrame):0.0}, max {toFrame.DefaultIfEmpty().Max():0.0}\n" +
            $"drop -> server's answer (ms, 150 ms round trip injected): {string.Join(", ", roundTrips.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}\n");
        output.WriteLine(text);
        Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, ".test-run"));
        File.WriteAllText(Path.Combine(RepositoryRoot.Path, ".test-run", "calendar-drag.txt"), text);
        Assert.NotEmpty(moves);
        Assert.All(moves, s => Assert.True(s.GetProperty("followed").GetBoolean(), "the block was not where the pointer put it in the next frame"));
    }

    private static double Median(List<double> sorted) => sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];

    private static DateOnly FarWeekday()
    {
        // The demo books ten days ahead; two weeks out the calendar is empty.
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, NewYork).DateTime).AddDays(14);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), NewYork.GetUtcOffset(day.ToDateTime(new TimeOnly(hour, minute)))).ToUniversalTime();

    private Task<Seed> SeedAsync(DateOnly day) =>
        app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var jo = await db.Providers.Where(p => p.DisplayName == "Jo Chen").Select(p => p.Id).SingleAsync();
            var service = await db.Services.Where(s => s.Name == "Follow-up session").Select(s => s.Id).SingleAsync();
            var customer = await db.Customers.OrderBy(c => c.Name).Select(c => c.Id).FirstAsync();
            return new Seed(jo, service, customer);
        });

    private async Task<Guid> PlaceAsync(Seed seed, Guid provider, DateOnly day, int hour, int minute)
    {
        var placed = await app.AsActorAsync("acme", Actor.Manager(Guid.NewGuid()), sp => sp.GetRequiredService<BookingLedger>()
            .PlaceAsync(new PlaceBooking(seed.Service, provider, seed.Customer, At(day, hour, minute))));
        Assert.True(placed.Succeeded, string.Join(" ", placed.Errors.SelectMany(e => e.Value)));
        return placed.Value!.Id;
    }

    /// <summary>A confirmed booking of Jo's that ended two hours ago and was never marked.</summary>
    private Task<Guid> PastAsync(Seed seed) =>
        app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var start = DateTimeOffset.UtcNow.AddHours(-3);
            var booking = new Booking
            {
                ServiceId = seed.Service,
                ProviderId = seed.Jo,
                CustomerId = seed.Customer,
                StartUtc = start,
                EndUtc = start.AddMinutes(45),
                OccupiedStartUtc = start,
                OccupiedEndUtc = start.AddMinutes(45),
                Status = BookingStatus.Confirmed,
                Price = new Money(70m, "USD"),
                CreatedAt = start.AddDays(-2),
            };
            db.Bookings.Add(booking);
            await db.SaveChangesAsync();
            return booking.Id;
        });

    private Task<(DateTimeOffset Start, TimeSpan Length)> StoredAsync(Guid id) =>
        app.InTenantAsync("acme", async sp =>
        {
            var b = await sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().SingleAsync(x => x.Id == id);
            return (b.StartUtc, b.EndUtc - b.StartUtc);
        });

    /// <summary>A time as acme's pages write it (en-US: "10:30 AM").</summary>
    private static string AcmeTime(int hour, int minute) =>
        new DateTime(2000, 1, 1, hour, minute, 0, DateTimeKind.Unspecified).ToString("t", CultureInfo.GetCultureInfo("en-US"));

    private static string AcmeRange(int fromHour, int fromMinute, int toHour, int toMinute) => $"{AcmeTime(fromHour, fromMinute)}–{AcmeTime(toHour, toMinute)}";
}
