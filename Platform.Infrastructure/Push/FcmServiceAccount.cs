using System.Security.Cryptography;
using System.Text.Json;

namespace Platform.Infrastructure.Push;

/// <summary>The parts of a Google service account key file that sending through FCM needs.</summary>
public sealed record FcmServiceAccount(string ProjectId, string ClientEmail, string PrivateKeyPem, Uri TokenUri)
{
    /// <summary>The OAuth scope for sending FCM messages.</summary>
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    /// <summary>Reads the JSON key file; throws <see cref="FormatException"/> naming what is missing or wrong.</summary>
    public static FcmServiceAccount Parse(string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new FormatException("The service account is not JSON.", ex);
        }

        var account = new FcmServiceAccount(
            Required(root, "project_id"),
            Required(root, "client_email"),
            Required(root, "private_key"),
            Uri.TryCreate(Optional(root, "token_uri") ?? "https://oauth2.googleapis.com/token", UriKind.Absolute, out var tokenUri)
                ? tokenUri
                : throw new FormatException("token_uri is not an absolute URL."));
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(account.PrivateKeyPem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new FormatException("private_key is not an RSA private key in PEM form.", ex);
        }

        return account;
    }

    private static string Required(JsonElement root, string name) =>
        Optional(root, name) is { Length: > 0 } value ? value : throw new FormatException($"The service account has no {name}.");

    private static string? Optional(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
