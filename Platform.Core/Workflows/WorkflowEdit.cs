using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Platform.Core.Workflows;

/// <summary>
/// One change a person makes to a draft in the designer: add, move, change, delete, connect, disconnect, set the start or
/// the workflow's details. An edit names the steps it concerns by id and carries the values it sets, never a difference
/// from what the editor saw, so applying it is deterministic and applying it twice changes nothing more. An edit that
/// concerns a step which is no longer there (another editor deleted it) changes nothing: a deleted step stays deleted.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "edit")]
[JsonDerivedType(typeof(AddSteps), "addSteps")]
[JsonDerivedType(typeof(MoveSteps), "moveSteps")]
[JsonDerivedType(typeof(PlaceSteps), "placeSteps")]
[JsonDerivedType(typeof(ChangeStep), "changeStep")]
[JsonDerivedType(typeof(DeleteSteps), "deleteSteps")]
[JsonDerivedType(typeof(Connect), "connect")]
[JsonDerivedType(typeof(Disconnect), "disconnect")]
[JsonDerivedType(typeof(SetStart), "setStart")]
[JsonDerivedType(typeof(ChangeDetails), "changeDetails")]
[JsonDerivedType(typeof(EditBatch), "batch")]
public abstract record WorkflowEdit
{
    /// <summary>The definition with this edit made; the same instance when there was nothing to change.</summary>
    public abstract WorkflowDefinition Apply(WorkflowDefinition definition);

    /// <summary>What the edit does, for people ("Moved 2 steps").</summary>
    public abstract string Describe(WorkflowDefinition before);

    /// <summary>The steps the edit concerns.</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<string> StepIds { get; }

    /// <summary>
    /// What the edit sets, as keys: <c>steps/{id}</c> for a whole step (added or deleted), <c>steps/{id}/{setting}</c>
    /// for one setting (its place is <c>position</c>), <c>ports/{id}/{port}</c>, <c>start</c> and <c>details</c>. Two
    /// concurrent edits conflict where a key of one is the other's or starts with it and a slash.
    /// </summary>
    public abstract IEnumerable<string> Touches(WorkflowDefinition before);

    /// <summary>The edit that undoes this one, made on <paramref name="before"/> (the definition it was applied to).</summary>
    public abstract WorkflowEdit Inverse(WorkflowDefinition before);

    protected static string NameOf(WorkflowDefinition definition, string id) =>
        definition.Steps.FirstOrDefault(s => s.Id == id) is { } step ? $"“{step.Name ?? step.Id}”" : $"“{id}”";
}

/// <summary>Adds steps and the edges among them (a new step from the palette, or a paste); steps whose id exists already are left out.</summary>
public sealed record AddSteps(IReadOnlyList<WorkflowStep> Steps, IReadOnlyList<WorkflowEdge> Edges) : WorkflowEdit
{
    [JsonIgnore]
    public override IReadOnlyList<string> StepIds => [.. Steps.Select(s => s.Id)];

    public override WorkflowDefinition Apply(WorkflowDefinition definition)
    {
        var taken = definition.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var added = Steps.Where(s => !taken.Contains(s.Id)).ToList();
        if (added.Count == 0)
        {
            return definition;
        }

        var ids = taken.Union(added.Select(s => s.Id)).ToHashSet(StringComparer.Ordinal);
        var edges = definition.Edges.ToList();
        foreach (var edge in Edges.Where(e => ids.Contains(e.From) && ids.Contains(e.To)))
        {
            edges.RemoveAll(e => e.From == edge.From && e.Port == edge.Port);
            edges.Add(edge);
        }

        return definition with { Steps = [.. definition.Steps, .. added], Edges = edges };
    }

    public override string Describe(WorkflowDefinition before) =>
        Steps.Count == 1 ? $"Added {Steps[0].Name ?? Steps[0].Id}" : $"Added {Steps.Count} steps";

    public override IEnumerable<string> Touches(WorkflowDefinition before) =>
        Steps.Select(s => $"steps/{s.Id}").Concat(Edges.Select(e => $"ports/{e.From}/{e.Port}"));

