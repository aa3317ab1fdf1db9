using System.Globalization;
using MudBlazor;
using Platform.Core.Workflows;

namespace Platform.Web.Components.Pages.App.Workflows.Designer;

/// <summary>A step type as the palette and the canvas show it: its name, what it does and its icon.</summary>
public sealed record StepKind(string Type, string Label, string Hint, string Icon);

/// <summary>
/// How the designer draws a draft: every step a box of the layout's size at its place, its ports spread along its bottom
/// edge, and each edge a curve from its port down into the top of its target. js/designer.js redraws edges during a drag
/// with the same formula (<see cref="Edge"/>), so a dropped step's edges do not jump when the server's render arrives.
/// </summary>
public static class WorkflowCanvas
{
    public const double Width = WorkflowLayout.NodeWidth;
    public const double Height = WorkflowLayout.NodeHeight;

    /// <summary>Every step type of the engine, in the order the palette lists them.</summary>
    public static readonly IReadOnlyList<StepKind> Kinds =
    [
        new(WorkflowStepTypes.Approval, "Approval", "A person approves or rejects", Icons.Material.Outlined.HowToReg),
        new(WorkflowStepTypes.Condition, "Condition", "Goes one of two ways by an expression", Icons.Material.Outlined.CallSplit),
        new(WorkflowStepTypes.Switch, "Switch", "Goes the way of the value that matches", Icons.Material.Outlined.AltRoute),
        new(WorkflowStepTypes.Fork, "Parallel branches", "Runs several branches at once", Icons.Material.Outlined.ForkRight),
        new(WorkflowStepTypes.Join, "Join", "Waits for the branches of a fork", Icons.Material.Outlined.MergeType),
        new(WorkflowStepTypes.SendEmail, "Send e-mail", "A template to the customer or provider", Icons.Material.Outlined.Email),
        new(WorkflowStepTypes.SendSms, "Send text message", "A template by SMS", Icons.Material.Outlined.Sms),
        new(WorkflowStepTypes.Notify, "Notify staff", "A message in the bell of a role", Icons.Material.Outlined.NotificationsActive),
        new(WorkflowStepTypes.Webhook, "Webhook", "Posts the run's data to an address", Icons.Material.Outlined.Webhook),
        new(WorkflowStepTypes.Delay, "Wait", "For a while, or until a time", Icons.Material.Outlined.HourglassEmpty),
        new(WorkflowStepTypes.ChangeBooking, "Change the booking", "Confirm, reject or cancel it", Icons.Material.Outlined.EditCalendar),
        new(WorkflowStepTypes.SetVariable, "Set a variable", "Keeps a value for later steps", Icons.Material.Outlined.DataObject),
        new(WorkflowStepTypes.End, "End", "The run ends here", Icons.Material.Outlined.StopCircle),
    ];

    private static readonly Dictionary<string, StepKind> ByType = Kinds.ToDictionary(k => k.Type, StringComparer.Ordinal);

    /// <summary>The kind of a step type; an unknown type (from an imported document) shows as itself.</summary>
    public static StepKind KindOf(string type) =>
        ByType.TryGetValue(type, out var kind) ? kind : new(type, type, "Not a step type of this version", Icons.Material.Outlined.HelpOutline);

    /// <summary>Where a port sits on the bottom edge of its step, from the step's left.</summary>
    public static double PortX(WorkflowStep step, string port)
    {
        var ports = WorkflowStepTypes.PortsOf(step);
        var index = Math.Max(0, ports.ToList().IndexOf(port));
        return Width * (index + 1) / (ports.Count + 1);
    }

    /// <summary>The path of an edge from its port's point into the top middle of its target; the same curve as designer.js's.</summary>
    public static string Edge(WorkflowPosition from, WorkflowStep fromStep, string port, WorkflowPosition to)
    {
        var sx = from.X + PortX(fromStep, port);
        var sy = from.Y + Height;
        var tx = to.X + (Width / 2);
        var ty = to.Y;
        var bend = Math.Max(40, Math.Abs(ty - sy) / 2);
        return $"M{N(sx)},{N(sy)} C{N(sx)},{N(sy + bend)} {N(tx)},{N(ty - bend)} {N(tx)},{N(ty)}";
    }

    /// <summary>A number as SVG and the module write it: invariant, at most one decimal.</summary>
    public static string N(double value) => (Math.Floor((value * 10) + 0.5) / 10).ToString("0.#", CultureInfo.InvariantCulture);
}
