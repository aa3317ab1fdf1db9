using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Notifications;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Notifications;
using Platform.Tests.Bookings;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Notifications;

/// <summary>
/// A tenant admin's template cannot hold the shared dispatcher: loops, output and time are limited. A template beyond the
/// limits is refused when saved (the field named, with the line where there is one), and one that gets past (saved before
/// the limits, or looping over a value) fails its own message with a clear error when rendered.
/// </summary>
public sealed class TemplateLimitTests(TemplateLimitTests.App app) : IClassFixture<TemplateLimitTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private const string Globex = "http://globex.localhost/";
    private const string Path = "api/v1/notification-templates/booking.changed/email";

    /// <summary>48 characters that rendered a 3.9 MB e-mail.</summary>
    private const string LongLoop = "{% for i in (1..99999) %}{{ tenant_name }}{% endfor %}";

    [Fact]
    public async Task A_loop_longer_than_the_limit_is_refused_on_save_with_its_line_and_column()
    {
        var admin = await app.SignedInAsync(Globex, "admin@globex.test");

        var refused = await admin.PutAsJsonAsync(Path, new { subject = "Changed", body = "<p>Hello</p>\n" + LongLoop });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (await refused.JsonAsync()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Equal("Line 2, column 13: the range (1..99999) has 99,999 numbers; a template may take at most 10,000 steps (each loop round is one).", message);
        Assert.False((await (await admin.GetAsync(Path)).JsonAsync()).GetProperty("isCustom").GetBoolean());
    }

    [Fact]
    public async Task A_nested_two_billion_loop_is_refused_on_save_in_the_subject_too()
    {
        var admin = await app.SignedInAsync(Globex, "admin@globex.test");
        const string nested = "{% for i in (1..2000000000) %}{% for j in (1..2000000000) %}x{% endfor %}{% endfor %}";

        var inBody = await admin.PutAsJsonAsync(Path, new { subject = "Changed", body = nested });
        var inSubject = await admin.PutAsJsonAsync(Path, new { subject = nested, body = "<p>Hello</p>" });

        Assert.Equal(HttpStatusCode.BadRequest, inBody.StatusCode);
        Assert.StartsWith("Line 1, column 13: the range (1..2000000000) has 2,000,000,000 numbers",
            (await inBody.JsonAsync()).GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, inSubject.StatusCode);
        Assert.StartsWith("Line 1, column 13: the range",
            (await inSubject.JsonAsync()).GetProperty("errors").GetProperty("subject")[0].GetString(), StringComparison.Ordinal);
        Assert.False((await (await admin.GetAsync(Path)).JsonAsync()).GetProperty("isCustom").GetBoolean());
    }

    [Theory]
    [InlineData("{% for i in (1..1000) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}", "The template needs more than 10,000 steps")]
    [InlineData("{% assign s = 'xxxxxxxxxx' %}{% for i in (1..20) %}{% assign s = s | append: s %}{% endfor %}{{ s }}", "The template makes more than 100,000 characters")]
    [InlineData("{% for i in (1..3000) %}{{ body }}{% endfor %}", "The template makes more than 100,000 characters")]
    [InlineData("{% assign a = 'a' %}{% for i in (1..10) %}{% assign a = a | append: a %}{% endfor %}{{ a | replace: 'a', a }}", "The template makes more than 100,000 characters")]
    public async Task A_template_beyond_the_limits_with_the_sample_values_is_refused_on_save(string body, string reason)
    {
        var admin = await app.SignedInAsync(Globex, "admin@globex.test");

        var refused = await admin.PutAsJsonAsync(Path, new { subject = "Changed", body });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal("validation.failed", problem.GetProperty("code").GetString());
        Assert.StartsWith("Rendered with sample values, it goes beyond the limits: " + reason,
            problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.False((await (await admin.GetAsync(Path)).JsonAsync()).GetProperty("isCustom").GetBoolean());
    }

    [Fact]
    public async Task A_template_within_the_limits_still_saves_with_its_loops()
    {
        var admin = await app.SignedInAsync(Globex, "admin@globex.test");
        const string path = "api/v1/notification-templates/booking.reminder/sms";

        var saved = await admin.PutAsJsonAsync(path, new { body = "{% for word in (1..3) %}{{ word }} {% endfor %}{{ service | upcase }}" });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await app.InTenantAsync("globex", async sp =>
        {
            await sp.GetRequiredService<NotificationTemplates>().ResetAsync(NotificationKinds.BookingReminder, NotificationChannels.Sms);
            return 0;
        });
    }

    [Fact]
    public void A_loop_over_a_value_is_stopped_when_rendered_before_it_takes_the_memory()
    {
        // Nothing to see on save: the range's end is a value, known only when a message is rendered.
        var template = LiquidTemplates.Parse("{% assign n = count | plus: 0 %}{% for i in (1..n) %}x{% endfor %}", out _)!;
        var values = new Dictionary<string, string> { ["count"] = "2000000000" };

        var stopped = Assert.Throws<TemplateLimitException>(() => LiquidTemplates.Render(template, values, html: true));

        Assert.Equal("The range (1..2000000000) has 2,000,000,000 numbers; a template may take at most 10,000 steps (each loop round is one).", stopped.Message);
        Assert.Equal("xxx", LiquidTemplates.Render(template, new Dictionary<string, string> { ["count"] = "3" }, html: true));
    }

    [Fact]
    public void A_render_that_takes_too_long_is_stopped()
    {
        var template = LiquidTemplates.Parse("<p>{{ service }}</p>", out _)!;

        var stopped = Assert.Throws<TemplateLimitException>(() =>
            LiquidTemplates.Render(template, DefaultTemplates.SampleValues, html: true, TemplateLimits.Default with { MaxRenderTime = TimeSpan.Zero }));

        Assert.Equal("The template took longer than 0 seconds to render.", stopped.Message);
    }

    [Fact]
    public async Task A_stored_template_beyond_the_limits_fails_its_message_with_a_clear_error_and_sends_nothing()
    {
        // A template saved before there were limits: stored as it was, without the checks of saving.
        var seeded = await BookingTestData.SeedAsync(app);
        var email = $"limits-{Guid.NewGuid():N}@example.com";
        await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            (await db.Customers.SingleAsync(c => c.Id == seeded.Customer)).Email = email;
            db.Add(new NotificationTemplate
            {
                TenantId = await app.TenantIdAsync("acme"),
                Kind = NotificationKinds.BookingConfirmation,
                Channel = NotificationChannels.Email,
                Subject = "Booked",
                Body = LongLoop,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        try
        {
            var placed = await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>()
                .PlaceAsync(new PlaceBooking(seeded.Service, null, seeded.Customer, BookingTestData.Tomorrow.AddDays(3).AddHours(8))));
            Assert.True(placed.Succeeded);

            string? error = null;
            await Eventually.HoldsAsync(async () =>
            {
                error = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().OutboxMessages.AsNoTracking()
                    .Where(m => m.Type == "booking.created" && m.LastError != null && m.LastError.Contains(nameof(BookingConfirmations)))
                    .Select(m => m.LastError).FirstOrDefaultAsync());
                return error is not null;
            }, "the confirmation fails");

            Assert.Contains("TemplateLimitException: The tenant's Email template of 'booking.confirmation' was stopped: The range (1..99999) has 99,999 numbers", error, StringComparison.Ordinal);
            Assert.Empty(Mailbox.To(app.MailFolder, email));
        }
        finally
        {
            await app.InTenantAsync("acme", async sp =>
            {
                await sp.GetRequiredService<NotificationTemplates>().ResetAsync(NotificationKinds.BookingConfirmation, NotificationChannels.Email);
                return 0;
            });
        }
    }
}
