using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using MudBlazor;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;
using Platform.Web.Components.Shared;
using Platform.Web.Interop;

namespace Platform.Web.Components.Pages.App.Workflows.Designer;

/// <summary>
/// The visual designer of a workflow's draft (ADRs 0035 and 0036). Once the circuit is up, the page takes a seat in the
/// draft's room (<see cref="WorkflowDesign"/>), where everyone with the draft open edits one copy: every change is a
/// <see cref="WorkflowEdit"/> shown here at once (<see cref="DraftReplica"/>) and sent to the room, which orders everyone's
/// edits and tells every seat; undo sends the inverse of this editor's last edit, so it never takes back someone else's.
/// What a pointer does between press and release stays in the browser (js/designer.js); the server gets the result, and
/// other editors' pointers and selections are drawn in their colours. The validator runs on every change and marks the
/// steps it finds a problem with. Save stores the room's draft through the use case; publish saves first. Admins edit;
/// managers look.
/// </summary>
public sealed partial class WorkflowDesigner
{
    private const int MaxUndo = 100;

    private static readonly WorkflowPosition PasteOffset = new(32, 32);

    private readonly string _id = "wfd-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Stack<WorkflowEdit> _undo = new();
    private readonly Stack<WorkflowEdit> _redo = new();
    private readonly HashSet<string> _selection = new(StringComparer.Ordinal);

    private WorkflowDefinition? _definition;
    private WorkflowCatalog _catalog = new(new HashSet<string>(), new HashSet<string>(), new HashSet<string>());
    private Dictionary<string, WorkflowStep> _steps = [];
    private IReadOnlyDictionary<string, WorkflowPosition> _placed = new Dictionary<string, WorkflowPosition>();
    private ILookup<string?, WorkflowProblem> _problems = Array.Empty<WorkflowProblem>().ToLookup(p => p.StepId);
    private int _problemCount;
    private string _savedJson = "";
    private string _json = "";
    private (WorkflowDefinition Source, string[] Ids)? _clipboard;
    private string? _missing;
    private bool _readOnly = true;
    private bool _busy;
    private bool _attached;
    private ElementReference _surface;
    private ElementReference _palette;
    private DotNetObjectReference<DesignerTarget>? _target;
    private DesignSeat? _seat;
    private bool _joining;
    private DraftReplica? _replica;
    private IReadOnlyList<DesignPerson> _people = [];
    private long _savedSeq;
    private (Guid Workflow, Guid? Run)? _loaded;
    private InstanceDetail? _run;
    private WorkflowDiagramView.DiagramRun? _path;
    private bool _comparing;
    private bool _activity;
    private List<WorkflowChange> _stored = [];
    private bool _storedMore;
    private bool _storedLoading;
    private IReadOnlyList<WorkflowVersionSummary> _versions = [];
    private int? _compareWith;
    private WorkflowDefinition? _compareVersion;
    private WorkflowDiff? _diff;

    /// <summary>A later version the compared one is set against, in the panel (the canvas then shows the draft plainly).</summary>
    private int? _compareAgainst;
    private WorkflowDefinition? _againstVersion;
    private WorkflowDiff? _pairDiff;
    private string _zone = "UTC";
    private bool _disposed;

    [Parameter]
    public Guid WorkflowId { get; set; }

    /// <summary>A run to show on the canvas (<c>?run=</c>): the version it ran, its path, and what each step did; nothing is edited then.</summary>
    [SupplyParameterFromQuery(Name = "run")]
    public Guid? Run { get; set; }

    [Inject]
    private WorkflowInstances Instances { get; set; } = default!;

    [Inject]
    private WorkflowDefinitions Definitions { get; set; } = default!;

    [Inject]
    private IWorkflowExpressions Expressions { get; set; } = default!;

    [Inject]
    private ICurrentActor Actors { get; set; } = default!;

