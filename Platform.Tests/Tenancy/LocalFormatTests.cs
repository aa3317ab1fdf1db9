using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Bookings;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>Dates, times and prices as the tenant's culture writes them; on the portal, as the visitor's browser does.</summary>
public partial class LocalFormatTests(LocalFormatTests.App app) : IClassFixture<LocalFormatTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private static readonly CultureInfo UnitedStates = CultureInfo.GetCultureInfo("en-US");

    private static readonly CultureInfo Germany = CultureInfo.GetCultureInfo("de-DE");

    private static readonly DateTime Morning = new(2026, 12, 7, 9, 5, 0, DateTimeKind.Unspecified);

    /// <summary>ICU puts a narrow no-break space (U+202F) between the time and AM or PM, as typographers do.</summary>
    [Fact]
    public void Acme_writes_a_12_hour_clock_and_dollars_first_globex_a_24_hour_clock_and_euros_after()
    {
        Assert.Equal("9:05\u202FAM", LocalText.Time(Morning, UnitedStates));
        Assert.Equal("09:05", LocalText.Time(Morning, Germany));
        Assert.Equal("9 AM", LocalText.Hour(9, UnitedStates)); // a label of our own pattern: an ordinary space
        Assert.Equal("09:00", LocalText.Hour(9, Germany));
        Assert.Equal("Mon, Dec 7", LocalText.ShortDay(Morning, UnitedStates));
        Assert.Equal("Mo, 7. Dez.", LocalText.ShortDay(Morning, Germany));
        Assert.Equal("Monday, December 7, 2026, 9:05\u202FAM", LocalText.LongDateTime(Morning, UnitedStates));
        Assert.Equal("Montag, 7. Dezember 2026, 09:05", LocalText.LongDateTime(Morning, Germany));
        Assert.Equal("December 2026", LocalText.MonthYear(Morning, UnitedStates));

        Assert.Equal("$70.00", MoneyText.Format(new Money(70m, "USD"), UnitedStates));
        Assert.Equal("70,00 €", MoneyText.Format(new Money(70m, "EUR"), Germany));
        Assert.Equal("€1,200.50", MoneyText.Format(new Money(1200.5m, "EUR"), UnitedStates)); // the currency's symbol, the reader's separators
        Assert.EndsWith("1,200", MoneyText.Format(new Money(1200m, "JPY"), UnitedStates)); // yen have no minor unit (ICU's symbol is the full-width ￥)
    }

    [Theory]
    [InlineData("de-DE,de;q=0.9,en;q=0.8", "de-DE")]
    [InlineData("fr", "fr-FR")]
    [InlineData("en;q=0.2, nl-BE;q=0.9", "nl-BE")]
    [InlineData("*", null)]
    [InlineData("xx-YY, qq", null)]
    [InlineData("", null)]
    public void The_portal_reads_the_browsers_first_usable_culture(string header, string? expected) =>
        Assert.Equal(expected, TenantCultures.FromAcceptLanguage(header)?.Name);

    [Theory]
    [InlineData("en-US", true)]
    [InlineData("de-DE", true)]
    [InlineData("de", false)]
    [InlineData("xx-YY", false)]
    [InlineData(" en-US", false)]
    [InlineData("", false)]
    public void A_tenant_culture_is_a_language_with_its_region(string name, bool valid) => Assert.Equal(valid, TenantCultures.IsValid(name));

    [Fact]
    public async Task Staff_pages_use_the_tenants_culture_whatever_the_browser_says()
    {
        Assert.Matches(TwelveHour(), await LocalNowAsync("acme", "de-DE"));
        var globex = await LocalNowAsync("globex", "en-US");
        Assert.Matches(TwentyFourHour(), globex);
        Assert.DoesNotMatch(TwelveHour(), globex);
    }

    [Fact]
    public async Task The_portal_uses_the_visitors_browser_culture_and_else_the_tenants()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var carla = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers
            .Where(c => c.Email == "carla@example.com" && c.UserId != null).Select(c => c.Id).SingleAsync());
        var start = BookingTestData.Tomorrow.AddDays(5).AddHours(14);
        Assert.True((await app.InTenantAsync("acme", sp => sp.GetRequiredService<BookingLedger>().PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, carla, start)))).Succeeded);

        var tenants = await MyBookingsAsync("acme", "carla@example.com", null);
        Assert.Matches(EnglishDay(), tenants);
        Assert.Matches(TwelveHourInText(), tenants);

        var german = await MyBookingsAsync("acme", "carla@example.com", "de-DE,de;q=0.9,en;q=0.5");
        Assert.Matches(GermanDay(), german);
        Assert.DoesNotMatch(EnglishDay(), german);
        Assert.DoesNotMatch(TwelveHourInText(), german);
    }

    [Fact]
    public async Task The_host_sets_a_tenants_culture_and_a_bad_one_is_refused_and_changes_nothing()
    {
        var acme = await app.TenantIdAsync("acme");
        var details = await app.AdministerAsync((a, _) => a.GetAsync(acme));
        var settings = new UpdateTenant(details!.Name, details.Plan, details.Region, details.DefaultCurrency, details.TimeZone);

        var refused = await app.AdministerAsync((a, host) => a.UpdateAsync(acme, settings with { Culture = "xx-YY" }, host));
        Assert.False(refused.Succeeded);
        Assert.Contains(nameof(UpdateTenant.Culture), refused.Errors.Keys);
        Assert.Equal("en-US", (await app.AdministerAsync((a, _) => a.GetAsync(acme)))!.Culture);

        var saved = await app.AdministerAsync((a, host) => a.UpdateAsync(acme, settings with { Culture = "en-GB" }, host));
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.SelectMany(e => e.Value)));
        try
        {
            Assert.Matches(TwentyFourHour(), await LocalNowAsync("acme", "en-US")); // en-GB: a 24-hour clock from the next request on
        }
        finally
        {
            await app.AdministerAsync((a, host) => a.UpdateAsync(acme, settings with { Culture = "en-US" }, host));
        }
    }

    /// <summary>The "now" the dashboard shows beside the tenant's time zone, read by the tenant's admin.</summary>
    private async Task<string> LocalNowAsync(string slug, string browserLanguage)
    {
        using var client = await app.SignedInAsync($"http://{slug}.localhost/", $"admin@{slug}.test");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(browserLanguage);
        var page = await client.GetStringAsync("app");
        var now = NowCell().Match(page);
        Assert.True(now.Success, "The dashboard shows no local time.");
        return System.Net.WebUtility.HtmlDecode(now.Groups[1].Value);
    }

    private async Task<string> MyBookingsAsync(string slug, string email, string? browserLanguage)
    {
        using var client = await app.SignedInAsync($"http://{slug}.localhost/", email);
        if (browserLanguage is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(browserLanguage);
        }

        return System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("my/bookings"));
    }

    [GeneratedRegex(@"\(now ([^)<]+)\)")]
    private static partial Regex NowCell();

    [GeneratedRegex(@"\b\d{1,2}:\d{2}\s(AM|PM)$")]
    private static partial Regex TwelveHour();

    [GeneratedRegex(@"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}")]
    private static partial Regex EnglishDay();

    [GeneratedRegex(@"(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. \w+ \d{4}, \d{2}:\d{2}")]
    private static partial Regex GermanDay();

    [GeneratedRegex(@"\d{1,2}:\d{2}\s(AM|PM)")]
    private static partial Regex TwelveHourInText();

    [GeneratedRegex(@"\b\d{2}:\d{2}$")]
    private static partial Regex TwentyFourHour();
}
