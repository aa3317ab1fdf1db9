using System.Globalization;
using System.Net;
using Platform.Tests.Support;

namespace Platform.Tests.CrossCutting;

/// <summary>
/// GET /_bench/heap (scripts/bench-circuits.sh reads the managed heap through it) exists only when the configuration
/// switches it on: an app started with its default settings answers 404.
/// </summary>
public class BenchmarkHeapEndpointTests(BenchmarkHeapEndpointTests.Off off, BenchmarkHeapEndpointTests.On on)
    : IClassFixture<BenchmarkHeapEndpointTests.Off>, IClassFixture<BenchmarkHeapEndpointTests.On>
{
    public sealed class Off() : PlatformAppFactory(TestDatabase.Sqlite);

    public sealed class On() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Benchmarks:HeapEndpoint"] = "true" };
    }

    [Theory]
    [InlineData("http://localhost/")]
    [InlineData("http://acme.localhost/")]
    public async Task Without_the_setting_there_is_no_heap_endpoint(string address)
    {
        using var client = off.CreateClientFor(address);

        var response = await client.GetAsync("_bench/heap");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task With_the_setting_it_answers_the_managed_heap_in_bytes()
    {
        using var client = on.CreateClientFor("http://localhost/");

        var response = await client.GetAsync("_bench/heap");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(long.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture) > 0);
    }
}
