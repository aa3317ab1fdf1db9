using Platform.Core.Tenancy;

namespace Platform.Core.Bookings;

/// <summary>A member of staff who is booked: their hours, exceptions and time off, in their own time zone.</summary>
public sealed class Provider : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>The staff account of this provider, if they sign in.</summary>
    public Guid? UserId { get; set; }

    public required string DisplayName { get; set; }

    public string Bio { get; set; } = "";

    /// <summary>IANA id, e.g. Europe/Berlin.</summary>
    public required string TimeZone { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>
    /// Bumped by every booking transaction of this provider before it checks for overlaps: the row
    /// lock this takes makes concurrent bookings of one provider wait for each other on every database.
    /// </summary>
    public long BookingSequence { get; set; }

    public List<WeeklyHours> WeeklyHours { get; init; } = [];

    public List<HoursOverride> Overrides { get; init; } = [];

    public List<TimeOff> TimeOff { get; init; } = [];
}

/// <summary>One period of working time on a weekday, in local minutes.</summary>
public sealed class WeeklyHours : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid ProviderId { get; init; }

    public DayOfWeek Day { get; set; }

    public int StartMinute { get; set; }

    public int EndMinute { get; set; }
}

/// <summary>A date's own hours: rows of one date replace that weekday's hours; a row without minutes closes the day.</summary>
public sealed class HoursOverride : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid ProviderId { get; init; }

    public DateOnly Date { get; set; }

    public int? StartMinute { get; set; }

    public int? EndMinute { get; set; }
}

/// <summary>Time a provider is away (holiday, training), in UTC.</summary>
public sealed class TimeOff : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid ProviderId { get; init; }

    public DateTimeOffset StartUtc { get; set; }

    public DateTimeOffset EndUtc { get; set; }

    public string Reason { get; set; } = "";
}
