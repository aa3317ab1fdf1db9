using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Web.Components.Shared;

namespace Platform.Web.Components.Pages.App.Services;

public partial class Services
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<ServiceSummary>? _grid;
    private string? _search;
    private bool _showArchived;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>"45 min", "2 h", "1 h 30 min".</summary>
    public static string Duration(int minutes) => (minutes / 60, minutes % 60) switch
    {
        (0, var m) => $"{m} min",
        (var h, 0) => $"{h} h",
        (var h, var m) => $"{h} h {m} min",
    };

    private async Task<GridData<ServiceSummary>> LoadAsync(GridState<ServiceSummary> state, CancellationToken ct)
    {
        var search = _search?.Length > ServiceQuery.MaxSearchLength ? _search[..ServiceQuery.MaxSearchLength] : _search;
        var page = (await Catalog.ListAsync(new ServiceQuery(PageRequest.Of(state.Page + 1, state.PageSize), search, _showArchived), ct)).Value;
        return new GridData<ServiceSummary> { Items = page?.Items ?? [], TotalItems = page?.Total ?? 0 };
    }

    private Task SearchAsync(string? search)
    {
        _search = search;
        return ReloadAsync();
    }

    private Task ShowArchivedAsync(bool show)
    {
        _showArchived = show;
        return ReloadAsync();
    }

    private Task ReloadAsync() => _grid.ReloadFromFirstPageAsync();

    private void Open(DataGridRowClickEventArgs<ServiceSummary> row) => Navigation.NavigateTo($"app/services/{row.Item.Id}");

    /// <summary>The portal's booking page with the service chosen: /book?service=id, at the tenant's own address.</summary>
    public static string BookingLink(string baseUri, Guid serviceId) => $"{baseUri}book?service={serviceId}";

    private async Task CopyLinkAsync(ServiceSummary service)
    {
        var link = BookingLink(Navigation.BaseUri, service.Id);
        try
        {
            await Clipboard.WriteTextAsync(link);
            Snackbar.Add("Link copied", Severity.Success);
        }
        catch (JSException)
        {
            // Clipboard access needs a secure context and the page in front: show the link to copy by hand.
            Snackbar.Add($"Copy this link: {link}", Severity.Info);
        }
    }

    private async Task ShowEmbedAsync() => await Dialogs.ShowAsync<EmbedSnippetDialog>("Embed booking on your website",
        new DialogParameters<EmbedSnippetDialog> { { d => d.BaseUri, Navigation.BaseUri } },
        new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true });
}
