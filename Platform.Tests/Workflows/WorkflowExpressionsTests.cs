using Platform.Infrastructure.Workflows;

namespace Platform.Tests.Workflows;

/// <summary>
/// The expression language's limits (ADR 0027): only the functions we allow, no member access or types, values of
/// the plain kinds only, a bound on the text, the values and the result, a time limit, and parse errors with a position.
/// </summary>
public sealed class WorkflowExpressionsTests
{
    private static readonly WorkflowExpressions Expressions = new();

    private static readonly Dictionary<string, object?> Data = new()
    {
        ["booking.price"] = 650m,
        ["booking.status"] = "AwaitingApproval",
        ["approvals"] = 2,
        ["vip"] = true,
        ["booking.start"] = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero),
        ["note"] = null,
    };

    [Theory]
    [InlineData("[booking.price] >= 500 && vip", true)]
    [InlineData("[booking.status] == 'AwaitingApproval'", true)]
    [InlineData("if(approvals >= 2, 'both', 'one')", "both")]
    [InlineData("Max(approvals, 5)", 5)]
    [InlineData("[booking.status] in ('Confirmed', 'AwaitingApproval')", true)]
    [InlineData("'Dear ' + 'customer'", "Dear customer")]
    [InlineData("[booking.price] == 650", true)]
    [InlineData("[booking.price] + 1 == 651 && approvals == 2", true)]
    [InlineData("[booking.price] / 4", 162.5)]
    public void Evaluates_over_the_trigger_data_and_variables(string expression, object expected)
    {
        var result = Expressions.Evaluate(expression, Data);
        Assert.True(result.Succeeded, result.Problem?.ToString());
        Assert.Equal(Convert.ToString(expected, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(result.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("[booking.price] >= (500", 24)]
    [InlineData("vip && ", 5)]
    public void A_parse_error_says_where_the_parser_stopped(string expression, int position)
    {
        var problem = Expressions.Check(expression);
        Assert.NotNull(problem);
        Assert.Equal(position, problem.Position);
    }

    [Theory]
    [InlineData("Sqrt(4)")]
    [InlineData("Pow(10, 400)")]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("ReadAllText('/etc/passwd')")]
    [InlineData("GetType()")]
    [InlineData("note.GetType()")]
    [InlineData("typeof(string)")]
    [InlineData("new System.Net.WebClient()")]
    public void Nothing_beyond_the_allowed_functions_parses(string expression)
    {
        Assert.NotNull(Expressions.Check(expression));
        Assert.False(Expressions.Evaluate(expression, Data).Succeeded);
    }

    [Fact]
    public void An_unknown_function_is_named_where_it_is_called()
    {
        var problem = Expressions.Check("1 + Sqrt(4)");
        Assert.NotNull(problem);
        Assert.Equal(5, problem.Position);
        Assert.Contains("Sqrt", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_is_limited()
    {
        var longest = "1" + string.Concat(Enumerable.Repeat(" + 1", (WorkflowExpressions.MaxLength - 1) / 4));
        Assert.Null(Expressions.Check(longest));
        var problem = Expressions.Check(longest + " + 1 + 1");
        Assert.NotNull(problem);
        Assert.Contains($"at most {WorkflowExpressions.MaxLength}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_of_other_kinds_are_refused_before_evaluation()
    {
        var result = Expressions.Evaluate("x == x", new Dictionary<string, object?> { ["x"] = new Uri("file:///etc/passwd") });
        Assert.False(result.Succeeded);
        Assert.Contains("only text, numbers", result.Problem!.Message, StringComparison.Ordinal);

        var huge = Expressions.Evaluate("x", new Dictionary<string, object?> { ["x"] = new string('x', WorkflowExpressions.MaxStringLength + 1) });
        Assert.False(huge.Succeeded);
    }

    [Fact]
    public void A_result_too_long_is_refused()
    {
        var half = new string('x', WorkflowExpressions.MaxStringLength / 2 + 1);
        var result = Expressions.Evaluate("a + a", new Dictionary<string, object?> { ["a"] = half });
        Assert.False(result.Succeeded);
        Assert.Contains("longer than", result.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_time_limit_stops_parse_and_evaluation()
    {
        // A limit that has passed before the work starts: the count of results, not a stopwatch, shows it is honoured.
        var spent = new WorkflowExpressions { TimeLimit = TimeSpan.Zero };
        Assert.Contains("longer than", spent.Check("1 + 1")!.Message, StringComparison.Ordinal);
        Assert.False(spent.Evaluate("1 + 1", Data).Succeeded);
    }

    [Fact]
    public void A_missing_variable_or_a_bad_operation_is_a_problem_not_an_exception()
    {
        Assert.False(Expressions.Evaluate("missing > 1", Data).Succeeded);
        Assert.False(Expressions.Evaluate("vip / 0", Data).Succeeded);
        Assert.False(Expressions.Evaluate("[booking.start] * 2", Data).Succeeded);
    }
}
