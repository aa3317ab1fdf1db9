using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Platform.Core.Workflows;

/// <summary>Where a token stands.</summary>
public enum WorkflowTokenStatus
{
    /// <summary>About to run its step (after <see cref="WorkflowToken.DueAt"/>, when a failed attempt waits for its retry).</summary>
    Ready,

    /// <summary>Waiting at a delay (until <see cref="WorkflowToken.DueAt"/>) or an approval (for <see cref="WorkflowToken.TaskId"/>).</summary>
    Waiting,

    /// <summary>Its step reaches outside (a webhook, a booking change) and one node has claimed it until <see cref="WorkflowToken.ClaimedUntil"/>.</summary>
    Running,

    /// <summary>Arrived at a join, waiting for the fork's other branches.</summary>
    Joined,
}

/// <summary>
/// One place an instance is at: a step, and the parallel branches it is on (<see cref="Path"/>). An instance has one token
/// until a fork makes one per branch; a join turns the branches' tokens back into one. Tokens are the instance's
/// bookmarks: a waiting token says what it waits for.
/// </summary>
public sealed class WorkflowToken
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public string StepId { get; set; } = "";

    /// <summary>The forks this token is inside, outermost first: <c>activation.branch</c> separated by <c>/</c>, e.g. <c>1.first</c>.</summary>
    public string Path { get; set; } = "";

    public WorkflowTokenStatus Status { get; set; }

    /// <summary>Waiting at a delay: when it goes on. Ready after a failed attempt: not before.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Failed attempts at the current step.</summary>
    public int Attempts { get; set; }

    /// <summary>The last failure at the current step.</summary>
    public string? Error { get; set; }

    /// <summary>Waiting at an approval: its task.</summary>
    public Guid? TaskId { get; set; }

    /// <summary>Running: until when the claiming node owns the call; after it, the call counts as failed and is tried again.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>The innermost fork activation this token is inside, or null outside any fork.</summary>
    [JsonIgnore]
    public int? Activation => Path.Length == 0 ? null : int.Parse(Path[(Path.LastIndexOf('/') + 1)..].Split('.', 2)[0], CultureInfo.InvariantCulture);

    /// <summary>The path one fork level out.</summary>
    [JsonIgnore]
    public string OuterPath => Path.LastIndexOf('/') is var slash and >= 0 ? Path[..slash] : "";

    public bool IsInside(int activation) => Path.Split('/').Any(frame => frame.StartsWith($"{activation.ToString(CultureInfo.InvariantCulture)}.", StringComparison.Ordinal));
}

/// <summary>
/// What an instance carries between steps, stored as JSON with the instance: its tokens, its variables, the outputs of
/// the steps it ran (for expressions, as <c>[step.field]</c>), the forks it is inside and how many steps it ran.
/// </summary>
public sealed class WorkflowState
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public List<WorkflowToken> Tokens { get; init; } = [];

    /// <summary>Variables by name, as <see cref="WorkflowValues"/> stores them.</summary>
    public Dictionary<string, JsonNode?> Variables { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Step outputs by <c>step.field</c>.</summary>
    public Dictionary<string, JsonNode?> Outputs { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Fork activations not joined yet: their number and the fork step's id.</summary>
    public Dictionary<int, string> Forks { get; init; } = [];

    /// <summary>The number of the last fork activation.</summary>
    public int LastActivation { get; set; }

    /// <summary>Steps run so far, for loop protection.</summary>
    public int Steps { get; set; }

    public string Write() => JsonSerializer.Serialize(this, Json);

    public static WorkflowState Read(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new WorkflowState() : JsonSerializer.Deserialize<WorkflowState>(json, Json) ?? new WorkflowState();
}

/// <summary>
/// Values of expressions as JSON: text, yes/no and numbers as themselves (numbers read back as decimals), a time as
/// <c>{"time": "2026-12-06T10:00:00+00:00"}</c>, so that a variable holding a time is still a time in the next step.
/// </summary>
public static class WorkflowValues
{
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create((decimal)i),
        long l => JsonValue.Create((decimal)l),
        decimal d => JsonValue.Create(d),
        double d when double.IsFinite(d) => JsonValue.Create((decimal)d),
        DateTimeOffset t => new JsonObject { ["time"] = t.ToString("O", CultureInfo.InvariantCulture) },
        DateTime t => new JsonObject { ["time"] = new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture) },
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o when o["time"] is JsonValue t && DateTimeOffset.TryParse(t.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) => time,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>(),
        _ => node.ToJsonString(),
    };

    /// <summary>A value as people read it in the timeline and as a switch compares it with its cases.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
