using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Platform.Core.Errors;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Support;

namespace Platform.Tests.Api;

/// <summary>What one walk found: the operations of the document, the requests sent and the answers that broke the contract.</summary>
internal sealed record ApiContractResult(int Operations, int Requests, IReadOnlyList<string> Failures, TimeSpan SignIn, TimeSpan Walk);

/// <summary>
/// Reads /openapi/v1.json and sends every operation requests that must fail cleanly: each query parameter and
/// body field with a value of the wrong type, malformed JSON, bodies with a bogus charset or a wrong media
/// type, a missing body, extreme dates, a malformed path id, no credentials, <c>Accept: text/html</c> and a
/// method the path does not have. It checks every answer against the error contract of docs/errors.md.
/// Only requests that cannot succeed are sent to operations that change data, so the demo data stays as it is.
/// </summary>
internal static class ApiContractWalk
{
    private const string Slug = "acme";
    private const string Admin = "admin@acme.test";
    private const string ProblemJson = "application/problem+json";
    private const string KeyScopeMarker = "API key scope";

    /// <summary>Both address forms of one tenant.</summary>
    private static readonly string[] Addresses = [$"http://{Slug}.localhost/", $"http://localhost/t/{Slug}/"];

    private static readonly string[] ExtremeLow = ["0001-01-01T00:00:00Z", "0001-01-02T00:00:00Z", "0001-01-03T00:00:00Z"];
    private static readonly string[] ExtremeHigh = ["9999-12-29T00:00:00Z", "9999-12-30T00:00:00Z", "9999-12-31T23:59:59.9999999Z"];
    private static readonly string[] ExtremeLowDays = ["0001-01-01", "0001-01-02", "0001-01-03"];
    private static readonly string[] ExtremeHighDays = ["9999-12-29", "9999-12-30", "9999-12-31"];
    private static readonly string[] ExtremeOffsets = ["0001-01-01T00:00:00+14:00", "0001-01-01T10:00:00+14:00", "9999-12-31T23:00:00-14:00"];

