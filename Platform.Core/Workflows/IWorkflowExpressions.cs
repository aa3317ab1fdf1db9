namespace Platform.Core.Workflows;

/// <summary>
/// The expression language of workflows (ADR 0027), as a port: Core checks expressions while validating a
/// definition, Infrastructure implements the language.
/// </summary>
public interface IWorkflowExpressions
{
    /// <summary>Null when <paramref name="expression"/> parses and uses only what the language offers; otherwise why not, with its position.</summary>
    ExpressionProblem? Check(string expression);
}

/// <summary>Why an expression is refused; <see cref="Position"/> is the 1-based column, when the parser knows it.</summary>
public sealed record ExpressionProblem(string Message, int? Position)
{
    public override string ToString() => Position is { } p ? $"{Message} (at character {p})" : Message;
}
