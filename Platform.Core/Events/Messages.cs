namespace Platform.Core.Events;

/// <summary>
/// Something for the outbox to deliver to its handlers after the transaction that wrote it commits:
/// a domain event, or a command such as "send this e-mail". It always belongs to one tenant, and its
/// handlers run in that tenant's scope.
/// </summary>
public interface IOutboxMessage
{
    Guid TenantId { get; }
}

/// <summary>
/// A message about one subject (a booking, a workflow instance) whose messages are handled in the order they were written:
/// a dispatcher handles the messages of its batch side by side, except those of one <see cref="SequenceKey"/>, which it
/// handles one after another.
/// </summary>
public interface ISequencedMessage : IOutboxMessage
{
    Guid SequenceKey { get; }
}

/// <summary>A fact about the domain, recorded when it happened (UTC).</summary>
public interface IDomainEvent : IOutboxMessage
{
    DateTimeOffset OccurredAt { get; }
}

/// <summary>
/// The stable name an outbox message is stored under (for example <c>booking.created</c>). Payloads are
/// JSON; the name, not the CLR type name, says how to read them, so types can move and be renamed.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MessageTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>The stable name of a message type; a type without one is a programming error.</summary>
    public static string NameOf(Type type) =>
        (GetCustomAttribute(type, typeof(MessageTypeAttribute)) as MessageTypeAttribute)?.Name
        ?? throw new InvalidOperationException($"{type.Name} has no [MessageType] name, so it cannot go into the outbox.");
}

/// <summary>Handles one kind of outbox message, in the message's tenant scope. Throwing means "retry later".</summary>
public interface IMessageHandler<in TMessage>
    where TMessage : IOutboxMessage
{
    Task HandleAsync(TMessage message, CancellationToken ct);
}

/// <summary>Puts a message into the outbox of the current unit of work: it is written by the next save, in its transaction.</summary>
public interface IOutbox
{
    void Enqueue(IOutboxMessage message);
}

/// <summary>An entity that records domain events as its methods run; the database turns them into outbox rows when it saves.</summary>
public interface IRecordsEvents
{
    /// <summary>Returns the events recorded since the last call and forgets them.</summary>
    IReadOnlyList<IDomainEvent> TakeEvents();
}
