using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

// A load run of POST /api/v1/bookings against a running app: books distinct free slots of one service
// with many clients at once and reports bookings per second and latency percentiles.
//   dotnet run -c Release --project benchmarks/Platform.LoadRun -- <baseUrl> <apiKey> [requests] [concurrency]
// scripts/load-bookings.sh starts the app on SQLite or PostgreSQL and runs this.
var baseUrl = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5099/");
var apiKey = args.Length > 1 ? args[1] : throw new ArgumentException("usage: <baseUrl> <apiKey> [requests] [concurrency]");
var requests = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 400;
var concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;

using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

var services = await http.GetFromJsonAsync<JsonElement>("api/v1/services");
var service = services.GetProperty("items").EnumerateArray().First(s => s.GetProperty("capacity").GetInt32() == 1);
var serviceId = service.GetProperty("id").GetGuid();
var customer = await (await http.PostAsJsonAsync("api/v1/customers", new { name = "Load Run", email = "load@example.com" })).Content.ReadFromJsonAsync<JsonElement>();
var customerId = customer.GetProperty("id").GetGuid();

// Free slots for the coming weeks, then a non-overlapping subset per provider so every request can succeed.
var from = DateTimeOffset.UtcNow.Date.AddDays(1);
var starts = new List<(DateTimeOffset Start, Guid Provider)>();
for (var week = 0; week < 8 && starts.Count < requests; week++)
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
            // Two hours apart leaves room for any buffers.
            if (slot.Start >= freeFrom)
            {
                starts.Add((slot.Start, slot.Provider));
                freeFrom = slot.Start.AddHours(2);
            }
        }
    }
}

starts = [.. starts.Take(requests)];
Console.WriteLine($"{starts.Count} distinct free slots of '{service.GetProperty("name").GetString()}', {concurrency} clients");

var latencies = new double[starts.Count];
var statuses = new HttpStatusCode[starts.Count];
var next = -1;
var clock = Stopwatch.StartNew();
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
clock.Stop();

var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
var created = statuses.Count(s => s == HttpStatusCode.Created);
Console.WriteLine($"created {created}, other {string.Join(", ", statuses.Where(s => s != HttpStatusCode.Created).GroupBy(s => s).Select(g => $"{(int)g.Key}x{g.Count()}"))}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"elapsed {clock.Elapsed.TotalSeconds:0.00} s, {created / clock.Elapsed.TotalSeconds:0.0} bookings/s, latency p50 {Percentile(0.50):0.0} ms, p95 {Percentile(0.95):0.0} ms, p99 {Percentile(0.99):0.0} ms"));
return created == starts.Count ? 0 : 1;
