using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Tenancy;
using Platform.Core.Workflows;

namespace Platform.Infrastructure.Workflows;

/// <summary>
/// A tenant's workflow: its name, what triggers it and the draft being edited, as JSON of the format in
/// docs/workflows.md. What runs is a <see cref="WorkflowVersion"/>, never the draft.
/// </summary>
public sealed class Workflow : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The draft's trigger type, for lists; empty while the draft has none.</summary>
    public string TriggerType { get; set; } = "";

    public string DraftJson { get; set; } = "";

    /// <summary>The number of the newest published version; 0 before the first.</summary>
    public int LatestVersion { get; set; }

    /// <summary>
    /// What starts the newest published version, as the engine looks it up: <c>bookingEvent:confirmed</c>, <c>bookingTime</c>,
    /// <c>schedule</c>, <c>customerCreated</c>, <c>manual</c>, <c>api</c>; empty before the first version.
    /// </summary>
    public string PublishedTrigger { get; set; } = "";

    /// <summary>Paused: no new instances start (running ones go on), without unpublishing it.</summary>
    public bool IsPaused { get; set; }

    /// <summary>The platform's own default (the booking approval), which the tenant may replace with a workflow of its own.</summary>
    public bool IsBuiltIn { get; set; }

    /// <summary>The secret its webhook steps sign with (Standard Webhooks, <c>whsec_</c>), protected with ASP.NET Core data protection; made on first use.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>bookingTime: bookings whose trigger time is up to here have been started.</summary>
    public DateTimeOffset? ScannedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A published version: the definition exactly as it was published, never changed afterwards; an instance runs on one.</summary>
public sealed class WorkflowVersion : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid WorkflowId { get; init; }

    /// <summary>1 for the first version, then one more each time.</summary>
    public int Number { get; init; }

    public string Json { get; init; } = "";

    public DateTimeOffset PublishedAt { get; init; }

    /// <summary>The user who published it; null for the platform or an integration.</summary>
    public Guid? PublishedBy { get; init; }
}

/// <summary>
/// One change of a workflow's draft, for its activity feed: who made it, when, and what it did in words. The designer
/// stores the edits a save brings in, each as it was made; a draft stored whole (the API, an overwrite) is one change.
/// </summary>
public sealed class WorkflowDraftChange : ITenantOwned
{
    public const int MaxAuthorLength = 200;

    public const int MaxDescriptionLength = 300;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid WorkflowId { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The user who made it; null for an integration (an API key) or the platform.</summary>
    public Guid? AuthorId { get; init; }

    /// <summary>Their name then, so the feed reads the same after they are renamed or gone.</summary>
    public string AuthorName { get; init; } = "";

    public string Description { get; init; } = "";
}

internal sealed class WorkflowDraftChangeConfiguration : IEntityTypeConfiguration<WorkflowDraftChange>
{
    public void Configure(EntityTypeBuilder<WorkflowDraftChange> c)
    {
        c.ToTable("WorkflowDraftChanges");
        c.HasOne<Workflow>().WithMany().HasForeignKey(x => x.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        c.Property(x => x.AuthorName).HasMaxLength(WorkflowDraftChange.MaxAuthorLength);
        c.Property(x => x.Description).HasMaxLength(WorkflowDraftChange.MaxDescriptionLength);
        // The feed reads a workflow's newest changes first.
        c.HasIndex(x => new { x.TenantId, x.WorkflowId, x.At });
    }
}

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>
{
    public void Configure(EntityTypeBuilder<Workflow> w)
    {
        w.ToTable("Workflows");
        w.Property(x => x.Name).HasMaxLength(WorkflowValidator.MaxNameLength);
        w.Property(x => x.Description).HasMaxLength(WorkflowValidator.MaxDescriptionLength);
        w.Property(x => x.TriggerType).HasMaxLength(32);
        w.Property(x => x.PublishedTrigger).HasMaxLength(64);
        w.Property(x => x.WebhookSecret).HasMaxLength(1000);
        w.HasIndex(x => new { x.TenantId, x.Name });
        w.HasIndex(x => new { x.TenantId, x.PublishedTrigger });
    }
}

internal sealed class WorkflowVersionConfiguration : IEntityTypeConfiguration<WorkflowVersion>
{
    public void Configure(EntityTypeBuilder<WorkflowVersion> v)
    {
        v.ToTable("WorkflowVersions");
        v.HasOne<Workflow>().WithMany().HasForeignKey(x => x.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        // Two publishes at once cannot both make version n+1.
        v.HasIndex(x => new { x.TenantId, x.WorkflowId, x.Number }).IsUnique();
    }
}
