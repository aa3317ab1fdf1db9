using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;

namespace Platform.Tests.Workflows;

/// <summary>
/// The designer's edits on their own (Core, no database): each names its steps and the values it sets, so it changes
/// nothing more when applied twice; one about a step that is gone changes nothing; deleting takes the step's edges and
/// the start with it; a connection replaces what its port led to and refuses ports the step has not got; a changed step
/// keeps its type and place and loses the edges of ports it no longer has; a paste gets fresh ids and keeps its inner
/// edges; positions outside the canvas are refused when the draft is stored.
/// </summary>
public class WorkflowEditTests
{
    private static WorkflowDefinition Approval() => new()
    {
        Name = "Approve large bookings",
        Trigger = new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "created" },
        Start = "check",
        Steps =
        [
            new() { Id = "check", Type = WorkflowStepTypes.Condition, Name = "Large?", Expression = "[booking.price] >= 100" },
            new() { Id = "approve", Type = WorkflowStepTypes.Approval, Name = "Manager approval", AssigneeRole = "Manager" },
            new() { Id = "done", Type = WorkflowStepTypes.End },
        ],
        Edges = [new("check", "true", "approve"), new("check", "false", "done"), new("approve", "approved", "done"), new("approve", "rejected", "done")],
    };

    private static readonly WorkflowCatalog Catalog = WorkflowDefinitions.CatalogOf([]);

    [Fact]
    public void A_move_sets_places_and_applied_twice_changes_nothing_more()
    {
        var move = new MoveSteps(new Dictionary<string, WorkflowPosition> { ["approve"] = new(240, 160), ["gone"] = new(0, 0) });

        var once = move.Apply(Approval());
        var twice = move.Apply(once);

        Assert.Equal(new WorkflowPosition(240, 160), once.Steps.Single(s => s.Id == "approve").Position);
        Assert.Null(once.Steps.Single(s => s.Id == "check").Position);
        Assert.Equal(WorkflowJson.Write(once), WorkflowJson.Write(twice));
        Assert.Equal(3, once.Steps.Count);
    }

    [Fact]
    public void Deleting_a_step_takes_its_edges_and_the_start_with_it_and_edits_of_it_afterwards_change_nothing()
    {
        var deleted = new DeleteSteps(["check"]).Apply(Approval());

        Assert.DoesNotContain(deleted.Steps, s => s.Id == "check");
        Assert.DoesNotContain(deleted.Edges, e => e.From == "check" || e.To == "check");
        Assert.Equal(2, deleted.Edges.Count);
        Assert.Null(deleted.Start);

        // Another editor moved or renamed it meanwhile: it stays deleted.
        Assert.Same(deleted, new MoveSteps(new Dictionary<string, WorkflowPosition> { ["check"] = new(8, 8) }).Apply(deleted));
        Assert.Same(deleted, new ChangeStep(new WorkflowStep { Id = "check", Type = WorkflowStepTypes.Condition, Name = "Renamed" }, ["name"]).Apply(deleted));
        Assert.Same(deleted, new Connect(new("check", "true", "done")).Apply(deleted));
        Assert.Same(deleted, new SetStart("check").Apply(deleted));
    }

    [Fact]
    public void A_connection_replaces_what_its_port_led_to_and_a_port_the_step_has_not_got_changes_nothing()
    {
        var definition = new AddSteps([new() { Id = "wait", Type = WorkflowStepTypes.Delay, Duration = "PT1H" }], []).Apply(Approval());

        var connected = new Connect(new("check", "false", "wait")).Apply(definition);

        Assert.Contains(new WorkflowEdge("check", "false", "wait"), connected.Edges);
        Assert.DoesNotContain(new WorkflowEdge("check", "false", "done"), connected.Edges);
        Assert.Equal(definition.Edges.Count, connected.Edges.Count);
        Assert.Same(connected, new Connect(new("check", "maybe", "wait")).Apply(connected));
        Assert.Same(connected, new Connect(new("check", "false", "nowhere")).Apply(connected));

        var disconnected = new Disconnect("check", "false").Apply(connected);
        Assert.DoesNotContain(disconnected.Edges, e => e.From == "check" && e.Port == "false");
    }

    [Fact]
    public void A_changed_step_keeps_its_type_and_place_and_loses_the_edges_of_ports_it_no_longer_has()
    {
        var fork = new WorkflowDefinition
        {
            Name = "Fork",
            Steps =
            [
                new() { Id = "split", Type = WorkflowStepTypes.Fork, Branches = ["a", "b"], Position = new(16, 16) },
                new() { Id = "x", Type = WorkflowStepTypes.End },
                new() { Id = "y", Type = WorkflowStepTypes.End },
            ],
            Edges = [new("split", "a", "x"), new("split", "b", "y")],
        };

        var changed = new ChangeStep(new WorkflowStep { Id = "split", Type = WorkflowStepTypes.End, Name = "Both ways", Branches = ["a", "c"] }, ["type", "name", "branches", "position"]).Apply(fork);
        var split = changed.Steps.Single(s => s.Id == "split");

        Assert.Equal(WorkflowStepTypes.Fork, split.Type);
        Assert.Equal(new WorkflowPosition(16, 16), split.Position);
        Assert.Equal("Both ways", split.Name);
        Assert.Equal([new WorkflowEdge("split", "a", "x")], changed.Edges);
    }

    [Fact]
    public void A_paste_gets_fresh_ids_shifted_places_and_the_edges_among_the_copies_only()
    {
        var source = WorkflowEdits.AutoLayout(Approval()).Apply(Approval());

        var paste = WorkflowEdits.Copy(source, ["approve", "done"], source, new WorkflowPosition(32, 32));
        var pasted = paste.Apply(source);

        Assert.Equal(["approve-2", "done-2"], paste.StepIds);
        Assert.Equal(5, pasted.Steps.Count);
        Assert.Equal([new WorkflowEdge("approve-2", "approved", "done-2"), new WorkflowEdge("approve-2", "rejected", "done-2")], paste.Edges);
        var original = source.Steps.Single(s => s.Id == "approve").Position!;
        Assert.Equal(new WorkflowPosition(original.X + 32, original.Y + 32), pasted.Steps.Single(s => s.Id == "approve-2").Position);

        // Pasting the same copy again adds nothing: its ids are taken now.
        Assert.Same(pasted, paste.Apply(pasted));
    }

    [Fact]
    public void New_steps_get_ids_of_their_type_that_are_free_and_the_ports_their_type_needs()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { "delay", "delay-2" };

        Assert.Equal("delay-3", WorkflowEdits.NewId(WorkflowStepTypes.Delay, taken));
        var fork = WorkflowEdits.NewStep(WorkflowStepTypes.Fork, taken, new WorkflowPosition(13, 21));
        Assert.Equal(["a", "b"], WorkflowStepTypes.PortsOf(fork));
        Assert.Equal(new WorkflowPosition(16, 24), fork.Position);
        Assert.Equal(["yes", "default"], WorkflowStepTypes.PortsOf(WorkflowEdits.NewStep(WorkflowStepTypes.Switch, taken, new(0, 0))));
    }

    [Fact]
    public void Auto_layout_places_every_step_and_the_result_still_publishes()
    {
        var laidOut = WorkflowEdits.AutoLayout(Approval()).Apply(Approval());

        Assert.All(laidOut.Steps, s => Assert.NotNull(s.Position));
        Assert.Equal(3, laidOut.Steps.Select(s => s.Position).Distinct().Count());
        Assert.Empty(WorkflowValidator.Validate(laidOut, Catalog, new WorkflowExpressions()));
        Assert.True(WorkflowJson.TryRead(WorkflowJson.Write(laidOut), out var read, out _, out _));
        Assert.Equal(laidOut.Steps.Select(s => s.Position), read.Steps.Select(s => s.Position));
    }

    [Fact]
    public void A_place_outside_the_canvas_is_refused_when_the_draft_is_stored()
    {
        var far = new MoveSteps(new Dictionary<string, WorkflowPosition> { ["done"] = new(0, WorkflowEdits.MaxCoordinate + 1) }).Apply(Approval());

        var problem = Assert.Single(WorkflowValidator.CheckShape(far));
        Assert.Equal("step.position", problem.Code);
        Assert.Equal("steps[done]", problem.Field);
        Assert.Empty(WorkflowValidator.CheckShape(new MoveSteps(new Dictionary<string, WorkflowPosition> { ["done"] = new(-WorkflowEdits.MaxCoordinate, 0) }).Apply(Approval())));
    }

    [Fact]
    public void A_new_step_lands_on_the_nearest_free_place_not_on_another()
    {
        var placed = new[] { new WorkflowPosition(0, 0), new WorkflowPosition(0, 80) };

        Assert.Equal(new WorkflowPosition(400, 400), WorkflowEdits.FreeSpot(placed, new WorkflowPosition(401, 398)));
        var spot = WorkflowEdits.FreeSpot(placed, new WorkflowPosition(8, 8));
        Assert.All(placed, p => Assert.False(
            spot.X < p.X + WorkflowLayout.NodeWidth && p.X < spot.X + WorkflowLayout.NodeWidth && spot.Y < p.Y + WorkflowLayout.NodeHeight && p.Y < spot.Y + WorkflowLayout.NodeHeight,
            $"{spot} overlaps {p}"));
        Assert.True(Math.Abs(spot.X - 8) + Math.Abs(spot.Y - 8) < 400, $"{spot} is far from where it was asked for");
    }

    [Fact]
    public void A_change_sets_only_the_settings_it_names_so_two_people_changing_one_step_both_keep_theirs()
    {
        var approve = Approval().Steps.Single(s => s.Id == "approve");
        var renamed = ChangeStep.Between(approve, approve with { Name = "Owner approval" })!;
        var deadline = ChangeStep.Between(approve, approve with { Deadline = "P2D" })!;

        Assert.Equal(["name"], renamed.Fields);
        Assert.Equal(["deadline"], deadline.Fields);
        Assert.Null(ChangeStep.Between(approve, approve with { Position = new(8, 8) }));
        var both = deadline.Apply(renamed.Apply(Approval())).Steps.Single(s => s.Id == "approve");
        Assert.Equal(("Owner approval", "P2D", "Manager"), (both.Name, both.Deadline, both.AssigneeRole));

        // Clearing a setting is a change too.
        var cleared = ChangeStep.Between(approve, approve with { AssigneeRole = null })!.Apply(Approval());
        Assert.Null(cleared.Steps.Single(s => s.Id == "approve").AssigneeRole);
    }

    [Fact]
    public void Every_edit_has_an_inverse_that_gives_back_the_definition_it_was_made_on()
    {
        var start = WorkflowEdits.AutoLayout(Approval()).Apply(Approval());
        var approve = start.Steps.Single(s => s.Id == "approve");
        WorkflowEdit[] edits =
        [
            new AddSteps([new() { Id = "wait", Type = WorkflowStepTypes.Delay, Duration = "PT1H", Position = new(400, 40) }], [new("check", "false", "wait")]),
            new MoveSteps(new Dictionary<string, WorkflowPosition> { ["approve"] = new(480, 320), ["done"] = new(0, 640) }),
            ChangeStep.Between(approve, approve with { Name = "Owner", Deadline = "P1D" })!,
            new DeleteSteps(["check"]),
            new DeleteSteps(["approve", "done"]),
            new Connect(new("check", "true", "done")),
            new Disconnect("approve", "rejected"),
            new SetStart("done"),
            new ChangeDetails("Renamed", "Another description", new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual }),
            new EditBatch([new DeleteSteps(["done"]), new SetStart("approve"), new AddSteps([new() { Id = "done", Type = WorkflowStepTypes.End }], [])]),
        ];

        foreach (var edit in edits)
        {
            var after = edit.Apply(start);
            Assert.NotEqual(WorkflowJson.Write(start), WorkflowJson.Write(after));
            Assert.Equal(Normal(start), Normal(edit.Inverse(start).Apply(after)));
        }
    }

    [Fact]
    public void Edits_travel_as_json_and_come_back_the_same()
    {
        var start = Approval();
        WorkflowEdit batch = new EditBatch([
            new MoveSteps(new Dictionary<string, WorkflowPosition> { ["approve"] = new(480, 320) }),
            ChangeStep.Between(start.Steps[1], start.Steps[1] with { Name = "Owner" })!,
            new Connect(new("check", "true", "done")),
            new ChangeDetails("Renamed", "", new WorkflowTrigger { Type = WorkflowTriggerTypes.BookingEvent, Event = "created" }),
        ]);

        var json = System.Text.Json.JsonSerializer.Serialize(batch, WorkflowJson.Options);
        var read = System.Text.Json.JsonSerializer.Deserialize<WorkflowEdit>(json, WorkflowJson.Options)!;

        Assert.Contains("\"edit\": \"batch\"", json, StringComparison.Ordinal);
        Assert.Equal(WorkflowJson.Write(batch.Apply(start)), WorkflowJson.Write(read.Apply(start)));
    }

    /// <summary>A definition's JSON with its steps and edges in one order: an undo may put a step back at the end.</summary>
    private static string Normal(WorkflowDefinition definition) => WorkflowJson.Write(definition with
    {
        Steps = [.. definition.Steps.OrderBy(s => s.Id, StringComparer.Ordinal)],
        Edges = [.. definition.Edges.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.Port, StringComparer.Ordinal)],
    });

    [Fact]
    public void A_diff_names_steps_added_removed_and_changed_by_setting_links_and_details_but_not_places()
    {
        var older = Approval();
        var approve = older.Steps.Single(s => s.Id == "approve");
        var newer = new EditBatch([
            new MoveSteps(new Dictionary<string, WorkflowPosition> { ["check"] = new(400, 400) }),
            ChangeStep.Between(approve, approve with { Deadline = "P2D", Name = "Owner approval" })!,
            new AddSteps([new() { Id = "wait", Type = WorkflowStepTypes.Delay, Duration = "PT1H" }], [new("check", "false", "wait")]),
            new DeleteSteps(["done"]),
            new ChangeDetails("Renamed", older.Description, older.Trigger),
        ]).Apply(older);

        var diff = WorkflowDiff.Between(older, newer);

        Assert.Equal(["wait"], diff.Added);
        Assert.Equal(["done"], diff.Removed.Select(s => s.Id));
        Assert.Equal(["approve"], diff.Changed.Keys);
        Assert.Equal(["name", "deadline"], diff.Changed["approve"].Order(StringComparer.Ordinal).Reverse());
        Assert.Equal([new WorkflowEdge("check", "false", "wait")], diff.LinksAdded);
        Assert.Equal(3, diff.LinksRemoved.Count);
        Assert.Equal(["name"], diff.Details);
        Assert.True(WorkflowDiff.Between(older, new MoveSteps(new Dictionary<string, WorkflowPosition> { ["check"] = new(8, 8) }).Apply(older)).IsEmpty);
    }

    [Fact]
    public void A_batch_is_told_by_what_the_person_did_not_by_the_placing_that_rides_along()
    {
        var before = Approval();
        var placed = new PlaceSteps(new Dictionary<string, WorkflowPosition> { ["check"] = new(0, 0), ["approve"] = new(200, 0) });
        var moved = new MoveSteps(new Dictionary<string, WorkflowPosition> { ["approve"] = new(240, 80) });

        Assert.Equal("Moved “Manager approval”", new EditBatch([placed, moved]).Describe(before));
        Assert.Equal("Moved “Manager approval” and 1 more", new EditBatch([placed, moved, new SetStart("approve")]).Describe(before));
        Assert.Equal("Placed the steps", new EditBatch([placed]).Describe(before));
        Assert.Equal("Nothing", new EditBatch([]).Describe(before));
    }
}
