using AngleSharp.Dom;
using Bunit;
using Platform.Core.Bookings;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Services;

namespace Platform.Tests.Bookings;

/// <summary>
/// The service editor's questions section as a manager uses it: questions are added, typed, reordered and removed in
/// the list the editor saves, exactly as typed; the catalog's problems show beside their question.
/// </summary>
public sealed class IntakeQuestionsEditorTests : IAsyncLifetime
{
    private readonly PlatformBunitContext _ctx = new(role: Core.Identity.PlatformRoles.Manager);

    [Fact]
    public void With_no_questions_it_says_so_and_adds_one()
    {
        List<IntakeQuestionDraft> questions = [];
        var editor = Render(questions);
        Assert.Contains("No questions", editor.Find("[data-testid=intake-empty]").TextContent, StringComparison.Ordinal);

        editor.Find("[data-testid=intake-add]").Click();
        Input(editor.Find("[data-testid=intake-question]"), "Questions[0].Label").Change("  Any allergies?  ");

        var added = Assert.Single(questions);
        Assert.Equal("  Any allergies?  ", added.Label);
        Assert.Equal(IntakeQuestionKind.Text, added.ToQuestion().Kind);
        Assert.Empty(editor.FindAll("[data-testid=intake-empty]"));
    }

    [Fact]
    public void Questions_move_up_and_down_and_are_removed()
    {
        List<IntakeQuestionDraft> questions = [Draft("First"), Draft("Second"), Draft("Third")];
        var editor = Render(questions);
        Assert.True(editor.FindAll("[data-testid=intake-up]")[0].HasAttribute("disabled"));
        Assert.True(editor.FindAll("[data-testid=intake-down]")[2].HasAttribute("disabled"));

        editor.FindAll("[data-testid=intake-down]")[0].Click();
        Assert.Equal(["Second", "First", "Third"], questions.Select(q => q.Label));
        editor.FindAll("[data-testid=intake-up]")[2].Click();
        Assert.Equal(["Second", "Third", "First"], questions.Select(q => q.Label));

        editor.FindAll("[data-testid=intake-remove]")[1].Click();
        Assert.Equal(["Second", "First"], questions.Select(q => q.Label));
        Assert.Equal(2, editor.FindAll("[data-testid=intake-question]").Count);
    }

    [Fact]
    public void A_choice_gets_options_and_a_type_change_keeps_them_with_a_warning()
    {
        List<IntakeQuestionDraft> questions = [Draft("Colour", IntakeQuestionKind.Choice)];
        var editor = Render(questions);

        editor.Find("[data-testid=intake-add-option]").Click();
        editor.Find("[data-testid=intake-add-option]").Click();
        Option(editor, 0).Change("Red");
        Option(editor, 1).Change("Blue");
        Assert.Equal(["Red", "Blue"], questions[0].ToQuestion().Options);

        // Made a text question, it keeps its options and says they must go: nothing is dropped behind the manager's back.
        questions[0].Kind = IntakeQuestionKind.Text;
        editor.Render();
        Assert.Contains("Only choice questions have options", editor.Markup, StringComparison.Ordinal);
        Assert.Equal(2, editor.FindAll("[data-testid=intake-option]").Count);
        Assert.Equal(["Red", "Blue"], questions[0].Options);
    }

    [Fact]
    public void The_catalogs_problems_show_beside_their_question_until_the_list_is_rearranged()
    {
        List<IntakeQuestionDraft> questions = [Draft("Fine"), Draft(" "), Draft("Colour", IntakeQuestionKind.Choice)];
        var problems = IntakeQuestions.Check([.. questions.Select(q => q.ToQuestion())])
            .GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
        var editor = Render(questions, problems);

        var second = editor.FindAll("[data-testid=intake-question]")[1];
        Assert.Contains("Question 2 needs a label.", second.TextContent, StringComparison.Ordinal);
        var third = editor.FindAll("[data-testid=intake-question]")[2];
        Assert.Contains("Question 3 is a choice: give it at least one option.", third.QuerySelector("[data-testid=intake-options-error]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("needs a label", editor.FindAll("[data-testid=intake-question]")[0].TextContent, StringComparison.Ordinal);

        editor.FindAll("[data-testid=intake-remove]")[0].Click();
        Assert.DoesNotContain("needs a label", editor.Markup, StringComparison.Ordinal);
        Assert.Empty(editor.FindAll("[data-testid=intake-options-error]"));
    }

    [Fact]
    public void No_more_than_the_limit_can_be_added()
    {
        List<IntakeQuestionDraft> questions = [.. Enumerable.Range(1, IntakeQuestions.MaxQuestions).Select(i => Draft($"Q{i}"))];
        var editor = Render(questions);

        Assert.True(editor.Find("[data-testid=intake-add]").HasAttribute("disabled"));
        Assert.Contains($"at most {IntakeQuestions.MaxQuestions} questions", editor.Markup, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private static IntakeQuestionDraft Draft(string label, IntakeQuestionKind kind = IntakeQuestionKind.Text) => new() { Label = label, Kind = kind };

    private IRenderedComponent<IntakeQuestionsEditor> Render(List<IntakeQuestionDraft> questions, IReadOnlyDictionary<string, string[]>? errors = null) =>
        _ctx.Render<IntakeQuestionsEditor>(p => p
            .Add(e => e.Questions, questions)
            .Add(e => e.Errors, errors ?? new Dictionary<string, string[]>()));

    private static IElement Option(IRenderedComponent<IntakeQuestionsEditor> editor, int index)
    {
        var element = editor.FindAll("[data-testid=intake-option]")[index];
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private static IElement Input(IElement question, string field)
    {
        var element = question.QuerySelector($"[data-field='{field}']")!;
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }
}
