using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;

namespace Platform.Infrastructure.Notifications;

/// <summary>Parses and renders the Liquid (Fluid) templates of e-mails and SMS; a syntax error is reported with its line.</summary>
public static partial class LiquidTemplates
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new();

    /// <summary>The template, or null with a message that names the line of the error.</summary>
    public static IFluidTemplate? Parse(string source, out string? error)
    {
        if (Parser.TryParse(source, out var template, out var raw))
        {
            error = null;
            return template;
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

    /// <summary>Renders with the values as top-level variables; <paramref name="html"/> escapes them for HTML.</summary>
    public static string Render(IFluidTemplate template, IReadOnlyDictionary<string, string> values, bool html)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in values)
        {
            context.SetValue(name, value);
        }

        return html ? template.Render(context, HtmlEncoder.Default) : template.Render(context, NullEncoder.Default);
    }

    [GeneratedRegex(@"\s*at \((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex Position();
}
