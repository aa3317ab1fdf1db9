using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Core.Bookings;
using Platform.Core.Common;

namespace Platform.Core.Reporting;

/// <summary>How a report draws its rows.</summary>
public enum ReportVisual
{
    Table,
    Line,
    Bar,
    StackedBar,
    Doughnut,
    Heatmap,
}

/// <summary>What a column holds, which decides how it is formatted and typed in a spreadsheet.</summary>
public enum ReportFieldKind
{
    Text,
    Count,
    Hours,
    Rate,
    Money,
    Date,
}

/// <summary>
/// One field a report may use, by its key in the definition: a dimension groups rows by it, a measure sums, averages or
/// rates them, a filter keeps the rows whose value is one of those chosen. <see cref="Values"/> are the values a filter
/// of a field with a fixed set may name.
/// </summary>
public sealed record ReportField(string Key, string Label, ReportFieldKind Kind, string Description = "")
{
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>A time bucket: the local day, week, month, weekday or hour.</summary>
    public bool IsTime => Key is ReportFields.Day or ReportFields.Week or ReportFields.Month or ReportFields.Weekday or ReportFields.Hour;
}

/// <summary>A dataset: what its rows are, and the allow-list of its dimensions, measures and filters.</summary>
public sealed record ReportDataset(string Key, string Label, string Description, IReadOnlyList<ReportField> Dimensions, IReadOnlyList<ReportField> Measures, IReadOnlyList<ReportField> Filters)
{
    /// <summary>Whether the rows are counted by a booking's start or by when it was made (the bookings dataset only).</summary>
    public bool HasBasis => Key == ReportFields.Bookings;
}

/// <summary>The keys of datasets and fields as a definition names them.</summary>
public static class ReportFields
{
    public const string Bookings = "bookings";
    public const string Customers = "customers";
    public const string StaffActivity = "staffActivity";

    public const string Day = "day";
    public const string Week = "week";
    public const string Month = "month";
    public const string Weekday = "weekday";
    public const string Hour = "hour";
    public const string Service = "service";
    public const string Provider = "provider";
    public const string Status = "status";
    public const string Channel = "channel";
    public const string Currency = "currency";
    public const string Customer = "customer";
    public const string Member = "member";
    public const string Action = "action";

    public const string BookingCount = "bookings";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string NoShows = "noShows";
    public const string Rescheduled = "rescheduled";
    public const string Revenue = "revenue";
    public const string AveragePrice = "averagePrice";
    public const string BookedHours = "bookedHours";
    public const string AverageLeadHours = "averageLeadHours";
    public const string NewCustomers = "newCustomers";
    public const string CancellationRate = "cancellationRate";
    public const string NoShowRate = "noShowRate";
    public const string CompletionRate = "completionRate";
    public const string Actions = "actions";

    /// <summary>The measures kept per currency: a report with one of them has a currency column, as money is never added across currencies.</summary>
    public static readonly IReadOnlySet<string> MoneyMeasures = new HashSet<string> { Revenue, AveragePrice };

    public static readonly IReadOnlyList<string> StatusValues = [.. Enum.GetNames<BookingStatus>().Select(Camel)];

    public static readonly IReadOnlyList<string> ChannelValues = ["desk", "portal", "api"];

    public static readonly IReadOnlyList<string> ActionValues = [.. Enum.GetNames<BookingChangeKind>().Select(Camel)];

    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>How a value of a field with a fixed set reads to a person: "No-show" for noShow, "Front desk" for desk.</summary>
    public static string ValueLabel(string field, string value) => (field, value) switch
    {
        (Channel, "desk") => "Front desk",
        (Channel, "portal") => "Portal",
        (Channel, "api") => "API",
        (Status or Action, "noShow") => "No-show",
        (Action, "created") => "Made",
        _ when value.Length > 0 => char.ToUpperInvariant(value[0]) + value[1..],
        _ => value,
    };

    public static string ChannelKey(BookingChannel channel) => channel switch
    {
        BookingChannel.Portal => "portal",
        BookingChannel.Api => "api",
        _ => "desk",
    };
}

