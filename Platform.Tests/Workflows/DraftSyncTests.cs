using FsCheck.Xunit;
using Platform.Core.Workflows;

namespace Platform.Tests.Workflows;

/// <summary>
/// Several editors on one draft (ADR 0036), in Core without a network: each editor sees its own edits at once, the
/// sequencer orders all of them, and random interleavings of 2 to 5 editors' edits, sends and deliveries end with every
/// editor holding the sequencer's definition. Two renames of one step: the later stands and the earlier's author is told;
/// a step deleted while another moves it stays deleted and the mover is told; different settings of one step both stand.
/// </summary>
public sealed class DraftSyncTests
{
    private static readonly Guid Ann = Guid.NewGuid();
    private static readonly Guid Ben = Guid.NewGuid();
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static WorkflowDefinition Draft() => WorkflowEdits.AutoLayout(WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition)
        .Apply(WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition);

    private static WorkflowStep Step(WorkflowDefinition definition, string id) => definition.Steps.Single(s => s.Id == id);

    [Fact]
    public void Two_renames_of_one_step_the_later_stands_and_the_earlier_author_is_told_while_other_settings_both_stand()
    {
        var server = new DraftSequencer(Draft());
        var ann = new DraftReplica(server.Document, server.Seq);
        var ben = new DraftReplica(server.Document, server.Seq);
        var tell = Step(ann.View, "tell");

        var (annId, annBase) = ann.Propose(ChangeStep.Between(tell, tell with { Name = "E-mail the customer" })!);
        var (benId, benBase) = ben.Propose(ChangeStep.Between(tell, tell with { Name = "Write to the customer" })!);
        var (benDeadlineId, benDeadlineBase) = ben.Propose(new MoveSteps(new Dictionary<string, WorkflowPosition> { ["tell"] = new(640, 480) }));

        var first = server.Sequence(annId, Ann, "Ann", annBase, ChangeStep.Between(tell, tell with { Name = "E-mail the customer" })!, At);
        var second = server.Sequence(benId, Ben, "Ben", benBase, ChangeStep.Between(tell, tell with { Name = "Write to the customer" })!, At);
        var third = server.Sequence(benDeadlineId, Ben, "Ben", benDeadlineBase, new MoveSteps(new Dictionary<string, WorkflowPosition> { ["tell"] = new(640, 480) }), At);

        Assert.Empty(first.Conflicts);
        var lost = Assert.Single(second.Conflicts);
        Assert.Equal((Ann, Ben, "Ben"), (lost.LoserId, lost.WinnerId, lost.WinnerName));
        Assert.Contains("name", lost.What, StringComparison.Ordinal);
        Assert.Empty(third.Conflicts);

        foreach (var replica in new[] { ann, ben })
        {
            replica.Receive(first.Edit);
            replica.Receive(second.Edit);
            replica.Receive(third.Edit);
            Assert.False(replica.HasPending);
            Assert.Equal(WorkflowJson.Write(server.Document), WorkflowJson.Write(replica.View));
        }

        Assert.Equal("Write to the customer", Step(server.Document, "tell").Name);
        Assert.Equal(new WorkflowPosition(640, 480), Step(server.Document, "tell").Position);
    }

    [Fact]
    public void Two_editors_placing_unplaced_steps_at_once_conflict_with_nobody()
    {
        var unplaced = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition;
        var server = new DraftSequencer(unplaced);
        var places = WorkflowEdits.Placed(unplaced).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var tell = Step(unplaced, "tell");

        var first = server.Sequence(Guid.NewGuid(), Ann, "Ann", 0, new EditBatch([new PlaceSteps(places), new MoveSteps(new Dictionary<string, WorkflowPosition> { ["done"] = new(0, 800) })]), At);
        var second = server.Sequence(Guid.NewGuid(), Ben, "Ben", 0, new EditBatch([new PlaceSteps(places), ChangeStep.Between(tell, tell with { Name = "Mail" })!]), At);

        Assert.Empty(first.Conflicts);
        Assert.Empty(second.Conflicts);
        Assert.Equal(new WorkflowPosition(0, 800), Step(server.Document, "done").Position);
        Assert.All(server.Document.Steps, s => Assert.NotNull(s.Position));
    }

