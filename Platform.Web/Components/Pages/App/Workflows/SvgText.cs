using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Platform.Web.Components.Pages.App.Workflows;

/// <summary>An SVG <c>&lt;text&gt;</c> element, which Razor markup cannot write with attributes (it reads <c>&lt;text&gt;</c> as its own).</summary>
public sealed class SvgText : ComponentBase
{
    [Parameter]
    public string? Text { get; set; }

    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? Attributes { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "text");
        builder.AddMultipleAttributes(1, Attributes);
        builder.AddContent(2, Text);
        builder.CloseElement();
    }
}
