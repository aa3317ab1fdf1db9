using System.Collections.Concurrent;

namespace Platform.Web.Components.Pages.Host;

/// <summary>
/// An Outcome's problems by field, fed to MudBlazor fields through their <c>Validation</c> functions so
/// that MudBlazor's own validation (on input and blur) shows them instead of overwriting them. A field's
/// problem shows while it still holds the value that was submitted; once edited, it is gone.
/// </summary>
public sealed class FieldErrors
{
    private readonly ConcurrentDictionary<string, object> _validators = new();
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private object? _submitted;

    /// <summary>Remembers the problems of <paramref name="submitted"/>, a command whose property names are the fields.</summary>
    public void Set(IReadOnlyDictionary<string, string[]> errors, object submitted)
    {
        _errors = errors;
        _submitted = submitted;
    }

    public void Clear() => _errors = new Dictionary<string, string[]>();

    /// <summary>The validation function for a field: the server's message while the value is the one it judged.</summary>
    public Func<T, string?> For<T>(string field) => (Func<T, string?>)_validators.GetOrAdd(field, name => new Func<T, string?>(value =>
        _errors.TryGetValue(name, out var messages) && Equals(_submitted?.GetType().GetProperty(name)?.GetValue(_submitted), value)
            ? string.Join(" ", messages)
            : null));

    /// <summary>Messages about anything but the given fields, for an alert above the form.</summary>
    public IReadOnlyList<string> Except(IEnumerable<string> fields) =>
        [.. _errors.Where(e => !fields.Contains(e.Key)).SelectMany(e => e.Value)];
}