    [Fact]
    public void A_step_deleted_while_another_moves_it_stays_deleted_and_the_mover_is_told()
    {
        var server = new DraftSequencer(Draft());
        var ben = new DraftReplica(server.Document, server.Seq);
        var move = new MoveSteps(new Dictionary<string, WorkflowPosition> { ["reject"] = new(800, 80) });
        var (moveId, moveBase) = ben.Propose(move);
        Assert.Equal(new WorkflowPosition(800, 80), Step(ben.View, "reject").Position);

        var deleted = server.Sequence(Guid.NewGuid(), Ann, "Ann", 0, new DeleteSteps(["reject"]), At);
        var moved = server.Sequence(moveId, Ben, "Ben", moveBase, move, At);

        var told = Assert.Single(moved.Conflicts);
        Assert.Equal((Ben, Ann), (told.LoserId, told.WinnerId));
        Assert.StartsWith("Deleted", told.What, StringComparison.Ordinal);
        ben.Receive(deleted.Edit);
        Assert.DoesNotContain(ben.View.Steps, s => s.Id == "reject");
        ben.Receive(moved.Edit);
        Assert.DoesNotContain(server.Document.Steps, s => s.Id == "reject");
        Assert.Equal(WorkflowJson.Write(server.Document), WorkflowJson.Write(ben.View));
    }

    [Fact]
    public void A_returning_editor_catches_up_from_the_edits_it_missed_or_from_the_document_when_they_are_gone()
    {
        var server = new DraftSequencer(Draft());
        var late = new DraftReplica(server.Document, server.Seq);
        for (var i = 0; i < 5; i++)
        {
            server.Sequence(Guid.NewGuid(), Ann, "Ann", server.Seq, new MoveSteps(new Dictionary<string, WorkflowPosition> { ["done"] = new(i * 8, 800) }), At);
        }

        var missed = server.Since(late.Seq)!;
        Assert.Equal([1L, 2, 3, 4, 5], missed.Select(e => e.Seq));
        Assert.Throws<InvalidOperationException>(() => late.Receive(missed[1]));
        foreach (var edit in missed)
        {
            late.Receive(edit);
        }

        Assert.Equal(WorkflowJson.Write(server.Document), WorkflowJson.Write(late.View));
        Assert.Empty(server.Since(server.Seq)!);

        var busy = new DraftSequencer(Draft());
        for (var i = 0; i < DraftSequencer.Kept + 10; i++)
        {
            busy.Sequence(Guid.NewGuid(), Ann, "Ann", busy.Seq, new MoveSteps(new Dictionary<string, WorkflowPosition> { ["done"] = new(i % 100, 800) }), At);
        }

        Assert.Null(busy.Since(0));
        Assert.NotNull(busy.Since(busy.Seq - 5));
    }

