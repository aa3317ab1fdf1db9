namespace Platform.Web.Components.Notifications;

/// <summary>
/// Tells the bell and the notifications page of one circuit that read state changed on the other, so the
/// count in the App bar follows "mark all read" on the page and the other way round.
/// </summary>
public sealed class NotificationCenterState
{
    public event Func<Task>? ReadStateChanged;

    public async Task ReadStateChangedAsync()
    {
        if (ReadStateChanged is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
            {
                await handler();
            }
        }
    }
}
