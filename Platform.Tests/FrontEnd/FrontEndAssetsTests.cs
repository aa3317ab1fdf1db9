using Platform.Tests.Support;

namespace Platform.Tests.FrontEnd;

public class FrontEndAssetsTests
{
    private const string Banner = "// Built from wwwroot-assets/src/{0}: edit the source, then run npm run build.\n";

    [Theory]
    [InlineData("", "js")]
    [InlineData("worker/", "")]
    public void The_committed_browser_modules_match_their_sources(string sourceFolder, string wwwrootFolder)
    {
        var sources = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "wwwroot-assets", "src", sourceFolder), "*.js");
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var name = Path.GetFileName(source);
            var built = Path.Combine(RepositoryRoot.Path, "Platform.Web", "wwwroot", wwwrootFolder, name);
            Assert.True(File.Exists(built), $"{name} is not built: run npm run build in wwwroot-assets.");
            Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, Banner, sourceFolder + name) + File.ReadAllText(source), File.ReadAllText(built));
        }
    }
}
