using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Platform.Core.Workflows;

namespace Platform.Infrastructure.Workflows;

/// <summary>Someone with a draft open in the designer: their seat, who they are, their colour, what they have selected and where their pointer is.</summary>
public sealed record DesignPerson(Guid SeatId, Guid UserId, string Name, string Color, bool MayEdit)
{
    public IReadOnlyList<string> Selection { get; init; } = [];

    public WorkflowPosition? Cursor { get; init; }
}

/// <summary>What a seat hears from its room. Calls come in the room's order; a listener must not block (a circuit queues them).</summary>
public interface IDesignListener
{
    /// <summary>The next edit, in the room's order (its own included, to confirm it).</summary>
    void Edited(SequencedEdit edit);

    /// <summary>Someone's edit of the same thing at the same time stood instead of this seat's.</summary>
    void Lost(EditConflict conflict);

    /// <summary>Who is here, with their selections, and up to which edit the draft is saved.</summary>
    void People(IReadOnlyList<DesignPerson> people, long savedSeq);

    /// <summary>Someone's pointer moved on the canvas (null: it left).</summary>
    void Pointed(Guid seatId, WorkflowPosition? at);
}

/// <summary>
/// The designer's rooms on this node, one per open draft, keyed by tenant and workflow (ADR 0036): each orders the edits
/// of everyone who has the draft open (<see cref="DraftSequencer"/>), tells every seat of every edit, and keeps who is
/// there. A room is made by the first seat (from the stored draft) and goes with the last. Only
/// <see cref="WorkflowDesign"/>, which checks the actor and the tenant, seats anyone.
/// </summary>
public sealed class DesignRooms(TimeProvider clock, ILogger<DesignRooms> logger)
{
    /// <summary>The colours seats get in turn: white initials and names on each read at 4.5:1 or more (WCAG AA).</summary>
    public static readonly IReadOnlyList<string> Colors = ["#c2410c", "#237a38", "#6741d9", "#c2255c", "#1864ab", "#0b7285", "#a61e4d", "#5c7a0a"];

    private readonly ConcurrentDictionary<(Guid Tenant, Guid Workflow), DesignRoom> _rooms = new();

    /// <summary>How many rooms are open on this node (for tests and diagnostics).</summary>
    public int Count => _rooms.Count;

    /// <summary>Seats someone in the room of a draft, making the room from <paramref name="stored"/> when it is the first seat.</summary>
    internal DesignSeat Seat(Guid tenantId, Guid workflowId, WorkflowDefinition stored, Guid userId, string name, bool mayEdit, IDesignListener listener)
    {
        while (true)
        {
            var room = _rooms.GetOrAdd((tenantId, workflowId), key => new DesignRoom(this, key, stored, clock, logger));
            if (room.TrySeat(userId, name, mayEdit, listener) is { } seat)
            {
                return seat;
            }

            // The room closed as this seat came in: make a new one.
            _rooms.TryRemove(new KeyValuePair<(Guid, Guid), DesignRoom>((tenantId, workflowId), room));
        }
    }

    internal void Closed(DesignRoom room) => _rooms.TryRemove(new KeyValuePair<(Guid, Guid), DesignRoom>(room.Key, room));
}

/// <summary>One open draft on this node: its sequencer and its seats.</summary>
internal sealed class DesignRoom(DesignRooms rooms, (Guid Tenant, Guid Workflow) key, WorkflowDefinition stored, TimeProvider clock, ILogger logger)
{
    private readonly object _gate = new();
    private readonly DraftSequencer _sequencer = new(stored);
    private readonly Dictionary<Guid, (DesignPerson Person, IDesignListener Listener)> _seats = [];
    private long _savedSeq;
    private bool _closed;
    private int _colors;

    public (Guid Tenant, Guid Workflow) Key { get; } = key;

