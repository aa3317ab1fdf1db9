using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Support;

namespace Platform.Tests.Workflows;

/// <summary>
/// Who may sit in a draft's room (ADR 0036), through the use case a circuit calls: an admin of the workflow's business
/// edits, and every seat hears each edit in one order; a manager looks and their edits are ignored; staff are refused;
/// an admin of another business is refused as if the workflow did not exist, never gets a seat, and hears nothing of
/// what is edited there, while their own business's room is a different one.
/// </summary>
public sealed class DesignRoomTests(DesignRoomTests.App app) : IClassFixture<DesignRoomTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    private sealed class Ear : IDesignListener
    {
        public List<SequencedEdit> Edits { get; } = [];

        public List<EditConflict> Lost { get; } = [];

        public List<IReadOnlyList<DesignPerson>> People { get; } = [];

        public void Edited(SequencedEdit edit) => Edits.Add(edit);

        void IDesignListener.Lost(EditConflict conflict) => Lost.Add(conflict);

        void IDesignListener.People(IReadOnlyList<DesignPerson> people, long savedSeq) => People.Add(people);

        public void Pointed(Guid seatId, WorkflowPosition? at)
        {
        }
    }

    private Task<Outcome<DesignSeat>> JoinAsync(string slug, Actor actor, Guid workflowId, IDesignListener ear) =>
        app.AsActorAsync(slug, actor, sp => sp.GetRequiredService<WorkflowDesign>().JoinAsync(workflowId, ear));

    private static WorkflowDefinition Draft(string name) => WorkflowTemplates.Find(WorkflowTemplates.TwoApprovals)!.Definition with { Name = name };

    [Fact]
    public async Task Admins_edit_managers_look_staff_and_other_businesses_are_refused_and_hear_nothing()
    {
        var acmeWorkflow = await WorkflowTestKit.PublishAsync(app, Draft("Room at acme"));
        var globexWorkflow = await WorkflowTestKit.PublishAsync(app, Draft("Room at globex"), "globex");
        var rooms = app.Services.GetRequiredService<DesignRooms>();
        var before = rooms.Count;

        var adminEar = new Ear();
        var managerEar = new Ear();
        var strangerEar = new Ear();
        var admin = await JoinAsync("acme", Actor.TenantAdmin(await WorkflowTestKit.UserIdAsync(app, "admin@acme.test")), acmeWorkflow, adminEar);
        var manager = await JoinAsync("acme", Actor.Manager(await WorkflowTestKit.UserIdAsync(app, "manager@acme.test")), acmeWorkflow, managerEar);
        var staff = await JoinAsync("acme", Actor.Staff(await WorkflowTestKit.UserIdAsync(app, "sam@acme.test")), acmeWorkflow, new Ear());
        var globexAdmin = Actor.TenantAdmin(await WorkflowTestKit.UserIdAsync(app, "admin@globex.test", "globex"));
        var stranger = await JoinAsync("globex", globexAdmin, acmeWorkflow, strangerEar);

        Assert.True(admin.Succeeded);
        Assert.True(admin.Value!.MayEdit);
        Assert.True(manager.Succeeded);
        Assert.False(manager.Value!.MayEdit);
        Assert.Equal(ErrorCodes.Forbidden, staff.Code);
        Assert.Null(staff.Value);
        Assert.Equal(ErrorCodes.NotFound, stranger.Code);
        Assert.Null(stranger.Value);
        Assert.Equal(before + 1, rooms.Count);
        Assert.Equal(["Alice Admin", "Mark Manager"], adminEar.People[^1].Select(p => p.Name).Order(StringComparer.Ordinal));

        // The admin's edit reaches both acme seats in one order; the manager's is ignored; the stranger hears nothing.
        var move = new MoveSteps(new Dictionary<string, WorkflowPosition> { ["tell"] = new(640, 480) });
        admin.Value.Submit(Guid.NewGuid(), admin.Value.Seq, move);
        manager.Value.Submit(Guid.NewGuid(), manager.Value.Seq, new DeleteSteps(["tell"]));
        Assert.Equal([1L], adminEar.Edits.Select(e => e.Seq));
        Assert.Equal([1L], managerEar.Edits.Select(e => e.Seq));
        Assert.Equal("Alice Admin", adminEar.Edits[0].AuthorName);
        var (document, seq) = admin.Value.Current();
        Assert.Equal(1, seq);
        Assert.Contains(document.Steps, s => s.Id == "tell" && s.Position == new WorkflowPosition(640, 480));
        Assert.Empty(strangerEar.Edits);
        Assert.Empty(strangerEar.People);

        // Globex's own room is another room: what happens in it stays there.
        var globexEar = new Ear();
        var globexSeat = await JoinAsync("globex", globexAdmin, globexWorkflow, globexEar);
        Assert.True(globexSeat.Succeeded);
        Assert.Equal(0, globexSeat.Value!.Seq);
        Assert.DoesNotContain(globexSeat.Value.Document.Steps, s => s.Position == new WorkflowPosition(640, 480));
        globexSeat.Value.Submit(Guid.NewGuid(), 0, new DeleteSteps(["tell"]));
        Assert.Single(globexEar.Edits);
        Assert.Single(adminEar.Edits);

        // The last to leave closes the room.
        admin.Value.Dispose();
        manager.Value.Dispose();
        globexSeat.Value.Dispose();
        Assert.Equal(before, rooms.Count);
    }
}
