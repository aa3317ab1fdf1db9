using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using MudBlazor;
using Platform.Core.Access;
using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;
using Platform.Web.Components.Shared;
using Platform.Web.Interop;

namespace Platform.Web.Components.Pages.App.Workflows.Designer;

/// <summary>
/// The visual designer of a workflow's draft (ADR 0035). The draft lives in the circuit while it is edited; every change
/// is a <see cref="WorkflowEdit"/> applied to it, so undo and redo step through the drafts it made. What a pointer does
/// between press and release stays in the browser (js/designer.js); the server gets the result. The validator runs on
/// every change and marks the steps it finds a problem with. Save stores the draft through the use case; publish saves
/// first and publishes what was saved. Admins edit; managers look.
/// </summary>
public sealed partial class WorkflowDesigner
{
    private const int MaxUndo = 100;

    private static readonly WorkflowPosition PasteOffset = new(32, 32);

    private readonly string _id = "wfd-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Stack<WorkflowDefinition> _undo = new();
    private readonly Stack<WorkflowDefinition> _redo = new();
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

    [Parameter]
    public Guid WorkflowId { get; set; }

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

    private bool Dirty => _definition is not null && _json != _savedJson;

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
        Show(draft.Value.Definition);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_definition is null || _attached)
        {
            return;
        }

        _target ??= DotNetObjectReference.Create(new DesignerTarget(MovedAsync, ConnectAsync, SelectAsync, DropAsync, CommandAsync));
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
    }

    private IReadOnlyList<WorkflowProblem> ProblemsOf(string? stepId) => [.. _problems[stepId]];

    /// <summary>Makes an edit; false when there is nothing to change or the reader may not change it.</summary>
    private bool Apply(WorkflowEdit edit)
    {
        if (_readOnly || _definition is null)
        {
            return false;
        }

        var before = _definition;

        // Steps that had no place of their own keep the one they were drawn at, so one step moved does not make the
        // automatic layout move the others.
        var start = before.Steps.Any(s => s.Position is null)
            ? new MoveSteps(before.Steps.Where(s => s.Position is null && _placed.ContainsKey(s.Id)).ToDictionary(s => s.Id, s => _placed[s.Id], StringComparer.Ordinal)).Apply(before)
            : before;
        var after = edit.Apply(start);
        if (ReferenceEquals(after, before) || WorkflowJson.Write(after) == _json)
        {
            return false;
        }

        _undo.Push(before);
        if (_undo.Count > MaxUndo)
        {
            var kept = _undo.Take(MaxUndo).Reverse().ToList();
            _undo.Clear();
            kept.ForEach(_undo.Push);
        }

        _redo.Clear();
        Show(after);
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

    private Task StepBack(Stack<WorkflowDefinition> from, Stack<WorkflowDefinition> to)
    {
        if (!_readOnly && _definition is not null && from.TryPop(out var previous))
        {
            to.Push(_definition);
            Show(previous);
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
        if (!Dirty || _definition is null)
        {
            return true;
        }

        _busy = true;
        try
        {
            var json = _json;
            var saved = await Definitions.SaveDraftAsync(WorkflowId, json);
            if (!saved.Succeeded)
            {
                Snackbar.Add("The draft was not saved: " + WorkflowText.Refusal(saved), Severity.Error);
                return false;
            }

            _savedJson = json;
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

    private static string Short(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    public async ValueTask DisposeAsync()
    {
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
    }
}
