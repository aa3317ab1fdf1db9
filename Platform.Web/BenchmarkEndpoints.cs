using System.Globalization;

namespace Platform.Web;

/// <summary>
/// Measuring aids for scripts/bench-circuits.sh, mapped only when the configuration says
/// <c>Benchmarks:HeapEndpoint=true</c> (never by default): <c>GET /_bench/heap</c> forces two full, compacting
/// collections and answers the managed heap's size in bytes as text, as the template it is compared with does.
/// </summary>
public static class BenchmarkEndpoints
{
    public static void MapBenchmarkEndpoints(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Benchmarks:HeapEndpoint"))
        {
            return;
        }

        app.MapGet("/_bench/heap", () =>
        {
            for (var i = 0; i < 2; i++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            return Results.Text(GC.GetTotalMemory(forceFullCollection: true).ToString(CultureInfo.InvariantCulture));
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
