using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.App.People;

public partial class PeopleGrid
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<PersonSummary>? _grid;
    private string? _search;

    /// <summary>The roles whose people the grid lists.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyCollection<string> Roles { get; set; } = [];

    /// <summary>What one row is, in words: "customer", "staff member".</summary>
    [Parameter, EditorRequired]
    public string Kind { get; set; } = "";

    /// <summary>What to say when there is nobody yet, and what to do about it.</summary>
    [Parameter, EditorRequired]
    public string EmptyText { get; set; } = "";

    private async Task<GridData<PersonSummary>> LoadAsync(GridState<PersonSummary> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var query = new PeopleQuery(
            PageRequest.Of(state.Page + 1, Math.Clamp(state.PageSize, 1, PageRequest.MaxSize)),
            _search?.Length > PeopleQuery.MaxSearchLength ? _search[..PeopleQuery.MaxSearchLength] : _search,
            Roles,
            sort?.SortBy == nameof(PersonSummary.CreatedAt) ? PeopleSort.Created : PeopleSort.Name,
            sort?.Descending ?? false);
        var page = (await Directory.FindAsync(query, ct)).Value;
        return new GridData<PersonSummary> { Items = page?.Items ?? [], TotalItems = page?.Total ?? 0 };
    }

    private async Task SearchAsync(string? search)
    {
        _search = search;
        await _grid.ReloadFromFirstPageAsync();
    }

    private string LocalDate(DateTimeOffset instant) => TenantDates.Day(TenantContext.Tenant, instant);

    private static string Initials(string name) =>
        string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w[0])));

    private static Color RoleColor(string role) => role switch
    {
        PlatformRoles.TenantAdmin => Color.Primary,
        PlatformRoles.Manager => Color.Secondary,
        PlatformRoles.Customer => Color.Default,
        _ => Color.Info,
    };
}
