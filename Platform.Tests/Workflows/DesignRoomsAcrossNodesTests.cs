using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Identity;
using Platform.Core.Workflows;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Events;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// A draft's rooms on two nodes that share PostgreSQL and Redis (ADR 0036), through the use case a circuit calls: people
/// on either node see each other; edits from both nodes reach everyone in one order and leave the same document on both;
/// of two changes of one name the later stands and the other author is told, whichever node they are on; pointers and
/// saves cross; someone who comes in later, on either node, gets what is there, unsaved edits included; a draft stored
/// through the API while nobody had it open is what the next room opens; a save over a draft someone else stored
/// meanwhile is refused; and a node that stops with people in a room takes them off the others' lists at once.
/// </summary>
[Collection(TwoNodes.Name)]
public sealed class DesignRoomsAcrossNodesTests(DesignerNodes nodes)
{

    /// <summary>A seat's listener, heard from Redis's threads as well as the caller's.</summary>
    private sealed class Ear : IDesignListener
    {
        private readonly object _gate = new();
        private readonly List<SequencedEdit> _edits = [];
        private readonly List<EditConflict> _lost = [];
        private readonly List<(Guid Seat, WorkflowPosition? At)> _pointers = [];
        private IReadOnlyList<DesignPerson> _people = [];
        private long _savedSeq;

        public IReadOnlyList<SequencedEdit> Edits { get { lock (_gate) { return [.. _edits]; } } }

        public IReadOnlyList<EditConflict> Lost { get { lock (_gate) { return [.. _lost]; } } }

        public IReadOnlyList<(Guid Seat, WorkflowPosition? At)> Pointers { get { lock (_gate) { return [.. _pointers]; } } }

        public IReadOnlyList<DesignPerson> People { get { lock (_gate) { return _people; } } }

        public long SavedSeq { get { lock (_gate) { return _savedSeq; } } }

        public void Edited(SequencedEdit edit)
        {
            lock (_gate)
            {
                _edits.Add(edit);
            }
        }

        void IDesignListener.Lost(EditConflict conflict)
        {
            lock (_gate)
            {
                _lost.Add(conflict);
            }
        }

        void IDesignListener.People(IReadOnlyList<DesignPerson> people, long savedSeq)
        {
            lock (_gate)
            {
                _people = people;
                _savedSeq = Math.Max(_savedSeq, savedSeq);
            }
        }

        public void Pointed(Guid seatId, WorkflowPosition? at)
        {
            lock (_gate)
            {
                _pointers.Add((seatId, at));
            }
        }
    }

    private static async Task<DesignSeat> JoinAsync(PlatformAppFactory node, Actor actor, Guid workflowId, Ear ear)
    {
        var joined = await node.AsActorAsync("acme", actor, sp => sp.GetRequiredService<WorkflowDesign>().JoinAsync(workflowId, ear));
        Assert.True(joined.Succeeded, string.Join("; ", joined.Errors.SelectMany(e => e.Value)));
        return joined.Value!;
    }

    private async Task<(Actor Alice, Actor Mark)> TwoAdminsAsync()
    {
        // The demo's manager is made an admin too, so that two people may edit.
        var mark = await nodes.A.InTenantAsync("acme", async services =>
        {
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            var manager = await users.FindByEmailAsync("manager@acme.test") ?? throw new InvalidOperationException("no demo manager");
            if (!await users.IsInRoleAsync(manager, PlatformRoles.TenantAdmin))
            {
                Assert.True((await users.AddToRoleAsync(manager, PlatformRoles.TenantAdmin)).Succeeded);
            }

            return manager.Id;
        });
        return (Actor.TenantAdmin(await WorkflowTestKit.UserIdAsync(nodes.A, "admin@acme.test")), Actor.TenantAdmin(mark));
    }

    private static ChangeStep Rename(WorkflowDefinition document, string id, string name)
    {
        var step = document.Steps.Single(s => s.Id == id);
        return ChangeStep.Between(step, step with { Name = name })!;
    }