/// <summary>The datasets a report reads, each with its allow-list of fields. Nothing else reaches a query.</summary>
public static class ReportCatalog
{
    private static readonly ReportField DayField = new(ReportFields.Day, "Day", ReportFieldKind.Date, "The local day in the business's time zone.");
    private static readonly ReportField WeekField = new(ReportFields.Week, "Week", ReportFieldKind.Date, "The week, by its first day.");
    private static readonly ReportField MonthField = new(ReportFields.Month, "Month", ReportFieldKind.Date, "The month, by its first day.");
    private static readonly ReportField WeekdayField = new(ReportFields.Weekday, "Weekday", ReportFieldKind.Text);
    private static readonly ReportField HourField = new(ReportFields.Hour, "Hour", ReportFieldKind.Text, "The local hour of the day.");
    private static readonly ReportField ServiceField = new(ReportFields.Service, "Service", ReportFieldKind.Text);
    private static readonly ReportField ProviderField = new(ReportFields.Provider, "Provider", ReportFieldKind.Text);
    private static readonly ReportField StatusField = new(ReportFields.Status, "Status", ReportFieldKind.Text) { Values = ReportFields.StatusValues };
    private static readonly ReportField ChannelField = new(ReportFields.Channel, "Channel", ReportFieldKind.Text, "Front desk, portal or API.") { Values = ReportFields.ChannelValues };
    private static readonly ReportField CurrencyField = new(ReportFields.Currency, "Currency", ReportFieldKind.Text);

    private static readonly ReportField Count = new(ReportFields.BookingCount, "Bookings", ReportFieldKind.Count, "Bookings, not counting rejected requests.");
    private static readonly ReportField CompletedField = new(ReportFields.Completed, "Completed", ReportFieldKind.Count);
    private static readonly ReportField CancelledField = new(ReportFields.Cancelled, "Cancelled", ReportFieldKind.Count);
    private static readonly ReportField NoShowsField = new(ReportFields.NoShows, "No-shows", ReportFieldKind.Count);
    private static readonly ReportField RevenueField = new(ReportFields.Revenue, "Revenue", ReportFieldKind.Money, "The prices of bookings that take or took place, per currency.");
    private static readonly ReportField AveragePriceField = new(ReportFields.AveragePrice, "Average price", ReportFieldKind.Money, "Revenue per booking that takes or took place.");
    private static readonly ReportField CancellationRateField = new(ReportFields.CancellationRate, "Cancellation rate", ReportFieldKind.Rate);
    private static readonly ReportField NoShowRateField = new(ReportFields.NoShowRate, "No-show rate", ReportFieldKind.Rate);
    private static readonly ReportField CompletionRateField = new(ReportFields.CompletionRate, "Completion rate", ReportFieldKind.Rate);

    public static readonly ReportDataset Bookings = new(
        ReportFields.Bookings,
        "Bookings",
        "Bookings, counted by when they start or by when they were made.",
        [DayField, WeekField, MonthField, WeekdayField, HourField, ServiceField, ProviderField, StatusField, ChannelField, CurrencyField],
        [
            Count, CompletedField, CancelledField, NoShowsField,
            new(ReportFields.Rescheduled, "Rescheduled", ReportFieldKind.Count, "Bookings moved at least once."),
            RevenueField, AveragePriceField,
            new(ReportFields.BookedHours, "Booked hours", ReportFieldKind.Hours, "The length of bookings that keep the provider's time."),
            new(ReportFields.AverageLeadHours, "Average lead time (hours)", ReportFieldKind.Hours, "From when a booking was made to its start."),
            new(ReportFields.NewCustomers, "New customers", ReportFieldKind.Count, "Bookings that were their customer's first."),
            CancellationRateField, NoShowRateField, CompletionRateField,
        ],
        [ServiceField, ProviderField, StatusField, ChannelField, CurrencyField]);

    public static readonly ReportDataset Customers = new(
        ReportFields.Customers,
        "Customers",
        "Each customer's bookings that start in the range.",
        [new(ReportFields.Customer, "Customer", ReportFieldKind.Text)],
        [Count, CompletedField, CancelledField, NoShowsField, RevenueField, AveragePriceField, CancellationRateField, NoShowRateField],
        [ServiceField, ProviderField, StatusField, ChannelField]);

    public static readonly ReportDataset StaffActivity = new(
        ReportFields.StaffActivity,
        "Staff activity",
        "What each member of the team did to bookings, from the bookings' history. For admins.",
        [new(ReportFields.Member, "Team member", ReportFieldKind.Text), new(ReportFields.Action, "Action", ReportFieldKind.Text) { Values = ReportFields.ActionValues }, DayField, WeekField, MonthField, WeekdayField, HourField],
        [new(ReportFields.Actions, "Actions", ReportFieldKind.Count)],
        [new(ReportFields.Member, "Team member", ReportFieldKind.Text), new(ReportFields.Action, "Action", ReportFieldKind.Text) { Values = ReportFields.ActionValues }]);

