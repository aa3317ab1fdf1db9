using NetArchTest.Rules;

namespace Platform.Tests.Architecture;

public class LayeringTests
{
    private static readonly System.Reflection.Assembly Core = typeof(Platform.Core.Tenancy.Tenant).Assembly;
    private static readonly System.Reflection.Assembly Infrastructure = typeof(Platform.Infrastructure.Data.PlatformDbContext).Assembly;

    [Fact]
    public void Core_references_neither_EF_Core_nor_ASP_NET_Core()
    {
        var result = Types.InAssembly(Core).ShouldNot()
            .HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions.DependencyInjection")
            .GetResult();

        Assert.True(result.IsSuccessful, "Core depends on: " + string.Join(", ", result.FailingTypeNames ?? []));
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                                                                 || a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Core_and_Infrastructure_do_not_reference_Web()
    {
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name is "Platform.Web" or "Platform.Infrastructure");
        Assert.DoesNotContain(Infrastructure.GetReferencedAssemblies(), a => a.Name == "Platform.Web");
        var result = Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn("Platform.Web").GetResult();
        Assert.True(result.IsSuccessful);
    }
}
