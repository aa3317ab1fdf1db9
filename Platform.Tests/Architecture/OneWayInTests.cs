using NetArchTest.Rules;

namespace Platform.Tests.Architecture;

/// <summary>
/// Web reaches data one way: through use cases and readers from DI (ADR 0020). It never touches the context, its
/// factory or the tenant scope factory, and it never builds an actor of its own.
/// </summary>
public class OneWayInTests
{
    private static readonly System.Reflection.Assembly Web = typeof(Platform.Web.PlatformWebSetup).Assembly;

    public static TheoryData<string> Forbidden() =>
    [
        "Platform.Infrastructure.Data.PlatformDbContext",
        "Microsoft.EntityFrameworkCore.IDbContextFactory`1",
        "Microsoft.EntityFrameworkCore.DbContext",
        "Platform.Infrastructure.Tenancy.TenantScopeFactory",
    ];

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Web_does_not_reach_data_around_the_use_cases(string type)
    {
        var result = Types.InAssembly(Web).ShouldNot().HaveDependencyOn(type).GetResult();
        Assert.True(result.IsSuccessful, $"Web types that depend on {type}: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Only_the_access_folder_of_Web_sets_an_actor()
    {
        var result = Types.InAssembly(Web).That().DoNotResideInNamespace("Platform.Web.Access")
            .ShouldNot().HaveDependencyOn("Platform.Infrastructure.Access.ActorContext").GetResult();
        Assert.True(result.IsSuccessful, "Web types that set an actor: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Web_reads_the_clock_through_TimeProvider()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var sources = Directory.EnumerateFiles(Path.Combine(root.FullName, "Platform.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(sources);
        var readers = sources.Where(f => System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(f), @"\bDateTime(Offset)?\.(UtcNow|Now)\b"))
            .Select(f => Path.GetRelativePath(root.FullName, f)).ToList();
        Assert.True(readers.Count == 0, "Read the clock through TimeProvider in: " + string.Join(", ", readers));
    }
}
