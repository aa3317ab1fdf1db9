using System.Collections.Concurrent;
using System.Text.Json;
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

/// <summary>The draft as stored when a room opens: its document and its revision (the time it was last stored).</summary>
public sealed record StoredDraft(WorkflowDefinition Definition, DateTimeOffset Revision)
{
    /// <summary>The revision as the rooms compare and share it.</summary>
    public string RevisionText => TextOf(Revision);

    internal static string TextOf(DateTimeOffset revision) => revision.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The designer's rooms on this node, one per open draft, keyed by tenant and workflow (ADR 0036): each orders the edits
/// of everyone who has the draft open (<see cref="DraftSequencer"/>), tells every seat of every edit, and keeps who is
/// there. A room is made by the first seat (from the stored draft) and goes with the last. With a backplane (Redis), the
/// rooms of one draft on every node share one log of edits and hear each other's people, pointers and saves. Only
/// <see cref="WorkflowDesign"/>, which checks the actor and the tenant, seats anyone.
/// </summary>
public sealed class DesignRooms(TimeProvider clock, ILogger<DesignRooms> logger, IDesignBackplane? backplane = null) : IAsyncDisposable
{
    /// <summary>The colours seats get in turn: white initials and names on each read at 4.5:1 or more (WCAG AA).</summary>
    public static readonly IReadOnlyList<string> Colors = ["#c2410c", "#237a38", "#6741d9", "#c2255c", "#1864ab", "#0b7285", "#a61e4d", "#5c7a0a"];

    /// <summary>How often a room tells the other nodes it is still there, and keeps the shared state.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<DesignKey, DesignRoom> _rooms = new();

    /// <summary>This node, as the other nodes' rooms know it.</summary>
    internal Guid NodeId { get; } = Guid.NewGuid();

    /// <summary>How many rooms are open on this node (for tests and diagnostics).</summary>
    public int Count => _rooms.Count;

    /// <summary>Seats someone in the room of a draft, making the room from <paramref name="stored"/> when it is the first seat here.</summary>
    internal async Task<DesignSeat> SeatAsync(Guid tenantId, Guid workflowId, StoredDraft stored, Guid userId, string name, bool mayEdit, IDesignListener listener)
    {
        var key = new DesignKey(tenantId, workflowId);
        while (true)
        {
            var room = _rooms.GetOrAdd(key, k => new DesignRoom(this, k, clock, logger, backplane));
            try
            {
                await room.OpenAsync(stored);
            }
            catch
            {
                // Not opened (the backplane failed): the next seat tries afresh.
                room.Abandon();
                throw;
            }

            if (room.TrySeat(userId, name, mayEdit, listener) is { } seat)
            {
                return seat;
            }

            // The room closed as this seat came in: make a new one.
            _rooms.TryRemove(new KeyValuePair<DesignKey, DesignRoom>(key, room));
        }
    }

    internal void Closed(DesignRoom room) => _rooms.TryRemove(new KeyValuePair<DesignKey, DesignRoom>(room.Key, room));

    /// <summary>
    /// The node stops: every room still open stops its heartbeat and tells the other nodes it is gone, before the
    /// backplane's connection goes (the container disposes this first, as it was made after it).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var open = _rooms.Values.ToList();
        _rooms.Clear();
        await Task.WhenAll(open.Select(room => room.ShutDownAsync()));
    }
}

