namespace Platform.Tests.Support;

/// <summary>
/// A clock whose "now" the test sets, but whose timers and delays are real: the HTTP resilience pipeline
/// (retry waits, timeouts) takes its TimeProvider from the container and would never wake under FakeTimeProvider.
/// </summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
