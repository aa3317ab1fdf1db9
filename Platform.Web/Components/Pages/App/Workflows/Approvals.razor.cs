using Microsoft.AspNetCore.Components;
using MudBlazor;
using Platform.Core.Common;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Workflows;

namespace Platform.Web.Components.Pages.App.Workflows;

/// <summary>
/// The approvals inbox: my open tasks (mine, my roles', sent back to me) with approve, reject, send back, delegate and
/// resubmit, singly or approve and reject in bulk; and my history. <c>?task=</c> (a notification's link) marks that task,
/// and shows it first when it is not on the page. What may be done is the use case's to say; the page only offers it.
/// </summary>
public partial class Approvals
{
    private const int PageSize = 10;

    private readonly HashSet<Guid> _selected = [];
    private readonly List<(string Title, string Error)> _bulkFailures = [];
    private Page<TaskItem>? _open;
    private Page<TaskItem>? _history;
    private int _openPage = 1;
    private int _historyPage = 1;
    private int _openTotal;
    private int _tab;
    private string _zone = "UTC";
    private DateTimeOffset _now;
    private string? _error;
    private string? _highlightNote;
    private bool _busy;
    private bool _interactive;

    [SupplyParameterFromQuery(Name = "task")]
    public Guid? TaskId { get; set; }

    [Inject]
    private WorkflowTasks Tasks { get; set; } = default!;

