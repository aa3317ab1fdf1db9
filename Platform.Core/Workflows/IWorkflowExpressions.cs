namespace Platform.Core.Workflows;

/// <summary>
/// The expression language of workflows (ADR 0027), as a port: Core checks expressions while validating a
/// definition, Infrastructure implements the language.
/// </summary>
public interface IWorkflowExpressions
{
    /// <summary>Null when <paramref name="expression"/> parses and uses only what the language offers; otherwise why not, with its position.</summary>
    ExpressionProblem? Check(string expression);

    /// <summary>
    /// The value of <paramref name="expression"/> over <paramref name="values"/> (the trigger's data, the variables and the
    /// earlier steps' outputs): text, numbers, yes/no, times and nothing; or why there is none.
    /// </summary>
    ExpressionResult Evaluate(string expression, IReadOnlyDictionary<string, object?> values);
}

/// <summary>The value of an expression, or why there is none.</summary>
public sealed record ExpressionResult(object? Value, ExpressionProblem? Problem)
{
    public bool Succeeded => Problem is null;
}

/// <summary>Why an expression is refused; <see cref="Position"/> is the 1-based column, when the parser knows it.</summary>
public sealed record ExpressionProblem(string Message, int? Position)
{
    public override string ToString() => Position is { } p ? $"{Message} (at character {p})" : Message;
}