    public override WorkflowEdit Inverse(WorkflowDefinition before)
    {
        var taken = before.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var added = Steps.Where(s => !taken.Contains(s.Id)).Select(s => s.Id).ToList();

        // Edges from steps that were there already to the new ones replaced what those ports led to.
        var restored = before.Edges.Where(e => taken.Contains(e.From) && Edges.Any(n => n.From == e.From && n.Port == e.Port)).Select(e => (WorkflowEdit)new Connect(e));
        return new EditBatch([new DeleteSteps(added), .. restored]);
    }
}

/// <summary>Puts steps at new places on the canvas (absolute positions).</summary>
public sealed record MoveSteps(IReadOnlyDictionary<string, WorkflowPosition> Positions) : WorkflowEdit
{
    [JsonIgnore]
    public override IReadOnlyList<string> StepIds => [.. Positions.Keys];

    public override WorkflowDefinition Apply(WorkflowDefinition definition) =>
        !definition.Steps.Any(s => Positions.ContainsKey(s.Id))
            ? definition
            : definition with { Steps = [.. definition.Steps.Select(s => Positions.TryGetValue(s.Id, out var at) ? s with { Position = at } : s)] };

    public override string Describe(WorkflowDefinition before) =>
        Positions.Count == 1 ? $"Moved {NameOf(before, Positions.Keys.First())}" : $"Moved {Positions.Count} steps";

    public override IEnumerable<string> Touches(WorkflowDefinition before) => Positions.Keys.Select(id => $"steps/{id}/position");

    public override WorkflowEdit Inverse(WorkflowDefinition before)
    {
        var placed = WorkflowEdits.Placed(before);
        return new MoveSteps(Positions.Keys.Where(placed.ContainsKey).ToDictionary(id => id, id => placed[id], StringComparer.Ordinal));
    }
}

/// <summary>
/// Sets some settings of a step (its name among them) to those <see cref="Values"/> has: only the <see cref="Fields"/>
/// named (camelCase, as in the format), so two people changing different settings of one step both keep theirs. A step's
/// id, type and place are not settings. Ports the step no longer has (a case or branch renamed or removed) lose their edges.
/// </summary>
public sealed record ChangeStep(WorkflowStep Values, IReadOnlyList<string> Fields) : WorkflowEdit
{
    private static readonly HashSet<string> NotSettings = new(StringComparer.Ordinal) { "id", "type", "position" };

    /// <summary>The settings a step has, by their names in the format.</summary>
    public static readonly IReadOnlyList<string> Settings =
        [.. typeof(WorkflowStep).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Where(n => !NotSettings.Contains(n))];

    /// <summary>The change from <paramref name="before"/> to <paramref name="after"/> (one step, same id): the settings that differ; null when none does.</summary>
    public static ChangeStep? Between(WorkflowStep before, WorkflowStep after)
    {
        var was = Node(before);
        var now = Node(after);
        var fields = Settings.Where(f => !JsonNode.DeepEquals(was[f], now[f])).ToList();
        return fields.Count == 0 ? null : new ChangeStep(after with { Id = before.Id }, fields);
    }

    [JsonIgnore]
    public override IReadOnlyList<string> StepIds => [Values.Id];

    public override WorkflowDefinition Apply(WorkflowDefinition definition)
    {
        if (definition.Steps.FirstOrDefault(s => s.Id == Values.Id) is not { } current)
        {
            return definition;
        }

        var node = Node(current);
        var values = Node(Values);
        foreach (var field in Fields.Where(f => !NotSettings.Contains(f) && Settings.Contains(f)))
        {
            if (values[field] is { } value)
            {
                node[field] = value.DeepClone();
            }
            else
            {
                node.Remove(field);
            }
        }

        var changed = node.Deserialize<WorkflowStep>(WorkflowJson.Options)!;
        if (JsonNode.DeepEquals(node, Node(current)))
        {
            return definition;
        }

        var ports = WorkflowStepTypes.PortsOf(changed).ToHashSet(StringComparer.Ordinal);
        return definition with
        {
            Steps = [.. definition.Steps.Select(s => s.Id == Values.Id ? changed : s)],
            Edges = [.. definition.Edges.Where(e => e.From != Values.Id || ports.Contains(e.Port))],
        };
    }

    public override string Describe(WorkflowDefinition before) => Fields.Count == 1
        ? $"Changed {Fields[0]} of {NameOf(before, Values.Id)}"
        : $"Changed {NameOf(before, Values.Id)}";

    public override IEnumerable<string> Touches(WorkflowDefinition before) => Fields.Select(f => $"steps/{Values.Id}/{f}");