    [Inject]
    private ITenantContext TenantContext { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private bool AllSelected => _open is { } page && page.Items.Where(t => t.MayDecide).Select(t => t.Id).ToHashSet() is { Count: > 0 } all && all.SetEquals(_selected);

    /// <summary>"Approve 2": the bulk button with how many it decides.</summary>
    private string SelectedLabel(string verb) => _selected.Count == 0 ? verb : $"{verb} {_selected.Count}";

    private string BulkFailureHeading => _bulkFailures.Count == 1 ? "1 task was not changed:" : $"{_bulkFailures.Count} tasks were not changed:";

    protected override async Task OnInitializedAsync()
    {
        _zone = TenantContext.Tenant?.TimeZone ?? "UTC";
        await LoadOpenAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task LoadOpenAsync()
    {
        _now = Clock.GetUtcNow();
        var outcome = await Tasks.ListAsync(TaskInbox.Open, PageRequest.Of(_openPage, PageSize));
        if (!outcome.Succeeded)
        {
            _error = WorkflowText.Refusal(outcome);
            _open = null;
            return;
        }

        var page = outcome.Value!;
        _openTotal = page.Total;
        _selected.IntersectWith(page.Items.Where(t => t.MayDecide).Select(t => t.Id));
        _highlightNote = null;
        if (TaskId is { } linked && page.Items.All(t => t.Id != linked))
        {
            // The linked task is on another page, or no longer open: first on this one, or a note saying what became of it.
            var task = await Tasks.GetAsync(linked);
            if (task.Value is { } open && (open.MayDecide || open.MayResubmit))
            {
                page = page with { Items = [open, .. page.Items] };
            }
            else if (task.Value is { } decided)
            {
                _highlightNote = decided.Status switch
                {
                    WorkflowTaskStatus.Approved or WorkflowTaskStatus.Rejected =>
                        $"“{decided.Title}” was {decided.Status.ToString().ToLowerInvariant()}{(decided.DecidedByName is { } by ? $" by {by}" : "")}{(decided.DecidedAt is { } at ? $" on {WorkflowText.Dated(at, _zone)}" : "")}.",
                    WorkflowTaskStatus.Closed => $"“{decided.Title}” was closed: {decided.ClosedReason ?? "it is no longer needed."}",
                    WorkflowTaskStatus.SentBack => $"“{decided.Title}” was sent back and waits for the requester.",
                    _ => $"“{decided.Title}” waits for {WorkflowText.Assignee(decided)}, not for you: one person decides one approval of a request.",
                };
            }
            else
            {
                _highlightNote = "The task of that link is not yours to see, or no longer exists.";
            }
        }

        _open = page;
    }

    private async Task LoadHistoryAsync()
    {
        var outcome = await Tasks.ListAsync(TaskInbox.History, PageRequest.Of(_historyPage, PageSize));
        _history = outcome.Value ?? Page<TaskItem>.Of([], PageRequest.Of(1, PageSize), 0);
    }

    private async Task TabChangedAsync(int tab)
    {
        _tab = tab;
        if (tab == 1)
        {
            await LoadHistoryAsync();
        }
        else
        {
            await LoadOpenAsync();
        }
    }

    private Task OpenPageAsync(int page)
    {
        _openPage = page;
        _selected.Clear();
        return LoadOpenAsync();
    }

    private Task HistoryPageAsync(int page)
    {
        _historyPage = page;
        return LoadHistoryAsync();
    }

    private void Select(Guid id, bool on)
    {
        if (on)
        {
            _selected.Add(id);
        }
        else
        {
            _selected.Remove(id);
        }
    }

    private void SelectAll(bool on)
    {
        _selected.Clear();
        if (on && _open is not null)
        {
            _selected.UnionWith(_open.Items.Where(t => t.MayDecide).Select(t => t.Id));
        }
    }

    private async Task ApproveAsync(TaskItem task)
    {
        _busy = true;
        try
        {
            var outcome = await Tasks.DecideAsync(task.Id, TaskDecision.Approve, null);
            await AfterAsync(outcome, $"Approved “{task.Title}”.");
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RejectAsync(TaskItem task)
    {
        if (await TaskCommentDialog.AskAsync(Dialogs, "Reject", $"Why do you reject “{task.Title}”? The requester and the timeline see your comment.", "Reject", Color.Error, required: true,
                comment => Refused(Tasks.DecideAsync(task.Id, TaskDecision.Reject, comment))))
        {
            await DoneAsync($"Rejected “{task.Title}”.");
        }
    }

    private async Task SendBackAsync(TaskItem task)
    {
        if (await TaskCommentDialog.AskAsync(Dialogs, "Send back", $"What should change before you decide “{task.Title}”? It goes back to whoever asked, with your comment.", "Send back", Color.Primary, required: true,
                comment => Refused(Tasks.SendBackAsync(task.Id, comment))))
        {
            await DoneAsync($"Sent “{task.Title}” back.");
        }
    }

    private async Task ResubmitAsync(TaskItem task)
    {
        if (await TaskCommentDialog.AskAsync(Dialogs, "Resubmit", $"Resubmit “{task.Title}” to {WorkflowText.Assignee(task)}; say what you changed if it helps.", "Resubmit", Color.Primary, required: false,
                comment => Refused(Tasks.ResubmitAsync(task.Id, comment))))
        {
            await DoneAsync($"Resubmitted “{task.Title}”.");
        }
    }

    private async Task DelegateAsync(TaskItem task)
    {
        var parameters = new DialogParameters<DelegateTaskDialog> { { d => d.Task, task } };
        var dialog = await Dialogs.ShowAsync<DelegateTaskDialog>("Delegate", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true, BackdropClick = false });
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            await DoneAsync($"Handed “{task.Title}” to {name}.");
        }
    }

    private async Task DecideSelectedAsync(TaskDecision decision)
    {
        var ids = _selected.ToList();
        var titles = _open?.Items.ToDictionary(t => t.Id, t => t.Title) ?? [];
        IReadOnlyList<TaskDecisionResult>? results = null;
        if (decision == TaskDecision.Approve)
        {
            _busy = true;
            try
            {
                results = await Tasks.DecideManyAsync(ids, TaskDecision.Approve, null);
            }
            finally
            {
                _busy = false;
            }
        }
        else
        {
            var what = ids.Count == 1 ? "the selected request" : $"the {ids.Count} selected requests";
            await TaskCommentDialog.AskAsync(Dialogs, "Reject selected", $"Why do you reject {what}? Each requester and timeline sees your comment.", "Reject", Color.Error, required: true,
                async comment =>
                {
                    results = await Tasks.DecideManyAsync(ids, TaskDecision.Reject, comment);
                    return null;
                });
        }

        if (results is null)
        {
            return;
        }

        _bulkFailures.Clear();
        _bulkFailures.AddRange(results.Where(r => !r.Succeeded).Select(r => (titles.GetValueOrDefault(r.TaskId, r.TaskId.ToString()), r.Error ?? "It was not changed.")));
        var done = results.Count(r => r.Succeeded);
        var verb = decision == TaskDecision.Approve ? "Approved" : "Rejected";
        if (done > 0)
        {
            Snackbar.Add(done == 1 ? $"{verb} 1 request." : $"{verb} {done} requests.", Severity.Success);
        }

        _selected.Clear();
        await LoadOpenAsync();
    }

    private static async Task<string?> Refused(Task<Outcome<TaskItem>> change)
    {
        var outcome = await change;
        return outcome.Succeeded ? null : WorkflowText.Refusal(outcome);
    }

    private async Task AfterAsync(Outcome<TaskItem> outcome, string done)
    {
        if (outcome.Succeeded)
        {
            await DoneAsync(done);
        }
        else
        {
            Snackbar.Add(WorkflowText.Refusal(outcome), Severity.Error);
            await LoadOpenAsync();
        }
    }

    private async Task DoneAsync(string message)
    {
        Snackbar.Add(message, Severity.Success);
        _selected.Clear();
        await LoadOpenAsync();
    }
}
