using System.Text.RegularExpressions;

namespace Platform.Tests.Architecture;

/// <summary>
/// A feature has one name: the same folder, and a namespace that follows it, in Core, Infrastructure and the tests
/// (Bookings holds the catalog, the calendar and customers; Identity holds accounts, people and API keys; Tenancy
/// holds branding and host operations). Web is arranged by surface instead (App, Portal and Host pages by screen, the
/// API by resource), as docs/architecture.md says.
/// </summary>
public partial class FeatureNameTests
{
    /// <summary>Test folders that are about the whole application rather than one feature.</summary>
    private static readonly string[] CrossCuttingTestFolders = ["Api", "Architecture", "CrossCutting", "FrontEnd", "Layout", "Support"];

    /// <summary>Core folders that every feature shares.</summary>
    private static readonly string[] SharedCoreFolders = ["Common", "Errors"];

    [Fact]
    public void Every_test_folder_is_named_after_a_feature_of_Infrastructure_or_is_cross_cutting()
    {
        var features = TopFolders("Platform.Infrastructure");
        var strays = TopFolders("Platform.Tests").Where(f => !features.Contains(f) && !CrossCuttingTestFolders.Contains(f)).ToList();
        Assert.True(strays.Count == 0, "Test folders with no feature of that name: " + string.Join(", ", strays));
    }

    [Fact]
    public void Every_Core_folder_is_named_after_a_feature_of_Infrastructure_or_is_shared()
    {
        var features = TopFolders("Platform.Infrastructure");
        var strays = TopFolders("Platform.Core").Where(f => !features.Contains(f) && !SharedCoreFolders.Contains(f)).ToList();
        Assert.True(strays.Count == 0, "Core folders with no feature of that name: " + string.Join(", ", strays));
    }

    [Theory]
    [InlineData("Platform.Core")]
    [InlineData("Platform.Infrastructure")]
    [InlineData("Platform.Tests")]
    public void A_namespace_follows_its_folder(string project)
    {
        var root = SolutionRoot();
        var wrong = Sources(Path.Combine(root, project))
            .Select(f => (File: f, Namespace: NamespaceLine().Match(File.ReadAllText(f)) is { Success: true } m ? m.Groups[1].Value : null))
            .Where(x => x.Namespace is not null)
            .Where(x => x.Namespace != Path.GetRelativePath(root, Path.GetDirectoryName(x.File)!).Replace(Path.DirectorySeparatorChar, '.'))
            .Select(x => $"{Path.GetRelativePath(root, x.File)} ({x.Namespace})")
            .ToList();
        Assert.True(wrong.Count == 0, "Namespaces that do not follow their folder: " + string.Join(", ", wrong));
    }

    private static List<string> TopFolders(string project) =>
        Directory.EnumerateDirectories(Path.Combine(SolutionRoot(), project))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name is not ("bin" or "obj"))
            .Where(name => Sources(Path.Combine(SolutionRoot(), project, name)).Any())
            .ToList();

    private static IEnumerable<string> Sources(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string SolutionRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test output.");
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