    [Inject]
    private DesignerInterop Interop { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private WorkflowDesign Design { get; set; } = default!;

    [Inject]
    private Platform.Core.Tenancy.ITenantContext TenantContext { get; set; } = default!;

    /// <summary>Unsaved: edits after the last save, in the room or still on their way to it.</summary>
    private bool Dirty => _replica is null
        ? _definition is not null && _json != _savedJson
        : _replica.Seq > _savedSeq || _replica.HasPending;

    /// <summary>The others in the room, each with their colour.</summary>
    private IEnumerable<DesignPerson> Others => _people.Where(p => p.SeatId != _seat?.SeatId);

    /// <summary>The colour of the first other editor who has <paramref name="stepId"/> selected, if any.</summary>
    private DesignPerson? SelectedByOther(string stepId) => Others.FirstOrDefault(p => p.Selection.Contains(stepId));

    private string StatusText => (Dirty, _problemCount) switch
    {
        (true, 0) => "Unsaved changes · ready to publish",
        (true, var n) => $"Unsaved changes · {Problems(n)} to fix before publishing",
        (false, 0) => "Draft saved · ready to publish",
        (false, var n) => $"Draft saved · {Problems(n)} to fix before publishing",
    };

    private static string Problems(int count) => count == 1 ? "1 problem" : $"{count} problems";

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded == (WorkflowId, Run))
        {
            return;
        }

        // Another workflow in the same page (a link from one design to another): leave the old room first.
        _seat?.Dispose();
        _seat = null;
        _joining = false;
        _replica = null;
        _people = [];
        _savedSeq = 0;
        _missing = null;
        _loaded = (WorkflowId, Run);
        _run = null;
        _path = null;
        _comparing = false;
        _activity = false;
        _stored = [];
        _compareWith = null;
        _compareVersion = null;
        _diff = null;
        _zone = TenantContext.Tenant?.TimeZone ?? "UTC";
        _readOnly = !WorkflowAccess.MayChange(await Actors.GetAsync());
        var draft = await Definitions.GetDraftAsync(WorkflowId);
        var catalog = await Definitions.CatalogAsync();
        if (!draft.Succeeded || !catalog.Succeeded)
        {
            _missing = "There is no such workflow here, or you may not see it.";
            return;
        }

        _catalog = catalog.Value!;
        _savedJson = WorkflowJson.Write(draft.Value!.Definition);
        _undo.Clear();
        _redo.Clear();
        _selection.Clear();
        if (Run is { } runId)
        {
            // A run is shown on the version it ran, and only looked at.
            var run = await Instances.GetAsync(runId);
            if (!run.Succeeded || run.Value!.Instance.WorkflowId != WorkflowId)
            {
                _missing = "There is no such run of this workflow here, or you may not see it.";
                return;
            }

            _run = run.Value;
            _path = WorkflowDiagramView.DiagramRun.Of(run.Value);
            _readOnly = true;
            Show(run.Value.Definition);
            return;
        }

