using System.Globalization;
using System.Text.RegularExpressions;
using NCalc;
using NCalc.Exceptions;
using Platform.Core.Workflows;

namespace Platform.Infrastructure.Workflows;

/// <summary>
/// The expression language of workflows (ADR 0027): NCalc, which has operators, literals, the variables we pass in and
/// a few functions, and nothing else: no member access, no types, no loops, no I/O. On top of it a size limit (the
/// text, the values passed in and the result), a whitelist of functions and a time limit on every parse and evaluation.
/// Variables are named as the trigger's data spells them; dotted names go in brackets: <c>[booking.price] &gt; 100</c>.
/// </summary>
public sealed partial class WorkflowExpressions : IWorkflowExpressions
{
    public const int MaxLength = 1000;
    public const int MaxStringLength = 10_000;

    /// <summary>The functions an expression may call: arithmetic and choice, none that reaches anything outside.</summary>
    public static readonly IReadOnlySet<string> Functions = new HashSet<string>(StringComparer.Ordinal)
    {
        "Abs", "Ceiling", "Floor", "Max", "Min", "Round", "Sign", "Truncate", "if", "ifs", "in",
    };

    private const ExpressionOptions Options = ExpressionOptions.NoCache | ExpressionOptions.OrdinalStringComparer | ExpressionOptions.DecimalAsDefault
        | ExpressionOptions.OverflowProtection | ExpressionOptions.AllowNullParameter;

    /// <summary>How long one parse or evaluation may take before it is abandoned.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMilliseconds(250);

    public ExpressionProblem? Check(string expression) => Parse(expression, out _);

    /// <summary>
    /// Evaluates <paramref name="expression"/> over <paramref name="values"/> (the trigger's data and the variables):
    /// strings, numbers, booleans, times and nulls only; anything else is refused before NCalc sees it.
    /// </summary>
    public ExpressionResult Evaluate(string expression, IReadOnlyDictionary<string, object?> values)
    {
        if (Parse(expression, out var parsed) is { } problem)
        {
            return new(null, problem);
        }

        foreach (var (name, value) in values)
        {
            if (!Allowed(value))
            {
                return new(null, new ExpressionProblem($"The value of “{name}” is a {value!.GetType().Name}; only text, numbers, yes/no, times and nothing are passed to expressions.", null));
            }

            // Every number is a decimal, as every literal is (DecimalAsDefault): NCalc's == compares 2 and 2.0 of different types as unequal.
            parsed!.Parameters[name] = value is int or long or double ? Convert.ToDecimal(value, CultureInfo.InvariantCulture) : value;
        }

        using var limit = new CancellationTokenSource(TimeLimit);
        try
        {
            var result = parsed!.Evaluate(limit.Token);
            return result is string { Length: > MaxStringLength }
                ? new(null, new ExpressionProblem($"The result is longer than {MaxStringLength} characters.", null))
                : new(result, null);
        }
        catch (OperationCanceledException)
        {
            return new(null, new ExpressionProblem($"The expression took longer than {TimeLimit.TotalMilliseconds} ms.", null));
        }
        catch (NCalcParameterNotDefinedException e)
        {
            return new(null, new ExpressionProblem(e.Message, null));
        }
        catch (Exception e) when (e is NCalcException or InvalidCastException or FormatException or OverflowException or ArgumentException or InvalidOperationException or DivideByZeroException)
        {
            return new(null, new ExpressionProblem($"The expression could not be evaluated: {e.Message}", null));
        }
    }

    private ExpressionProblem? Parse(string expression, out Expression? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            return new ExpressionProblem("The expression is empty.", 1);
        }

        if (expression.Length > MaxLength)
        {
            return new ExpressionProblem($"The expression is {expression.Length} characters long; at most {MaxLength} are allowed.", MaxLength + 1);
        }

        using var limit = new CancellationTokenSource(TimeLimit);
        var candidate = new Expression(expression, Options) { CultureInfo = CultureInfo.InvariantCulture };
        try
        {
            var failed = candidate.HasErrors(limit.Token);
            if (limit.IsCancellationRequested || candidate.Error is OperationCanceledException)
            {
                return new ExpressionProblem($"Reading the expression took longer than {TimeLimit.TotalMilliseconds} ms.", null);
            }

            if (failed)
            {
                return ProblemOf(candidate.Error);
            }

            foreach (var name in candidate.GetFunctionNames(limit.Token).Where(n => !Functions.Contains(n)))
            {
                var at = FunctionCall(name).Match(expression);
                return new ExpressionProblem($"“{name}” is not a function of the language; use {string.Join(", ", Functions)}.", at.Success ? at.Index + 1 : null);
            }
        }
        catch (OperationCanceledException)
        {
            return new ExpressionProblem($"Reading the expression took longer than {TimeLimit.TotalMilliseconds} ms.", null);
        }

        parsed = candidate;
        return null;
    }

    /// <summary>NCalc wraps the parser's message, "... at position (line:column)", in its own; the inner one says where.</summary>
    private static ExpressionProblem ProblemOf(Exception? error)
    {
        var inner = error;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        var message = inner?.Message ?? "The expression cannot be read.";
        var position = Position().Match(message);
        return position.Success
            ? new ExpressionProblem(message[..position.Index].Trim(), int.Parse(position.Groups["column"].Value, CultureInfo.InvariantCulture))
            : new ExpressionProblem(message.TrimEnd('.') + ".", null);
    }

    private static bool Allowed(object? value) => value is null or string { Length: <= MaxStringLength } or bool or int or long or decimal or double
        or DateTime or DateTimeOffset;

    private static Regex FunctionCall(string name) => new($@"\b{Regex.Escape(name)}\s*\(", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    [GeneratedRegex(@"at position \((?<line>\d+):(?<column>\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex Position();
}