    public override WorkflowEdit Inverse(WorkflowDefinition before) =>
        before.Steps.FirstOrDefault(s => s.Id == Values.Id) is { } was
            ? new EditBatch([new ChangeStep(was, Fields), .. before.Edges.Where(e => e.From == Values.Id).Select(e => (WorkflowEdit)new Connect(e))])
            : new EditBatch([]);

    private static JsonObject Node(WorkflowStep step) => JsonSerializer.SerializeToNode(step, WorkflowJson.Options)!.AsObject();
}

/// <summary>
/// Gives steps that have no place of their own the one they are drawn at (the automatic layout's), so that moving one
/// step does not make the layout move the others. It never moves a step that has a place, so two editors doing it at
/// once conflict with nobody, and there is nothing to undo.
/// </summary>
public sealed record PlaceSteps(IReadOnlyDictionary<string, WorkflowPosition> Positions) : WorkflowEdit
{
    [JsonIgnore]
    public override IReadOnlyList<string> StepIds => [.. Positions.Keys];

    public override WorkflowDefinition Apply(WorkflowDefinition definition) =>
        !definition.Steps.Any(s => s.Position is null && Positions.ContainsKey(s.Id))
            ? definition
            : definition with { Steps = [.. definition.Steps.Select(s => s.Position is null && Positions.TryGetValue(s.Id, out var at) ? s with { Position = at } : s)] };

    public override string Describe(WorkflowDefinition before) => "Placed the steps";

    public override IEnumerable<string> Touches(WorkflowDefinition before) => [];

    public override WorkflowEdit Inverse(WorkflowDefinition before) => new EditBatch([]);
}

/// <summary>Deletes steps with every edge to or from them; the start goes too when it was one of them.</summary>
public sealed record DeleteSteps(IReadOnlyList<string> Ids) : WorkflowEdit
{
    [JsonIgnore]
    public override IReadOnlyList<string> StepIds => Ids;

    public override WorkflowDefinition Apply(WorkflowDefinition definition)
    {
        var gone = Ids.ToHashSet(StringComparer.Ordinal);
        if (!definition.Steps.Any(s => gone.Contains(s.Id)))
        {
            return definition;
        }

        return definition with
        {
            Steps = [.. definition.Steps.Where(s => !gone.Contains(s.Id))],
            Edges = [.. definition.Edges.Where(e => !gone.Contains(e.From) && !gone.Contains(e.To))],
            Start = definition.Start is { } start && gone.Contains(start) ? null : definition.Start,
        };
    }

    public override string Describe(WorkflowDefinition before) =>
        Ids.Count == 1 ? $"Deleted {NameOf(before, Ids[0])}" : $"Deleted {Ids.Count} steps";

    public override IEnumerable<string> Touches(WorkflowDefinition before) => Ids.Select(id => $"steps/{id}");

    public override WorkflowEdit Inverse(WorkflowDefinition before)
    {
        var gone = Ids.ToHashSet(StringComparer.Ordinal);
        var steps = before.Steps.Where(s => gone.Contains(s.Id)).ToList();
        var edges = before.Edges.Where(e => gone.Contains(e.From) || gone.Contains(e.To)).ToList();
        return new EditBatch([
            new AddSteps(steps, []),
            .. edges.Select(e => (WorkflowEdit)new Connect(e)),
            .. before.Start is { } start && gone.Contains(start) ? [new SetStart(start)] : Array.Empty<WorkflowEdit>(),
        ]);
    }
}

/// <summary>Leads a step's port to another step, in place of where that port led before. A port the step does not have, or a missing step, changes nothing.</summary>
public sealed record Connect(WorkflowEdge Edge) : WorkflowEdit
{
    [JsonIgnore]
    public override IReadOnlyList<string> StepIds => [Edge.From, Edge.To];

    public override WorkflowDefinition Apply(WorkflowDefinition definition)
    {
        if (definition.Steps.FirstOrDefault(s => s.Id == Edge.From) is not { } from
            || !definition.Steps.Any(s => s.Id == Edge.To)
            || !WorkflowStepTypes.PortsOf(from).Contains(Edge.Port)
            || definition.Edges.Contains(Edge))
        {
            return definition;
        }

        return definition with { Edges = [.. definition.Edges.Where(e => e.From != Edge.From || e.Port != Edge.Port), Edge] };
    }

