using System.Globalization;
using Platform.Core.Bookings;

namespace Platform.Web.Components.Pages.App.Providers;

/// <summary>One period being edited, as the time inputs hold it ("09:00"); an end of 00:00 means midnight at the end of the day.</summary>
public sealed class PeriodRow
{
    public string Start { get; set; } = "09:00";

    public string End { get; set; } = "17:00";

    public static PeriodRow From(int start, int end) => new() { Start = WorkingHours.Clock(start), End = end == WorkingHours.MinutesPerDay ? "00:00" : WorkingHours.Clock(end) };

    public bool TryMinutes(out int start, out int end)
    {
        end = 0;
        if (!TryParse(Start, out start) || !TryParse(End, out end))
        {
            return false;
        }

        if (end == 0)
        {
            end = WorkingHours.MinutesPerDay;
        }

        return true;
    }

    /// <summary>What is wrong with these rows of one day, or null; the same rule the directory applies on save.</summary>
    public static string? Problem(IReadOnlyList<PeriodRow> rows)
    {
        var periods = new List<LocalPeriod>();
        foreach (var row in rows)
        {
            if (!row.TryMinutes(out var start, out var end))
            {
                return "Enter each time as hh:mm.";
            }

            periods.Add(new LocalPeriod(start, end));
        }

        return WorkingHours.CheckDay(periods)?.Message;
    }

    /// <summary>A new period after the last one: an hour from its end, or 09:00–17:00 on an empty day.</summary>
    public static PeriodRow After(IReadOnlyList<PeriodRow> rows)
    {
        var lastEnd = rows.Select(r => r.TryMinutes(out _, out var end) ? end : 0).DefaultIfEmpty(0).Max();
        if (lastEnd == 0)
        {
            return new PeriodRow();
        }

        var start = Math.Min(lastEnd + 60, WorkingHours.MinutesPerDay - 60);
        return From(start, Math.Min(start + 60, WorkingHours.MinutesPerDay));
    }

    private static bool TryParse(string? text, out int minutes)
    {
        minutes = 0;
        if (!TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return false;
        }

        minutes = (time.Hour * 60) + time.Minute;
        return true;
    }
}
