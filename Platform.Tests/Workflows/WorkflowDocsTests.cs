using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Core.Workflows;
using Platform.Infrastructure.Workflows;

namespace Platform.Tests.Workflows;

/// <summary>
/// docs/workflows.md and docs/workflow.schema.json say what the code does: every example document on the page reads
/// and would publish with the catalog a tenant starts with, and the schema names exactly the step and trigger types
/// of the model.
/// </summary>
public sealed partial class WorkflowDocsTests
{
    private static string Docs(string file)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln")))
        {
            root = root.Parent;
        }

        return File.ReadAllText(Path.Combine(root?.FullName ?? throw new InvalidOperationException("Platform.sln not found."), "docs", file));
    }

    public static TheoryData<string> Examples()
    {
        var examples = new TheoryData<string>();
        foreach (Match block in JsonBlock().Matches(Docs("workflows.md")))
        {
            examples.Add(block.Groups["json"].Value);
        }

        return examples;
    }

    [Fact]
    public void The_page_has_the_examples_of_the_issue() => Assert.True(Examples().Count >= 5);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_reads_and_would_publish(string json)
    {
        Assert.True(WorkflowJson.TryRead(json, out var definition, out var field, out var error), $"{field}: {error}");
        var problems = WorkflowValidator.Validate(definition, WorkflowDefinitions.CatalogOf([]), new WorkflowExpressions());
        Assert.True(problems.Count == 0, $"{definition.Name}: " + string.Join("; ", problems.Select(p => $"{p.Field} {p.Code} {p.Message}")));
    }

    [Fact]
    public void The_schema_names_every_step_and_trigger_type_of_the_model()
    {
        using var schema = JsonDocument.Parse(Docs("workflow.schema.json"));
        var defs = schema.RootElement.GetProperty("$defs");
        var steps = defs.GetProperty("step").GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
        var triggers = defs.GetProperty("trigger").GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
        var events = defs.GetProperty("trigger").GetProperty("properties").GetProperty("event").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
        Assert.Equal(WorkflowStepTypes.All.Order(), steps.Order());
        Assert.Equal(WorkflowTriggerTypes.All.Order(), triggers.Order());
        Assert.Equal(WorkflowTriggerTypes.BookingEvents.Order(), events.Order());
        Assert.Equal(WorkflowDefinition.SchemaUri, schema.RootElement.GetProperty("$id").GetString());

        // Every setting of a step the model reads is a property of the schema, and no other.
        var properties = defs.GetProperty("step").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        var model = typeof(WorkflowStep).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
        Assert.Equal(model.Order(), properties.Order());
    }

    [GeneratedRegex("```json\\n(?<json>.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
