using System.Globalization;
using Platform.TemplateCounter.Components;

// The .NET 10 Blazor Web App template (dotnet new blazor --interactivity Server), trimmed to Home and Counter: the yardstick
// of scripts/bench-circuits.sh (managed heap per idle circuit) and scripts/bench-startup.sh (time to the first page).
// The one addition is GET /_bench/heap, the managed heap after a forced full GC, as Platform.Web serves it with
// Benchmarks:HeapEndpoint=true.
var builder = WebApplication.CreateBuilder(args);

// Add services to the container.
builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();

var app = builder.Build();

// Configure the HTTP request pipeline.
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();
app.MapGet("/_bench/heap", () =>
{
    for (var i = 0; i < 2; i++)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    return Results.Text(GC.GetTotalMemory(forceFullCollection: true).ToString(CultureInfo.InvariantCulture));
});

app.Run();
