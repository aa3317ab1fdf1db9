using Platform.Core.Reporting;
using Platform.Infrastructure.Reporting;
using Platform.Web.Components.Shared.Charts;

namespace Platform.Web.Components.Pages.App.Reports;

/// <summary>A row of a report's table: its cells, and its currency when the report has a currency column.</summary>
public sealed record ReportRowView(object?[] Cells, string? Currency);

/// <summary>How a report's choices read, and its chart as the chart component takes it.</summary>
public static class ReportText
{
    public static string Visual(ReportVisual visual) => visual switch
    {
        ReportVisual.StackedBar => "Stacked bar",
        _ => visual.ToString(),
    };

    public static string Sharing(ReportSharing sharing) => sharing switch
    {
        ReportSharing.Managers => "Managers and admins",
        ReportSharing.Team => "The whole team",
        _ => "Only me",
    };

    public static string Dataset(string key) => ReportCatalog.Find(key)?.Label ?? key;

    /// <summary>The chart of a line, bar, stacked bar or doughnut report (<see cref="ReportCells.Chart"/>) as the chart component draws it.</summary>
    public static ChartSpec? Spec(ReportResult result) => ReportCells.Chart(result) is { } chart
        ? new ChartSpec(
            chart.Visual switch
            {
                ReportVisual.Line => ChartKind.Line,
                ReportVisual.StackedBar => ChartKind.StackedBar,
                ReportVisual.Doughnut => ChartKind.Doughnut,
                _ => ChartKind.Bar,
            },
            chart.Labels,
            [.. chart.Series.Select(s => new ChartSeries(s.Name, s.Values))])
        : null;
}