    public static readonly IReadOnlyList<ReportDataset> All = [Bookings, Customers, StaffActivity];

    public static ReportDataset? Find(string? key) => All.FirstOrDefault(d => d.Key == key);

    public static ReportField? Field(IEnumerable<ReportField> fields, string key) => fields.FirstOrDefault(f => f.Key == key);
}

/// <summary>A report's range: a preset that moves with the day it runs (what a scheduled report wants), or fixed local dates.</summary>
public sealed record ReportRange(string? Preset, DateOnly? From, DateOnly? To)
{
    public const string Last7 = "last7";
    public const string Last30 = "last30";
    public const string Last90 = "last90";
    public const string Last365 = "last365";
    public const string ThisMonth = "thisMonth";
    public const string LastMonth = "lastMonth";
    public const string ThisYear = "thisYear";

    /// <summary>The longest range a report reads: a year and a day, as the insights.</summary>
    public const int MaxDays = 366;

    public static readonly IReadOnlyList<string> Presets = [Last7, Last30, Last90, Last365, ThisMonth, LastMonth, ThisYear];

    public static readonly ReportRange Default = new(Last30, null, null);

    public static string Describe(string preset) => preset switch
    {
        Last7 => "Last 7 days",
        Last30 => "Last 30 days",
        Last90 => "Last 90 days",
        Last365 => "Last 365 days",
        ThisMonth => "This month",
        LastMonth => "Last month",
        ThisYear => "This year",
        _ => preset,
    };

    /// <summary>The local days the range covers when run on <paramref name="today"/> (the business's local date).</summary>
    public (DateOnly From, DateOnly To) Resolve(DateOnly today) => Preset switch
    {
        Last7 => (today.AddDays(-6), today),
        Last30 => (today.AddDays(-29), today),
        Last90 => (today.AddDays(-89), today),
        Last365 => (today.AddDays(-364), today),
        ThisMonth => (new DateOnly(today.Year, today.Month, 1), today),
        LastMonth => (new DateOnly(today.Year, today.Month, 1).AddMonths(-1), new DateOnly(today.Year, today.Month, 1).AddDays(-1)),
        ThisYear => (new DateOnly(today.Year, 1, 1), today),
        _ => (From ?? today, To ?? today),
    };
}

/// <summary>
/// A saved report's definition (docs/reports.md): the dataset, dimensions, measures, filters, sort, row limit and visual,
/// as keys of <see cref="ReportCatalog"/>. It is only ever made by <see cref="ReportDefinitions.Parse"/>, which checks every
/// key against the allow-list and every filter value against its field's type; the query is compiled from the keys,
/// so no text of the definition reaches SQL.
/// </summary>
public sealed record ReportDefinition(
    string Dataset,
    ReportRange Range,
    RollupBasis Basis,
    IReadOnlyList<string> Dimensions,
    IReadOnlyList<string> Measures,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Filters,
    string? Sort,
    bool Descending,
    int Limit,
    ReportVisual Visual)
{
    public const int MaxDimensions = 3;
    public const int MaxMeasures = 8;
    public const int MaxLimit = 10_000;
    public const int DefaultLimit = 1_000;

    public ReportDataset Source => ReportCatalog.Find(Dataset)!;

    /// <summary>Whether the rows carry a currency column: a money measure without the currency as a dimension adds it.</summary>
    public bool AddsCurrency => Measures.Any(ReportFields.MoneyMeasures.Contains) && !Dimensions.Contains(ReportFields.Currency);

    /// <summary>The row keys in order: the dimensions, then the currency when <see cref="AddsCurrency"/>.</summary>
    public IReadOnlyList<string> Keys => AddsCurrency ? [.. Dimensions, ReportFields.Currency] : Dimensions;

    public static ReportDefinition Starter(string dataset = ReportFields.Bookings) => dataset switch
    {
        ReportFields.Customers => new(dataset, ReportRange.Default, RollupBasis.Start, [ReportFields.Customer], [ReportFields.BookingCount, ReportFields.Revenue],
            new Dictionary<string, IReadOnlyList<string>>(), ReportFields.BookingCount, true, 100, ReportVisual.Table),
        ReportFields.StaffActivity => new(dataset, ReportRange.Default, RollupBasis.Start, [ReportFields.Member, ReportFields.Action], [ReportFields.Actions],
            new Dictionary<string, IReadOnlyList<string>>(), null, false, DefaultLimit, ReportVisual.StackedBar),
        _ => new(ReportFields.Bookings, ReportRange.Default, RollupBasis.Start, [ReportFields.Week], [ReportFields.BookingCount],
            new Dictionary<string, IReadOnlyList<string>>(), null, false, DefaultLimit, ReportVisual.Bar),
    };
}