        Show(draft.Value.Definition);
    }

    /// <summary>How a step stands in the run shown: ran, waiting, faulted or idle; nothing when no run is shown.</summary>
    private string? RunStateOf(string stepId) => _path?.StateOf(stepId);

    private string EdgeClass(WorkflowEdge edge) =>
        _path?.Took(edge) == true ? "wf-edge wf-edge-taken"
        : _diff?.LinksAdded.Contains(edge) == true ? "wf-edge wf-edge-added"
        : "wf-edge";

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_definition is null || _disposed || (_attached && (_seat is not null || _run is not null)))
        {
            return;
        }

        if (_seat is null && _run is null)
        {
            if (_joining)
            {
                return; // a render while the room is joined (its people arriving) must not join a second time
            }

            _joining = true;
            var joined = await Design.JoinAsync(WorkflowId, new Listener(this));
            if (!joined.Succeeded)
            {
                _missing = "There is no such workflow here, or you may not see it.";
                StateHasChanged();
                return;
            }

            if (_disposed)
            {
                joined.Value!.Dispose(); // the page went while its seat was being made
                return;
            }

            _seat = joined.Value!;
            _readOnly = !_seat.MayEdit;
            _replica = new DraftReplica(_seat.Document, _seat.Seq);
            _savedSeq = _seat.SavedSeq;
            Show(_replica.View);
        }

        if (_attached)
        {
            return;
        }

        _target ??= DotNetObjectReference.Create(new DesignerTarget(MovedAsync, ConnectAsync, SelectAsync, DropAsync, CommandAsync, PointAsync));
        try
        {
            await Interop.AttachAsync(_surface, _readOnly ? null : _palette, _target, _readOnly);
            _attached = true;
            StateHasChanged();
        }
        catch (JSDisconnectedException)
        {
            // The circuit went while the page was opening.
        }
    }

    /// <summary>Makes <paramref name="definition"/> the one shown: its steps by id, their places and its problems.</summary>
    private void Show(WorkflowDefinition definition)
    {
        _definition = definition;
        _json = WorkflowJson.Write(definition);
        _steps = definition.Steps.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _placed = WorkflowEdits.Placed(definition);
        var problems = WorkflowValidator.Validate(definition, _catalog, Expressions);
        _problems = problems.ToLookup(p => p.StepId);
        _problemCount = problems.Count;
        _selection.RemoveWhere(id => !_steps.ContainsKey(id));
        _diff = _compareVersion is null || _againstVersion is not null ? null : WorkflowDiff.Between(_compareVersion, definition);
    }

    /// <summary>How a step stands against the version being compared: added, changed, same, or nothing when not comparing.</summary>
    private string? DiffOf(string stepId) => _diff switch
    {
        null => null,
        var diff when diff.Added.Contains(stepId) => "added",
        var diff when diff.Changed.ContainsKey(stepId) => "changed",
        _ => "same",
    };

    /// <summary>Opens the activity feed (closing the versions) with its newest saved changes, or closes it.</summary>
    private async Task ToggleActivityAsync()
    {
        _activity = !_activity;
        if (_activity)
        {
            if (_comparing)
            {
                await ToggleVersionsAsync();
            }

            _stored = [];
            await MoreActivityAsync();
        }
    }

    private async Task MoreActivityAsync()
    {
        _storedLoading = true;
        try
        {
            var page = await Definitions.ActivityAsync(WorkflowId, PageRequest.Of((_stored.Count / ActivityPage) + 1, ActivityPage));
            if (page.Succeeded)
            {
                _stored.AddRange(page.Value!.Items);
                _storedMore = page.Value.Items.Count == ActivityPage && (page.Value.TotalIsCapped || _stored.Count < page.Value.Total);
            }
        }
        finally
        {
            _storedLoading = false;
        }
    }

    private const int ActivityPage = 20;

    /// <summary>Made-up data of the draft's trigger for "try it": one object per trigger, so the panel keeps what was typed.</summary>
    private IReadOnlyDictionary<string, object?> Sample
    {
        get
        {
            var key = (_definition?.Trigger?.Type, _definition?.Trigger?.Event);
            if (_sample is null || _sampleKey != key)
            {
                _sampleKey = key;
                _sample = WorkflowData.Sample(_definition?.Trigger, TenantContext.Tenant?.DefaultCurrency ?? "USD");
            }

            return _sample;
        }
    }

    private IReadOnlyDictionary<string, object?>? _sample;
    private (string?, string?) _sampleKey;

    private async Task<ExpressionResult> TryExpressionAsync(string expression, IReadOnlyDictionary<string, object?> values)
    {
        var tried = await Definitions.TryExpressionAsync(expression, values);
        return tried.Value ?? new ExpressionResult(null, new ExpressionProblem(WorkflowText.Refusal(tried), null));
    }

    /// <summary>Someone else saved: the edits they saved move from "not saved yet" to the saved changes.</summary>
    private async Task ReloadActivityAsync()
    {
        _stored = [];
        await MoreActivityAsync();
        StateHasChanged();
    }

    private async Task ToggleVersionsAsync()
    {
        _comparing = !_comparing;
        if (_comparing && _activity)
        {
            _activity = false;
        }

        if (!_comparing)
        {
            _compareWith = null;
            _compareVersion = null;
            _diff = null;
            (_compareAgainst, _againstVersion, _pairDiff) = (null, null, null);
            return;
        }

        var versions = await Definitions.ListVersionsAsync(WorkflowId, PageRequest.Of(1, 50));
        _versions = versions.Succeeded ? versions.Value!.Items : [];
    }

    /// <summary>The draft as this editor sees it, as a file of the workflow format.</summary>
    private async Task ExportAsync()
    {
        if (_definition is not null && _attached)
        {
            var name = new string([.. _definition.Name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]).Trim('-');
            await Interop.DownloadAsync($"{(name.Length == 0 ? "workflow" : name)}.json", WorkflowJson.Write(_definition));
        }
    }

    private async Task ImportAsync()
    {
        var dialog = await Dialogs.ShowAsync<ImportDefinitionDialog>("Import a workflow document", new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: WorkflowDefinition imported } && _definition is not null)
        {
            if (Apply(WorkflowEdits.Replace(_definition, imported)))
            {
                _selection.Clear();
                Snackbar.Add($"Imported “{imported.Name}” into the draft. Ctrl+Z takes it back.", Severity.Success);
                await Task.Yield();
                await FitAsync();
            }
        }
    }

    private async Task CompareAsync(int number)
    {
        var version = await Definitions.GetVersionAsync(WorkflowId, number);
        if (!version.Succeeded || _definition is null)
        {
            Snackbar.Add("That version could not be read: " + WorkflowText.Refusal(version), Severity.Error);
            return;
        }

        _compareWith = number;
        _compareVersion = version.Value!.Definition;
        if (_compareAgainst == number)
        {
            (_compareAgainst, _againstVersion) = (null, null);
        }

        _pairDiff = _againstVersion is null ? null : WorkflowDiff.Between(_compareVersion, _againstVersion);
        _diff = _againstVersion is null ? WorkflowDiff.Between(_compareVersion, _definition) : null;
    }

    /// <summary>Sets the compared version against another version (drawn in the panel) or, with null, against the draft (on the canvas).</summary>
    private async Task CompareAgainstAsync(int? number)
    {
        if (_compareVersion is null || _definition is null)
        {
            return;
        }

        if (number is not { } other)
        {
            (_compareAgainst, _againstVersion, _pairDiff) = (null, null, null);
            _diff = WorkflowDiff.Between(_compareVersion, _definition);
            return;
        }

        var version = await Definitions.GetVersionAsync(WorkflowId, other);
        if (!version.Succeeded)
        {
            Snackbar.Add("That version could not be read: " + WorkflowText.Refusal(version), Severity.Error);
            return;
        }

        _compareAgainst = other;
        _againstVersion = version.Value!.Definition;
        _pairDiff = WorkflowDiff.Between(_compareVersion, _againstVersion);
        _diff = null;
    }

    private IReadOnlyList<WorkflowProblem> ProblemsOf(string? stepId) => [.. _problems[stepId]];

    /// <summary>Makes an edit here and sends it to the room; false when there is nothing to change or the reader may not change it.</summary>
    private bool Apply(WorkflowEdit edit) => Perform(edit, _undo, clearRedo: true);

    /// <summary>Makes an edit and keeps its inverse on <paramref name="inverses"/> (undo's stack, or redo's when undoing).</summary>
    private bool Perform(WorkflowEdit edit, Stack<WorkflowEdit> inverses, bool clearRedo)
    {
        if (_readOnly || _definition is null || _seat is null || _replica is null)
        {
            return false;
        }

        var before = _replica.View;

        // Steps that had no place of their own keep the one they were drawn at, so one step moved does not make the
        // automatic layout move the others.
        var unplaced = before.Steps.Where(s => s.Position is null && _placed.ContainsKey(s.Id)).ToDictionary(s => s.Id, s => _placed[s.Id], StringComparer.Ordinal);
        var full = unplaced.Count == 0 ? edit : new EditBatch([new PlaceSteps(unplaced), edit]);
        var after = full.Apply(before);
        if (ReferenceEquals(after, before) || WorkflowJson.Write(after) == _json)
        {
            return false;
        }

        inverses.Push(full.Inverse(before));
        if (inverses.Count > MaxUndo)
        {
            var kept = inverses.Take(MaxUndo).Reverse().ToList();
            inverses.Clear();
            kept.ForEach(inverses.Push);
        }

        if (clearRedo)
        {
            _redo.Clear();
        }

        var (editId, baseSeq) = _replica.Propose(full);
        _seat.Submit(editId, baseSeq, full);
        Show(_replica.View);
        return true;
    }

    private Task ApplyAsync(WorkflowEdit edit)
    {
        Apply(edit);
        return Task.CompletedTask;
    }

    private Task ChangeAsync(WorkflowStep before, WorkflowStep after) =>
        ChangeStep.Between(before, after) is { } change ? ApplyAsync(change) : Task.CompletedTask;

    private async Task<bool> MovedAsync(IReadOnlyDictionary<string, WorkflowPosition> positions)
    {
        if (_readOnly)
        {
            return false;
        }

        Apply(new MoveSteps(positions.ToDictionary(p => p.Key, p => WorkflowEdits.Snap(p.Value), StringComparer.Ordinal)));
        await InvokeAsync(StateHasChanged);
        return true;
    }

    private async Task<bool> ConnectAsync(WorkflowEdge edge)
    {
        var made = Apply(new Connect(edge));
        await InvokeAsync(StateHasChanged);
        return made;
    }

    private async Task SelectAsync(IReadOnlyList<string> ids, bool additive)
    {
        if (!additive)
        {
            _selection.Clear();
        }

        foreach (var id in ids.Where(_steps.ContainsKey))
        {
            if (additive && _selection.Contains(id))
            {
                _selection.Remove(id);
            }
            else
            {
                _selection.Add(id);
            }
        }

        await InvokeAsync(StateHasChanged);
    }

    /// <summary>Whenever the selection may have changed: the others see it.</summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (_seat is not null && !_seat.SelectionIs(_selection))
        {
            _seat.Select([.. _selection]);
        }
    }

    private Task PointAsync(WorkflowPosition? at)
    {
        _seat?.Point(at);
        return Task.CompletedTask;
    }

    private async Task DropAsync(string type, WorkflowPosition at)
    {
        AddStep(type, at);
        await InvokeAsync(StateHasChanged);
    }

    /// <summary>A step from the palette by click or keyboard: in the middle of what the canvas shows.</summary>
    private async Task AddAsync(string type)
    {
        var center = _attached ? await Interop.ViewCenterAsync(_surface) : new WorkflowPosition(200, 200);
        AddStep(type, WorkflowEdits.FreeSpot(_placed.Values, new WorkflowPosition(center.X - (WorkflowCanvas.Width / 2), center.Y - (WorkflowCanvas.Height / 2))));
    }

    private void AddStep(string type, WorkflowPosition at)
    {
        if (_definition is null || !WorkflowStepTypes.All.Contains(type))
        {
            return;
        }

        var step = WorkflowEdits.NewStep(type, _steps.Keys.ToHashSet(StringComparer.Ordinal), at);
        if (_definition.Steps.Count >= WorkflowValidator.MaxSteps)
        {
            Snackbar.Add($"A workflow has at most {WorkflowValidator.MaxSteps} steps.", Severity.Warning);
            return;
        }

        if (Apply(new AddSteps([step], [])))
        {
            _selection.Clear();
            _selection.Add(step.Id);
            if (_definition.Start is null && _definition.Steps.Count == 1)
            {
                Apply(new SetStart(step.Id));
            }
        }
    }

    private async Task CommandAsync(string command)
    {
        switch (command)
        {
            case "delete":
                await DeleteSelectedAsync();
                break;
            case "undo":
                await UndoAsync();
                break;
            case "redo":
                await RedoAsync();
                break;
            case "copy" when _selection.Count > 0 && _definition is not null:
                _clipboard = (_definition, _selection.ToArray());
                Snackbar.Add(_selection.Count == 1 ? "Copied 1 step: Ctrl+V pastes it." : $"Copied {_selection.Count} steps: Ctrl+V pastes them.", Severity.Info);
                break;
            case "paste" when _clipboard is { } clip && _definition is not null:
                var copy = WorkflowEdits.Copy(clip.Source, clip.Ids, _definition, PasteOffset);
                if (_definition.Steps.Count + copy.Steps.Count > WorkflowValidator.MaxSteps)
                {
                    Snackbar.Add($"A workflow has at most {WorkflowValidator.MaxSteps} steps.", Severity.Warning);
                }
                else if (Apply(copy))
                {
                    _selection.Clear();
                    _selection.UnionWith(copy.StepIds);
                    _clipboard = (_definition, copy.StepIds.ToArray());
                }

                break;
            case "selectAll":
                _selection.UnionWith(_steps.Keys);
                break;
            case "selectNone":
                _selection.Clear();
                break;
            case var choose when choose.StartsWith("select:", StringComparison.Ordinal) && _steps.ContainsKey(choose["select:".Length..]):
                _selection.Clear();
                _selection.Add(choose["select:".Length..]);
                break;
            case var nudge when nudge.StartsWith("nudge:", StringComparison.Ordinal) && _selection.Count > 0:
                var parts = nudge.Split(':');
                if (parts.Length == 3 && double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var dx)
                    && double.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var dy))
                {
                    Apply(new MoveSteps(_selection.Where(_placed.ContainsKey).ToDictionary(
                        id => id, id => WorkflowEdits.Snap(new WorkflowPosition(_placed[id].X + dx, _placed[id].Y + dy)), StringComparer.Ordinal)));
                }

                break;
        }

        await InvokeAsync(StateHasChanged);
    }

    private Task DeleteSelectedAsync() => DeleteAsync([.. _selection]);

    private Task DeleteAsync(IReadOnlyList<string> ids)
    {
        if (ids.Count > 0 && _definition is not null)
        {
            var edit = new DeleteSteps(ids);
            var said = edit.Describe(_definition);
            if (Apply(edit))
            {
                Snackbar.Add($"{said}. Ctrl+Z brings it back.", Severity.Normal);
            }
        }

        return Task.CompletedTask;
    }

    private Task UndoAsync() => StepBack(_undo, _redo);

    private Task RedoAsync() => StepBack(_redo, _undo);

    /// <summary>Makes the inverse on top of <paramref name="from"/>, keeping its own inverse on <paramref name="to"/>; one that changes nothing (someone else's edit undid it already) is skipped.</summary>
    private Task StepBack(Stack<WorkflowEdit> from, Stack<WorkflowEdit> to)
    {
        while (!_readOnly && from.TryPop(out var inverse))
        {
            if (Perform(inverse, to, clearRedo: false))
            {
                break;
            }
        }

        return Task.CompletedTask;
    }

    private async Task AutoLayoutAsync()
    {
        if (_definition is not null && Apply(WorkflowEdits.AutoLayout(_definition)))
        {
            StateHasChanged();
            await Task.Yield();
            await FitAsync();
        }
    }

    private async Task FitAsync()
    {
        if (_attached)
        {
            await Interop.FitAsync(_surface);
        }
    }

    private async Task ZoomAsync(double factor)
    {
        if (_attached)
        {
            await Interop.ZoomAsync(_surface, factor);
        }
    }

    /// <summary>Stores the draft; true when it is stored (or there was nothing to store).</summary>
    private async Task<bool> SaveAsync()
    {
        if (!Dirty || _definition is null || _seat is null)
        {
            return true;
        }

        _busy = true;
        try
        {
            // The room's draft, with everyone's edits that reached it.
            var (document, seq, changes) = _seat.Unsaved();
            var json = WorkflowJson.Write(document);
            var saved = await Definitions.SaveDraftIfUnchangedAsync(WorkflowId, json, _seat.Revision, changes);
            if (saved.Code == ErrorCodes.Conflict
                && await ConfirmDialog.AskAsync(Dialogs, "The stored draft has changed", WorkflowDefinitions.DraftChangedElsewhere
                    + " Store what is on this canvas in its place? Their draft is then replaced.", "Store mine", Color.Warning, "Keep editing"))
            {
                saved = await Definitions.SaveDraftOverAsync(WorkflowId, json, changes);
            }
            else if (saved.Code == ErrorCodes.Conflict)
            {
                return false;
            }

            if (!saved.Succeeded)
            {
                Snackbar.Add("The draft was not saved: " + WorkflowText.Refusal(saved), Severity.Error);
                return false;
            }

            _savedJson = json;
            _savedSeq = Math.Max(_savedSeq, seq);
            if (_activity)
            {
                // What was not saved is now the newest of the saved.
                _stored = [];
                await MoreActivityAsync();
            }

            _seat.Saved(seq, saved.Value!.Workflow.UpdatedAt, document);
            Snackbar.Add("Draft saved.", Severity.Success);
            return true;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task PublishAsync()
    {
        if (!await SaveAsync())
        {
            return;
        }

        _busy = true;
        try
        {
            var published = await Definitions.PublishAsync(WorkflowId);
            if (published.Succeeded)
            {
                Snackbar.Add($"Published as version {published.Value!.Number}: new runs follow it.", Severity.Success);
            }
            else
            {
                Snackbar.Add(_problemCount > 0
                    ? $"Not published: fix the {Problems(_problemCount)} marked on the canvas first."
                    : "Not published: " + WorkflowText.Refusal(published), Severity.Error);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (Dirty && !await ConfirmDialog.AskAsync(Dialogs, "Leave without saving?", "The changes to this draft since it was last saved will be lost.", "Leave", Color.Warning, "Stay"))
        {
            context.PreventNavigation();
        }
    }

    private static string Initials(string name) =>
        string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w[0])));

    private static string Short(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_attached)
        {
            try
            {
                await Interop.DetachAsync(_surface);
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the canvas with it.
            }
        }

        _target?.Dispose();
        _seat?.Dispose();
    }

    /// <summary>Applies an edit the room ordered (this editor's own too), catching up first when some were missed.</summary>
    private void Receive(SequencedEdit edit)
    {
        if (_replica is null || _seat is null)
        {
            return;
        }

        var before = _replica.View;
        try
        {
            _replica.Receive(edit);
        }
        catch (InvalidOperationException)
        {
            var (missed, document, seq) = _seat.Since(_replica.Seq);
            if (missed is null)
            {
                _replica.Reset(document, seq);
            }
            else
            {
                missed.ToList().ForEach(e => _replica.Receive(e));
            }
        }

        if (edit.AuthorId != _seat.UserId)
        {
            var gone = _selection.Where(id => before.Steps.Any(s => s.Id == id) && !_replica.View.Steps.Any(s => s.Id == id)).ToList();
            if (gone.Count > 0)
            {
                var name = before.Steps.First(s => s.Id == gone[0]).Name ?? gone[0];
                Snackbar.Add($"{edit.AuthorName} deleted “{name}”, which you had selected.", Severity.Warning);
            }
        }

        Show(_replica.View);
    }

    /// <summary>
    /// What the room tells this page, brought onto the circuit's renderer in the room's order, in the circuit's culture
    /// (the room calls from its own threads, whose culture is not the reader's).
    /// </summary>
    private sealed class Listener(WorkflowDesigner page) : IDesignListener
    {
        private readonly System.Globalization.CultureInfo _culture = System.Globalization.CultureInfo.CurrentCulture;
        private readonly System.Globalization.CultureInfo _uiCulture = System.Globalization.CultureInfo.CurrentUICulture;

        public void Edited(SequencedEdit edit) => Post(() => page.Receive(edit));

        public void Lost(EditConflict conflict) => Post(() =>
            page.Snackbar.Add($"{conflict.WinnerName}'s change went in at the same moment as yours and stands: {conflict.What}.", Severity.Warning));

        public void People(IReadOnlyList<DesignPerson> people, long savedSeq) => Post(() =>
        {
            var savedByOther = savedSeq > page._savedSeq;
            page._people = people;
            page._savedSeq = Math.Max(page._savedSeq, savedSeq);
            if (savedByOther && page._activity)
            {
                _ = Quietly(page.ReloadActivityAsync());
            }
        });

        public void Pointed(Guid seatId, WorkflowPosition? at)
        {
            var person = page._people.FirstOrDefault(p => p.SeatId == seatId);
            if (page._attached && (person is not null || at is null))
            {
                _ = Quietly(page.InvokeAsync(async () =>
                {
                    if (!page._disposed)
                    {
                        await page.Interop.ShowPointerAsync(page._surface, seatId, person?.Name ?? "", person?.Color ?? "", at);
                    }
                }));
            }
        }

        private void Post(Action change) => _ = Quietly(page.InvokeAsync(() =>
        {
            System.Globalization.CultureInfo.CurrentCulture = _culture;
            System.Globalization.CultureInfo.CurrentUICulture = _uiCulture;
            if (!page._disposed)
            {
                change();
                page.StateHasChanged();
            }
        }));

        /// <summary>A circuit that went away between the room's call and its turn on the renderer is no news.</summary>
        private static async Task Quietly(Task work)
        {
            try
            {
                await work;
            }
            catch (Exception e) when (e is ObjectDisposedException or JSDisconnectedException or OperationCanceledException)
            {
                // The page is gone; the room hears it leave when the page is disposed.
            }
        }
    }
}
