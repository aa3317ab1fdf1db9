using Platform.RawBaseline;

// The raw ADO.NET baseline of POST /api/v1/bookings: the same JSON body and the same 201/409 answers as the app, the same
// booking transaction on the app's own schema (a database the app created and seeded), without EF Core, DI scopes or
// the app's middleware. scripts/bench-bookings.sh runs it and the app alternately with the same load client.
//   dotnet run -c Release --project benchmarks/Platform.RawBaseline -- --urls http://127.0.0.1:5191
//     --Database:Provider=Sqlite|PostgreSql --ConnectionStrings:Platform="..."
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var store = RawBookings.Create(
    builder.Configuration["Database:Provider"] ?? "Sqlite",
    builder.Configuration.GetConnectionString("Platform") ?? throw new InvalidOperationException("ConnectionStrings:Platform is required."));
var keys = await store.LoadApiKeysAsync();

var app = builder.Build();
app.MapGet("/health/ready", () => Results.Text("ready"));
app.MapPost("/api/v1/bookings", async (HttpContext http, CancellationToken ct) =>
{
    if (!keys.TryGetValue(RawBookings.Hash(http.Request.Headers["X-Api-Key"].ToString()), out var tenantId))
    {
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid API key is required.");
    }

    var body = await http.Request.ReadFromJsonAsync(BaselineJson.Default.BookingBody, ct);
    if (body is null || body.ServiceId == Guid.Empty || body.CustomerId == Guid.Empty || body.ProviderId is null || body.ProviderId == Guid.Empty || body.Start == default)
    {
        return Problem(StatusCodes.Status400BadRequest, "validation.failed", "serviceId, providerId, customerId and start (ISO 8601 with an offset) are required.");
    }

    var outcome = await store.PlaceAsync(tenantId, body.ServiceId, body.ProviderId.Value, body.CustomerId, body.Start.ToUniversalTime(), DateTimeOffset.UtcNow, ct);
    return outcome switch
    {
        { Booking: { } booking } => Results.Json(booking, BaselineJson.Default.BookingAnswer, statusCode: StatusCodes.Status201Created),
        { NotFound: true } => Problem(StatusCodes.Status404NotFound, "not_found", "There is no such service, provider or customer."),
        _ => Problem(StatusCodes.Status409Conflict, "booking.slot_unavailable", "This time is no longer available. Please choose another."),
    };
});
await app.RunAsync();

static IResult Problem(int status, string code, string title) =>
    Results.Problem(statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
