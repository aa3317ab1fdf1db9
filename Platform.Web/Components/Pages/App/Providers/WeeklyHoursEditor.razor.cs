using Microsoft.AspNetCore.Components;
using Platform.Core.Bookings;
using Platform.Infrastructure.Bookings;

namespace Platform.Web.Components.Pages.App.Providers;

/// <summary>
/// Edits a week of working periods. Each day's problems (overlaps, start after end) show as soon as
/// they are made and block saving; <see cref="Errors"/> shows what the directory refused.
/// </summary>
public partial class WeeklyHoursEditor
{
    /// <summary>Monday first, as the businesses here read a week.</summary>
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private readonly Dictionary<DayOfWeek, List<PeriodRow>> _days = Week.ToDictionary(d => d, _ => new List<PeriodRow>());
    private IReadOnlyList<WorkingPeriod>? _loaded;
    private bool _dirty;
    private bool _busy;

    [Parameter, EditorRequired]
    public IReadOnlyList<WorkingPeriod> Hours { get; set; } = [];

    /// <summary>Saves the week; returns the directory's problems by field ("WeeklyHours.Monday"), empty when saved.</summary>
    [Parameter, EditorRequired]
    public Func<IReadOnlyList<WorkingPeriod>, Task<IReadOnlyDictionary<string, string[]>>> Save { get; set; } = default!;

    private IReadOnlyDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();

    private bool HasProblems => Week.Any(d => PeriodRow.Problem(_days[d]) is not null);

    protected override void OnParametersSet()
    {
        // Only a new list of hours from the parent resets the editor, never a re-render.
        if (!ReferenceEquals(_loaded, Hours))
        {
            _loaded = Hours;
            Reset();
        }
    }

    private string? ErrorOf(DayOfWeek day) =>
        PeriodRow.Problem(_days[day])
        ?? (Errors.TryGetValue($"{ProviderDirectory.WeeklyHoursField}.{day}", out var messages) ? string.Join(" ", messages) : null);

    private void Edited()
    {
        _dirty = true;
        Errors = new Dictionary<string, string[]>();
    }

    private void Reset()
    {
        foreach (var day in Week)
        {
            _days[day].Clear();
            _days[day].AddRange(Hours.Where(h => h.Day == day).OrderBy(h => h.StartMinute).Select(h => PeriodRow.From(h.StartMinute, h.EndMinute)));
        }

        _dirty = false;
        Errors = new Dictionary<string, string[]>();
    }

    private void CopyMondayToWeekdays()
    {
        foreach (var day in Week[1..5])
        {
            _days[day].Clear();
            _days[day].AddRange(_days[DayOfWeek.Monday].Select(r => new PeriodRow { Start = r.Start, End = r.End }));
        }

        Edited();
    }

    private async Task SaveAsync()
    {
        if (HasProblems)
        {
            return;
        }

        _busy = true;
        try
        {
            var week = new List<WorkingPeriod>();
            foreach (var day in Week)
            {
                foreach (var row in _days[day])
                {
                    row.TryMinutes(out var start, out var end);
                    week.Add(new WorkingPeriod(day, start, end));
                }
            }

            Errors = await Save(week);
            _dirty = Errors.Count > 0;
        }
        finally
        {
            _busy = false;
        }
    }
}