    /// <summary>
    /// 2 to 5 editors make random edits on what they see (moves, changes, deletes, adds, links, the start, the details,
    /// undos), send them, and receive the sequencer's order, each step at a random moment: messages on one path keep their
    /// order, but sends and deliveries of different editors interleave at random. When everything has arrived, every
    /// editor holds the sequencer's definition, and none has an edit left unconfirmed.
    /// </summary>
    [Property(MaxTest = 300)]
    public void Random_interleavings_of_concurrent_edits_converge_on_every_editor_and_the_sequencer(int seed, byte editors)
    {
        var random = new Random(seed);
        var count = 2 + (editors % 4);
        var server = new DraftSequencer(Draft());
        var clients = Enumerable.Range(0, count).Select(_ => new DraftReplica(server.Document, server.Seq)).ToArray();
        var authors = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var uplinks = clients.Select(_ => new Queue<(Guid Id, long Base, WorkflowEdit Edit)>()).ToArray();
        var inboxes = clients.Select(_ => new Queue<SequencedEdit>()).ToArray();
        var undo = clients.Select(_ => new Stack<WorkflowEdit>()).ToArray();

        void Send(int i)
        {
            var (id, baseSeq, edit) = uplinks[i].Dequeue();
            var (sequenced, _) = server.Sequence(id, authors[i], $"Editor {i}", baseSeq, edit, At);
            foreach (var inbox in inboxes)
            {
                inbox.Enqueue(sequenced);
            }
        }

        for (var step = 0; step < 120; step++)
        {
            var i = random.Next(count);
            switch (random.Next(3))
            {
                case 0:
                    var view = clients[i].View;
                    var edit = RandomEdit(random, view, i, step, undo[i]);
                    undo[i].Push(edit.Inverse(view));
                    var (id, baseSeq) = clients[i].Propose(edit);
                    uplinks[i].Enqueue((id, baseSeq, edit));
                    break;
                case 1 when uplinks[i].Count > 0:
                    Send(i);
                    break;
                case 2 when inboxes[i].Count > 0:
                    clients[i].Receive(inboxes[i].Dequeue());
                    break;
            }
        }

        foreach (var i in Enumerable.Range(0, count).OrderBy(_ => random.Next()))
        {
            while (uplinks[i].Count > 0)
            {
                Send(i);
            }
        }

        var expected = WorkflowJson.Write(server.Document);
        for (var i = 0; i < count; i++)
        {
            while (inboxes[i].Count > 0)
            {
                clients[i].Receive(inboxes[i].Dequeue());
            }

            Assert.False(clients[i].HasPending, $"editor {i} has unconfirmed edits");
            Assert.Equal(server.Seq, clients[i].Seq);
            Assert.Equal(expected, WorkflowJson.Write(clients[i].View));
        }
    }

    /// <summary>An edit an editor might make on what it sees; ids it adds are its own, but sometimes two editors pick one id.</summary>
    private static WorkflowEdit RandomEdit(Random random, WorkflowDefinition view, int editor, int step, Stack<WorkflowEdit> undo)
    {
        var steps = view.Steps;
        WorkflowStep Any() => steps[random.Next(steps.Count)];
        if (steps.Count == 0)
        {
            return new AddSteps([new() { Id = $"e{editor}-{step}", Type = WorkflowStepTypes.End }], []);
        }

        switch (random.Next(10))
        {
            case 0:
                return new MoveSteps(steps.OrderBy(_ => random.Next()).Take(1 + random.Next(3))
                    .ToDictionary(s => s.Id, _ => new WorkflowPosition(random.Next(100) * 8, random.Next(100) * 8), StringComparer.Ordinal));
            case 1:
                var renamed = Any();
                return ChangeStep.Between(renamed, renamed with { Name = $"Name {random.Next(4)}", Deadline = random.Next(2) == 0 ? renamed.Deadline : "P1D" })
                       ?? (WorkflowEdit)new SetStart(renamed.Id);
            case 2:
                return new DeleteSteps([Any().Id]);
            case 3:
                var id = random.Next(4) == 0 ? $"shared-{random.Next(3)}" : $"e{editor}-{step}";
                var from = Any();
                return new AddSteps([new() { Id = id, Type = WorkflowStepTypes.Delay, Duration = "PT5M" }],
                    from.Type == WorkflowStepTypes.End ? [] : [new(from.Id, (WorkflowStepTypes.PortsOf(from) is [var port, ..] ? port : "next"), id)]);
            case 4:
                var source = Any();
                var ports = WorkflowStepTypes.PortsOf(source);
                return ports.Count == 0 ? new SetStart(source.Id) : new Connect(new(source.Id, ports[random.Next(ports.Count)], Any().Id));
            case 5:
                var linked = view.Edges.Count == 0 ? null : view.Edges[random.Next(view.Edges.Count)];
                return linked is null ? new SetStart(Any().Id) : new Disconnect(linked.From, linked.Port);
            case 6:
                return new SetStart(random.Next(5) == 0 ? null : Any().Id);
            case 7:
                return new ChangeDetails($"Workflow {random.Next(3)}", "", new WorkflowTrigger { Type = WorkflowTriggerTypes.Manual });
            case 8 when undo.Count > 0:
                return undo.Pop();
            default:
                var copied = steps.OrderBy(_ => random.Next()).Take(2).Select(s => s.Id);
                return new EditBatch([WorkflowEdits.Copy(view, copied, view, new WorkflowPosition(32, 32)), new SetStart(Any().Id)]);
        }
    }
}
