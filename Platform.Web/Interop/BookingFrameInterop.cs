using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Platform.Web.Interop;

/// <summary>The embeddable booking page's side of the iframe (js/booking-frame.js): it posts its height to the page that frames it.</summary>
public sealed class BookingFrameInterop(IJSRuntime js, NavigationManager navigation) : JsModule(js, navigation, "js/booking-frame.js")
{
    /// <summary>The script a host page includes beside the iframe, which sizes it (js/booking-embed.js, a classic script).</summary>
    public const string HostScriptPath = "js/booking-embed.js";

    /// <summary>Starts posting the height of the element the selector finds whenever it changes; false when the page is not framed.</summary>
    public ValueTask<bool> ReportHeightAsync(string selector, CancellationToken ct = default) => InvokeAsync<bool>("reportHeight", ct, selector);
}
