using AngleSharp.Dom;
using Bunit;
using Platform.Core.Bookings;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Providers;

namespace Platform.Tests.Bookings;

/// <summary>The weekly-hours editor as a manager uses it: periods are added, checked as they are typed, and saved together.</summary>
public class WeeklyHoursEditorTests : IAsyncLifetime
{
    private static readonly WorkingPeriod[] MondayWithLunch = [new(DayOfWeek.Monday, 540, 720), new(DayOfWeek.Monday, 780, 1020)];

    private readonly PlatformBunitContext _ctx = new(role: Core.Identity.PlatformRoles.Manager);
    private readonly List<IReadOnlyList<WorkingPeriod>> _saves = [];

    [Fact]
    public void An_added_period_is_saved_with_the_week()
    {
        var editor = Render(MondayWithLunch);
        Assert.Equal("09:00", Input(editor, "monday-start-0").GetAttribute("value"));

        editor.Find("[data-testid=tuesday-add]").Click();
        Input(editor, "tuesday-start-0").Change("08:30");
        Input(editor, "tuesday-end-0").Change("12:00");
        editor.Find("[data-testid=save-hours]").Click();

        var saved = Assert.Single(_saves);
        Assert.Equal([.. MondayWithLunch, new WorkingPeriod(DayOfWeek.Tuesday, 510, 720)], saved);
    }

    [Fact]
    public void An_overlapping_period_shows_an_error_and_cannot_be_saved()
    {
        var editor = Render(MondayWithLunch);

        editor.Find("[data-testid=monday-add]").Click();
        Input(editor, "monday-start-2").Change("16:00");
        Input(editor, "monday-end-2").Change("18:00");

        editor.WaitForAssertion(() => Assert.Contains("Periods overlap: 13:00–17:00 and 16:00–18:00.", editor.Find("[data-testid=monday-error]").TextContent, StringComparison.Ordinal));
        Assert.True(editor.Find("[data-testid=save-hours]").HasAttribute("disabled"));
        editor.Find("[data-testid=save-hours]").Click();
        Assert.Empty(_saves);

        editor.Find("[data-testid=monday-remove-2]").Click();
        Assert.Empty(editor.FindAll("[data-testid=monday-error]"));
        Assert.False(editor.Find("[data-testid=save-hours]").HasAttribute("disabled"));
    }

    [Fact]
    public void Copy_monday_fills_the_weekdays_but_not_the_weekend()
    {
        var editor = Render(MondayWithLunch);
        editor.Find("[data-testid=copy-monday]").Click();
        editor.Find("[data-testid=save-hours]").Click();

        var saved = Assert.Single(_saves);
        Assert.Equal(10, saved.Count);
        Assert.DoesNotContain(saved, p => p.Day is DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private IRenderedComponent<WeeklyHoursEditor> Render(IReadOnlyList<WorkingPeriod> hours) =>
        _ctx.Render<WeeklyHoursEditor>(p => p
            .Add(e => e.Hours, hours)
            .Add(e => e.Save, week =>
            {
                _saves.Add(week);
                return Task.FromResult<IReadOnlyDictionary<string, string[]>>(new Dictionary<string, string[]>());
            }));

    private static IElement Input(IRenderedComponent<WeeklyHoursEditor> editor, string testId)
    {
        var element = editor.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }
}
