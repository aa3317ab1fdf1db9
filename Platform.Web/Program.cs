using Platform.Infrastructure;
using Platform.Infrastructure.Reporting;
using Platform.Infrastructure.Seeding;
using Platform.Web;
using Platform.Web.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddPlatformLogging();
builder.Services.AddPlatformInfrastructure(builder.Configuration);
builder.Services.AddPlatformWeb(builder.Configuration, builder.Environment);

var app = builder.Build();

app.UsePlatformPipeline();
app.MapPlatformEndpoints<App>();

var seedDemo = app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Seed:Demo");
var seedDemoBookings = seedDemo && (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Seed:DemoBookings"));
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo, seedDemoBookings);

// `dotnet run --project Platform.Web -- rebuild-rollups [slug ...]`: computes the insights' rollups of the tenants (all
// when none is named) again from their bookings, says how long each took, and stops (ADR 0040).
if (args is ["rebuild-rollups", .. var slugs])
{
    try
    {
        foreach (var (slug, took) in await RollupKeeper.RebuildAsync(app.Services, slugs, CancellationToken.None))
        {
            Console.WriteLine($"Rollups of {slug} rebuilt in {took.TotalSeconds:0.0} s.");
        }
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        Environment.ExitCode = 2;
    }

    return;
}
if (seedDemo)
{
    app.Lifetime.ApplicationStarted.Register(() => DemoBanner.Print(app));
}

await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
