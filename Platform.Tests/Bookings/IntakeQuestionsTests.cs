using Platform.Core.Bookings;
using Platform.Core.Errors;

namespace Platform.Tests.Bookings;

/// <summary>The rules of a service's intake questions and of the answers to them, in Core.</summary>
public sealed class IntakeQuestionsTests
{
    private static readonly IntakeQuestion Allergies = new(Guid.NewGuid(), "Any allergies?", IntakeQuestionKind.Text, Required: true, []);
    private static readonly IntakeQuestion Colour = new(Guid.NewGuid(), "Colour", IntakeQuestionKind.Choice, Required: false, ["Red", "Blue"]);
    private static readonly IntakeQuestion FirstVisit = new(Guid.NewGuid(), "First visit?", IntakeQuestionKind.YesNo, Required: true, []);
    private static readonly IReadOnlyList<IntakeQuestion> Asked = [Allergies, Colour, FirstVisit];

    [Fact]
    public void A_sound_list_has_no_problems_and_is_stored_trimmed()
    {
        IReadOnlyList<IntakeQuestion> questions = [Allergies with { Label = "  Any allergies?  " }, Colour with { Options = [" Red", "Blue "] }, FirstVisit];

        Assert.Empty(IntakeQuestions.Check(questions));
        var stored = IntakeQuestions.Normalized(questions);
        Assert.Equal("Any allergies?", stored[0].Label);
        Assert.Equal(["Red", "Blue"], stored[1].Options);
        Assert.Empty(IntakeQuestions.Check([]));
    }

    [Fact]
    public void Each_problem_of_a_list_names_its_question_and_field()
    {
        var problems = IntakeQuestions.Check(
        [
            Allergies with { Label = "   " },
            Colour with { Options = [] },
            FirstVisit with { Label = new string('x', IntakeQuestions.MaxLabelLength + 1) },
            Allergies with { Id = Guid.NewGuid(), Options = ["A"] },
            Colour with { Id = Guid.NewGuid(), Options = ["Red", "red"] },
            Colour with { Id = Guid.NewGuid(), Options = ["Red", " "] },
            Colour with { Id = Guid.NewGuid(), Options = [.. Enumerable.Range(1, IntakeQuestions.MaxOptions + 1).Select(i => $"O{i}")] },
            Colour with { Id = Guid.NewGuid(), Options = [new string('o', IntakeQuestions.MaxOptionLength + 1)] },
            Allergies with { Kind = (IntakeQuestionKind)9, Id = Guid.NewGuid() },
        ]);

        Assert.All(problems, p => Assert.Equal(ErrorCodes.ValidationFailed, p.Code));
        Assert.Equal(
            ["Questions[0].Label", "Questions[1].Options", "Questions[2].Label", "Questions[3].Options", "Questions[4].Options",
             "Questions[5].Options", "Questions[6].Options", "Questions[7].Options", "Questions[8].Kind"],
            problems.Select(p => p.Field));
        Assert.Contains("Only choice questions have options", problems[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_questions_or_a_shared_id_are_refused()
    {
        var many = Enumerable.Range(0, IntakeQuestions.MaxQuestions + 1).Select(i => Allergies with { Id = Guid.NewGuid(), Label = $"Q{i}" }).ToList();
        Assert.Contains(IntakeQuestions.Check(many), p => p.Field == IntakeQuestions.QuestionsField);
        Assert.Empty(IntakeQuestions.Check(many.Take(IntakeQuestions.MaxQuestions).ToList()));

        Assert.Contains(IntakeQuestions.Check([Allergies, Allergies with { Label = "Again" }]), p => p.Field == "Questions[1].Id");
        Assert.Contains(IntakeQuestions.Check([Allergies with { Id = Guid.Empty }]), p => p.Field == "Questions[0].Id");
    }

    [Fact]
    public void Good_answers_are_kept_as_copies_in_the_questions_order()
    {
        var outcome = IntakeQuestions.Answer(Asked, new Dictionary<Guid, string?>
        {
            [FirstVisit.Id] = "yes",
            [Allergies.Id] = "  Peanuts ",
        });

        Assert.True(outcome.Succeeded);
        Assert.Equal(
            [new IntakeAnswer(Allergies.Id, "Any allergies?", "Peanuts"), new IntakeAnswer(FirstVisit.Id, "First visit?", "Yes")],
            outcome.Value!);
    }

    [Fact]
    public void A_choice_answer_is_one_of_the_options_exactly()
    {
        Assert.Equal("Blue", Answer(Colour, "Blue").Value!.Single(a => a.QuestionId == Colour.Id).Answer);
        Assert.Equal(["Choose one of the options for “Colour”."], Answer(Colour, "blue").Errors[IntakeQuestions.AnswerField(Colour.Id)]);
        Assert.False(Answer(Colour, "Green").Succeeded);
    }

    [Fact]
    public void Missing_required_answers_unknown_questions_and_bad_values_are_each_named()
    {
        var stranger = Guid.NewGuid();
        var outcome = IntakeQuestions.Answer(Asked, new Dictionary<Guid, string?>
        {
            [Allergies.Id] = "   ",
            [FirstVisit.Id] = "maybe",
            [stranger] = "hello",
        });

        Assert.False(outcome.Succeeded);
        Assert.Equal(["Answer “Any allergies?”."], outcome.Errors[IntakeQuestions.AnswerField(Allergies.Id)]);
        Assert.Equal(["Answer “First visit?” with yes or no."], outcome.Errors[IntakeQuestions.AnswerField(FirstVisit.Id)]);
        Assert.Equal(["This service asks no such question."], outcome.Errors[$"Answers[{stranger:D}]"]);

        var empty = IntakeQuestions.Answer(Asked, new Dictionary<Guid, string?>());
        Assert.Equal(2, empty.Errors.Count);
    }

    [Fact]
    public void A_text_answer_has_a_length_limit()
    {
        Assert.True(Answer(Allergies, new string('a', IntakeQuestions.MaxAnswerLength)).Succeeded);
        Assert.Contains(IntakeQuestions.AnswerField(Allergies.Id), Answer(Allergies, new string('a', IntakeQuestions.MaxAnswerLength + 1)).Errors.Keys);
    }

    [Fact]
    public void A_service_without_questions_takes_no_answers()
    {
        Assert.True(IntakeQuestions.Answer([], new Dictionary<Guid, string?>()).Succeeded);
        Assert.False(IntakeQuestions.Answer([], new Dictionary<Guid, string?> { [Guid.NewGuid()] = "x" }).Succeeded);
    }

    /// <summary>Answers the other required questions well, and <paramref name="question"/> with <paramref name="value"/>.</summary>
    private static Platform.Core.Common.Outcome<IReadOnlyList<IntakeAnswer>> Answer(IntakeQuestion question, string value)
    {
        var answers = new Dictionary<Guid, string?> { [Allergies.Id] = "None", [FirstVisit.Id] = "No" };
        answers[question.Id] = value;
        return IntakeQuestions.Answer(Asked, answers);
    }
}
