using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Platform.Core.Bookings;
using Platform.Core.Events;
using Platform.Core.Reporting;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Events;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Reporting;
using Platform.Infrastructure.Security;
using Platform.Infrastructure.Tenancy;
using Platform.Infrastructure.Workflows;

namespace Platform.Infrastructure.Data;

/// <summary>
/// The one model of the platform. Every <see cref="ITenantOwned"/> entity (and every user) is
/// filtered to the current tenant by the named query filter <see cref="TenantFilter"/>; inserts are
/// stamped with the current tenant and a write to another tenant's row throws.
/// Each database provider has a subclass so that each keeps its own migrations.
/// </summary>
public abstract class PlatformDbContext(DbContextOptions options, ITenantContext tenantContext)
    : IdentityDbContext<PlatformUser, PlatformRole, Guid>(options)
{
    public const string TenantFilter = "Tenant";

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<TenantDomain> TenantDomains => Set<TenantDomain>();

    public DbSet<TenantFeatureOverride> TenantFeatureOverrides => Set<TenantFeatureOverride>();

    public DbSet<TenantLogo> TenantLogos => Set<TenantLogo>();

    public DbSet<StaffInvitation> StaffInvitations => Set<StaffInvitation>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Service> Services => Set<Service>();

    public DbSet<ServiceOffering> ServiceOfferings => Set<ServiceOffering>();

    public DbSet<Provider> Providers => Set<Provider>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Booking> Bookings => Set<Booking>();

    public DbSet<BookingChange> BookingChanges => Set<BookingChange>();

    public DbSet<BookingRollup> BookingRollups => Set<BookingRollup>();

    public DbSet<RollupDay> RollupDays => Set<RollupDay>();

    public DbSet<RollupState> RollupStates => Set<RollupState>();

    public DbSet<SavedReport> SavedReports => Set<SavedReport>();

    public DbSet<ReportExport> ReportExports => Set<ReportExport>();

    public DbSet<ReportSchedule> ReportSchedules => Set<ReportSchedule>();

    public DbSet<ReportScheduleRun> ReportScheduleRuns => Set<ReportScheduleRun>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>Set when a save wrote outbox rows; the <see cref="OutboxCommitInterceptor"/> signals the dispatcher once they commit.</summary>
    internal bool WroteOutboxMessages { get; set; }
    public DbSet<MfaState> MfaStates => Set<MfaState>();

    public DbSet<BackupCode> BackupCodes => Set<BackupCode>();

    public DbSet<SmsCode> SmsCodes => Set<SmsCode>();

    public DbSet<TenantSecurityPolicy> TenantSecurityPolicies => Set<TenantSecurityPolicy>();

    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    public DbSet<Workflow> Workflows => Set<Workflow>();

    public DbSet<WorkflowVersion> WorkflowVersions => Set<WorkflowVersion>();

    public DbSet<WorkflowDraftChange> WorkflowDraftChanges => Set<WorkflowDraftChange>();

    public DbSet<WorkflowInstance> WorkflowInstances => Set<WorkflowInstance>();

    public DbSet<WorkflowStepRecord> WorkflowStepRecords => Set<WorkflowStepRecord>();

    public DbSet<WorkflowTask> WorkflowTasks => Set<WorkflowTask>();

    /// <summary>Read by the query filters on every query, so a context always sees its own tenant only.</summary>
    public Guid? CurrentTenantId => tenantContext.TenantId;

    protected override Version SchemaVersion => IdentitySchemaVersions.Version3;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Each feature maps its entities in IEntityTypeConfiguration classes in its own folder (Bookings/BookingModel.cs,
        // Notifications/NotificationModel.cs, ...), after Identity's model above.
        builder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);
        OutboxModel.Configure(builder);

        // Users are filtered like tenant-owned rows, with a null tenant on the host side.
        builder.Entity<PlatformUser>().HasQueryFilter(TenantFilter, u => u.TenantId == CurrentTenantId);

        ApplyTenantFilters(builder);
        UseClientGeneratedKeys(builder);
        MapTimestamps(builder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenantWrites();
        WriteRecordedEvents();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenantWrites();
        WriteRecordedEvents();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Turns the events that tracked entities recorded into outbox rows of this save, so an event is
    /// stored exactly when its change is (same transaction). Runs after the tenant guard stamped new rows.
    /// </summary>
    private void WriteRecordedEvents()
    {
        var recorded = ChangeTracker.Entries().Select(e => e.Entity).OfType<IRecordsEvents>().SelectMany(e => e.TakeEvents()).ToList();
        foreach (var domainEvent in recorded)
        {
            OutboxMessages.Add(Outbox.Row(domainEvent, domainEvent.OccurredAt));
        }

        // A new customer is news however it was made (portal sign-up, a guest's first booking, staff, an import).
        foreach (var customer in ChangeTracker.Entries<Customer>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList())
        {
            var at = customer.CreatedAt == default ? DateTimeOffset.UtcNow : customer.CreatedAt;
            OutboxMessages.Add(Outbox.Row(new CustomerCreated(customer.TenantId, at, customer.Id), at));
        }

        foreach (var entry in ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added))
        {
            if (CurrentTenantId is { } current && entry.Entity.TenantId != current)
            {
                throw new TenantMismatchException("Refused to enqueue a message of another tenant.");
            }

            WroteOutboxMessages = true;
        }
    }

    /// <summary>Whether this provider stores DateTimeOffset natively; SQLite does not and gets a converter.</summary>
    protected virtual bool NeedsDateTimeOffsetConversion => false;

    private void ApplyTenantFilters(ModelBuilder builder)
    {
        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            if (typeof(IUserTenantOwned).IsAssignableFrom(entityType.ClrType) && entityType.BaseType is null)
            {
                // Like users: e.TenantId == this.CurrentTenantId, both null on the host side.
                var row = Expression.Parameter(entityType.ClrType, "e");
                var rowTenant = Expression.Property(row, nameof(IUserTenantOwned.TenantId));
                var scopeTenant = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
                builder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter, Expression.Lambda(Expression.Equal(rowTenant, scopeTenant), row));
                continue;
            }

            if (!typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) || entityType.BaseType is not null)
            {
                continue;
            }

            // e => e.TenantId == this.CurrentTenantId, parameterised per context instance.
            var entity = Expression.Parameter(entityType.ClrType, "e");
            var tenantId = Expression.Convert(Expression.Property(entity, nameof(ITenantOwned.TenantId)), typeof(Guid?));
            var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
            var filter = Expression.Lambda(Expression.Equal(tenantId, current), entity);
            builder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter, filter);
            builder.Entity(entityType.ClrType).HasIndex(nameof(ITenantOwned.TenantId));
        }
    }

    /// <summary>
    /// Ids are made in code (Guid v7) before an entity is saved. Telling EF so lets it insert a new child
    /// found through a tracked parent's collection (a booking's history entry) instead of updating it.
    /// </summary>
    private static void UseClientGeneratedKeys(ModelBuilder builder)
    {
        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            if (entityType.FindPrimaryKey()?.Properties is [var key] && key.ClrType == typeof(Guid))
            {
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    private void MapTimestamps(ModelBuilder builder)
    {
        if (!NeedsDateTimeOffsetConversion)
        {
            return;
        }

        // SQLite cannot order or compare DateTimeOffset: store UTC ticks, exact and sortable whatever offset was given.
        var utcTicks = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
            v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
        {
            if (property.ClrType == typeof(DateTimeOffset) || property.ClrType == typeof(DateTimeOffset?))
            {
                property.SetValueConverter(utcTicks);
            }
        }
    }

    private void GuardTenantWrites()
    {
        var current = CurrentTenantId;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is IAppendOnly && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} is append-only: it cannot be changed or deleted.");
            }

            switch (entry.Entity)
            {
                case ITenantOwned:
                    GuardRequiredTenant(entry, current);
                    break;
                case PlatformUser or IUserTenantOwned:
                    GuardUserTenant(entry, current);
                    break;
            }
        }
    }

    private static void GuardRequiredTenant(EntityEntry entry, Guid? current)
    {
        var property = entry.Property(nameof(ITenantOwned.TenantId));
        var type = entry.Metadata.ClrType.Name;
        if (entry.State == EntityState.Added)
        {
            if (current is null)
            {
                throw new TenantMismatchException($"A {type} belongs to a tenant, but this scope works for none.");
            }

            var value = (Guid)property.CurrentValue!;
            if (value == Guid.Empty)
            {
                property.CurrentValue = current.Value;
            }
            else if (value != current)
            {
                throw new TenantMismatchException($"Refused to insert a {type} of another tenant.");
            }
        }
        else if (entry.State is EntityState.Modified or EntityState.Deleted)
        {
            if ((Guid?)property.OriginalValue != current || (Guid?)property.CurrentValue != current)
            {
                throw new TenantMismatchException($"Refused to change a {type} of another tenant.");
            }
        }
    }

    private static void GuardUserTenant(EntityEntry entry, Guid? current)
    {
        var property = entry.Property(nameof(IUserTenantOwned.TenantId));
        var type = entry.Metadata.ClrType.Name;
        if (entry.State == EntityState.Added)
        {
            var value = (Guid?)property.CurrentValue;
            if (value is null && current is not null)
            {
                property.CurrentValue = current;
            }
            else if (value != current)
            {
                throw new TenantMismatchException($"Refused to create a {type} of another tenant.");
            }
        }
        else if (entry.State is EntityState.Modified or EntityState.Deleted)
        {
            if ((Guid?)property.OriginalValue != current || (Guid?)property.CurrentValue != current)
            {
                throw new TenantMismatchException($"Refused to change a {type} of another tenant.");
            }
        }
    }
}
