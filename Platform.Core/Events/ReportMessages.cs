namespace Platform.Core.Events;

/// <summary>An export of a report was asked for: generate its file in the background.</summary>
[MessageType("report.export")]
public sealed record ReportExportRequested(Guid TenantId, Guid ExportId) : IOutboxMessage;

/// <summary>A scheduled report fell due at <see cref="DueAt"/>: run it and send it.</summary>
[MessageType("report.schedule_due")]
public sealed record ReportScheduleDue(Guid TenantId, Guid ScheduleId, DateTimeOffset DueAt) : IOutboxMessage;
