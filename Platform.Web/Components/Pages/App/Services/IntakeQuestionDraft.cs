using Platform.Core.Bookings;

namespace Platform.Web.Components.Pages.App.Services;

/// <summary>An intake question as the service editor holds it while it is being edited: exactly what was typed.</summary>
public sealed class IntakeQuestionDraft
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public string Label { get; set; } = "";

    public IntakeQuestionKind Kind { get; set; }

    public bool Required { get; set; }

    public List<string> Options { get; init; } = [];

    public static List<IntakeQuestionDraft> From(IReadOnlyList<IntakeQuestion> questions) =>
        [.. questions.Select(q => new IntakeQuestionDraft { Id = q.Id, Label = q.Label, Kind = q.Kind, Required = q.Required, Options = [.. q.Options] })];

    /// <summary>The question to save, unchanged: the catalog says what is wrong with it, if anything.</summary>
    public IntakeQuestion ToQuestion() => new(Id, Label, Kind, Required, [.. Options]);

    public static string KindName(IntakeQuestionKind kind) => kind switch
    {
        IntakeQuestionKind.Choice => "Choice (pick one)",
        IntakeQuestionKind.YesNo => "Yes or no",
        _ => "Text",
    };
}
