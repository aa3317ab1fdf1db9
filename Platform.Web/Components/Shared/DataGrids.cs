using MudBlazor;

namespace Platform.Web.Components.Shared;

public static class DataGrids
{
    /// <summary>After a filter changed: back to the first page (moving there loads it), or reload when already there.</summary>
    public static async Task ReloadFromFirstPageAsync<T>(this MudDataGrid<T>? grid)
    {
        if (grid is null)
        {
            return;
        }

        if (grid.CurrentPage > 0)
        {
            grid.NavigateTo(Page.First);
        }
        else
        {
            await grid.ReloadServerData();
        }
    }
}
