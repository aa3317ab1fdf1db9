using Platform.Core.Common;
using Platform.Core.Tenancy;

namespace Platform.Core.Bookings;

/// <summary>Something a tenant sells by the hour: an appointment (capacity 1) or a group class.</summary>
public sealed class Service : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public required string Name { get; set; }

    public string Description { get; set; } = "";

    public int DurationMinutes { get; set; } = 60;

    public required Money Price { get; set; }

    public int BufferBeforeMinutes { get; set; }

    public int BufferAfterMinutes { get; set; }

    /// <summary>How many bookings may share the same time: 1 for appointments, more for classes.</summary>
    public int Capacity { get; set; } = 1;

    public bool RequiresApproval { get; set; }

    public int MinimumNoticeMinutes { get; set; } = 120;

    public int MaximumDaysInAdvance { get; set; } = 60;

    /// <summary>Customers may cancel or reschedule until this many hours before the start.</summary>
    public int CancellationWindowHours { get; set; } = 24;

    /// <summary>Slots start on a grid of this many minutes.</summary>
    public int SlotIntervalMinutes { get; set; } = 15;

    public bool IsArchived { get; set; }

    /// <summary>What the service asks whoever books it, in order; see <see cref="IntakeQuestions"/> for the rules.</summary>
    public IReadOnlyList<IntakeQuestion> Questions { get; set; } = [];

    public List<ServiceOffering> Offerings { get; init; } = [];

    public SlotRules ToSlotRules() => new(
        TimeSpan.FromMinutes(DurationMinutes),
        TimeSpan.FromMinutes(BufferBeforeMinutes),
        TimeSpan.FromMinutes(BufferAfterMinutes),
        Capacity,
        TimeSpan.FromMinutes(MinimumNoticeMinutes),
        MaximumDaysInAdvance,
        TimeSpan.FromMinutes(SlotIntervalMinutes));
}

/// <summary>A provider who offers a service.</summary>
public sealed class ServiceOffering : ITenantOwned
{
    public Guid TenantId { get; init; }

    public Guid ServiceId { get; init; }

    public Guid ProviderId { get; init; }
}
