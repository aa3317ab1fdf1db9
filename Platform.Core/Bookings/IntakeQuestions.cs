using Platform.Core.Common;
using Platform.Core.Errors;

namespace Platform.Core.Bookings;

/// <summary>How a customer answers an intake question: in their own words, by picking one option, or yes or no.</summary>
public enum IntakeQuestionKind
{
    Text = 0,
    Choice = 1,
    YesNo = 2,
}

/// <summary>
/// A question a service asks whoever books it, such as "Any allergies?". A choice question has its options; the others
/// have none. The id stays the same while the question is edited, so answers name the question they answer.
/// </summary>
public sealed record IntakeQuestion(Guid Id, string Label, IntakeQuestionKind Kind, bool Required, IReadOnlyList<string> Options);

/// <summary>
/// An answer as the booking keeps it: the question's id and its label when it was answered, and the answer. A copy, so a
/// service whose questions change later does not change what past bookings say.
/// </summary>
public sealed record IntakeAnswer(Guid QuestionId, string Question, string Answer);

/// <summary>
/// The rules of a service's intake questions and of the answers to them. A service asks at most
/// <see cref="MaxQuestions"/> questions, each labelled in 1 to <see cref="MaxLabelLength"/> characters; a choice question
/// has 1 to <see cref="MaxOptions"/> distinct options of 1 to <see cref="MaxOptionLength"/> characters. A text answer has
/// at most <see cref="MaxAnswerLength"/> characters; a choice answer is one of the options, exactly as written; a yes/no
/// answer is <see cref="Yes"/> or <see cref="No"/> (any case). Problems name their field: <c>Questions[2].Label</c>, or
/// <c>Answers[{question id}]</c>. Nothing is changed silently: input is trimmed at most.
/// </summary>
public static class IntakeQuestions
{
    /// <summary>Ten questions keep the booking form short enough to finish on a phone.</summary>
    public const int MaxQuestions = 10;

    public const int MaxLabelLength = 200;

    public const int MaxOptions = 20;

    public const int MaxOptionLength = 100;

    public const int MaxAnswerLength = 1000;

    public const string Yes = "Yes";

    public const string No = "No";

    public const string QuestionsField = "Questions";

    public const string AnswersField = "Answers";

    /// <summary>The field a problem with question <paramref name="index"/> (from 0) names, e.g. <c>Questions[0].Label</c>.</summary>
    public static string QuestionField(int index, string part) => $"{QuestionsField}[{index}].{part}";

    /// <summary>The field a problem with the answer to a question names.</summary>
    public static string AnswerField(Guid questionId) => $"{AnswersField}[{questionId:D}]";

    /// <summary>Every problem with a service's list of questions, in order; none when it may be saved.</summary>
    public static IReadOnlyList<DomainError> Check(IReadOnlyList<IntakeQuestion> questions)
    {
        var problems = new List<DomainError>();
        if (questions.Count > MaxQuestions)
        {
            problems.Add(Invalid(QuestionsField, $"A service asks at most {MaxQuestions} questions."));
        }

        var ids = new HashSet<Guid>();
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            if (question.Id == Guid.Empty || !ids.Add(question.Id))
            {
                problems.Add(Invalid(QuestionField(i, "Id"), $"Question {i + 1} needs an id of its own."));
            }

            var label = (question.Label ?? "").Trim();
            if (label.Length == 0)
            {
                problems.Add(Invalid(QuestionField(i, "Label"), $"Question {i + 1} needs a label."));
            }
            else if (label.Length > MaxLabelLength)
            {
                problems.Add(Invalid(QuestionField(i, "Label"), $"Question {i + 1}'s label has at most {MaxLabelLength} characters."));
            }

            if (!Enum.IsDefined(question.Kind))
            {
                problems.Add(Invalid(QuestionField(i, "Kind"), $"Question {i + 1} is a text, choice or yes/no question."));
            }

            if (OptionsProblem(question, i) is { } options)
            {
                problems.Add(options);
            }
        }

