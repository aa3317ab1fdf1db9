using Platform.Infrastructure;
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
if (seedDemo)
{
    app.Lifetime.ApplicationStarted.Register(() => DemoBanner.Print(app));
}

await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
