using Platform.Core.Bookings;
using Platform.Core.Tenancy;

namespace Platform.Core.Reporting;

/// <summary>Which of a booking's times a rollup counts it by: when it starts, or when it was made.</summary>
public enum RollupBasis
{
    Start = 0,
    Created = 1,
}

/// <summary>
/// Which keys a rollup row keeps. A busy tenant's <see cref="Fine"/> rows are about as many as its bookings (twenty
/// providers, ten services, statuses, channels and hours leave few bookings per key), so a view without filters reads
/// the coarse grains: a few rows per day and hour, service or provider.
/// </summary>
public enum RollupGrain
{
    /// <summary>Every key: what a view filtered by service, provider or channel reads.</summary>
    Fine = 0,

    /// <summary>Day, hour, status and currency; no service, provider or channel.</summary>
    Hourly = 1,

    /// <summary>Day, status and service: the bookings by service.</summary>
    Service = 2,

    /// <summary>Day, status and provider: the bookings by provider.</summary>
    Provider = 3,
}

/// <summary>
/// The bookings of one tenant that share a local day and hour (by <see cref="Basis"/>), a service, a provider, a status, a
/// channel and a currency, summed (ADR 0040), at each <see cref="RollupGrain"/>: a coarse row has the keys it does not
/// keep at their defaults (no service, no provider, the front desk, hour 0 or no currency). Insights read these rows
/// instead of the bookings. Revenue is kept in ten-thousandths of the currency's unit, so that it sums exactly on every
/// database and holds every currency's minor units.
/// </summary>
public sealed class BookingRollup : ITenantOwned
{
    /// <summary>Revenue units per unit of currency.</summary>
    public const long RevenueScale = 10_000;

    public Guid TenantId { get; init; }

    public RollupBasis Basis { get; init; }

    public RollupGrain Grain { get; init; }

    /// <summary>The local day in the tenant's time zone.</summary>
    public DateOnly Day { get; init; }

    /// <summary>The local hour, 0 to 23.</summary>
    public int Hour { get; init; }

    public Guid ServiceId { get; init; }

    public Guid ProviderId { get; init; }

    public BookingStatus Status { get; init; }

    public BookingChannel Channel { get; init; }

    public string Currency { get; init; } = "";

    public int Bookings { get; set; }

    /// <summary>The prices summed, in <see cref="RevenueScale"/>ths of the currency's unit.</summary>
    public long Revenue { get; set; }

    /// <summary>The bookings' lengths summed, in minutes.</summary>
    public long Minutes { get; set; }

    /// <summary>Minutes from when each booking was made to when it starts, summed.</summary>
    public long LeadMinutes { get; set; }

    /// <summary>Bookings that were their customer's first (no booking of the customer was made before).</summary>
    public int FirstBookings { get; set; }

    /// <summary>Bookings that were moved at least once.</summary>
    public int Rescheduled { get; set; }
}

/// <summary>
/// That a tenant's rollups of one basis and local day were computed, and the row whose update serialises computing them:
/// two nodes that recompute the same day one after the other both leave the day as the bookings say.
/// </summary>
public sealed class RollupDay : ITenantOwned
{
    public Guid TenantId { get; init; }

    public RollupBasis Basis { get; init; }

    public DateOnly Day { get; init; }

    /// <summary>How many times the day was computed: bumped first, which takes the row's lock.</summary>
    public long Stamp { get; set; }
}

/// <summary>
/// How far a tenant's rollups are built: all of its days, with the rules of <see cref="Version"/>, in the time zone
/// <see cref="TimeZone"/>. A tenant without this row, or with another version or zone, is rebuilt from its bookings.
/// </summary>
public sealed class RollupState : ITenantOwned
{
    /// <summary>The rules the rollups are computed by; bump it when they change, and every tenant is rebuilt.</summary>
    public const int CurrentVersion = 1;

    public Guid TenantId { get; init; }

    public int Version { get; set; }

    public string TimeZone { get; set; } = "";

    public DateTimeOffset BuiltAt { get; set; }
}

/// <summary>What a rollup needs of one booking.</summary>
public sealed record RollupSource(
    Guid ServiceId,
    Guid ProviderId,
    BookingStatus Status,
    BookingChannel Channel,
    decimal Price,
    string Currency,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    DateTimeOffset CreatedAt,
    bool First,
    bool Rescheduled);

public static class BookingRollups
{
    /// <summary>The instant a booking counts at under <paramref name="basis"/>.</summary>
    public static DateTimeOffset At(RollupBasis basis, DateTimeOffset startUtc, DateTimeOffset createdAt) =>
        basis == RollupBasis.Start ? startUtc : createdAt;

    /// <summary>The local day and hour of an instant in <paramref name="zone"/>.</summary>
    public static (DateOnly Day, int Hour) LocalHour(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        return (DateOnly.FromDateTime(local), local.Hour);
    }

    /// <summary>The price in <see cref="BookingRollup.RevenueScale"/>ths, rounded half away from zero.</summary>
    public static long RevenueUnits(decimal price) => (long)decimal.Round(price * BookingRollup.RevenueScale, MidpointRounding.AwayFromZero);

    /// <summary>The rows of one tenant's bookings under one basis, summed by local day and hour and the other keys, at every grain.</summary>
    public static List<BookingRollup> Sum(Guid tenantId, RollupBasis basis, TimeZoneInfo zone, IEnumerable<RollupSource> bookings)
    {
        var rows = new Dictionary<(RollupGrain, DateOnly, int, Guid, Guid, BookingStatus, BookingChannel, string), BookingRollup>();
        foreach (var b in bookings)
        {
            var (day, hour) = LocalHour(At(basis, b.StartUtc, b.CreatedAt), zone);
            Add(rows, tenantId, basis, (RollupGrain.Fine, day, hour, b.ServiceId, b.ProviderId, b.Status, b.Channel, b.Currency), b);
            Add(rows, tenantId, basis, (RollupGrain.Hourly, day, hour, Guid.Empty, Guid.Empty, b.Status, default, b.Currency), b);
            Add(rows, tenantId, basis, (RollupGrain.Service, day, 0, b.ServiceId, Guid.Empty, b.Status, default, ""), b);
            Add(rows, tenantId, basis, (RollupGrain.Provider, day, 0, Guid.Empty, b.ProviderId, b.Status, default, ""), b);
        }

        return [.. rows.Values];
    }

    private static void Add(
        Dictionary<(RollupGrain, DateOnly, int, Guid, Guid, BookingStatus, BookingChannel, string), BookingRollup> rows, Guid tenantId, RollupBasis basis,
        (RollupGrain Grain, DateOnly Day, int Hour, Guid Service, Guid Provider, BookingStatus Status, BookingChannel Channel, string Currency) key, RollupSource b)
    {
        if (!rows.TryGetValue(key, out var row))
        {
            row = new BookingRollup
            {
                TenantId = tenantId,
                Basis = basis,
                Grain = key.Grain,
                Day = key.Day,
                Hour = key.Hour,
                ServiceId = key.Service,
                ProviderId = key.Provider,
                Status = key.Status,
                Channel = key.Channel,
                Currency = key.Currency,
            };
            rows.Add(key, row);
        }

        row.Bookings++;
        row.Revenue += RevenueUnits(b.Price);
        row.Minutes += (long)(b.EndUtc - b.StartUtc).TotalMinutes;
        row.LeadMinutes += (long)Math.Floor((b.StartUtc - b.CreatedAt).TotalMinutes);
        row.FirstBookings += b.First ? 1 : 0;
        row.Rescheduled += b.Rescheduled ? 1 : 0;
    }
}
