namespace Platform.Web.Components.Account;

/// <summary>What the passkey script posts: the credential as JSON, or a message saying why there is none.</summary>
public class PasskeyInputModel
{
    public string? CredentialJson { get; set; }

    public string? Error { get; set; }
}

/// <summary>Which WebAuthn ceremony a <c>PasskeySubmit</c> runs: create a passkey, or sign in with one.</summary>
public enum PasskeyOperation
{
    Create = 0,
    Request = 1,
}
