using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Platform.Web.Interop;

/// <summary>What the browser knows about where its user is (js/locale.js); the server cannot know it.</summary>
public sealed class LocaleInterop(IJSRuntime js, NavigationManager navigation) : JsModule(js, navigation, "js/locale.js")
{
    /// <summary>The browser's IANA time zone, e.g. "Europe/Berlin" ("UTC" when it does not say). Check it before use.</summary>
    public ValueTask<string> TimeZoneAsync(CancellationToken ct = default) => InvokeAsync<string>("timeZone", ct);

    /// <summary>The browser's preferred language and region, e.g. "de-DE" ("" when it does not say). Check it before use.</summary>
    public ValueTask<string> LanguageAsync(CancellationToken ct = default) => InvokeAsync<string>("language", ct);
}
