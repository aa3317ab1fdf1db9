using System.Text.Json.Serialization;
using Platform.Core.Common;

namespace Platform.Web.Api.V1;

/// <summary>
/// A page of an /api/v1 list as clients receive it: <c>{ items, page, pageSize, total }</c>. A list that grows with
/// history (bookings) is counted only up to <see cref="PageRequest.MaxCounted"/>; when it holds more, <c>total</c> is that
/// cap and <c>totalIsCapped</c> is true (the field is left out otherwise).
/// </summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool TotalIsCapped { get; init; }

    public static PageOf<T> From<TSource>(Page<TSource> page, Func<TSource, T> map) =>
        new([.. page.Items.Select(map)], page.Number, page.Size, page.Total) { TotalIsCapped = page.TotalIsCapped };
}