/// <summary>
/// One open draft on this node: its sequencer and its seats. On one node the room orders the edits itself. With a
/// backplane, every edit goes to the shared log first, and every node's room applies the log in its order, so all
/// sequencers hold the same document and number edits alike; people, pointers and saves travel on the room's channel.
/// </summary>
internal sealed class DesignRoom(DesignRooms rooms, DesignKey key, TimeProvider clock, ILogger logger, IDesignBackplane? backplane)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly object _gate = new();
    private readonly Dictionary<Guid, (DesignPerson Person, IDesignListener Listener)> _seats = [];
    private readonly Dictionary<Guid, (IReadOnlyList<DesignPerson> People, DateTimeOffset Seen)> _elsewhere = [];
    private DraftSequencer _sequencer = new(new WorkflowDefinition());
    private long _savedSeq;
    private string _revision = "";
    private bool _closed;
    private Task? _opening;
    private IAsyncDisposable? _subscription;
    private ITimer? _heartbeat;
    private Task _reads = Task.CompletedTask;

    /// <summary>How long a node may say nothing before its people are taken for gone: three missed heartbeats.</summary>
    private static readonly TimeSpan Silence = 3 * DesignRooms.Heartbeat;

    public DesignKey Key { get; } = key;

    /// <summary>Loads the draft once: from the stored draft, or with a backplane from the shared state when another node has it open.</summary>
    public Task OpenAsync(StoredDraft stored)
    {
        lock (_gate)
        {
            return _opening ??= LoadAsync(stored);
        }
    }

    /// <summary>Gives the room up after it failed to open.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _closed = true;
        }

        rooms.Closed(this);
    }

    private async Task LoadAsync(StoredDraft stored)
    {
        if (backplane is null)
        {
            _sequencer = new DraftSequencer(stored.Definition);
            _revision = stored.RevisionText;
            return;
        }

        // Listening first: an edit appended while the log is read is then heard, and read again harmlessly.
        _subscription = await backplane.SubscribeAsync(Key, Heard);
        var shared = await backplane.OpenAsync(Key, WorkflowJson.Write(stored.Definition), stored.RevisionText);
        var log = await backplane.ReadAsync(Key, shared.Seq);
        lock (_gate)
        {
            _sequencer = new DraftSequencer(Read(shared.DocumentJson), shared.Seq);
            _savedSeq = shared.SavedSeq;
            _revision = shared.Revision;
            Apply(log);
        }

        // The stored draft changed outside the designer since the shared state was saved, and nothing here is unsaved:
        // everyone moves to the stored draft, as one edit in the log.
        if (shared.Revision != stored.RevisionText && _savedSeq >= _sequencer.Seq)
        {
            var (document, seq) = Current();
            var replaced = await AppendAsync(Guid.NewGuid(), Guid.Empty, "Saved outside the designer", seq, WorkflowEdits.Replace(document, stored.Definition));
            if (replaced is { } at)
            {
                lock (_gate)
                {
                    Record(at, stored.RevisionText);
                }

                await SharedSavedAsync(at, stored.RevisionText, stored.Definition);
            }
        }

        // Who is on the other nodes already, so the first seat here sees them and takes a colour none of them has.
        foreach (var said in await backplane.PresentAsync(Key))
        {
            Heard(said);
        }

        _heartbeat = clock.CreateTimer(_ => _ = BeatAsync(), null, DesignRooms.Heartbeat, DesignRooms.Heartbeat);
    }

    public DesignSeat? TrySeat(Guid userId, string name, bool mayEdit, IDesignListener listener)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            // The first colour nobody here or on another node has, so that two people never share one.
            var taken = Everyone().Select(p => p.Color).ToHashSet(StringComparer.Ordinal);
            var color = DesignRooms.Colors.FirstOrDefault(c => !taken.Contains(c)) ?? DesignRooms.Colors[_seats.Count % DesignRooms.Colors.Count];
            var person = new DesignPerson(Guid.NewGuid(), userId, name, color, mayEdit);
            _seats[person.SeatId] = (person, listener);
            var seat = new DesignSeat(this, person, _sequencer.Document, _sequencer.Seq, _savedSeq);
            PeopleChanged();
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

            if (backplane is null)
            {
                Sequence(editId, person.UserId, person.Name, baseSeq, edit, clock.GetUtcNow());
                return;
            }
        }

        _ = Quietly(AppendAsync(editId, person.UserId, person.Name, baseSeq, edit), "send an edit");
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

    /// <summary>The document, its number, and the edits since it was last saved, for the activity feed.</summary>
    public (WorkflowDefinition Document, long Seq, IReadOnlyList<SequencedEdit> Changes) Unsaved()
    {
        lock (_gate)
        {
            return (_sequencer.Document, _sequencer.Seq, _sequencer.KeptSince(_savedSeq));
        }
    }

    /// <summary>The stored draft's revision as this room last knew it saved, for the next save to check against.</summary>
    public string Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    public void Saved(long seq, string revision, WorkflowDefinition document)
    {
        lock (_gate)
        {
            Record(seq, revision);
        }

        if (backplane is not null)
        {
            _ = Quietly(SharedSavedAsync(seq, revision, document), "share a save");
        }
    }

    public void Update(DesignPerson person, Func<DesignPerson, DesignPerson> change)
    {
        lock (_gate)
        {
            if (_seats.TryGetValue(person.SeatId, out var seat))
            {
                _seats[person.SeatId] = (change(seat.Person), seat.Listener);
                PeopleChanged();
            }
        }
    }

    public void Point(DesignPerson person, WorkflowPosition? at)
    {
        lock (_gate)
        {
            TellPointer(person.SeatId, at);
        }

        _ = Quietly(SendAsync(new RoomMessage("point", rooms.NodeId) { Seat = person.SeatId, At = at }), "share a pointer");
    }

    public void Leave(DesignPerson person)
    {
        lock (_gate)
        {
            if (!_seats.Remove(person.SeatId) || _closed)
            {
                // Not seated, or the room already closed as its node stopped.
                return;
            }

            if (_seats.Count == 0)
            {
                _closed = true;
                rooms.Closed(this);
                _ = Quietly(CloseAsync(), "leave the shared room");
                return;
            }

            PeopleChanged();
            TellPointer(person.SeatId, null);
        }
    }

    /// <summary>Orders, applies and tells an edit; the caller holds the lock.</summary>
    private void Sequence(Guid editId, Guid authorId, string authorName, long baseSeq, WorkflowEdit edit, DateTimeOffset at)
    {
        var (sequenced, conflicts) = _sequencer.Sequence(editId, authorId, authorName, baseSeq, edit, at);
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

    /// <summary>Appends an edit to the shared log and applies the log up to it; its number, or null when it was not kept.</summary>
    private async Task<long?> AppendAsync(Guid editId, Guid authorId, string authorName, long baseSeq, WorkflowEdit edit)
    {
        var entry = new LogEntry(editId, authorId, authorName, baseSeq, clock.GetUtcNow(), JsonSerializer.Serialize(edit, WorkflowJson.Options));
        var seq = await backplane!.AppendAsync(Key, JsonSerializer.Serialize(entry, Json));
        if (seq is null)
        {
            logger.LogWarning("The shared state of the draft of workflow {WorkflowId} was gone; an edit was not kept", Key.Workflow);
            return null;
        }

        await ReadLogAsync();
        return seq;
    }

    /// <summary>Applies the edits of the shared log this room has not applied yet: each read starts when the one before ended.</summary>
    private Task ReadLogAsync()
    {
        lock (_gate)
        {
            return _reads = _reads.ContinueWith(_ => ReadOnceAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task ReadOnceAsync()
    {
        long after;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            after = _sequencer.Seq;
        }

        var log = await backplane!.ReadAsync(Key, after);
        lock (_gate)
        {
            Apply(log);
        }
    }

    /// <summary>Applies log entries in their order; the caller holds the lock.</summary>
    private void Apply(IReadOnlyList<(long Seq, string Json)> log)
    {
        foreach (var (seq, json) in log)
        {
            if (seq <= _sequencer.Seq)
            {
                continue;
            }

            if (seq != _sequencer.Seq + 1)
            {
                logger.LogWarning("Edit {Seq} of workflow {WorkflowId} came after {Applied}: the edits between were not in the log", seq, Key.Workflow, _sequencer.Seq);
                return;
            }

            var entry = JsonSerializer.Deserialize<LogEntry>(json, Json)!;
            var edit = JsonSerializer.Deserialize<WorkflowEdit>(entry.Edit, WorkflowJson.Options)!;
            Sequence(entry.EditId, entry.AuthorId, entry.AuthorName, entry.BaseSeq, edit, entry.At);
        }
    }

    private async Task SharedSavedAsync(long seq, string revision, WorkflowDefinition document)
    {
        await backplane!.SavedAsync(Key, seq, revision, WorkflowJson.Write(document));
        await SendAsync(new RoomMessage("saved", rooms.NodeId) { Seq = seq, Revision = revision });
    }

    /// <summary>What another node's room said (or this one's own edit news), on the channel's one reader.</summary>
    private void Heard(string message)
    {
        RoomMessage? heard;
        try
        {
            heard = JsonSerializer.Deserialize<RoomMessage>(message, Json);
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "Dropped a malformed message of the designer room of workflow {WorkflowId}", Key.Workflow);
            return;
        }

        if (heard is null || (heard.Node == rooms.NodeId && heard.Kind != "edit"))
        {
            return;
        }

        switch (heard.Kind)
        {
            case "edit":
                _ = Quietly(ReadLogAsync(), "read the shared log");
                break;
            case "people" when clock.GetUtcNow() - heard.Seen < Silence:
                lock (_gate)
                {
                    _elsewhere[heard.Node] = (heard.People ?? [], heard.Seen);
                    TellPeople();
                }

                break;
            case "gone":
                lock (_gate)
                {
                    if (_elsewhere.Remove(heard.Node, out var gone))
                    {
                        TellPeople();
                        gone.People.ToList().ForEach(p => TellPointer(p.SeatId, null));
                    }
                }

                break;
            case "point" when heard.Seat is { } seat:
                lock (_gate)
                {
                    TellPointer(seat, heard.At);
                }

                break;
            case "saved" when heard.Seq is { } seq:
                lock (_gate)
                {
                    Record(seq, heard.Revision ?? _revision);
                }

                break;
        }
    }

    /// <summary>Who is here changed on this node: tell the seats here and the other nodes. The caller holds the lock.</summary>
    private void PeopleChanged()
    {
        TellPeople();
        if (backplane is not null && _seats.Count > 0)
        {
            var people = _seats.Values.Select(s => s.Person).ToList();
            _ = Quietly(SendPeopleAsync(people), "share who is here");
        }
    }

    private Task SendPeopleAsync(IReadOnlyList<DesignPerson> people) =>
        backplane!.HereAsync(Key, rooms.NodeId, JsonSerializer.Serialize(new RoomMessage("people", rooms.NodeId) { People = people, Seen = clock.GetUtcNow() }, Json));

    private async Task BeatAsync()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            // A node that stopped saying it is here (it went away without a word) is forgotten.
            var silent = _elsewhere.Where(e => clock.GetUtcNow() - e.Value.Seen > Silence).Select(e => e.Key).ToList();
            silent.ForEach(node => _elsewhere.Remove(node));
            if (silent.Count > 0)
            {
                TellPeople();
            }
        }

        List<DesignPerson> people;
        lock (_gate)
        {
            people = [.. _seats.Values.Select(s => s.Person)];
        }

        await Quietly(backplane!.KeepAsync(Key), "keep the shared state");
        if (people.Count > 0)
        {
            await Quietly(SendPeopleAsync(people), "say this node is here");
        }
    }

    /// <summary>Closes the room as its node stops, whoever is still seated; waits a few seconds at most for the backplane.</summary>
    public async Task ShutDownAsync()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
        }

        await Quietly(CloseAsync().WaitAsync(TimeSpan.FromSeconds(3)), "leave the shared room as the node stops");
    }

    private async Task CloseAsync()
    {
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
        }

        if (backplane is null)
        {
            return;
        }

        await backplane.GoneAsync(Key, rooms.NodeId, JsonSerializer.Serialize(new RoomMessage("gone", rooms.NodeId), Json));
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    private Task SendAsync(RoomMessage message) =>
        backplane is null ? Task.CompletedTask : backplane.PublishAsync(Key, JsonSerializer.Serialize(message, Json));

    private void Record(long seq, string revision)
    {
        if (seq >= _savedSeq)
        {
            _savedSeq = seq;
            _revision = revision;
        }

        TellPeople();
    }

    /// <summary>Everyone with the draft open: here, then on other nodes.</summary>
    private IEnumerable<DesignPerson> Everyone() =>
        _seats.Values.Select(s => s.Person).Concat(_elsewhere.Values.SelectMany(e => e.People)).DistinctBy(p => p.SeatId);

    private void TellPeople()
    {
        var people = Everyone().OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
        foreach (var (_, listener) in _seats.Values)
        {
            Tell(() => listener.People(people, _savedSeq));
        }
    }

    private void TellPointer(Guid seatId, WorkflowPosition? at)
    {
        foreach (var (other, listener) in _seats.Values.Where(s => s.Person.SeatId != seatId))
        {
            Tell(() => listener.Pointed(seatId, at));
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

    /// <summary>Work sent off without waiting: a failure is logged, never thrown at nobody.</summary>
    private async Task Quietly(Task work, string what)
    {
        try
        {
            await work;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The designer room of workflow {WorkflowId} could not {What}", Key.Workflow, what);
        }
    }

    private static WorkflowDefinition Read(string json) => WorkflowJson.TryRead(json, out var definition, out _, out var error)
        ? definition
        : throw new InvalidOperationException($"The shared draft could not be read: {error}");

    /// <summary>An edit in the shared log, as its author's node wrote it.</summary>
    private sealed record LogEntry(Guid EditId, Guid AuthorId, string AuthorName, long BaseSeq, DateTimeOffset At, string Edit);

    /// <summary>What the rooms of one draft tell each other on its channel.</summary>
    private sealed record RoomMessage(string Kind, Guid Node)
    {
        public IReadOnlyList<DesignPerson>? People { get; init; }

        public Guid? Seat { get; init; }

        public WorkflowPosition? At { get; init; }

        public long? Seq { get; init; }

        public string? Revision { get; init; }

        /// <summary>When a node said who is on it; what a silent node said last is forgotten after <see cref="Silence"/>.</summary>
        public DateTimeOffset Seen { get; init; }
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

    /// <summary>The room's draft now.</summary>
    public (WorkflowDefinition Document, long Seq) Current() => _room.Current();

    /// <summary>The room's draft now, to save, with the edits since it was last saved (who made what, when).</summary>
    public (WorkflowDefinition Document, long Seq, IReadOnlyList<SequencedEdit> Changes) Unsaved() => _room.Unsaved();

    /// <summary>The stored draft's revision when the room last saved it (or opened it): a save checks it is still so.</summary>
    public DateTimeOffset Revision => new(long.Parse(_room.Revision, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>Tells everyone the draft is saved up to <paramref name="seq"/> as <paramref name="document"/>, now at <paramref name="revision"/>.</summary>
    public void Saved(long seq, DateTimeOffset revision, WorkflowDefinition document) => _room.Saved(seq, StoredDraft.TextOf(revision), document);

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
