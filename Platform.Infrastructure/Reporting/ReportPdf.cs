using System.Globalization;
using System.Reflection;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using Platform.Core.Reporting;

namespace Platform.Infrastructure.Reporting;

/// <summary>
/// A report as a PDF, drawn on the server with PDFsharp (a scheduled report has no browser): a heading, the chart or
/// heatmap in the tenant's colours, and the table over as many A4 pages as it needs, its header repeated on each, every
/// page numbered. The fonts are DejaVu Sans, shipped in the assembly, so that every node draws the same letters.
/// </summary>
public static class ReportPdf
{
    public const string ContentType = "application/pdf";

    private const string Family = "DejaVu Sans";
    private const double Margin = 40;
    private const double RowHeight = 15;
    private static readonly Lock FontsLock = new();

    /// <summary>Writes <paramref name="result"/> as a PDF to <paramref name="stream"/>.</summary>
    /// <param name="colors">The tenant's colours as #rrggbb, the first for the first series.</param>
    public static void Write(Stream stream, ReportResult result, string subtitle, IReadOnlyList<string> colors, CultureInfo culture, CancellationToken ct = default)
    {
        UseEmbeddedFonts();
        var palette = Palette(colors);
        var document = new PdfDocument();
        document.Info.Title = result.Title;
        document.Info.Creator = "Platform";
        var title = new XFont(Family, 18, XFontStyleEx.Bold);
        var small = new XFont(Family, 8.5, XFontStyleEx.Regular);
        var body = new XFont(Family, 9, XFontStyleEx.Regular);
        var bold = new XFont(Family, 9, XFontStyleEx.Bold);

        var pages = new List<PdfPage>();
        PdfPage NewPage()
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            pages.Add(page);
            return page;
        }

        var first = NewPage();
        var width = first.Width.Point - 2 * Margin;
        var bottom = first.Height.Point - Margin - 20;
        var gfx = XGraphics.FromPdfPage(first);
        var y = Margin;
        gfx.DrawString(result.Title, title, XBrushes.Black, new XRect(Margin, y, width, 24), XStringFormats.TopLeft);
        y += 28;
        gfx.DrawString(Fit(gfx, subtitle, small, width), small, XBrushes.DimGray, new XRect(Margin, y, width, 12), XStringFormats.TopLeft);
        y += 22;

        if (result.Rows.Count > 0 && ReportCells.Chart(result, culture) is { IsEmpty: false } chart)
        {
            var area = new XRect(Margin, y, width, 230);
            DrawChart(gfx, chart, area, palette, small, culture);
            y = area.Bottom + 18;
        }
        else if (result.Rows.Count > 0 && result.Definition.Visual == ReportVisual.Heatmap && result.Definition.Dimensions.Count == 2)
        {
            y = DrawHeatmap(gfx, ReportCells.Heat(result, culture), new XRect(Margin, y, width, 0), palette[0], small) + 18;
        }

