using System.Globalization;
using Platform.Core.Common;
using Platform.Core.Reporting;

namespace Platform.Infrastructure.Reporting;

/// <summary>One named series of a report's chart, a value per label.</summary>
public sealed record ReportSeries(string Name, double[] Values);

/// <summary>What a report's chart draws: along the axis the labels, and the series; the same for the page and the PDF.</summary>
public sealed record ReportChart(ReportVisual Visual, IReadOnlyList<string> Labels, IReadOnlyList<ReportSeries> Series)
{
    public bool IsEmpty => Labels.Count == 0 || Series.All(s => s.Values.All(v => v == 0));
}

/// <summary>How a report's cells read in a culture, and the chart its rows make: shared by the page, the PDF and the mail.</summary>
public static class ReportCells
{
    /// <summary>
    /// A cell as the reader reads it: a day in their short date, a week by its first day, a month by its name, counts
    /// and hours in their number format, rates as percentages, money in the row's currency.
    /// </summary>
    public static string Cell(object? value, ReportColumn column, string? currency, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return value switch
        {
            null => "–",
            DateOnly day when column.Key == ReportFields.Month => day.ToString("MMMM yyyy", culture),
            DateOnly day when column.Key == ReportFields.Week => string.Format(culture, "Week of {0}", day.ToString("d", culture)),
            DateOnly day => day.ToString("d", culture),
            decimal amount when column.Kind == ReportFieldKind.Money && currency is { Length: 3 } => MoneyText.Format(new Money(amount, currency), culture),
            decimal amount => amount.ToString("N2", culture),
            double rate when column.Kind == ReportFieldKind.Rate => rate.ToString("P1", culture),
            double hours => hours.ToString("N1", culture),
            long count => count.ToString("N0", culture),
            _ => Convert.ToString(value, culture) ?? "",
        };
    }

    /// <summary>The currency of a row, when the report has a currency column.</summary>
    public static string? CurrencyOf(ReportResult result, object?[] row)
    {
        var index = result.Definition.Keys.ToList().IndexOf(ReportFields.Currency);
        return index >= 0 ? row[index] as string : null;
    }

    /// <summary>A measure as a number to draw: rates in percent, nothing as zero.</summary>
    public static double Number(object? value, ReportFieldKind kind) => value switch
    {
        long count => count,
        decimal amount => (double)amount,
        double rate when kind == ReportFieldKind.Rate => Math.Round(rate * 100, 1),
        double number => number,
        _ => 0,
    };

    /// <summary>
    /// The chart of a line, bar, stacked bar or doughnut report; null for a table or a heatmap. Along the axis the values
    /// of the first dimension in the rows' order; one series per measure, or, split by a second dimension, one per its
    /// value. Money is split by currency too, as it is never added across currencies; rates are drawn in percent.
    /// </summary>
    public static ReportChart? Chart(ReportResult result, CultureInfo? culture = null)
    {
        var definition = result.Definition;
        if (definition.Visual is ReportVisual.Table or ReportVisual.Heatmap || definition.Dimensions.Count == 0)
        {
            return null;
        }

        var axis = result.Columns[0];
        var labels = result.Rows.Select(r => Cell(r[0], axis, null, culture)).Distinct().ToList();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i);
        var keys = definition.Keys.Count;
        var split = definition.Dimensions.Count == 2 ? result.Columns[1] : null;
        var series = new Dictionary<string, double[]>();
        foreach (var row in result.Rows)
        {
            var currency = CurrencyOf(result, row);
            for (var m = 0; m < (split is null ? definition.Measures.Count : 1); m++)
            {
                var measure = result.Columns[keys + m];
                var name = split is null ? measure.Label : Cell(row[1], split, null, culture);
                if (measure.Kind == ReportFieldKind.Money && currency is not null)
                {
                    name += $" ({currency})";
                }

                if (!series.TryGetValue(name, out var values))
                {
                    series[name] = values = new double[labels.Count];
                }

                values[index[Cell(row[0], axis, null, culture)]] += Number(row[keys + m], measure.Kind);
            }
        }

        return new ReportChart(definition.Visual, labels, [.. series.Select(s => new ReportSeries(s.Key, s.Value))]);
    }

    /// <summary>A heatmap's grid: the first dimension down, the second across, the measure in the cells.</summary>
    public static (List<string> Rows, List<string> Columns, Dictionary<(string, string), double> Values) Heat(ReportResult result, CultureInfo? culture = null)
    {
        var keys = result.Definition.Keys.Count;
        var measure = result.Columns[keys];
        var values = new Dictionary<(string, string), double>();
        foreach (var row in result.Rows)
        {
            var key = (Cell(row[0], result.Columns[0], null, culture), Cell(row[1], result.Columns[1], null, culture));
            values[key] = values.GetValueOrDefault(key) + Number(row[keys], measure.Kind);
        }

        return ([.. values.Keys.Select(k => k.Item1).Distinct()], [.. values.Keys.Select(k => k.Item2).Distinct()], values);
    }
}
