using Bunit;
using MudBlazor;
using Platform.Core.Reporting;
using Platform.Infrastructure.Reporting;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Reports;

namespace Platform.Tests.FrontEnd;

/// <summary>
/// The report builder's form and the report view (issue 15): every choice makes the definition it says, the server's
/// problems show on the fields they concern, filters offer the business's own choices, and the view draws a heatmap and
/// formats money, rates and truncated results for the reader.
/// </summary>
public sealed class ReportBuilderTests : IAsyncDisposable
{
    private static readonly InsightsChoice Massage = new(Guid.Parse("0190aaaa-0000-7000-8000-0000000000a1"), "Massage");
    private static readonly InsightsChoice Checkup = new(Guid.Parse("0190aaaa-0000-7000-8000-0000000000a2"), "Check-up");

    private readonly PlatformBunitContext _ctx = new();

    public ReportBuilderTests()
    {
        _ctx.JSInterop.SetupModule("http://localhost/js/charts.js");
        _ctx.Render<MudPopoverProvider>();
    }

    private static ReportChoices Choices(params string[] currencies) =>
        new([ReportCatalog.Bookings, ReportCatalog.Customers], [Checkup, Massage], [], [], currencies, MaySave: true);

    private (IRenderedComponent<ReportBuilderForm> Form, List<ReportDefinition> Changes) Render(ReportDefinition definition, ReportChoices choices, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var changes = new List<ReportDefinition>();
        var form = _ctx.Render<ReportBuilderForm>(p => p
            .Add(f => f.Definition, definition)
            .Add(f => f.Choices, choices)
            .Add(f => f.Errors, errors)
            .Add(f => f.Today, new DateOnly(2031, 3, 9))
            .Add(f => f.DefinitionChanged, d => changes.Add(d)));
        return (form, changes);
    }

