using Microsoft.JSInterop;

namespace Platform.Web.Interop;

/// <summary>The browser's clipboard (navigator.clipboard), which needs a secure context and the page in front.</summary>
public sealed class ClipboardInterop(IJSRuntime js)
{
    /// <summary>Writes text to the clipboard; throws <see cref="JSException"/> when the browser refuses.</summary>
    public ValueTask WriteTextAsync(string text, CancellationToken ct = default) =>
        js.InvokeVoidAsync("navigator.clipboard.writeText", ct, text);
}
