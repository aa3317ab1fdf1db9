using Platform.Core.Common;

namespace Platform.Web.Api.V1;

/// <summary>A page of an /api/v1 list as clients receive it: <c>{ items, page, pageSize, total }</c>.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public static PageOf<T> From<TSource>(Page<TSource> page, Func<TSource, T> map) => new([.. page.Items.Select(map)], page.Number, page.Size, page.Total);
}
