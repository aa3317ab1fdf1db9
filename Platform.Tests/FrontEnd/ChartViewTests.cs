using Bunit;
using Microsoft.JSInterop;
using Platform.Tests.Support;
using Platform.Web.Components.Shared.Charts;

namespace Platform.Tests.FrontEnd;

/// <summary>
/// The chart component (issue 15): it hands Chart.js the spec in the tenant's colours, draws again only when the spec
/// changes, shows the same figures as a table on request, and goes quietly when the circuit is gone.
/// </summary>
public sealed class ChartViewTests : IAsyncDisposable
{
    private readonly PlatformBunitContext _ctx = new();

    public ChartViewTests() => _ctx.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

    private static ChartSpec Week() => new(ChartKind.Line, ["Mon", "Tue", "Wed"], [new ChartSeries("Bookings", [3, 5, 1200])]);

    [Fact]
    public void The_chart_gets_the_spec_in_the_tenants_colours_and_is_drawn_again_only_when_the_spec_changes()
    {
        var module = _ctx.JSInterop.SetupModule("http://localhost/js/charts.js");
        var spec = Week();
        var chart = _ctx.Render<ChartView>(p => p.Add(c => c.Title, "Bookings per day").Add(c => c.Spec, spec));

        chart.WaitForAssertion(() => Assert.Single(module.Invocations, i => i.Identifier == "draw"));
        var sent = System.Text.Json.JsonSerializer.SerializeToElement(module.Invocations.Single(i => i.Identifier == "draw").Arguments[1], System.Text.Json.JsonSerializerOptions.Web);
        Assert.Equal("line", sent.GetProperty("kind").GetString());
        Assert.Equal(["Mon", "Tue", "Wed"], sent.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("#1565C0", sent.GetProperty("theme").GetProperty("colors")[0].GetString()!.ToUpperInvariant()[..7]);

        chart.Render(p => p.Add(c => c.Spec, spec));
        Assert.Single(module.Invocations, i => i.Identifier == "draw");
        chart.Render(p => p.Add(c => c.Spec, spec with { Kind = ChartKind.Bar }));
        chart.WaitForAssertion(() => Assert.Equal(2, module.Invocations.Count(i => i.Identifier == "draw")));
    }

    [Fact]
    public void Show_as_table_lists_the_same_figures_in_the_readers_culture_and_back()
    {
        _ctx.JSInterop.SetupModule("http://localhost/js/charts.js");
        var chart = _ctx.Render<ChartView>(p => p.Add(c => c.Title, "Bookings per day").Add(c => c.Spec, Week()).Add(c => c.LabelHeader, "Day"));

        chart.Find("[data-testid=chart-table-toggle]").Click();
        var rows = chart.FindAll("[data-testid=chart-table] tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["Wed", 1200.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)], rows[2]);
        Assert.Equal("Day", chart.Find("[data-testid=chart-table] thead th").TextContent);
        Assert.Equal("true", chart.Find("[data-testid=chart-table-toggle]").GetAttribute("aria-pressed"));

        chart.Find("[data-testid=chart-table-toggle]").Click();
        Assert.Empty(chart.FindAll("[data-testid=chart-table]"));
    }

    [Fact]
    public void An_empty_spec_says_so_and_draws_nothing_and_offers_no_table()
    {
        var module = _ctx.JSInterop.SetupModule("http://localhost/js/charts.js");
        var chart = _ctx.Render<ChartView>(p => p.Add(c => c.Title, "Bookings per day")
            .Add(c => c.Spec, new ChartSpec(ChartKind.Bar, [], []))
            .Add(c => c.EmptyText, "No bookings in this range."));

        Assert.Equal("No bookings in this range.", chart.Find("[data-testid=chart-empty]").TextContent);
        Assert.Empty(chart.FindAll("[data-testid=chart-table-toggle]")); // nothing to list either
        Assert.DoesNotContain(module.Invocations, i => i.Identifier == "draw");
    }

    [Fact]
    public async Task A_chart_whose_circuit_is_gone_is_disposed_without_an_error()
    {
        var module = _ctx.JSInterop.SetupModule("http://localhost/js/charts.js");
        module.SetupVoid("dispose").SetException(new JSDisconnectedException("gone"));
        var chart = _ctx.Render<ChartView>(p => p.Add(c => c.Title, "Bookings per day").Add(c => c.Spec, Week()));
        chart.WaitForAssertion(() => Assert.Single(module.Invocations, i => i.Identifier == "draw"));

        await chart.Instance.DisposeAsync();
        Assert.Single(module.Invocations, i => i.Identifier == "dispose");
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();
}
