using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Platform.Infrastructure.Seeding;

namespace Platform.Web;

/// <summary>Prints the demo addresses and accounts once the server listens, so a newcomer knows where to go.</summary>
internal static class DemoBanner
{
    public static void Print(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? "http://localhost:5080";
        var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal));
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("  Platform demo is running.");
        text.AppendLine($"  Host (operators):  {uri.Scheme}://localhost{port}/host    {DemoAccounts.HostAdminEmail} / {DemoAccounts.Password}{Totp(DemoAccounts.HostAdminEmail)}");
        foreach (var tenant in DemoAccounts.Tenants)
        {
            text.AppendLine($"  {tenant.Name}:");
            text.AppendLine($"      {uri.Scheme}://{tenant.Slug}.localhost{port}/   or   {uri.Scheme}://localhost{port}/t/{tenant.Slug}/");
            foreach (var user in tenant.Users.DistinctBy(u => u.Role))
            {
                text.AppendLine($"      {user.Role,-12} {user.Email} / {DemoAccounts.Password}{Totp(user.Email)}");
            }
        }

        text.AppendLine("  Accounts with an authenticator secret sign in with a code: add the secret to an authenticator app.");
        text.AppendLine();
        Console.Write(text.ToString());
    }

    private static string Totp(string email) =>
        DemoAccounts.AuthenticatorSecrets.TryGetValue(email, out var secret) ? $"   authenticator secret {secret}" : "";
}
