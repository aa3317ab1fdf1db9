namespace Platform.Core.Common;

/// <summary>
/// The outcome of a use case: either the value, or problems by field for the form or the API, with
/// an optional stable error code (see docs/errors.md) when the failure is more than invalid input.
/// </summary>
public sealed record Outcome<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors, string? Code = null)
{
    public bool Succeeded => Errors.Count == 0;

    public static Outcome<T> Ok(T value) => new(value, new Dictionary<string, string[]>());

    public static Outcome<T> Fail(IReadOnlyDictionary<string, string[]> errors) => new(default, errors);

    public static Outcome<T> Fail(string field, string message) => new(default, new Dictionary<string, string[]> { [field] = [message] });

    public static Outcome<T> Fail(string code, string field, string message) =>
        new(default, new Dictionary<string, string[]> { [field] = [message] }, code);
}
