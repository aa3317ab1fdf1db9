using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Web.Components.Account;

/// <summary>
/// The links account e-mails carry. Absolute and under the current base address, so they lead back to
/// the tenant that sent them (its subdomain, domain or /t/{slug} prefix). Raw URLs: the e-mail sender
/// encodes them for HTML itself. Identity's tokens travel Base64Url-encoded.
/// </summary>
internal static class AccountLinks
{
    public static string ConfirmEmail(this NavigationManager navigation, Guid userId, string token, string? returnUrl = null) =>
        navigation.GetUriWithQueryParameters(navigation.ToAbsoluteUri("Account/ConfirmEmail").AbsoluteUri,
            new Dictionary<string, object?> { ["userId"] = userId.ToString(), ["code"] = Encode(token), ["returnUrl"] = returnUrl });

    public static string ConfirmEmailChange(this NavigationManager navigation, Guid userId, string email, string token) =>
        navigation.GetUriWithQueryParameters(navigation.ToAbsoluteUri("Account/ConfirmEmailChange").AbsoluteUri,
            new Dictionary<string, object?> { ["userId"] = userId.ToString(), ["email"] = email, ["code"] = Encode(token) });

    public static string ResetPassword(this NavigationManager navigation, string token) =>
        navigation.GetUriWithQueryParameters(navigation.ToAbsoluteUri("Account/ResetPassword").AbsoluteUri,
            new Dictionary<string, object?> { ["code"] = Encode(token) });

    /// <summary>The token in a link's code; null for a mangled code, never an exception.</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
}
