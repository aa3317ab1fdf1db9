using System.Security.Cryptography;
using System.Text;

namespace Platform.Infrastructure.Security;

/// <summary>How one-time codes are stored: SHA-256 of the user's id and the code, never the code itself.</summary>
internal static class CodeHash
{
    public static string Of(Guid userId, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}:{code}")));
}
