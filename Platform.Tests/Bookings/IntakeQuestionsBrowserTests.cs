using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>
/// A manager adds a required question to a service; a guest must answer it on /book; staff open the booking from a
/// notification's link and read the answer; the manager's own booking by phone asks the question too; staff of another
/// provider get "not found or not yours" from the same link; a member of staff makes their calendar link and their
/// calendar app can fetch it.
/// </summary>
public sealed class IntakeQuestionsBrowserTests(IntakeQuestionsBrowserTests.App app) : IClassFixture<IntakeQuestionsBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite);

    private const string Question = "Any injuries we should know of?";
    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task A_guest_answers_a_required_question_and_staff_read_it_from_the_link()
    {
        var serviceId = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Services
            .Where(s => s.Name == "Initial assessment").Select(s => s.Id).SingleAsync());

        // The manager adds the question in the service editor.
        var manager = await _browser.NewPageAsync();
        await BrowserFixture.RunAsync(manager, "intake-editor", async () =>
        {
            await BrowserFixture.SignInAsync(manager, app.TenantUri("acme"), "manager@acme.test", "Demo!Passw0rd");
            await manager.GotoAsync(new Uri(app.TenantUri("acme"), $"app/services/{serviceId}").ToString());
            // A click before the circuit is up is lost: click until the question is there (waiting for each click to show).
            for (var attempt = 0; attempt < 40 && await manager.Locator("[data-testid=intake-question]").CountAsync() == 0; attempt++)
            {
                await manager.Locator("[data-testid=intake-add]").ClickAsync();
                try
                {
                    await manager.Locator("[data-testid=intake-question]").First.WaitForAsync(new() { Timeout = 1000 });
                }
                catch (TimeoutException)
                {
                    // Not live yet: click again.
                }
            }

            await Assertions.Expect(manager.Locator("[data-testid=intake-question]")).ToHaveCountAsync(1);

            await manager.Locator("[data-testid=intake-question] input").First.FillAsync(Question);
            await manager.Locator("[data-testid=intake-question]").GetByLabel("Required").CheckAsync();
            await BrowserFixture.SaveScreenshotAsync(manager, "intake-editor");
            await manager.Locator("[data-testid=save-service]").ClickAsync();
            await Assertions.Expect(manager.Locator(".mud-snackbar", new() { HasText = "saved" })).ToBeVisibleAsync();
        });
        var asked = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Services.AsNoTracking().SingleAsync(s => s.Id == serviceId));
        var question = Assert.Single(asked.Questions);
        Assert.Equal((Question, IntakeQuestionKind.Text, true), (question.Label, question.Kind, question.Required));

        // A guest on a phone must answer it before the booking is made.
        var phone = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        phone.SetDefaultTimeout(15_000);
        var guest = await phone.NewPageAsync();
        await BrowserFixture.RunAsync(guest, "intake-guest", async () =>
        {
            await guest.GotoAsync(new Uri(app.TenantUri("acme"), "book").ToString());
            await guest.Locator("[data-testid=service-option]", new() { HasText = "Initial assessment" }).ClickAsync();
            var slot = guest.Locator("[data-testid=slot]").First;
            await slot.WaitForAsync();
            await slot.ClickAsync();
            await guest.GetByLabel("Name").FillAsync("Ines Intake");
            await guest.GetByLabel("E-mail").FillAsync("ines@example.com");
            await Assertions.Expect(guest.Locator("[data-testid=intake-questions]")).ToContainTextAsync(Question);
            await guest.Locator("[data-testid=confirm-booking]").ClickAsync();
            await Assertions.Expect(guest.GetByText($"Answer “{Question}”.")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(guest, "intake-guest-required");
            Assert.Equal(0, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.CountAsync(c => c.Email == "ines@example.com")));

            await guest.GetByLabel(Question).FillAsync("A sprained left ankle in May");
            await guest.Locator("[data-testid=confirm-booking]").ClickAsync();
            await Assertions.Expect(guest.Locator("[data-testid=booking-confirmed]")).ToBeVisibleAsync();
        });
        var booking = await app.InTenantAsync("acme", sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            return (from b in db.Bookings.AsNoTracking() join c in db.Customers on b.CustomerId equals c.Id where c.Email == "ines@example.com" select b).SingleAsync();
        });
        Assert.Equal([new IntakeAnswer(question.Id, Question, "A sprained left ankle in May")], booking.Answers);

        // The manager follows a notification's link (its date is stale on purpose): the booking opens on its own day.
        await BrowserFixture.RunAsync(manager, "intake-staff-link", async () =>
        {
            await manager.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?date=2020-01-01&booking={booking.Id:D}").ToString());
            var dialog = manager.Locator(".mud-dialog");
            await Assertions.Expect(dialog).ToContainTextAsync("Ines Intake");
            await Assertions.Expect(dialog.Locator("[data-testid=intake-answer]")).ToHaveTextAsync("A sprained left ankle in May");
            await Assertions.Expect(dialog).ToContainTextAsync(Question);
            await BrowserFixture.SaveScreenshotAsync(manager, "intake-staff-dialog");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
            await Assertions.Expect(manager.Locator($"[data-booking='{booking.Id}']")).ToBeVisibleAsync();

            await manager.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?booking={Guid.NewGuid():D}").ToString());
            await Assertions.Expect(manager.Locator("[data-testid=linked-booking-missing]")).ToContainTextAsync("not found, or it is not on your calendar");
        });

        // The manager books the same service for Ines by phone: the dialog asks the question too, and refuses without an answer.
        await BrowserFixture.RunAsync(manager, "intake-staff-booking", async () =>
        {
            var day = TimeZoneInfo.ConvertTime(booking.StartUtc, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).AddDays(1);
            await manager.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?date={day:yyyy-MM-dd}").ToString());
            await manager.Locator("[data-testid=new-booking]").ClickAsync();
            var form = manager.Locator(".mud-dialog");
            await form.GetByRole(AriaRole.Combobox, new() { Name = "Service" }).ClickAsync();
            await manager.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Initial assessment" }).ClickAsync();
            await Assertions.Expect(manager.Locator(".mud-popover-open")).ToHaveCountAsync(0);
            await Assertions.Expect(form.Locator("[data-testid=intake-questions]")).ToContainTextAsync(Question);
            await form.Locator(".new-booking-customer input").First.FillAsync("Ines");
            await manager.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Ines Intake" }).First.ClickAsync();
            await Assertions.Expect(manager.Locator(".mud-popover-open")).ToHaveCountAsync(0);
            await form.Locator("[data-testid=new-booking-slot]").First.ClickAsync();
            await form.Locator(".new-booking-notes textarea").First.FillAsync("Booked by phone with an intake answer");
            await form.Locator("[data-testid=new-booking-book]").ClickAsync();
            await Assertions.Expect(form.GetByText($"Answer “{Question}”.")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(manager, "intake-staff-booking-required");
            Assert.Equal(1, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync(b => b.CustomerId == booking.CustomerId)));

            await form.GetByLabel(Question).FillAsync("Still the left ankle");
            await form.Locator("[data-testid=new-booking-book]").ClickAsync();
            await Assertions.Expect(manager.Locator(".mud-snackbar")).ToContainTextAsync("Booked.");
        });
        var byPhone = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking()
            .SingleAsync(b => b.Notes == "Booked by phone with an intake answer"));
        Assert.Equal((booking.CustomerId, serviceId), (byPhone.CustomerId, byPhone.ServiceId));
        Assert.Equal([new IntakeAnswer(question.Id, Question, "Still the left ankle")], byPhone.Answers);

        // Staff of the other provider follow the same link: not theirs, so not shown, and nothing of it leaks.
        var providerUser = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Providers
            .Where(p => p.Id == booking.ProviderId).Select(p => p.UserId).SingleAsync());
        var otherEmail = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Users
            .Where(u => u.Id != providerUser && (u.Email == "sam@acme.test" || u.Email == "jo@acme.test")).Select(u => u.Email!).SingleAsync());
        var other = await _browser.NewPageAsync();
        await BrowserFixture.RunAsync(other, "intake-other-staff", async () =>
        {
            await BrowserFixture.SignInAsync(other, app.TenantUri("acme"), otherEmail, "Demo!Passw0rd");
            await other.GotoAsync(new Uri(app.TenantUri("acme"), $"app/calendar?booking={booking.Id:D}").ToString());
            await Assertions.Expect(other.Locator("[data-testid=linked-booking-missing]")).ToBeVisibleAsync();
            await Assertions.Expect(other.Locator(".mud-dialog")).ToHaveCountAsync(0);
            Assert.DoesNotContain("Ines Intake", await other.ContentAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("sprained", await other.ContentAsync(), StringComparison.Ordinal);
            await BrowserFixture.SaveScreenshotAsync(other, "calendar-link-not-yours");

            // Their own calendar link, made from the calendar's toolbar, is fetched by a calendar app without cookies.
            await other.Locator("[data-testid=calendar-feed]").ClickAsync();
            await other.Locator("[data-testid=feed-create]").ClickAsync();
            var url = await other.GetByLabel("Your calendar link").InputValueAsync();
            await BrowserFixture.SaveScreenshotAsync(other, "calendar-feed-created");
            using var calendarApp = new HttpClient();
            var fetched = await FetchAsync(calendarApp, url);
            Assert.Equal(System.Net.HttpStatusCode.OK, fetched.StatusCode);
            var feed = await fetched.Content.ReadAsStringAsync();
            Assert.Contains("BEGIN:VCALENDAR", feed, StringComparison.Ordinal);
            Assert.DoesNotContain(booking.Id.ToString("D"), feed, StringComparison.Ordinal);

            await other.Locator("[data-testid=feed-close]").ClickAsync();
            await other.Locator("[data-testid=calendar-feed]").ClickAsync();
            await Assertions.Expect(other.Locator("[data-testid=feed-active]")).ToBeVisibleAsync();
            await other.Locator("[data-testid=feed-revoke]").ClickAsync();
            await other.Locator(".mud-dialog", new() { HasText = "Revoke your calendar link?" }).GetByRole(AriaRole.Button, new() { Name = "Revoke link" }).ClickAsync();
            await Assertions.Expect(other.Locator("[data-testid=feed-none]")).ToBeVisibleAsync();
            var gone = await FetchAsync(calendarApp, url);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        });
    }

    /// <summary>Fetches a tenant address as a calendar app would, without cookies; *.localhost is sent to this machine by hand.</summary>
    private static async Task<HttpResponseMessage> FetchAsync(HttpClient client, string url)
    {
        var uri = new Uri(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(uri) { Host = "127.0.0.1" }.Uri);
        request.Headers.Host = uri.Authority;
        return await client.SendAsync(request);
    }
}
