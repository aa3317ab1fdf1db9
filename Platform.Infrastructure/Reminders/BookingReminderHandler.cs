using Platform.Core.Events;

namespace Platform.Infrastructure.Reminders;

/// <summary>Every booking event may change whether and when a reminder is due: bring the booking's reminder job in step.</summary>
public sealed class BookingReminderHandler(BookingReminders reminders) :
    IMessageHandler<BookingCreated>,
    IMessageHandler<BookingConfirmed>,
    IMessageHandler<BookingRejected>,
    IMessageHandler<BookingCancelled>,
    IMessageHandler<BookingRescheduled>,
    IMessageHandler<BookingCompleted>,
    IMessageHandler<BookingNoShow>
{
    public Task HandleAsync(BookingCreated message, CancellationToken ct) => reminders.SyncAsync(message.BookingId, ct);

    public Task HandleAsync(BookingConfirmed message, CancellationToken ct) => reminders.SyncAsync(message.BookingId, ct);

    public Task HandleAsync(BookingRejected message, CancellationToken ct) => reminders.SyncAsync(message.BookingId, ct);

    public Task HandleAsync(BookingCancelled message, CancellationToken ct) => reminders.SyncAsync(message.BookingId, ct);

    public Task HandleAsync(BookingRescheduled message, CancellationToken ct) => reminders.SyncAsync(message.BookingId, ct);

    public Task HandleAsync(BookingCompleted message, CancellationToken ct) => reminders.SyncAsync(message.BookingId, ct);

    public Task HandleAsync(BookingNoShow message, CancellationToken ct) => reminders.SyncAsync(message.BookingId, ct);
}
