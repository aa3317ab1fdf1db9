using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Platform.Core.Workflows;

namespace Platform.Web.Interop;

/// <summary>
/// The workflow designer's pointer, wheel and keyboard handling (js/designer.js): dragging steps, drawing links, panning
/// and zooming happen in the browser; only their results come to the server, through <see cref="DesignerTarget"/>.
/// </summary>
public sealed class DesignerInterop(IJSRuntime js, NavigationManager navigation) : JsModule(js, navigation, "js/designer.js")
{
    /// <summary>Starts handling input in the canvas and drags from the palette (none when read-only), and fits the view.</summary>
    public async ValueTask AttachAsync(ElementReference surface, ElementReference? palette, DotNetObjectReference<DesignerTarget> target, bool readOnly,
        CancellationToken ct = default) =>
        await InvokeAsync<object?>("attach", ct, surface, palette, target, new { readOnly });

    public async ValueTask DetachAsync(ElementReference surface, CancellationToken ct = default) =>
        await InvokeAsync<object?>("detach", ct, surface);

    public async ValueTask FitAsync(ElementReference surface, CancellationToken ct = default) =>
        await InvokeAsync<object?>("fit", ct, surface);

    public async ValueTask ZoomAsync(ElementReference surface, double factor, CancellationToken ct = default) =>
        await InvokeAsync<object?>("zoomBy", ct, surface, factor);

    /// <summary>Draws another editor's pointer with their name in their colour; no place removes it.</summary>
    public async ValueTask ShowPointerAsync(ElementReference surface, Guid seat, string name, string color, WorkflowPosition? at, CancellationToken ct = default) =>
        await InvokeAsync<object?>("showPointer", ct, surface, seat.ToString("D"), name, color, at?.X, at?.Y);

    /// <summary>Offers a text as a file to save.</summary>
    public async ValueTask DownloadAsync(string fileName, string text, CancellationToken ct = default) =>
        await InvokeAsync<object?>("download", ct, fileName, text);

    /// <summary>The canvas point in the middle of the view.</summary>
    public async ValueTask<WorkflowPosition> ViewCenterAsync(ElementReference surface, CancellationToken ct = default)
    {
        var center = await InvokeAsync<CanvasPoint>("viewCenter", ct, surface);
        return new WorkflowPosition(center.X, center.Y);
    }

    private sealed record CanvasPoint(double X, double Y);
}

/// <summary>What the designer module calls: the page's handlers, each answering whether it took the change.</summary>
public sealed class DesignerTarget(
    Func<IReadOnlyDictionary<string, WorkflowPosition>, Task<bool>> moved,
    Func<WorkflowEdge, Task<bool>> connect,
    Func<IReadOnlyList<string>, bool, Task> select,
    Func<string, WorkflowPosition, Task> drop,
    Func<string, Task> command,
    Func<WorkflowPosition?, Task> point)
{
    [JSInvokable("Moved")]
    public Task<bool> MovedAsync(string[] ids, double[] xs, double[] ys)
    {
        if (ids.Length != xs.Length || ids.Length != ys.Length || ids.Length == 0 || xs.Concat(ys).Any(v => !double.IsFinite(v)))
        {
            return Task.FromResult(false);
        }

        var positions = new Dictionary<string, WorkflowPosition>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            positions[ids[i]] = new WorkflowPosition(xs[i], ys[i]);
        }

        return moved(positions);
    }

    [JSInvokable("Connect")]
    public Task<bool> ConnectAsync(string from, string port, string to) => connect(new WorkflowEdge(from, port, to));

    [JSInvokable("Select")]
    public Task SelectAsync(string[] ids, bool additive) => select(ids, additive);

    [JSInvokable("Drop")]
    public Task DropAsync(string type, double x, double y) =>
        double.IsFinite(x) && double.IsFinite(y) ? drop(type, new WorkflowPosition(x, y)) : Task.CompletedTask;

    [JSInvokable("Command")]
    public Task CommandAsync(string name) => command(name);

    /// <summary>Where this editor's pointer is on the canvas (throttled by the module); none when it left the canvas.</summary>
    [JSInvokable("Point")]
    public Task PointAsync(double? x, double? y) =>
        point(x is { } px && y is { } py && double.IsFinite(px) && double.IsFinite(py) ? new WorkflowPosition(px, py) : null);
}
