namespace Platform.Web.Components.Shared;

/// <summary>
/// Reloads a live view when news comes, one reload at a time: news that comes during a reload asks for one more reload
/// after it, however much came, never a queue of them. Called on the component's dispatcher (inside InvokeAsync).
/// </summary>
public sealed class ReloadOnNews(Func<Task> reload)
{
    private bool _running;
    private bool _again;

    public async Task NudgeAsync()
    {
        if (_running)
        {
            _again = true;
            return;
        }

        _running = true;
        try
        {
            do
            {
                _again = false;
                await reload();
            }
            while (_again);
        }
        finally
        {
            _running = false;
        }
    }
}
