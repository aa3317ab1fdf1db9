using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Infrastructure.Push;

/// <summary>
/// In Development, when no VAPID key pair is configured, logs a freshly generated one with the settings to
/// put it in, so Web Push can be tried without looking up how to make keys.
/// </summary>
public sealed class VapidKeyAdvisor(IOptions<VapidOptions> options, IHostEnvironment environment, ILogger<VapidKeyAdvisor> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || options.Value.IsConfigured)
        {
            return Task.CompletedTask;
        }

        var (publicKey, privateKey) = VapidKeys.Generate();
        logger.LogWarning(
            "Web Push is off: no VAPID keys are configured. A new key pair to use, as environment variables " +
            "(or the same keys in Platform.Web/appsettings.Development.json, section Push:Vapid):\n" +
            "  Push__Vapid__PublicKey={VapidPublicKey}\n" +
            "  Push__Vapid__PrivateKey={VapidPrivateKey}\n" +
            "  Push__Vapid__Subject=mailto:you@example.com",
            publicKey, privateKey);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
