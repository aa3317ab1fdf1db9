using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Platform.Core.Reporting;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Reporting;

/// <summary>The file formats a report exports to.</summary>
public enum ReportFormat
{
    Csv,
    Xlsx,
    Pdf,
}

/// <summary>One table of an export: a sheet of a workbook, or the whole of a CSV file.</summary>
public sealed record ReportTable(string Name, IReadOnlyList<ReportColumn> Columns, IEnumerable<object?[]> Rows)
{
    public static ReportTable Of(string name, ReportResult result) => new(name, result.Columns, result.Rows);
}

/// <summary>
/// Writes report tables as files, row by row, never holding a workbook in memory: CSV (RFC 4180, UTF-8 with a byte order
/// mark so that spreadsheet programs read accents) and Excel .xlsx with typed cells, one sheet per table, written with
/// the Open XML SDK's streaming writer.
/// </summary>
public static class ReportFiles
{
    public const string CsvType = "text/csv";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // The cell formats of the workbook's stylesheet, by index: Excel's built-in number formats, so that every program
    // shows them in the reader's own locale.
    private const uint HeaderStyle = 1;
    private const uint DateStyle = 2;
    private const uint CountStyle = 3;
    private const uint MoneyStyle = 4;
    private const uint RateStyle = 5;
    private const uint HoursStyle = 6;

    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Csv => CsvType,
        ReportFormat.Xlsx => XlsxType,
        _ => ReportPdf.ContentType,
    };

    public static string Extension(ReportFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>A file name made of the report's name: letters, digits, spaces, dashes and underscores.</summary>
    public static string FileName(string name, ReportFormat format)
    {
        var clean = new string([.. name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ' ? c : '-')]).Trim();
        return $"{(clean.Length == 0 ? "report" : clean)}.{Extension(format)}";
    }

    /// <summary>
    /// The result in <paramref name="format"/>: the PDF in the tenant's colours, with a line saying what it covers,
    /// written in <paramref name="culture"/>.
    /// </summary>
    public static async Task WriteAsync(Stream stream, ReportFormat format, ReportResult result, TenantInfo? tenant, CultureInfo culture, DateTimeOffset madeAt, CancellationToken ct = default)
    {
        switch (format)
        {
            case ReportFormat.Csv:
                await WriteCsvAsync(stream, ReportTable.Of(result.Title, result), ct);
                break;
            case ReportFormat.Xlsx:
                WriteXlsx(stream, [ReportTable.Of(result.Title, result)], ct);
                break;
            default:
                var zone = TimeZoneInfo.FindSystemTimeZoneById(result.TimeZone);
                var made = TimeZoneInfo.ConvertTime(madeAt, zone);
                var subtitle = string.Format(culture, "{0} · {1} – {2} ({3}) · made {4}{5}",
                    ReportCatalog.Find(result.Definition.Dataset)?.Label, result.From.ToString("d", culture), result.To.ToString("d", culture), result.TimeZone,
                    made.ToString("g", culture), result.OwnOnly ? " · your own calendar's figures" : "");
                var theme = tenant?.Theme ?? new TenantTheme();
                ReportPdf.Write(stream, result, subtitle, [theme.PrimaryColor, theme.SecondaryColor], culture, ct);
                break;
        }
    }

    /// <summary>
    /// The table as CSV: a header of the columns' labels, then one line per row, dates as yyyy-MM-dd and numbers with a
    /// dot, so that the file reads the same everywhere. A text cell that a spreadsheet would take for a formula (it starts
    /// with =, +, - or @) is written with a leading apostrophe, so that a customer's name cannot run in the reader's sheet.
    /// </summary>
    public static async Task WriteCsvAsync(Stream stream, ReportTable table, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', table.Columns.Select(c => Quote(c.Label))));
        foreach (var row in table.Rows)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(string.Join(',', row.Select(CsvCell)));
        }
    }

    /// <summary>The tables as one .xlsx workbook, one sheet each, the header row bold and frozen, every cell typed.</summary>
    public static void WriteXlsx(Stream stream, IReadOnlyList<ReportTable> tables, CancellationToken ct = default)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var sheets = new Sheets();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            var part = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(part, table, ct);
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = SheetName(table.Name, used) });
        }

        workbook.Workbook = new Workbook(sheets);
    }

    private static void WriteSheet(WorksheetPart part, ReportTable table, CancellationToken ct)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(new SheetView(new Pane
        {
            VerticalSplit = 1,
            TopLeftCell = "A2",
            ActivePane = PaneValues.BottomLeft,
            State = PaneStateValues.Frozen,
        })
        { WorkbookViewId = 0 }));
        writer.WriteElement(new Columns([.. table.Columns.Select((c, i) => new Column
        {
            Min = (uint)(i + 1),
            Max = (uint)(i + 1),
            Width = c.IsMeasure ? 16 : c.Kind == ReportFieldKind.Date ? 12 : 24,
            CustomWidth = true,
        })]));
        writer.WriteStartElement(new SheetData());

        writer.WriteStartElement(new Row());
        foreach (var column in table.Columns)
        {
            WriteText(writer, column.Label, HeaderStyle);
        }

        writer.WriteEndElement();
        foreach (var row in table.Rows)
        {
            ct.ThrowIfCancellationRequested();
            writer.WriteStartElement(new Row());
            for (var i = 0; i < row.Length; i++)
            {
                WriteCell(writer, row[i], table.Columns[i].Kind);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement(); // sheetData
        writer.WriteEndElement(); // worksheet
    }

    private static void WriteCell(OpenXmlWriter writer, object? value, ReportFieldKind kind)
    {
        switch (value)
        {
            case null:
                writer.WriteElement(new Cell());
                break;
            case DateOnly day:
                writer.WriteElement(new Cell { CellValue = new CellValue(day.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)), StyleIndex = DateStyle });
                break;
            case string text:
                WriteText(writer, text, 0);
                break;
            default:
                var number = Convert.ToString(value, CultureInfo.InvariantCulture)!;
                var style = kind switch
                {
                    ReportFieldKind.Money => MoneyStyle,
                    ReportFieldKind.Rate => RateStyle,
                    ReportFieldKind.Hours => HoursStyle,
                    _ => CountStyle,
                };
                writer.WriteElement(new Cell { DataType = CellValues.Number, CellValue = new CellValue(number), StyleIndex = style });
                break;
        }
    }

    /// <summary>Text as an inline string, so that no shared-string table grows in memory with the rows.</summary>
    private static void WriteText(OpenXmlWriter writer, string text, uint style) =>
        writer.WriteElement(new Cell(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
        {
            DataType = CellValues.InlineString,
            StyleIndex = style == 0 ? null : style,
        });

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 3, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 4, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 10, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 2, ApplyNumberFormat = true }));

    /// <summary>A sheet's name as Excel allows it: at most 31 characters, none of : \ / ? * [ ], unique in the workbook.</summary>
    private static string SheetName(string name, HashSet<string> used)
    {
        var clean = new string([.. name.Select(c => ":\\/?*[]".Contains(c) ? ' ' : c)]).Trim();
        clean = clean.Length == 0 ? "Report" : clean[..Math.Min(clean.Length, 31)];
        var candidate = clean;
        for (var n = 2; !used.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = clean[..Math.Min(clean.Length, 31 - suffix.Length)] + suffix;
        }

        return candidate;
    }

    private static string CsvCell(object? value) => value switch
    {
        null => "",
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string text => Quote(text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "'" + text : text),
        double number => number.ToString("0.####", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