    [Fact]
    public async Task Edits_people_pointers_and_saves_cross_nodes_and_both_end_with_the_same_document()
    {
        var (alice, mark) = await TwoAdminsAsync();
        var template = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition with { Name = "Across two nodes" };
        var workflowId = await WorkflowTestKit.PublishAsync(nodes.A, template);

        var aliceEar = new Ear();
        var markEar = new Ear();
        using var aliceSeat = await JoinAsync(nodes.A, alice, workflowId, aliceEar);
        using var markSeat = await JoinAsync(nodes.B, mark, workflowId, markEar);

        // Each sees both: the one on their own node and the one on the other, in different colours.
        await Eventually.UntilAsync(() => aliceEar.People.Count == 2 && markEar.People.Count == 2, "both people on both nodes");
        Assert.Equal(["Alice Admin", "Mark Manager"], markEar.People.Select(p => p.Name));
        Assert.NotEqual(markEar.People[0].Color, markEar.People[1].Color);

        // Alice (node A) moves "tell" while Mark (node B) renames it, both on what they had seen: both stand, everywhere.
        aliceSeat.Submit(Guid.NewGuid(), 0, new MoveSteps(new Dictionary<string, WorkflowPosition> { ["tell"] = new(640, 480) }));
        markSeat.Submit(Guid.NewGuid(), 0, Rename(template, "tell", "Mail the customer"));
        await Eventually.UntilAsync(() => aliceEar.Edits.Count == 2 && markEar.Edits.Count == 2, "both edits on both nodes");
        Assert.Equal(aliceEar.Edits.Select(e => (e.Seq, e.EditId)), markEar.Edits.Select(e => (e.Seq, e.EditId)));
        var tell = aliceSeat.Current().Document.Steps.Single(s => s.Id == "tell");
        Assert.Equal(("Mail the customer", new WorkflowPosition(640, 480)), (tell.Name, tell.Position!));
        Assert.Equal(WorkflowJson.Write(aliceSeat.Current().Document), WorkflowJson.Write(markSeat.Current().Document));
        Assert.Empty(aliceEar.Lost);
        Assert.Empty(markEar.Lost);

        // Both rename "notify-approved"... at once: the later stands, and Alice, whose rename it replaced, is told on her node.
        var seen = aliceSeat.Current().Seq;
        var document = aliceSeat.Current().Document;
        var step = document.Steps.First(s => s.Id != "tell").Id;
        aliceSeat.Submit(Guid.NewGuid(), seen, Rename(document, step, "Alice's name"));
        await Eventually.UntilAsync(() => markEar.Edits.Count == 3, "Alice's rename on node B");
        markSeat.Submit(Guid.NewGuid(), seen, Rename(document, step, "Mark's name"));
        await Eventually.UntilAsync(() => aliceEar.Lost.Count == 1, "Alice told her rename lost");
        Assert.Equal(("Mark Manager", alice.UserId!.Value), (aliceEar.Lost[0].WinnerName, aliceEar.Lost[0].LoserId));
        Assert.Empty(markEar.Lost);
        await Eventually.UntilAsync(() => aliceSeat.Current().Seq == 4 && markSeat.Current().Seq == 4, "four edits on both nodes");
        Assert.Equal("Mark's name", markSeat.Current().Document.Steps.Single(s => s.Id == step).Name);
        Assert.Equal(WorkflowJson.Write(aliceSeat.Current().Document), WorkflowJson.Write(markSeat.Current().Document));

        // Mark deletes "tell" while Alice moves it: it stays deleted on both.
        seen = markSeat.Current().Seq;
        markSeat.Submit(Guid.NewGuid(), seen, new DeleteSteps(["tell"]));
        aliceSeat.Submit(Guid.NewGuid(), seen, new MoveSteps(new Dictionary<string, WorkflowPosition> { ["tell"] = new(800, 480) }));
        await Eventually.UntilAsync(() => aliceSeat.Current().Seq == 6 && markSeat.Current().Seq == 6, "six edits on both nodes");
        Assert.All(new[] { aliceSeat, markSeat }, seat => Assert.DoesNotContain(seat.Current().Document.Steps, s => s.Id == "tell"));

        // Alice's pointer reaches Mark on node B.
        aliceSeat.Point(new WorkflowPosition(12, 34));
        await Eventually.UntilAsync(() => markEar.Pointers.Any(p => p.Seat == aliceSeat.SeatId && p.At == new WorkflowPosition(12, 34)), "Alice's pointer on node B");

        // Alice saves on node A: Mark's node hears the draft is saved up to the sixth edit, and the feed has all six, by both.
        var (current, seq, changes) = aliceSeat.Unsaved();
        Assert.Equal([1L, 2, 3, 4, 5, 6], changes.Select(c => c.Seq));
        var saved = await nodes.A.AsActorAsync("acme", alice, sp =>
            sp.GetRequiredService<WorkflowDefinitions>().SaveDraftIfUnchangedAsync(workflowId, WorkflowJson.Write(current), aliceSeat.Revision, changes));
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.SelectMany(e => e.Value)));
        aliceSeat.Saved(seq, saved.Value!.Workflow.UpdatedAt, current);
        await Eventually.UntilAsync(() => markEar.SavedSeq == 6, "the save told on node B");
        await Eventually.UntilAsync(() => markSeat.Revision == saved.Value.Workflow.UpdatedAt, "the new revision on node B");
        Assert.Empty(markSeat.Unsaved().Changes);
        var feed = await nodes.B.AsActorAsync("acme", mark, sp => sp.GetRequiredService<WorkflowDefinitions>().ActivityAsync(workflowId, PageRequest.First));
        Assert.Equal(6, feed.Value!.Total);
        Assert.Equal(changes.Reverse().Select(c => (c.AuthorName, c.Description)), feed.Value.Items.Select(c => (c.AuthorName, c.Description)));
        Assert.Contains(feed.Value.Items, c => c.AuthorName == "Mark Manager" && c.Description.StartsWith("Deleted", StringComparison.Ordinal));

        // Mark saves the same at the same moment, on what he had: it is already stored, not a conflict.
        var again = await nodes.B.AsActorAsync("acme", mark, sp => sp.GetRequiredService<WorkflowDefinitions>().SaveDraftIfUnchangedAsync(
            workflowId, WorkflowJson.Write(markSeat.Current().Document), default, []));
        Assert.True(again.Succeeded, string.Join("; ", again.Errors.SelectMany(e => e.Value)));
        Assert.Equal(saved.Value.Workflow.UpdatedAt, again.Value!.Workflow.UpdatedAt);

        // An unsaved edit, then someone comes in on node B: they get the document with it.
        aliceSeat.Submit(Guid.NewGuid(), 6, new MoveSteps(new Dictionary<string, WorkflowPosition> { ["done"] = new(96, 96) }));
        await Eventually.UntilAsync(() => markSeat.Current().Seq == 7, "the seventh edit on node B");
        var lateEar = new Ear();
        using var late = await JoinAsync(nodes.B, Actor.Manager(await WorkflowTestKit.UserIdAsync(nodes.A, "manager@acme.test")), workflowId, lateEar);
        Assert.Equal(7, late.Seq);
        Assert.Equal(WorkflowJson.Write(aliceSeat.Current().Document), WorkflowJson.Write(late.Document));
    }

    [Fact]
    public async Task Everyone_leaves_and_comes_back_to_unsaved_edits_or_to_a_draft_stored_through_the_api_meanwhile()
    {
        var (alice, mark) = await TwoAdminsAsync();
        var template = WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition with { Name = "Left and back" };
        var workflowId = await WorkflowTestKit.PublishAsync(nodes.A, template);

        // Alice makes an edit on node A and leaves without saving; Mark comes in on node B and finds it.
        var aliceSeat = await JoinAsync(nodes.A, alice, workflowId, new Ear());
        aliceSeat.Submit(Guid.NewGuid(), 0, Rename(template, "tell", "Unsaved name"));
        await Eventually.UntilAsync(() => aliceSeat.Current().Seq == 1, "Alice's edit in the log");
        aliceSeat.Dispose();
        var markSeat = await JoinAsync(nodes.B, mark, workflowId, new Ear());
        Assert.Equal("Unsaved name", markSeat.Document.Steps.Single(s => s.Id == "tell").Name);

        // Mark saves it and leaves; the draft is then stored through the API by someone else.
        var (current, seq, changes) = markSeat.Unsaved();
        var saved = await nodes.B.AsActorAsync("acme", mark, sp =>
            sp.GetRequiredService<WorkflowDefinitions>().SaveDraftIfUnchangedAsync(workflowId, WorkflowJson.Write(current), markSeat.Revision, changes));
        Assert.True(saved.Succeeded);
        markSeat.Saved(seq, saved.Value!.Workflow.UpdatedAt, current);
        await Task.Delay(200); // the save reaches Redis
        markSeat.Dispose();

        var fromApi = current with { Description = "Stored through the API" };
        var stored = await nodes.A.AsActorAsync("acme", alice, sp => sp.GetRequiredService<WorkflowDefinitions>().SaveDraftAsync(workflowId, WorkflowJson.Write(fromApi)));
        Assert.True(stored.Succeeded);

        // The next room, on either node, opens what the API stored, and the next save is checked against it.
        var back = await JoinAsync(nodes.A, alice, workflowId, new Ear());
        await Eventually.UntilAsync(() => back.Current().Document.Description == "Stored through the API", "the API's draft in the room");
        Assert.Equal(stored.Value!.Workflow.UpdatedAt, back.Revision);

        // A save made on what the room had before someone stored another draft is refused, and nothing is stored.
        var again = await nodes.A.AsActorAsync("acme", alice, sp => sp.GetRequiredService<WorkflowDefinitions>().SaveDraftIfUnchangedAsync(
            workflowId, WorkflowJson.Write(back.Current().Document with { Description = "Mine" }), saved.Value.Workflow.UpdatedAt,
            [new SequencedEdit(9, Guid.NewGuid(), alice.UserId!.Value, "Alice Admin", 8, new SetStart("tell"), DateTimeOffset.UtcNow) { Description = "Not kept" }]));
        Assert.Equal(ErrorCodes.Conflict, again.Code);
        var draft = await nodes.A.AsActorAsync("acme", alice, sp => sp.GetRequiredService<WorkflowDefinitions>().GetDraftAsync(workflowId));
        Assert.Equal("Stored through the API", draft.Value!.Definition.Description);

        // The feed: Alice's rename, saved by Mark, then the API's store; the refused save left nothing.
        var feed = await nodes.A.AsActorAsync("acme", alice, sp => sp.GetRequiredService<WorkflowDefinitions>().ActivityAsync(workflowId, PageRequest.First));
        Assert.Equal([("Alice Admin", "Stored the whole draft"), ("Alice Admin", changes[0].Description)], feed.Value!.Items.Select(c => (c.AuthorName, c.Description)));
        back.Dispose();
    }

    [Fact]
    public async Task A_node_that_stops_with_someone_in_the_room_tells_the_other_nodes_they_are_gone()
    {
        var (alice, mark) = await TwoAdminsAsync();
        var workflowId = await WorkflowTestKit.PublishAsync(nodes.A, WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition with { Name = "A node stops" });
        var markEar = new Ear();
        using var markSeat = await JoinAsync(nodes.B, mark, workflowId, markEar);

        var node = new RedisNode(nodes.Shared.Database, nodes.Shared.Redis);
        await node.InitializeAsync();
        try
        {
            // Alice's seat is never left: her node stops under her, as a deploy stops a node with circuits open.
            await JoinAsync(node, alice, workflowId, new Ear());
            await Eventually.UntilAsync(() => markEar.People.Count == 2, "Alice on Mark's list");
        }
        finally
        {
            await node.DisposeAsync();
        }

        // Well before three missed heartbeats (a minute), Mark sees only himself.
        await Eventually.UntilAsync(() => markEar.People.Count == 1, "Alice off Mark's list as her node stopped");
        Assert.Equal("Mark Manager", markEar.People[0].Name);
    }
}