    /// <summary>Path values that are not ids, by parameter name.</summary>
    private static readonly Dictionary<string, string> PathSamples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kind"] = "booking.created",
        ["channel"] = "email",
    };

    public static async Task<ApiContractResult> RunAsync(PlatformAppFactory app)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cookieHeader = await SignInAsync(app);
        var signIn = clock.Elapsed;
        using var reader = app.CreateClientFor(Addresses[0]);
        reader.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        using var documentResponse = await reader.GetAsync("openapi/v1.json");
        documentResponse.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await documentResponse.Content.ReadAsStringAsync());
        var spec = new Spec(document.RootElement);
        var operations = spec.Operations();
        var samples = new Samples(reader, spec);

        var failures = new List<string>();
        var requests = 0;
        foreach (var address in Addresses)
        {
            using var key = app.CreateClientFor(address);
            key.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys[Slug]);
            using var cookie = app.CreateClientFor(address);
            cookie.DefaultRequestHeaders.Add("Cookie", cookieHeader);
            using var anonymous = app.CreateClientFor(address);

            foreach (var operation in operations)
            {
                var probes = await ProbesAsync(operation, samples);
                var credentials = new List<(string Name, HttpClient Client)> { ("cookie", cookie) };
                if (operation.KeyScoped)
                {
                    credentials.Add(("key", key));
                }

                foreach (var (name, client) in credentials)
                {
                    foreach (var probe in probes)
                    {
                        requests++;
                        await SendAsync(client, name, address, probe, failures);
                    }
                }

                foreach (var probe in AnonymousProbes(operation, await BaselineAsync(operation, samples, realIds: false)))
                {
                    requests++;
                    await SendAsync(anonymous, "anonymous", address, probe, failures);
                }
            }

            foreach (var path in operations.GroupBy(o => o.Template))
            {
                // A method the path does not have: 405, as a problem.
                var url = Url(path.Key, await BaselineAsync(path.First(), samples, realIds: false), []);
                requests++;
                await SendAsync(cookie, "cookie", address, new Probe("PATCH", url, "method not allowed", [405]) { Body = JsonBody("{}") }, failures);
            }
        }

        return new ApiContractResult(operations.Count, requests, failures, signIn, clock.Elapsed - signIn);
    }

    /// <summary>The admin signs in once (two-step, with the demo authenticator); the cookie then serves both address forms.</summary>
    private static async Task<string> SignInAsync(PlatformAppFactory app)
    {
        var address = new Uri(Addresses[1]);
        var cookies = new CookieContainer();
        using var client = app.CreateDefaultClient(address, new CookieContainerHandler(cookies));
        AccountClient.Register(client, app, cookies);
        Assert.True(await client.SignInAsync(Admin, DemoAccounts.Password), $"{Admin} could not sign in.");
        return cookies.GetCookieHeader(address);
    }

    private static async Task<List<Probe>> ProbesAsync(Operation operation, Samples samples)
    {
        var probes = new List<Probe>();
        var baseline = await BaselineAsync(operation, samples, realIds: true);
        var method = operation.Method;

        if (method == "GET")
        {
            probes.Add(new Probe(method, Url(operation.Template, baseline, operation.RequiredQuery(baseline)), "baseline", null));
        }

        // Each query parameter with values of the wrong type: 400 validation.failed naming the parameter.
        foreach (var parameter in operation.Query)
        {
            foreach (var wrong in WrongQueryValues(parameter.Shape))
            {
                var query = operation.RequiredQuery(baseline);
                query[parameter.Name] = wrong;
                probes.Add(new Probe(method, Url(operation.Template, baseline, query), $"query {parameter.Name}={wrong}", [400])
                {
                    Field = parameter.Name,
                    Body = operation.Body is { MediaType: "application/json" } ? await ValidBodyAsync(operation, samples) : null,
                });
            }
        }

        // Extreme dates in the query.
        var dateParameters = operation.Query.Where(p => p.Shape.Kind == Kind.DateTime).ToList();
        if (dateParameters.Count > 0)
        {
            foreach (var (label, values) in ExtremeSets())
            {
                var query = operation.RequiredQuery(baseline);
                for (var i = 0; i < dateParameters.Count; i++)
                {
                    query[dateParameters[i].Name] = values[Math.Min(i, values.Length - 1)];
                }

                probes.Add(new Probe(method, Url(operation.Template, baseline, query), $"query dates {label}", null)
                {
                    Body = operation.Body is { MediaType: "application/json" } ? await ValidBodyAsync(operation, samples) : null,
                });
            }
        }

        var url = Url(operation.Template, baseline, operation.RequiredQuery(baseline));
        if (operation.Body is { MediaType: "application/json", Shape: { } shape })
        {
            // Each body field with values of the wrong type.
            foreach (var (field, fieldShape) in shape.Properties ?? new Dictionary<string, Shape>())
            {
                foreach (var wrong in WrongJsonValues(fieldShape))
                {
                    var body = new JsonObject { [field] = wrong };
                    probes.Add(new Probe(method, url, $"body {field}={wrong.ToJsonString()}", [400]) { Field = field, Body = JsonBody(body.ToJsonString()) });
                }
            }

            // Malformed JSON, and a top-level value of the wrong kind.
            foreach (var text in new[] { "{", "{\"a\":1,}", "nope", "{\"a\":\"\\u12\"}", shape.Kind == Kind.Array ? "{}" : "[]", "\"text\"", "42" })
            {
                probes.Add(new Probe(method, url, $"malformed json {text}", [400]) { AnyField = true, Body = JsonBody(text) });
            }

            // Bytes that are not UTF-8, in a field the endpoint reads, at ids that do not exist (an unread field would be skipped).
            var textField = (shape.Properties ?? new Dictionary<string, Shape>()).FirstOrDefault(p => p.Value.Kind == Kind.Text).Key ?? "a";
            var nowhereUrl = Url(operation.Template, await BaselineAsync(operation, samples, realIds: false), operation.RequiredQuery(baseline));
            probes.Add(new Probe(method, nowhereUrl, "invalid utf-8", null)
            {
                Body = RawBody([.. Encoding.UTF8.GetBytes($"{{\"{textField}\":\""), 0xFF, 0xFE, 0xC3, .. "\"}"u8.ToArray()], "application/json"),
            });

            // A body whose charset or media type the server cannot read.
            foreach (var contentType in new[] { "application/json; charset=bogus", "application/json; charset=utf-7", "application/json; charset=\"\"" })
            {
                probes.Add(new Probe(method, url, $"content-type {contentType}", [400, 415]) { Body = RawBody("{}"u8.ToArray(), contentType) });
            }

            probes.Add(new Probe(method, url, "content-type text/plain", [400, 415]) { Body = RawBody("{}"u8.ToArray(), "text/plain") });

            // Extreme dates in the body, beside real ids, so the use case itself meets them.
            var dateFields = (shape.Properties ?? new Dictionary<string, Shape>()).Where(p => p.Value.Kind == Kind.DateTime).Select(p => p.Key).ToList();
            if (dateFields.Count > 0)
            {
                foreach (var (label, values) in ExtremeSets())
                {
                    var body = await IdsOnlyBodyAsync(shape, samples);
                    foreach (var field in dateFields)
                    {
                        body[field] = values[0];
                    }

                    probes.Add(new Probe(method, url, $"body dates {label}", null) { Body = JsonBody(body.ToJsonString()) });
                }
            }

            if (operation.Body.Required)
            {
                // No body at all, at an id that does not exist: nothing can happen even if the body were optional.
                var nowhere = Url(operation.Template, await BaselineAsync(operation, samples, realIds: false), operation.RequiredQuery(baseline));
                probes.Add(new Probe(method, nowhere, "missing body", [400, 415]) { AnyField = true });
            }
        }
        else if (operation.Body is { MediaType: "multipart/form-data" })
        {
            probes.Add(new Probe(method, url, "json instead of a form", [400, 415]) { Body = JsonBody("{}") });
            probes.Add(new Probe(method, url, "content-type bogus charset", [400, 415]) { Body = RawBody("{}"u8.ToArray(), "application/json; charset=bogus") });
            probes.Add(new Probe(method, url, "malformed multipart", [400]) { Body = RawBody("--zz\r\nbroken"u8.ToArray(), "multipart/form-data; boundary=zz") });
        }

        // A malformed id in the path: 404, as a problem, whatever the Accept header.
        foreach (var parameter in operation.Path.Where(p => p.Shape.Kind == Kind.Uuid))
        {
            var values = new Dictionary<string, string>(baseline) { [parameter.Name] = "not-a-guid" };
            var malformed = Url(operation.Template, values, operation.RequiredQuery(baseline));
            probes.Add(new Probe(method, malformed, $"path {parameter.Name}=not-a-guid", [404]) { Body = operation.Body is null ? null : JsonBody("{}") });
            probes.Add(new Probe(method, malformed, $"path {parameter.Name}=not-a-guid, Accept text/html", [404]) { Body = operation.Body is null ? null : JsonBody("{}"), Accept = "text/html" });
        }

        // A binding failure asked for as HTML is still a problem.
        if (probes.FirstOrDefault(p => p.Field is not null) is { } first)
        {
            probes.Add(first with { Label = first.Label + ", Accept text/html", Accept = "text/html" });
        }

        return probes;
    }

    /// <summary>No credentials: 401 as a problem, also when HTML is asked for. Requests go to ids that do not exist.</summary>
    private static IEnumerable<Probe> AnonymousProbes(Operation operation, Dictionary<string, string> baseline)
    {
        var url = Url(operation.Template, baseline, operation.RequiredQuery(baseline));
        var body = operation.Body is null ? null : JsonBody("{}");
        // GET /tenant is public (the tenant's name and look); routing refuses a JSON body to an upload before sign-in does.
        int[] expected = operation.Method == "GET" ? [200, 401] : operation.Body is { MediaType: not "application/json" } ? [401, 415] : [401];
        yield return new Probe(operation.Method, url, "no credentials", expected) { Body = body };
        yield return new Probe(operation.Method, url, "no credentials, Accept text/html", expected) { Body = body, Accept = "text/html" };
    }

    private static IEnumerable<(string Label, string[] Values)> ExtremeSets()
    {
        yield return ("near year 1", ExtremeLow);
        yield return ("near year 9999", ExtremeHigh);
        yield return ("year 1 as dates", ExtremeLowDays);
        yield return ("year 9999 as dates", ExtremeHighDays);
        yield return ("beyond the range by offset", ExtremeOffsets);
    }

    private static IEnumerable<string> WrongQueryValues(Shape shape) => shape.Kind switch
    {
        Kind.Uuid => ["not-a-guid", "123"],
        Kind.DateTime => ["not-a-date", "2025-13-45T25:61:00Z"],
        Kind.Integer => ["abc", "99999999999", "1.5"],
        Kind.Number => ["abc"],
        Kind.Boolean => ["maybe"],
        _ when shape.IsEnum => ["Bogus"],
        _ => [],
    };

    private static IEnumerable<JsonNode> WrongJsonValues(Shape shape) => shape.Kind switch
    {
        Kind.Uuid => [JsonValue.Create("not-a-guid"), JsonValue.Create(5)],
        Kind.DateTime => [JsonValue.Create("not-a-date"), JsonValue.Create(true)],
        Kind.Integer => [JsonValue.Create("abc"), JsonValue.Create(1.5)],
        Kind.Number => [JsonValue.Create("abc")],
        Kind.Boolean => [JsonValue.Create("yes")],
        Kind.Array => [JsonValue.Create("x"), new JsonObject()],
        Kind.Object => [JsonValue.Create(5)],
        _ when shape.IsEnum => [JsonValue.Create("Bogus"), JsonValue.Create(123)],
        _ => [JsonValue.Create(123), new JsonArray()],
    };

    /// <summary>Path values (real ids where the collection has any, else ids that do not exist) and required query values.</summary>
    private static async Task<Dictionary<string, string>> BaselineAsync(Operation operation, Samples samples, bool realIds)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in operation.Path)
        {
            values[parameter.Name] = parameter.Shape.Kind == Kind.Uuid
                ? (realIds ? await samples.PathIdAsync(operation.Template, parameter.Name) : null) ?? Guid.NewGuid().ToString()
                : parameter.Shape.Kind == Kind.Integer ? "1" : PathSamples.GetValueOrDefault(parameter.Name, "x");
        }

        var day = DateTimeOffset.UtcNow.Date.AddDays(1);
        var dates = 0;
        foreach (var parameter in operation.Query.Where(p => p.Required))
        {
            values["?" + parameter.Name] = parameter.Shape.Kind switch
            {
                Kind.Uuid => await samples.IdByNameAsync(parameter.Name) ?? Guid.NewGuid().ToString(),
                Kind.DateTime => new DateTimeOffset(day.AddDays(dates++), TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture),
                Kind.Integer or Kind.Number => "1",
                Kind.Boolean => "false",
                _ => "x",
            };
        }

        return values;
    }

    /// <summary>A body with only its id fields, filled with real ids: the start for extreme dates.</summary>
    private static async Task<JsonObject> IdsOnlyBodyAsync(Shape shape, Samples samples)
    {
        var body = new JsonObject();
        foreach (var (field, fieldShape) in shape.Properties ?? new Dictionary<string, Shape>())
        {
            if (fieldShape.Kind == Kind.Uuid && await samples.IdByNameAsync(field) is { } id)
            {
                body[field] = id;
            }
        }

        return body;
    }

    /// <summary>For a query probe of an operation with a body: ids only, so only the query is wrong.</summary>
    private static async Task<Payload> ValidBodyAsync(Operation operation, Samples samples) =>
        JsonBody((await IdsOnlyBodyAsync(operation.Body!.Shape ?? new Shape(Kind.Object, null, false), samples)).ToJsonString());

    private static string Url(string template, Dictionary<string, string> values, Dictionary<string, string> query)
    {
        var path = template;
        foreach (var (name, value) in values.Where(v => !v.Key.StartsWith('?')))
        {
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        var url = path.TrimStart('/');
        return query.Count == 0 ? url : url + "?" + string.Join('&', query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
    }

    private static Payload JsonBody(string text) => RawBody(Encoding.UTF8.GetBytes(text), "application/json");

    private static Payload RawBody(byte[] bytes, string contentType) => new(bytes, contentType);

    private static async Task SendAsync(HttpClient client, string credential, string address, Probe probe, List<string> failures)
    {
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url);
        if (probe.Body is { } body)
        {
            request.Content = new ByteArrayContent(body.Bytes);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
        }

        if (probe.Accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(probe.Accept));
        }

        using var response = await client.SendAsync(request);
        var problem = await ProblemOfAsync(response, probe);
        if (problem is not null)
        {
            failures.Add($"{credential} {address}{probe.Url} {probe.Method} [{probe.Label}] -> {problem}");
        }
    }

    /// <summary>What is wrong with the answer, or null when it keeps the contract.</summary>
    private static async Task<string?> ProblemOfAsync(HttpResponseMessage response, Probe probe)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
        var summary = $"{status} {mediaType} {Shorten(text)}";
        if (status >= 500)
        {
            return $"server error: {summary}";
        }

        if (status is >= 300 and < 400)
        {
            return $"a redirect to {response.Headers.Location}: {summary}";
        }

        if (probe.Expected is { } expected && !expected.Contains(status))
        {
            return $"expected {string.Join(" or ", expected)}: {summary}";
        }

        if (status < 400)
        {
            return null;
        }

        if (mediaType != ProblemJson)
        {
            return $"not a problem: {summary}";
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return $"a problem that is not JSON: {summary}";
        }

        var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        if (code is null || !Fits(status, code))
        {
            return $"code {code ?? "(none)"} does not fit {status}: {summary}";
        }

        if (probe.Field is not null || probe.AnyField)
        {
            var fields = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? errors.EnumerateObject().Select(e => e.Name).ToList()
                : [];
            if (status == 400 && (fields.Count == 0 || (probe.Field is { } field && !fields.Any(f => Names(f, field)))))
            {
                return $"errors do not name {probe.Field ?? "a field"}: {summary}";
            }
        }

        return null;
    }

    private static bool Names(string key, string field) =>
        key.Equals(field, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase);

    /// <summary>The codes of docs/errors.md that may go with a status; a 4xx is never internal_error.</summary>
    private static bool Fits(int status, string code) => status switch
    {
        400 => code == ErrorCodes.ValidationFailed,
        401 => code is ErrorCodes.Unauthorized or ErrorCodes.InvalidApiKey,
        403 => code is ErrorCodes.Forbidden or ErrorCodes.FeatureNotInPlan or ErrorCodes.TenantSuspended or ErrorCodes.MfaRequired,
        404 => code is ErrorCodes.NotFound or ErrorCodes.TenantNotFound,
        405 => code == ErrorCodes.MethodNotAllowed,
        409 => code == ErrorCodes.Conflict || code.StartsWith("booking.", StringComparison.Ordinal),
        413 => code == ErrorCodes.RequestTooLarge,
        415 => code == ErrorCodes.UnsupportedMediaType,
        429 => code == ErrorCodes.TooManyRequests,
        _ => code.Length > 0 && code != ErrorCodes.InternalError,
    };

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 200 ? line : line[..200] + "...";
    }

    /// <summary>One request to send: where, why, and which statuses may answer it (null: any below 500).</summary>
    private sealed record Probe(string Method, string Url, string Label, int[]? Expected)
    {
        public Payload? Body { get; init; }

        public string? Accept { get; init; }

        /// <summary>The field a 400 must name in <c>errors</c>.</summary>
        public string? Field { get; init; }

        /// <summary>A 400 must name some field.</summary>
        public bool AnyField { get; init; }
    }

    /// <summary>A request body: its bytes and the Content-Type header exactly as sent, valid or not.</summary>
    private sealed record Payload(byte[] Bytes, string ContentType);

    internal enum Kind
    {
        Text,
        Uuid,
        DateTime,
        Integer,
        Number,
        Boolean,
        Array,
        Object,
    }

    /// <summary>What a schema accepts, as far as a wrong value is concerned.</summary>
    internal sealed record Shape(Kind Kind, IReadOnlyDictionary<string, Shape>? Properties, bool IsEnum);

    internal sealed record Parameter(string Name, string In, bool Required, Shape Shape);

    internal sealed record RequestBody(string MediaType, bool Required, Shape? Shape);

    internal sealed record Operation(string Method, string Template, IReadOnlyList<Parameter> Parameters, RequestBody? Body, bool KeyScoped)
    {
        public IEnumerable<Parameter> Path => Parameters.Where(p => p.In == "path");

        public IEnumerable<Parameter> Query => Parameters.Where(p => p.In == "query");

        public Dictionary<string, string> RequiredQuery(Dictionary<string, string> baseline) =>
            baseline.Where(v => v.Key.StartsWith('?')).ToDictionary(v => v.Key[1..], v => v.Value, StringComparer.Ordinal);
    }

    /// <summary>The OpenAPI document, read just far enough to find operations, parameters and body fields.</summary>
    private sealed class Spec(JsonElement root)
    {
        private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

        public bool HasGet(string template) =>
            root.GetProperty("paths").TryGetProperty(template, out var item) && item.TryGetProperty("get", out _);

        public List<Operation> Operations()
        {
            var operations = new List<Operation>();
            foreach (var path in root.GetProperty("paths").EnumerateObject())
            {
                var shared = path.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                foreach (var method in Methods)
                {
                    if (!path.Value.TryGetProperty(method, out var operation))
                    {
                        continue;
                    }

                    var parameters = shared.Concat(operation.TryGetProperty("parameters", out var own) ? own.EnumerateArray() : [])
                        .Select(Resolve)
                        .Select(x => new Parameter(
                            x.GetProperty("name").GetString()!,
                            x.GetProperty("in").GetString()!,
                            x.TryGetProperty("required", out var r) && r.GetBoolean(),
                            x.TryGetProperty("schema", out var s) ? ShapeOf(s, 0) : new Shape(Kind.Text, null, false)))
                        .ToList();
                    RequestBody? body = null;
                    if (operation.TryGetProperty("requestBody", out var requestBody))
                    {
                        requestBody = Resolve(requestBody);
                        var content = requestBody.GetProperty("content").EnumerateObject().ToList();
                        var chosen = content.FirstOrDefault(c => c.Name.Contains("json", StringComparison.Ordinal));
                        chosen = chosen.Value.ValueKind == JsonValueKind.Undefined ? content.First() : chosen;
                        var mediaType = chosen.Name.Contains("json", StringComparison.Ordinal) ? "application/json" : chosen.Name;
                        body = new RequestBody(
                            mediaType,
                            requestBody.TryGetProperty("required", out var r) && r.GetBoolean(),
                            chosen.Value.TryGetProperty("schema", out var s) ? ShapeOf(s, 0) : null);
                    }

                    var description = operation.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
                    operations.Add(new Operation(method.ToUpperInvariant(), path.Name, parameters, body, description.Contains(KeyScopeMarker, StringComparison.Ordinal)));
                }
            }

            return operations;
        }

        private JsonElement Resolve(JsonElement element)
        {
            while (element.TryGetProperty("$ref", out var reference))
            {
                var target = root;
                foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
                {
                    target = target.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
                }

                element = target;
            }

            return element;
        }

        private Shape ShapeOf(JsonElement schema, int depth)
        {
            schema = Resolve(schema);
            foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            {
                if (schema.TryGetProperty(combinator, out var options))
                {
                    var first = options.EnumerateArray().Select(Resolve).FirstOrDefault(o => !IsNullOnly(o));
                    if (first.ValueKind != JsonValueKind.Undefined)
                    {
                        return ShapeOf(first, depth);
                    }
                }
            }

            var types = Types(schema);
            var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
            var isEnum = schema.TryGetProperty("enum", out _);
            if (types.Contains("integer"))
            {
                return new Shape(Kind.Integer, null, isEnum);
            }

            if (types.Contains("number"))
            {
                return new Shape(Kind.Number, null, isEnum);
            }

            if (types.Contains("boolean"))
            {
                return new Shape(Kind.Boolean, null, false);
            }

            if (types.Contains("array"))
            {
                return new Shape(Kind.Array, null, false);
            }

            if (types.Contains("object") || schema.TryGetProperty("properties", out _))
            {
                var properties = new Dictionary<string, Shape>(StringComparer.Ordinal);
                if (depth < 3 && schema.TryGetProperty("properties", out var props))
                {
                    foreach (var property in props.EnumerateObject())
                    {
                        properties[property.Name] = ShapeOf(property.Value, depth + 1);
                    }
                }

                return new Shape(Kind.Object, properties, false);
            }

            return format switch
            {
                "uuid" => new Shape(Kind.Uuid, null, false),
                "date-time" or "date" => new Shape(Kind.DateTime, null, false),
                _ => new Shape(Kind.Text, null, isEnum),
            };
        }

        private bool IsNullOnly(JsonElement schema) => Types(schema) is { Count: 0 } && schema.TryGetProperty("type", out _);

        private static HashSet<string> Types(JsonElement schema)
        {
            var types = new HashSet<string>(StringComparer.Ordinal);
            if (schema.TryGetProperty("type", out var type))
            {
                foreach (var t in type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(e => e.GetString()) : [type.GetString()])
                {
                    if (t is not null and not "null")
                    {
                        types.Add(t);
                    }
                }
            }

            return types;
        }
    }

    /// <summary>Real ids of the demo tenant, read from the API's own collections and kept for the walk.</summary>
    private sealed class Samples(HttpClient client, Spec spec)
    {
        private readonly Dictionary<string, string?> _firstIds = new(StringComparer.Ordinal);

        /// <summary>For /api/v1/bookings/{id}/cancel, the first id that GET /api/v1/bookings lists.</summary>
        public Task<string?> PathIdAsync(string template, string parameter)
        {
            var at = template.IndexOf("/{" + parameter + "}", StringComparison.Ordinal);
            return at > 0 ? FirstIdAsync(template[..at]) : Task.FromResult<string?>(null);
        }

        /// <summary>For serviceId, the first id that GET /api/v1/services lists.</summary>
        public Task<string?> IdByNameAsync(string name) =>
            name.EndsWith("Id", StringComparison.Ordinal) && name.Length > 2
                ? FirstIdAsync($"/api/v1/{name[..^2]}s")
                : Task.FromResult<string?>(null);

        private async Task<string?> FirstIdAsync(string collection)
        {
            if (_firstIds.TryGetValue(collection, out var known))
            {
                return known;
            }

            string? id = null;
            if (spec.HasGet(collection))
            {
                using var response = await client.GetAsync(collection.TrimStart('/'));
                if (response.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    id = FirstId(json.RootElement);
                }
            }

            _firstIds[collection] = id;
            return id;
        }

        private static string? FirstId(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Array => element.EnumerateArray().Select(e => e.TryGetProperty("id", out var id) ? id.GetString() : null).FirstOrDefault(),
            JsonValueKind.Object => element.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).Select(p => FirstId(p.Value)).FirstOrDefault(i => i is not null),
            _ => null,
        };
    }
}
