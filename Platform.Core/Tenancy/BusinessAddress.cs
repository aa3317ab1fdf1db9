namespace Platform.Core.Tenancy;

/// <summary>
/// Where a tenant's customers come for their appointments: plain text of a few lines, kept exactly as the tenant typed
/// it. The booking confirmation, the manage page, the customers' e-mails and the calendar invitation show it.
/// </summary>
public static class BusinessAddress
{
    /// <summary>The most characters an address may have, line breaks included.</summary>
    public const int MaxLength = 300;

    /// <summary>The field its errors are reported under.</summary>
    public const string Field = "Address";

    /// <summary>
    /// What is wrong with an address, by field; none for a valid one. Null or empty means "no address". Nothing is
    /// trimmed or shortened: an address that is too long, only spaces, or holds control characters other than line
    /// breaks and tabs is refused with the reason, so the tenant decides what to change.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(string? address)
    {
        string? problem = null;
        if (string.IsNullOrEmpty(address))
        {
            return new Dictionary<string, string[]>();
        }

        if (address.Length > MaxLength)
        {
            problem = $"The address may have at most {MaxLength} characters; this one has {address.Length}.";
        }
        else if (string.IsNullOrWhiteSpace(address))
        {
            problem = "The address is only spaces. Type the address, or leave the field empty to show none.";
        }
        else if (address.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            problem = "The address holds an invisible control character. Type it again without pasting special characters.";
        }

        return problem is null
            ? new Dictionary<string, string[]>()
            : new Dictionary<string, string[]> { [Field] = [problem] };
    }

    /// <summary>True when there is an address to show.</summary>
    public static bool IsSet(string? address) => !string.IsNullOrWhiteSpace(address);

    /// <summary>The address's lines that have text, as written (an empty line between two is left out).</summary>
    public static IReadOnlyList<string> Lines(string? address) =>
        IsSet(address) ? [.. address!.ReplaceLineEndings("\n").Split('\n').Where(l => !string.IsNullOrWhiteSpace(l))] : [];

    /// <summary>
    /// The address on one line, its lines joined by ", " (each line's surrounding spaces left out), for places that take
    /// one line: a calendar event's location, a map search. Null when there is none.
    /// </summary>
    public static string? OneLine(string? address) =>
        IsSet(address) ? string.Join(", ", Lines(address).Select(l => l.Trim())) : null;
}
