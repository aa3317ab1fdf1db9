using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Platform.Web.Interop;

/// <summary>Browser (system) notifications for the notification bell (js/notify.js).</summary>
public sealed class NotifyInterop(IJSRuntime js, NavigationManager navigation) : JsModule(js, navigation, "js/notify.js")
{
    /// <summary>"granted", "denied", "default" or "unsupported".</summary>
    public ValueTask<string> PermissionAsync(CancellationToken ct = default) => InvokeAsync<string>("permission", ct);

    /// <summary>Asks the person for permission (call it from a click) and returns the resulting permission.</summary>
    public ValueTask<string> RequestPermissionAsync(CancellationToken ct = default) => InvokeAsync<string>("requestPermission", ct);

    /// <summary>Shows a system notification if the page is hidden and permission was granted; true when shown.</summary>
    public ValueTask<bool> ShowIfHiddenAsync(string title, string? body, string? href, string? tag, CancellationToken ct = default) =>
        InvokeAsync<bool>("showIfHidden", ct, title, body, href, tag);
}
