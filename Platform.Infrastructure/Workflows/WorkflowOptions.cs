using System.ComponentModel.DataAnnotations;
using Platform.Core.Workflows;

namespace Platform.Infrastructure.Workflows;

/// <summary>How the workflow engine runs instances (section <c>Workflows</c>).</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>Attempts of a failing step before its instance is faulted.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after a step's first failure; it doubles after each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Steps one instance may run in all, so a loop through a wait cannot run for ever.</summary>
    [Range(10, 100_000)]
    public int MaxSteps { get; set; } = 1000;

    /// <summary>How long one webhook call may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether webhooks may reach loopback and private addresses (tests and on-premises set-ups); off, they are refused.</summary>
    public bool AllowPrivateWebhookAddresses { get; set; }

    /// <summary>How often each node looks for bookings whose time starts a bookingTime workflow.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ClockInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long ended (completed, cancelled, faulted) instances and their timelines are kept.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan RetainEndedFor { get; set; } = TimeSpan.FromDays(90);

    public WorkflowRunLimits Limits => new()
    {
        MaxAttempts = MaxAttempts,
        RetryDelay = RetryDelay,
        MaxSteps = MaxSteps,
        OutsideLease = WebhookTimeout * 2 + TimeSpan.FromSeconds(30),
    };
}
