using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Tests.Support;

/// <summary>A request as the fake service received it.</summary>
public sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? ContentType)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port that stands in for a third-party API (Twilio, a push
/// service, Google's token and FCM endpoints): it records every request and answers with <c>respond</c>.
/// </summary>
public sealed class FakeHttpService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHttpService(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    /// <summary>Starts a service that hands each request (and how many came before it) to <paramref name="respond"/>.</summary>
    public static Task<FakeHttpService> StartAsync(Func<HttpContext, CapturedRequest, int, Task> respond) => StartAsync(respond, certificate: null);

    /// <summary>The same, on https with <paramref name="certificate"/> when one is given (a webhook receiver, which must be https).</summary>
    public static async Task<FakeHttpService> StartAsync(Func<HttpContext, CapturedRequest, int, Task> respond, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (certificate is not null)
        {
            // The slim builder leaves HTTPS out unless asked.
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        FakeHttpService? service = null;
        var count = 0;
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var captured = new CapturedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray(),
                context.Request.ContentType);
            service!.Requests.Enqueue(captured);
            await respond(context, captured, Interlocked.Increment(ref count) - 1);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service = new FakeHttpService(app, new Uri(address.TrimEnd('/') + "/"));
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
