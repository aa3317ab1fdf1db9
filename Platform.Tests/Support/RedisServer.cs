using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Platform.Tests.Support;

/// <summary>
/// A throw-away redis-server (Debian's package, installed by test.sh) on 127.0.0.1 at a free port, without
/// persistence; disposing stops it. PLATFORM_TEST_REDIS_SERVER overrides the executable.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for <c>Redis:Connection</c>.</summary>
    public string Connection => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var executable = Environment.GetEnvironmentVariable("PLATFORM_TEST_REDIS_SERVER") is { Length: > 0 } configured ? configured : "/usr/bin/redis-server";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run ./test.sh once (it installs Debian's redis-server) or apt-get install redis-server.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync($"{server.Connection},connectTimeout=500,abortConnect=true");
                await probe.GetDatabase().PingAsync();
                return server;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
