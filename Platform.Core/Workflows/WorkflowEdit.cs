namespace Platform.Core.Workflows;

/// <summary>
/// One change a person makes to a draft in the designer: add, move, change, delete, connect, disconnect, set the start or
/// the workflow's details. An edit names the steps it concerns by id and carries the values it sets, never a difference
/// from what the editor saw, so applying it is deterministic and applying it twice changes nothing more. An edit that
/// concerns a step which is no longer there (another editor deleted it) changes nothing: a deleted step stays deleted.
/// </summary>
public abstract record WorkflowEdit
{
    /// <summary>The definition with this edit made; the same instance when there was nothing to change.</summary>
    public abstract WorkflowDefinition Apply(WorkflowDefinition definition);

    /// <summary>What the edit does, for people ("Moved 2 steps").</summary>
    public abstract string Describe(WorkflowDefinition before);

    /// <summary>The steps the edit concerns.</summary>
    public abstract IReadOnlyList<string> StepIds { get; }

    protected static string NameOf(WorkflowDefinition definition, string id) =>
        definition.Steps.FirstOrDefault(s => s.Id == id) is { } step ? $"“{step.Name ?? step.Id}”" : $"“{id}”";
}

/// <summary>Adds steps and the edges among them (a new step from the palette, or a paste); steps whose id exists already are left out.</summary>
public sealed record AddSteps(IReadOnlyList<WorkflowStep> Steps, IReadOnlyList<WorkflowEdge> Edges) : WorkflowEdit
{
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
}

/// <summary>Puts steps at new places on the canvas (absolute positions).</summary>
public sealed record MoveSteps(IReadOnlyDictionary<string, WorkflowPosition> Positions) : WorkflowEdit
{
    public override IReadOnlyList<string> StepIds => [.. Positions.Keys];

    public override WorkflowDefinition Apply(WorkflowDefinition definition) =>
        !definition.Steps.Any(s => Positions.ContainsKey(s.Id))
            ? definition
            : definition with { Steps = [.. definition.Steps.Select(s => Positions.TryGetValue(s.Id, out var at) ? s with { Position = at } : s)] };

    public override string Describe(WorkflowDefinition before) =>
        Positions.Count == 1 ? $"Moved {NameOf(before, Positions.Keys.First())}" : $"Moved {Positions.Count} steps";
}

/// <summary>Sets a step's settings and name to those of <see cref="Step"/> (same id); its place on the canvas is kept.</summary>
public sealed record ChangeStep(WorkflowStep Step) : WorkflowEdit
{
    public override IReadOnlyList<string> StepIds => [Step.Id];

    public override WorkflowDefinition Apply(WorkflowDefinition definition)
    {
        if (definition.Steps.FirstOrDefault(s => s.Id == Step.Id) is not { } current)
        {
            return definition;
        }

        var changed = Step with { Type = current.Type, Position = current.Position };
        if (changed == current)
        {
            return definition;
        }

        // Ports the changed step no longer has (a case or a branch renamed or removed) lose their edges.
        var ports = WorkflowStepTypes.PortsOf(changed).ToHashSet(StringComparer.Ordinal);
        return definition with
        {
            Steps = [.. definition.Steps.Select(s => s.Id == Step.Id ? changed : s)],
            Edges = [.. definition.Edges.Where(e => e.From != Step.Id || ports.Contains(e.Port))],
        };
    }

    public override string Describe(WorkflowDefinition before) => $"Changed {NameOf(before, Step.Id)}";
}

/// <summary>Deletes steps with every edge to or from them; the start goes too when it was one of them.</summary>
public sealed record DeleteSteps(IReadOnlyList<string> Ids) : WorkflowEdit
{
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
}

/// <summary>Leads a step's port to another step, in place of where that port led before. A port the step does not have, or a missing step, changes nothing.</summary>
public sealed record Connect(WorkflowEdge Edge) : WorkflowEdit
{
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
}

/// <summary>Removes the edge that leaves a step by a port.</summary>
public sealed record Disconnect(string From, string Port) : WorkflowEdit
{
    public override IReadOnlyList<string> StepIds => [From];

    public override WorkflowDefinition Apply(WorkflowDefinition definition) =>
        definition.Edges.Any(e => e.From == From && e.Port == Port)
            ? definition with { Edges = [.. definition.Edges.Where(e => e.From != From || e.Port != Port)] }
            : definition;

    public override string Describe(WorkflowDefinition before) => $"Disconnected {NameOf(before, From)} ({Port})";
}

/// <summary>Makes a step the one the trigger starts (null: none).</summary>
public sealed record SetStart(string? StepId) : WorkflowEdit
{
    public override IReadOnlyList<string> StepIds => StepId is null ? [] : [StepId];

    public override WorkflowDefinition Apply(WorkflowDefinition definition) =>
        definition.Start == StepId || (StepId is not null && !definition.Steps.Any(s => s.Id == StepId))
            ? definition
            : definition with { Start = StepId };

    public override string Describe(WorkflowDefinition before) => StepId is null ? "Cleared the start" : $"Started at {NameOf(before, StepId)}";
}

/// <summary>Sets the workflow's name, description and trigger.</summary>
public sealed record ChangeDetails(string Name, string Description, WorkflowTrigger? Trigger) : WorkflowEdit
{
    public override IReadOnlyList<string> StepIds => [];

    public override WorkflowDefinition Apply(WorkflowDefinition definition) =>
        definition.Name == Name && definition.Description == Description && definition.Trigger == Trigger
            ? definition
            : definition with { Name = Name, Description = Description, Trigger = Trigger };

    public override string Describe(WorkflowDefinition before) => "Changed the workflow's name, description or trigger";
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

    /// <summary>A position on the grid, within the canvas.</summary>
    public static WorkflowPosition Snap(WorkflowPosition at) => new(SnapOne(at.X), SnapOne(at.Y));

    private static double SnapOne(double value) =>
        Math.Clamp(Math.Round(value / Grid) * Grid, -MaxCoordinate, MaxCoordinate);
}
