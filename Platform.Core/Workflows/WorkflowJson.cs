using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Core.Workflows;

/// <summary>
/// The JSON form of a definition (ADR 0028): System.Text.Json, camelCase, settings a step does not use left out,
/// unknown properties refused so a misspelt setting is reported instead of ignored.
/// </summary>
public static class WorkflowJson
{
    /// <summary>The largest definition read or stored, in characters of JSON.</summary>
    public const int MaxLength = 256 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
        WriteIndented = true,
    };

    public static string Write(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, Options);

    /// <summary>The field a problem of the whole document is reported under.</summary>
    public const string BodyField = "body";

    /// <summary>
    /// The definition in <paramref name="json"/>, or why it cannot be read: the line and position of the fault, and
    /// the field it concerns as a JSON path without its "$." (<see cref="BodyField"/> for the document as a whole).
    /// </summary>
    public static bool TryRead(string? json, out WorkflowDefinition definition, out string field, out string? error)
    {
        definition = new WorkflowDefinition();
        field = BodyField;
        error = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            error = "The definition is empty; send a JSON object.";
            return false;
        }

        if (json.Length > MaxLength)
        {
            error = $"The definition is {json.Length} characters long; at most {MaxLength} are read.";
            return false;
        }

        try
        {
            // A byte order mark some editors write is not part of the document.
            if (JsonSerializer.Deserialize<WorkflowDefinition>(json.TrimStart('\uFEFF'), Options) is not { } read)
            {
                error = "The definition is null; send a JSON object.";
                return false;
            }

            definition = read;
            return true;
        }
        catch (JsonException e)
        {
            field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : BodyField;
            error = e.LineNumber is { } line
                ? $"The definition is not valid JSON of the workflow format at line {line + 1}, position {e.BytePositionInLine + 1} ({e.Path}): {e.Message.Split(" Path:", 2)[0]}"
                : $"The definition is not valid JSON of the workflow format: {e.Message}";
            return false;
        }
    }
}
