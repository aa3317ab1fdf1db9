using System.Net;
using Platform.Core.Features;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>The plan page offers what exists and nothing more: features not built yet are named nowhere on it, even when switched on.</summary>
public sealed class PlanPageTests(PlanPageTests.App app) : IClassFixture<PlanPageTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);

    [Fact]
    public async Task The_plan_page_shows_only_features_that_exist()
    {
        // Globex is on Enterprise: every feature of the list would be "included".
        using var admin = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("app/settings/plan"));

        foreach (var planned in PlatformFeatures.All.Where(f => !f.Exists))
        {
            Assert.DoesNotContain(planned.Title, page, StringComparison.Ordinal);
            Assert.DoesNotContain($"data-feature=\"{planned.Name}\"", page, StringComparison.Ordinal);
        }

        foreach (var offered in PlatformFeatures.Offered)
        {
            Assert.Contains($"data-feature=\"{offered.Name}\"", page, StringComparison.Ordinal);
        }

        Assert.Equal([PlatformFeatures.Branding, PlatformFeatures.CustomDomains, PlatformFeatures.ApiAccess, PlatformFeatures.Reports], PlatformFeatures.Offered.Select(f => f.Name));
        Assert.Contains($"of {PlatformFeatures.Offered.Count} features are on", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_not_built_yet_keep_their_names_for_overrides()
    {
        Assert.True(PlatformFeatures.IsKnown(PlatformFeatures.Workflows));
        Assert.True(PlatformFeatures.IsKnown(PlatformFeatures.DedicatedDatabase));
        Assert.DoesNotContain(PlatformFeatures.Offered, f => f.Name is PlatformFeatures.Workflows or PlatformFeatures.DedicatedDatabase);
    }
}
