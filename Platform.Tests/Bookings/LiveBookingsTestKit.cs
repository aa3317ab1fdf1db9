using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Infrastructure.Access;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Realtime;
using Platform.Infrastructure.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>An open booking dialog as the live bookings tests stand in for it: what it was told, heard from any thread.</summary>
public sealed class RecordingViewer : IBookingViewer
{
    private readonly Lock _gate = new();
    private readonly List<BookingChangeNews> _changes = [];
    private IReadOnlyList<BookingViewerName> _others = [];

    public IReadOnlyList<BookingViewerName> Others { get { lock (_gate) { return _others; } } }

    public IReadOnlyList<BookingChangeNews> Changes { get { lock (_gate) { return [.. _changes]; } } }

    public void Viewers(IReadOnlyList<BookingViewerName> others)
    {
        lock (_gate)
        {
            _others = others;
        }
    }

    public Task ChangedAsync(BookingChangeNews change)
    {
        lock (_gate)
        {
            _changes.Add(change);
        }

        return Task.CompletedTask;
    }
}

public static class LiveBookingsTestKit
{
    /// <summary>A circuit's scope on <paramref name="app"/>: the tenant's, with the actor signed in, kept for as long as the test needs it.</summary>
    public static async Task<AsyncServiceScope> CircuitAsync(PlatformAppFactory app, string slug, Actor actor)
    {
        var scope = await app.Services.GetRequiredService<TenantScopeFactory>().CreateAsync(await app.TenantIdAsync(slug));
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor);
        return scope;
    }
}
