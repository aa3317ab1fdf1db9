using Microsoft.EntityFrameworkCore;

namespace Platform.Infrastructure.Events;

public enum OutboxStatus
{
    /// <summary>Waiting for (another) dispatch attempt.</summary>
    Pending = 0,

    /// <summary>Every handler succeeded.</summary>
    Done = 1,

    /// <summary>A handler kept failing; a host admin can retry it.</summary>
    Failed = 2,
}

/// <summary>
/// One outbox row: a message written in the transaction of the change it reports, dispatched after
/// commit. A dispatcher owns it while its lease (<see cref="ClaimedBy"/>, <see cref="ClaimedUntil"/>) runs.
/// Not tenant-filtered: the dispatcher and host admins read across tenants; <see cref="TenantId"/> says whose it is.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxTypeLength = 100;
    public const int MaxErrorLength = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>The stable message type name, e.g. <c>booking.created</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The message as JSON.</summary>
    public required string Payload { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>Not before this time (backoff after a failure); null means now.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>Handlers that already succeeded, as <c>|name|name|</c>: a retry runs only the others.</summary>
    public string CompletedHandlers { get; set; } = "";

    public string? LastError { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }
}

/// <summary>The outbox's part of the EF model, kept apart from the rest so it is easy to review and regenerate.</summary>
public static class OutboxModel
{
    public static void Configure(ModelBuilder builder) => builder.Entity<OutboxMessage>(message =>
    {
        message.ToTable("OutboxMessages");
        message.Property(m => m.Type).HasMaxLength(OutboxMessage.MaxTypeLength);
        message.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        message.Property(m => m.ClaimedBy).HasMaxLength(100);
        message.Property(m => m.CompletedHandlers).HasMaxLength(2000);
        message.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        message.HasIndex(m => new { m.Status, m.CreatedAt });
        message.HasIndex(m => m.TenantId);
    });
}