        // The table: dimensions wider than measures; long text cut to its cell.
        var columns = result.Columns;
        var weights = columns.Select(c => c.IsMeasure ? 1.0 : 1.7).ToArray();
        var widths = weights.Select(w => w / weights.Sum() * width).ToArray();
        void Header()
        {
            var x = Margin;
            for (var i = 0; i < columns.Count; i++)
            {
                var text = Fit(gfx, columns[i].Label, bold, widths[i] - 6);
                gfx.DrawString(text, bold, XBrushes.Black, new XRect(x + 3, y, widths[i] - 6, RowHeight), columns[i].IsMeasure ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
                x += widths[i];
            }

            y += RowHeight;
            gfx.DrawLine(new XPen(XColors.Gray, 0.75), Margin, y, Margin + width, y);
            y += 2;
        }

        if (result.Rows.Count == 0)
        {
            gfx.DrawString("No rows for this choice.", body, XBrushes.DimGray, new XRect(Margin, y, width, RowHeight), XStringFormats.CenterLeft);
        }
        else
        {
            if (y + 2 * RowHeight > bottom)
            {
                gfx.Dispose();
                gfx = XGraphics.FromPdfPage(NewPage());
                y = Margin;
            }

            Header();
            var stripe = new XSolidBrush(XColor.FromArgb(12, 0, 0, 0));
            for (var r = 0; r < result.Rows.Count; r++)
            {
                ct.ThrowIfCancellationRequested();
                if (y + RowHeight > bottom)
                {
                    gfx.Dispose();
                    gfx = XGraphics.FromPdfPage(NewPage());
                    y = Margin;
                    Header();
                }

                var row = result.Rows[r];
                if (r % 2 == 1)
                {
                    gfx.DrawRectangle(stripe, Margin, y, width, RowHeight);
                }

                var currency = ReportCells.CurrencyOf(result, row);
                var x = Margin;
                for (var i = 0; i < columns.Count; i++)
                {
                    var text = Fit(gfx, ReportCells.Cell(row[i], columns[i], currency, culture), body, widths[i] - 6);
                    gfx.DrawString(text, body, XBrushes.Black, new XRect(x + 3, y, widths[i] - 6, RowHeight), columns[i].IsMeasure ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
                    x += widths[i];
                }

                y += RowHeight;
            }

            if (result.Truncated)
            {
                y += 4;
                gfx.DrawString(string.Format(culture, "The first {0:N0} of {1:N0} rows.", result.Rows.Count, result.TotalRows), small, XBrushes.DimGray,
                    new XRect(Margin, y, width, 12), XStringFormats.TopLeft);
            }
        }

        gfx.Dispose();

        // Every page numbered, once the count is known.
        for (var p = 0; p < pages.Count; p++)
        {
            using var footer = XGraphics.FromPdfPage(pages[p], XGraphicsPdfPageOptions.Append);
            footer.DrawString(string.Format(culture, "{0} · page {1} of {2}", result.Title, p + 1, pages.Count), small, XBrushes.DimGray,
                new XRect(Margin, pages[p].Height.Point - Margin, width, 12), XStringFormats.TopCenter);
        }

        document.Save(stream, closeStream: false);
    }

    private static void DrawChart(XGraphics gfx, ReportChart chart, XRect area, List<XColor> palette, XFont font, CultureInfo culture)
    {
        // The legend along the top.
        var x = area.Left;
        for (var s = 0; s < chart.Series.Count && chart.Visual != ReportVisual.Doughnut; s++)
        {
            var name = chart.Series[s].Name;
            var w = gfx.MeasureString(name, font).Width;
            if (x + w + 18 > area.Right)
            {
                break;
            }

            gfx.DrawRectangle(new XSolidBrush(palette[s % palette.Count]), x, area.Top + 2, 10, 8);
            gfx.DrawString(name, font, XBrushes.Black, x + 13, area.Top + 9);
            x += w + 24;
        }

        if (chart.Visual == ReportVisual.Doughnut)
        {
            DrawDoughnut(gfx, chart, area, palette, font, culture);
            return;
        }

        var plot = new XRect(area.Left + 44, area.Top + 20, area.Width - 48, area.Height - 48);
        var stacked = chart.Visual == ReportVisual.StackedBar;
        var max = chart.Labels.Count == 0 ? 0 : Enumerable.Range(0, chart.Labels.Count)
            .Max(i => stacked ? chart.Series.Sum(s => Math.Max(0, s.Values[i])) : chart.Series.Max(s => s.Values[i]));
        var top = NiceCeiling(max);
        var grid = new XPen(XColor.FromArgb(40, 0, 0, 0), 0.5);
        for (var t = 0; t <= 4; t++)
        {
            var value = top * t / 4;
            var gy = plot.Bottom - plot.Height * t / 4;
            gfx.DrawLine(grid, plot.Left, gy, plot.Right, gy);
            gfx.DrawString(value.ToString(value % 1 == 0 ? "N0" : "N1", culture), font, XBrushes.DimGray, new XRect(area.Left, gy - 6, 40, 12), XStringFormats.CenterRight);
        }

        var slot = plot.Width / Math.Max(1, chart.Labels.Count);
        var every = Math.Max(1, (int)Math.Ceiling(chart.Labels.Count * 60 / plot.Width));
        for (var i = 0; i < chart.Labels.Count; i++)
        {
            if (i % every == 0)
            {
                gfx.DrawString(Fit(gfx, chart.Labels[i], font, slot * every - 4), font, XBrushes.Black, new XRect(plot.Left + i * slot - slot * (every - 1) / 2, plot.Bottom + 3, slot * every, 12), XStringFormats.TopCenter);
            }
        }

        double Y(double v) => top <= 0 ? plot.Bottom : plot.Bottom - plot.Height * v / top;
        if (chart.Visual == ReportVisual.Line)
        {
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var pen = new XPen(palette[s % palette.Count], 1.5);
                var points = chart.Series[s].Values.Select((v, i) => new XPoint(plot.Left + (i + 0.5) * slot, Y(v))).ToArray();
                if (points.Length > 1)
                {
                    gfx.DrawLines(pen, points);
                }

                foreach (var p in points)
                {
                    gfx.DrawEllipse(new XSolidBrush(palette[s % palette.Count]), p.X - 1.8, p.Y - 1.8, 3.6, 3.6);
                }
            }

            return;
        }

        var bars = stacked ? 1 : chart.Series.Count;
        var barWidth = Math.Max(1, slot * 0.75 / bars);
        for (var i = 0; i < chart.Labels.Count; i++)
        {
            var baseline = 0.0;
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var v = Math.Max(0, chart.Series[s].Values[i]);
                var left = plot.Left + i * slot + slot * 0.125 + (stacked ? 0 : s * barWidth);
                var from = Y(baseline + (stacked ? v : 0));
                var to = Y(stacked ? baseline : 0);
                gfx.DrawRectangle(new XSolidBrush(palette[s % palette.Count]), left, from, barWidth - (stacked ? 0 : 1), Math.Max(0, to - from));
                baseline += stacked ? v : 0;
            }
        }
    }

    private static void DrawDoughnut(XGraphics gfx, ReportChart chart, XRect area, List<XColor> palette, XFont font, CultureInfo culture)
    {
        var values = chart.Series[0].Values;
        var total = values.Where(v => v > 0).Sum();
        var size = Math.Min(area.Height - 10, area.Width / 2);
        var circle = new XRect(area.Left + 10, area.Top + 5, size, size);
        var angle = -90.0;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] <= 0 || total <= 0)
            {
                continue;
            }

            var sweep = 360 * values[i] / total;
            gfx.DrawPie(new XSolidBrush(palette[i % palette.Count]), circle, angle, sweep);
            angle += sweep;
        }

        var hole = size * 0.55;
        gfx.DrawEllipse(XBrushes.White, circle.Left + (size - hole) / 2, circle.Top + (size - hole) / 2, hole, hole);
        var y = area.Top + 10;
        for (var i = 0; i < values.Length && y < area.Bottom; i++, y += 14)
        {
            gfx.DrawRectangle(new XSolidBrush(palette[i % palette.Count]), circle.Right + 20, y, 10, 8);
            var share = total <= 0 ? 0 : values[i] / total;
            gfx.DrawString(Fit(gfx, $"{chart.Labels[i]}: {values[i].ToString("N0", culture)} ({share.ToString("P0", culture)})", font, area.Right - circle.Right - 36), font,
                XBrushes.Black, circle.Right + 34, y + 7);
        }
    }

    /// <summary>The heatmap as a grid of shaded cells with their numbers; returns where it ends.</summary>
    private static double DrawHeatmap(XGraphics gfx, (List<string> Rows, List<string> Columns, Dictionary<(string, string), double> Values) heat, XRect area, XColor color, XFont font)
    {
        var max = heat.Values.Count == 0 ? 0 : heat.Values.Values.Max();
        var label = 90.0;
        var cell = Math.Min(40, (area.Width - label) / Math.Max(1, heat.Columns.Count));
        var y = area.Top;
        for (var c = 0; c < heat.Columns.Count; c++)
        {
            gfx.DrawString(Fit(gfx, heat.Columns[c], font, cell - 2), font, XBrushes.Black, new XRect(area.Left + label + c * cell, y, cell, 12), XStringFormats.Center);
        }

        y += 14;
        foreach (var row in heat.Rows.Take(30))
        {
            gfx.DrawString(Fit(gfx, row, font, label - 4), font, XBrushes.Black, new XRect(area.Left, y, label - 4, 14), XStringFormats.CenterLeft);
            for (var c = 0; c < heat.Columns.Count; c++)
            {
                var value = heat.Values.GetValueOrDefault((row, heat.Columns[c]));
                var share = max <= 0 ? 0 : value / max;
                gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb((int)(share * 230), color)), area.Left + label + c * cell, y, cell - 1, 13);
                if (value != 0)
                {
                    gfx.DrawString(value.ToString("N0", CultureInfo.CurrentCulture), font, share > 0.55 ? XBrushes.White : XBrushes.Black,
                        new XRect(area.Left + label + c * cell, y, cell - 1, 13), XStringFormats.Center);
                }
            }

            y += 14;
        }

        return y;
    }

    /// <summary>A round number at or above <paramref name="max"/> for the top of the axis: 1, 2, 2.5 or 5 times a power of ten.</summary>
    private static double NiceCeiling(double max)
    {
        if (max <= 0)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(max)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * power).First(v => v >= max);
    }

    /// <summary>The text cut with an ellipsis to fit <paramref name="width"/>.</summary>
    private static string Fit(XGraphics gfx, string text, XFont font, double width)
    {
        if (width <= 0 || gfx.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var cut = text;
        while (cut.Length > 1 && gfx.MeasureString(cut + "…", font).Width > width)
        {
            cut = cut[..^1];
        }

        return cut + "…";
    }

    private static List<XColor> Palette(IReadOnlyList<string> colors)
    {
        var parsed = colors.Select(c => XColor.FromArgb(int.Parse(c.TrimStart('#'), NumberStyles.HexNumber, CultureInfo.InvariantCulture) | unchecked((int)0xFF000000))).ToList();
        if (parsed.Count == 0)
        {
            parsed.Add(XColors.SteelBlue);
        }

        // Lighter shades of the tenant's colours after them, for reports with many series.
        var shades = parsed.Select(c => XColor.FromArgb(255, (c.R + 255) / 2, (c.G + 255) / 2, (c.B + 255) / 2)).ToList();
        var darker = parsed.Select(c => XColor.FromArgb(255, c.R * 2 / 3, c.G * 2 / 3, c.B * 2 / 3)).ToList();
        return [.. parsed, .. shades, .. darker];
    }

    private static void UseEmbeddedFonts()
    {
        lock (FontsLock)
        {
            GlobalFontSettings.FontResolver ??= new EmbeddedFonts();
        }
    }

    /// <summary>DejaVu Sans, regular and bold, from the assembly's resources, for whatever family a drawing asks for.</summary>
    private sealed class EmbeddedFonts : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans", mustSimulateBold: false, mustSimulateItalic: italic);

        public byte[]? GetFont(string faceName)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Platform.Fonts.{faceName}.ttf");
            if (stream is null)
            {
                return null;
            }

            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
