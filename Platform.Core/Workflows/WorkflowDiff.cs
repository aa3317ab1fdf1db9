using System.Text.Json;

namespace Platform.Core.Workflows;

/// <summary>
/// What changed from one definition to another (a published version to the draft, say), step by step: steps added,
/// removed, and changed with the settings that differ (a step moved on the canvas is not changed), links added and
/// removed, and which of the workflow's own details differ. The designer draws it on the canvas.
/// </summary>
public sealed record WorkflowDiff(
    IReadOnlyList<string> Added,
    IReadOnlyList<WorkflowStep> Removed,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Changed,
    IReadOnlyList<WorkflowEdge> LinksAdded,
    IReadOnlyList<WorkflowEdge> LinksRemoved,
    IReadOnlyList<string> Details)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && LinksAdded.Count == 0 && LinksRemoved.Count == 0 && Details.Count == 0;

    public static WorkflowDiff Between(WorkflowDefinition older, WorkflowDefinition newer)
    {
        var before = older.Steps.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var after = newer.Steps.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var changed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, step) in after.Where(a => before.ContainsKey(a.Key)))
        {
            var was = before[id];
            var settings = step.Type != was.Type
                ? ["type"]
                : ChangeStep.Between(was, step)?.Fields ?? [];
            if (settings.Count > 0)
            {
                changed[id] = settings;
            }
        }

        var details = new List<string>();
        if (older.Name != newer.Name)
        {
            details.Add("name");
        }

        if ((older.Description ?? "") != (newer.Description ?? ""))
        {
            details.Add("description");
        }

        if (JsonSerializer.Serialize(older.Trigger, WorkflowJson.Options) != JsonSerializer.Serialize(newer.Trigger, WorkflowJson.Options))
        {
            details.Add("trigger");
        }

        if (older.Start != newer.Start)
        {
            details.Add("start");
        }

        var oldLinks = older.Edges.ToHashSet();
        var newLinks = newer.Edges.ToHashSet();
        return new WorkflowDiff(
            [.. after.Keys.Where(id => !before.ContainsKey(id))],
            [.. before.Values.Where(s => !after.ContainsKey(s.Id))],
            changed,
            [.. newer.Edges.Where(e => !oldLinks.Contains(e))],
            [.. older.Edges.Where(e => !newLinks.Contains(e))],
            details);
    }
}