    private static IRenderedComponent<MudSelect<string>> Select(IRenderedComponent<ReportBuilderForm> form, string label) =>
        form.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == label);

    [Fact]
    public async Task Each_choice_makes_the_definition_it_says()
    {
        var start = ReportDefinition.Starter() with { Dimensions = ["week", "service", "status"], Sort = "status" };
        var (form, changes) = Render(start, Choices("USD"));

        // Another dataset starts from its own report over the same range.
        await form.InvokeAsync(() => Select(form, "Dataset").Instance.ValueChanged.InvokeAsync("customers"));
        Assert.Equal(ReportDefinitions.ToJson(ReportDefinition.Starter("customers")), ReportDefinitions.ToJson(changes[^1]));

        // Nothing in the second slot drops it and the slots after it, and a sort by a dropped dimension.
        await form.InvokeAsync(() => form.FindComponents<MudSelect<string>>().Where(s => s.Instance.Label == "Then by").First().Instance.ValueChanged.InvokeAsync(""));
        Assert.Equal(["week"], changes[^1].Dimensions);
        Assert.Null(changes[^1].Sort);

        // Measures keep the catalog's order, whatever order they were ticked in.
        await form.InvokeAsync(() => Select(form, "Measures").Instance.SelectedValuesChanged.InvokeAsync(["cancellationRate", "revenue", "bookings"]));
        Assert.Equal(["bookings", "revenue", "cancellationRate"], changes[^1].Measures);

        // A filter of no values is no filter.
        await form.InvokeAsync(() => Select(form, "Service").Instance.SelectedValuesChanged.InvokeAsync([Massage.Id.ToString()]));
        Assert.Equal([Massage.Id.ToString()], changes[^1].Filters["service"]);
        await form.InvokeAsync(() => Select(form, "Service").Instance.SelectedValuesChanged.InvokeAsync([]));
        Assert.False(changes[^1].Filters.ContainsKey("service"));

        // Chosen dates start from the preset's days.
        await form.InvokeAsync(() => Select(form, "Range").Instance.ValueChanged.InvokeAsync("custom"));
        Assert.Equal(new ReportRange(null, new DateOnly(2031, 2, 8), new DateOnly(2031, 3, 9)), changes[^1].Range);
    }

    [Fact]
    public void The_servers_problems_show_on_their_fields_and_filters_offer_the_business_choices()
    {
        var errors = new Dictionary<string, string[]>
        {
            ["dimensions[0]"] = ["There is no dimension \"secret\"."],
            ["filters.status[0]"] = ["\"lost\" is not a status."],
            ["visual"] = ["A doughnut shows one measure split by one dimension."],
            ["limit"] = ["Show 1 to 10,000 rows."],
        };
        var (form, _) = Render(ReportDefinition.Starter() with { Filters = new Dictionary<string, IReadOnlyList<string>> { ["status"] = ["confirmed"] } }, Choices("USD"), errors);

        foreach (var message in errors.Values.SelectMany(m => m))
        {
            Assert.Contains(message, form.Markup, StringComparison.Ordinal);
        }

        Assert.Contains("mud-input-error", Select(form, "Status").Markup, StringComparison.Ordinal);
        Assert.Contains("mud-input-error", Select(form, "Group by").Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-input-error", Select(form, "Service").Markup, StringComparison.Ordinal);

        // One currency is no choice; two are.
        Assert.DoesNotContain(form.FindComponents<MudSelect<string>>(), s => s.Instance.Label == "Currency");
        var (two, _) = Render(ReportDefinition.Starter(), Choices("EUR", "USD"));
        Assert.Contains(two.FindComponents<MudSelect<string>>(), s => s.Instance.Label == "Currency");
    }

    [Fact]
    public void The_view_draws_a_heatmap_and_formats_money_rates_and_a_truncated_result()
    {
        var definition = ReportDefinition.Starter() with { Dimensions = ["weekday", "hour"], Measures = ["bookings", "revenue", "cancellationRate"], Visual = ReportVisual.Table };
        var heat = definition with { Measures = ["bookings"], Visual = ReportVisual.Heatmap };
        ReportColumn Dim(string key, string label) => new(key, label, ReportFieldKind.Text, false);
        var result = new ReportResult(definition, "America/New_York", new DateOnly(2031, 3, 1), new DateOnly(2031, 3, 9), false,
            [Dim("weekday", "Weekday"), Dim("hour", "Hour"), Dim("currency", "Currency"), new("bookings", "Bookings", ReportFieldKind.Count, true),
                new("revenue", "Revenue", ReportFieldKind.Money, true), new("cancellationRate", "Cancellation rate", ReportFieldKind.Rate, true)],
            [["Monday", "9:00 AM", "USD", 12L, 1234.5m, 0.25], ["Tuesday", "10:00 AM", "EUR", 3L, 80m, null]],
            TotalRows: 40);

        var table = _ctx.Render<ReportView>(p => p.Add(v => v.Result, result));
        var cells = table.FindAll("[data-testid=report-table] tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        Assert.Equal(["Monday", "9:00 AM", "USD", "12", Platform.Core.Common.MoneyText.Format(new Platform.Core.Common.Money(1234.5m, "USD")), 0.25.ToString("P1", culture)], cells[0]);
        Assert.Equal("–", cells[1][5]);
        Assert.Contains("The first 2 of 40 rows", table.Find("[data-testid=report-footnote]").TextContent, StringComparison.Ordinal);

        var map = _ctx.Render<ReportView>(p => p.Add(v => v.Result, result with
        {
            Definition = heat,
            Columns = [Dim("weekday", "Weekday"), Dim("hour", "Hour"), new("bookings", "Bookings", ReportFieldKind.Count, true)],
            Rows = [["Monday", "9:00 AM", 12L], ["Monday", "10:00 AM", 6L], ["Tuesday", "9:00 AM", 3L]],
            TotalRows = 3,
        }));
        var grid = map.Find("[data-testid=report-heatmap] table");
        Assert.Equal(["9:00 AM", "10:00 AM"], grid.QuerySelectorAll("thead th").Skip(1).Select(h => h.TextContent.Trim()));
        Assert.Equal(["12", "6"], grid.QuerySelectorAll("tbody tr")[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()));
        Assert.Contains("pf-heatmap-strong", grid.QuerySelectorAll("tbody tr")[0].QuerySelectorAll("td")[0].ClassName, StringComparison.Ordinal);
        Assert.Equal("", grid.QuerySelectorAll("tbody tr")[1].QuerySelectorAll("td")[1].TextContent.Trim());
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();
}