    public override string Describe(WorkflowDefinition before) => Edge.Port == WorkflowStepTypes.Next
        ? $"Connected {NameOf(before, Edge.From)} to {NameOf(before, Edge.To)}"
        : $"Connected {NameOf(before, Edge.From)} ({Edge.Port}) to {NameOf(before, Edge.To)}";

    public override IEnumerable<string> Touches(WorkflowDefinition before) => [$"ports/{Edge.From}/{Edge.Port}"];

    public override WorkflowEdit Inverse(WorkflowDefinition before) => WorkflowEdits.PortAsIn(before, Edge.From, Edge.Port);
}

/// <summary>Removes the edge that leaves a step by a port.</summary>
public sealed record Disconnect(string From, string Port) : WorkflowEdit
{
    [JsonIgnore]
    public override IReadOnlyList<string> StepIds => [From];

    public override WorkflowDefinition Apply(WorkflowDefinition definition) =>
        definition.Edges.Any(e => e.From == From && e.Port == Port)
            ? definition with { Edges = [.. definition.Edges.Where(e => e.From != From || e.Port != Port)] }
            : definition;

    public override string Describe(WorkflowDefinition before) => $"Disconnected {NameOf(before, From)} ({Port})";

    public override IEnumerable<string> Touches(WorkflowDefinition before) => [$"ports/{From}/{Port}"];

    public override WorkflowEdit Inverse(WorkflowDefinition before) => WorkflowEdits.PortAsIn(before, From, Port);
}

/// <summary>Makes a step the one the trigger starts (null: none).</summary>
public sealed record SetStart(string? StepId) : WorkflowEdit
{
    [JsonIgnore]
    public override IReadOnlyList<string> StepIds => StepId is null ? [] : [StepId];

    public override WorkflowDefinition Apply(WorkflowDefinition definition) =>
        definition.Start == StepId || (StepId is not null && !definition.Steps.Any(s => s.Id == StepId))
            ? definition
            : definition with { Start = StepId };

    public override string Describe(WorkflowDefinition before) => StepId is null ? "Cleared the start" : $"Started at {NameOf(before, StepId)}";

    public override IEnumerable<string> Touches(WorkflowDefinition before) => ["start"];

    public override WorkflowEdit Inverse(WorkflowDefinition before) => new SetStart(before.Start);
}

/// <summary>Sets the workflow's name, description and trigger.</summary>
public sealed record ChangeDetails(string Name, string Description, WorkflowTrigger? Trigger) : WorkflowEdit
{
    [JsonIgnore]
    public override IReadOnlyList<string> StepIds => [];

    public override WorkflowDefinition Apply(WorkflowDefinition definition) =>
        definition.Name == Name && definition.Description == Description && definition.Trigger == Trigger
            ? definition
            : definition with { Name = Name, Description = Description, Trigger = Trigger };

    public override string Describe(WorkflowDefinition before) => "Changed the workflow's name, description or trigger";

    public override IEnumerable<string> Touches(WorkflowDefinition before) => ["details"];

    public override WorkflowEdit Inverse(WorkflowDefinition before) => new ChangeDetails(before.Name, before.Description, before.Trigger);
}

/// <summary>Several edits made as one (a paste with its links, an undo of a delete): one step of undo, one entry in the history.</summary>
public sealed record EditBatch(IReadOnlyList<WorkflowEdit> Edits) : WorkflowEdit
{
    [JsonIgnore]
    public override IReadOnlyList<string> StepIds => [.. Edits.SelectMany(e => e.StepIds).Distinct(StringComparer.Ordinal)];

    public override WorkflowDefinition Apply(WorkflowDefinition definition) => Edits.Aggregate(definition, (d, e) => e.Apply(d));

    /// <summary>
    /// What the person did: placing steps rides along with a move (<see cref="PlaceSteps"/>) and is not told, so a move of
    /// steps the layout had placed reads "Moved …", not "Placed the steps and 1 more".
    /// </summary>
    public override string Describe(WorkflowDefinition before)
    {
        var told = Edits.Where(e => e is not PlaceSteps).ToList();
        if (told.Count == 0)
        {
            return Edits.Count == 0 ? "Nothing" : Edits[0].Describe(before);
        }

        // The first told edit, against the document as it was when that edit came to it.
        var at = Edits.TakeWhile(e => e != told[0]).Aggregate(before, (d, e) => e.Apply(d));
        var first = told[0].Describe(at);
        return told.Count == 1 ? first : first + $" and {told.Count - 1} more";
    }

