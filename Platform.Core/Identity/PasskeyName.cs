namespace Platform.Core.Identity;

/// <summary>Rules for the name a person gives a passkey ("Work laptop", "Phone") to tell their passkeys apart.</summary>
public static class PasskeyName
{
    public const int MaxLength = 60;

    /// <summary>Returns null when the name is usable, otherwise a message for the person who typed it.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Enter a name for the passkey.";
        }

        return name.Trim().Length > MaxLength ? $"A passkey name has at most {MaxLength} characters." : null;
    }
}
