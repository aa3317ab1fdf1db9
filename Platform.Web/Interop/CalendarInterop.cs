using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Platform.Web.Interop;

/// <summary>
/// The staff calendar's pointer and keyboard handling (js/calendar.js): a dragged booking follows the pointer in the
/// browser, and only the drop comes to the server, through <see cref="CalendarDropTarget"/>.
/// </summary>
public sealed class CalendarInterop(IJSRuntime js, NavigationManager navigation) : JsModule(js, navigation, "js/calendar.js")
{
    /// <summary>Starts handling drags, resizes and arrow keys in the element that holds the calendar's grid.</summary>
    public async ValueTask AttachAsync(ElementReference surface, DotNetObjectReference<CalendarDropTarget> target, CancellationToken ct = default) =>
        await InvokeAsync<object?>("attach", ct, surface, target);

    /// <summary>Stops handling input in the element.</summary>
    public async ValueTask DetachAsync(ElementReference surface, CancellationToken ct = default) =>
        await InvokeAsync<object?>("detach", ct, surface);
}

/// <summary>A drop on the calendar: the booking, how far it moved (minutes, local days) and how much its length changed.</summary>
public sealed record CalendarDrop(Guid BookingId, int Minutes, int Days, int LengthMinutes);

/// <summary>What the calendar module calls when a booking is dropped or moved with the keyboard; true when the change was made.</summary>
public sealed class CalendarDropTarget(Func<CalendarDrop, Task<bool>> onDrop)
{
    [JSInvokable("Drop")]
    public Task<bool> DropAsync(string bookingId, int minutes, int days, int lengthMinutes) =>
        Guid.TryParse(bookingId, out var id) ? onDrop(new CalendarDrop(id, minutes, days, lengthMinutes)) : Task.FromResult(false);
}
