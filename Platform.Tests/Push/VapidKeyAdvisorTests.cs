using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Infrastructure.Push;

namespace Platform.Tests.Push;

public sealed class VapidKeyAdvisorTests
{
    [Fact]
    public async Task In_development_without_keys_it_logs_a_working_key_pair()
    {
        var logger = new CapturingLogger();
        var advisor = new VapidKeyAdvisor(Options.Create(new VapidOptions()), new Environment("Development"), logger);

        await advisor.StartAsync(CancellationToken.None);

        var line = Assert.Single(logger.Messages);
        var publicKey = line.Split("Push__Vapid__PublicKey=")[1].Split('\n')[0].Trim();
        var privateKey = line.Split("Push__Vapid__PrivateKey=")[1].Split('\n')[0].Trim();
        using var keys = VapidKeys.Import(publicKey, privateKey);
        Assert.Equal(publicKey, keys.PublicKey);
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task Outside_development_or_with_keys_it_stays_quiet(string environment, bool configured)
    {
        var pair = VapidKeys.Generate();
        var options = configured ? new VapidOptions { PublicKey = pair.PublicKey, PrivateKey = pair.PrivateKey, Subject = "mailto:a@b.test" } : new VapidOptions();
        var logger = new CapturingLogger();

        await new VapidKeyAdvisor(Options.Create(options), new Environment(environment), logger).StartAsync(CancellationToken.None);

        Assert.Empty(logger.Messages);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Platform.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    private sealed class CapturingLogger : ILogger<VapidKeyAdvisor>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