        return problems;
    }

    /// <summary>The questions as they are stored: labels and options trimmed, nothing else changed. Call after <see cref="Check"/> found nothing.</summary>
    public static IReadOnlyList<IntakeQuestion> Normalized(IReadOnlyList<IntakeQuestion> questions) =>
        [.. questions.Select(q => q with { Label = q.Label.Trim(), Options = [.. (q.Options ?? []).Select(o => o.Trim())] })];

    /// <summary>
    /// Checks the answers given to a service's questions (by question id; a blank answer is no answer) and, when they are
    /// all right, returns the copies the booking keeps, in the questions' order, leaving out optional questions not
    /// answered. Otherwise every problem: a required question not answered, an answer to no question of the service, a
    /// choice that is not one of the options, a yes/no answer that is neither, a text too long.
    /// </summary>
    public static Outcome<IReadOnlyList<IntakeAnswer>> Answer(IReadOnlyList<IntakeQuestion> questions, IReadOnlyDictionary<Guid, string?> answers)
    {
        var problems = new List<DomainError>();
        var known = questions.Select(q => q.Id).ToHashSet();
        foreach (var unknown in answers.Keys.Where(id => !known.Contains(id)))
        {
            problems.Add(Invalid(AnswerField(unknown), "This service asks no such question."));
        }

        var kept = new List<IntakeAnswer>();
        foreach (var question in questions)
        {
            var given = answers.TryGetValue(question.Id, out var value) ? (value ?? "").Trim() : "";
            if (given.Length == 0)
            {
                if (question.Required)
                {
                    problems.Add(Invalid(AnswerField(question.Id), $"Answer “{question.Label}”."));
                }

                continue;
            }

            switch (AnswerOf(question, given))
            {
                case (null, { } problem):
                    problems.Add(problem);
                    break;
                case ({ } answer, _):
                    kept.Add(new IntakeAnswer(question.Id, question.Label, answer));
                    break;
            }
        }

        return problems.Count == 0
            ? Outcome<IReadOnlyList<IntakeAnswer>>.Ok(kept)
            : Outcome<IReadOnlyList<IntakeAnswer>>.Fail(
                problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
    }

    private static (string? Answer, DomainError? Problem) AnswerOf(IntakeQuestion question, string given) => question.Kind switch
    {
        IntakeQuestionKind.Choice => question.Options.Contains(given, StringComparer.Ordinal)
            ? (given, null)
            : (null, Invalid(AnswerField(question.Id), $"Choose one of the options for “{question.Label}”.")),
        IntakeQuestionKind.YesNo => string.Equals(given, Yes, StringComparison.OrdinalIgnoreCase) ? (Yes, null)
            : string.Equals(given, No, StringComparison.OrdinalIgnoreCase) ? (No, null)
            : (null, Invalid(AnswerField(question.Id), $"Answer “{question.Label}” with yes or no.")),
        _ => given.Length > MaxAnswerLength
            ? (null, Invalid(AnswerField(question.Id), $"The answer to “{question.Label}” has at most {MaxAnswerLength} characters."))
            : (given, null),
    };

    private static DomainError? OptionsProblem(IntakeQuestion question, int index)
    {
        var options = (question.Options ?? []).Select(o => (o ?? "").Trim()).ToList();
        var field = QuestionField(index, "Options");
        if (question.Kind != IntakeQuestionKind.Choice)
        {
            return options.Count == 0 ? null : Invalid(field, $"Only choice questions have options: remove question {index + 1}'s options or make it a choice.");
        }

        return options.Count == 0 ? Invalid(field, $"Question {index + 1} is a choice: give it at least one option.")
            : options.Count > MaxOptions ? Invalid(field, $"A choice has at most {MaxOptions} options.")
            : options.Any(o => o.Length == 0) ? Invalid(field, $"Question {index + 1} has an empty option: fill it in or remove it.")
            : options.Any(o => o.Length > MaxOptionLength) ? Invalid(field, $"An option has at most {MaxOptionLength} characters.")
            : options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count ? Invalid(field, $"Question {index + 1} has the same option twice.")
            : null;
    }

    private static DomainError Invalid(string field, string message) => new(ErrorCodes.ValidationFailed, field, message);
}
