using Platform.Core.Common;
using Platform.Core.Errors;

namespace Platform.Infrastructure.Access;

/// <summary>The one way a use case says no to its actor: an <see cref="ErrorCodes.Forbidden"/> outcome, which the API answers with 403.</summary>
internal static class Refusals
{
    public const string Field = "Actor";

    public static Outcome<T> Forbidden<T>(string message) => Outcome<T>.Fail(ErrorCodes.Forbidden, Field, message);
}
