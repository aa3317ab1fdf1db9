using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Reporting;
using Platform.Tests.Support;

namespace Platform.Tests.Reporting;

/// <summary>
/// Insights in a real browser over the demo's six weeks of history: a manager changes the range, narrows it to one
/// service, groups by week and reads a chart as a table, and every figure on the page is the database's; a staff member
/// sees their own calendar; the other business in dark, on a phone.
/// </summary>
public sealed class InsightsBrowserTests(InsightsBrowserTests.App app) : IClassFixture<InsightsBrowserTests.App>, IAsyncLifetime
{
    public sealed class App() : KestrelAppFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Seed:DemoBookings"] = "true" };
    }

    private readonly BrowserFixture _browser = new();

    public async Task InitializeAsync()
    {
        await _browser.InitializeAsync();

        // As the keeper does a minute after start: the demo's history was written straight into the table.
        foreach (var slug in new[] { "acme", "globex" })
        {
            await app.InTenantAsync(slug, async sp =>
            {
                await sp.GetRequiredService<RollupBuilder>().RebuildAsync();
                return 0;
            });
        }
    }

    public Task DisposeAsync() => _browser.DisposeAsync();

    /// <summary>Bookings starting in the last <paramref name="days"/> local days up to today, not rejected, straight from the table.</summary>
    private Task<int> CountAsync(string slug, int days, Guid? service = null) => app.InTenantAsync(slug, async sp =>
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(slug == "acme" ? "America/New_York" : "Europe/Berlin");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        var from = LocalDays.StartUtc(today.AddDays(1 - days), zone);
        var to = LocalDays.StartUtc(today.AddDays(1), zone);
        return await sp.GetRequiredService<PlatformDbContext>().Bookings
            .CountAsync(b => b.StartUtc >= from && b.StartUtc < to && b.Status != BookingStatus.Rejected && (service == null || b.ServiceId == service));
    });

    private static ILocator Kpi(IPage page, string id) => page.Locator($"[data-testid=kpi-{id}]");

    [Fact]
    public async Task A_manager_changes_the_range_narrows_to_a_service_groups_by_week_and_reads_the_database_figures()
    {
        var page = await _browser.SignedInPageAsync(app.TenantUri("acme"), "manager@acme.test", 1366, 900);
        await BrowserFixture.RunAsync(page, nameof(A_manager_changes_the_range_narrows_to_a_service_groups_by_week_and_reads_the_database_figures), async () =>
        {
            await page.GotoAsync(new Uri(app.TenantUri("acme"), "app/insights").ToString());
            await Assertions.Expect(Kpi(page, "bookings")).ToHaveAttributeAsync("data-value", (await CountAsync("acme", 30)).ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=heatmap] td[data-count]").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=insights-filters][data-interactive=true]")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "insights-acme-1366");

            // Ninety days: the address says so, and the figure follows.
            await page.Locator("[data-testid=insights-presets] >> text=90 days").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("range=90d"));
            await Assertions.Expect(Kpi(page, "bookings")).ToHaveAttributeAsync("data-value", (await CountAsync("acme", 90)).ToString(CultureInfo.InvariantCulture));

            // One service.
            var (serviceId, serviceName) = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Services.OrderBy(s => s.Name)
                .Select(s => new ValueTuple<Guid, string>(s.Id, s.Name)).FirstAsync());
            await page.Locator("[data-testid=insights-service]").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = serviceName }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"service={serviceId}"));
            await Assertions.Expect(Kpi(page, "bookings")).ToHaveAttributeAsync("data-value", (await CountAsync("acme", 90, serviceId)).ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=insights-clear]")).ToBeVisibleAsync();

            // By week, read as a table: the weeks' booked and cancelled add up to the bookings.
            await page.Locator("[data-testid=insights-bucket] >> text=Week").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("by=week"));
            var trend = page.Locator("figure.pf-chart", new() { HasText = "Bookings per week" });
            await trend.Locator("[data-testid=chart-table-toggle]").ClickAsync();
            var cells = await trend.Locator("[data-testid=chart-table] tbody td").AllInnerTextsAsync();
            var total = cells.Sum(c => int.Parse(c, NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("en-US")));
            var bookings = int.Parse(await Kpi(page, "bookings").GetAttributeAsync("data-value") ?? "", CultureInfo.InvariantCulture);
            Assert.Equal(bookings, total);
            await BrowserFixture.SaveScreenshotAsync(page, "insights-acme-service-week-1366");

            // Filters cleared; a phone.
            await page.Locator("[data-testid=insights-clear]").ClickAsync();
            await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("service="));
            await page.SetViewportSizeAsync(390, 844);
            await Assertions.Expect(Kpi(page, "utilisation")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "insights-acme-390");
        });
    }

    [Fact]
    public async Task Staff_see_their_own_calendar_and_the_other_business_sees_its_own_in_dark()
    {
        var sam = await _browser.SignedInPageAsync(app.TenantUri("acme"), "sam@acme.test", 1366, 900);
        await BrowserFixture.RunAsync(sam, nameof(Staff_see_their_own_calendar_and_the_other_business_sees_its_own_in_dark), async () =>
        {
            await sam.GotoAsync(new Uri(app.TenantUri("acme"), "app/insights").ToString());
            await Assertions.Expect(sam.GetByText("How your calendar is doing, against the period before.")).ToBeVisibleAsync();
            await Assertions.Expect(sam.Locator("[data-testid=insights-provider]")).ToHaveCountAsync(0);
            var own = int.Parse(await Kpi(sam, "bookings").GetAttributeAsync("data-value") ?? "", CultureInfo.InvariantCulture);
            Assert.InRange(own, 1, (await CountAsync("acme", 30)) - 1);
            await BrowserFixture.SaveScreenshotAsync(sam, "insights-acme-staff-1366");
        });

        var greta = await _browser.SignedInPageAsync(app.TenantUri("globex"), "manager@globex.test", 1366, 900);
        await BrowserFixture.RunAsync(greta, nameof(Staff_see_their_own_calendar_and_the_other_business_sees_its_own_in_dark), async () =>
        {
            await greta.GotoAsync(new Uri(app.TenantUri("globex"), "app/insights?range=90d&by=month").ToString());
            await Assertions.Expect(Kpi(greta, "bookings")).ToHaveAttributeAsync("data-value", (await CountAsync("globex", 90)).ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(greta.Locator("figure.pf-chart", new() { HasText = "Bookings per month" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(greta, "insights-globex-1366");
            await greta.SetViewportSizeAsync(390, 844);
            await BrowserFixture.SaveScreenshotAsync(greta, "insights-globex-390");
        });
    }

    [Fact]
    public async Task A_manager_builds_a_report_saves_it_and_exports_it_to_excel_pdf_and_csv_with_the_database_figures()
    {
        var page = await _browser.SignedInPageAsync(app.TenantUri("acme"), "manager@acme.test", 1366, 900);
        await BrowserFixture.RunAsync(page, nameof(A_manager_builds_a_report_saves_it_and_exports_it_to_excel_pdf_and_csv_with_the_database_figures), async () =>
        {
            await page.GotoAsync(new Uri(app.TenantUri("acme"), "app/insights").ToString());
            await Assertions.Expect(Kpi(page, "bookings")).ToHaveAttributeAsync("data-value", (await CountAsync("acme", 30)).ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=heatmap] td[data-count]").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=insights-filters][data-interactive=true]")).ToBeVisibleAsync();
            await page.Locator("[data-testid=insights-presets] >> text=90 days").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("range=90d"));
            await Assertions.Expect(Kpi(page, "bookings")).ToHaveAttributeAsync("data-value", (await CountAsync("acme", 90)).ToString(CultureInfo.InvariantCulture));

            // From the menu to an empty list, and a new report.
            await page.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=reports-empty]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
            await page.Locator("[data-testid=report-new]").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/app/reports/new$"));
            await Assertions.Expect(page.Locator("[data-testid=report-form]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=report-table]")).ToBeVisibleAsync();

            async Task ChooseAsync(string select, string item)
            {
                await page.Locator($"[data-testid={select}]").ClickAsync();
                await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = item }).First.ClickAsync();
            }

            await page.GetByLabel("Name").FillAsync("Bookings by service");
            await ChooseAsync("report-range", "Last 90 days");
            await ChooseAsync("report-dimension-0", "Service");
            await ChooseAsync("report-measures", "Revenue");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(page.Locator("[data-testid=report-table] th", new() { HasText = "Revenue" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=report-preview] [data-testid=chart]")).ToHaveAttributeAsync("data-kind", "Bar");
            await BrowserFixture.SaveScreenshotAsync(page, "report-builder-acme-1366");

            // A doughnut cannot show two measures: the field says so, and nothing is saved.
            await ChooseAsync("report-visual", "Doughnut");
            await Assertions.Expect(page.Locator("[data-testid=report-form]")).ToContainTextAsync("A doughnut shows one measure split by one dimension.");
            await page.Locator("[data-testid=report-save]").ClickAsync();
            await Assertions.Expect(page.GetByText("Not saved: put right the fields marked in red.")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "report-builder-error-acme-1366");
            Assert.Equal(0, await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().SavedReports.CountAsync()));
            await ChooseAsync("report-visual", "Bar");
            await Assertions.Expect(page.Locator("[data-testid=report-preview-blocked]")).ToHaveCountAsync(0);
            await page.Locator("[data-testid=report-save]").ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/app/reports/[0-9a-f-]{36}$"));
            await Assertions.Expect(page.Locator("h1", new() { HasText = "Bookings by service" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=report-table]")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "report-page-acme-1366");

            // What the database says: bookings per service starting in the last ninety local days, not rejected.
            var expected = await app.InTenantAsync("acme", async sp =>
            {
                var db = sp.GetRequiredService<PlatformDbContext>();
                var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
                var from = LocalDays.StartUtc(today.AddDays(-89), zone);
                var to = LocalDays.StartUtc(today.AddDays(1), zone);
                var names = await db.Services.ToDictionaryAsync(s => s.Id, s => s.Name);
                return (await db.Bookings.Where(b => b.StartUtc >= from && b.StartUtc < to && b.Status != BookingStatus.Rejected).Select(b => b.ServiceId).ToListAsync())
                    .GroupBy(id => names[id]).ToDictionary(g => g.Key, g => g.Count());
            });

            // Each export is made in the background: the exports page follows it until its file is ready.
            var reportUrl = page.Url;
            async Task<byte[]> ExportAsync(string format)
            {
                await page.GotoAsync(page.Url.Contains("/exports", StringComparison.Ordinal) ? reportUrl : page.Url);
                await Assertions.Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
                await page.Locator("[data-testid=report-export]").ClickAsync();
                await page.Locator($".mud-popover-open [data-format={format}]").ClickAsync();
                await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/app/reports/exports$"));
                await Assertions.Expect(page.Locator("[data-status]").First).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 30_000 });
                var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("tbody tr").First.Locator("[data-testid=export-download]").ClickAsync());
                Assert.EndsWith("." + format, download.SuggestedFilename, StringComparison.Ordinal);
                return await File.ReadAllBytesAsync(await download.PathAsync());
            }

            var sheet = ReportTests.ReadSheet(await ExportAsync("xlsx"));
            Assert.Equal(["Service", "Currency", "Bookings", "Revenue"], sheet[0]);
            Assert.Equal(expected, sheet.Skip(1).GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.Sum(r => int.Parse(r[2], CultureInfo.InvariantCulture))));
            await BrowserFixture.SaveScreenshotAsync(page, "report-exports-acme-1366");

            var text = ReportTests.PdfText(await ExportAsync("pdf"));
            foreach (var (service, count) in expected)
            {
                Assert.Contains($"{service} USD {count}", text, StringComparison.Ordinal);
            }

            var lines = System.Text.Encoding.UTF8.GetString(await ExportAsync("csv")).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(expected.Count + 1, lines.Length);

            // Sent by e-mail every Monday: a time that is no time is named on its field; then it is scheduled.
            await page.GotoAsync(reportUrl);
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
            await page.GetByLabel("At (HH:mm)").FillAsync("25:00");
            await ChooseAsync("schedule-recipients", "Mark Manager");
            await page.Keyboard.PressAsync("Escape");
            await page.Locator("[data-testid=schedule-add]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=report-schedules]")).ToContainTextAsync("Enter a time of day as HH:mm");
            await page.GetByLabel("At (HH:mm)").FillAsync("07:30");
            await page.Locator("[data-testid=schedule-add]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-schedule]")).ToContainTextAsync("Every Monday at 7:30 AM to Mark Manager");
            await BrowserFixture.SaveScreenshotAsync(page, "report-schedule-acme-1366");

            // The list has it now; on a phone too.
            await page.GotoAsync(new Uri(app.TenantUri("acme"), "app/reports").ToString());
            await Assertions.Expect(page.Locator("[data-report-row]", new() { HasText = "Bookings by service" })).ToBeVisibleAsync();
            await page.SetViewportSizeAsync(390, 844);
            await BrowserFixture.SaveScreenshotAsync(page, "reports-acme-390");
        });
    }
}
