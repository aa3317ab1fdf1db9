namespace Platform.Core.Common;

/// <summary>
/// Why the domain refused something: a stable <see cref="Code"/> (see docs/errors.md), the field it concerns and a
/// sentence for the person. Use cases turn it into an <see cref="Outcome{T}"/> failure.
/// </summary>
public sealed record DomainError(string Code, string Field, string Message)
{
    public Outcome<T> ToOutcome<T>() => Outcome<T>.Fail(Code, Field, Message);
}
