namespace Platform.Core.Workflows;

/// <summary>A step placed on the diagram: its box, top-left corner first.</summary>
public sealed record DiagramNode(WorkflowStep Step, int Rank, double X, double Y, double Width, double Height)
{
    public double CenterX => X + (Width / 2);

    public double Bottom => Y + Height;
}

/// <summary>
/// An edge drawn from its port's point (<see cref="StartX"/>) on the bottom of its source, through the waypoints of the
/// ranks it crosses, to the top of its target; <see cref="Back"/> when it climbs to an earlier rank (a loop through a
/// wait, or from a step the start does not reach), which the diagram draws around the side.
/// </summary>
public sealed record DiagramEdge(WorkflowEdge Edge, DiagramNode From, DiagramNode To, bool Back, double StartX, IReadOnlyList<DiagramPoint> Through);

/// <summary>A point a long edge passes through, midway down a rank it crosses.</summary>
public readonly record struct DiagramPoint(double X, double Y);

/// <summary>A definition laid out top to bottom: ranks by the longest path from the start, loops set aside.</summary>
public sealed record WorkflowDiagram(IReadOnlyList<DiagramNode> Nodes, IReadOnlyList<DiagramEdge> Edges, double Width, double Height);

/// <summary>
/// Lays out a workflow definition as a layered graph (in the manner of Sugiyama's method, kept small): the edges that close
/// a loop are found by a depth-first walk from the start and set aside; every other step sits one rank below the lowest of
/// the steps that lead to it; within a rank, steps are ordered by where their predecessors stand, so branches fan out
/// side by side and crossings stay few. Steps nothing reaches go after the rest, in the order they are defined. The result
/// depends only on the definition, so every viewer draws the same picture.
/// </summary>
public static class WorkflowLayout
{
    public const double NodeWidth = 176;
    public const double NodeHeight = 56;
    public const double ColumnGap = 40;
    public const double RankGap = 56;
    public const double Margin = 24;