    public DesignSeat? TrySeat(Guid userId, string name, bool mayEdit, IDesignListener listener)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            var person = new DesignPerson(Guid.NewGuid(), userId, name, DesignRooms.Colors[_colors++ % DesignRooms.Colors.Count], mayEdit);
            _seats[person.SeatId] = (person, listener);
            var seat = new DesignSeat(this, person, _sequencer.Document, _sequencer.Seq, _savedSeq);
            TellPeople();
            return seat;
        }
    }

    public void Submit(DesignPerson person, Guid editId, long baseSeq, WorkflowEdit edit)
    {
        lock (_gate)
        {
            if (!_seats.ContainsKey(person.SeatId) || !person.MayEdit)
            {
                return;
            }

            var (sequenced, conflicts) = _sequencer.Sequence(editId, person.UserId, person.Name, baseSeq, edit, clock.GetUtcNow());
            foreach (var (_, listener) in _seats.Values)
            {
                Tell(() => listener.Edited(sequenced));
            }

            foreach (var conflict in conflicts)
            {
                foreach (var (_, listener) in _seats.Values.Where(s => s.Person.UserId == conflict.LoserId))
                {
                    Tell(() => listener.Lost(conflict));
                }
            }
        }
    }

    /// <summary>The edits after <paramref name="seq"/> and the document now, under the room's lock, for a seat catching up.</summary>
    public (IReadOnlyList<SequencedEdit>? Edits, WorkflowDefinition Document, long Seq) Since(long seq)
    {
        lock (_gate)
        {
            return (_sequencer.Since(seq), _sequencer.Document, _sequencer.Seq);
        }
    }

    /// <summary>The document and its number, to save.</summary>
    public (WorkflowDefinition Document, long Seq) Current()
    {
        lock (_gate)
        {
            return (_sequencer.Document, _sequencer.Seq);
        }
    }

    public void Saved(long seq)
    {
        lock (_gate)
        {
            _savedSeq = Math.Max(_savedSeq, seq);
            TellPeople();
        }
    }

    public void Update(DesignPerson person, Func<DesignPerson, DesignPerson> change)
    {
        lock (_gate)
        {
            if (_seats.TryGetValue(person.SeatId, out var seat))
            {
                _seats[person.SeatId] = (change(seat.Person), seat.Listener);
                TellPeople();
            }
        }
    }

    public void Point(DesignPerson person, WorkflowPosition? at)
    {
        lock (_gate)
        {
            foreach (var (other, listener) in _seats.Values.Where(s => s.Person.SeatId != person.SeatId))
            {
                Tell(() => listener.Pointed(person.SeatId, at));
            }
        }
    }

    public void Leave(DesignPerson person)
    {
        lock (_gate)
        {
            if (!_seats.Remove(person.SeatId))
            {
                return;
            }

            if (_seats.Count == 0)
            {
                _closed = true;
                rooms.Closed(this);
                return;
            }

            TellPeople();
            foreach (var (_, listener) in _seats.Values)
            {
                Tell(() => listener.Pointed(person.SeatId, null));
            }
        }
    }

    private void TellPeople()
    {
        var people = _seats.Values.Select(s => s.Person).OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
        foreach (var (_, listener) in _seats.Values)
        {
            Tell(() => listener.People(people, _savedSeq));
        }
    }

    private void Tell(Action call)
    {
        try
        {
            call();
        }
        catch (Exception e)
        {
            // One seat's failure (a circuit going away) must not stop the others hearing.
            logger.LogWarning(e, "A designer seat of workflow {WorkflowId} could not be told", Key.Workflow);
        }
    }
}

/// <summary>
/// Someone's place in a room: the draft as it was when they came in, and what they may do there. Edits from a reader
/// are ignored. Dispose to leave.
/// </summary>
public sealed class DesignSeat : IDisposable
{
    private readonly DesignRoom _room;
    private DesignPerson _person;
    private int _left;

    internal DesignSeat(DesignRoom room, DesignPerson person, WorkflowDefinition document, long seq, long savedSeq)
    {
        _room = room;
        _person = person;
        Document = document;
        Seq = seq;
        SavedSeq = savedSeq;
    }

    public Guid SeatId => _person.SeatId;

    public Guid UserId => _person.UserId;

    public bool MayEdit => _person.MayEdit;

    /// <summary>The room's draft when this seat came in, and the number of its last edit.</summary>
    public WorkflowDefinition Document { get; }

    public long Seq { get; }

    /// <summary>Up to which edit the draft was saved when this seat came in.</summary>
    public long SavedSeq { get; }

    /// <summary>Sends an edit made on <paramref name="baseSeq"/> to be ordered; every seat hears it.</summary>
    public void Submit(Guid editId, long baseSeq, WorkflowEdit edit) => _room.Submit(_person, editId, baseSeq, edit);

    /// <summary>The edits after <paramref name="seq"/> (null when too many were missed: take the document).</summary>
    public (IReadOnlyList<SequencedEdit>? Edits, WorkflowDefinition Document, long Seq) Since(long seq) => _room.Since(seq);

    /// <summary>The room's draft now, to save.</summary>
    public (WorkflowDefinition Document, long Seq) Current() => _room.Current();

    /// <summary>Tells everyone the draft is saved up to <paramref name="seq"/>.</summary>
    public void Saved(long seq) => _room.Saved(seq);

    public void Select(IReadOnlyList<string> stepIds) => _room.Update(_person, p => _person = p with { Selection = stepIds });

    /// <summary>Whether the room already knows this selection.</summary>
    public bool SelectionIs(IReadOnlySet<string> stepIds) => _person.Selection.Count == stepIds.Count && _person.Selection.All(stepIds.Contains);

    public void Point(WorkflowPosition? at) => _room.Point(_person, at);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            _room.Leave(_person);
        }
    }
}
