using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Platform.Infrastructure.Bookings;

/// <summary>
/// How a service's intake questions and a booking's answers are stored: as one JSON text column each, written and read
/// whole with their row, the same on every database (see docs/decisions/0023-intake-questions-as-json-text.md).
/// </summary>
internal static class IntakeMapping
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps a list property to a JSON text column named <paramref name="column"/>, compared by content.</summary>
    public static PropertyBuilder<IReadOnlyList<T>> MapAsJson<T>(this PropertyBuilder<IReadOnlyList<T>> property, string column) =>
        property.HasColumnName(column)
            .HasConversion(new ValueConverter<IReadOnlyList<T>, string>(
                    list => JsonSerializer.Serialize(list, Json),
                    text => Read<T>(text)),
                new ValueComparer<IReadOnlyList<T>>(
                    (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                    list => JsonSerializer.Serialize(list, Json).GetHashCode(StringComparison.Ordinal),
                    list => Read<T>(JsonSerializer.Serialize(list, Json))))
            .IsRequired();

    private static List<T> Read<T>(string text) =>
        string.IsNullOrEmpty(text) ? [] : JsonSerializer.Deserialize<List<T>>(text, Json) ?? [];
}