    public static WorkflowDiagram Layout(WorkflowDefinition definition)
    {
        var steps = definition.Steps.GroupBy(s => s.Id, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var edges = definition.Edges.Where(e => byId.ContainsKey(e.From) && byId.ContainsKey(e.To)).ToList();
        var outgoing = edges.GroupBy(e => e.From, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var back = BackEdges(steps, definition.Start, outgoing);

        // Ranks: the longest path over the forward edges, in an order where every step comes after those leading to it. The
        // steps the start reaches are ranked among themselves; those it does not, among themselves below them (an edge
        // from one of those up into the rest is drawn back, as a loop's is).
        var forward = edges.Where(e => !back.Contains(e)).ToList();
        var reachable = Reachable(definition.Start, outgoing);
        var ranking = forward.Where(e => reachable.Contains(e.From) == reachable.Contains(e.To)).ToList();
        var rank = steps.ToDictionary(s => s.Id, _ => 0, StringComparer.Ordinal);
        foreach (var id in TopologicalOrder(steps, ranking))
        {
            foreach (var edge in ranking.Where(e => e.From == id))
            {
                rank[edge.To] = Math.Max(rank[edge.To], rank[id] + 1);
            }
        }

        var lastRank = steps.Where(s => reachable.Contains(s.Id)).Select(s => rank[s.Id]).DefaultIfEmpty(-1).Max();
        foreach (var step in steps.Where(s => !reachable.Contains(s.Id)))
        {
            rank[step.Id] += lastRank + 1;
        }

        var climbs = edges.Where(e => back.Contains(e) || rank[e.To] <= rank[e.From]).ToHashSet();
        var rankCount = steps.Count == 0 ? 0 : rank.Values.Max() + 1;

        // An edge that spans several ranks passes through a narrow waypoint on each rank between, which takes part in the
        // ordering like a step, so long edges go around the steps instead of through them.
        var items = steps.Select((s, i) => new Item(s.Id, rank[s.Id], NodeWidth, i)).ToList();
        var segments = new List<(Item From, Item To, int Edge)>();
        var byKey = items.ToDictionary(i => i.Key, StringComparer.Ordinal);
        var waypoints = new Dictionary<int, List<Item>>();
        for (var e = 0; e < edges.Count; e++)
        {
            var edge = edges[e];
            if (climbs.Contains(edge))
            {
                continue;
            }

            var previous = byKey[edge.From];
            var through = new List<Item>();
            for (var r = rank[edge.From] + 1; r < rank[edge.To]; r++)
            {
                var waypoint = new Item($"{e}@{r}", r, WaypointWidth, steps.Count + e);
                items.Add(waypoint);
                through.Add(waypoint);
                segments.Add((previous, waypoint, e));
                previous = waypoint;
            }

            segments.Add((previous, byKey[edge.To], e));
            waypoints[e] = through;
        }

        // Order within ranks, top down: by the mean centre of what leads in from the rank above (already placed); items with
        // nothing above keep the definition's order; ties (the branches of one step) follow the order of their edges. Then
        // each item goes where its predecessors are, as far as the items to its left allow, and the row is shifted back
        // as a whole so it stays under them on average: a long edge runs straight down instead of swinging from side to side.
        var center = new Dictionary<Item, double>();
        foreach (var row in items.GroupBy(i => i.Rank).OrderBy(g => g.Key).Select(g => g.ToList()))
        {
            var wanted = row.ToDictionary(i => i, i => segments.Where(sg => sg.To == i && center.ContainsKey(sg.From)).Select(sg => center[sg.From]).DefaultIfEmpty(double.NaN).Average());
            var sorted = row.OrderBy(i => double.IsNaN(wanted[i]) ? double.MaxValue : wanted[i])
                .ThenBy(i => segments.Where(sg => sg.To == i).Select(sg => sg.Edge).DefaultIfEmpty(int.MaxValue).Min())
                .ThenBy(i => i.Order).ToList();
            var packed = sorted.Sum(i => i.Width) + ((sorted.Count - 1) * ColumnGap);
            var left = double.NegativeInfinity;
            var x = -packed / 2;
            foreach (var item in sorted)
            {
                var at = double.IsNaN(wanted[item]) ? x + (item.Width / 2) : wanted[item];
                center[item] = Math.Max(at, left + (item.Width / 2));
                left = center[item] + (item.Width / 2) + ColumnGap;
                x += item.Width + ColumnGap;
            }

            var pinned = sorted.Where(i => !double.IsNaN(wanted[i])).ToList();
            if (pinned.Count > 0)
            {
                var shift = pinned.Average(i => wanted[i] - center[i]);
                foreach (var item in sorted)
                {
                    center[item] += shift;
                }
            }
        }

        var leftmost = items.Count == 0 ? 0 : items.Min(i => center[i] - (i.Width / 2));
        var rightmost = items.Count == 0 ? 0 : items.Max(i => center[i] + (i.Width / 2));
        var widest = rightmost - leftmost;
        var middle = Margin - leftmost;
        double Top(int r) => Margin + (r * (NodeHeight + RankGap));
        var nodes = steps.ToDictionary(
            s => s.Id,
            s => new DiagramNode(s, rank[s.Id], middle + center[byKey[s.Id]] - (NodeWidth / 2), Top(rank[s.Id]), NodeWidth, NodeHeight),
            StringComparer.Ordinal);
        var height = (2 * Margin) + (rankCount * NodeHeight) + (Math.Max(0, rankCount - 1) * RankGap);
        var width = (2 * Margin) + widest + (climbs.Count > 0 ? ColumnGap : 0);

        // Each step's ports leave from their own point along its bottom, in the order of its edges.
        var exits = new Dictionary<int, double>();
        foreach (var group in edges.Select((e, i) => (e, i)).Where(p => !climbs.Contains(p.e)).GroupBy(p => p.e.From, StringComparer.Ordinal))
        {
            var ports = group.Select(p => p.e.Port).Distinct(StringComparer.Ordinal).ToList();
            var node = nodes[group.Key];
            foreach (var (e, i) in group)
            {
                exits[i] = node.X + (node.Width * (ports.IndexOf(e.Port) + 1) / (ports.Count + 1));
            }
        }

        return new WorkflowDiagram(
            [.. steps.Select(s => nodes[s.Id])],
            [.. edges.Select((e, i) => new DiagramEdge(e, nodes[e.From], nodes[e.To], climbs.Contains(e),
                exits.GetValueOrDefault(i, nodes[e.From].CenterX),
                [.. (waypoints.GetValueOrDefault(i) ?? []).Select(w => new DiagramPoint(middle + center[w], Top(w.Rank) + (NodeHeight / 2)))]))],
            width, height);
    }

    private const double WaypointWidth = 16;

    /// <summary>A step or a long edge's waypoint on one rank, while the layout orders them.</summary>
    private sealed record Item(string Key, int Rank, double Width, int Order);

    /// <summary>The edges that close a cycle, found by a depth-first walk from the start (then from any step not yet seen).</summary>
    private static HashSet<WorkflowEdge> BackEdges(List<WorkflowStep> steps, string? start, Dictionary<string, List<WorkflowEdge>> outgoing)
    {
        var back = new HashSet<WorkflowEdge>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the current path, 2 done
        IEnumerable<string> roots = start is not null && steps.Any(s => s.Id == start) ? [start, .. steps.Select(s => s.Id)] : steps.Select(s => s.Id);
        foreach (var root in roots)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            // Iterative, so a long chain of steps cannot overflow the stack.
            var stack = new Stack<(string Id, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var leaving = outgoing.GetValueOrDefault(id) ?? [];
                if (next >= leaving.Count)
                {
                    state[id] = 2;
                    continue;
                }

                stack.Push((id, next + 1));
                var edge = leaving[next];
                switch (state.GetValueOrDefault(edge.To))
                {
                    case 1:
                        back.Add(edge);
                        break;
                    case 0:
                        state[edge.To] = 1;
                        stack.Push((edge.To, 0));
                        break;
                }
            }
        }

        return back;
    }

    private static List<string> TopologicalOrder(List<WorkflowStep> steps, List<WorkflowEdge> forward)
    {
        var incoming = steps.ToDictionary(s => s.Id, _ => 0, StringComparer.Ordinal);
        foreach (var edge in forward)
        {
            incoming[edge.To]++;
        }

        var ready = new Queue<string>(steps.Where(s => incoming[s.Id] == 0).Select(s => s.Id));
        var order = new List<string>();
        while (ready.Count > 0)
        {
            var id = ready.Dequeue();
            order.Add(id);
            foreach (var edge in forward.Where(e => e.From == id))
            {
                if (--incoming[edge.To] == 0)
                {
                    ready.Enqueue(edge.To);
                }
            }
        }

        return order;
    }

    private static HashSet<string> Reachable(string? start, Dictionary<string, List<WorkflowEdge>> outgoing)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (start is null)
        {
            return seen;
        }

        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            if (!seen.Add(id))
            {
                continue;
            }

            foreach (var edge in outgoing.GetValueOrDefault(id) ?? [])
            {
                queue.Enqueue(edge.To);
            }
        }

        return seen;
    }
}
