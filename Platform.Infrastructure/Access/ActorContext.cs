using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;

namespace Platform.Infrastructure.Access;

/// <summary>Where an interactive scope (a circuit) finds its actor when nobody set one: the host's sign-in state.</summary>
public interface IActorSource
{
    ValueTask<Actor> ResolveAsync(CancellationToken ct = default);
}

/// <summary>
/// The scoped <see cref="ICurrentActor"/>. A request sets its actor once it is authenticated; a tenant scope for
/// background work sets <see cref="Actor.System"/>; a circuit asks its <see cref="IActorSource"/> each time, so a
/// sign-out or a changed role takes effect at once. Nothing set and no source: <see cref="Actor.Anonymous"/>.
/// </summary>
public sealed class ActorContext(IServiceProvider services) : ICurrentActor
{
    private Actor? _actor;

    public void Set(Actor actor) => _actor = actor;

    public ValueTask<Actor> GetAsync(CancellationToken ct = default) =>
        _actor is { } set ? ValueTask.FromResult(set)
            : services.GetService<IActorSource>() is { } source ? source.ResolveAsync(ct)
            : ValueTask.FromResult(Actor.Anonymous);
}
