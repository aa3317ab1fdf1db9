using System.ComponentModel.DataAnnotations;

namespace Platform.Infrastructure.Events;

/// <summary>How the outbox dispatcher polls, leases and retries (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Whether this node runs a dispatcher (every node may; leases keep each message to one).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often to look for messages written by other nodes or due for a retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a claim lasts without renewal; after that another dispatcher may take the message over. The dispatcher renews the
    /// claims it holds every <see cref="LeaseRenewal"/> while it works, so this is about how long a dead node's messages wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a working dispatcher renews the leases of the messages it holds; shorter than <see cref="Lease"/>. Zero turns renewal off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan LeaseRenewal { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// This node's stable name in claims, so a restarted node takes back at once what it held when it died. It must differ between
    /// nodes that run at the same time; empty: a name kept in a file of <see cref="NodeFolder"/> that one process at a time holds.
    /// </summary>
    [MaxLength(OutboxNode.MaxNameLength)]
    public string? NodeName { get; set; }

    /// <summary>Where a node without <see cref="NodeName"/> keeps its name (files <c>outbox-node-*.id</c>).</summary>
    public string NodeFolder { get; set; } = "App_Data";

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// How many messages of a batch the dispatcher handles at once, so one slow handler (a webhook that takes its time) does not
    /// hold up the rest; the messages of one subject (<see cref="Core.Events.ISequencedMessage"/>) still go one after another.
    /// </summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>Attempts before a message is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure; it doubles with each further failure up to <see cref="MaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a delivered message stays in the table (for looking into what happened) before the clean-up deletes it.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan RetainDeliveredFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often this node deletes delivered messages older than <see cref="RetainDeliveredFor"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so a large backlog never holds one long transaction.</summary>
    [Range(1, 100_000)]
    public int CleanupBatchSize { get; set; } = 1000;

    /// <summary>The wait before attempt number <paramref name="failures"/> + 1.</summary>
    public TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * (1L << Math.Clamp(failures - 1, 0, 30))));
}
