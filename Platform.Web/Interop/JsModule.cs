using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Platform.Web.Interop;

/// <summary>
/// One ES module of Platform.Web/wwwroot/js (built from wwwroot-assets/src, ADR 0019), imported on first use
/// and shared by every component of the circuit. The address is relative to the page's base, not to
/// blazor.web.js, so a tenant at /t/{slug}/ loads its own copy. Wrappers derive from it and expose typed methods.
/// </summary>
public abstract class JsModule(IJSRuntime js, NavigationManager navigation, string path) : IAsyncDisposable
{
    private Task<IJSObjectReference>? _module;

    /// <summary>The module's path under wwwroot, e.g. "js/notify.js".</summary>
    public string Path { get; } = path;

    /// <summary>Calls an exported function of the module and returns its result.</summary>
    protected async ValueTask<T> InvokeAsync<T>(string function, CancellationToken ct, params object?[] args)
    {
        var module = await ModuleAsync(ct);
        return await module.InvokeAsync<T>(function, ct, args);
    }

    private async Task<IJSObjectReference> ModuleAsync(CancellationToken ct)
    {
        _module ??= js.InvokeAsync<IJSObjectReference>("import", ct, navigation.ToAbsoluteUri(Path).AbsoluteUri).AsTask();
        try
        {
            return await _module;
        }
        catch
        {
            _module = null; // a cancelled or failed import is tried again on the next call
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is { IsCompletedSuccessfully: true } loaded)
        {
            try
            {
                await loaded.Result.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone already, and the module with it.
            }
        }

        _module = null;
        GC.SuppressFinalize(this);
    }
}
