using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Platform.Web.Interop;

/// <summary>Charts drawn by Chart.js (js/charts.js) on a canvas, from a spec the server composes (<see cref="Components.Shared.Charts.ChartView"/>).</summary>
public sealed class ChartInterop(IJSRuntime js, NavigationManager navigation) : JsModule(js, navigation, "js/charts.js")
{
    /// <summary>Draws the chart on the canvas, or updates the one there in place.</summary>
    public async ValueTask DrawAsync(ElementReference canvas, object spec, CancellationToken ct = default) =>
        await InvokeAsync<object?>("draw", ct, canvas, spec);

    /// <summary>Takes the chart off the canvas and frees what Chart.js holds for it.</summary>
    public async ValueTask DisposeChartAsync(ElementReference canvas, CancellationToken ct = default) =>
        await InvokeAsync<object?>("dispose", ct, canvas);
}
