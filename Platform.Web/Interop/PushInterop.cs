using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Platform.Web.Interop;

/// <summary>Web Push subscription of this browser (js/push.js, which registers the worker push-sw.js).</summary>
public sealed class PushInterop(IJSRuntime js, NavigationManager navigation) : JsModule(js, navigation, "js/push.js")
{
    /// <summary>Whether this browser can receive pushes, its permission, and its subscription's endpoint.</summary>
    public ValueTask<PushState> StateAsync(CancellationToken ct = default) => InvokeAsync<PushState>("state", ct);

    /// <summary>Asks permission if needed (call it from a click) and subscribes with the server's VAPID public key.</summary>
    public ValueTask<PushSubscribeResult> SubscribeAsync(string publicKey, CancellationToken ct = default) =>
        InvokeAsync<PushSubscribeResult>("subscribe", ct, publicKey);

    /// <summary>Cancels this browser's subscription; returns the endpoint it had, or null when there was none.</summary>
    public ValueTask<string?> UnsubscribeAsync(CancellationToken ct = default) => InvokeAsync<string?>("unsubscribe", ct);
}

/// <summary>What push.js reports about this browser (Permission as <see cref="NotifyInterop.PermissionAsync"/>).</summary>
public sealed record PushState(bool Supported, string Permission, string? Endpoint);

/// <summary>push.js's answer to subscribe: the subscription's JSON and the user agent, or a sentence for the person.</summary>
public sealed record PushSubscribeResult(string? Subscription, string? UserAgent, string? Error);
