using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Platform.Infrastructure.Notifications;

/// <summary>
/// How much one render of a tenant's template may do, so that no template can hold the shared dispatcher:
/// steps (each loop round and each tag executed is one; a range counts its numbers too), characters of
/// output (and of any value a tag or filter makes), and time.
/// </summary>
public sealed record TemplateLimits(int MaxSteps, int MaxOutputLength, TimeSpan MaxRenderTime)
{
    /// <summary>Far beyond any real e-mail or SMS (the defaults take a few dozen steps and a few hundred characters).</summary>
    public static readonly TemplateLimits Default = new(10_000, 100_000, TimeSpan.FromSeconds(2));

    /// <summary>How deep blocks may nest (Fluid's own recursion limit).</summary>
    public const int MaxNesting = 100;
}

/// <summary>A template went beyond <see cref="TemplateLimits"/> while rendering: that message fails, with this reason.</summary>
public sealed class TemplateLimitException(string message) : InvalidOperationException(message);

/// <summary>Parses and renders the Liquid (Fluid) templates of e-mails and SMS; a syntax error is reported with its line.</summary>
public static partial class LiquidTemplates
{
    private const string BudgetKey = "platform.template-budget";
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = CreateOptions();

    /// <summary>The template, or null with a message that names the line of the error.</summary>
    public static IFluidTemplate? Parse(string source, out string? error)
    {
        if (Parser.TryParse(source, out var template, out var raw))
        {
            error = null;
            // Fluid builds a range's whole array before a loop counts a step: (1..2000000000) would take gigabytes.
            return new RangeGuard().VisitTemplate(template);
        }

        error = Describe(raw);
        return null;
    }

    /// <summary>Fluid says "... at (line:column)"; people read "Line 3: ...".</summary>
    public static string Describe(string? raw)
    {
        raw ??= "The template is not valid Liquid.";
        // Fluid quotes the offending line after "Source:"; the editor shows that line already.
        var source = raw.IndexOf("Source:", StringComparison.Ordinal);
        var withoutSource = (source >= 0 ? raw[..source] : raw).ReplaceLineEndings(" ").Trim();
        var position = Position().Match(raw);
        if (!position.Success)
        {
            return $"Line 1: {withoutSource}";
        }

        var message = Position().Replace(withoutSource, "").Trim().TrimEnd('.', ',');
        return $"Line {position.Groups["line"].Value}, column {position.Groups["column"].Value}: {message}.";
    }

    /// <summary>
    /// A loop over a literal range longer than the step limit can never finish: the first one, with its line and column,
    /// or null. Ranges over variables are caught when rendering.
    /// </summary>
    public static string? FindOversizedRange(string source, TemplateLimits limits)
    {
        foreach (Match tag in Tag().Matches(source))
        {
            foreach (Match range in LiteralRange().Matches(tag.Value))
            {
                var from = decimal.Parse(range.Groups["from"].Value, CultureInfo.InvariantCulture);
                var to = decimal.Parse(range.Groups["to"].Value, CultureInfo.InvariantCulture);
                if (to - from + 1 > limits.MaxSteps)
                {
                    var at = tag.Index + range.Index;
                    var line = source.AsSpan(0, at).Count('\n') + 1;
                    var column = at - (source.LastIndexOf('\n', Math.Max(0, at - 1)) + 1) + 1;
                    return string.Create(CultureInfo.InvariantCulture, $"Line {line}, column {column}: the range {range.Value.Trim()} has {to - from + 1:N0} numbers; ")
                           + string.Create(CultureInfo.InvariantCulture, $"a template may take at most {limits.MaxSteps:N0} steps (each loop round is one).");
                }
            }
        }

        return null;
    }

    /// <summary>Renders with the values as top-level variables; <paramref name="html"/> escapes them for HTML.</summary>
    /// <exception cref="TemplateLimitException">The template went beyond the <see cref="TemplateLimits.Default"/> limits.</exception>
    public static string Render(IFluidTemplate template, IReadOnlyDictionary<string, string> values, bool html) =>
        Render(template, values, html, TemplateLimits.Default);

