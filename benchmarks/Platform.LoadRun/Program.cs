using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

// A load run of POST /api/v1/bookings against a running app: books distinct free slots of one service
// with many clients at once and reports bookings per second and latency percentiles.
//   dotnet run -c Release --project benchmarks/Platform.LoadRun -- <baseUrl> <apiKey> [requests] [concurrency] [options]
// Options:
//   --warmup N         book N more slots first, outside the measurement (default 0)
//   --save-plan FILE   only plan: create the load customer, pick the free slots from the app's API, write them to FILE, book nothing
//   --plan FILE        book the slots of a saved plan instead of asking the server (the raw baseline serves only POST /bookings)
// The last line is machine-readable: RESULT created=… other=… seconds=… rps=… p50=… p95=… p99=… (milliseconds).
// scripts/load-bookings.sh starts the app on SQLite or PostgreSQL and runs this; scripts/bench-bookings.sh runs it against
// the app and the raw ADO.NET baseline with one saved plan.
var positional = new List<string>();
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var a = 0; a < args.Length; a++)
{
    if (args[a].StartsWith("--", StringComparison.Ordinal) && a + 1 < args.Length)
    {
        options[args[a]] = args[++a];
    }
    else
    {
        positional.Add(args[a]);
    }
}

var baseUrl = new Uri(positional.Count > 0 ? positional[0] : "http://127.0.0.1:5099/");
var apiKey = positional.Count > 1 ? positional[1] : throw new ArgumentException("usage: <baseUrl> <apiKey> [requests] [concurrency] [--warmup N] [--save-plan FILE | --plan FILE]");
var requests = positional.Count > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : 400;
var concurrency = positional.Count > 3 ? int.Parse(positional[3], CultureInfo.InvariantCulture) : 16;
var warmup = options.TryGetValue("--warmup", out var w) ? int.Parse(w, CultureInfo.InvariantCulture) : 0;

using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

var plan = options.TryGetValue("--plan", out var planFile)
    ? JsonSerializer.Deserialize<LoadPlan>(await File.ReadAllTextAsync(planFile), JsonSerializerOptions.Web)!
    : await PlanAsync(http, requests + warmup);
if (options.TryGetValue("--save-plan", out var saveTo))
{
    await File.WriteAllTextAsync(saveTo, JsonSerializer.Serialize(plan, JsonSerializerOptions.Web));
    Console.WriteLine($"planned {plan.Slots.Count} distinct free slots of '{plan.ServiceName}' into {saveTo}");
    return plan.Slots.Count >= requests + warmup ? 0 : 1;
}

var serviceId = plan.ServiceId;
var customerId = plan.CustomerId;
var warmupSlots = plan.Slots.Take(warmup).ToList();
var starts = plan.Slots.Skip(warmup).Take(requests).Select(s => (s.Start, s.Provider)).ToList();
if (warmupSlots.Count > 0)
{
    await RunAsync(http, [.. warmupSlots.Select(s => (s.Start, s.Provider))], concurrency, serviceId, customerId);
}

Console.WriteLine($"{starts.Count} distinct free slots of '{plan.ServiceName}', {concurrency} clients, {warmupSlots.Count} warm-up bookings before");

var clock = Stopwatch.StartNew();
var (latencies, statuses) = await RunAsync(http, starts, concurrency, serviceId, customerId);
clock.Stop();

var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
var created = statuses.Count(s => s == HttpStatusCode.Created);
Console.WriteLine($"created {created}, other {string.Join(", ", statuses.Where(s => s != HttpStatusCode.Created).GroupBy(s => s).Select(g => $"{(int)g.Key}x{g.Count()}"))}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"elapsed {clock.Elapsed.TotalSeconds:0.00} s, {created / clock.Elapsed.TotalSeconds:0.0} bookings/s, latency p50 {Percentile(0.50):0.0} ms, p95 {Percentile(0.95):0.0} ms, p99 {Percentile(0.99):0.0} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT created={created} other={starts.Count - created} seconds={clock.Elapsed.TotalSeconds:0.000} rps={created / clock.Elapsed.TotalSeconds:0.0} p50={Percentile(0.50):0.0} p95={Percentile(0.95):0.0} p99={Percentile(0.99):0.0}"));
return created == starts.Count ? 0 : 1;

// Books every slot with that many clients at once; the latency and status of each request.
static async Task<(double[] Latencies, HttpStatusCode[] Statuses)> RunAsync(
    HttpClient http, List<(DateTimeOffset Start, Guid Provider)> starts, int concurrency, Guid serviceId, Guid customerId)
{
    var latencies = new double[starts.Count];
    var statuses = new HttpStatusCode[starts.Count];
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < starts.Count)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("api/v1/bookings", new { serviceId, providerId = starts[i].Provider, customerId, start = starts[i].Start });
            latencies[i] = watch.Elapsed.TotalMilliseconds;
            statuses[i] = response.StatusCode;
        }
    }));
    return (latencies, statuses);
}

// The load customer and distinct free slots of a one-seat service for the coming weeks, a non-overlapping subset per provider so every request can succeed.
static async Task<LoadPlan> PlanAsync(HttpClient http, int count)
{
    var services = await http.GetFromJsonAsync<JsonElement>("api/v1/services");
    var service = services.GetProperty("items").EnumerateArray().First(s => s.GetProperty("capacity").GetInt32() == 1);
    var serviceId = service.GetProperty("id").GetGuid();
    var customer = await (await http.PostAsJsonAsync("api/v1/customers", new { name = "Load Run", email = "load@example.com" })).Content.ReadFromJsonAsync<JsonElement>();
    var customerId = customer.GetProperty("id").GetGuid();

    var buffers = TimeSpan.FromMinutes(Minutes(service, "bufferBeforeMinutes") + Minutes(service, "bufferAfterMinutes"));
    var from = DateTimeOffset.UtcNow.Date.AddDays(1);
    var starts = new List<PlannedSlot>();
    for (var week = 0; week < 26 && starts.Count < count; week++)
    {
        var weekFrom = new DateTimeOffset(from, TimeSpan.Zero).AddDays(7 * week);
        var query = $"api/v1/availability?serviceId={serviceId}&from={Uri.EscapeDataString(weekFrom.ToString("O"))}&to={Uri.EscapeDataString(weekFrom.AddDays(7).ToString("O"))}";
        var slots = (await http.GetFromJsonAsync<JsonElement>(query)).GetProperty("slots").EnumerateArray()
            .Select(s => (Start: s.GetProperty("start").GetDateTimeOffset(), End: s.GetProperty("end").GetDateTimeOffset(), Provider: s.GetProperty("providerId").GetGuid()));
        foreach (var group in slots.GroupBy(s => s.Provider))
        {
            var freeFrom = DateTimeOffset.MinValue;
            foreach (var slot in group.OrderBy(s => s.Start))
            {
                // Back to back, each after the previous one's end and the service's buffers, so that every request can succeed.
                if (slot.Start >= freeFrom)
                {
                    starts.Add(new PlannedSlot(slot.Start, slot.Provider));
                    freeFrom = slot.End + buffers;
                }
            }
        }
    }

    return new LoadPlan(serviceId, service.GetProperty("name").GetString() ?? "", customerId, [.. starts.Take(count)]);
}

static int Minutes(JsonElement service, string name) => service.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

/// <summary>What a load run books: one service, one customer, distinct free slots.</summary>
internal sealed record LoadPlan(Guid ServiceId, string ServiceName, Guid CustomerId, List<PlannedSlot> Slots);

internal sealed record PlannedSlot(DateTimeOffset Start, Guid Provider);