/// <summary>Reads, checks and writes report definitions as JSON.</summary>
public static class ReportDefinitions
{
    /// <summary>The longest definition accepted, in characters.</summary>
    public const int MaxLength = 16_000;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// The definition in <paramref name="json"/>, or every problem found, keyed by where it is (<c>dimensions[1]</c>,
    /// <c>filters.status[0]</c>), each saying what is allowed instead. Nothing is guessed or corrected.
    /// </summary>
    public static Outcome<ReportDefinition> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Outcome<ReportDefinition>.Fail("definition", "Send the report's definition as a JSON object.");
        }

        if (json.Length > MaxLength)
        {
            return Outcome<ReportDefinition>.Fail("definition", $"A definition is at most {MaxLength:N0} characters.");
        }

        JsonObject root;
        try
        {
            if (JsonNode.Parse(json) is not JsonObject parsed)
            {
                return Outcome<ReportDefinition>.Fail("definition", "A definition is a JSON object.");
            }

            root = parsed;
        }
        catch (JsonException e)
        {
            return Outcome<ReportDefinition>.Fail("definition", $"The definition is not valid JSON: {e.Message}");
        }

        var problems = new Dictionary<string, List<string>>();
        void Problem(string field, string message) => (problems.TryGetValue(field, out var list) ? list : problems[field] = []).Add(message);

        string? Text(string name)
        {
            var node = root[name];
            if (node is null)
            {
                return null;
            }

            if (node is JsonValue value && value.TryGetValue<string>(out var text))
            {
                return text;
            }

            Problem(name, $"\"{name}\" is text.");
            return null;
        }

        List<string> Texts(string name)
        {
            var node = root[name];
            if (node is null)
            {
                return [];
            }

            if (node is not JsonArray array)
            {
                Problem(name, $"\"{name}\" is a list of field names.");
                return [];
            }

            var texts = new List<string>();
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                {
                    texts.Add(text);
                }
                else
                {
                    Problem($"{name}[{i}]", "Name a field as text.");
                }
            }

            return texts;
        }

        foreach (var property in root.Select(p => p.Key))
        {
            if (property is not ("version" or "dataset" or "range" or "from" or "to" or "basis" or "dimensions" or "measures" or "filters" or "sort" or "descending" or "limit" or "visual"))
            {
                Problem(property, $"\"{property}\" is not part of a report definition.");
            }
        }

        var datasetKey = Text("dataset");
        var dataset = ReportCatalog.Find(datasetKey);
        if (dataset is null)
        {
            Problem("dataset", datasetKey is null
                ? $"Choose a dataset: {string.Join(", ", ReportCatalog.All.Select(d => d.Key))}."
                : $"There is no dataset \"{datasetKey}\". Choose one of {string.Join(", ", ReportCatalog.All.Select(d => d.Key))}.");
        }

        // The range: a preset, or both dates, at most a year and a day.
        var preset = Text("range");
        var from = Date("from");
        var to = Date("to");
        if (preset is not null && (root["from"] is not null || root["to"] is not null))
        {
            Problem("range", "Choose a preset range or dates, not both.");
        }
        else if (preset is not null && !ReportRange.Presets.Contains(preset))
        {
            Problem("range", $"There is no range \"{preset}\". Choose one of {string.Join(", ", ReportRange.Presets)}, or send from and to.");
        }
        else if (preset is null && (from is null) != (to is null))
        {
            Problem(from is null ? "from" : "to", "Send both from and to, or a preset range.");
        }
        else if (from is { } f && to is { } t)
        {
            if (t < f)
            {
                Problem("to", "The end of the range is before its start.");
            }
            else if (t.DayNumber - f.DayNumber + 1 > ReportRange.MaxDays)
            {
                Problem("to", $"A range is at most {ReportRange.MaxDays} days.");
            }
        }

        DateOnly? Date(string name)
        {
            var text = Text(name);
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Problem(name, $"\"{name}\" is a date written as yyyy-MM-dd.");
            return null;
        }

        var basis = RollupBasis.Start;
        if (Text("basis") is { } basisText)
        {
            if (basisText == "made")
            {
                basis = RollupBasis.Created;
            }
            else if (basisText != "start")
            {
                Problem("basis", "\"basis\" is start (when bookings start) or made (when they were made).");
            }
        }

        if (basis == RollupBasis.Created && dataset is { HasBasis: false })
        {
            Problem("basis", $"The {dataset.Label.ToLowerInvariant()} dataset has no basis to choose.");
        }

        var dimensions = Texts("dimensions");
        var measures = Texts("measures");
        if (dataset is not null)
        {
            CheckFields("dimensions", dimensions, dataset.Dimensions, "dimension");
            CheckFields("measures", measures, dataset.Measures, "measure");
        }

        void CheckFields(string name, List<string> keys, IReadOnlyList<ReportField> allowed, string what)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (ReportCatalog.Field(allowed, keys[i]) is null)
                {
                    Problem($"{name}[{i}]", $"The {dataset!.Label.ToLowerInvariant()} dataset has no {what} \"{keys[i]}\". Choose from {string.Join(", ", allowed.Select(f => f.Key))}.");
                }
                else if (keys.IndexOf(keys[i]) != i)
                {
                    Problem($"{name}[{i}]", $"\"{keys[i]}\" is chosen twice.");
                }
            }
        }

        if (dimensions.Count > ReportDefinition.MaxDimensions)
        {
            Problem("dimensions", $"A report groups by at most {ReportDefinition.MaxDimensions} dimensions.");
        }

        if (measures.Count == 0)
        {
            Problem("measures", "Choose at least one measure.");
        }
        else if (measures.Count > ReportDefinition.MaxMeasures)
        {
            Problem("measures", $"A report shows at most {ReportDefinition.MaxMeasures} measures.");
        }

        var filters = new Dictionary<string, IReadOnlyList<string>>();
        if (root["filters"] is { } filterNode)
        {
            if (filterNode is not JsonObject filterObject)
            {
                Problem("filters", "\"filters\" is an object of field names, each with a list of values.");
            }
            else
            {
                foreach (var (key, valuesNode) in filterObject)
                {
                    var field = dataset is null ? null : ReportCatalog.Field(dataset.Filters, key);
                    if (dataset is not null && field is null)
                    {
                        Problem($"filters.{key}", $"The {dataset.Label.ToLowerInvariant()} dataset cannot be filtered by \"{key}\". Choose from {string.Join(", ", dataset.Filters.Select(f => f.Key))}.");
                        continue;
                    }

                    if (valuesNode is not JsonArray values || values.Count == 0)
                    {
                        Problem($"filters.{key}", "A filter is a list of one or more values.");
                        continue;
                    }

                    var kept = new List<string>();
                    for (var i = 0; i < values.Count; i++)
                    {
                        if (values[i] is not JsonValue value || !value.TryGetValue<string>(out var text))
                        {
                            Problem($"filters.{key}[{i}]", "A filter value is text.");
                        }
                        else if (field is not null && FilterProblem(field, text) is { } problem)
                        {
                            Problem($"filters.{key}[{i}]", problem);
                        }
                        else
                        {
                            kept.Add(text);
                        }
                    }

                    filters[key] = kept;
                }
            }
        }

        var sort = Text("sort");
        if (sort is not null && !dimensions.Contains(sort) && !measures.Contains(sort) && !(sort == ReportFields.Currency && measures.Any(ReportFields.MoneyMeasures.Contains)))
        {
            Problem("sort", $"Sort by one of the report's dimensions or measures ({string.Join(", ", dimensions.Concat(measures))}).");
        }

        var descending = false;
        if (root["descending"] is { } descendingNode && !(descendingNode is JsonValue d && d.TryGetValue(out descending)))
        {
            Problem("descending", "\"descending\" is true or false.");
        }

        var limit = ReportDefinition.DefaultLimit;
        if (root["limit"] is { } limitNode)
        {
            if (limitNode is not JsonValue l || !l.TryGetValue(out limit))
            {
                Problem("limit", "\"limit\" is a whole number of rows.");
            }
            else if (limit is < 1 or > ReportDefinition.MaxLimit)
            {
                Problem("limit", $"Show 1 to {ReportDefinition.MaxLimit:N0} rows.");
            }
        }

        var visual = ReportVisual.Table;
        if (Text("visual") is { } visualText)
        {
            var found = Enum.GetValues<ReportVisual>().Where(v => ReportFields.Camel(v.ToString()) == visualText).ToList();
            if (found.Count == 0)
            {
                Problem("visual", $"There is no visual \"{visualText}\". Choose one of {string.Join(", ", Enum.GetNames<ReportVisual>().Select(ReportFields.Camel))}.");
            }
            else
            {
                visual = found[0];
                if (VisualProblem(visual, dimensions.Count, measures.Count) is { } problem)
                {
                    Problem("visual", problem);
                }
            }
        }

        if (root["version"] is { } versionNode && !(versionNode is JsonValue v && v.TryGetValue<int>(out var version) && version == 1))
        {
            Problem("version", "This is version 1 of the report format; leave \"version\" out or send 1.");
        }

        if (problems.Count > 0)
        {
            return Outcome<ReportDefinition>.Fail(problems.ToDictionary(p => p.Key, p => p.Value.ToArray()));
        }

        var range = preset is not null ? new ReportRange(preset, null, null) : from is not null ? new ReportRange(null, from, to) : ReportRange.Default;
        return Outcome<ReportDefinition>.Ok(new ReportDefinition(dataset!.Key, range, basis, dimensions, measures, filters, sort, descending, limit, visual));
    }

    /// <summary>Why a chart cannot draw this many dimensions and measures, or null when it can.</summary>
    public static string? VisualProblem(ReportVisual visual, int dimensions, int measures) => visual switch
    {
        ReportVisual.Doughnut when dimensions != 1 || measures != 1 => "A doughnut shows one measure split by one dimension.",
        ReportVisual.Heatmap when dimensions != 2 || measures != 1 => "A heatmap shows one measure across two dimensions.",
        ReportVisual.Line or ReportVisual.Bar or ReportVisual.StackedBar when dimensions is < 1 or > 2 =>
            "A chart needs one dimension along its axis, and may split it by a second.",
        ReportVisual.Line or ReportVisual.Bar or ReportVisual.StackedBar when dimensions == 2 && measures != 1 =>
            "A chart split by a second dimension shows one measure.",
        _ => null,
    };

    /// <summary>Why <paramref name="value"/> cannot be a value of <paramref name="field"/>, or null when it can.</summary>
    public static string? FilterProblem(ReportField field, string value) => field.Key switch
    {
        ReportFields.Service or ReportFields.Provider or ReportFields.Customer or ReportFields.Member when !Guid.TryParse(value, out _) =>
            $"\"{value}\" is not an id. A {field.Label.ToLowerInvariant()} filter names ids.",
        ReportFields.Currency when value.Length != 3 || !value.All(char.IsAsciiLetterUpper) => $"\"{value}\" is not a currency code such as USD or EUR.",
        _ when field.Values is { } values && !values.Contains(value) => $"\"{value}\" is not a {field.Label.ToLowerInvariant()}. Choose from {string.Join(", ", values)}.",
        _ => null,
    };

    /// <summary>The definition as the JSON it is stored and sent as; <see cref="Parse"/> reads it back to the same definition.</summary>
    public static string ToJson(ReportDefinition definition)
    {
        var root = new JsonObject
        {
            ["version"] = 1,
            ["dataset"] = definition.Dataset,
        };
        if (definition.Range.Preset is { } preset)
        {
            root["range"] = preset;
        }
        else
        {
            root["from"] = definition.Range.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            root["to"] = definition.Range.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (definition.Source.HasBasis)
        {
            root["basis"] = definition.Basis == RollupBasis.Created ? "made" : "start";
        }

        root["dimensions"] = new JsonArray([.. definition.Dimensions.Select(d => (JsonNode)d)]);
        root["measures"] = new JsonArray([.. definition.Measures.Select(m => (JsonNode)m)]);
        var filters = new JsonObject();
        foreach (var (key, values) in definition.Filters)
        {
            filters[key] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }

        root["filters"] = filters;
        if (definition.Sort is { } sort)
        {
            root["sort"] = sort;
            root["descending"] = definition.Descending;
        }

        root["limit"] = definition.Limit;
        root["visual"] = ReportFields.Camel(definition.Visual.ToString());
        return root.ToJsonString(Indented);
    }
}