    /// <summary>Renders within <paramref name="limits"/>; going beyond one stops the render with a <see cref="TemplateLimitException"/>.</summary>
    public static string Render(IFluidTemplate template, IReadOnlyDictionary<string, string> values, bool html, TemplateLimits limits)
    {
        var budget = new RenderBudget(limits);
        var context = new TemplateContext(Options) { MaxSteps = limits.MaxSteps };
        context.AmbientValues[BudgetKey] = budget;
        foreach (var (name, value) in values)
        {
            context.SetValue(name, value);
        }

        using var output = new BoundedWriter(budget);
        try
        {
            var rendering = template.RenderAsync(output, html ? HtmlEncoder.Default : NullEncoder.Default, context);
            if (!rendering.IsCompletedSuccessfully)
            {
                rendering.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (InvalidOperationException e) when (e is not TemplateLimitException && e.Message.StartsWith("The maximum", StringComparison.Ordinal))
        {
            // Fluid's step and nesting limits both say "maximum level of recursion".
            throw new TemplateLimitException(string.Create(CultureInfo.InvariantCulture,
                $"The template needs more than {limits.MaxSteps:N0} steps (each loop round and tag is one), or nests blocks more than {TemplateLimits.MaxNesting} deep."));
        }

        return output.ToString();
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MaxRecursion = TemplateLimits.MaxNesting };
        foreach (var (name, filter) in options.Filters.ToList())
        {
            options.Filters.AddFilter(name, Guarded(name, filter));
        }

        options.Assigned = (_, value, context) => ValueTask.FromResult(BudgetOf(context).Checked(value));
        options.Captured = (_, value, context) => ValueTask.FromResult(BudgetOf(context).Checked(value));
        return options;
    }

    /// <summary>
    /// Every filter checks the clock first, and its result after; the two that multiply (replace, join) are sized before they
    /// run, since "{{ s | replace: 'a', s }}" makes the square of a value's length in one call.
    /// </summary>
    private static FilterDelegate Guarded(string name, FilterDelegate filter) => async (input, arguments, context) =>
    {
        var budget = BudgetOf(context);
        budget.CheckTime();
        if (name == "replace" && arguments.Count >= 1 && input.Type == FluidValues.String)
        {
            var text = input.ToStringValue();
            var search = arguments.At(0).ToStringValue();
            var replacement = arguments.Count > 1 ? arguments.At(1).ToStringValue() : "";
            budget.CheckLength(text.Length + ((long)Occurrences(text, search) * Math.Max(0, replacement.Length - search.Length)));
        }
        else if (name == "join" && input is ArrayValue items)
        {
            var glue = arguments.Count > 0 ? arguments.At(0).ToStringValue().Length : 1;
            budget.CheckLength((long)items.Values.Count * glue);
        }

        return budget.Checked(await filter(input, arguments, context));
    };

    private static int Occurrences(string text, string search)
    {
        if (search.Length == 0)
        {
            return text.Length + 1;
        }

        var count = 0;
        for (var at = text.IndexOf(search, StringComparison.Ordinal); at >= 0; at = text.IndexOf(search, at + search.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static RenderBudget BudgetOf(TemplateContext context) =>
        context.AmbientValues.TryGetValue(BudgetKey, out var budget) ? (RenderBudget)budget : throw new InvalidOperationException("Templates render through LiquidTemplates.Render.");

    [GeneratedRegex(@"\s*at \((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex Position();

    [GeneratedRegex(@"\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\(\s*(?<from>-?\d{1,20})\s*\.\.\s*(?<to>-?\d{1,20})\s*\)")]
    private static partial Regex LiteralRange();

    /// <summary>What one render has used so far.</summary>
    private sealed class RenderBudget(TemplateLimits limits)
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public TemplateLimits Limits => limits;

        public void CheckTime()
        {
            if (Stopwatch.GetElapsedTime(_started) >= limits.MaxRenderTime)
            {
                throw new TemplateLimitException(string.Create(CultureInfo.InvariantCulture, $"The template took longer than {limits.MaxRenderTime.TotalSeconds:0.###} seconds to render."));
            }
        }

        public void CheckLength(long length)
        {
            if (length > limits.MaxOutputLength)
            {
                throw new TemplateLimitException(string.Create(CultureInfo.InvariantCulture, $"The template makes more than {limits.MaxOutputLength:N0} characters of text."));
            }
        }

        /// <summary>The value, when it stays within the output limit.</summary>
        public FluidValue Checked(FluidValue value)
        {
            CheckTime();
            CheckLength(value switch
            {
                StringValue s => s.ToStringValue().Length,
                ArrayValue a => a.Values.Count,
                _ => 0,
            });
            return value;
        }
    }

    /// <summary>Collects the output and stops the render once it is too long or has taken too long.</summary>
    private sealed class BoundedWriter(RenderBudget budget) : StringWriter(CultureInfo.InvariantCulture)
    {
        private StringBuilder Text => GetStringBuilder();

        public override void Write(char value)
        {
            Admit(1);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Admit(count);
            base.Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Admit(buffer.Length);
            base.Write(buffer);
        }

        public override void Write(string? value)
        {
            Admit(value?.Length ?? 0);
            base.Write(value);
        }

        public override Task WriteAsync(char value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(char[] buffer, int index, int count)
        {
            Write(buffer, index, count);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return Task.CompletedTask;
        }

        private void Admit(int count)
        {
            budget.CheckTime();
            budget.CheckLength((long)Text.Length + count);
        }
    }

    /// <summary>Puts every range behind a size check and counts its numbers as steps.</summary>
    private sealed class RangeGuard : AstRewriter
    {
        protected override Expression VisitRangeExpression(RangeExpression rangeExpression)
        {
            var visited = base.VisitRangeExpression(rangeExpression);
            return visited is RangeExpression range ? new BoundedRange(range.From, range.To) : visited;
        }
    }

    private sealed class BoundedRange(Expression from, Expression to) : Expression
    {
        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            var start = (await from.EvaluateAsync(context)).ToNumberValue();
            var end = (await to.EvaluateAsync(context)).ToNumberValue();
            var budget = BudgetOf(context);
            budget.CheckTime();
            var length = end < start ? 0 : Math.Floor(end) - Math.Floor(start) + 1;
            if (length > budget.Limits.MaxSteps)
            {
                throw new TemplateLimitException(string.Create(CultureInfo.InvariantCulture,
                    $"The range ({start}..{end}) has {length:N0} numbers; a template may take at most {budget.Limits.MaxSteps:N0} steps (each loop round is one)."));
            }

            if (length > 0 && (start < int.MinValue || end > int.MaxValue))
            {
                throw new TemplateLimitException(string.Create(CultureInfo.InvariantCulture, $"The range ({start}..{end}) goes beyond the numbers a template counts with."));
            }

            var first = length > 0 ? (int)Math.Floor(start) : 0;
            var numbers = new FluidValue[(int)length];
            for (var i = 0; i < numbers.Length; i++)
            {
                context.IncrementSteps();
                numbers[i] = NumberValue.Create(first + i);
            }

            return new ArrayValue(numbers);
        }
    }
}
