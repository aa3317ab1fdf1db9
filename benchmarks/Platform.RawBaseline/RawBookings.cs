using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Platform.RawBaseline;

/// <summary>
/// The booking transaction in plain ADO.NET on the app's schema: read the service, its offering by the provider and the
/// customer (one query), take the provider's write lock, count the occupying bookings that overlap, insert the booking and
/// one outbox row, commit. The lock is the app's: on SQLite the database's single writer (BEGIN IMMEDIATE), on PostgreSQL
/// the provider row, bumped as the app's BookingLedger bumps its BookingSequence. Working hours and time off are not
/// checked: the load client books only free slots it read from the app's availability.
/// </summary>
public sealed class RawBookings
{
    private const string Occupying = "'Pending', 'Confirmed', 'Completed', 'NoShow'";

    private readonly DbDataSource _source;
    private readonly bool _sqlite;

    private RawBookings(DbDataSource source, bool sqlite)
    {
        _source = source;
        _sqlite = sqlite;
    }

    /// <summary>A store for the app's <c>Database:Provider</c> (Sqlite or PostgreSql) and connection string.</summary>
    public static RawBookings Create(string provider, string connectionString) =>
        provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase)
            ? new RawBookings(SqliteFactory.Instance.CreateDataSource(connectionString), sqlite: true)
            : new RawBookings(NpgsqlDataSource.Create(connectionString), sqlite: false);

    /// <summary>The SHA-256 of an API key's secret as the app stores it (lower-case hex).</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The tenant of every unrevoked API key by the key's hash, read once at start-up.</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> LoadApiKeysAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Hash", "TenantId" FROM "ApiKeys" WHERE "RevokedAt" IS NULL""";
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new Dictionary<string, Guid>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            keys[reader.GetString(0)] = reader.GetGuid(1);
        }

        return keys;
    }

    /// <summary>Places one booking; the answer says whether it was made, refused for an overlap, or named nothing known.</summary>
    public async Task<PlaceOutcome> PlaceAsync(Guid tenantId, Guid serviceId, Guid providerId, Guid customerId, DateTimeOffset start, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var service = await ReadServiceAsync(connection, tenantId, serviceId, providerId, customerId, ct);
        if (service is null || start <= now)
        {
            return new PlaceOutcome(null, NotFound: service is null);
        }

        var end = start.AddMinutes(service.DurationMinutes);
        var occupiedStart = start.AddMinutes(-service.BufferBeforeMinutes);
        var occupiedEnd = end.AddMinutes(service.BufferAfterMinutes);
        await using var transaction = _sqlite
            ? (DbTransaction)((SqliteConnection)connection).BeginTransaction(deferred: false) // BEGIN IMMEDIATE: the writer lock
            : await connection.BeginTransactionAsync(ct);
        if (!_sqlite)
        {
            await ExecuteAsync(connection, transaction, """UPDATE "Providers" SET "BookingSequence" = "BookingSequence" + 1 WHERE "Id" = @provider AND "TenantId" = @tenant""",
                ct, ("provider", providerId), ("tenant", tenantId));
        }

        if (!await HasRoomAsync(connection, transaction, tenantId, serviceId, providerId, service.Capacity, occupiedStart, occupiedEnd, ct))
        {
            await transaction.RollbackAsync(ct);
            return new PlaceOutcome(null, NotFound: false);
        }

        var booking = new BookingAnswer(Guid.CreateVersion7(), serviceId, providerId, customerId, start, end,
            service.RequiresApproval ? "Pending" : "Confirmed", new MoneyAnswer(service.PriceAmount, service.PriceCurrency), "", now);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO "Bookings" ("Id", "TenantId", "ServiceId", "ProviderId", "CustomerId", "StartUtc", "EndUtc", "OccupiedStartUtc", "OccupiedEndUtc",
                "Status", "Notes", "CreatedAt", "IdempotencyKey", "Price_Amount", "Price_Currency", "IntakeAnswers")
            VALUES (@id, @tenant, @service, @provider, @customer, @start, @end, @occupiedStart, @occupiedEnd,
                @status, @notes, @createdAt, NULL, @amount, @currency, '[]')
            """, ct,
            ("id", booking.Id), ("tenant", tenantId), ("service", serviceId), ("provider", providerId), ("customer", customerId),
            ("start", Time(start)), ("end", Time(end)), ("occupiedStart", Time(occupiedStart)), ("occupiedEnd", Time(occupiedEnd)),
            ("status", booking.Status), ("notes", booking.Notes), ("createdAt", Time(now)), ("amount", service.PriceAmount),
            ("currency", service.PriceCurrency));
        await ExecuteAsync(connection, transaction, """
            INSERT INTO "OutboxMessages" ("Id", "TenantId", "Type", "Payload", "CreatedAt", "Status", "Attempts", "CompletedHandlers")
            VALUES (@id, @tenant, 'booking.created', @payload, @createdAt, 'Pending', 0, '')
            """, ct,
            ("id", Guid.CreateVersion7()), ("tenant", tenantId), ("payload", CreatedPayload(tenantId, booking)), ("createdAt", Time(now)));
        await transaction.CommitAsync(ct);
        return new PlaceOutcome(booking, NotFound: false);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = await _source.OpenConnectionAsync(ct);
        if (_sqlite)
        {
            // The app's per-connection pragmas: wait for the writer instead of failing (longer than the app's 5 s, so that a
            // loaded machine fails no baseline request), and enforce foreign keys.
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;";
            await pragmas.ExecuteNonQueryAsync(ct);
        }

        return connection;
    }

    private async Task<ServiceRules?> ReadServiceAsync(DbConnection connection, Guid tenantId, Guid serviceId, Guid providerId, Guid customerId, CancellationToken ct)
    {
        await using var command = Command(connection, null, """
            SELECT s."DurationMinutes", s."BufferBeforeMinutes", s."BufferAfterMinutes", s."Capacity", s."RequiresApproval", s."Price_Amount", s."Price_Currency"
            FROM "Services" s
            JOIN "ServiceOfferings" o ON o."ServiceId" = s."Id" AND o."ProviderId" = @provider AND o."TenantId" = @tenant
            JOIN "Providers" p ON p."Id" = o."ProviderId" AND p."TenantId" = @tenant AND p."IsActive"
            WHERE s."Id" = @service AND s."TenantId" = @tenant AND NOT s."IsArchived"
              AND EXISTS (SELECT 1 FROM "Customers" c WHERE c."Id" = @customer AND c."TenantId" = @tenant)
            """, ("provider", providerId), ("tenant", tenantId), ("service", serviceId), ("customer", customerId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ServiceRules(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetBoolean(4), reader.GetDecimal(5), reader.GetString(6).Trim())
            : null;
    }

    /// <summary>Under the lock: no booking of another service overlaps, and fewer than the capacity of this one do.</summary>
    private async Task<bool> HasRoomAsync(DbConnection connection, DbTransaction transaction, Guid tenantId, Guid serviceId, Guid providerId, int capacity,
        DateTimeOffset occupiedStart, DateTimeOffset occupiedEnd, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, $"""
            SELECT COALESCE(SUM(CASE WHEN "ServiceId" = @service THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN "ServiceId" <> @service THEN 1 ELSE 0 END), 0)
            FROM "Bookings"
            WHERE "TenantId" = @tenant AND "ProviderId" = @provider AND "Status" IN ({Occupying})
              AND "OccupiedStartUtc" < @occupiedEnd AND @occupiedStart < "OccupiedEndUtc"
            """, ("service", serviceId), ("tenant", tenantId), ("provider", providerId), ("occupiedStart", Time(occupiedStart)), ("occupiedEnd", Time(occupiedEnd)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(1) == 0 && reader.GetInt64(0) < capacity;
    }

    private async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>SQLite keeps times as UTC ticks (the app's value converter); PostgreSQL as timestamp with time zone.</summary>
    private object Time(DateTimeOffset value) => _sqlite ? value.UtcTicks : value.ToUniversalTime();

    private static string CreatedPayload(Guid tenantId, BookingAnswer booking) => JsonSerializer.Serialize(
        new BookingCreatedPayload(tenantId, booking.CreatedAt, booking.Id, booking.ServiceId, booking.ProviderId, booking.CustomerId,
            booking.Start, booking.End, null, booking.Status),
        BaselineJson.Default.BookingCreatedPayload);

    private sealed record ServiceRules(int DurationMinutes, int BufferBeforeMinutes, int BufferAfterMinutes, int Capacity, bool RequiresApproval,
        decimal PriceAmount, string PriceCurrency);
}

/// <summary>The booking made, or why none was: <paramref name="NotFound"/> for an unknown service, provider or customer, else an overlap.</summary>
public sealed record PlaceOutcome(BookingAnswer? Booking, bool NotFound);

/// <summary>The request body, as the app's <c>POST /api/v1/bookings</c> takes it.</summary>
public sealed record BookingBody(Guid ServiceId, Guid? ProviderId, Guid CustomerId, DateTimeOffset Start);

/// <summary>The booking as the 201 answer shows it (the app's BookingDto without history and answers).</summary>
public sealed record BookingAnswer(Guid Id, Guid ServiceId, Guid ProviderId, Guid CustomerId, DateTimeOffset Start, DateTimeOffset End,
    string Status, MoneyAnswer Price, string Notes, DateTimeOffset CreatedAt);

public sealed record MoneyAnswer(decimal Amount, string Currency);

/// <summary>The outbox payload, shaped as the app's BookingCreated message serializes.</summary>
public sealed record BookingCreatedPayload(Guid TenantId, DateTimeOffset OccurredAt, Guid BookingId, Guid ServiceId, Guid ProviderId, Guid CustomerId,
    DateTimeOffset StartUtc, DateTimeOffset EndUtc, Guid? ByUserId, string Status);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(BookingBody))]
[System.Text.Json.Serialization.JsonSerializable(typeof(BookingAnswer))]
[System.Text.Json.Serialization.JsonSerializable(typeof(BookingCreatedPayload))]
internal sealed partial class BaselineJson : System.Text.Json.Serialization.JsonSerializerContext;
