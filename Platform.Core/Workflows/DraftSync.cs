namespace Platform.Core.Workflows;

/// <summary>An edit as the sequencer ordered it: its number, who made it, on which number they made it, and when.</summary>
public sealed record SequencedEdit(long Seq, Guid EditId, Guid AuthorId, string AuthorName, long BaseSeq, WorkflowEdit Edit, DateTimeOffset At)
{
    /// <summary>What it did, in words, as its author saw it ("Moved “Large booking?”").</summary>
    public string Description { get; init; } = "";
}

/// <summary>An edit that did not stand because someone else's, made at the same time, changed the same thing.</summary>
public sealed record EditConflict(Guid LoserId, Guid WinnerId, string WinnerName, string What);

/// <summary>
/// The one order of a draft's edits (ADR 0036): every editor sends an edit with the number of the last edit it had seen;
/// the sequencer applies them in the order they arrive and numbers them, and every editor applies them in that order. As
/// edits set values rather than describe differences (<see cref="WorkflowEdit"/>), no edit needs transforming: all copies
/// that apply the same edits in the same order hold the same definition. Two concurrent edits of one thing resolve by that
/// order (the later stands); a deleted step stays deleted. The sequencer reports who lost, so they can be told.
/// </summary>
public sealed class DraftSequencer(WorkflowDefinition document, long seq = 0)
{
    /// <summary>How many recent edits are kept to tell conflicts and to catch a returning editor up.</summary>
    public const int Kept = 1000;

    private readonly List<Recent> _recent = [];
    private DateTimeOffset _lastAt = DateTimeOffset.MinValue;

    public WorkflowDefinition Document { get; private set; } = document;

    public long Seq { get; private set; } = seq;

    /// <summary>Orders, applies and numbers an edit; the edit as sequenced and the conflicts it made.</summary>
    public (SequencedEdit Edit, IReadOnlyList<EditConflict> Conflicts) Sequence(
        Guid editId, Guid authorId, string authorName, long baseSeq, WorkflowEdit edit, DateTimeOffset at)
    {
        // Each edit's time is after the one before it, to the microsecond a database keeps, so that a feed in time order
        // is in the sequencer's order even when the authors' clocks (or nodes) disagree a little.
        at = at.AddTicks(-(at.Ticks % 10));
        if (at <= _lastAt)
        {
            at = _lastAt.AddTicks(10);
        }

        _lastAt = at;
        var before = Document;
        var keys = edit.Touches(before).ToList();
        var deletes = Deleted(edit).ToList();
        var sequenced = new SequencedEdit(Seq + 1, editId, authorId, authorName, baseSeq, edit, at) { Description = edit.Describe(before) };
        var conflicts = new List<EditConflict>();
        foreach (var other in _recent.Where(r => r.Edit.Seq > baseSeq && r.Edit.AuthorId != authorId))
        {
            if (!keys.Any(k => other.Keys.Any(o => WorkflowEdits.Overlap(k, o))))
            {
                continue;
            }

            // A deletion wins whichever came first; otherwise the later edit stands.
            var theirDeleteWins = other.Deletes.Any(d => keys.Any(k => WorkflowEdits.Overlap(k, d))) && !deletes.Any(d => other.Keys.Any(o => WorkflowEdits.Overlap(o, d)));
            conflicts.Add(theirDeleteWins
                ? new EditConflict(authorId, other.Edit.AuthorId, other.Edit.AuthorName, other.Edit.Description)
                : new EditConflict(other.Edit.AuthorId, authorId, authorName, sequenced.Description));
        }

        Document = edit.Apply(before);
        Seq = sequenced.Seq;
        _recent.Add(new Recent(sequenced, keys, deletes));
        if (_recent.Count > Kept)
        {
            _recent.RemoveAt(0);
        }

        return (sequenced, conflicts.DistinctBy(c => (c.LoserId, c.WinnerId, c.What)).ToList());
    }

    /// <summary>The edits after <paramref name="seq"/>, in order; null when some of them are no longer kept (read the document instead).</summary>
    public IReadOnlyList<SequencedEdit>? Since(long seq)
    {
        if (seq >= Seq)
        {
            return [];
        }

        var first = _recent.Count == 0 ? Seq + 1 : _recent[0].Edit.Seq;
        return seq + 1 < first ? null : [.. _recent.Where(r => r.Edit.Seq > seq).Select(r => r.Edit)];
    }

    /// <summary>The kept edits after <paramref name="seq"/>, in order: all of them unless more than <see cref="Kept"/> came since.</summary>
    public IReadOnlyList<SequencedEdit> KeptSince(long seq) => [.. _recent.Where(r => r.Edit.Seq > seq).Select(r => r.Edit)];

    private static IEnumerable<string> Deleted(WorkflowEdit edit) => edit switch
    {
        DeleteSteps delete => delete.Ids.Select(id => $"steps/{id}"),
        EditBatch batch => batch.Edits.SelectMany(Deleted),
        _ => [],
    };

    private sealed record Recent(SequencedEdit Edit, IReadOnlyList<string> Keys, IReadOnlyList<string> Deletes);
}

/// <summary>
/// An editor's copy of a draft: what the sequencer confirmed, and the editor's own edits it has not confirmed yet, which
/// the editor sees applied on top (<see cref="View"/>). When a confirmed edit arrives it is applied to the confirmed
/// definition and the pending ones are applied again on top, so the editor never waits for the sequencer to see its own
/// change, and once all its edits are confirmed it holds exactly the sequencer's definition.
/// </summary>
public sealed class DraftReplica(WorkflowDefinition confirmed, long seq)
{
    private readonly List<(Guid Id, WorkflowEdit Edit)> _pending = [];

    public WorkflowDefinition Confirmed { get; private set; } = confirmed;

    public long Seq { get; private set; } = seq;

    /// <summary>The confirmed definition with this editor's pending edits applied: what the editor sees.</summary>
    public WorkflowDefinition View { get; private set; } = confirmed;

    public bool HasPending => _pending.Count > 0;

    /// <summary>Makes an edit here at once; send it to the sequencer with its id and base number.</summary>
    public (Guid EditId, long BaseSeq) Propose(WorkflowEdit edit)
    {
        var id = Guid.NewGuid();
        _pending.Add((id, edit));
        View = edit.Apply(View);
        return (id, Seq);
    }

    /// <summary>
    /// Applies the next confirmed edit; false for one already applied. An edit further ahead than the next means some
    /// were missed: catch up with <see cref="Reset"/> first.
    /// </summary>
    public bool Receive(SequencedEdit edit)
    {
        if (edit.Seq <= Seq)
        {
            return false;
        }

        if (edit.Seq != Seq + 1)
        {
            throw new InvalidOperationException($"Edit {edit.Seq} arrived after {Seq}: the edits between were missed.");
        }

        Confirmed = edit.Edit.Apply(Confirmed);
        Seq = edit.Seq;
        _pending.RemoveAll(p => p.Id == edit.EditId);
        View = _pending.Aggregate(Confirmed, (d, p) => p.Edit.Apply(d));
        return true;
    }

    /// <summary>Starts again from a confirmed definition (after missing edits); the pending edits stay on top.</summary>
    public void Reset(WorkflowDefinition confirmedDefinition, long confirmedSeq)
    {
        Confirmed = confirmedDefinition;
        Seq = confirmedSeq;
        View = _pending.Aggregate(Confirmed, (d, p) => p.Edit.Apply(d));
    }

    /// <summary>Gives up the pending edits (they could not be sent); the view is the confirmed definition again.</summary>
    public void Drop()
    {
        _pending.Clear();
        View = Confirmed;
    }
}
