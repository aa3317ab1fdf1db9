namespace Platform.Core.Events;

/// <summary>An export of a report was asked for: generate its file in the background.</summary>
[MessageType("report.export")]
public sealed record ReportExportRequested(Guid TenantId, Guid ExportId) : IOutboxMessage;
