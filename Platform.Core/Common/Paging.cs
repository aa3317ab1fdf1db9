namespace Platform.Core.Common;

/// <summary>
/// Which page of a list to read: page numbers start at 1, sizes run from 1 to <see cref="MaxSize"/>. Only
/// <see cref="TryCreate"/> makes one from outside input, so a use case never sees a bad page: the API answers
/// 400 <c>validation.failed</c> naming the field, and nothing is clamped silently.
/// </summary>
public sealed record PageRequest
{
    public const int DefaultSize = 25;
    public const int MaxSize = 100;

    /// <summary>
    /// How many matches a list that grows with history (bookings) counts before it stops and says "more than": a count
    /// reads every row it counts, so without a cap the first page of a busy tenant's past would cost more each year.
    /// </summary>
    public const int MaxCounted = 1_000;

    public static readonly PageRequest First = new(1, DefaultSize);

    private PageRequest(int number, int size) => (Number, Size) = (number, size);

    public int Number { get; }

    public int Size { get; }

    public int Skip => (Number - 1) * Size;

    /// <summary>A page of a list the code itself asks for; throws on values outside the range, which are a bug, not input.</summary>
    public static PageRequest Of(int number, int size = DefaultSize) =>
        TryCreate(number, size, out var page, out var errors) ? page : throw new ArgumentOutOfRangeException(nameof(size), string.Join(" ", errors.Values.SelectMany(v => v)));

    /// <summary>Checks what a client sent; missing values take the defaults.</summary>
    public static bool TryCreate(int? number, int? size, out PageRequest page, out IReadOnlyDictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>();
        var n = number ?? 1;
        var s = size ?? DefaultSize;
        if (n < 1)
        {
            problems["page"] = ["Use page 1 or more."];
        }

        if (s is < 1 or > MaxSize)
        {
            problems["pageSize"] = [$"Use a page size of 1 to {MaxSize}."];
        }

        errors = problems;
        page = problems.Count == 0 ? new PageRequest(n, s) : First;
        return problems.Count == 0;
    }
}

/// <summary>
/// One page of a list, with the total count for paging controls. When <see cref="TotalIsCapped"/>, the list was counted
/// only up to <see cref="PageRequest.MaxCounted"/> and holds more than <see cref="Total"/>.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, int Total)
{
    public bool TotalIsCapped { get; init; }

    public static Page<T> Of(IReadOnlyList<T> items, PageRequest request, int total) => new(items, request.Number, request.Size, total);

    /// <summary>
    /// A page of a list counted with at most <see cref="PageRequest.MaxCounted"/> + 1 rows read (<paramref name="counted"/>):
    /// one more than the cap says there are more.
    /// </summary>
    public static Page<T> OfCapped(IReadOnlyList<T> items, PageRequest request, int counted) =>
        new(items, request.Number, request.Size, Math.Min(counted, PageRequest.MaxCounted)) { TotalIsCapped = counted > PageRequest.MaxCounted };

    public int PageCount => Total == 0 ? 0 : (Total + Size - 1) / Size;

    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Number, Size, Total) { TotalIsCapped = TotalIsCapped };
}
