using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Events;

namespace Platform.Infrastructure.Events;

/// <summary>A message type the outbox can read back, registered with <see cref="EventsServiceCollectionExtensions.AddMessageHandler{TMessage, THandler}"/>.</summary>
public sealed record MessageTypeRegistration(Type Type);

/// <summary>Stable names to CLR types and back, the JSON form of payloads, and how to find a message's handlers.</summary>
public sealed class MessageTypes
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, (Type Type, HandlerInvoker Invoker)> _byName = new(StringComparer.Ordinal);

    public MessageTypes(IEnumerable<MessageTypeRegistration> registrations)
    {
        var core = typeof(IOutboxMessage).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IOutboxMessage).IsAssignableFrom(t) && t.IsDefined(typeof(MessageTypeAttribute), false));
        foreach (var type in core.Concat(registrations.Select(r => r.Type)).Distinct())
        {
            var name = MessageTypeAttribute.NameOf(type);
            if (_byName.TryGetValue(name, out var known) && known.Type != type)
            {
                throw new InvalidOperationException($"The message type name '{name}' is used by {known.Type.Name} and {type.Name}.");
            }

            _byName[name] = (type, (HandlerInvoker)Activator.CreateInstance(typeof(HandlerInvoker<>).MakeGenericType(type))!);
        }
    }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public static string Serialize(IOutboxMessage message) => JsonSerializer.Serialize(message, message.GetType(), Json);

    /// <summary>The message a row holds, or null when no registered type has that name.</summary>
    public IOutboxMessage? Read(string name, string payload) =>
        _byName.TryGetValue(name, out var entry) ? (IOutboxMessage?)JsonSerializer.Deserialize(payload, entry.Type, Json) : null;

    /// <summary>The handlers of a message, resolved in the given (tenant) scope, each with its stable name.</summary>
    public IReadOnlyList<MessageHandlerCall> HandlersFor(IOutboxMessage message, IServiceProvider scope) =>
        _byName[MessageTypeAttribute.NameOf(message.GetType())].Invoker.Handlers(message, scope);

    private abstract class HandlerInvoker
    {
        public abstract IReadOnlyList<MessageHandlerCall> Handlers(IOutboxMessage message, IServiceProvider scope);
    }

    private sealed class HandlerInvoker<TMessage> : HandlerInvoker
        where TMessage : IOutboxMessage
    {
        public override IReadOnlyList<MessageHandlerCall> Handlers(IOutboxMessage message, IServiceProvider scope) =>
        [
            .. scope.GetServices<IMessageHandler<TMessage>>()
                .Select(h => new MessageHandlerCall(h.GetType().FullName!, ct => h.HandleAsync((TMessage)message, ct)))
                .DistinctBy(c => c.Name),
        ];
    }
}

/// <summary>One handler of one message, ready to run.</summary>
public sealed record MessageHandlerCall(string Name, Func<CancellationToken, Task> RunAsync);
