using Platform.Infrastructure.Push;

namespace Platform.Tests.Notifications;

/// <summary>The settings that switch Web Push on in a test app: a fresh VAPID key pair of its own.</summary>
internal static class PushAppSettings
{
    public static Dictionary<string, string?> WithNewVapidKeys()
    {
        var (publicKey, privateKey) = VapidKeys.Generate();
        return new Dictionary<string, string?>
        {
            ["Push:Vapid:PublicKey"] = publicKey,
            ["Push:Vapid:PrivateKey"] = privateKey,
            ["Push:Vapid:Subject"] = "mailto:ops@platform.test",
        };
    }
}
