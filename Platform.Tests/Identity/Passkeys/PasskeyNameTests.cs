using Platform.Core.Identity;

namespace Platform.Tests.Identity.Passkeys;

public class PasskeyNameTests
{
    [Theory]
    [InlineData(null, "Enter a name for the passkey.")]
    [InlineData("", "Enter a name for the passkey.")]
    [InlineData("  ", "Enter a name for the passkey.")]
    [InlineData("Work laptop", null)]
    [InlineData("  padded, 60 once trimmed  01234567890123456789012345678901234", null)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890", "A passkey name has at most 60 characters.")]
    public void Passkey_names_are_required_and_short(string? name, string? error) => Assert.Equal(error, PasskeyName.Validate(name));
}
