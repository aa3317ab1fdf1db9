using Platform.Tests.Support;

namespace Platform.Tests.FrontEnd;

/// <summary>
/// The bundles committed under Platform.Web/wwwroot are what esbuild makes of wwwroot-assets today (ADR 0019):
/// the sources are built again into a temporary folder with the locked esbuild and compared byte for byte.
/// </summary>
public class FrontEndAssetsTests
{
    private static string Wwwroot => Path.Combine(RepositoryRoot.Path, "Platform.Web", "wwwroot");

    [Fact]
    public async Task The_committed_bundles_are_what_the_sources_build_to()
    {
        var built = await FrontEndBuild.BuildIntoTemporaryFolderAsync();
        try
        {
            var outputs = Outputs(built);
            Assert.Contains(Path.Combine("js", "passkeys.js"), outputs);
            Assert.Contains("push-sw.js", outputs);
            foreach (var output in outputs)
            {
                var committed = Path.Combine(Wwwroot, output);
                Assert.True(File.Exists(committed), $"{output} is not built: run npm ci && npm run build in wwwroot-assets.");
                Assert.True(
                    File.ReadAllText(Path.Combine(built, output)) == File.ReadAllText(committed),
                    $"{output} is stale: run npm run build in wwwroot-assets and commit Platform.Web/wwwroot.");
            }

            var orphans = Outputs(Wwwroot).Except(outputs).ToList();
            Assert.True(orphans.Count == 0, $"No source builds {string.Join(", ", orphans)}: delete it, or restore its source.");
        }
        finally
        {
            Directory.Delete(built, recursive: true);
        }
    }

    /// <summary>The scripts of a wwwroot-like folder: js/*.js and the service workers (*.js) at its top.</summary>
    private static List<string> Outputs(string root) =>
        Directory.GetFiles(Path.Combine(root, "js"), "*.js").Concat(Directory.GetFiles(root, "*.js"))
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();
}

/// <summary>Every typed interop wrapper of Platform.Web/Interop imports a module the build makes.</summary>
public class InteropModulesTests
{
    [Fact]
    public void Every_wrapper_imports_a_built_module()
    {
        var wrappers = typeof(Platform.Web.Interop.JsModule).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Platform.Web.Interop.JsModule)) && !t.IsAbstract)
            .ToList();
        Assert.NotEmpty(wrappers);
        foreach (var wrapper in wrappers)
        {
            var module = (Platform.Web.Interop.JsModule)Activator.CreateInstance(wrapper, [null, null])!;
            var built = Path.Combine(RepositoryRoot.Path, "Platform.Web", "wwwroot", module.Path);
            Assert.True(File.Exists(built), $"{wrapper.Name} imports {module.Path}, which wwwroot-assets does not build.");
            Assert.True(File.Exists(Path.Combine(FrontEndBuild.Folder, "src", Path.GetFileName(module.Path))), $"{module.Path} has no source in wwwroot-assets/src.");
        }
    }
}