    public override IEnumerable<string> Touches(WorkflowDefinition before)
    {
        var keys = new List<string>();
        var at = before;
        foreach (var edit in Edits)
        {
            keys.AddRange(edit.Touches(at));
            at = edit.Apply(at);
        }

        return keys;
    }

    public override WorkflowEdit Inverse(WorkflowDefinition before)
    {
        var inverses = new List<WorkflowEdit>();
        var at = before;
        foreach (var edit in Edits)
        {
            inverses.Insert(0, edit.Inverse(at));
            at = edit.Apply(at);
        }

        return new EditBatch(inverses);
    }
}

/// <summary>What the designer builds edits from: new step ids, a new step of a type, copies for a paste, the automatic layout.</summary>
public static class WorkflowEdits
{
    /// <summary>The spacing the designer snaps positions to.</summary>
    public const double Grid = 8;

    /// <summary>The largest distance from the origin a step may be placed at, either way.</summary>
    public const double MaxCoordinate = 100_000;

    /// <summary>An id for a new step of <paramref name="type"/> that <paramref name="taken"/> does not have: "delay", then "delay-2", "delay-3" ….</summary>
    public static string NewId(string type, IReadOnlySet<string> taken)
    {
        var stem = new string([.. type.Select(char.ToLowerInvariant).Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')]);
        stem = stem.Length == 0 ? "step" : stem[..Math.Min(stem.Length, WorkflowValidator.MaxStepIdLength - 6)];
        if (!taken.Contains(stem))
        {
            return stem;
        }

        for (var n = 2; ; n++)
        {
            var id = $"{stem}-{n}";
            if (!taken.Contains(id))
            {
                return id;
            }
        }
    }

    /// <summary>A new step of a type, at a place, with the settings its type needs to have ports (a condition's, a fork's two branches, a switch's one case).</summary>
    public static WorkflowStep NewStep(string type, IReadOnlySet<string> taken, WorkflowPosition at) => new()
    {
        Id = NewId(type, taken),
        Type = type,
        Position = Snap(at),
        Branches = type == WorkflowStepTypes.Fork ? ["a", "b"] : null,
        Cases = type == WorkflowStepTypes.Switch ? ["yes"] : null,
        Mode = type == WorkflowStepTypes.Join ? "all" : null,
    };

    /// <summary>
    /// Copies of the steps <paramref name="ids"/> of <paramref name="source"/> (as they were when copied), with ids that
    /// <paramref name="into"/> does not have, shifted by <paramref name="offset"/>, and the edges among them: a paste.
    /// </summary>
    public static AddSteps Copy(WorkflowDefinition source, IEnumerable<string> ids, WorkflowDefinition into, WorkflowPosition offset)
    {
        var definition = source;
        var copied = ids.ToHashSet(StringComparer.Ordinal);
        var taken = into.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var placed = Placed(definition);
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var steps = new List<WorkflowStep>();
        foreach (var step in definition.Steps.Where(s => copied.Contains(s.Id)))
        {
            var id = NewId(step.Id, taken);
            taken.Add(id);
            renamed[step.Id] = id;
            var at = placed[step.Id];
            steps.Add(step with { Id = id, Position = Snap(new WorkflowPosition(at.X + offset.X, at.Y + offset.Y)) });
        }

        // A copied join keeps its fork when the fork is copied too.
        steps = [.. steps.Select(s => s.Fork is { } fork && renamed.TryGetValue(fork, out var copy) ? s with { Fork = copy } : s)];
        var edges = definition.Edges.Where(e => copied.Contains(e.From) && copied.Contains(e.To))
            .Select(e => new WorkflowEdge(renamed[e.From], e.Port, renamed[e.To])).ToList();
        return new AddSteps(steps, edges);
    }

    /// <summary>Every step's place: its own, or where <see cref="WorkflowLayout"/> puts it when it has none.</summary>
    public static IReadOnlyDictionary<string, WorkflowPosition> Placed(WorkflowDefinition definition)
    {
        var placed = new Dictionary<string, WorkflowPosition>(StringComparer.Ordinal);
        var unplaced = definition.Steps.Any(s => s.Position is null);
        var layout = unplaced ? WorkflowLayout.Layout(definition).Nodes.ToDictionary(n => n.Step.Id, StringComparer.Ordinal) : null;
        foreach (var step in definition.Steps)
        {
            if (step.Position is { } at)
            {
                placed.TryAdd(step.Id, at);
            }
            else if (layout!.TryGetValue(step.Id, out var node))
            {
                placed.TryAdd(step.Id, new WorkflowPosition(node.X, node.Y));
            }
        }

        return placed;
    }

    /// <summary>An edit that puts every step where <see cref="WorkflowLayout"/> lays it out.</summary>
    public static MoveSteps AutoLayout(WorkflowDefinition definition) =>
        new(WorkflowLayout.Layout(definition with { Steps = [.. definition.Steps.Select(s => s with { Position = null })] }).Nodes
            .ToDictionary(n => n.Step.Id, n => new WorkflowPosition(n.X, n.Y), StringComparer.Ordinal));

    /// <summary>
    /// The free place nearest to <paramref name="at"/> (on the grid) where a new step overlaps none of the
    /// <paramref name="placed"/> ones, so a step added in the middle of the view does not land on top of another.
    /// </summary>
    public static WorkflowPosition FreeSpot(IEnumerable<WorkflowPosition> placed, WorkflowPosition at)
    {
        var boxes = placed.ToList();
        const double gap = 16;
        bool Free(WorkflowPosition p) => !boxes.Any(b =>
            p.X < b.X + WorkflowLayout.NodeWidth + gap && b.X < p.X + WorkflowLayout.NodeWidth + gap
            && p.Y < b.Y + WorkflowLayout.NodeHeight + gap && b.Y < p.Y + WorkflowLayout.NodeHeight + gap);

        var start = Snap(at);
        if (Free(start))
        {
            return start;
        }

        // Rings of growing size around the spot, a row or a column of steps apart, nearest first.
        var stepX = (WorkflowLayout.NodeWidth / 2) + gap;
        var stepY = WorkflowLayout.NodeHeight + gap;
        for (var ring = 1; ring <= 12; ring++)
        {
            var candidates = new List<WorkflowPosition>();
            for (var dx = -ring; dx <= ring; dx++)
            {
                for (var dy = -ring; dy <= ring; dy++)
                {
                    if (Math.Max(Math.Abs(dx), Math.Abs(dy)) == ring)
                    {
                        candidates.Add(Snap(new WorkflowPosition(start.X + (dx * stepX), start.Y + (dy * stepY))));
                    }
                }
            }

            if (candidates.Where(Free).OrderBy(p => Math.Pow(p.X - start.X, 2) + Math.Pow(p.Y - start.Y, 2)).FirstOrDefault() is { } free)
            {
                return free;
            }
        }

        return start;
    }

    /// <summary>
    /// The edit that turns <paramref name="current"/> into <paramref name="replacement"/> (an imported document): every
    /// step goes and the new ones come with their links, start and details, as one edit that one undo takes back.
    /// </summary>
    public static EditBatch Replace(WorkflowDefinition current, WorkflowDefinition replacement) => new([
        new DeleteSteps([.. current.Steps.Select(s => s.Id)]),
        new AddSteps(replacement.Steps, replacement.Edges),
        new SetStart(replacement.Start),
        new ChangeDetails(replacement.Name, replacement.Description ?? "", replacement.Trigger),
    ]);

    /// <summary>The edit that puts a port back as it is in <paramref name="definition"/>: led to where it led, or led nowhere.</summary>
    public static WorkflowEdit PortAsIn(WorkflowDefinition definition, string from, string port) =>
        definition.Edges.FirstOrDefault(e => e.From == from && e.Port == port) is { } edge ? new Connect(edge) : new Disconnect(from, port);

    /// <summary>Whether two keys of <see cref="WorkflowEdit.Touches"/> concern the same thing: equal, or one within the other.</summary>
    public static bool Overlap(string a, string b) =>
        a == b || a.StartsWith(b + "/", StringComparison.Ordinal) || b.StartsWith(a + "/", StringComparison.Ordinal);

    /// <summary>A position on the grid, within the canvas.</summary>
    public static WorkflowPosition Snap(WorkflowPosition at) => new(SnapOne(at.X), SnapOne(at.Y));

    private static double SnapOne(double value) =>
        Math.Clamp(Math.Round(value / Grid) * Grid, -MaxCoordinate, MaxCoordinate);
}
